"""The team of an inspection: who signs its record, and which teams an inspection kind
allows (docs/domain.md §2–§3: "谁检查、谁签名、谁负责"; administrative enforcement by at least
two officers holding enforcement badges)."""
from django.utils.translation import gettext as _

from core.errors import ValidationFailed

from .enums import InspectionKind


def validate_team(*, kind: str, officers, department=None, joint_departments=()) -> None:
    """The team rules of an inspection kind (docs/domain.md §3).

    - enforcement (执法检查): at least two enforcement officers, each with a badge number
      (执法证号), as administrative enforcement requires;
    - joint (联合检查): the leading department and at least one other department.
    Errors: ValidationFailed naming ``inspectors`` or ``joint_departments``.
    """
    if kind == InspectionKind.ENFORCEMENT:
        with_badge = [o for o in officers if (o.badge_number or "").strip()]
        if len(with_badge) < 2:
            raise ValidationFailed(
                _("执法检查须由两名以上持有执法证的执法人员进行（已有 %(n)d 名）。")
                % {"n": len(with_badge)}, field="inspectors")
    if kind == InspectionKind.JOINT:
        others = {d.pk for d in joint_departments} - {getattr(department, "pk", None)}
        if department is None or not others:
            raise ValidationFailed(_("联合检查须列明牵头部门和至少一个联合检查部门。"),
                                   field="joint_departments")


def signing_officers(inspection) -> list:
    """Who signs: the inspection's officers; for a self-inspection, the person who filed it."""
    if inspection.is_self_inspection:
        return [inspection.created_by]
    return list(inspection.inspectors.order_by("id"))
