"""The conversation's bounded state: remembered queries, chats, counters, and their JSON-ready snapshot.

A query is remembered as the question that produced it (not its answers), so a ◀ ▶ button
pressed after a restart asks it again; the snapshot is rows of plain values, read back strictly.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

from qa.models import Answer, Script

QUERY_ID_BYTES = 6
SNAPSHOT_VERSION = 2


@dataclass(slots=True)
class Stats:
    """Counters for /stats."""

    questions: int = 0
    answered: int = 0
    refused: int = 0
    followups: int = 0


@dataclass(frozen=True, slots=True)
class Query:
    """What produced a set of results, enough to produce them again (after a restart).

    `place` and `focus` are what an elliptical question swapped in: the place decides the
    article, the other parts which of its sentences comes first. `near` is the sentence of the
    answer in view when it was asked (article id, position in the article): of equally good
    answers, the one nearest it comes first. `besides` is that sentence when the follow-up changed
    the subject (「本田呢?」 after a 日产 figure): it answered the old subject, so it is no answer now.
    """

    question: str
    article: str | None
    script: Script
    understood_as: str | None = None
    place: str | None = None
    focus: tuple[str, ...] = ()
    near: tuple[str, int] | None = None
    besides: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    """One question of a chat: its topic, the article answered from, and when; `asked` is the
    message as answered when it differs from the topic (a question about an article), `listed`
    the articles a listing reply showed, in order."""

    question: str
    article: str | None
    at: float
    asked: str | None = None
    listed: tuple[str, ...] = ()


@dataclass(slots=True)
class ChatState:
    """One chat: the results it pages through, its script, its last questions."""

    query_id: str | None = None
    position: int = 0
    script: Script | None = None
    turns: list[Turn] = field(default_factory=list)
    # (article id, when, query id) of each answer, first first: 「第一个答案是哪篇报道的?」, 「哪个多?」
    answers: list[tuple[str, float, str]] = field(default_factory=list)


@dataclass(slots=True)
class QueryStore:
    """Recent queries under short ids, oldest evicted first; their answers cached while in memory."""

    capacity: int
    queries: OrderedDict[str, Query] = field(default_factory=OrderedDict)
    answers: dict[str, Answer] = field(default_factory=dict)

    def put(self, query: Query, result: Answer) -> str:
        query_id = secrets.token_urlsafe(QUERY_ID_BYTES)
        self.queries[query_id] = query
        self.answers[query_id] = result
        while len(self.queries) > self.capacity:
            old, _ = self.queries.popitem(last=False)
            self.answers.pop(old, None)
        return query_id

    def get(self, query_id: str) -> Query | None:
        query = self.queries.get(query_id)
        if query is not None:
            self.queries.move_to_end(query_id)
        return query


def encode_state(store: QueryStore, chats: Mapping[str, ChatState], stats: Stats) -> dict[str, object]:
    """The remembered queries, chats and counters as JSON-ready rows (a `snapshot()`)."""
    return {
        "version": SNAPSHOT_VERSION,
        "queries": [
            [
                query_id,
                query.question,
                query.article,
                query.script.value,
                query.understood_as,
                query.place,
                list(query.focus),
                list(query.near) if query.near is not None else None,
                list(query.besides) if query.besides is not None else None,
            ]
            for query_id, query in store.queries.items()
        ],
        "chats": [
            [
                session,
                chat.query_id,
                chat.position,
                chat.script.value if chat.script else None,
                [[turn.question, turn.article, turn.at, turn.asked, list(turn.listed)] for turn in chat.turns],
                [[article, at, query_id] for article, at, query_id in chat.answers],
            ]
            for session, chat in chats.items()
        ],
        "stats": [stats.questions, stats.answered, stats.refused, stats.followups],
    }


def decode_state(snapshot: Mapping[str, object]) -> tuple[list[tuple[str, Query]], list[tuple[str, ChatState]], Stats]:
    """Queries, chats and counters from `encode_state` rows; TypeError/ValueError/KeyError if malformed."""
    if snapshot.get("version") != SNAPSHOT_VERSION:
        raise ValueError(f"version {snapshot.get('version')!r}, expected {SNAPSHOT_VERSION}")
    queries = [_query(row) for row in _rows(snapshot["queries"])]
    chats = []
    for session, query_id, position, script, turns, *more in _rows(snapshot["chats"]):
        # Rows written before the answers were kept have five values.
        answers = [(str(article), _number(at), str(query)) for article, at, query in _rows(more[0])] if more else []
        chat = ChatState(
            _optional_str(query_id),
            _int(position),
            Script(script) if script is not None else None,
            [_turn(row) for row in _rows(turns)],
            answers,
        )
        chats.append((str(session), chat))
    questions, answered, refused, followups = _rows([snapshot["stats"]])[0]
    return queries, chats, Stats(_int(questions), _int(answered), _int(refused), _int(followups))


def _query(row: list[object]) -> tuple[str, Query]:
    """A query id and query from its row; rows written before `near` (`besides`) existed have seven (eight) values."""
    query_id, question, article, script, understood, place, focus, *more = row
    near, besides = (_sentence_key(value) for value in (*more, None, None)[:2])
    return str(query_id), Query(
        str(question),
        _optional_str(article),
        Script(script),
        _optional_str(understood),
        _optional_str(place),
        tuple(str(part) for part in _list(focus)),
        near,
        besides,
    )


def _sentence_key(value: object) -> tuple[str, int] | None:
    """(article id, position) from its row value; None stays None, ValueError unless two values."""
    if value is None:
        return None
    article, position = _list(value)
    return str(article), _int(position)


def _turn(row: list[object]) -> Turn:
    """A turn from its row; rows written before `asked` and `listed` existed have three values."""
    question, article, at, *more = row
    asked, listed = more if more else (None, [])
    return Turn(
        str(question), _optional_str(article), _number(at), _optional_str(asked), tuple(str(n) for n in _list(listed))
    )


def _rows(value: object) -> list[list[object]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise TypeError("expected a list of rows")
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _int(value: object) -> int:
    number = _number(value)
    if number != int(number) or number < 0:
        raise ValueError(f"expected a count, got {value!r}")
    return int(number)


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
