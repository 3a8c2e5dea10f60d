from django.urls import path, re_path

from samtale.scim import views

app_name = "scim"
urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="config"),
    path("Schemas", views.schemas, name="schemas"),
    re_path(r"^Schemas/(?P<id>[^/]+)$", views.schemas, name="schema"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:id>", views.resource_types, name="resource_type"),
    path("Users", views.users, name="users"),
    path("Users/.search", views.search, name="users_search"),
    path(".search", views.search, name="search"),
    path("Users/<str:id>", views.user, name="user"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
