"""Questions worded otherwise than the reports, on folders of a few short reports (`tests/data/{health,harvest}`).

The reports were assembled from DRCD and CMRC articles. A question may say an action or quality
in other words that keep the report's characters (少睡 / 减少睡眠), point with a demonstrative and
any measure word (那棵), or count in a measure (几岁); it must be answered with the sentence that
says it, while a question about what the reports never say (上瘾, 吃什么药) is still refused.
"""

from __future__ import annotations

import pytest

from qa.answers.answer import answer
from qa.reports.corpus import load_corpus
from qa.script import normalize
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA


@pytest.fixture(scope="module")
def health_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "health"))


@pytest.fixture(scope="module")
def harvest_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "harvest"))


@pytest.fixture(scope="module")
def rail_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "rail"))


def _answered(index: ReportIndex, question: str, article: str, fragment: str) -> None:
    result = answer(index, question)
    assert result.found, result.refusal
    top = result.items[0]
    assert top.article.id == article
    assert normalize(fragment) in normalize(top.display + "".join(top.context_before + top.context_after))
    assert not result.missing_terms


def test_a_verb_the_answer_words_otherwise_with_its_characters_is_answered(health_index: ReportIndex) -> None:
    # 少 and 睡 stand in the answer only inside 减少 and 睡眠: the same action in the report's words.
    _answered(health_index, "喝咖啡能少睡一點嗎", "caffeine", "並不能減少所需睡眠時間")


@pytest.mark.parametrize("question", ["咖啡因会不会上瘾", "高血压吃什么药好", "咖啡因喝多了会掉头发吗"])
def test_a_verb_whose_characters_the_answer_lacks_is_still_refused(health_index: ReportIndex, question: str) -> None:
    assert not answer(health_index, question).found


def test_a_demonstrative_with_any_measure_word_points_and_names_nothing(harvest_index: ReportIndex) -> None:
    # 那棵: 棵 is a measure word as 条 and 座 are, so 那棵 is no topic the reports lack.
    _answered(harvest_index, "那棵母树多少岁了", "lychee", "四百多年")


def test_an_age_asked_with_how_many_prefers_the_sentence_giving_it(health_index: ReportIndex) -> None:
    _answered(health_index, "亨丁顿舞蹈症一般几岁发病", "huntington", "40岁左右")


def test_a_degree_adverb_glued_to_its_adjective_is_not_weighed(harvest_index: ReportIndex) -> None:
    # 最贵 is 最 + 贵: the report says the price 高达50万元, never 最贵.
    _answered(harvest_index, "挂绿荔枝最贵拍到多少钱一颗", "lychee", "50万元")


def test_a_duration_is_looked_for_beyond_the_first_few_sentences(health_index: ReportIndex) -> None:
    # The sentence giving the time (不到一個小時) ranks sixth: sentences naming 功效 and 作用 come first.
    _answered(health_index, "咖啡因多久起效", "caffeine", "不到一個小時")


@pytest.mark.parametrize("question", ["增城挂绿为什么叫挂绿", "挂绿这个名字是怎么来的"])
def test_why_a_thing_is_called_so_prefers_the_sentence_telling_it(harvest_index: ReportIndex, question: str) -> None:
    _answered(harvest_index, question, "lychee", "故名挂绿")


def test_an_adverb_no_report_writes_is_no_topic_the_report_lacks(rail_index: ReportIndex) -> None:
    # 互相 (an adverb) names nothing: the question asks what the 广茂 report says, 与黎湛铁路…连接.
    _answered(rail_index, "广茂铁路在茂名和哪条铁路互相连接", "guangmao", "黎湛铁路")


@pytest.mark.parametrize("question", ["漠河机场飞上海的航班几点", "黑龙江今天天气怎么样", "津蓟铁路的卧铺票多少钱"])
def test_a_question_the_rail_reports_do_not_answer_is_refused(rail_index: ReportIndex, question: str) -> None:
    assert not answer(rail_index, question).found
