from django.contrib import admin
from django.urls import include, path

from accounts.views import home
from plans.urls import public_urlpatterns as public_results_urls
from public_reports.urls import public_urlpatterns as public_report_urls

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("hazards/", include("hazards.urls")),
    path("inspections/", include("hazards.filing.urls")),
    path("imports/", include("imports.urls")),
    path("seals/", include("core.urls")),
    path("notifications/", include("notifications.urls")),
    path("report/", include(public_report_urls)),
    path("reports/", include("public_reports.urls")),
    path("plans/", include("plans.urls")),
    path("public/inspections/", include(public_results_urls)),
    path("oversight/", include("oversight.urls")),
    path("api/v1/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
