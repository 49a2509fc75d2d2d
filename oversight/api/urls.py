"""/api/v1/statistics/…"""
from rest_framework.routers import SimpleRouter

from .views import StatisticsViewSet

router = SimpleRouter()
router.register("statistics", StatisticsViewSet, basename="statistics")
urlpatterns = router.urls
