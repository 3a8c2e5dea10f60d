from django.urls import path

from samtale.competences import overview_views, views

app_name = "competences"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("ny/", views.add_competence, name="add"),
    path("<int:pk>/", views.change_competence, name="change"),
    path("<int:pk>/aktiv/", views.set_active, name="set_active"),
    path("kategorier/<int:pk>/", views.change_category, name="change_category"),
    path("kategorier/<int:pk>/flyt/", views.move_category, name="move_category"),
    path("profiler/", views.profiles, name="profiles"),
    path("profiler/profil/", views.profile, name="profile"),
    path("profiler/<int:pk>/fjern/", views.remove_profile, name="remove_profile"),
    path("behov/", views.needs, name="needs"),
    path("behov/<int:pk>/", views.change_need, name="change_need"),
    path("behov/<int:pk>/fjern/", views.remove_need, name="remove_need"),
    path("mine/", views.mine, name="mine"),
    path("person/<int:pk>/", views.person_levels, name="person"),
    path("overblik/", overview_views.overview, name="overview"),
    path("overblik/<int:unit>/", overview_views.overview, name="overview_unit"),
    path("overblik/<int:unit>/xlsx/", overview_views.export, name="overview_xlsx"),
]
