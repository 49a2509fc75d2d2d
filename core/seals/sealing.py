"""Appending a seal to a district's chain.

A seal binds the canonical content of one object (everything printed on it) to its place in
the district's chain and signs the result with the key from the environment
(``core.seals.keys``): changing a printed field, deleting, reordering or replacing a seal is
detected by ``core.seals.verifying``, even by someone who can write to the database, because
they cannot make a new signature.
"""
import base64
import datetime
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from core.errors import ValidationFailed

from ..models import Seal, SealChainHead
from .keys import signing_key
from .registry import seal_kind

# the previous hash of a chain's first seal
GENESIS_HASH = "0" * 64
# the version of the seal message's layout, hashed with it (docs/seals.md)
SEAL_FORMAT = "1"


def canonical_json(content: dict) -> str:
    """Sorted-key compact JSON, non-ASCII kept: the one serialisation that is hashed."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_hex(text: str) -> str:
    """SHA-256 (hex) of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sealed_at_text(moment: datetime.datetime) -> str:
    """A seal's time as hashed and printed: ISO 8601 in UTC with microseconds."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def seal_fields(seal: Seal) -> dict[str, str]:
    """The fields the seal hash covers, as the strings that are hashed and printed."""
    return {"v": SEAL_FORMAT, "district": seal.district_code, "sequence": str(seal.sequence),
            "kind": seal.kind, "object_id": str(seal.object_id),
            "sealed_at": sealed_at_text(seal.sealed_at), "key_id": seal.key_id,
            "content_hash": seal.content_hash, "previous_hash": seal.previous_hash}


def seal_hash_of(seal: Seal) -> str:
    """SHA-256 (hex) of the canonical JSON of ``seal_fields(seal)``."""
    return sha256_hex(canonical_json(seal_fields(seal)))


def seal_append(*, district_code: str, kind: str, object_id: int, content: dict) -> Seal:
    """Seal ``content`` (the canonical content of object ``kind``:``object_id``) as the next
    link of ``district_code``'s chain, signed with the current key.

    Must run inside the transaction that signs or issues the object: the chain head row is
    locked until it commits, so one district's seals are appended one at a time, and a
    rollback takes the seal (and its sequence number) back with the object.
    Output: the saved Seal. Errors: ValidationFailed for an unregistered kind,
    ImproperlyConfigured when no signing key is configured, RuntimeError outside a
    transaction, IntegrityError when the object already has a seal.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("seal_append must run inside transaction.atomic")
    if seal_kind(kind) is None:
        raise ValidationFailed(f"unknown seal kind {kind!r}", field="kind")
    key_id, private_key = signing_key()
    text = canonical_json(content)
    # get_or_create under select_for_update: the first seal of a district creates the head
    # (a concurrent creator hits the primary key and re-reads it, locked)
    head, _created = (SealChainHead.objects.select_for_update()
                      .get_or_create(district_code=district_code))
    seal = Seal(district_code=district_code, sequence=head.sequence + 1, kind=kind,
                object_id=object_id, content=text, content_hash=sha256_hex(text),
                previous_hash=head.seal_hash or GENESIS_HASH, key_id=key_id,
                sealed_at=timezone.now())
    seal.seal_hash = seal_hash_of(seal)
    seal.signature = base64.b64encode(private_key.sign(bytes.fromhex(seal.seal_hash))).decode()
    seal.save()
    head.sequence, head.seal_hash = seal.sequence, seal.seal_hash
    head.save(update_fields=["sequence", "seal_hash"])
    return seal
