"""Questions worded otherwise than the reports, on folders of a few short reports (`tests/data/{health,harvest}`).

The reports were assembled from DRCD and CMRC articles. A question may say an action or quality
in other words that keep the report's characters (少睡 / 减少睡眠), point with a demonstrative and
any measure word (那棵), or count in a measure (几岁); it must be answered with the sentence that
says it, while a question about what the reports never say (上瘾, 吃什么药) is still refused.
"""

from __future__ import annotations

import pytest

from qa.answers.answer import answer
from qa.models import Refusal
from qa.reports.corpus import load_corpus
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA, assert_answered


@pytest.fixture(scope="module")
def health_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "health"))


@pytest.fixture(scope="module")
def harvest_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "harvest"))


@pytest.fixture(scope="module")
def rail_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "rail"))


def test_a_verb_the_answer_words_otherwise_with_its_characters_isassert_answered(health_index: ReportIndex) -> None:
    # 少 and 睡 stand in the answer only inside 减少 and 睡眠: the same action in the report's words.
    assert_answered(health_index, "喝咖啡能少睡一點嗎", "caffeine", "並不能減少所需睡眠時間")


@pytest.mark.parametrize("question", ["咖啡因会不会上瘾", "高血压吃什么药好", "咖啡因喝多了会掉头发吗"])
def test_a_verb_whose_characters_the_answer_lacks_is_still_refused(health_index: ReportIndex, question: str) -> None:
    assert not answer(health_index, question).found


def test_a_demonstrative_with_any_measure_word_points_and_names_nothing(harvest_index: ReportIndex) -> None:
    # 那棵: 棵 is a measure word as 条 and 座 are, so 那棵 is no topic the reports lack.
    assert_answered(harvest_index, "那棵母树多少岁了", "lychee", "四百多年")


def test_an_age_asked_with_how_many_prefers_the_sentence_giving_it(health_index: ReportIndex) -> None:
    assert_answered(health_index, "亨丁顿舞蹈症一般几岁发病", "huntington", "40岁左右")


@pytest.mark.parametrize("question", ["咖啡因多久起作用", "咖啡因要多久才会起作用"])
def test_a_duration_asked_before_its_verb_is_looked_for_beyond_the_first_sentences(
    health_index: ReportIndex, question: str
) -> None:
    # 「多久」 before the verb asks the time as a final 「多久」 does; the sentence giving it (不到一個小時)
    # ranks below sentences naming 功效 and 作用.
    assert_answered(health_index, question, "caffeine", "不到一個小時")


def test_a_temperature_no_sentence_gives_is_not_answered_with_another_figure(rail_index: ReportIndex) -> None:
    assert not answer(rail_index, "漠河机场最冷的时候多少度").found


@pytest.mark.parametrize("question", ["增城挂绿为什么叫挂绿", "挂绿这个名字是怎么来的"])
def test_why_a_thing_is_called_so_prefers_the_sentence_telling_it(harvest_index: ReportIndex, question: str) -> None:
    assert_answered(harvest_index, question, "lychee", "故名挂绿")


def test_a_number_and_measure_no_report_writes_is_no_topic_the_report_lacks() -> None:
    # 一所 (哪一所学校): three DRCD articles of two paragraphs each (tests/data/encyclopedia), none writes it.
    index = build_index(load_corpus(DATA / "encyclopedia"))
    assert_answered(index, "武漢大學在民國初年為哪一所學校?", "whu", "國立武昌高等師範學校")


@pytest.mark.parametrize("question", ["漠河机场飞上海的航班几点", "黑龙江今天天气怎么样", "津蓟铁路的卧铺票多少钱"])
def test_a_question_the_rail_reports_do_not_answer_is_refused(rail_index: ReportIndex, question: str) -> None:
    assert not answer(rail_index, question).found


@pytest.mark.parametrize("question", ["咖啡因是哪一年被发现的", "亨丁顿舞蹈症是哪一年被列为罕见病的"])
def test_which_year_is_refused_when_no_sentence_gives_a_year(health_index: ReportIndex, question: str) -> None:
    # Before, a sentence naming the topic with no year at all was quoted (「直到很多年以后…」).
    result = answer(health_index, question)
    assert result.refusal is Refusal.NOT_SAID
    assert result.asked_field == "year"


def test_which_year_is_answered_by_the_sentence_giving_it(health_index: ReportIndex) -> None:
    assert_answered(health_index, "亨丁顿舞蹈症是哪一年发现的", "huntington", "1872年")


def test_which_day_is_answered_by_a_sentence_giving_a_day_or_refused(health_index: ReportIndex) -> None:
    # The 1872年 sentence gives a year, not the day asked: saying so beats quoting it as the answer.
    result = answer(health_index, "亨丁顿舞蹈症是哪一天被发现的")
    assert result.refusal is Refusal.NOT_SAID
    assert result.asked_field == "day"
    assert_answered(build_index(load_corpus(DATA / "rail")), "漠河机场是哪天动工的", "mohe", "2006年6月21日")


def test_how_many_years_prefers_a_number_of_years_to_a_calendar_year(health_index: ReportIndex) -> None:
    # 1872年 (the year it was found) outranks 寿命约只剩下15年; 「几年」 asks the latter.
    assert_answered(health_index, "得了亨丁顿舞蹈症还能活几年", "huntington", "15年")


def test_where_a_site_is_is_answered_by_the_sentence_locating_it(rail_index: ReportIndex) -> None:
    # An airport is located as a place is: 位于县城西林吉镇西南9公里处, not 「中国位置最北」.
    assert_answered(rail_index, "漠河机场在哪", "mohe", "西林吉镇西南9公里")
