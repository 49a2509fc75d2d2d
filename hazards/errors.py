"""Domain errors of the rectification loop that more than one module raises."""
from core.errors import TransitionNotAllowed


class ExtensionLapsed(TransitionNotAllowed):
    """The extension request no longer applies: rectification ended, or the deadline it was
    requested against has changed (e.g. a failed re-inspection set a new one). The detail
    names the dates."""

    code = "extension_lapsed"
