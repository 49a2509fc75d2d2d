"""The hazard aggregate's models, one module per concern; import them from here."""
from .documents import DocumentSequence, EnforcementDocument, RectificationOrder, Verification
from .files import EvidenceFile, FindingPhoto, evidence_upload_to, finding_photo_path
from .hazard import AccidentType, AppendOnlyModel, Hazard, HazardQuerySet, HazardTransition
from .loop import DeadlineExtension, RectificationEvidence, RectificationPlan, Supervision

__all__ = [
    "AccidentType", "AppendOnlyModel", "DeadlineExtension", "DocumentSequence",
    "EnforcementDocument", "EvidenceFile", "FindingPhoto", "Hazard", "HazardQuerySet",
    "HazardTransition", "RectificationEvidence", "RectificationOrder", "RectificationPlan",
    "Supervision", "Verification", "evidence_upload_to", "finding_photo_path",
]
