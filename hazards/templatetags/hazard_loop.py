"""The rectification-loop panel on the hazard page: the forms the user can use now (each
shown only when its predicate in ``hazards.rules`` is true, through the registry
``hazards.loop_actions``), the loop's documents and records, and the field-level change log
(django-simple-history)."""
from django import template
from django.core.exceptions import FieldDoesNotExist

from hazards import loop_actions, rules
from hazards.enums import ExtensionStatus

register = template.Library()


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
    """Context for the panel: ``forms`` [(slug, title, form, folded)] of the actions whose
    predicate is true, the pending extension with its decision form, the active supervision
    with its lift form (each only when its predicate is true), documents and records."""
    request = context["request"]
    hazard = context["hazard"]
    user = request.user
    offered = context.get("offered_actions")
    if offered is None:
        offered = loop_actions.offered_actions(user, hazard)
    has_plan = hazard.is_major and hasattr(hazard, "plan")
    # revising an existing plan is occasional, like the folded actions
    forms_ = [(action.slug, action.title, loop_actions.build_form(action.slug, hazard),
               action.folded or (action.slug == "plan" and has_plan))
              for action in offered]
    pending = hazard.extensions.filter(status=ExtensionStatus.REQUESTED).first()
    if pending is not None:
        pending.hazard = hazard
    supervisions = list(hazard.supervisions.select_related("placed_by", "lifted_by"))
    active = next((s for s in supervisions if s.is_active), None)
    if active is not None:
        active.hazard = hazard
    decide_form = (loop_actions.decide_form(hazard)
                   if pending is not None and rules.can_decide_extension(user, pending)
                   else None)
    lift_form = (loop_actions.lift_form(active)
                 if active is not None and rules.can_lift_supervision(user, active) else None)
    return {
        "request": request,
        "hazard": hazard,
        "forms": forms_,
        "pending_extension": pending,
        "decide_form": decide_form,
        "active_supervision": active,
        "lift_form": lift_form,
        "supervisions": supervisions,
        "plan": getattr(hazard, "plan", None) if hazard.is_major else None,
        "extensions": list(hazard.extensions.select_related("requested_by", "decided_by")),
        "orders": list(hazard.orders.select_related("department", "issued_by")),
        "verifications": list(hazard.verifications.select_related("verified_by", "department")
                              .prefetch_related("files")),
        "evidence": list(hazard.evidence.select_related("submitted_by").prefetch_related("files")),
        "changes": field_changes(hazard),
        "has_actions": bool(forms_) or decide_form is not None or lift_form is not None,
    }
