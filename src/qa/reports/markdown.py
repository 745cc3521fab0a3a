"""Markdown reports (`.md`): the text without its markup, `#` headings as section headings, pipe tables as rows.

Markdown is text, so it is decoded like `.txt`; what differs is the markup a reader must not see:
「## 一、空气质量」 is the heading 「一、空气质量」, 「**优良率**」 is 「优良率」, a link is its text.
"""

from __future__ import annotations

import re

from qa.reports.document import Document
from qa.reports.plain import read_plain
from qa.reports.tables import table_sentences

_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE_RE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_FENCE_RE = re.compile(r"^\s{0,3}(?:```|~~~)")
_QUOTE_RE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3}|~~|`)(\S(?:.*?\S)?)\1")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_TABLE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_markdown(data: bytes) -> Document:
    """The file's lines with Markdown markup removed; `#` and underlined lines are headings."""
    lines: list[str] = []
    headings: list[str] = []
    table: list[list[str]] = []
    for raw in read_plain(data).lines:
        if _TABLE_ROW_RE.match(raw):
            if not _TABLE_RULE_RE.match(raw):
                table.append([_inline(cell) for cell in raw.strip().strip("|").split("|")])
            continue
        if table:
            lines.extend(table_sentences(table))
            table = []
        if _SETEXT_RE.match(raw) and lines and lines[-1]:
            headings.append(lines[-1])  # 「标题\n====」 (or 「---」 under a line): the line above is a heading
            continue
        if _FENCE_RE.match(raw) or _RULE_RE.match(raw):
            continue
        heading = _HEADING_RE.match(raw)
        if heading is not None:
            text = _inline(heading.group(1))
            if text:
                headings.append(text)
                lines.append(text)
            continue
        lines.append(_inline(_BULLET_RE.sub("", _QUOTE_RE.sub("", raw))))
    if table:
        lines.extend(table_sentences(table))
    # The first heading is the title when it opens the file: the header reader takes it as such.
    return Document(
        tuple(lines), frozenset(headings[1:] if lines and headings and _opens(lines, headings[0]) else headings)
    )


def _opens(lines: list[str], heading: str) -> bool:
    return next((line for line in lines if line.strip()), None) == heading


def _inline(text: str) -> str:
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _HTML_TAG_RE.sub("", text)
    while (stripped := _EMPHASIS_RE.sub(r"\2", text)) != text:
        text = stripped
    return text.strip()
