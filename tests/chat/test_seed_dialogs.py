"""Conversations on the bundled seeds as a new user holds them: counting the reports, ordinals, honest notices."""

from __future__ import annotations

from qa.search.index import ReportIndex
from tests.conftest import DATA, assert_every_turn_right


def test_conversations_on_the_seeds_count_articles_and_stay_honest(seed_index: ReportIndex) -> None:
    assert_every_turn_right(seed_index, DATA / "seed_dialogs.jsonl")


def test_conversations_on_the_seeds_as_people_talk(seed_index: ReportIndex) -> None:
    """Elliptical follow-ups, 详细说说, 是真的吗, 哪篇报道说的, going back, small talk between questions."""
    assert_every_turn_right(seed_index, DATA / "seed_talk_dialogs.jsonl")
