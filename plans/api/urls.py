"""/api/v1/campaigns/, /api/v1/random-plans/, /api/v1/inspection-tasks/,
/api/v1/conflicts-of-interest/."""
from rest_framework.routers import SimpleRouter

from .views import CampaignViewSet, ConflictViewSet, PlanViewSet, TaskViewSet

router = SimpleRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("random-plans", PlanViewSet, basename="random-plan")
router.register("inspection-tasks", TaskViewSet, basename="inspection-task")
router.register("conflicts-of-interest", ConflictViewSet, basename="conflict-of-interest")
urlpatterns = router.urls
