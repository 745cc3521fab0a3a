"""Plain-text reports (`.txt`, `.md`): UTF-8, UTF-16, GB18030 or Big5 text, one line per paragraph.

Text copied out of a PDF viewer or saved from a hard-wrapping editor breaks its lines at a fixed
measure inside sentences (「…全市地区生产总值为1,286.4亿元，比上年增长5.6%。其中，第」 + 「一产业…」);
such a file's lines are joined back into paragraphs, a new one opening at an indented line.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.models import SkipReason
from qa.reports.document import Document, UnreadableReport
from qa.reports.encoding import decode_report
from qa.reports.sentences import has_sentence_end

MIN_WRAPPED_LINES = 3  # full lines ending inside a sentence before a file counts as hard-wrapped
FULL_LINE_SLACK = 4  # display columns (two CJK characters) a full line may fall short of the measure
_OPEN_ENDS = "，、,"


def plain_lines(data: bytes) -> tuple[str, ...]:
    """The file's lines as written; UnreadableReport if the bytes are not text in a known encoding."""
    text = decode_report(data)
    if text is None:
        raise UnreadableReport(SkipReason.UNDECODABLE, "not UTF-8, UTF-16, GB18030 or Big5 text")
    return tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def read_plain(data: bytes) -> Document:
    """The file's paragraphs, one a line; a hard-wrapped file's lines joined back (unwrap_hard_breaks)."""
    return Document(tuple(unwrap_hard_breaks(plain_lines(data))))


def unwrap_hard_breaks(lines: Sequence[str]) -> list[str]:
    """The lines with hard breaks inside paragraphs joined, when the text is hard-wrapped; else as they are.

    Hard-wrapped text has lines that reach one measure (the widest lines' width) and end inside a
    sentence; such a line goes on in the next unless that one is blank or indented. Lines with no
    letter or character (「- 2 -」, a page number the copy brought along) are dropped from such text.
    """
    widths = [_width(line) for line in lines]
    filled = sorted(width for width in widths if width)
    if len(filled) < MIN_WRAPPED_LINES:
        return list(lines)
    measure = filled[len(filled) * 9 // 10]
    full = [width >= measure - FULL_LINE_SLACK for width in widths]
    wrapped = sum(1 for line, is_full in zip(lines, full, strict=True) if is_full and not has_sentence_end(line))
    if wrapped < MIN_WRAPPED_LINES:
        return list(lines)
    joined: list[str] = []
    goes_on = False
    for line, is_full in zip(lines, full, strict=True):
        if line.strip() and not any(char.isalpha() for char in line):
            continue  # a page number between the pages of the copy
        if goes_on and line.strip() and not line[0].isspace():
            joined[-1] = joined[-1].rstrip() + line.strip()
        else:
            joined.append(line)
        goes_on = bool(line.strip()) and (is_full or line.rstrip().endswith(tuple(_OPEN_ENDS)))
    return joined


def _width(line: str) -> int:
    """Display columns, near enough: a CJK or full-width character (three bytes in UTF-8) takes two,
    ASCII one; counted from the encoded length, as a per-character lookup costs 15 times the decoding."""
    stripped = line.rstrip()  # an indent counts: an indented line reaches the same right edge
    return (len(stripped.encode("utf-8", "surrogatepass")) + len(stripped)) // 2
