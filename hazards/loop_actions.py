"""The rectification loop's actions as the pages offer them: for each action its slug (the URL
segment and the form's ``data-action``), title, form, named predicate (``hazards.rules``) and
the call of its service.

One registry for the hazard page's panel (``templatetags.hazard_loop``) and the action pages
(``action_views``), so the button, the GET of the form and the POST all ask the same
predicate, and the service asks it once more under the row lock. Neither of those modules
imports the other.

Every form carries the hidden ``version`` of the object it edits: the hazard's for the
hazard's actions and for an extension decision (which acts on the hazard), the listing's own
for lifting a supervision.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.rules import Rule

from . import forms, rules, services
from .selectors import document_officers_for


@dataclass(frozen=True)
class LoopAction:
    """One action of the hazard page: ``perform(actor, hazard, form)`` calls the service with
    the form's cleaned data (``version`` as ``expected_version``) and returns the success
    message."""

    slug: str
    title: str
    form_class: type
    rule: Rule
    perform: Callable
    folded: bool = False  # occasional actions are folded away on the hazard page


def _order(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_order_rectification(
        hazard=hazard, actor=actor, expected_version=data["version"],
        rectification_deadline=data["rectification_deadline"],
        rectification_measures=data.get("rectification_measures") or "",
        interim_safety_measures=data.get("interim_safety_measures") or None,
        officers=form.officers(), note=data.get("note") or "")
    return _("已下达责令限期整改指令书。")


def _self_rectify(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_start_self_rectification(
        hazard=hazard, actor=actor, expected_version=data["version"],
        rectification_deadline=data["rectification_deadline"],
        interim_safety_measures=data.get("interim_safety_measures") or None,
        note=data.get("note") or "")
    return _("已开始自行整改。")


def _evidence(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_submit_evidence(hazard=hazard, actor=actor,
                                    expected_version=data["version"],
                                    description=data["description"], files=data.get("files"))
    return _("整改材料已提交，等待复查。")


def _verify(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_verify(hazard=hazard, actor=actor, expected_version=data["version"],
                           passed=data["result"] == "passed", opinion=data.get("opinion") or "",
                           new_deadline=data.get("new_deadline"),
                           verified_on=data.get("verified_on"), files=data.get("files"),
                           officers=form.officers())
    return _("复查结果已记录。")


def _close_on_spot(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_close_on_spot(hazard=hazard, actor=actor,
                                  expected_version=data["version"], note=data["note"])
    return _("已现场整改销号。")


def _plan(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_submit_plan(
        hazard=hazard, actor=actor, expected_version=data["version"],
        responsibility=data["responsibility"], measures=data["measures"], funds=data["funds"],
        time_limit=data["time_limit"], contingency_plan=data["contingency_plan"])
    return _("整改方案已保存。")


def _request_extension(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_request_extension(hazard=hazard, actor=actor,
                                      expected_version=data["version"],
                                      new_deadline=data["new_deadline"], reason=data["reason"])
    return _("延期申请已提交，等待审批。")


def _place_supervision(actor, hazard, form):
    data = form.cleaned_data
    services.hazard_place_supervision(
        hazard=hazard, actor=actor, expected_version=data["version"],
        authority=data["authority"], letter_number=data["letter_number"],
        started_on=data.get("started_on"), note=data.get("note") or "")
    return _("已挂牌督办。")


# in the order the hazard page shows them: the next step of the loop first
ACTIONS: dict[str, LoopAction] = {action.slug: action for action in (
    LoopAction("order", gettext_lazy("责令限期整改"), forms.OrderRectificationForm,
               rules.can_order_rectification, _order),
    LoopAction("self-rectify", gettext_lazy("企业自行整改"), forms.SelfRectificationForm,
               rules.can_start_self_rectification, _self_rectify),
    LoopAction("evidence", gettext_lazy("提交整改材料"), forms.EvidenceForm,
               rules.can_submit_evidence, _evidence),
    LoopAction("verify", gettext_lazy("复查"), forms.VerifyForm, rules.can_verify, _verify),
    LoopAction("close-on-spot", gettext_lazy("现场整改销号"), forms.CloseOnSpotForm,
               rules.can_close_on_spot, _close_on_spot),
    LoopAction("plan", gettext_lazy("重大隐患整改方案（五落实）"), forms.PlanForm,
               rules.can_submit_plan, _plan),
    LoopAction("request-extension", gettext_lazy("申请延期"), forms.ExtensionRequestForm,
               rules.can_request_extension, _request_extension, folded=True),
    LoopAction("supervise", gettext_lazy("挂牌督办"), forms.SupervisionPlaceForm,
               rules.can_place_supervision, _place_supervision, folded=True),
)}


def offered_actions(user, hazard) -> list[LoopAction]:
    """The hazard-level actions ``user`` can take on ``hazard`` now (predicate true), in page
    order. A few queries (pending extension, active supervision); for a detail page."""
    return [action for action in ACTIONS.values() if action.rule(user, hazard)]


def build_form(slug, hazard, data=None, files=None, *, version=None):
    """The unbound (or bound) form of action ``slug`` for ``hazard``; ids are made unique per
    action so several forms can share a page, names stay the plain field names. ``version``
    overrides the hidden version a bound form shows (after a conflict: the current one)."""
    form_class = ACTIONS[slug].form_class
    kwargs = {"auto_id": f"id_{slug.replace('-', '_')}_%s",
              "initial": {"version": hazard.version}}
    if form_class in (forms.OrderRectificationForm, forms.VerifyForm):
        kwargs["officers_queryset"] = document_officers_for(hazard)
    if form_class is forms.OrderRectificationForm:
        kwargs["initial"].update(rectification_measures=hazard.rectification_measures)
    if form_class in (forms.OrderRectificationForm, forms.SelfRectificationForm):
        kwargs["initial"].update(interim_safety_measures=hazard.interim_safety_measures)
    if form_class is forms.PlanForm and hasattr(hazard, "plan"):
        plan = hazard.plan
        kwargs["initial"].update(responsibility=plan.responsibility, measures=plan.measures,
                                 funds=plan.funds, time_limit=plan.time_limit,
                                 contingency_plan=plan.contingency_plan)
    if data is not None:
        return form_class(_with_version(data, version), files, **kwargs)
    return form_class(**kwargs)


def _with_version(data, version):
    if version is None:
        return data
    data = data.copy()
    data["version"] = str(version)
    return data


def decide_form(hazard, data=None, *, version=None):
    """The extension decision form; its ``version`` is the hazard's (a decision acts on the
    hazard's deadline, see ``services.extension_decide``)."""
    kwargs = {"auto_id": "id_decide_%s", "initial": {"version": hazard.version}}
    if data is not None:
        return forms.ExtensionDecisionForm(_with_version(data, version), **kwargs)
    return forms.ExtensionDecisionForm(**kwargs)


def lift_form(supervision, data=None, *, version=None):
    """The lift form of a listing; its ``version`` is the listing's own."""
    kwargs = {"auto_id": "id_lift_%s", "initial": {"version": supervision.version}}
    if data is not None:
        return forms.SupervisionLiftForm(_with_version(data, version), **kwargs)
    return forms.SupervisionLiftForm(**kwargs)


def perform_decision(actor, extension, form):
    """Decide ``extension`` with the decision form's data; returns the success message."""
    data = form.cleaned_data
    services.extension_decide(extension=extension, actor=actor,
                              approve=data["decision"] == "approve",
                              note=data.get("note") or "", expected_version=data["version"])
    return _("已批准延期。") if data["decision"] == "approve" else _("已不予延期。")


def perform_lift(actor, supervision, form):
    """Lift ``supervision`` with the lift form's data; returns the success message."""
    data = form.cleaned_data
    services.supervision_lift(supervision=supervision, actor=actor,
                              note=data.get("note") or "", expected_version=data["version"])
    return _("已解除挂牌督办。")
