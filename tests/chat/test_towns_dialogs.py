"""Conversations over reports made of real encyclopedia paragraphs (tests/data/towns, from DRCD)."""

from __future__ import annotations

import pytest

from qa.chat import Conversation
from qa.chat.conversation import NoAnswer
from qa.reports.corpus import load_corpus
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA, assert_every_turn_right


@pytest.fixture(scope="module")
def towns_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "towns"))


def test_conversations_on_other_reports_follow_up_page_and_cite(towns_index: ReportIndex) -> None:
    assert_every_turn_right(towns_index, DATA / "towns_dialogs.jsonl")


def test_a_place_whose_report_does_not_answer_is_no_other_places_answer(towns_index: ReportIndex) -> None:
    conversation = Conversation(towns_index)
    conversation.handle("中山的計程車起步多少錢?", "a")
    reply = conversation.handle("新北市的呢?", "a")
    assert isinstance(reply, NoAnswer)
    assert reply.understood_as is not None
    assert "新北市" in reply.understood_as


def test_a_courtesy_before_a_new_question_is_no_part_of_its_topic(towns_index: ReportIndex) -> None:
    from qa.chat.followup import read_message

    assert read_message("谢谢！新北市有几个区?", None, towns_index).question == "新北市有几个区?"


def test_a_place_jieba_takes_for_a_person_still_takes_the_places_place(towns_index: ReportIndex) -> None:
    from qa.chat.followup import Context, read_message

    context = Context("中山市有几个区?", "zhongshan", "", "中山市有几个区?")
    reading = read_message("那马祖呢?", context, towns_index)
    assert (reading.question, reading.place) == ("马祖有几个区?", "马祖")  # 马祖 is tagged nr
