"""Everything under /api/v1/. Each app contributes its own router module."""
from django.urls import include, path, re_path

from core.api import api_not_found
from core.api_docs import redoc_view, schema_view, swagger_view

urlpatterns = [
    path("", include("hazards.api.urls")),
    path("", include("hazards.api.loop_urls")),
    path("", include("enterprises.api.urls")),
    path("", include("hazards.filing.api.urls")),
    path("", include("public_reports.api.urls")),
    path("", include("plans.api.urls")),
    path("", include("oversight.api.urls")),
    path("", include("accounts.api.urls")),
    path("schema/", schema_view, name="api-schema"),
    path("docs/", swagger_view, name="api-docs"),
    path("redoc/", redoc_view, name="api-redoc"),
]

# Keep last: any other path under /api/v1/ is a JSON 404 in the API's error shape.
urlpatterns.append(re_path(r"^", api_not_found))
