"""Inspections (/api/v1/inspections/…) and the criteria search (/api/v1/criteria/)."""
from rest_framework.routers import SimpleRouter

from .criteria import CriteriaSearchViewSet
from .views import InspectionViewSet

router = SimpleRouter()
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("criteria", CriteriaSearchViewSet, basename="criteria")
urlpatterns = router.urls
