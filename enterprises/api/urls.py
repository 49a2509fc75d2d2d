"""Reference data and enterprises (/api/v1/districts/, townships/, sectors/, departments/,
enterprises/)."""
from rest_framework.routers import SimpleRouter

from .views import (
    DepartmentViewSet,
    DistrictViewSet,
    EnterpriseViewSet,
    SectorViewSet,
    TownshipViewSet,
)

router = SimpleRouter()
router.register("districts", DistrictViewSet, basename="district")
router.register("townships", TownshipViewSet, basename="township")
router.register("sectors", SectorViewSet, basename="sector")
router.register("departments", DepartmentViewSet, basename="department")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
urlpatterns = router.urls
