"""Hazard endpoints (/api/v1/hazards/…, /api/v1/accident-types/…)."""
from rest_framework.routers import SimpleRouter

from .reference import AccidentTypeViewSet
from .views import HazardViewSet

router = SimpleRouter()
router.register("hazards", HazardViewSet, basename="hazard")
router.register("accident-types", AccidentTypeViewSet, basename="accident-type")
urlpatterns = router.urls
