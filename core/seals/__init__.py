"""Seals an insider cannot forge (docs/seals.md).

Each signed record and issued document is sealed with an Ed25519 signature made with a key
from the environment (never the database), over the SHA-256 of the canonical JSON of
everything printed on it, chained per district so that a deleted or reordered seal is
detected. The apps that own sealed objects register their kinds (``register_seal_kind``) and
call ``seal_append`` in the transaction that signs or issues; ``seal_verify`` and
``chain_verify`` check them; ``published_keys`` is what /seals/keys/ shows.
"""
from .keys import PublishedKey, published_keys, signing_key
from .registry import SealKind, register_seal_kind, seal_kind, seal_kinds
from .sealing import (
    GENESIS_HASH,
    canonical_json,
    seal_append,
    seal_fields,
    seal_hash_of,
    sealed_at_text,
    sha256_hex,
)
from .verifying import (
    ChainBreak,
    ChainStatus,
    NeighbourLink,
    SealCheck,
    chain_verify,
    seal_object_label,
    seal_surroundings,
    seal_verify,
)

__all__ = [
    "GENESIS_HASH", "ChainBreak", "ChainStatus", "NeighbourLink", "PublishedKey", "SealCheck", "SealKind",
    "canonical_json", "chain_verify", "published_keys", "register_seal_kind", "seal_append",
    "seal_fields", "seal_hash_of", "seal_kind", "seal_kinds", "seal_surroundings",
    "seal_object_label", "seal_verify", "sealed_at_text", "sha256_hex", "signing_key",
]
