"""PDF rendering with WeasyPrint from HTML templates, with a CJK font embedded (subset).

The font: the first file of ``settings.PDF_CJK_FONT_FILES`` (default: Debian
``fonts-wqy-zenhei``, then ``fonts-noto-cjk``) that exists; installed by ``.ci/run``.
"""
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone

DEFAULT_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def cjk_font_file() -> Path:
    """The CJK font file to embed. Errors: ImproperlyConfigured when none is installed."""
    for name in getattr(settings, "PDF_CJK_FONT_FILES", DEFAULT_FONT_FILES):
        if Path(name).is_file():
            return Path(name)
    raise ImproperlyConfigured(
        "No CJK font for PDFs: install Debian fonts-wqy-zenhei (or fonts-noto-cjk), or set "
        "PDF_CJK_FONT_FILES")


def render_pdf(template: str, context: dict, attachments=()) -> bytes:
    """Render ``template`` with ``context`` to PDF bytes, the CJK font embedded.

    ``attachments``: ``[(file name, text)]`` embedded as files in the PDF (UTF-8), e.g. a
    seal's ``seal.json`` for offline verification."""
    from weasyprint import HTML, Attachment  # imported here: it loads pango at import time

    html = render_to_string(template, {**context, "font_url": cjk_font_file().as_uri(),
                                       "generated_at": timezone.localtime()})
    files = [Attachment(string=text.encode("utf-8"), name=name) for name, text in attachments]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(attachments=files)
