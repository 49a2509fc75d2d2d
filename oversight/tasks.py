"""Oversight tasks (Celery beat; the schedule is in settings.CELERY_BEAT_SCHEDULE)."""
import logging

from celery import shared_task
from django.utils import timezone

from enterprises.models import District

from .reports import report_generate, report_stored, reports_due
from .spans import spans_refresh

logger = logging.getLogger(__name__)


@shared_task(name="oversight.refresh_state_spans")
def refresh_state_spans() -> int:
    """Bring the state spans up to date (every few minutes). Returns hazards rebuilt."""
    return spans_refresh()


@shared_task(name="oversight.generate_period_reports")
def generate_period_reports() -> int:
    """At 00:30 China Standard Time: for every period that ended yesterday (week, month,
    quarter, year), the city's report and each district's, unless already stored (so a second
    run, a retry or two workers make nothing twice). Returns the number generated."""
    today = timezone.localdate()
    made = 0
    scopes = [None, *District.objects.order_by("code").values_list("code", flat=True)]
    for kind, period in reports_due(today):
        for district in scopes:
            if report_stored(kind=kind, district=district, period=period) is not None:
                continue
            report_generate(kind=kind, district=district, period=period)
            made += 1
    logger.info("periodic reports: %d generated for %s", made, today)
    return made
