"""What every reader turns a file into: lines of text, explicit headings, and the file's own metadata."""

from __future__ import annotations

from dataclasses import dataclass

from qa.errors import QaError
from qa.models import SkipReason

# Who Word, WPS and OFD writers put as the author when nobody set one: not a person, so not a by-line.
_PLACEHOLDER_AUTHORS = frozenset(
    {
        "administrator",
        "admin",
        "user",
        "microsoft",
        "microsoft office user",
        "python-docx",
        "微软用户",
        "微軟使用者",
        "lenovo",
    }
)


def is_placeholder_author(author: str) -> bool:
    """True for an author name a program filled in (「Administrator」, 「微软用户」), no person's."""
    return author.strip().lower() in _PLACEHOLDER_AUTHORS


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Metadata a file carries outside its text (meta tags, core properties, PDF info).

    The header read from the text wins; these fill only what it left empty.
    """

    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A report as lines of text in reading order, the same thing a `.txt` file gives.

    `headings` are lines the file itself marks as section headings (heading styles, <h2>);
    `note` says what of a file that is served could not be read (「pages 3, 7 are scanned images」).
    """

    lines: tuple[str, ...]
    headings: frozenset[str] = frozenset()
    info: DocumentInfo = DocumentInfo()
    note: str = ""

    @property
    def text(self) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.lines)


class UnreadableReport(QaError):  # named for the outcome, reads as the outcome, like "SkipReason.CORRUPT"
    """A file that cannot be served; `reason` says which kind of failure, the message what to do."""

    def __init__(self, reason: SkipReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
