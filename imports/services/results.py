"""What an import run reports (counts, errors) and the small rules shared by its parts: the
stored form of a source key and the placeholder credit code."""
import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from stdnum.cn import uscc

from core.errors import ValidationFailed

# ``ImportedRecord.natural_key`` holds at most this many characters (see ``stored_key``)
KEY_MAX_CHARS = 500
_PLACEHOLDER_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 characters


class ImportRejected(ValidationFailed):
    """All-or-nothing run with rejected rows: nothing was written. ``summary`` has the counts."""

    code = "import_rejected"

    def __init__(self, message, *, summary):
        super().__init__(message)
        self.summary = summary


class RowRejected(ValidationFailed):
    """A row the import refuses, with its reason in Chinese (``message``) and English (``en``)
    for the two columns of the report."""

    def __init__(self, zh: str, en: str, *, field: str | None = None):
        super().__init__(zh, field=field)
        self.en = en


class NotInDistrict(RowRejected):
    """The row names an enterprise or record of another district. The message says only that:
    no name, no id, no state of the other district's record (strangers learn nothing)."""

    code = "not_in_district"

    def __init__(self, *, enterprise: bool = True, field: str | None = None):
        if enterprise:
            super().__init__(_("该企业不属于本区县，不能导入。"),
                             "this enterprise is not in your district", field=field)
        else:
            super().__init__(_("该记录不属于本区县，不能导入。"),
                             "this record is not in your district", field=field)


@dataclass
class Summary:
    """Counts per source row (``rows_read = created + updated + unchanged + rejected +
    skipped``) and per object (``objects``: enterprises/inspections/hazards created,
    ``hazard_states``: hazards created or updated per resulting state)."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    objects: dict = field(default_factory=Counter)
    hazard_states: dict = field(default_factory=Counter)

    @property
    def nothing_changed(self) -> bool:
        return self.created == 0 and self.updated == 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["objects"], data["hazard_states"] = dict(self.objects), dict(self.hazard_states)
        return data


def stored_key(key: str) -> str:
    """The form of a natural key in ``ImportedRecord.natural_key``, used for writing AND
    reading: the key itself up to ``KEY_MAX_CHARS``; a longer key (a ledger without hazard
    numbers keys a hazard by its whole description) keeps its first characters and ends with
    its SHA-256, so two long keys never share a stored form and the same key always finds its
    record again."""
    if len(key) <= KEY_MAX_CHARS:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[:KEY_MAX_CHARS - 72]}|sha256:{digest}"


def legacy_key(key: str) -> str | None:
    """How imports before ``stored_key`` stored a long key (cut at ``KEY_MAX_CHARS``), so their
    records are still found; None for a key that was never cut."""
    return key[:KEY_MAX_CHARS] if len(key) > KEY_MAX_CHARS else None


def placeholder_credit_code(key: str, district_code: str, *, salt: int = 0) -> str:
    """A deterministic, VALID (GB 32100 check digit) placeholder credit code for an imported
    enterprise that has none (e.g. an OSHA establishment).

    Layout: ``9`` (registration authority: market regulation) ``1`` (enterprise) + the target
    district's 6-digit code + 9 characters derived from SHA-256 of ``salt|key`` + the check
    digit. It is not a real registration: ``ImportedEnterprise.placeholder_credit_code`` marks
    it, and the district replaces it when the real code is known. Same key → same code, so a
    re-import finds the same enterprise; ``salt`` steps past a (rare) clash.
    """
    digest = hashlib.sha256(f"{salt}|{key}".encode()).digest()
    body = "91" + district_code + "".join(_PLACEHOLDER_ALPHABET[b % 31] for b in digest[:9])
    return body + uscc.calc_check_digit(body)
