"""Questions that compare the reports themselves, and asking for the list again."""

from __future__ import annotations

import pytest

from qa.chat.compare import asks_difference, dated_extreme
from qa.chat.conversation import AnswerPage, Conversation, Notice
from qa.reports.corpus import load_corpus
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA, converse

WUZHOU, HEILONGJIANG = "001_e9e67510d88d065b", "000_ac913a60e2e490e0"


@pytest.fixture(scope="module")
def campaigns_dir_index() -> ReportIndex:
    """Two reports giving figures of several campaigns."""
    return build_index(load_corpus(DATA / "campaigns"))


def last_reply(index: ReportIndex, *messages: str) -> AnswerPage:
    reply = converse(index, *messages)
    assert isinstance(reply, AnswerPage), reply
    return reply


@pytest.mark.parametrize(
    ("message", "newest"),
    [
        ("哪篇更新", True),
        ("哪一篇报道是最近发的", True),
        ("哪篇最早", False),
        ("哪篇先发的", False),
        ("哪篇最后发布", True),
    ],
)
def test_which_report_is_newest_or_oldest_is_read_from_the_header_dates(
    firms_index: ReportIndex, message: str, newest: bool
) -> None:
    article = dated_extreme(message, firms_index.articles)
    assert article is not None
    assert article.id == ("arsenal" if newest else "nissan")  # 2019-08-15 and 2011-04-28


def test_no_report_is_newest_when_one_states_no_date(firms_index: ReportIndex) -> None:
    undated = [*firms_index.articles[:3], *(a.__class__(a.id, a.title, a.path) for a in firms_index.articles[3:])]
    assert dated_extreme("哪篇更新", undated) is None
    assert dated_extreme("梧州哪年更新了设备", firms_index.articles) is None


def test_the_newest_report_answers_with_its_date_line(seed_index: ReportIndex) -> None:
    reply = last_reply(seed_index, "哪篇报道更新?")
    assert reply.answer.items[0].article.id == WUZHOU
    assert "2022-02-24" in reply.answer.items[0].text


@pytest.mark.parametrize("message", ["两篇报道有什么不同", "这些文章的区别是什么", "它们有啥区别"])
def test_how_the_reports_differ_is_asked_as_what_each_is_about(message: str) -> None:
    assert asks_difference(message)


def test_a_difference_of_something_else_is_a_question_of_its_own() -> None:
    assert not asks_difference("城乡差别")


def test_how_the_reports_differ_lists_what_each_is_about(seed_index: ReportIndex) -> None:
    reply = last_reply(seed_index, "两篇报道有什么不同?")
    assert reply.answer.listing
    assert [item.article.id for item in reply.answer.items] == [HEILONGJIANG, WUZHOU]


def test_asking_for_the_list_after_a_listing_shows_it_again(seed_index: ReportIndex) -> None:
    reply = last_reply(seed_index, "一共几篇报道?", "都有哪些?")
    assert reply.answer.listing
    assert len(reply.answer.items) == 2


def test_asking_for_the_list_after_a_sentence_shows_its_paragraph(seed_index: ReportIndex) -> None:
    reply = last_reply(seed_index, "梧州推出了多少项为民服务清单?", "列一下")
    assert reply.detailed


def test_which_is_more_puts_the_larger_figure_of_the_measure_asked_first(campaigns_dir_index: ReportIndex) -> None:
    conversation = Conversation(campaigns_dir_index)
    for message in ("湖南公安抓获非法集资犯罪嫌疑人多少名?", "电信诈骗呢?"):
        conversation.handle(message, "a")
    more = conversation.handle("哪个多?", "a")
    assert isinstance(more, AnswerPage)
    assert more.answer.listing
    assert ["6415名" in item.text for item in more.answer.items] == [True, False]
    fewer = conversation.handle("哪个少?", "a")
    assert isinstance(fewer, AnswerPage)
    assert "870名" in fewer.answer.items[0].text


def test_which_is_more_with_one_answer_asks_for_the_whole_question(campaigns_dir_index: ReportIndex) -> None:
    assert isinstance(converse(campaigns_dir_index, "湖南公安抓获非法集资犯罪嫌疑人多少名?", "哪个多?"), Notice)


@pytest.mark.parametrize(
    ("question", "text", "figure"),
    [
        ("抓获犯罪嫌疑人多少名?", "共抓获犯罪嫌疑人6,415名。", 6415.0),
        ("罚没款多少万元?", "罚没款3200万元,移送公安机关46件。", 3200.0),
        ("立案多少起?", "立案312起,同比减少20起。", None),  # two figures in 起: nothing decides
        ("涉案金额是多少?", "涉案金额48.6亿元。", None),  # no measure asked
    ],
)
def test_the_figure_compared_is_the_one_in_the_measure_asked(question: str, text: str, figure: float | None) -> None:
    from qa.chat.compare import figure_of

    assert figure_of(question, text) == figure


def test_which_is_more_compares_two_different_sentences(city_index: ReportIndex) -> None:
    reply = last_reply(
        city_index, "白河县公安机关打掉了几个团伙?", "那青山市呢?", "是真的吗?", "打掉了几个团伙?", "哪个多?"
    )
    assert [item.article.id for item in reply.answer.items] == ["qingshan", "baihe"]  # 15个 before 4个


@pytest.mark.parametrize(
    ("message", "listing"),
    [
        ("两篇都是同一个人写的吗", "每篇报道的作者是谁?"),
        ("这两篇是同一家媒体发的吗", "每篇报道的来源是哪里?"),
        ("它们是同一天发布的吗", "每篇报道是哪天发布的?"),
        ("是同一个人吗", None),  # of no reports
    ],
)
def test_whether_the_reports_share_a_header_fact_lists_it(message: str, listing: str | None) -> None:
    from qa.chat.compare import same_field_question

    assert same_field_question(message) == listing


@pytest.mark.parametrize(
    ("message", "article"), [("哪篇是香港商报的?", HEILONGJIANG), ("有没有梧州日报的报道?", WUZHOU)]
)
def test_the_report_a_publisher_names_is_found_by_its_header(
    seed_index: ReportIndex, message: str, article: str
) -> None:
    reply = last_reply(seed_index, message)
    assert reply.answer.items[0].article.id == article


def test_whether_the_reports_mention_something_is_no_question_about_the_answer(seed_index: ReportIndex) -> None:
    reply = last_reply(seed_index, "梧州公益诉讼案件办结了多少件?", "有没有提到扫黑除恶?")
    assert not reply.is_page
    assert "掃黑除惡" in reply.answer.items[0].text  # as the report writes it
