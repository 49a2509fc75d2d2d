from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import home
from core.health import healthz
from plans.urls import public_urlpatterns as public_results_urls
from public_reports.urls import public_urlpatterns as public_report_urls

urlpatterns = [
    path("", home, name="home"),
    path("healthz/", healthz, name="healthz"),
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
    # the admin signs in through the product's login (lockout, second factor), never its own
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login",
                                              query_string=True)),
    path("admin/", admin.site.urls),
]

# error answers: JSON under /api/, pages in the site layout elsewhere (core.error_views)
handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied_view"
handler404 = "core.error_views.page_not_found"
handler500 = "core.error_views.server_error"
