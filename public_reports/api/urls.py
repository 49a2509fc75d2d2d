"""/api/v1/public-reports/, /api/v1/rewards/, /api/v1/reward-tiers/."""
from rest_framework.routers import SimpleRouter

from .views import ReportViewSet, RewardTierViewSet, RewardViewSet

router = SimpleRouter()
router.register("public-reports", ReportViewSet, basename="public-report")
router.register("rewards", RewardViewSet, basename="reward")
router.register("reward-tiers", RewardTierViewSet, basename="reward-tier")
urlpatterns = router.urls
