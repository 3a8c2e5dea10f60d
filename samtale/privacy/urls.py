from django.urls import path

from samtale.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mine-data/", views.mine, name="mine"),
    path("slet/<int:pk>/", views.erase, name="erase"),
]
