"""Conversations about reports whose subjects are companies and a club, not places or bodies."""

from __future__ import annotations

import pytest

from qa.chat.conversation import AnswerPage, NoAnswer
from qa.chat.followup import Context, Move, read_message
from qa.models import AnswerKind
from qa.search.index import ReportIndex
from tests.conftest import converse


def first_answer(index: ReportIndex, *messages: str) -> AnswerPage:
    """The reply to the last message, sent after the others in one chat; it must be an answer."""
    reply = converse(index, *messages)
    assert isinstance(reply, AnswerPage), reply
    return reply


def test_a_company_a_title_names_is_carried_into_a_question_without_a_subject(firms_index: ReportIndex) -> None:
    reply = first_answer(firms_index, "华硕总部在哪?", "2015年销量排第几?")
    assert reply.understood_as is not None
    assert "华硕" in reply.understood_as
    assert "第四" in reply.answer.items[0].text


def test_a_question_naming_another_company_is_a_new_topic(firms_index: ReportIndex) -> None:
    context = Context("华硕总部在哪?", "asus", "華碩躋身亞洲十大IT公司 品牌價值達13億美元", "华硕总部在哪?")
    assert read_message("东芝会计造假涉及多少钱?", context, firms_index).move is Move.NEW


def test_a_question_naming_only_a_year_keeps_the_subject(firms_index: ReportIndex) -> None:
    context = Context(
        "阿森纳哪年降级到乙级联赛?", "arsenal", "阿森纳百年史话：从海布里到温布利", "阿森纳哪年降级到乙级联赛?"
    )
    reading = read_message("1979年赢了谁?", context, firms_index)
    assert reading.move is Move.CONTINUATION
    assert reading.question.startswith("阿森纳")


def test_a_count_asked_with_its_measure_keeps_the_subject(firms_index: ReportIndex) -> None:
    context = Context("阿森纳二战夺去了多少个球员的生命?", "arsenal", "", "阿森纳二战夺去了多少个球员的生命?")
    assert read_message("赢得了几届甲级联赛冠军?", context, firms_index).move is Move.CONTINUATION


@pytest.mark.parametrize("message", ["是哪年的事?", "哪一年?"])
def test_when_after_a_sentence_asks_when_it_happened_not_the_date_of_the_report(
    firms_index: ReportIndex, message: str
) -> None:
    reply = first_answer(firms_index, "东芝会计造假涉及多少钱?", message)
    item = reply.answer.items[0]
    assert item.kind is AnswerKind.SENTENCE
    assert "2015年" in item.text


def test_is_it_of_which_year_still_asks_the_date_of_the_report(firms_index: ReportIndex) -> None:
    reply = first_answer(firms_index, "东芝买下西屋花了多少钱?", "是哪年的?")
    assert reply.answer.items[0].kind is AnswerKind.METADATA


def test_another_company_swapped_in_takes_the_companys_place_and_decides_the_report(firms_index: ReportIndex) -> None:
    reply = converse(firms_index, "华硕总部在哪?", "品牌价值多少?", "东芝呢?")
    assert isinstance(reply, NoAnswer)  # the Toshiba report gives no brand value: never Asus's figure again
    assert reply.understood_as == "东芝品牌价值多少?"
    assert reply.answer.absent_terms == ("品牌价值",)


def test_a_name_in_the_title_of_the_report_in_view_is_a_thing_to_swap(firms_index: ReportIndex) -> None:
    context = Context("日产2010年全球销量多少辆?", "nissan", "", "日产2010年全球销量多少辆?")
    reading = read_message("那东芝呢?", context, firms_index)
    assert (reading.question, reading.place) == ("东芝2010年全球销量多少辆?", "东芝")
    inside = read_message("那本田呢?", context, firms_index)  # 本田 is in the Nissan report's own title
    assert inside.place is None
