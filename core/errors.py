"""The one family of domain errors. Services raise these; views, forms and the API translate them.

Each error has a stable ``code`` (for API clients) and an HTTP status that ``core.api``
uses: 400 for invalid input, 403 for a forbidden action, 409 for a state conflict.
"""


class DomainError(Exception):
    """Base class. ``code`` is stable; ``message`` is a human sentence (translated)."""

    code = "domain_error"
    status_code = 400

    def __init__(self, message="", *, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class ValidationFailed(DomainError):
    code = "invalid"


class PermissionDenied(DomainError):
    code = "permission_denied"
    status_code = 403


class TransitionNotAllowed(DomainError):
    """The hazard's current state does not allow the requested transition."""

    code = "transition_not_allowed"
    status_code = 409


class ConcurrentModification(DomainError):
    """Someone else changed the object since the caller read it."""

    code = "conflict"
    status_code = 409


class DeadlineInPast(ValidationFailed):
    code = "deadline_in_past"


class AccountLocked(DomainError):
    """Too many wrong passwords for this account or from this address: refused until the
    cool-off ends or a district office head unlocks it (accounts.lockout)."""

    code = "account_locked"
    status_code = 429
