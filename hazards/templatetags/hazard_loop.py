"""The rectification-loop panel on the hazard page: the forms the user can use now, the
loop's documents and records, and the field-level change log (django-simple-history)."""
from django import template
from django.core.exceptions import FieldDoesNotExist

from hazards import permissions
from hazards.action_views import build_form
from hazards.enums import HazardAction

register = template.Library()

# transition action -> the form (slug) that performs it
TRANSITION_FORMS = {
    HazardAction.RECTIFICATION_ORDERED: "order",
    HazardAction.SELF_RECTIFICATION_STARTED: "self-rectify",
    HazardAction.EVIDENCE_SUBMITTED: "evidence",
    HazardAction.VERIFICATION_PASSED: "verify",
    HazardAction.VERIFICATION_FAILED: "verify",
    HazardAction.CLOSED_ON_SPOT: "close-on-spot",
}
LOOP_FORMS = {"submit_plan": "plan", "request_extension": "request-extension",
              "place_supervision": "supervise"}


def _shown(field, value):
    """A stored value as people read it: the label of a choice, not its code."""
    choices = dict(field.flatchoices) if field.choices else None
    return choices.get(value, value) if choices else value


def field_changes(hazard, limit: int = 20) -> list[dict]:
    """The hazard's last ``limit`` field changes from its simple-history records, newest
    first: ``{"at", "user", "changes": [(field label, old, new), …]}``."""
    records = list(hazard.history.select_related("history_user")
                   .order_by("-history_date", "-history_id")[:limit + 1])
    rows = []
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older, excluded_fields=["version"])
        if not delta.changes:
            continue
        changes = []
        for change in delta.changes:
            field = hazard._meta.get_field(change.field)
            changes.append((field.verbose_name, _shown(field, change.old),
                            _shown(field, change.new)))
        rows.append({"at": newer.history_date, "user": newer.history_user, "changes": changes})
    return rows[:limit]


@register.filter
def particulars_changes(changes: dict) -> list[tuple]:
    """A ``particulars_changed`` history row's ``{"field": [old, new]}`` as
    ``[(field label, old, new)]`` with choice labels (ids for the criterion and accident
    type)."""
    from hazards.models import Hazard

    rows = []
    for name, values in (changes or {}).items():
        try:
            field = Hazard._meta.get_field(name)
        except FieldDoesNotExist:  # a field since removed: show the stored name
            rows.append((name, *values))
            continue
        rows.append((field.verbose_name, _shown(field, values[0]), _shown(field, values[1])))
    return rows


@register.inclusion_tag("hazards/actions/_panel.html", takes_context=True)
def hazard_loop_panel(context):
    """Context for the panel: ``forms`` [(slug, title, form, folded)], pending extension with its
    decision form, active supervision with its lift form, documents and records."""
    from hazards.action_views import ACTIONS
    from hazards.forms import ExtensionDecisionForm, SupervisionLiftForm

    request = context["request"]
    hazard = context["hazard"]
    user = request.user
    available = context.get("available_actions")
    if available is None:
        available = permissions.available_actions(user, hazard)
    extra = permissions.loop_actions(user, hazard)
    slugs = []
    for action in available:
        slug = TRANSITION_FORMS.get(action)
        if slug and slug not in slugs:
            slugs.append(slug)
    slugs += [slug for key, slug in LOOP_FORMS.items() if extra.get(key)]
    has_plan = hazard.is_major and hasattr(hazard, "plan")
    # the next step of the loop is open; occasional ones (revising a plan, asking for more
    # time, listing for supervision) are folded away
    folded = {"request-extension", "supervise"} | ({"plan"} if has_plan else set())
    forms_ = [(slug, ACTIONS[slug][1], build_form(slug, hazard), slug in folded)
              for slug in slugs]
    pending = hazard.extensions.filter(status="requested").first()
    supervisions = list(hazard.supervisions.select_related("placed_by", "lifted_by"))
    active = next((s for s in supervisions if s.is_active), None)
    initial = {"version": hazard.version}
    return {
        "request": request,
        "hazard": hazard,
        "forms": forms_,
        "pending_extension": pending,
        "decide_form": (ExtensionDecisionForm(auto_id="id_decide_%s", initial=initial)
                        if extra["decide_extension"] else None),
        "active_supervision": active,
        "lift_form": (SupervisionLiftForm(auto_id="id_lift_%s", initial=initial)
                      if extra["lift_supervision"] else None),
        "supervisions": supervisions,
        "plan": getattr(hazard, "plan", None) if hazard.is_major else None,
        "extensions": list(hazard.extensions.select_related("requested_by", "decided_by")),
        "orders": list(hazard.orders.select_related("department", "issued_by")),
        "verifications": list(hazard.verifications.select_related("verified_by", "department")
                              .prefetch_related("files")),
        "evidence": list(hazard.evidence.select_related("submitted_by").prefetch_related("files")),
        "changes": field_changes(hazard),
        "has_actions": bool(forms_) or extra["decide_extension"] or extra["lift_supervision"],
    }
