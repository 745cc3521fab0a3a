"""Follow-up rules on two hand-written reports about two places: what a message asks, and the question it becomes."""

from __future__ import annotations

import pytest

from qa.chat.followup import (
    Context,
    Move,
    PartKind,
    elliptical_phrase,
    question_parts,
    read_message,
    subject_of,
    swap_parts,
)
from qa.search.index import ReportIndex

LAST = Context("青山市公安机关抓获了多少犯罪嫌疑人?", "qingshan", "青山市政法工作年度通报")


def kinds(question: str, index: ReportIndex) -> list[tuple[str, str]]:
    return [(part.kind.value, part.text) for part in question_parts(question, index)]


def test_parts_of_a_question_by_kind(city_index: ReportIndex) -> None:
    assert kinds("青山市公安机关抓获了多少犯罪嫌疑人?", city_index) == [
        ("place", "青山市"),
        ("body", "公安机关"),
        ("thing", "犯罪嫌疑人"),
    ]


def test_a_quoted_name_is_one_thing_and_a_scope_is_not_a_thing(city_index: ReportIndex) -> None:
    assert kinds("全县“平安建设”排查了多少件矛盾纠纷?", city_index) == [
        ("scope", "全县"),
        ("thing", "平安建设"),
        ("thing", "排查"),
        ("thing", "矛盾纠纷"),
    ]


def test_organisation_suffixes_make_a_body_without_a_tag(city_index: ReportIndex) -> None:
    assert city_index.word_tag("信访办") is None
    assert (PartKind.BODY.value, "公安局") in kinds("白河县公安局破获了多少起案件?", city_index)
    assert (PartKind.BODY.value, "信访办") in kinds("白河县信访办受理了多少件?", city_index)


@pytest.mark.parametrize(
    ("message", "phrase"),
    [
        ("那白河县呢?", "白河县"),
        ("白河县呢", "白河县"),
        ("那么检察院怎么样?", "检察院"),
        ("换成白河县呢？", "白河县"),
        ("犯罪团伙的情况呢", "犯罪团伙"),
        ("白河县抓获了多少人呢?", None),  # a question of its own, ending in 呢
        ("谢谢", None),
    ],
)
def test_elliptical_phrases(message: str, phrase: str | None) -> None:
    from qa.chat.followup import bare

    assert elliptical_phrase(bare(message)) == phrase


@pytest.mark.parametrize(
    ("message", "completed"),
    [
        ("那白河县呢?", "白河县公安机关抓获了多少犯罪嫌疑人?"),  # place for place
        ("检察院呢?", "青山市检察院抓获了多少犯罪嫌疑人?"),  # body for body
        ("犯罪团伙呢?", "青山市公安机关抓获了多少犯罪团伙?"),  # thing for thing
        ("白河县法院呢?", "白河县法院抓获了多少犯罪嫌疑人?"),  # two parts at once
    ],
)
def test_an_elliptical_question_swaps_the_part_of_the_same_kind(
    city_index: ReportIndex, message: str, completed: str
) -> None:
    reading = read_message(message, LAST, city_index)
    assert reading.move is Move.ELLIPSIS
    assert reading.question == completed
    assert reading.understood_as == completed


def test_a_part_with_no_counterpart_is_added(city_index: ReportIndex) -> None:
    from qa.chat.followup import elliptical_parts

    assert swap_parts("抓获了多少犯罪嫌疑人?", elliptical_parts("白河县", city_index), city_index) == (
        "白河县抓获了多少犯罪嫌疑人?"
    )


@pytest.mark.parametrize(
    "message",
    [
        "还有呢?",
        "还有吗",
        "下一个",
        "更多",
        "继续",
        "再来一个",
        "还有别的吗？",
        "還有嗎",
        "然后呢",
        "换一个答案",
        "还有没有别的答案",
        "next",
    ],
)
def test_asking_for_more_is_the_next_answer(city_index: ReportIndex, message: str) -> None:
    assert read_message(message, LAST, city_index).move is Move.NEXT


def test_without_context_a_full_question_is_new(city_index: ReportIndex) -> None:
    for message in ("作者是谁?", "白河县法院受理了多少件案件?"):
        reading = read_message(message, None, city_index)
        assert reading.move is Move.NEW
        assert reading.question == message


def test_without_context_a_bare_follow_up_has_nothing_to_complete_it(city_index: ReportIndex) -> None:
    assert read_message("还有呢?", None, city_index).move is Move.NEXT  # the chat says there is nothing to page
    for message in ("那白河县呢?", "检察院呢", "是真的吗?", "哪篇报道说的?", "详细说说"):
        assert read_message(message, None, city_index).move is Move.UNCLEAR


@pytest.mark.parametrize("message", ["这篇报道是谁写的?", "该文的作者是谁", "它是哪天发布的?", "作者是谁?", "谁写的?"])
def test_questions_about_the_article_refer_to_the_last_answer(city_index: ReportIndex, message: str) -> None:
    reading = read_message(message, LAST, city_index)
    assert reading.move is Move.REFERENCE
    assert reading.article == "qingshan"
    assert "这篇" not in reading.question
    assert reading.understood_as is not None
    assert reading.understood_as.startswith("《青山市政法工作年度通报》")


