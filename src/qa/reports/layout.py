"""Lines of text placed on pages (PDF, OFD) into paragraphs: running furniture dropped, lines re-joined.

A fixed-layout file gives lines with their positions, not paragraphs. Then:

1. running headers and footers (lines at a page's top or bottom edge that repeat, digits aside,
   on most pages) and page numbers are dropped;
2. a line that reaches the right margin goes on in the next line unless that one is indented
   (a new paragraph), across page breaks too, so 「申請1,」 + 「234件」 reads 「申請1,234件」;
3. lines in larger type of one size (a title set over two lines) are one line;
4. footnotes come after the paragraph they interrupt, and table rows are read as a table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from qa.reports.tables import table_sentences

EDGE_LINES = 2  # how many lines at a page's top and bottom may be running furniture
TITLE_SIZE_RATIO = 1.15
CELL_GAP_EMS = 2.0  # runs on one baseline this far apart are cells of a table row
_PAGE_NUMBER_RE = re.compile(
    r"^[\s\-—–·•|]*(?:(?:第\s*)?\d{1,4}\s*[页頁]?(?:\s*[/／,，]?\s*共\s*\d{1,4}\s*[页頁])?|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[ivxlc]{1,6})[\s\-—–·•|]*$",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"\d+")
_SPACE_RE = re.compile(r"\s+")
_LATIN_END_RE = re.compile(r"[A-Za-z]$")
_LATIN_START_RE = re.compile(r"^[A-Za-z]")
_SENTENCE_ENDS = frozenset("。！？；!?;")
# What opens a numbered heading or item of a Chinese document: 「一、」, 「（二）」, 「3.」, 「第四条」, 「第一章」.
_NUMBERED_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
    r"|第[一二三四五六七八九十百零〇\d]{1,4}[章节節条條部])"
)
# Punctuation that closes what comes before it: a line opening with one goes on the line before.
_CLOSING_PUNCTUATION = frozenset("。，、；：！？）》」』”’〕】%‰,.;:!?)")


@dataclass(frozen=True, slots=True)
class PageLine:
    """A line of a page's text with its box, in points (y grows upwards, as in PDF)."""

    text: str
    left: float
    right: float
    top: float
    height: float
    cells: tuple[str, ...] = ()  # the parts of a table row, set apart by wide gaps; () for a line of text


def merge_runs(runs: Sequence[PageLine]) -> list[PageLine]:
    """Runs on one baseline (PDFium splits a line where the font changes) become one line."""
    lines: list[PageLine] = []
    for run in runs:
        if lines:
            last = lines[-1]
            same_row = abs(last.top - run.top) < 0.5 * max(last.height, run.height)
            if same_row and run.left >= last.right - 1.0:
                gap = run.left - last.right
                joiner = " " if gap > 0.5 * run.height else ""
                if gap > CELL_GAP_EMS * run.height:  # a gap no typesetter leaves inside a line of text
                    cells = (*(last.cells or (last.text,)), run.text)
                elif last.cells:
                    cells = (*last.cells[:-1], last.cells[-1] + joiner + run.text)
                else:
                    cells = ()
                lines[-1] = PageLine(
                    last.text + joiner + run.text,
                    last.left,
                    run.right,
                    max(last.top, run.top),
                    max(last.height, run.height),
                    cells,
                )
                continue
        lines.append(run)
    return lines


