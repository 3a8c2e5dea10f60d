from django.urls import path

from samtale.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
]
