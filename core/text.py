"""Text rules shared by every entry point (pages, API, imports, services): cleaning of free
text and the length limits, taken from this one place."""
from django.utils.translation import gettext as _

from .errors import ValidationFailed

# Free-text limits shared by pages, API and imports (a finding is a paragraph, not a file).
DESCRIPTION_MAX_CHARS = 2000
NOTE_MAX_CHARS = 5000


# Bidirectional embedding/override/isolate controls: invisible, and in a printed document they
# reorder the text around them ("gnp.exe" shown as "exe.png"), so findings never keep them.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def clean_text(value: str) -> str:
    """``value`` without surrounding space and without bidirectional control characters."""
    return (value or "").translate(_BIDI_CONTROLS).strip()


def validate_text_length(value: str, *, limit: int, field: str) -> None:
    """Raise ValidationFailed when ``value`` is longer than ``limit`` characters."""
    if value and len(value) > limit:
        raise ValidationFailed(_("内容过长：最多 %(limit)d 个字符。") % {"limit": limit},
                               field=field)
