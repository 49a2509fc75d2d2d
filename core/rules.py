"""Named predicates of (user, object): the one answer to "may this user do this action to this
object now?", shared by the button, the page, the service and the API.

Each app declares its rules in ``<app>/rules.py`` as module-level ``Rule`` instances, one per
action (``hazards.rules.can_verify``, ``imports.rules.can_confirm_import``, …). A rule has two
parts, checked in this order:

- **role**: is this the right person for this object (role and scope)? ``role(user, obj)``
  returns a bool; when false the refusal is a 403 (``PermissionDenied``) with the rule's
  ``role_message``;
- **state**: does the object's state allow the action now? ``state(obj)`` returns None when it
  does, else a sentence saying why not (the refusal is then a 409 ``TransitionNotAllowed``) or
  a more specific DomainError instance (``RecordSigned``, ``ExtensionLapsed``, …).

Calling a rule gives the bool (templates, page gates); ``rule.check(user, obj)`` raises the
right DomainError (services, so pages and API report the same refusal).

Why plain rule objects and not the ``rules`` library (as pretalx uses it): its predicates
answer only yes or no, and we need the reason and its kind (a wrong person is a 403, a wrong
moment a 409 whose message says what the state is); we never use Django's ``has_perm``
backend, and a library would add a registry of string names where an import of a named
object is checked by the linter and by ``lint-imports``.
"""
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import DomainError, PermissionDenied, TransitionNotAllowed


@dataclass(frozen=True)
class Refusal:
    """Why a rule said no: ``kind`` is ``"role"`` (403) or ``"state"`` (409 unless the state
    check gave its own error), ``message`` the sentence shown."""

    kind: str
    message: str
    specific: DomainError | None = None

    def error(self) -> DomainError:
        """The DomainError that reports this refusal."""
        if self.specific is not None:
            return self.specific
        if self.kind == "role":
            return PermissionDenied(self.message)
        return TransitionNotAllowed(self.message)


def _always(_obj) -> None:
    return None


class Rule:
    """A named predicate ``rule(user, obj) -> bool`` (see the module docstring).

    Inputs: ``name`` (dotted, e.g. ``hazards.verify``), ``role(user, obj) -> bool``,
    ``state(obj) -> str | DomainError | None`` (None: the state allows it; a message or an
    error otherwise; default: always allowed) and ``role_message`` (shown on a 403; it never names anyone).
    An anonymous or deactivated user is always refused on the role.
    """

    def __init__(self, name: str, *, role: Callable[[object, object], bool],
                 role_message: str,
                 state: Callable[[object], str | DomainError | None] = _always):
        self.name = name
        self.role = role
        self.state = state
        self.role_message = role_message

    def __repr__(self):
        return f"<Rule {self.name}>"

    def refusal(self, user, obj) -> Refusal | None:
        """None when ``user`` may do it to ``obj`` now; otherwise the Refusal (role first)."""
        if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
                and self.role(user, obj)):
            return Refusal("role", str(self.role_message))
        reason = self.state(obj)
        if isinstance(reason, DomainError):
            return Refusal("state", reason.message, reason)
        if reason:
            return Refusal("state", str(reason))
        return None

    def __call__(self, user, obj) -> bool:
        return self.refusal(user, obj) is None

    def check(self, user, obj) -> None:
        """Raise PermissionDenied (role) or TransitionNotAllowed (state) unless allowed."""
        refusal = self.refusal(user, obj)
        if refusal is not None:
            raise refusal.error()


def require_page(rule: Rule, user, obj) -> None:
    """The page gate: raise Django's PermissionDenied (a 403 page, ``templates/403.html``,
    with the rule's reason) unless ``rule(user, obj)``. Call it only after the object was found
    through a scoped selector, so that a stranger has had a 404 already."""
    from django.core.exceptions import PermissionDenied as HttpForbidden

    refusal = rule.refusal(user, obj)
    if refusal is not None:
        raise HttpForbidden(refusal.message)
