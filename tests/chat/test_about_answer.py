"""Messages about the answer in view: what they ask, read on the bare message."""

from __future__ import annotations

import pytest

from qa.chat.about_answer import AboutAnswer, about_answer, without_correction, without_deixis
from qa.chat.followup import bare
from qa.script import normalize


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("详细说说", AboutAnswer.DETAIL),
        ("能不能具体讲讲?", AboutAnswer.DETAIL),
        ("詳細說說", AboutAnswer.DETAIL),
        ("原文怎么说的?", AboutAnswer.DETAIL),
        ("给我看看上下文", AboutAnswer.DETAIL),
        ("是真的吗?", AboutAnswer.AGAIN),
        ("這是真的嗎？", AboutAnswer.AGAIN),
        ("你确定吗", AboutAnswer.AGAIN),
        ("再说一遍", AboutAnswer.AGAIN),
        ("哪篇报道说的?", AboutAnswer.SOURCE),
        ("哪篇報導說的?", AboutAnswer.SOURCE),
        ("这是从哪里看到的", AboutAnswer.SOURCE),
        ("出处呢?", AboutAnswer.SOURCE),
        ("有出处吗", AboutAnswer.SOURCE),
        ("回到刚才那个问题", AboutAnswer.BACK),
        ("刚才那个问题，再说一遍", AboutAnswer.BACK),
    ],
)
def test_ways_of_speaking_about_the_answer_in_view(message: str, kind: AboutAnswer) -> None:
    assert about_answer(bare(message)) is kind


@pytest.mark.parametrize(
    "message",
    [
        "公安机关破获了多少起刑事案件?",
        "真实数据是多少",
        "出租车起步价是多少",
        "问题整改率是多少",
        "哪篇报道提到了扫黑除恶?",
    ],
)
def test_questions_of_their_own_are_not_about_the_answer(message: str) -> None:
    assert about_answer(bare(message)) is None


def test_a_pointer_back_leaves_the_question_it_points_with() -> None:
    assert without_deixis(bare("上面说的整改率是多少?")) == "整改率是多少"
    assert without_deixis(bare("文中提到的供水点有几个")) == "供水点有几个"
    assert without_deixis(bare("整改率是多少?")) is None


@pytest.mark.parametrize(
    ("message", "rest"),
    [("不是，我问的是检察院", "检察院"), ("我是说梧州", "梧州"), ("不对，是去年的", "去年的"), ("不是34个吗", None)],
)
def test_a_correction_leaves_what_it_means(message: str, rest: str | None) -> None:
    assert without_correction(normalize(message)) == rest
