"""Word reports (`.docx`) by python-docx: paragraphs in order, heading styles, tables, core properties."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from qa.models import SkipReason
from qa.reports.document import Document, DocumentInfo, UnreadableReport, is_placeholder_author
from qa.reports.tables import table_sentences

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题|標題)\s*\d", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "标题", "標題"})
_SPACE_RE = re.compile(r"[ \t\u3000\xa0]+")


def read_word(data: bytes) -> Document:
    """The document's paragraphs and table rows in order; UnreadableReport for a corrupt or locked file."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableReport(
                SkipReason.ENCRYPTED, "a password-protected Word file: save it again without a password"
            )
        raise UnreadableReport(SkipReason.UNSUPPORTED, "an old binary Word file (.doc) named .docx: save it as .docx")
    try:
        document = docx.Document(io.BytesIO(data))
        lines, headings = _body(document)
    except zipfile.BadZipFile as exc:
        raise UnreadableReport(
            SkipReason.CORRUPT, "a damaged or incomplete .docx file (not a whole zip archive)"
        ) from exc
    except (OpcError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise UnreadableReport(SkipReason.CORRUPT, f"not a readable .docx file ({exc})") from exc
    info = _core_properties(document)
    if info.title and info.title not in lines[:3]:
        lines.insert(0, info.title)
    return Document(tuple(lines), frozenset(headings), info)


def _body(document: WordDocument) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    headings: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(table_sentences(_table_rows(block)))
            continue
        style = _style_name(block)
        for line in block.text.split("\n"):
            line = _SPACE_RE.sub(" ", line).strip()
            if not line:
                continue
            if style in _TITLE_STYLES and not lines:
                lines.append(line)
                continue
            if _HEADING_STYLE_RE.match(style):
                headings.append(line)
            lines.append(line)
    return lines, headings


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "").strip().lower() if style is not None else ""


def _table_rows(table: Table) -> list[list[str]]:
    """Cell texts row by row; a merged cell (python-docx repeats it in each grid column) counts once."""
    rows: list[list[str]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # the element is the only identity a merged cell has
                continue
            seen.add(id(cell._tc))
            cells.append(_SPACE_RE.sub(" ", cell.text.replace("\n", " ")).strip())
        rows.append(cells)
    return rows


def _core_properties(document: WordDocument) -> DocumentInfo:
    properties = document.core_properties
    title = _SPACE_RE.sub(" ", properties.title or "").strip() or None
    author = (properties.author or "").strip()
    authors = (author,) if author and not is_placeholder_author(author) else ()
    created = properties.created
    date = created.date().isoformat() if isinstance(created, dt.datetime) else None
    return DocumentInfo(title=title, date=date, authors=authors)
