from django.urls import path

from samtale.development import export_views, views

app_name = "development"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("person/<int:pk>/", views.person_plans, name="person_plans"),
    path("team/<int:pk>/", views.team_plans, name="team_plans"),
    path("eksport.xlsx", export_views.old_address, name="export"),
    path("eksport/", export_views.page, name="exports"),
    path("eksport/status/", export_views.status, name="export_status"),
    path("eksport/bestil/", export_views.ask, name="export_ask"),
    path("eksport/<int:pk>/hent/", export_views.download, name="export_download"),
    path("samtale/<int:pk>/nyt-maal/", views.add_item, name="add_item"),
    path("maal/<int:pk>/", views.change_item, name="change_item"),
    path("maal/<int:pk>/slet/", views.remove_item, name="remove_item"),
    path("maal/<int:pk>/status/", views.set_status, name="set_status"),
    path("maal/<int:pk>/accepter/", views.accept_item, name="accept_item"),
    path("maal/<int:pk>/afvis/", views.decline_item, name="decline_item"),
    path("maal/<int:pk>/ny-aktivitet/", views.add_activity, name="add_activity"),
    path("aktivitet/<int:pk>/ret/", views.change_activity, name="change_activity"),
    path("aktivitet/<int:pk>/slet/", views.remove_activity, name="remove_activity"),
    path("aktivitet/<int:pk>/godkend/", views.approve_activity, name="approve_activity"),
    path("aktivitet/<int:pk>/afvis/", views.decline_activity, name="decline_activity"),
    path("aktivitet/<int:pk>/trin/<slug:step>/", views.activity_step, name="activity_step"),
    path("aktivitet/<int:pk>/evaluer/", views.evaluate_activity, name="evaluate_activity"),
    path("stillingsbeskrivelse/<int:pk>/", views.job_description, name="job_description"),
    path(
        "samtale/<int:pk>/stillingsbeskrivelse-revideres/",
        views.mark_for_revision,
        name="mark_for_revision",
    ),
    path("revision/<int:pk>/afslut/", views.close_revision, name="close_revision"),
]
