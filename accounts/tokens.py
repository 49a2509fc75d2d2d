"""API tokens: create, revoke, look up. Services write, selectors read (CONVENTIONS.md §5).

A key is ``hz_`` followed by 40 URL-safe random characters (240 bits), so a plain SHA-256
digest is enough to store it: a slow password hash buys nothing against a key this long and
would cost every API request a few hundred milliseconds.
"""
import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ValidationFailed

from .audit import security_event_record
from .enums import SecurityEventKind
from .models import ApiToken

KEY_PREFIX = "hz_"
# last_used_at is written at most once a minute per token, not on every request
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    """The stored digest of ``key`` (hex SHA-256)."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str, read_only: bool = False) -> tuple[ApiToken, str]:
    """Create a token for ``user``.

    Inputs: the owner, a name (1–60 characters) and whether it is read-only.
    Output: ``(token, key)``; ``key`` is the secret, returned only here and never stored.
    Errors: ValidationFailed (field ``name``) for an empty or too long name.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("请填写令牌名称。"), field="name")
    if len(name) > 60:
        raise ValidationFailed(_("令牌名称不能超过60个字符。"), field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, read_only=read_only,
                                        prefix=key[:10], key_hash=hash_key(key))
        security_event_record(kind=SecurityEventKind.TOKEN_CREATED, actor=user, target=token,
                              detail={"read_only": read_only, "prefix": token.prefix})
    return token, key


def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke the token ``token_id`` of ``user`` (idempotent: revoking twice keeps the first
    time). A token of another user is not found (Http404)."""
    from django.shortcuts import get_object_or_404

    with transaction.atomic():
        token = get_object_or_404(ApiToken.objects.select_for_update(), pk=token_id, user=user)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            security_event_record(kind=SecurityEventKind.TOKEN_REVOKED, actor=user,
                                  target=token, detail={"prefix": token.prefix})
    return token


def api_tokens_of(user):
    """The tokens of ``user``, newest first (active and revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_authenticate(key: str) -> ApiToken | None:
    """The active token whose key is ``key``, with its user, or None.

    Side effect: stamps ``last_used_at`` (at most once per minute per token, with a
    compare-and-set update so concurrent requests write once).
    """
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = (ApiToken.objects.active().select_related("user", "user__district",
                                                     "user__enterprise")
             .filter(key_hash=hash_key(key)).first())
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
            last_used_at=now)
        token.last_used_at = now
    return token
