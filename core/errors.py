"""The one family of domain errors. Services raise these; views, forms and the API translate them.

Each error has a stable ``code`` (for API clients) and an HTTP status that ``core.api``
uses: 400 for invalid input, 403 for a forbidden action, 409 for a state conflict or a stale
version, 428 for an edit that did not say which version it was based on.
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
    """Someone else changed the object since the caller read it (a stale version).

    HTTP edges attach what the caller needs to try again: ``current`` (the object as it is
    now, serialized) and ``current_version``; the API puts them in the 409 body and the
    ``ETag`` header, pages show the current state above the form."""

    code = "conflict"
    status_code = 409

    def __init__(self, message="", *, field=None, current=None, current_version=None):
        super().__init__(message, field=field)
        self.current = current
        self.current_version = current_version


class PreconditionRequired(DomainError):
    """An edit of an existing object did not say which version of it the caller saw
    (no ``If-Match`` header and no ``expected_version``), so a lost update could not be ruled
    out."""

    code = "precondition_required"
    status_code = 428


class DeadlineInPast(ValidationFailed):
    code = "deadline_in_past"


class AppendOnlyError(DomainError):
    """An audit row (history, transition, seal) was about to be changed or deleted."""

    code = "append_only"
    status_code = 409
class AccountLocked(DomainError):
    """Too many wrong passwords for this account or from this address: refused until the
    cool-off ends or a district office head unlocks it (accounts.lockout)."""

    code = "account_locked"
    status_code = 429
