"""PDF reports by pypdfium2 (Google's PDFium): text layer lines, re-joined, without running furniture.

PDFium reads CJK text layers exactly, embedded subsets and the standard non-embedded CID fonts
alike, about 16 times faster than pdfminer.six, which decoded the non-embedded traditional-Chinese
font (Adobe-CNS1) as other characters (`benchmarks.pdf_extractors`, BENCHMARKS.md).

A PDF is read as lines with their positions and made into paragraphs as every fixed-layout
file is (`qa.reports.layout`: running furniture dropped, lines re-joined, the title found).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from qa.models import SkipReason
from qa.reports.document import Document, DocumentInfo, UnreadableReport
from qa.reports.layout import PageLine, drop_running_lines, join_lines, merge_runs
from qa.reports.metadata import find_date, split_names

MIN_TEXT_CHARS = 10  # fewer characters of text in the whole file: there is no text layer
_PDFIUM_LOCK = threading.Lock()
_SPACE_RE = re.compile(r"\s+")
_PLACEHOLDER_TITLE_RE = re.compile(r"^(?:microsoft\s+word\s*-\s*|untitled|无标题|無標題)|\.(?:docx?|wps|pdf)$", re.I)


def read_pdf(data: bytes) -> Document:
    """The PDF's text as paragraphs; UnreadableReport for a corrupt, locked or scanned (image-only) file."""
    # PDFium is not thread-safe (pypdfium2's docs), and a /reload and an upload may read PDFs at once.
    with _PDFIUM_LOCK:
        return _read_pdf(data)


def _read_pdf(data: bytes) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableReport(
                SkipReason.ENCRYPTED, "an encrypted PDF that needs a password: save a copy without one"
            ) from exc
        raise UnreadableReport(SkipReason.CORRUPT, "not a readable PDF (damaged or not a PDF at all)") from exc
    try:
        pages = [_page_lines(page) for page in pdf]
        has_text = sum(len(line.text) for page in pages for line in page) >= MIN_TEXT_CHARS
        # A scan may carry a stamped page number or a few OCR crumbs: still a picture of the text.
        has_images = not has_text and any(_has_images(page) for page in pdf)
        # A document with text whose pages are partly scans: served, with the pages it lacks named.
        scanned = [n for n, page in enumerate(pdf, start=1) if has_text and _is_scanned(pages[n - 1], page)]
        metadata = pdf.get_metadata_dict()
    except pdfium.PdfiumError as exc:
        raise UnreadableReport(SkipReason.CORRUPT, f"a damaged PDF ({exc})") from exc
    finally:
        pdf.close()
    if not has_text:
        if has_images or not pages:
            raise UnreadableReport(
                SkipReason.SCANNED, "a scanned image with no text layer: OCR it first (e.g. ocrmypdf)"
            )
        raise UnreadableReport(SkipReason.NO_TEXT, "the PDF has no text")
    lines = join_lines(drop_running_lines(pages))
    return Document(tuple(lines), info=_info(metadata), note=_scanned_pages_note(pages, scanned))


def _page_lines(page: pdfium.PdfPage) -> list[PageLine]:
    """The text runs of a page merged into lines, in the page's content order."""
    textpage = page.get_textpage()
    runs: list[PageLine] = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = _SPACE_RE.sub(" ", textpage.get_text_bounded(left, bottom, right, top)).strip()
        if text:
            runs.append(PageLine(text, left, right, top, top - bottom))
    textpage.close()
    return merge_runs(runs)


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))


def _is_scanned(lines: Sequence[PageLine], page: pdfium.PdfPage) -> bool:
    return sum(len(line.text) for line in lines) < MIN_TEXT_CHARS and _has_images(page)


def _scanned_pages_note(pages: Sequence[Sequence[PageLine]], scanned: Sequence[int]) -> str:
    if not scanned:
        return ""
    numbers = ", ".join(str(n) for n in scanned[:10]) + (" …" if len(scanned) > 10 else "")
    return f"{len(scanned)} of {len(pages)} pages are scanned images without text (pages {numbers}): OCR them"


def _info(metadata: dict[str, str]) -> DocumentInfo:
    title = _SPACE_RE.sub(" ", metadata.get("Title", "")).strip()
    author = metadata.get("Author", "").strip()
    created = metadata.get("CreationDate", "")
    date = None
    if match := re.match(r"D:(\d{4})(\d{2})(\d{2})", created):
        date = find_date("-".join(match.groups()))
    return DocumentInfo(
        title=title if title and not _PLACEHOLDER_TITLE_RE.search(title) else None,
        date=date,
        authors=tuple(split_names(author)) if author else (),
    )
