"""The kinds of sealed objects. ``core`` knows nothing of inspections or documents: the app
that owns an object registers its kind here (in its ``AppConfig.ready``), with the one
function that builds the object's canonical content from the database.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class SealKind:
    """One kind of sealed object.

    - ``kind``: the stable code stored on each seal (``inspection_record`` …);
    - ``label``: how people call it (translated lazily);
    - ``content(object_id) -> dict | None``: the canonical content of everything printed on
      the object, read fresh from the database; None when the object no longer exists;
    - ``describe(content) -> str``: the object's name for reports (its number), from a
      content dict (the sealed one when the object is gone);
    - ``unsealed(district_code | None, limit) -> [(district_code, object_id)]``: objects
      that should carry a seal (signed, issued) but have none;
    - ``url_name``: the verification page's URL name (one ``pk`` argument), or "".
    """

    kind: str
    label: str
    content: Callable[[int], dict | None]
    describe: Callable[[dict], str]
    unsealed: Callable[[str | None, int], Iterable[tuple[str, int]]]
    url_name: str = ""


_KINDS: dict[str, SealKind] = {}


def register_seal_kind(kind: SealKind) -> None:
    """Register ``kind`` (idempotent for the same code). Errors: ImproperlyConfigured when
    two different registrations claim one code."""
    known = _KINDS.get(kind.kind)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"seal kind {kind.kind!r} registered twice")
    _KINDS[kind.kind] = kind


def seal_kind(kind: str) -> SealKind | None:
    """The registered kind ``kind``, or None."""
    return _KINDS.get(kind)


def seal_kinds() -> list[SealKind]:
    """Every registered kind, in code order."""
    return [_KINDS[code] for code in sorted(_KINDS)]
