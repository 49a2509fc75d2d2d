"""Everything under /api/v1/. Each app contributes its own router module."""
from django.urls import include, path

urlpatterns = [
    path("", include("hazards.api.urls")),
]
