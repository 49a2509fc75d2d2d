"""Read-side queries for reports and rewards: scoped lists, the reporter's own view by query
code, and the figures the statistics read (one aggregate query each)."""
import datetime
import hashlib
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from accounts.scoping import scope_q

from .enums import OPEN_REPORT_STATUSES, ReportOutcome, RewardStatus
from .models import PublicReport, Reward

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def normalise_query_code(code: str) -> str:
    """The code as typed, upper-cased, without spaces and dashes (``abcd-efgh`` = ``ABCDEFGH``)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def query_code_hash(code: str) -> str:
    return hashlib.sha256(normalise_query_code(code).encode()).hexdigest()


def reports_visible_to(user) -> QuerySet[PublicReport]:
    """Reports ``user`` may see: all for a city official, their district's for district staff,
    none for enterprise officers and anyone else (a report about an enterprise is never shown
    to it)."""
    if not getattr(user, "is_authenticated", False) or user.is_enterprise_officer:
        return PublicReport.objects.none()
    return PublicReport.objects.filter(scope_q(user, district="district_id",
                                               enterprise="enterprise_id"))


def reports_for_list(user) -> QuerySet[PublicReport]:
    return reports_visible_to(user).select_related("district", "township", "enterprise",
                                                   "sector")


def report_get_visible(user, pk) -> PublicReport:
    """Report ``pk`` if ``user`` may see it; Http404 otherwise."""
    return get_object_or_404(
        reports_for_list(user).select_related("duplicate_of", "verification_inspection"), pk=pk)


def report_by_query_code(code: str) -> PublicReport | None:
    """The report a reporter's query code names, or None. A duplicate answers with its own
    row; ``report_public_view`` follows it to the report that is handled."""
    normalised = normalise_query_code(code)
    if len(normalised) != 12:
        return None
    return (PublicReport.objects.select_related("district", "duplicate_of")
            .filter(query_code_hash=query_code_hash(normalised)).first())


def open_report_with_matter(fingerprint: str) -> PublicReport | None:
    """The earliest open report on the same matter (served by ``report_open_matter``)."""
    return (PublicReport.objects.filter(matter_fingerprint=fingerprint,
                                        status__in=sorted(OPEN_REPORT_STATUSES))
            .order_by("received_at", "id").first())


def rewards_visible_to(user) -> QuerySet[Reward]:
    """Rewards of the reports ``user`` may handle: city officials all, district officials
    their district's; nobody else."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Reward.objects.none()
    if user.is_city_official:
        return Reward.objects.all()
    if user.is_district_official and user.district_id:
        return Reward.objects.filter(district_id=user.district_id)
    return Reward.objects.none()


# --- figures for the statistics (oversight): each one aggregate query in the database ------

def report_counts(*, district_id: str | None, start: datetime.date,
                  end: datetime.date) -> dict:
    """Reports received in [start, end] (CST dates, inclusive), for one district or all
    (``district_id`` None): ``{"received", "substantiated", "not_substantiated",
    "referred", "duplicate", "open"}``. One query on ``report_district_received``."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min,
                                      tzinfo=tz)
    queryset = PublicReport.objects.filter(received_at__gte=since, received_at__lt=until)
    if district_id:
        queryset = queryset.filter(district_id=district_id)
    return queryset.order_by().aggregate(
        received=Count("pk"),
        substantiated=Count("pk", filter=Q(outcome=ReportOutcome.SUBSTANTIATED)),
        not_substantiated=Count("pk", filter=Q(outcome=ReportOutcome.NOT_SUBSTANTIATED)),
        referred=Count("pk", filter=Q(outcome=ReportOutcome.REFERRED)),
        duplicate=Count("pk", filter=Q(duplicate_of__isnull=False)),
        open=Count("pk", filter=Q(status__in=sorted(OPEN_REPORT_STATUSES))),
    )


def reward_totals_by_district(*, start: datetime.date, end: datetime.date) -> dict[str, dict]:
    """Rewards paid in [start, end] (``paid_on``, CST dates inclusive) per district code:
    ``{code: {"count": int, "amount": Decimal yuan}}``. One grouped query on
    ``reward_district_paid``."""
    rows = (Reward.objects.filter(status=RewardStatus.PAID, paid_on__gte=start,
                                  paid_on__lte=end)
            .order_by().values("district_id")
            .annotate(count=Count("pk"), amount=Sum("amount")))
    return {row["district_id"]: {"count": row["count"],
                                 "amount": row["amount"] or Decimal("0.00")} for row in rows}
