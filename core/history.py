"""Field-level history (django-simple-history) for the audited models."""
from simple_history.models import HistoricalRecords


class FieldHistory(HistoricalRecords):
    """``HistoricalRecords`` that writes no row for a save touching only excluded fields.

    Why: a user's login saves ``last_login`` alone (``update_fields=["last_login"]``); with
    that field excluded, the plain class would still add a row identical to the previous one
    on every login. Saves without ``update_fields`` keep their row (who saved, and when).
    """

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (not created and update_fields is not None
                and set(update_fields) <= set(self.excluded_fields)):
            return
        super().post_save(instance, created, using=using, **kwargs)
