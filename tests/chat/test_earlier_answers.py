"""The source of an answer given several turns back: 第一个答案是哪篇报道的?"""

from __future__ import annotations

import json

import pytest

from qa.chat.about_answer import earlier_answer
from qa.chat.conversation import AnswerPage, Conversation
from qa.models import AnswerKind
from qa.search.index import ReportIndex

WUZHOU, HEILONGJIANG = "001_e9e67510d88d065b", "000_ac913a60e2e490e0"
TALK = ("梧州扫黑除恶打掉了几个涉恶团伙?", "黑龙江诛雀行动立案多少起?", "抓了多少人?", "👍", "缴获了多少张银行卡?")


@pytest.mark.parametrize(
    ("message", "number"),
    [
        ("第一个答案是哪篇报道的", 1),
        ("第二个问题的答案出自哪篇报道", 2),
        ("最开始那个问题是哪篇文章说的", 1),
        ("第3个回答来自哪篇报道", 3),
        ("第一个答案是什么", None),  # not about a source
        ("哪篇报道说的", None),
    ],
)
def test_which_earlier_answer_a_source_question_counts(message: str, number: int | None) -> None:
    assert earlier_answer(message) == number


def test_the_source_of_the_first_answer_is_found_several_turns_back(seed_index: ReportIndex) -> None:
    conversation = Conversation(seed_index, context_turns=2)  # more turns than the follow-ups remember
    for message in TALK:
        conversation.handle(message, "a")
    reply = conversation.handle("第一个答案是哪篇报道的?", "a")
    assert isinstance(reply, AnswerPage)
    item = reply.answer.items[0]
    assert (item.article.id, item.kind) == (WUZHOU, AnswerKind.METADATA)
    author = conversation.handle("作者是谁?", "a")  # and that report is now the one in view
    assert isinstance(author, AnswerPage)
    assert author.answer.items[0].article.id == WUZHOU


def test_the_answers_remembered_survive_a_restart(seed_index: ReportIndex) -> None:
    conversation = Conversation(seed_index)
    for message in TALK:
        conversation.handle(message, "a")
    restored = Conversation(seed_index)
    assert restored.restore(json.loads(json.dumps(conversation.snapshot())))
    reply = restored.handle("第二个答案出自哪篇报道?", "a")
    assert isinstance(reply, AnswerPage)
    assert reply.answer.items[0].article.id == HEILONGJIANG
