"""Readers of report files, one module per format; `read_report` picks the reader by the file's suffix.

A new format is one new module with a `read_X(data: bytes) -> Document` function and one entry in
FORMATS. Heavy libraries (trafilatura, python-docx, PDFium) are imported on first use, so a bot
that starts from a cached index never loads them. The package also turns files into a corpus:
`cleaning`, `metadata` (header lines), `sentences` (sentence shape) and `corpus` (a folder).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qa.models import SkipReason
from qa.reports.document import Document, DocumentInfo, UnreadableReport
from qa.reports.plain import read_plain

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "SUFFIXES",
    "UNSUPPORTED",
    "Document",
    "DocumentInfo",
    "Format",
    "UnreadableReport",
    "format_of",
    "is_listed",
    "read_report",
    "read_report_bytes",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def _read_markdown(data: bytes) -> Document:
    from qa.reports.markdown import read_markdown

    return read_markdown(data)


def _read_web_page(data: bytes) -> Document:
    from qa.reports.web import read_web_page  # trafilatura takes 0.1 s to import

    return read_web_page(data)


def _read_web_archive(data: bytes) -> Document:
    from qa.reports.mhtml import read_web_archive  # trafilatura takes 0.1 s to import

    return read_web_archive(data)


def _read_word(data: bytes) -> Document:
    from qa.reports.word import read_word  # python-docx takes 0.05 s to import

    return read_word(data)


def _read_ofd(data: bytes) -> Document:
    from qa.reports.ofd import read_ofd

    return read_ofd(data)


def _read_pdf(data: bytes) -> Document:
    from qa.reports.pdf import read_pdf  # loads the PDFium library

    return read_pdf(data)


@dataclass(frozen=True, slots=True)
class Format:
    """A file format the loader reads: its name in statuses, its suffixes and its reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes], Document]


FORMATS: tuple[Format, ...] = (
    Format("txt", (".txt",), read_plain),
    Format("md", (".md", ".markdown"), _read_markdown),
    Format("html", (".html", ".htm"), _read_web_page),
    Format("mhtml", (".mhtml", ".mht"), _read_web_archive),
    Format("docx", (".docx",), _read_word),
    Format("pdf", (".pdf",), _read_pdf),
    Format("ofd", (".ofd",), _read_ofd),
)
# Formats people keep reports in that are not read (yet): listed as skipped, with what to do instead.
UNSUPPORTED: dict[str, str] = {
    ".doc": "an old Word file (.doc): save it as .docx",
    ".wps": "a WPS file: save it as .docx",
    ".rtf": "an RTF file: save it as .docx",
    ".odt": "an OpenDocument file: save it as .docx",
    ".xls": "a spreadsheet: not a report format",
    ".xlsx": "a spreadsheet: not a report format",
    ".ppt": "a presentation: save it as PDF",
    ".pptx": "a presentation: save it as PDF",
    ".jpg": "an image: OCR it into a PDF with a text layer first",
    ".jpeg": "an image: OCR it into a PDF with a text layer first",
    ".png": "an image: OCR it into a PDF with a text layer first",
    ".tif": "an image: OCR it into a PDF with a text layer first",
    ".tiff": "an image: OCR it into a PDF with a text layer first",
}
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}
SUFFIXES: tuple[str, ...] = tuple(_BY_SUFFIX)


def format_of(path: Path) -> str:
    """The format name of a file by its suffix: "pdf", "docx" …; the bare suffix when it is not read."""
    fmt = _BY_SUFFIX.get(path.suffix.lower())
    return fmt.name if fmt is not None else path.suffix.lower().lstrip(".")


def is_listed(path: Path) -> bool:
    """True for a file the loader reports on: a readable format, or a known one it names as unsupported.

    Office lock files (「~$报告.docx」) and hidden files are neither.
    """
    return is_listed_name(path.name)


def is_listed_name(name: str) -> bool:
    """`is_listed` from a file name alone (a folder of tens of thousands of files is listed without Paths)."""
    if name.startswith(("~$", ".")):
        return False
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""  # what Path(name).suffix gives
    return suffix in _BY_SUFFIX or suffix in UNSUPPORTED


def read_report(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one report file with the reader of its format.

    Raises UnreadableReport (never anything else) for an unsupported, empty, over-size, unreadable,
    corrupt, encrypted or scanned file; its message says what is wrong and what to do.
    """
    fmt = _format(path.name)
    try:
        size = path.stat().st_size
        _check_size(size, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableReport(SkipReason.UNREADABLE, f"cannot read it ({exc.strerror or exc})") from exc
    return _read(fmt, path.name, data)


def read_report_bytes(name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a report that is not in the folder yet (an upload) by its file name; as read_report."""
    fmt = _format(name)
    _check_size(len(data), max_bytes)
    return _read(fmt, name, data)


def _format(name: str) -> Format:
    suffix = Path(name).suffix.lower()
    fmt = _BY_SUFFIX.get(suffix)
    if fmt is None:
        raise UnreadableReport(SkipReason.UNSUPPORTED, UNSUPPORTED.get(suffix, f"an unsupported format ({suffix})"))
    return fmt


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnreadableReport(
            SkipReason.TOO_LARGE,
            f"{size / 1024 / 1024:.1f} MB is over the {max_bytes / 1024 / 1024:g} MB limit (QA_MAX_REPORT_MB)",
        )


def _read(fmt: Format, name: str, data: bytes) -> Document:
    if not data.strip():
        raise UnreadableReport(SkipReason.EMPTY, "the file is empty")
    try:
        return fmt.read(data)
    except UnreadableReport:
        raise
    except Exception as exc:  # a parser's bug on one strange file must not stop the others loading
        log.debug("reader for %s failed", name, exc_info=True)
        raise UnreadableReport(
            SkipReason.CORRUPT, f"not a readable {fmt.name} file ({type(exc).__name__}: {exc})"
        ) from exc
