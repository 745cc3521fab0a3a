"""Questions about the articles themselves, header forms, the named place, and honest notices."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answers.answer import answer
from qa.answers.article_questions import ArticleField, QuestionKind, parse_article_question
from qa.chat.phrases import answer_notices, no_answer_lines
from qa.models import AnswerKind, Refusal
from qa.reports.corpus import load_corpus, parse_report
from qa.script import normalize
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA, SEEDS


@pytest.fixture(scope="module")
def articles() -> ReportIndex:
    """Three hand-written reports with three header forms (date-first, 年月日, 发布时间 + 【来源】)."""
    return build_index(load_corpus(DATA / "articles"))


@pytest.mark.parametrize(
    ("text", "date", "publisher", "authors", "editor"),
    [
        (
            "标题\n2026-03-18 来源:钱江晚报 作者:王晓明 编辑:李娜\n正文一句话。",
            "2026-03-18",
            "钱江晚报",
            ("王晓明",),
            "李娜",
        ),
        ("标题\n2026年3月18日 来源：钱江晚报\n正文一句话。", "2026-03-18", "钱江晚报", (), None),
        ("标题\n发布时间：2026-03-18 10:00 【来源：新华社】\n正文一句话。", "2026-03-18", "新华社", (), None),
        ("标题\n时间:2026-03-18 来源:某报\n正文一句话。\n（记者 张晓磊）", "2026-03-18", "某报", ("张晓磊",), None),
        (
            "标题\n2026/3/18\n正文一句话。\n（通讯员 李四 王五）\n[责任编辑:赵书琪 ]",
            "2026-03-18",
            None,
            ("李四", "王五"),
            "赵书琪",
        ),
    ],
)
def test_header_forms_are_read_and_never_become_headings(
    text: str, date: str, publisher: str | None, authors: tuple[str, ...], editor: str | None
) -> None:
    article, body = parse_report("x", Path("x.txt"), text)
    assert (article.date, article.publisher, article.authors, article.editor) == (date, publisher, authors, editor)
    assert [sentence.text for sentence in body] == ["正文一句话。"]
    assert all(sentence.heading is None for sentence in body)
    assert article.header_line("date") is not None


def test_a_parenthesised_remark_is_not_a_byline() -> None:
    article, _ = parse_report("x", Path("x.txt"), "标题\n正文一句话。\n（完）\n")
    assert article.authors == ()


@pytest.mark.parametrize(
    ("question", "kind", "field"),
    [
        ("这篇报道是谁写的?", QuestionKind.FIELD, ArticleField.AUTHORS),
        ("作者是谁?", QuestionKind.FIELD, ArticleField.AUTHORS),
        ("梧州那篇文章是哪天发布的?", QuestionKind.FIELD, ArticleField.DATE),
        ("黑龙江的报道是哪个媒体发的?", QuestionKind.FIELD, ArticleField.PUBLISHER),
        ("这篇报道的来源是哪里", QuestionKind.FIELD, ArticleField.PUBLISHER),
        ("黑龙江那篇文章的编辑是谁?", QuestionKind.FIELD, ArticleField.EDITOR),
        ("标题是什么", QuestionKind.FIELD, ArticleField.TITLE),
        ("那篇报道的副标题是什么", QuestionKind.FIELD, ArticleField.SUBTITLE),
        ("哪篇报道提到了扫黑除恶?", QuestionKind.MENTION, None),
        ("报告里有没有提到上海?", QuestionKind.MENTION, None),
        ("李继远写了什么", QuestionKind.WORKS, ArticleField.TITLE),
        ("张晓磊还写了什么", QuestionKind.WORKS, ArticleField.TITLE),  # 还: besides the one in view
        ("李继远还写过别的吗", QuestionKind.WORKS, ArticleField.TITLE),
        ("这两篇都是讲什么的", QuestionKind.FIELD, ArticleField.TITLE),  # what they are about: their titles
        ("报告都写了什么", QuestionKind.FIELD, ArticleField.TITLE),  # not the works of an author named 报告
        ("张晓磊是谁", QuestionKind.CREDIT, None),
    ],
)
def test_questions_about_articles_are_recognised(question: str, kind: QuestionKind, field: ArticleField | None) -> None:
    parsed = parse_article_question(normalize(question))
    assert parsed is not None
    assert (parsed.kind, parsed.field) == (kind, field)


@pytest.mark.parametrize(
    "question",
    [
        "黑龙江政法队伍的新闻发布会是哪个单位召开的?",
        "司法行政機關組織法律工作者深入了多少家企業?",
        "公安机关在全区率先创立了什么网办服务中心?",
        "记者从哪里获悉?",
        "检察院的电话是多少?",
    ],
)
def test_content_questions_are_not_about_articles(question: str) -> None:
    assert parse_article_question(normalize(question)) is None


def test_the_named_article_answers_with_its_header_line(articles: ReportIndex) -> None:
    result = answer(articles, "杭州那篇报道是谁写的?")
    (item,) = result.items
    assert item.article.id == "qianjiang"
    assert (item.kind, item.field) == (AnswerKind.METADATA, "authors")
    assert item.text == "2026-03-18 来源:钱江晚报 作者:王晓明 编辑:李娜"
    assert item.display[item.highlights[0].start : item.highlights[0].end] == "王晓明"


@pytest.mark.parametrize(
    ("question", "article", "field", "value"),
    [
        ("苏州的文章是哪天发布的?", "suzhou", "date", "2026年4月2日"),
        ("温州那篇报道的来源是哪里?", "wenzhou", "publisher", "温州日报"),
        ("钱江晚报那篇的编辑是谁?", "qianjiang", "editor", "李娜"),
        ("苏州那篇报道的副标题是什么?", "suzhou", "subtitle", "加装电梯"),
        ("温州那篇的记者是谁?", "wenzhou", "authors", "赵大伟"),
        ("王晓明写了什么", "qianjiang", "title", "杭州市推进老旧小区改造"),
    ],
)
def test_each_field_question_kind(articles: ReportIndex, question: str, article: str, field: str, value: str) -> None:
    result = answer(articles, question)
    assert [(item.article.id, item.field) for item in result.items] == [(article, field)]
    assert value in result.items[0].display
    assert not answer_notices(result)


def test_no_article_named_lists_every_report(articles: ReportIndex) -> None:
    result = answer(articles, "这些报道是哪天发布的?", k=1)
    assert result.listing
    assert [item.article.id for item in result.items] == ["qianjiang", "suzhou", "wenzhou"]


def test_the_conversation_article_answers_a_subjectless_question(articles: ReportIndex) -> None:
    result = answer(articles, "作者是谁?", article=1)
    assert [item.article.id for item in result.items] == ["suzhou"]
    assert "陈小红" in result.items[0].display


def test_a_fact_the_header_does_not_state_is_said_so(articles: ReportIndex) -> None:
    result = answer(articles, "温州那篇文章的编辑是谁?")
    assert not result.found
    assert result.refusal == Refusal.NOT_STATED
    assert "没有注明编辑" in "".join(no_answer_lines(result))


def test_mentions_quote_the_sentence_that_mentions(articles: ReportIndex) -> None:
    result = answer(articles, "哪篇报道提到了加装电梯?")
    assert [(item.article.id, item.kind) for item in result.items] == [("suzhou", AnswerKind.MENTION)]
    missing = answer(articles, "报告里有没有提到上海?")
    assert not missing.found
    assert missing.missing_terms == ("上海",)


def test_the_place_a_question_names_decides_the_article(articles: ReportIndex) -> None:
    for place, article in (("杭州", "qianjiang"), ("苏州", "suzhou")):
        result = answer(articles, f"{place}计划改造多少个老旧小区?")
        assert result.items[0].article.id == article
        assert not answer_notices(result)


def test_a_named_place_whose_report_lacks_the_topic_is_told(articles: ReportIndex) -> None:
    result = answer(articles, "温州计划改造多少个老旧小区?")
    assert not result.found
    assert result.refusal == Refusal.NOT_IN_NAMED
    assert "植树" in "".join(no_answer_lines(result))


def test_header_names_are_never_called_missing() -> None:
    index = build_index(load_corpus(SEEDS))
    for question in ("香港商报网报道了什么", "李继远写了什么"):
        result = answer(index, question)
        assert result.found
        assert not result.missing_terms
    assert index.analyze_question("香港商报网报道了什么").words[0] == "香港商报网"


def test_frame_words_of_article_questions_are_never_notices() -> None:
    index = build_index(load_corpus(SEEDS))
    for question in ("梧州那篇报道的作者有哪些人?", "黑龙江那篇文章的编辑是谁?", "这篇报道是哪个网站发的?"):
        result = answer(index, question)
        assert result.found
        assert not result.missing_terms
        assert not answer_notices(result)


def test_notices_name_missing_topics_only(articles: ReportIndex) -> None:
    shanghai = answer(articles, "上海计划改造多少个老旧小区?")
    assert shanghai.missing_terms == ("上海",)
    for question in ("杭州计划改造几个老旧小区?", "这两篇报道分别是什么时候发布的"):
        result = answer(articles, question)
        assert result.found, question
        assert not result.missing_terms, question
    # A verb the reports do not use is no missing topic (「称赞」 for 「表示」).
    assert "称赞" not in answer(articles, "杭州市住建局称赞改造工作了吗?").missing_terms


@pytest.mark.parametrize(("question", "field"), [("日期?", ArticleField.DATE), ("来源呢?", ArticleField.PUBLISHER)])
def test_a_bare_weak_cue_asks_for_the_fact(question: str, field: ArticleField) -> None:
    parsed = parse_article_question(normalize(question))
    assert parsed is not None
    assert (parsed.field, parsed.explicit) == (field, False)


def test_a_two_character_guess_of_jieba_is_no_missing_topic() -> None:
    index = build_index(load_corpus(SEEDS))
    assert not answer(index, "黑龙江共侦破多少起食药环领域犯罪案件?").missing_terms


def test_a_value_from_file_properties_is_quoted_as_a_property() -> None:
    index = build_index(load_corpus(DATA / "formats"))
    result = answer(index, "这些报告的作者是谁?")
    word = next(item for item in result.items if item.article.path.suffix == ".docx")
    assert word.text.startswith("（文件属性）作者：")
    assert word.kind is AnswerKind.METADATA


def test_the_cue_is_cut_out_before_the_article_is_chosen(articles: ReportIndex) -> None:
    # jieba cuts 「哪天发」 as 哪 / 天发 without context; 天发 must not be taken for a name.
    result = answer(articles, "它是哪天发的?", article=2)
    assert [(item.article.id, item.field) for item in result.items] == [("wenzhou", "date")]


def test_a_glued_character_is_no_missing_topic_but_a_missing_place_is() -> None:
    index = build_index(load_corpus(SEEDS))
    assert not answer(index, "黑龙江全省公安执结涉农民工工资案件多少件?").missing_terms
    assert answer(index, "广州市检察院办结了多少件案件?").missing_terms == ("广州",)  # cut as jieba cuts it


@pytest.mark.parametrize("question", ["台风哪天登陆", "地震是哪天发生的", "他哪天出发", "人民网的总编辑是谁"])
def test_when_something_happened_or_who_heads_a_paper_is_about_content(question: str) -> None:
    assert parse_article_question(question) is None


@pytest.mark.parametrize("question", ["有几篇报道", "一共有多少篇文章", "报告有几份呢"])
def test_how_many_reports_there_are_is_asked_as_their_titles(question: str) -> None:
    asked = parse_article_question(question)
    assert asked is not None
    assert (asked.kind, asked.field, asked.rest) == (QuestionKind.FIELD, ArticleField.TITLE, "")


@pytest.mark.parametrize("question", ["讲了什么", "它主要说了什么内容", "主要内容是什么", "这篇报道讲了什么"])
def test_what_it_is_about_asks_for_the_title(question: str) -> None:
    asked = parse_article_question(question)
    assert asked is not None
    assert (asked.kind, asked.field) == (QuestionKind.FIELD, ArticleField.TITLE)


@pytest.mark.parametrize("question", ["台风讲了什么", "市长说了什么", "他介绍了哪些情况"])
def test_what_someone_said_is_about_content(question: str) -> None:
    assert parse_article_question(question) is None
