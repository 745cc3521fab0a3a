"""Frozen records shared by the core and the adapters: articles, sentences, hits and answers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Script(Enum):
    """The Chinese script a piece of text is written in."""

    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    UNKNOWN = "unknown"


class TraditionalStandard(Enum):
    """How traditional text is written for display: OpenCC's generic forms, or Taiwan's or Hong Kong's.

    Values are OpenCC configurations. Only characters change (s2tw, s2hk), never vocabulary
    (s2twp would rewrite 项目 as 專案 inside a quotation).
    """

    GENERIC = "s2t"
    TAIWAN = "s2tw"
    HONG_KONG = "s2hk"


@dataclass(frozen=True, slots=True)
class Article:
    """One report file and what its header says about it."""

    id: str
    title: str
    path: Path
    script: Script = Script.UNKNOWN
    subtitle: str | None = None
    date: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    opening: str = ""
    header_lines: tuple[tuple[str, str], ...] = ()

    def header_line(self, field: str) -> str | None:
        """The report's own line a metadata field (title, date, publisher, authors, editor …) was read from."""
        return next((line for name, line in self.header_lines if name == field), None)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article's body: the unit that answers a question.

    `paragraph` numbers the article's paragraphs; `heading` is the section heading above it.
    """

    article: int
    position: int
    paragraph: int
    text: str
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of a displayed text that matched the question."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked sentence with the evidence behind its rank."""

    sentence_id: int
    score: float


class AnswerKind(Enum):
    """What an answer quotes: a body sentence, a header line (who wrote it, when …), a mention."""

    SENTENCE = "sentence"
    METADATA = "metadata"
    MENTION = "mention"


@dataclass(frozen=True, slots=True)
class AnswerItem:
    """One answer: a quoted sentence, shown in the asker's script, with context and source.

    For a metadata answer `text` is the header line the fact was read from and `field` names
    the fact (authors, date, publisher, editor, title, subtitle).
    """

    article: Article
    text: str
    display: str
    context_before: tuple[str, ...]
    context_after: tuple[str, ...]
    heading: str | None
    score: float
    highlights: tuple[Span, ...] = ()
    kind: AnswerKind = AnswerKind.SENTENCE
    field: str | None = None

    @property
    def context(self) -> str:
        """The answer with its neighbouring sentences, as one block of display text."""
        return "".join((*self.context_before, self.display, *self.context_after))


class Refusal(Enum):
    """Why a question got no answer (values are stable codes renderers map to phrases)."""

    EMPTY = "empty"
    NOT_COVERED = "not_covered"
    WHICH_ARTICLE = "which_article"  # a question about "the" article, with many articles and none named
    NOT_STATED = "not_stated"  # the article's header does not state the fact asked for
    NOT_IN_NAMED = "not_in_named"  # the article the question names holds none of its other words
    NOT_SAID = "not_said"  # the reports mention the topic but not what is asked of it (a definition, a way, a size)


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to a question: ranked answers (empty when the reports do not cover it).

    `listing` marks answers that are one value per article (both reports' dates): renderers show
    them together instead of paging. `asked_field` names the header fact a question asked for.
    `absent_terms` are the question's words the answer's article lacks, though other reports (about
    other places) have them: the answer is the named place's nearest sentence, with that warning;
    `named` is that article when it holds nothing else the question asks (no answer then).
    With refusal NOT_SAID, `asked_field` is what was asked (qa.answers.asked_kind.Asked: a
    definition, a way to do it, a size) and `mentioned` the question's words the reports do hold.
    """

    question: str
    items: tuple[AnswerItem, ...]
    script: Script
    missing_terms: tuple[str, ...] = ()
    truncated: bool = False
    refusal: Refusal | None = None
    listing: bool = False
    asked_field: str | None = None
    absent_terms: tuple[str, ...] = ()
    named: Article | None = None
    mentioned: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """True when at least one sentence answers the question."""
        return bool(self.items)


class SkipReason(Enum):
    """Why a file of the reports folder is not served."""

    EMPTY = "empty"
    TOO_LARGE = "too-large"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    SCANNED = "scanned"
    UNSUPPORTED = "unsupported"
    UNDECODABLE = "undecodable"
    NO_TEXT = "no-text"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class FileStatus:
    """What became of one file of the reports folder: read (format, sentence count) or skipped, and why.

    `message` is the reason in words (English, for logs and the CLI), e.g. "a scanned image with no
    text layer: OCR it first"; for a read file, what of it could not be read, if anything.
    """

    name: str
    format: str
    sentences: int = 0
    skipped: SkipReason | None = None
    message: str = ""

    @property
    def is_read(self) -> bool:
        """True when the file's sentences are served."""
        return self.skipped is None
