"""Questions on a folder of three short reports (`tests/data/fresh/`, text from DRCD and CMRC articles).

In such a folder every word the reports do not happen to use looks rare. A question worded as
people word it holds such words (离, 开始, 这条, the 人 of 多少人) and must still be answered, while
a question about a topic the reports never name (门票, 好玩) is still refused.
"""

from __future__ import annotations

import pytest

from qa.answers.answer import answer
from qa.reports.corpus import load_corpus
from qa.script import normalize
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA, assert_answered


@pytest.fixture(scope="module")
def fresh_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "fresh"))


@pytest.fixture(scope="module")
def unseen_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "unseen"))


@pytest.mark.parametrize(
    ("question", "article", "fragment"),
    [
        ("鹤庆离昆明多远", "heqing", "469公里"),  # 离: a common verb no report uses
        ("32B线什么时候开始有空调巴士", "bus", "2011年8月20日"),  # 开始
        ("九巴为什么不停驶32B", "bus", "反对"),
    ],
)
def test_a_common_verb_no_report_uses_does_not_refuse(
    fresh_index: ReportIndex, question: str, article: str, fragment: str
) -> None:
    assert_answered(fresh_index, question, article, fragment)


def test_the_unit_after_how_many_is_not_a_topic(fresh_index: ReportIndex) -> None:
    assert_answered(fresh_index, "鹤庆县有多少人", "heqing", "27.6075萬")  # 人 stands inside 万人, never alone


def test_how_high_is_a_question_word(fresh_index: ReportIndex) -> None:
    assert_answered(fresh_index, "当惹雍错海拔多高", "lake", "4528米")


def test_a_demonstrative_with_its_measure_is_no_topic(unseen_index: ReportIndex) -> None:
    assert_answered(unseen_index, "这条路投资了多少钱", "road", "21亿元")


@pytest.mark.parametrize(
    "question",
    ["当惹雍错的门票多少钱", "丽江古城有什么好玩的", "巴士车费多少钱", "当惹雍错几点开门", "当惹雍错能游泳吗"],
)  # 开门, 游泳: verbs less common than 离 or 开始 stay what the question asks about
def test_a_topic_the_reports_never_name_is_still_refused(fresh_index: ReportIndex, question: str) -> None:
    assert not answer(fresh_index, question).found


@pytest.mark.parametrize(
    ("question", "fragment"),
    [
        ("当惹雍错在哪里", "尼玛县"),  # 位于
        ("鹤庆县在哪里", "大理白族自治州下属"),  # 下属; the sentence's own article is titled 鹤庆县
    ],
)
def test_where_a_place_is_is_answered_by_a_sentence_that_locates_it(
    fresh_index: ReportIndex, question: str, fragment: str
) -> None:
    result = answer(fresh_index, question)
    assert result.found
    assert normalize(fragment) in normalize(result.items[0].display)


def test_a_count_is_answered_by_the_sentence_giving_it_in_its_measure(unseen_index: ReportIndex) -> None:
    assert_answered(unseen_index, "宾川祥云快速路建了几座桥", "road", "桥梁18座")


def test_how_long_is_answered_by_a_sentence_giving_a_duration(unseen_index: ReportIndex) -> None:
    assert_answered(unseen_index, "停水要停多久", "water", "22时至5月15日6时")  # not the first sentence saying 停水


def test_a_name_only_the_title_gives_is_answered_by_the_title(unseen_index: ReportIndex) -> None:
    result = answer(unseen_index, "台风叫什么名字")  # the body says 台风, the title 颱風「山竹」
    assert result.found
    top = result.items[0]
    assert (top.article.id, top.field) == ("typhoon", "title")
    assert "山竹" in top.display


@pytest.fixture(scope="module")
def sights_index() -> ReportIndex:
    return build_index(load_corpus(DATA / "sights"))


