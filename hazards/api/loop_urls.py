"""Routes of the rectification loop's records (see ``hazards.api.loop``)."""
from rest_framework.routers import DefaultRouter

from . import loop

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("rectification-orders", loop.RectificationOrderViewSet,
                basename="rectification-order")
router.register("verifications", loop.VerificationViewSet, basename="verification")
router.register("extensions", loop.ExtensionViewSet, basename="extension")
router.register("rectification-plans", loop.PlanViewSet, basename="rectification-plan")
router.register("supervisions", loop.SupervisionViewSet, basename="supervision")
router.register("evidence-files", loop.EvidenceFileViewSet, basename="evidence-file")

urlpatterns = router.urls
