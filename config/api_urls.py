"""Everything under /api/v1/. Each app contributes its own router module."""
from django.urls import include, path

from config.api_docs import redoc_view, schema_view, swagger_view

urlpatterns = [
    path("", include("hazards.api.urls")),
    path("", include("hazards.api.loop_urls")),
    path("", include("enterprises.api.urls")),
    path("", include("inspections.api.urls")),
    path("schema/", schema_view, name="api-schema"),
    path("docs/", swagger_view, name="api-docs"),
    path("redoc/", redoc_view, name="api-redoc"),
]
