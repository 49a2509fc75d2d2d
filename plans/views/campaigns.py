"""Campaign pages: the campaigns the user may see, and one campaign's self-inspection
coverage per township and sector, the lists of who has and has not filed, reminders, and the
figures by phase and source."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import rules as campaign_rules
from campaigns.enums import CampaignPhaseKind
from campaigns.selectors import campaigns_visible_to, self_inspection_phase
from core.errors import DomainError

from ..campaign_follow import (
    SOURCE_LABELS,
    campaign_enterprises,
    campaign_figures,
    campaign_remind_missing,
    coverage_by_township,
    with_self_inspection_flag,
)


def _campaign(request, pk):
    campaign = campaigns_visible_to(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    if not campaign_rules.may_follow_campaign(request.user, campaign):
        raise HttpForbidden
    return campaign


@login_required
def campaign_list(request):
    if not (request.user.is_city_official or request.user.district_id):
        raise HttpForbidden
    return render(request, "plans/campaigns.html", {
        "campaigns": campaigns_visible_to(request.user).prefetch_related("phases", "sectors")[:50],
        "nav": "plans"})


@login_required
def campaign_coverage(request, pk: int):
    """``?township=<code>`` narrows the lists; ``?filed=0|1`` shows one side; 50 a page."""
    campaign = _campaign(request, pk)
    rows = coverage_by_township(campaign, viewer=request.user)
    enterprises = with_self_inspection_flag(
        campaign_enterprises(campaign, viewer=request.user), campaign).select_related(
        "township", "sector")
    township = request.GET.get("township", "")
    if township.isdigit():
        enterprises = enterprises.filter(township_id=township)
    filed = request.GET.get("filed", "")
    if filed in ("0", "1"):
        enterprises = enterprises.filter(filed=filed == "1")
    page = Paginator(enterprises.order_by("township_id", "name", "id"), 50).get_page(
        request.GET.get("page"))
    phase_labels = dict(CampaignPhaseKind.choices)
    figures = [{**row, "phase_label": phase_labels.get(row["phase"], _("行动期外")),
                "source_label": SOURCE_LABELS.get(row["source"], _("部门检查"))}
               for row in campaign_figures(campaign, viewer=request.user)]
    return render(request, "plans/campaign_coverage.html", {
        "campaign": campaign, "phase": self_inspection_phase(campaign), "rows": rows,
        "totals": {"expected": sum(r["expected"] for r in rows),
                   "filed": sum(r["filed"] for r in rows),
                   "missing": sum(r["missing"] for r in rows)},
        "page": page, "township": township, "filed": filed, "figures": figures,
        "phases": campaign.phases.all(), "nav": "plans"})


@login_required
@require_POST
def campaign_remind(request, pk: int):
    campaign = _campaign(request, pk)
    township = request.POST.get("township", "")
    try:
        count = campaign_remind_missing(actor=request.user, campaign=campaign,
                                        township_id=township if township.isdigit() else None)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已提醒 %(n)d 家未报送自查的企业。") % {"n": count})
    return redirect("plans:campaign", pk=campaign.pk)


@login_required
def campaign_new(request):
    """Create a campaign: a city official city-wide, a district official for the district.
    403 for anyone else (``campaigns.rules.may_create_campaign``)."""
    from campaigns.services import campaign_create
    from core.forms import add_domain_error

    from ..forms import CampaignForm

    user = request.user
    district = None if user.is_city_official else user.district
    if not campaign_rules.may_create_campaign(user, getattr(district, "pk", None)):
        raise HttpForbidden
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_create(actor=user, name=data["name"], district=district,
                                       sectors=data["sectors"], starts_on=data["starts_on"],
                                       ends_on=data["ends_on"], phases=form.phases())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("plans:campaign", pk=campaign.pk)
    return render(request, "plans/simple_form.html", {
        "form": form, "title": _("发起专项行动"), "nav": "plans"})
