from django.contrib import admin
from django.urls import include, path

from samtale.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("", include("samtale.access.urls")),
    path("organisation/", include("samtale.org.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