def test_a_place_before_the_pointer_names_an_article_of_its_own(city_index: ReportIndex) -> None:
    assert read_message("白河县那篇是谁写的?", LAST, city_index).article != "qingshan"


def test_a_thing_that_merely_contains_a_metadata_word_is_an_ellipsis(city_index: ReportIndex) -> None:
    last = Context("青山市排查了多少件矛盾纠纷?", "qingshan", "青山市政法工作年度通报")
    reading = read_message("那发布会呢?", last, city_index)
    assert reading.move is Move.ELLIPSIS
    assert reading.question == "青山市排查了多少件发布会?"


def test_a_metadata_question_with_its_own_subject_is_new(city_index: ReportIndex) -> None:
    assert read_message("白河新闻网的报道是谁写的?", LAST, city_index).move is Move.NEW


def test_a_question_without_subject_takes_the_last_one(city_index: ReportIndex) -> None:
    reading = read_message("打掉了几个犯罪团伙?", LAST, city_index)
    assert reading.move is Move.CONTINUATION
    assert reading.question == "青山市公安机关打掉了几个犯罪团伙?"


def test_a_question_with_its_own_subject_starts_a_new_topic(city_index: ReportIndex) -> None:
    for message in ("白河县法院受理了多少件案件?", "全县排查了多少件矛盾纠纷?"):
        reading = read_message(message, LAST, city_index)
        assert reading.move is Move.NEW
        assert reading.question == message


def test_subject_of_a_question(city_index: ReportIndex) -> None:
    assert subject_of("青山市公安机关抓获了多少犯罪嫌疑人?", city_index) == "青山市公安机关"
    assert subject_of("抓获了多少犯罪嫌疑人?", city_index) == ""


def test_a_year_is_swapped_for_a_year(city_index: ReportIndex) -> None:
    last = Context("2023年青山市法院受理了多少件案件?", "qingshan", "青山市政法工作年度通报")
    assert read_message("那2022年呢?", last, city_index).question == "2022年青山市法院受理了多少件案件?"
    assert read_message("今年呢?", last, city_index).question == "今年青山市法院受理了多少件案件?"


def test_a_swapped_place_takes_the_old_places_extent_with_it(city_index: ReportIndex) -> None:
    last = Context("青山市全市共排查矛盾纠纷多少件?", "qingshan", None)
    assert read_message("白河县呢?", last, city_index).question == "白河县共排查矛盾纠纷多少件?"


def test_leading_verbs_and_trailing_words_of_an_ellipsis_are_not_parts(city_index: ReportIndex) -> None:
    for message in (
        "换白河县呢",
        "那么白河县的情况怎么样?",
        "白河县那边呢",
        "请问白河县呢",
        "谢谢！那白河县呢?",
        "好的，白河县呢",
        "好的谢谢，那白河县呢?",  # two courtesies run together
        "嗯嗯 收到! 白河县呢",
    ):
        assert read_message(message, LAST, city_index).question == "白河县公安机关抓获了多少犯罪嫌疑人?", message


def test_what_is_left_of_an_elliptical_phrase_is_its_thing(city_index: ReportIndex) -> None:
    from qa.chat.followup import elliptical_parts

    assert [(p.kind, p.text) for p in elliptical_parts("白河县的整改率", city_index)] == [
        (PartKind.PLACE, "白河县"),
        (PartKind.THING, "整改率"),
    ]
    assert [(p.kind, p.text) for p in elliptical_parts("在白河县", city_index)] == [(PartKind.PLACE, "白河县")]


def test_a_short_phrase_with_no_noun_is_a_thing(city_index: ReportIndex) -> None:
    last = Context("青山市矛盾纠纷排查了多少件?", "qingshan", None)
    reading = read_message("化解率呢?", last, city_index)
    assert reading.move is Move.ELLIPSIS
    assert "化解率" in reading.question


def test_a_question_about_the_document_has_no_subject_of_its_own(city_index: ReportIndex) -> None:
    for message in ("文章作者是谁?", "这是谁写的?", "报道的来源是哪里?"):
        assert read_message(message, LAST, city_index).move is Move.REFERENCE, message


def test_only_question_words_are_not_a_continuation(city_index: ReportIndex) -> None:
    assert read_message("是多少?", LAST, city_index).move is Move.NEW
    assert read_message("化解率是多少?", LAST, city_index).move is Move.CONTINUATION


def test_a_question_about_every_article_is_no_follow_up(city_index: ReportIndex) -> None:
    for message in ("这两篇报道分别是什么时候发布的?", "所有报告的作者是谁?"):
        assert read_message(message, LAST, city_index).move is Move.NEW, message


@pytest.mark.parametrize("message", ["今天天气怎么样?", "最近物价如何", "明天的天气怎样?"])
def test_how_is_something_with_no_lead_in_is_a_question_of_its_own(city_index: ReportIndex, message: str) -> None:
    reading = read_message(message, LAST, city_index)
    assert reading.move is Move.NEW
    assert reading.question == message


