"""Reading import jobs, scoped like everything else (``accounts.scoping.scope_q``)."""
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.scoping import scope_q

from .models import ImportJob, ImportPreset


def jobs_visible_to(*, user) -> QuerySet[ImportJob]:
    """Jobs of the user's scope (district staff: their district; city: all), newest first.
    Enterprise officers see none (imports are the district's business)."""
    if getattr(user, "is_enterprise_officer", False):
        return ImportJob.objects.none()
    return (ImportJob.objects.filter(scope_q(user, district="district",
                                             enterprise="created_by__enterprise"))
            .select_related("preset", "created_by", "district"))


def job_get_visible(*, user, pk: int) -> ImportJob:
    """One job in the user's scope; Http404 otherwise (strangers get 404, never 403)."""
    job = jobs_visible_to(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def presets_for(*, user) -> QuerySet[ImportPreset]:
    """Built-in presets and the ones this user saved."""
    return ImportPreset.objects.filter(Q(is_builtin=True) | Q(created_by=user))
