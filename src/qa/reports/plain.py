"""Plain-text reports (`.txt`, `.md`): UTF-8, UTF-16, GB18030 or Big5 text, one line per paragraph."""

from __future__ import annotations

from qa.models import SkipReason
from qa.reports.document import Document, UnreadableReport
from qa.reports.encoding import decode_report


def read_plain(data: bytes) -> Document:
    """The file's lines; UnreadableReport if the bytes are not text in a known encoding."""
    text = decode_report(data)
    if text is None:
        raise UnreadableReport(SkipReason.UNDECODABLE, "not UTF-8, UTF-16, GB18030 or Big5 text")
    return Document(tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