def drop_running_lines(pages: Sequence[Sequence[PageLine]]) -> list[list[PageLine]]:
    """Each page without its running header, footer and page number.

    A running line sits among the EDGE_LINES top or bottom lines of a page and repeats (digits
    aside, so 「第 1 页」 and 「第 2 页」 match; in the same size) at the edge of at least half the pages,
    two at least. A lone page number at an edge goes too.
    """
    edges = [_edge_lines(page) for page in pages]
    seen = Counter(key for edge in edges for key in {_furniture_key(line) for line in edge})
    needed = max(2, (len(pages) + 1) // 2)
    kept: list[list[PageLine]] = []
    for page, edge in zip(pages, edges, strict=True):
        edge_ids = {id(line) for line in edge}
        kept.append(
            [
                line
                for line in page
                if id(line) not in edge_ids
                or not (seen[_furniture_key(line)] >= needed or _PAGE_NUMBER_RE.match(line.text))
            ]
        )
    return kept


def _edge_lines(page: Sequence[PageLine]) -> list[PageLine]:
    by_height = sorted(page, key=lambda line: -line.top)
    if len(by_height) <= 2 * EDGE_LINES:
        return list(by_height)
    return by_height[:EDGE_LINES] + by_height[-EDGE_LINES:]


def _furniture_key(line: PageLine) -> tuple[str, int]:
    # The size is part of the key: a running header often repeats the title, in smaller type.
    return _DIGITS_RE.sub("#", _SPACE_RE.sub("", line.text)), round(line.height)


def join_lines(pages: Sequence[Sequence[PageLine]]) -> list[str]:
    """Paragraphs from the lines of every page: a line that fills the measure goes on in the next.

    The measure is the body text's own (its usual height; the left and right edges most of its lines
    reach, outliers aside), per column on pages set in columns; the next line goes on the same
    paragraph unless it is indented, set in another size, opens a numbered heading after a finished
    sentence (「一、」, 「（二）」, 「3.」, 「第四条」), or the line ends short. A line opening with closing
    punctuation (「。」, 「，」, 「）」) always goes on the line before: no paragraph opens with one.
    Lines in larger type of one size (a title over two lines) are one line. Footnotes (smaller type
    at the foot of a page) come after the paragraph they interrupt, which goes on overleaf. Rows of
    cells set apart by wide gaps are a table, read as tables are (`qa.reports.tables`).
    """
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    height = Counter(round(line.height, 1) for line in lines).most_common(1)[0][0]
    body = [line for line in lines if _same_size(line.height, height)] or lines
    columns = _columns(body, height)
    footnotes = {id(line) for page in pages for line in _foot_lines(page, height)}
    paragraphs: list[str] = []
    pending: list[PageLine] = []  # footnotes waiting for the paragraph they interrupt to end
    rows: list[tuple[str, ...]] = []  # the rows of a table, read as one when it ends
    previous: PageLine | None = None
    for line in lines:
        if id(line) in footnotes:
            pending.append(line)
            continue
        if len(line.cells) >= 2 and not (previous is not None and line.text[0] in _CLOSING_PUNCTUATION):
            rows.append(line.cells)
            previous = None  # nothing goes on a table row
            continue
        if rows:
            paragraphs.extend(table_sentences(rows))
            rows = []
        if previous is not None and _goes_on(previous, line, columns, height):
            paragraphs[-1] = _concat([paragraphs[-1], line.text])
        else:
            paragraphs.extend(_joined(pending, columns, height))
            pending = []
            paragraphs.append(line.text)
        previous = line
    return paragraphs + table_sentences(rows) + _joined(pending, columns, height)


def _joined(lines: Sequence[PageLine], columns: Sequence[Column], height: float) -> list[str]:
    """Lines of one kind (the footnotes of a page) as paragraphs, joined by the same rules."""
    paragraphs: list[str] = []
    for index, line in enumerate(lines):
        if index and _goes_on(lines[index - 1], line, columns, height):
            paragraphs[-1] = _concat([paragraphs[-1], line.text])
        else:
            paragraphs.append(line.text)
    return paragraphs


def _foot_lines(page: Sequence[PageLine], height: float) -> list[PageLine]:
    """The page's footnotes: lines in smaller type below its last line of body text."""
    body_tops = [line.top for line in page if _same_size(line.height, height)]
    if not body_tops:
        return []
    lowest = min(body_tops)
    return [line for line in page if line.top < lowest and line.height < height and not _same_size(line.height, height)]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of text: where its lines start (`start`), and the left and right edges of its measure."""

    start: float
    left: float
    right: float


def _columns(body: Sequence[PageLine], em: float) -> list[Column]:
    """The columns of the body text, left to right; one for pages set in one column.

    A column starts where many lines start, right of where the lines of the column before it end
    (so a paragraph indent is no column). Its measure comes from its own lines, outliers aside: a
    stray line set wider (a URL, a table) or further left (a hanging bullet) must not make every
    ordinary line look short or indented.
    """
    counts = Counter(float(round(line.left)) for line in body)
    frequent = sorted(left for left, count in counts.items() if count >= max(3, len(body) // 10))
    starts: list[float] = []
    for start in frequent:
        if starts:
            before = [line.right for line in body if starts[-1] - em / 2 <= line.left < start - em / 2]
            if not before or start < _tenth(before, 9) - em:
                continue
        starts.append(start)
    if not starts:
        starts = [min(line.left for line in body)]
    columns: list[Column] = []
    for number, start in enumerate(starts):
        low = start - em / 2 if number else float("-inf")
        high = starts[number + 1] - em / 2 if number + 1 < len(starts) else float("inf")
        members = [line for line in body if low <= line.left < high] or list(body)
        columns.append(
            Column(start, _tenth([line.left for line in members], 1), _tenth([line.right for line in members], 9))
        )
    return columns


def _tenth(values: Sequence[float], tenths: int) -> float:
    """The value `tenths`/10 of the way up the sorted values (1: the 10th percentile, 9: the 90th)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, len(ordered) * tenths // 10)]


def _column_of(line: PageLine, columns: Sequence[Column], em: float) -> Column:
    return next((column for column in reversed(columns) if line.left >= column.start - em / 2), columns[0])


def _goes_on(previous: PageLine, line: PageLine, columns: Sequence[Column], em_body: float) -> bool:
    if line.text[0] in _CLOSING_PUNCTUATION:
        return True  # whatever its box: PDFium gives a lone 「。」 the height of the glyph, not of the line
    if not _same_size(previous.height, line.height):
        return False
    if previous.height >= TITLE_SIZE_RATIO * em_body:
        return True  # a title or heading set large, over more than one line
    if previous.text[-1] in _SENTENCE_ENDS and _NUMBERED_RE.match(line.text):
        return False
    em = previous.height
    before, column = _column_of(previous, columns, em_body), _column_of(line, columns, em_body)
    fills_measure = previous.right >= before.right - 1.5 * em and previous.left <= before.left + 3 * em
    # A line ending in 「，」 or 「、」 ends no paragraph, however short wide digits left it.
    ends_open = previous.text[-1] in "，、,"
    return (fills_measure or ends_open) and line.left <= column.left + 0.8 * em


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= 0.15 * max(a, b)


def _concat(parts: Sequence[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        space = " " if _LATIN_END_RE.search(text) and _LATIN_START_RE.match(part) else ""
        text = text + space + part
    return text
