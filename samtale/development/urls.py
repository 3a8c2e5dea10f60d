from django.urls import path

from samtale.development import views

app_name = "development"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("samtale/<int:pk>/nyt-maal/", views.add_item, name="add_item"),
    path("maal/<int:pk>/", views.change_item, name="change_item"),
    path("maal/<int:pk>/slet/", views.remove_item, name="remove_item"),
    path("maal/<int:pk>/status/", views.set_status, name="set_status"),
]
