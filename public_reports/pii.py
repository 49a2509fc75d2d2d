"""Encryption at rest for reporters' personal data (name, phone).

Each value is stored as ``<key id>$<Fernet token>``: the key id names the key that encrypted
it, so keys can be rotated (``PII_ENCRYPTION_KEY`` lists ``id:key`` pairs; the first
encrypts new values, every listed key decrypts). A phone number is also kept as an HMAC
(``lookup_hash``) so that "is this the same reporter?" is answered without decrypting.
Keys come from the environment, never from the database. Rule source: the brief's personal
data requirement (real-name identity is personal information; PIPL 《个人信息保护法》 art. 51
asks for encryption as a protective measure).
"""
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _keys(config: str) -> list[tuple[str, Fernet]]:
    pairs = []
    for item in (part.strip() for part in config.split(",")):
        if not item:
            continue
        key_id, sep, key = item.partition(":")
        if not sep or not key_id or "$" in key_id:
            raise ImproperlyConfigured("PII_ENCRYPTION_KEY entries are 'keyid:fernet-key'")
        pairs.append((key_id, Fernet(key.encode())))
    if not pairs:
        raise ImproperlyConfigured("PII_ENCRYPTION_KEY is not set")
    return pairs


def encrypt(value: str) -> str:
    """``value`` encrypted with the current key as ``keyid$token``; "" stays ""."""
    if not value:
        return ""
    key_id, fernet = _keys(settings.PII_ENCRYPTION_KEY)[0]
    return f"{key_id}${fernet.encrypt(value.encode()).decode()}"


def decrypt(stored: str) -> str:
    """The plain value of ``stored`` (``keyid$token``). Raises ImproperlyConfigured when the
    key id is no longer configured and ValueError when the token does not verify."""
    if not stored:
        return ""
    key_id, _sep, token = stored.partition("$")
    for candidate_id, fernet in _keys(settings.PII_ENCRYPTION_KEY):
        if candidate_id == key_id:
            try:
                return fernet.decrypt(token.encode()).decode()
            except InvalidToken as exc:
                raise ValueError("personal data does not verify with its key") from exc
    raise ImproperlyConfigured(f"PII key {key_id!r} is not configured")


def key_id_of(stored: str) -> str:
    """The key id a stored value was encrypted with ("" for an empty value)."""
    return stored.partition("$")[0] if stored else ""


def lookup_hash(value: str) -> str:
    """HMAC-SHA256 (hex) of a normalised value, keyed by ``PII_LOOKUP_KEY`` (default: derived
    from SECRET_KEY): equal inputs match, the value itself cannot be read back."""
    if not value:
        return ""
    key = (settings.PII_LOOKUP_KEY or ("pii-lookup:" + settings.SECRET_KEY)).encode()
    normalised = "".join(ch for ch in value if ch.isalnum()).lower()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()
