"""On the bundled seeds: questions worded as people word them, and questions the reports only half cover.

Each failure here was a confident quotation once: a definition, a way to act, a size or an
office-holder asked about a topic the reports mention, a spoken word for a written one, or a
question jieba cut across a word the reports write.
"""

from __future__ import annotations

import pytest

from qa.answers.answer import answer
from qa.chat.phrases import no_answer_lines
from qa.models import AnswerItem, Refusal
from qa.script import normalize
from qa.search.index import ReportIndex


def _top(index: ReportIndex, question: str) -> AnswerItem:
    """The first answer to a question that must be answered."""
    result = answer(index, question)
    assert result.found, result.refusal
    return result.items[0]


@pytest.mark.parametrize(
    ("question", "mentioned"),
    [
        ("扫黑除恶是什么意思", "扫黑除恶"),
        ("电信诈骗怎么防范", "电信诈骗"),
        ("黑龙江有多大", "黑龙江"),
        ("黑龙江省委书记是谁", "书记"),  # the report names the 常务副书记, not the 书记
        ("郝伟夫今年多大", "郝伟夫"),  # an age, not a figure of his work
        ("哈尔滨在哪里", "哈尔滨"),  # listed among the cities that built a centre, never located
        ("绥化在哪儿？", "绥化"),
        ("梧州法院执行到位多少钱", "法院"),  # a sum: no sentence of the 梧州 report gives one in 元
        ("梧州有几个区", "梧州"),  # the best sentence only repeats 梧州 (「平安梧州、法治梧州建设…」)
        ("微信二维码怎么扫", "微信二维码"),  # the sentence uses a code to make forms; it never says 扫
        ("电信诈骗是干什么的", "电信诈骗"),  # what it is for: the reports only fight it
    ],
)
def test_what_the_reports_mention_but_do_not_say_gets_a_notice_not_a_quotation(
    seed_index: ReportIndex, question: str, mentioned: str
) -> None:
    result = answer(seed_index, question)
    assert not result.found
    assert result.refusal is Refusal.NOT_SAID
    assert mentioned in result.mentioned
    assert any(f"“{mentioned}”" in line and "但没有" in line for line in no_answer_lines(result))


@pytest.mark.parametrize("question", ["黑龙江省长是谁", "梧州市长是谁", "哈尔滨市长是谁？"])
def test_an_office_the_reports_never_name_is_not_answered_with_the_place(
    seed_index: ReportIndex, question: str
) -> None:
    assert not answer(seed_index, question).found


@pytest.mark.parametrize(
    ("question", "article", "contains"),
    [
        ("黑龙江食药环犯罪破了多少起案子?", "000_", "1237"),  # 案子: the report writes 案件
        ("梧州检察院办了多少公益诉讼的案子？", "001_", "250"),
        ("黑龍江偵破了多少起食藥環案件？", "000_", "1237"),  # cut 起食 + 药环 across 食药环
        ("黑龙江信访积案化解了百分之多少", "000_", "70%"),  # 百分之 is the frame, not a topic
        ("梧州發了多少份問卷", "001_", "2万余份"),  # 发了 is no missing topic
        ("黑龙江破案多少起", "000_", "3479起"),  # 破案: the Heilongjiang report says 破获
    ],
)
def test_colloquial_and_badly_cut_questions_are_answered_without_a_notice(
    seed_index: ReportIndex, question: str, article: str, contains: str
) -> None:
    result = answer(seed_index, question)
    assert result.found
    top = result.items[0]
    assert top.article.id.startswith(article)
    assert normalize(contains) in normalize(top.display)
    assert result.missing_terms == ()
    assert result.absent_terms == ()


def test_the_deputy_asked_for_is_answered_with_the_sentence_naming_him(seed_index: ReportIndex) -> None:
    result = answer(seed_index, "黑龙江政法委常务副书记是谁")
    assert result.found
    assert "郝伟夫" in normalize(result.items[0].display)


def test_an_office_the_named_report_lacks_is_said_to_be_missing_there(seed_index: ReportIndex) -> None:
    result = answer(seed_index, "梧州市委书记是谁")
    assert result.refusal is Refusal.NOT_IN_NAMED
    assert result.absent_terms == ("书记",)


def test_a_sentence_that_only_repeats_the_place_does_not_answer(seed_index: ReportIndex) -> None:
    top = _top(seed_index, "梧州办了多少件实事")  # was 「平安梧州、法治梧州建设，一步一个脚印，坚定前行。」
    assert "实事" in normalize(top.display)


def test_a_sum_asked_for_is_answered_by_a_figure_in_yuan(seed_index: ReportIndex) -> None:
    assert "243万余元" in normalize(_top(seed_index, "農民工討薪追回了多少錢").display)


@pytest.mark.parametrize("question", ["郝伟夫是什么职务", "郝伟夫是谁"])
def test_a_persons_office_is_answered_by_the_sentence_naming_it(seed_index: ReportIndex, question: str) -> None:
    top = _top(seed_index, question)  # not 「郝伟夫介绍，省直政法单位…」, where he only speaks
    assert "常务副书记" in normalize(top.display)


@pytest.mark.parametrize(
    ("question", "field", "line"),
    [("张晓磊是谁", "authors", "记者 张晓磊"), ("徐慧是谁", "editor", "编辑:徐慧"), ("赵书琪是谁", "editor", "赵书琪")],
)
def test_a_name_only_a_header_credits_is_answered_by_the_credit(
    seed_index: ReportIndex, question: str, field: str, line: str
) -> None:
    top = _top(seed_index, question)
    assert (top.kind.value, top.field) == ("metadata", field)
    assert line in normalize(top.display)


@pytest.mark.parametrize(
    ("question", "contains"),
    [
        ("请问一下啊，就是我想知道梧州那边的政法系统开展了多少件我为群众办实事的事情，谢谢你了哈", "10274"),
        ("麻烦问下黑龙江农民工讨薪追回多少钱 谢谢", "243万余元"),  # 钱 of 多少钱 is the frame, though 钱 is written
        ("你好，梧州推出了多少项便民举措", "599项"),  # a greeting is no topic no report mentions
    ],
)
def test_a_chatty_message_is_answered_as_its_question(seed_index: ReportIndex, question: str, contains: str) -> None:
    assert contains in normalize(_top(seed_index, question).display)


def test_a_question_word_glued_to_its_verb_is_no_topic(seed_index: ReportIndex) -> None:
    # jieba cuts 干什么 as one word no report writes; it weighed as the rarest and sank the answer.
    result = answer(seed_index, "梧州的政法为民服务团是干什么的?")
    assert result.found
    assert "政法为民服务团" in normalize(result.items[0].text)


def test_what_a_person_does_is_no_definition_to_demand(seed_index: ReportIndex) -> None:
    # Of a person 「是做什么的」 asks an occupation, worded any way (「他本身为注册西医」): no NOT_SAID.
    assert answer(seed_index, "郝伟夫是做什么的?").refusal is not Refusal.NOT_SAID
