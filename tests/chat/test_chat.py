"""The shared conversation on the bundled seeds: commands, questions, paging, bad input."""

from __future__ import annotations

import pytest

from qa.chat.conversation import (
    AnswerPage,
    Conversation,
    Help,
    NoAnswer,
    NotChinese,
    Notice,
    NoticeKind,
    SmallTalk,
    SourceDetail,
    SourceList,
    Welcome,
)
from qa.search.index import ReportIndex


@pytest.fixture
def conversation(seed_index: ReportIndex) -> Conversation:
    return Conversation(seed_index, max_results=3, remembered_queries=2)


def test_start_and_help_offer_examples_that_the_reports_answer(conversation: Conversation) -> None:
    welcome = conversation.handle("/start")
    assert isinstance(welcome, Welcome)
    assert welcome.report_count == 2
    assert welcome.examples
    assert isinstance(conversation.handle("/help"), Help)
    for example in welcome.examples:
        assert isinstance(conversation.handle(example), AnswerPage), example


def test_sources_lists_every_report(conversation: Conversation) -> None:
    reply = conversation.handle("/sources")
    assert isinstance(reply, SourceList)
    assert [e.number for e in reply.entries] == [1, 2]
    assert reply.entries[1].article.date == "2022-02-24"
    assert sum(e.sentence_count for e in reply.entries) == len(conversation.index.sentences)


@pytest.mark.parametrize("argument", ["", "0", "3", "abc", "-1", "1.5"])
def test_bad_source_numbers_get_a_notice(conversation: Conversation, argument: str) -> None:
    reply = conversation.handle(f"/source {argument}")
    assert isinstance(reply, Notice)
    assert reply.kind is NoticeKind.BAD_SOURCE_NUMBER
    assert reply.limit == 2


def test_source_detail(conversation: Conversation) -> None:
    reply = conversation.handle("/source 1")
    assert isinstance(reply, SourceDetail)
    assert reply.entry.article.publisher == "香港商报网"
    assert reply.entry.article.opening


def test_question_then_paging(conversation: Conversation) -> None:
    first = conversation.handle("梧州检察机关办结了多少件公益诉讼案件?", "chat-1")
    assert isinstance(first, AnswerPage)
    assert first.position == 0
    assert "250件" in first.answer.items[0].text
    second = conversation.handle("/next", "chat-1")
    assert isinstance(second, AnswerPage)
    assert second.position == 1
    back = conversation.handle("/prev", "chat-1")
    assert isinstance(back, AnswerPage)
    assert back.position == 0
    assert isinstance(conversation.handle("/prev", "chat-1"), Notice)


def test_paging_is_per_session(conversation: Conversation) -> None:
    conversation.handle("梧州发放了多少份调查问卷?", "chat-a")
    reply = conversation.handle("/next", "chat-b")
    assert isinstance(reply, Notice)
    assert reply.kind is NoticeKind.NOTHING_TO_PAGE


def test_forgotten_results_expire(conversation: Conversation) -> None:
    first = conversation.ask("梧州发放了多少份调查问卷?")
    assert isinstance(first, AnswerPage)
    conversation.ask("梧州召开了多少场座谈会?")
    conversation.ask("梧州扫黑除恶破案多少起?")
    reply = conversation.page(first.query_id, 1)
    assert isinstance(reply, Notice)
    assert reply.kind is NoticeKind.EXPIRED


def test_ask_command_and_bot_suffix(conversation: Conversation) -> None:
    assert isinstance(conversation.handle("/ask@SomeBot 梧州发放了多少份调查问卷?"), AnswerPage)
    assert isinstance(conversation.handle("/ask"), NoAnswer)


def test_unknown_command(conversation: Conversation) -> None:
    reply = conversation.handle("/launch_rockets now")
    assert isinstance(reply, Notice)
    assert reply.kind is NoticeKind.UNKNOWN_COMMAND


def test_stats_count_answers_and_refusals(conversation: Conversation) -> None:
    conversation.handle("梧州发放了多少份调查问卷?")
    conversation.handle("推荐一部好看的电影")
    assert (conversation.stats.questions, conversation.stats.answered, conversation.stats.refused) == (2, 1, 1)


@pytest.mark.parametrize(
    "message",
    ["", "   ", "。。。!!!", "😀🎉", "<b>bold</b> *md* [x](http://e.com)", "\x00\x1b[31m", "問" * 100_000],
)
def test_bad_input_gets_a_reply_never_an_exception(conversation: Conversation, message: str) -> None:
    reply = conversation.handle(message)
    assert isinstance(reply, AnswerPage | NoAnswer | NotChinese | Notice | SmallTalk)  # 😀🎉 is a nod
