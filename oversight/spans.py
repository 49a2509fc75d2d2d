"""Building ``StateSpan`` rows from the hazards' append-only history, incrementally.

The rule (issue 10 §2): the state of a hazard at instant T is what its last transition at or
before T left. ``hazard_spans`` replays one hazard's transitions in (at, id) order and cuts a new
span whenever the status, the deadline in force or listed supervision changes; the closure ends
the last one. Which history rows set what:

- ``rectification_ordered`` / ``self_rectification_started`` (also imported): deadline =
  ``data["rectification_deadline"]``;
- ``verification_failed`` and ``deadline_extended``: deadline = ``data["new_deadline"]``;
- ``supervision_placed`` / ``supervision_lifted``: supervised on / off;
- every row: status = ``to_status``.

A deadline-setting row without its date (none is written so today;
``tests/oversight/test_spans.py`` checks every service) falls back to the hazard's current
deadline rather than losing the span.

Freshness: every service that writes a history row also stamps ``Hazard.updated_at`` (the
transition's save, or ``_record_event``), so ``spans_refresh`` rebuilds the hazards changed
since the last refresh, with an overlap (``OVERSIGHT_SPAN_REFRESH_OVERLAP_SECONDS``) for
transactions that committed after a later one. Live transitions happen "now", after every
past instant, so they never change a figure as of a past T; only a backdated write (an import
of an old ledger) does, and the refresh picks it up.
"""
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hazards.enums import HazardAction, HazardStatus
from hazards.models import Hazard, HazardTransition

from .models import SpanWatermark, StateSpan

logger = logging.getLogger(__name__)

DEADLINE_KEYS = {
    HazardAction.RECTIFICATION_ORDERED: "rectification_deadline",
    HazardAction.SELF_RECTIFICATION_STARTED: "rectification_deadline",
    HazardAction.VERIFICATION_FAILED: "new_deadline",
    HazardAction.DEADLINE_EXTENDED: "new_deadline",
}
BATCH_SIZE = 500


def hazard_spans(hazard: dict, transitions: list[dict]) -> list[StateSpan]:
    """The spans of one hazard (unsaved). ``hazard``: ``{"id", "district_id", "grade",
    "inspection_kind", "rectification_deadline"}``; ``transitions``: its history rows as
    ``{"action", "to_status", "at", "data"}`` in (at, id) order."""
    spans: list[StateSpan] = []
    state = None  # (status, deadline, supervised)
    for row in transitions:
        action, status = row["action"], row["to_status"]
        if state is None:
            deadline, supervised = None, False
        else:
            deadline, supervised = state[1], state[2]
        key = DEADLINE_KEYS.get(action)
        if key is not None:
            value = (row["data"] or {}).get(key)
            if value:
                deadline = datetime.date.fromisoformat(value)
            else:
                logger.warning("history row %s of hazard %s has no %s", action, hazard["id"], key)
                deadline = hazard["rectification_deadline"]
        if action == HazardAction.SUPERVISION_PLACED:
            supervised = True
        elif action == HazardAction.SUPERVISION_LIFTED:
            supervised = False
        new_state = (status, deadline, supervised)
        if new_state == state:
            continue
        if state is not None and state[0] != HazardStatus.CLOSED:
            spans[-1].valid_to = row["at"]
        if status != HazardStatus.CLOSED:
            spans.append(StateSpan(
                hazard_id=hazard["id"], district_id=hazard["district_id"],
                grade=hazard["grade"], inspection_kind=hazard["inspection_kind"],
                status=status, deadline=deadline if status != HazardStatus.REPORTED else None,
                supervised=supervised, valid_from=row["at"], valid_to=None))
        state = new_state
    return spans


def _rebuild(hazard_ids: list[int]) -> int:
    """Replace the spans of ``hazard_ids`` (one transaction). Returns the spans written."""
    hazards = {row["id"]: row for row in Hazard.objects.filter(pk__in=hazard_ids).values(
        "id", "district_id", "grade", "inspection_kind", "rectification_deadline")}
    history: dict[int, list[dict]] = {pk: [] for pk in hazards}
    for row in (HazardTransition.objects.filter(hazard_id__in=hazards)
                .order_by("hazard_id", "at", "id")
                .values("hazard_id", "action", "to_status", "at", "data")):
        history[row["hazard_id"]].append(row)
    spans = [span for pk, hazard in hazards.items() for span in hazard_spans(hazard, history[pk])]
    with transaction.atomic():
        StateSpan.objects.filter(hazard_id__in=hazard_ids).delete()
        StateSpan.objects.bulk_create(spans, batch_size=1000)
    return len(spans)


def _watermark() -> SpanWatermark:
    SpanWatermark.objects.get_or_create(pk=1)
    return SpanWatermark.objects.select_for_update().get(pk=1)


def spans_refresh() -> int:
    """Rebuild the spans of every hazard changed since the last refresh (less the overlap).

    Output: the number of hazards rebuilt. Holds the watermark's row lock for its duration,
    so concurrent refreshes queue; each batch of BATCH_SIZE hazards is its own transaction.
    The first refresh ever rebuilds everything (``spans_rebuild_all``).
    """
    overlap = datetime.timedelta(seconds=getattr(
        settings, "OVERSIGHT_SPAN_REFRESH_OVERLAP_SECONDS", 600))
    with transaction.atomic():
        mark = _watermark()
        started = timezone.now()
        if mark.refreshed_through is None:
            count = _rebuild_where(Hazard.objects.all())
            mark.full_rebuild_at = started
        else:
            count = _rebuild_where(Hazard.objects.filter(
                updated_at__gte=mark.refreshed_through - overlap))
        mark.refreshed_through = started
        mark.save()
    return count


def spans_rebuild_all() -> int:
    """Rebuild every hazard's spans from scratch (after a deploy, or to prove the incremental
    path right). Output: the number of hazards rebuilt."""
    with transaction.atomic():
        mark = _watermark()
        started = timezone.now()
        StateSpan.objects.all().delete()
        count = _rebuild_where(Hazard.objects.all())
        mark.refreshed_through = mark.full_rebuild_at = started
        mark.save()
    return count


def _rebuild_where(queryset) -> int:
    """Rebuild the hazards of ``queryset`` in id order, BATCH_SIZE at a time (keyset)."""
    count, last = 0, 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk")
                   .values_list("pk", flat=True)[:BATCH_SIZE])
        if not ids:
            return count
        _rebuild(ids)
        count += len(ids)
        last = ids[-1]


def spans_ensure_fresh(*, max_age_seconds: int = 300) -> bool:
    """Refresh the spans when the last refresh is older than ``max_age_seconds`` (or never
    ran: a new installation, a development database without Celery beat). Pages and API
    endpoints that read figures at a past instant call it first. Output: True when it
    refreshed. One cheap query when fresh."""
    mark = SpanWatermark.objects.filter(pk=1).values_list("refreshed_through", flat=True).first()
    if mark is not None and timezone.now() - mark < datetime.timedelta(seconds=max_age_seconds):
        return False
    spans_refresh()
    return True
