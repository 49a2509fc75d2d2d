"""File names of downloads, one rule for every response that sends a file (PDFs, evidence
files, exports, import reports).

``Content-Disposition`` carries the real (usually Chinese) name as RFC 5987
``filename*=UTF-8''…`` and an ASCII ``filename="…"`` before it for clients that do not read
``filename*`` (RFC 6266 §4.3 recommends both, in this order). Django's own
``content_disposition_header`` sends only ``filename*`` for a non-ASCII name, so it is not used.
"""
import re
import unicodedata
from pathlib import PurePath
from urllib.parse import quote

# characters a file name never keeps: path separators, quotes, control and bidi characters
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|\u202a-\u202e\u2066-\u2069]')
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """``name`` without path parts, control/bidi characters or characters that Windows refuses,
    at most 150 characters (the extension kept); ``"download"`` when nothing is left."""
    name = PurePath(str(name).replace("\\", "/")).name
    name = _UNSAFE.sub("_", name).strip(" .") or "download"
    if len(name) > 150:
        suffix = PurePath(name).suffix[:20]
        name = name[:150 - len(suffix)] + suffix
    return name


def ascii_fallback(name: str, *, default: str = "download") -> str:
    """An ASCII rendering of ``name`` for the plain ``filename=`` parameter: accents dropped,
    other characters collapsed to ``-``; ``default`` plus the extension when no letter or
    digit of the stem survives (a Chinese name)."""
    name = safe_filename(name)
    path = PurePath(name)
    suffix = _ASCII_UNSAFE.sub("", path.suffix.encode("ascii", "ignore").decode())
    stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    stem = _ASCII_UNSAFE.sub("-", stem).strip("-.")
    if not re.search(r"[A-Za-z0-9]", stem):
        stem = default
    return f"{stem}{'.' + suffix.lstrip('.') if suffix.strip('.') else ''}"


def content_disposition(filename: str, *, fallback: str | None = None,
                        inline: bool = False) -> str:
    """The ``Content-Disposition`` value for a download named ``filename``.

    Inputs: the real name (any script); an ASCII ``fallback`` for a non-ASCII name (it gets
    the name's extension when it has none; without one, ``ascii_fallback`` derives it); and
    ``inline`` for content shown in the browser (images). An ASCII name is its own fallback.
    Output e.g. ``attachment; filename="rectification-order-7.pdf";
    filename*=UTF-8''%E8%B4%A3%E4%BB%A4….pdf``.
    """
    name = safe_filename(filename)
    if name.isascii() or not fallback:
        plain = ascii_fallback(name)
    else:
        suffix = "" if PurePath(fallback).suffix else PurePath(name).suffix
        plain = ascii_fallback(fallback + suffix)
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def name_download(response, filename: str, *, fallback: str | None = None,
                  inline: bool = False):
    """Set ``response``'s ``Content-Disposition`` (see ``content_disposition``); returns the
    response. Works for HttpResponse, StreamingHttpResponse and FileResponse alike (a
    FileResponse's own header is replaced)."""
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback,
                                                          inline=inline)
    return response
