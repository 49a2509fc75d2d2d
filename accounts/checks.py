"""System checks for the account-protection settings (fail at start, not in an audit)."""
from django.conf import settings
from django.core.checks import Error, register

from .audit import MIN_RETENTION_DAYS


@register()
def security_settings_check(app_configs, **kwargs):
    """SECURITY_EVENT_RETENTION_DAYS must keep at least 180 days (GB/T 22239-2019: audit
    records kept at least six months)."""
    errors = []
    days = getattr(settings, "SECURITY_EVENT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    if int(days) < MIN_RETENTION_DAYS:
        errors.append(Error(
            f"SECURITY_EVENT_RETENTION_DAYS is {days}; audit records must be kept at least "
            f"{MIN_RETENTION_DAYS} days.", id="accounts.E001"))
    return errors
