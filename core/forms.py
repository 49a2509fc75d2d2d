"""Showing domain errors on server-rendered forms: one rule for every page."""


def add_domain_error(form, error) -> None:
    """Put a ``DomainError`` on the form field it names, else on the form as a whole.

    ``error.field`` may be a plain name (``rectification_deadline``) or a path into a nested
    value (``findings[1].description``, ``inspectors``); a path falls back to its first part
    when the form has that field.
    """
    field = getattr(error, "field", None) or None
    if field and field not in form.fields:
        base = field.split(".")[0].split("[")[0]
        field = base if base in form.fields else None
    form.add_error(field, error.message)
