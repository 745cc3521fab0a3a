"""The conversation: a message in, a reply record out (no markup).

The CLI harness and the Telegram bot only render these records, so a question asked in the
terminal gets the very reply it would get in Telegram.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import Enum

from qa.answer import answer
from qa.chat.examples import example_questions
from qa.index import ReportIndex
from qa.models import Answer, Article

log = logging.getLogger(__name__)

QUERY_ID_BYTES = 6
SESSIONS_PER_QUERY = 10  # chats remembered for /next, per remembered query


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One report as /sources lists it (numbered from 1)."""

    number: int
    article: Article
    sentence_count: int


@dataclass(frozen=True, slots=True)
class Welcome:
    """Reply to /start: what the bot knows and what to ask."""

    report_count: int
    sentence_count: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Help:
    """Reply to /help: commands and example questions."""

    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceList:
    """Reply to /sources."""

    entries: tuple[SourceEntry, ...]


@dataclass(frozen=True, slots=True)
class SourceDetail:
    """Reply to /source N: one report's metadata and opening."""

    entry: SourceEntry


@dataclass(frozen=True, slots=True)
class AnswerPage:
    """One answer of a question's results; `position` counts from 0, `query_id` names the results."""

    answer: Answer
    position: int
    query_id: str

    @property
    def total(self) -> int:
        """How many answers the question has."""
        return len(self.answer.items)


@dataclass(frozen=True, slots=True)
class NoAnswer:
    """The reports do not answer this question (or it had nothing to ask)."""

    answer: Answer


class NoticeKind(Enum):
    """Short replies that are neither answers nor listings."""

    UNKNOWN_COMMAND = "unknown_command"
    BAD_SOURCE_NUMBER = "bad_source_number"
    NOTHING_TO_PAGE = "nothing_to_page"
    NO_MORE_RESULTS = "no_more_results"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Notice:
    """A short reply; `detail` carries the offending value when there is one."""

    kind: NoticeKind
    detail: str | None = None
    limit: int | None = None


Reply = Welcome | Help | SourceList | SourceDetail | AnswerPage | NoAnswer | Notice


@dataclass(slots=True)
class Stats:
    """Counters for /stats."""

    questions: int = 0
    answered: int = 0
    refused: int = 0


@dataclass(slots=True)
class _Session:
    query_id: str | None = None
    position: int = 0


@dataclass(slots=True)
class _Store:
    """Recent results under short ids, oldest evicted first (buttons outlive nothing else)."""

    capacity: int
    items: OrderedDict[str, Answer] = field(default_factory=OrderedDict)

    def put(self, result: Answer) -> str:
        query_id = secrets.token_urlsafe(QUERY_ID_BYTES)
        self.items[query_id] = result
        while len(self.items) > self.capacity:
            self.items.popitem(last=False)
        return query_id

    def get(self, query_id: str) -> Answer | None:
        result = self.items.get(query_id)
        if result is not None:
            self.items.move_to_end(query_id)
        return result


class Conversation:
    """Holds the index, recent results and per-chat paging state; thread-safe."""

    def __init__(self, index: ReportIndex, *, max_results: int = 5, remembered_queries: int = 1000) -> None:
        self._index = index
        self._examples: tuple[str, ...] | None = None
        self._max_results = max_results
        self._store = _Store(remembered_queries)
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._max_sessions = remembered_queries * SESSIONS_PER_QUERY
        self._lock = threading.Lock()
        self.stats = Stats()

    @property
    def index(self) -> ReportIndex:
        """The index currently answering questions."""
        return self._index

    @property
    def examples(self) -> tuple[str, ...]:
        """Example questions drawn from the loaded reports (found on first use)."""
        if self._examples is None:
            self._examples = tuple(example_questions(self._index.corpus))
        return self._examples

    def replace_index(self, index: ReportIndex) -> None:
        """Swap in a freshly built index; results already shown keep paging over the old one."""
        with self._lock:
            self._index = index
            self._examples = None

    def handle(self, message: str, session: str = "default") -> Reply:
        """Answer one message: a /command or a question. Never raises for any text."""
        text = message.strip()
        if text.startswith("/"):
            command, _, argument = text[1:].partition(" ")
            command = command.split("@", 1)[0].lower()
            return self._command(command, argument.strip(), session)
        return self.ask(text, session)

    def _command(self, command: str, argument: str, session: str) -> Reply:
        entries = self.sources()
        match command:
            case "start":
                return Welcome(len(entries), len(self._index.sentences), self.examples)
            case "help":
                return Help(self.examples)
            case "sources":
                return SourceList(tuple(entries))
            case "source":
                return self.source(argument, entries)
            case "ask":
                return self.ask(argument, session)
            case "next" | "more":
                return self.step(session, +1)
            case "prev" | "previous":
                return self.step(session, -1)
            case _:
                return Notice(NoticeKind.UNKNOWN_COMMAND, command[:32])

    def sources(self) -> list[SourceEntry]:
        """Every loaded report, numbered from 1."""
        index = self._index
        counts = index.corpus.sentence_counts()
        return [SourceEntry(n + 1, article, counts[n]) for n, article in enumerate(index.articles)]

    def source(self, argument: str, entries: list[SourceEntry] | None = None) -> Reply:
        """One report by its /sources number, or a notice naming the valid range."""
        entries = entries if entries is not None else self.sources()
        number = argument.strip()
        if not number.isdigit() or not 1 <= int(number) <= len(entries):
            return Notice(NoticeKind.BAD_SOURCE_NUMBER, number[:32] or None, len(entries))
        return SourceDetail(entries[int(number) - 1])

    def ask(self, question: str, session: str = "default") -> Reply:
        """Answer a question; the first result is shown, the rest are kept for paging."""
        result = answer(self._index, question, k=self._max_results)
        with self._lock:
            self.stats.questions += 1
            if not result.found:
                self.stats.refused += 1
                return NoAnswer(result)
            self.stats.answered += 1
            query_id = self._store.put(result)
            self._remember(session, _Session(query_id, 0))
        return AnswerPage(result, 0, query_id)

    def page(self, query_id: str, position: int, session: str | None = None) -> Reply:
        """Show answer `position` of stored results; EXPIRED once they were forgotten."""
        with self._lock:
            result = self._store.get(query_id)
            if result is None:
                return Notice(NoticeKind.EXPIRED)
            if not 0 <= position < len(result.items):
                return Notice(NoticeKind.NO_MORE_RESULTS)
            if session is not None:
                self._remember(session, _Session(query_id, position))
        return AnswerPage(result, position, query_id)

    def _remember(self, session: str, state: _Session) -> None:
        """Record a chat's paging position; the longest-idle chats are forgotten first (lock held)."""
        self._sessions[session] = state
        self._sessions.move_to_end(session)
        while len(self._sessions) > self._max_sessions:
            self._sessions.popitem(last=False)

    def step(self, session: str, delta: int) -> Reply:
        """Move through the session's last results (/next, /prev)."""
        with self._lock:
            state = self._sessions.get(session)
        if state is None or state.query_id is None:
            return Notice(NoticeKind.NOTHING_TO_PAGE)
        return self.page(state.query_id, state.position + delta, session)
