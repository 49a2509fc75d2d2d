from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="hazards:register", permanent=False), name="home"),
    path("accounts/", include("accounts.urls")),
    path("hazards/", include("hazards.urls")),
    path("inspections/", include("inspections.urls")),
    path("api/v1/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
