"""Markdown reports (`.md`): the text without its markup, `#` headings as section headings, pipe tables as rows.

Markdown is text, so it is decoded like `.txt`; what differs is the markup a reader must not see:
「## 一、空气质量」 is the heading 「一、空气质量」, 「**优良率**」 is 「优良率」, a link is its text.
"""

from __future__ import annotations

import html
import re

from qa.reports.document import Document, DocumentInfo
from qa.reports.metadata import find_date, split_names
from qa.reports.plain import plain_lines
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
# Markdown may hold raw HTML: a <table> written out (as converters from Word write tables) is a table.
_HTML_TABLE_START_RE = re.compile(r"<table\b", re.IGNORECASE)
_HTML_TABLE_END_RE = re.compile(r"</table\s*>", re.IGNORECASE)
_HTML_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.IGNORECASE | re.DOTALL)
_HTML_CELL_RE = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]\s*>", re.IGNORECASE | re.DOTALL)
# Front matter, as static-site generators (Hugo, Jekyll, Hexo) write it: 「---」 YAML or 「+++」 TOML
# key-value lines before the text.
_FENCES = ("---", "+++")
FRONT_MATTER_MAX_LINES = 40
_FIELD_RE = re.compile(r"^\s*([A-Za-z_\u4e00-\u9fff]+)\s*[:=]\s*(.*?)\s*$")
_FRONT_FIELDS = {
    "title": "title",
    "标题": "title",
    "date": "date",
    "publishdate": "date",
    "pubdate": "date",
    "日期": "date",
    "发布时间": "date",
    "author": "authors",
    "authors": "authors",
    "作者": "authors",
    "source": "publisher",
    "publisher": "publisher",
    "来源": "publisher",
}


def read_markdown(data: bytes) -> Document:
    """The file's lines with Markdown markup removed; `#` and underlined lines are headings."""
    lines: list[str] = []
    headings: list[str] = []
    table: list[list[str]] = []
    front, body = _front_matter(plain_lines(data))
    if front.title:
        lines.append(front.title)  # the header reader takes the opening line as the title
    html_table: list[str] | None = None  # the lines of a raw HTML <table> being read
    for raw in body:
        if html_table is not None or _HTML_TABLE_START_RE.search(raw):
            html_table = [*(html_table or []), raw]
            if _HTML_TABLE_END_RE.search(raw):
                lines.extend(table_sentences(_html_rows("\n".join(html_table))))
                html_table = None
            continue
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
        tuple(lines),
        frozenset(headings[1:] if lines and headings and _opens(lines, headings[0]) else headings),
        front,
    )


def _html_rows(table: str) -> list[list[str]]:
    """The cell texts of a raw HTML table, row by row."""
    return [
        [html.unescape(_inline(cell)) for cell in _HTML_CELL_RE.findall(row)] for row in _HTML_ROW_RE.findall(table)
    ]


def _front_matter(lines: tuple[str, ...]) -> tuple[DocumentInfo, tuple[str, ...]]:
    """The front matter's title, date, source and author, and the lines after it; none without one."""
    if not lines or lines[0].strip() not in _FENCES:
        return DocumentInfo(), lines
    fence = lines[0].strip()
    end = next((n for n, line in enumerate(lines[1:FRONT_MATTER_MAX_LINES], start=1) if line.strip() == fence), None)
    if end is None:
        return DocumentInfo(), lines
    values: dict[str, str] = {}
    for line in lines[1:end]:
        match = _FIELD_RE.match(line)
        if match is not None and (name := _FRONT_FIELDS.get(match.group(1).lower())) and name not in values:
            values[name] = match.group(2).strip("[]").replace('"', "").replace("'", "").strip()
    return (
        DocumentInfo(
            title=values.get("title") or None,
            date=find_date(values.get("date", "")),
            publisher=values.get("publisher") or None,
            authors=tuple(split_names(values.get("authors", ""))),
        ),
        lines[end + 1 :],
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
