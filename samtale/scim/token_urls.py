from django.urls import path

from samtale.scim import token_views

app_name = "scim_tokens"
urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("<int:pk>/tilbagekald/", token_views.revoke, name="revoke"),
]
