from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from samtale.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("", include("samtale.access.urls")),
    path("organisation/", include("samtale.org.urls")),
    path("samtaleskemaer/", include("samtale.questionnaires.urls")),
    path("samtaler/", include("samtale.conversations.urls")),
    path("kompetencer/", include("samtale.competences.urls")),
    path("udviklingsplan/", include("samtale.development.urls")),
    path("runder/", include("samtale.rounds.urls")),
    path("privatliv/", include("samtale.privacy.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include("samtale.api.urls")),
    path("scim/v2/", include("samtale.scim.urls")),
    path("scim-noegler/", include("samtale.scim.token_urls")),
    path("admin/", admin.site.urls),
]
