from django.urls import path

from samtale.conversations import views

app_name = "conversations"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("mine-medarbejdere/", views.overview, name="overview"),
    path("planlaeg/", views.plan, name="plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tidspunkt/", views.schedule, name="schedule"),
    path("<int:pk>/aflys/", views.cancel, name="cancel"),
    path("<int:pk>/holdt/", views.hold, name="hold"),
    path("<int:pk>/referat/", views.summary, name="summary"),
    path("<int:pk>/referat/del/", views.share_summary, name="share_summary"),
    path("<int:pk>/referat/svar/", views.respond, name="respond"),
    path("laest/", views.reads, name="reads"),
]