@pytest.mark.parametrize("message", ["白河县怎么样?", "那白河县怎么样?", "那天气怎么样?"])
def test_how_is_a_subject_or_anything_after_a_lead_in_follows_up(city_index: ReportIndex, message: str) -> None:
    assert read_message(message, LAST, city_index).move is Move.ELLIPSIS


def test_an_organisation_character_used_as_a_verb_makes_no_body(city_index: ReportIndex) -> None:
    parts = question_parts("白河县办了多少件实事?", city_index)
    assert [part.kind for part in parts if part.text.startswith("白河")] == [PartKind.PLACE]
    reading = read_message("青山市呢?", Context("白河县办了多少件实事?"), city_index)
    assert reading.question.startswith("青山市办了")


TWO = (("qingshan", "青山市政法工作年度通报"), ("baihe", "白河县政法工作综述"))


@pytest.mark.parametrize(("message", "question"), [("另一篇呢?", "作者是谁"), ("那另一篇是哪天发布的", "是哪天发布的")])
def test_the_other_article_is_the_one_of_two_not_in_view(city_index: ReportIndex, message: str, question: str) -> None:
    context = Context("青山市公安机关抓获了多少犯罪嫌疑人?", "qingshan", TWO[0][1], "青山市那篇是谁写的", sources=TWO)
    reading = read_message(message, context, city_index)
    assert (reading.move, reading.article, reading.question) == (Move.REFERENCE, "baihe", question)


def test_the_other_article_of_three_is_not_guessed(city_index: ReportIndex) -> None:
    three = (*TWO, ("third", "第三篇"))
    context = Context("青山市公安机关抓获了多少犯罪嫌疑人?", "qingshan", TWO[0][1], "作者是谁", sources=three)
    assert read_message("另一篇呢?", context, city_index).article != "baihe"


def test_a_question_of_what_happens_asks_it_of_what_the_last_question_named(city_index: ReportIndex) -> None:
    context = Context("青山市公安机关打掉了多少个犯罪团伙?", "qingshan", "青山市政法工作年度通报")
    reading = read_message("什么时候打掉的?", context, city_index)
    assert reading.move is Move.CONTINUATION
    assert "犯罪团伙" in reading.question
    assert read_message("是多少?", context, city_index).move is Move.NEW  # nothing asked but a figure


def test_when_something_happens_is_no_question_about_the_article(city_index: ReportIndex) -> None:
    assert read_message("什么时候开始的?", LAST, city_index).move is not Move.REFERENCE
    assert read_message("什么时候发布的?", LAST, city_index).move is Move.REFERENCE


def test_a_cue_that_looks_like_a_body_asks_about_the_article(city_index: ReportIndex) -> None:
    reading = read_message("发文机关是哪个?", LAST, city_index)
    assert (reading.move, reading.article) == (Move.REFERENCE, "qingshan")


@pytest.mark.parametrize(
    "message",
    [
        "这是哪个媒体的报道?",
        "那是谁写的?",
        "刚才那篇报道是谁写的?",
        "上面那篇的编辑是谁",
        "谁写的这篇?",
        "是哪天发的这篇报道",
    ],
)
def test_demonstratives_and_deixis_point_at_the_article_in_view(city_index: ReportIndex, message: str) -> None:
    reading = read_message(message, LAST, city_index)
    assert (reading.move, reading.article) == (Move.REFERENCE, "qingshan")
    assert "刚才" not in reading.question
    assert "上面" not in reading.question


def test_it_in_a_content_question_is_what_the_last_question_asked_about(city_index: ReportIndex) -> None:
    reading = read_message("它有多少个?", LAST, city_index)
    assert (reading.move, reading.article) == (Move.CONTINUATION, "qingshan")
    assert "犯罪嫌疑人" in reading.question


def test_how_long_or_where_alone_asks_about_the_last_topic(city_index: ReportIndex) -> None:
    reading = read_message("要多久?", LAST, city_index)
    assert reading.move is Move.CONTINUATION
    assert reading.question.startswith("青山市")


def test_a_verb_and_a_count_keep_what_the_last_question_named_before_its_question_word(
    seed_index: ReportIndex,
) -> None:
    context = Context(
        "黑龙江诛雀行动缴获了多少张手机卡?", "000_ac913a60e2e490e0", "", "黑龙江诛雀行动缴获了多少张手机卡?"
    )
    reading = read_message("破获了多少起?", context, seed_index)
    assert reading.move is Move.CONTINUATION
    assert reading.question == "黑龙江诛雀行动破获了多少起?"  # not the 手机卡 it counted


def test_the_subject_carried_over_stands_where_a_pronoun_stood(seed_index: ReportIndex) -> None:
    context = Context("黑龙江省委政法委常务副书记是谁?", "000_ac913a60e2e490e0", "", "黑龙江省委政法委常务副书记是谁?")
    reading = read_message("他在发布会上介绍了几个方面?", context, seed_index)
    assert reading.question == "黑龙江省委政法委在发布会上介绍了几个方面?"
