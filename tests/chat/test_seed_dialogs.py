"""Conversations on the bundled seeds as a new user holds them: counting the reports, ordinals, honest notices."""

from __future__ import annotations

from qa.chat import Conversation
from qa.cli import reply_json
from qa.evaluation import evaluate_dialogs
from qa.search.index import ReportIndex
from tests.conftest import DATA


def test_conversations_on_the_seeds_count_articles_and_stay_honest(seed_index: ReportIndex) -> None:
    conversation = Conversation(seed_index)
    report = evaluate_dialogs(
        DATA / "seed_dialogs.jsonl",
        lambda message, session: reply_json(message, conversation.handle(message, session)),
    )
    assert report.misses == []
    assert report.right_turns == report.turns > 0


def test_conversations_on_the_seeds_as_people_talk(seed_index: ReportIndex) -> None:
    """Elliptical follow-ups, 详细说说, 是真的吗, 哪篇报道说的, going back, small talk between questions."""
    conversation = Conversation(seed_index)
    report = evaluate_dialogs(
        DATA / "seed_talk_dialogs.jsonl",
        lambda message, session: reply_json(message, conversation.handle(message, session)),
    )
    assert report.misses == []
    assert report.right_turns == report.turns > 0
