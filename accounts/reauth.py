"""Re-authentication of an enforcement officer: "whoever inspects signs" (谁检查、谁签名、谁负责,
docs/domain.md §2) means each named officer confirms a signature with their own password, on
the inspection record as on the rectification order and the re-inspection opinion.

``officer_confirm_password`` is the one place that checks such a password, for every document
and every entry point (pages and API); it goes through the login lockout
(``accounts.lockout``), so repeated failures lock the account here as on the login page.
"""
from django.utils.translation import gettext as _

from core.errors import ValidationFailed

from .lockout import PasswordNotConfirmed, password_confirm


class AuthenticationFailed(ValidationFailed):
    """An officer's password did not confirm their signature (400; `fields` names the
    password input)."""

    # not DRF's "authentication_failed", which is a 401 about the caller's own credentials:
    # this is a 400 about one named officer's confirmation
    code = "officer_password_invalid"


def officer_confirm_password(*, officer, password: str, field: str) -> None:
    """Check that ``password`` is ``officer``'s own login password, counting a wrong one
    against the account's lockout (``accounts.lockout.password_confirm``, django-axes): a
    co-officer cannot guess a colleague's password without limit.

    Inputs: the officer (a ``accounts.User``), the password they typed (plain text, compared
    by Django's hasher, never stored) and ``field``, the name of the input it came from
    (``password-<user id>`` on the record page, ``officers[1].password`` in the API).
    Output: None. Errors: AuthenticationFailed naming ``field`` when the password is empty or
    wrong, or the account is inactive (the message names the officer, never whether the
    account exists otherwise); AccountLocked (429) while the account or address is locked,
    the right password included. Call it BEFORE the caller's transaction: a failure recorded
    inside a transaction that then rolls back would not count.
    """
    if not officer.is_active:
        raise AuthenticationFailed(_("%(name)s 的密码不正确，签署未完成。") % {"name": officer},
                                   field=field)
    try:
        password_confirm(user=officer, password=password, field=field, purpose="signing")
    except PasswordNotConfirmed as exc:
        raise AuthenticationFailed(exc.message, field=field) from exc
