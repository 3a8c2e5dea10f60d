from django.urls import path

from samtale.org import import_views, leaving_views, search_views, views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("people/<int:pk>/overdragelse/", leaving_views.handover, name="handover"),
    path("fratraedende-ledere/", leaving_views.leavers, name="leavers"),
    path("import/", import_views.upload, name="import"),
    path("import/preview/", import_views.preview, name="import_preview"),
    path("import/confirm/", import_views.confirm, name="import_confirm"),
    path("soeg/", search_views.page, name="search"),
    path("soeg/forslag/", search_views.suggestions, name="search_suggestions"),
]

# Inviting an external chief, e.g. a board chair (samtale.org.external_views).
from samtale.org import external_views  # noqa: E402

urlpatterns += [
    path("eksterne/inviter/", external_views.invite, name="invite_external"),
]