@pytest.mark.parametrize(
    ("folder", "question", "article", "fragment"),
    [
        ("unseen", "停水影响多少户", "water", "3.2万户"),
        ("sights", "龟山岛原来的居民搬去哪了", "guishan", "頭城大溪"),
        ("sights", "桂湖那边可以看什么花", "guihu", "桂花"),
    ],
)
def test_a_report_named_by_its_title_word_answers_what_it_says(
    unseen_index: ReportIndex, sights_index: ReportIndex, folder: str, question: str, article: str, fragment: str
) -> None:
    # Title expansion puts 停水 / 龟山岛 in every sentence of their report: in a folder this small
    # they weighed almost nothing next to a word no report writes (原来, 看), and were refused.
    assert_answered(unseen_index if folder == "unseen" else sights_index, question, article, fragment)


def test_a_paraphrase_keeping_a_character_of_the_answer_isassert_answered(unseen_index: ReportIndex) -> None:
    assert_answered(unseen_index, "南宁哪里可以接水", "water", "供水点")  # 接水 keeps the 水 of 供水点


@pytest.mark.parametrize(
    ("folder", "question"),
    [
        ("unseen", "花莲有什么好吃的"),  # the report named, what is asked of it (好吃) nowhere
        ("fresh", "当惹雍错的门票多少钱"),
        ("sights", "龟山岛门票多少钱"),
        ("unseen", "上海停水影响多少户"),  # a place no report names
        ("sights", "桂湖的门票贵不贵"),
    ],
)
def test_what_a_named_report_of_a_small_folder_does_not_say_is_refused(
    unseen_index: ReportIndex, fresh_index: ReportIndex, sights_index: ReportIndex, folder: str, question: str
) -> None:
    index = {"unseen": unseen_index, "fresh": fresh_index, "sights": sights_index}[folder]
    result = answer(index, question)
    assert not result.found, result.items[0].display


def test_a_yes_no_question_answered_no_quotes_the_contrasting_sentence_without_a_notice(
    fresh_index: ReportIndex,
) -> None:
    # The report says 咸水湖: that answers 「是淡水湖吗」, and 淡水 is no topic the reports miss.
    assert_answered(fresh_index, "当惹雍错是淡水湖吗", "lake", "咸水湖")


def test_an_area_written_in_square_metres_answers_how_big(sights_index: ReportIndex) -> None:
    assert_answered(sights_index, "桂湖有多大", "guihu", "46,600m²")  # m² reads m2 in matching form


def test_a_spoken_particle_ending_a_question_is_not_a_topic(fresh_index: ReportIndex) -> None:
    assert_answered(fresh_index, "当惹雍错海拔多高哈", "lake", "4528米")  # jieba cuts 多高哈, no report's word


def test_how_long_a_thing_is_is_answered_by_the_sentence_saying_its_length(fresh_index: ReportIndex) -> None:
    # 「约120公里左右大路」 is a distance in the same report, not the lake's length.
    assert_answered(fresh_index, "当惹雍错有多长", "lake", "长71.7公里")


@pytest.mark.parametrize(
    ("question", "article", "fragment"),
    [
        ("颱風會在什麼地方登陸", "typhoon", "花蓮附近登陸"),  # no report writes 地方: the answer names the place
        ("快速路在什么时期开工", "road", "2023年10月"),  # nor 时期: the answer gives the date
    ],
)
def test_an_everyday_kind_of_answer_no_report_writes_does_not_refuse(
    unseen_index: ReportIndex, question: str, article: str, fragment: str
) -> None:
    assert_answered(unseen_index, question, article, fragment)


@pytest.mark.parametrize("question", ["台风在什么地方造成了损失", "停水的通知是个什么文件"])
def test_an_everyday_kind_of_answer_does_not_let_an_unsaid_topic_through(
    unseen_index: ReportIndex, question: str
) -> None:
    assert not answer(unseen_index, question).found  # 损失 is not said; 「是个什么文件」 asks what it is
