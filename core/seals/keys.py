"""The seal keys: an Ed25519 private key that never lives in the database, and the published
set of public keys that verify seals (docs/seals.md).

Settings (``config/settings``):

- ``SEAL_PRIVATE_KEY``: the signing key, PEM (PKCS#8, unencrypted) or base64 of the raw 32-byte
  private key. Required in production.
- ``SEAL_KEY_ID``: the name the signing key is published under (``/seals/keys/``), printed on
  every seal. Default: ``ed25519-`` and the first 12 hex digits of the SHA-256 of the raw
  public key.
- ``SEAL_KEY_FILE``: a PEM file read when ``SEAL_PRIVATE_KEY`` is empty (local/dev).
  ``SEAL_KEY_FILE_CREATE`` true (local settings only) creates it with a new key, mode 0600,
  on first use.
- ``SEAL_VERIFY_KEYS``: older public keys still accepted, ``{key id: base64 raw 32-byte public
  key}`` (env: ``id1=base64,id2=base64``). After a rotation the old key's public half goes
  here; removing it makes every seal it made fail verification.
"""
import base64
import binascii
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PublishedKey:
    """A public key anyone may use to verify seals: ``key_id``, the key, and whether it is
    the one signing new seals now (``current``)."""

    key_id: str
    public_key: Ed25519PublicKey
    current: bool

    @property
    def raw_base64(self) -> str:
        """The raw 32-byte public key, base64 (what ``SEAL_VERIFY_KEYS`` takes)."""
        return base64.b64encode(self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()

    @property
    def pem(self) -> str:
        """SubjectPublicKeyInfo PEM (what ``openssl pkey -pubin`` reads)."""
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_fingerprint_id(public_key: Ed25519PublicKey) -> str:
    """The default key id: ``ed25519-`` + first 12 hex digits of SHA-256(raw public key)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519-" + hashlib.sha256(raw).hexdigest()[:12]


def parse_private_key(text: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM text or base64 of the raw 32 bytes.

    Errors: ImproperlyConfigured naming what is wrong (never the key itself)."""
    text = (text or "").strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(
            "SEAL_PRIVATE_KEY is not an unencrypted Ed25519 PEM key or base64 of 32 raw "
            "bytes") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("SEAL_PRIVATE_KEY must be an Ed25519 key")
    return key


def parse_public_key(text: str) -> Ed25519PublicKey:
    """An Ed25519 public key from base64 of the raw 32 bytes, or PEM. Errors:
    ImproperlyConfigured."""
    text = (text or "").strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured("SEAL_VERIFY_KEYS holds a key that is not an Ed25519 public "
                                   "key (base64 of 32 raw bytes, or PEM)") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured("SEAL_VERIFY_KEYS must hold Ed25519 keys")
    return key


def _key_file_text(path: Path, create: bool) -> str:
    if not path.is_file():
        if not create:
            raise ImproperlyConfigured(
                "No seal key: set SEAL_PRIVATE_KEY (and SEAL_KEY_ID), or SEAL_KEY_FILE to a "
                "PEM file; see docs/seals.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        # O_EXCL: two processes starting at once must not write two different keys
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text()
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
    return path.read_text()


@functools.lru_cache(maxsize=8)
def _signing_key(private_text: str, key_id: str, key_file: str, create: bool
                 ) -> tuple[str, Ed25519PrivateKey]:
    if not private_text:
        private_text = _key_file_text(Path(key_file), create) if key_file else ""
    if not private_text:
        raise ImproperlyConfigured("No seal key: set SEAL_PRIVATE_KEY; see docs/seals.md")
    key = parse_private_key(private_text)
    return key_id or key_fingerprint_id(key.public_key()), key


def signing_key() -> tuple[str, Ed25519PrivateKey]:
    """``(key id, private key)`` that signs new seals, from the settings (never from the
    database). Errors: ImproperlyConfigured when no usable key is configured."""
    return _signing_key(getattr(settings, "SEAL_PRIVATE_KEY", "") or "",
                        getattr(settings, "SEAL_KEY_ID", "") or "",
                        str(getattr(settings, "SEAL_KEY_FILE", "") or ""),
                        bool(getattr(settings, "SEAL_KEY_FILE_CREATE", False)))


@functools.lru_cache(maxsize=8)
def _verify_keys(items: tuple[tuple[str, str], ...]) -> dict[str, Ed25519PublicKey]:
    return {key_id: parse_public_key(text) for key_id, text in items}


def published_keys() -> list[PublishedKey]:
    """Every public key that verifies seals: the current signing key first, then
    ``SEAL_VERIFY_KEYS`` in key-id order. Errors: ImproperlyConfigured."""
    current_id, private = signing_key()
    keys = [PublishedKey(current_id, private.public_key(), current=True)]
    extra = getattr(settings, "SEAL_VERIFY_KEYS", {}) or {}
    for key_id, public in sorted(_verify_keys(tuple(sorted(extra.items()))).items()):
        if key_id != current_id:
            keys.append(PublishedKey(key_id, public, current=False))
    return keys


def public_key_for(key_id: str) -> Ed25519PublicKey | None:
    """The published public key named ``key_id``, or None when it is not (or no longer)
    published."""
    return next((k.public_key for k in published_keys() if k.key_id == key_id), None)


def signature_valid(*, key_id: str, signature_b64: str, seal_hash: str) -> bool | None:
    """Whether ``signature_b64`` is key ``key_id``'s Ed25519 signature of the 32 bytes of
    ``seal_hash`` (hex). None when the key id is not published (unknown or removed)."""
    public = public_key_for(key_id)
    if public is None:
        return None
    try:
        public.verify(base64.b64decode(signature_b64, validate=True), bytes.fromhex(seal_hash))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
