"""Follow-ups of the fourth conversation round: new attributes of the thing in view, who said it, 他,
numbered and compound parts swapped, rejections, and subjects changed without the old answer again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.chat import Conversation
from qa.chat.conversation import AnswerPage, NoAnswer, Notice, NoticeKind
from qa.chat.followup import Context, Move, question_parts, read_message
from qa.models import Refusal
from qa.reports.corpus import load_corpus
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA, SEEDS, assert_every_turn_right, converse


@pytest.fixture(scope="module")
def works_index() -> ReportIndex:
    """Four reports about a tower, a station, an airport line and a temple, assembled from DRCD paragraphs."""
    return build_index(load_corpus(DATA / "works"))


def answered(index: ReportIndex, *messages: str) -> AnswerPage:
    reply = converse(index, *messages)
    assert isinstance(reply, AnswerPage), reply
    return reply


def test_he_after_an_author_answer_is_that_author(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "黑龙江那篇是谁写的?", "他还写了什么?")
    assert reply.understood_as == "张晓磊还写了什么"
    assert reply.answer.items[0].article.id == "000_ac913a60e2e490e0"
    assert reply.answer.items[0].field == "title"


def test_another_article_named_after_what_an_author_wrote_asks_who_wrote_it(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "张晓磊还写了什么?", "梧州那篇呢?")
    assert "李繼遠" in reply.answer.items[0].text


def test_who_said_it_quotes_the_sentence_its_speaker_opens(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "黑龙江建了多少个一站式非诉讼纠纷解决中心?", "谁介绍的这些情况?")
    assert reply.answer.items[0].text.startswith("郝偉夫表示")


def test_he_is_the_person_the_sentence_in_view_reports_speaking(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "黑龙江建了多少个一站式非诉讼纠纷解决中心?", "谁介绍的这些情况?", "他是什么职务?")
    assert reply.understood_as == "郝伟夫是什么职务"
    assert "常務副書記" in reply.answer.items[0].text


def test_which_year_is_answered_by_the_sentence_in_view_that_says_it(firms_index: ReportIndex) -> None:
    reply = answered(firms_index, "东芝是哪两家公司合并的?", "第一家是谁创立的?", "哪年?")
    assert "1875年" in reply.answer.items[0].text


def test_saying_wrong_alone_shows_another_answer_never_the_same(firms_index: ReportIndex) -> None:
    conversation = Conversation(firms_index)
    first = conversation.handle("什么时候改名叫东京电器?", "a")
    rejected = conversation.handle("不对", "a")
    assert isinstance(first, AnswerPage)
    assert isinstance(rejected, AnswerPage)
    assert rejected.position == 1
    assert rejected.answer.items[1].text != first.answer.items[0].text


def test_saying_wrong_with_nothing_more_says_so() -> None:
    context = Context("梧州法院当场立案率是多少?", "x", "t", "梧州法院当场立案率是多少?")
    assert read_message("答非所问", context, build_index(load_corpus(SEEDS))).move is Move.NEXT


def test_a_numbered_part_swaps_for_the_numbered_part(works_index: ReportIndex) -> None:
    reply = answered(works_index, "上海站一期工程什么时候完成?", "二期呢?")
    assert reply.understood_as == "上海站二期工程什么时候完成?"
    assert "1988年前完成二期工程" in reply.answer.items[0].text


def test_a_compound_swaps_whole_when_it_shares_the_last_character(works_index: ReportIndex) -> None:
    context = Context("博览馆站什么时候启用的?", "airport", "t", "博览馆站什么时候启用的?")
    reading = read_message("香港站呢?", context, works_index)
    assert reading.move is Move.ELLIPSIS
    assert "香港站" in reading.question
    assert "博览馆" not in reading.question


def test_figures_after_a_name_belong_to_it(works_index: ReportIndex) -> None:
    parts = question_parts("台北101有多高?", works_index)
    assert parts[0].text == "台北101"


def test_an_attribute_of_a_named_thing_is_asked_of_it(works_index: ReportIndex) -> None:
    reply = answered(works_index, "祈年殿有多高?", "直径呢?")
    assert reply.understood_as == "祈年殿的直径是多少?"
    assert "32.72米" in reply.answer.items[0].text


def test_a_name_swaps_for_the_name_not_for_the_attribute(works_index: ReportIndex) -> None:
    reply = converse(works_index, "祈年殿有多高?", "直径呢?", "圜丘坛呢?")
    assert isinstance(reply, AnswerPage | NoAnswer)
    assert reply.understood_as == "圜丘坛的直径是多少?"


def test_a_changed_subject_never_gets_the_answer_in_view_again(firms_index: ReportIndex) -> None:
    reply = converse(firms_index, "日产2010年卖了多少辆?", "增长多少?", "本田呢?")
    assert isinstance(reply, NoAnswer)
    assert reply.answer.refusal is Refusal.NOT_SAID
    assert "本田" in reply.answer.mentioned


def test_a_place_and_a_header_name_are_one_subject(firms_index: ReportIndex) -> None:
    reply = answered(firms_index, "日产总部原来在哪?", "北美日产呢?")
    assert reply.understood_as == "北美日产总部原来在哪?"
    assert "北美日產" in reply.answer.items[0].text


def test_a_carried_subject_without_the_figure_asked_gives_way_to_the_message(firms_index: ReportIndex) -> None:
    reply = answered(firms_index, "日产总部原来在哪?", "北美日产呢?", "2010年卖了多少辆?")
    assert "408萬588輛" in reply.answer.items[0].text
    assert reply.understood_as == "日产2010年卖了多少辆?"  # the part of the subject that answer says


def test_a_place_swapped_in_alone_needs_a_figure_in_the_measure_asked(seed_index: ReportIndex) -> None:
    reply = converse(seed_index, "黑龙江诛雀行动破获多少起?", "同比呢?", "梧州呢?")
    assert isinstance(reply, NoAnswer)  # not the 梧州 courts' 同比 days


def test_a_rate_swapped_to_another_place_needs_a_per_cent(seed_index: ReportIndex) -> None:
    reply = converse(seed_index, "梧州顽瘴痼疾整改率是多少?", "那黑龙江呢?")
    assert isinstance(reply, NoAnswer)  # 「…顽瘴痼疾…18396个」 gives no rate


def test_a_body_swapped_in_alone_answers_from_the_paragraph_in_view(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "黑龙江法院审结了多少件农民工工资案件?", "执行到位多少钱?", "檢察機關呢?")
    assert "243萬" in reply.answer.items[0].text


def test_same_day_without_a_plural_word_lists_every_reports_date(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "黑龙江那篇是哪天发的?", "是同一天发的吗?")
    assert reply.answer.listing
    assert reply.understood_as == "每篇报道是哪天发布的?"


def test_a_changed_subject_survives_a_snapshot(firms_index: ReportIndex) -> None:
    first = Conversation(firms_index)
    for message in ("日产2010年卖了多少辆?", "那东芝呢?"):
        first.handle(message, "a")
    second = Conversation(firms_index)
    assert second.restore(json.loads(json.dumps(first.snapshot())))
    assert second.snapshot()["queries"] == first.snapshot()["queries"]


def test_nothing_to_page_after_a_rejection_before_any_question(firms_index: ReportIndex) -> None:
    reply = Conversation(firms_index).handle("不对", "a")
    assert isinstance(reply, Notice)
    assert reply.kind is NoticeKind.NOTHING_TO_PAGE


@pytest.mark.parametrize(
    ("dialogs", "folder"),
    [
        ("works_dialogs.jsonl", DATA / "works"),
        ("seed_round4_dialogs.jsonl", SEEDS),
        ("firms_round4_dialogs.jsonl", DATA / "firms"),
        # The round's held-out conversations on the seeds, run once (EVALUATION.md), kept as regression data;
        # works_round4_heldout.jsonl and firms_round4_heldout.jsonl still miss turns (answers' ranking, paraphrases).
        ("seed_round4_heldout_dialogs.jsonl", SEEDS),
    ],
)
def test_round_four_conversations(dialogs: str, folder: Path) -> None:
    assert_every_turn_right(build_index(load_corpus(folder)), DATA / dialogs)


def test_an_attribute_unlike_what_was_counted_is_asked_of_what_stood_before_the_count() -> None:
    towns = build_index(load_corpus(DATA / "towns"))
    reply = answered(towns, "马祖列岛由多少个岛屿组成?", "面积呢?")
    assert reply.understood_as == "马祖列岛的面积是多少?"  # not 「由多少个面积组成」
    assert "29.6" in reply.answer.items[0].text


def test_a_thing_like_what_was_counted_is_counted_in_its_place(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "黑龙江诛雀行动缴获了多少张手机卡?", "银行卡呢?")
    assert reply.understood_as is not None
    assert "多少张银行卡" in reply.understood_as


def test_an_attribute_of_the_subject_alone_is_asked_of_it(firms_index: ReportIndex) -> None:
    context = Context("华硕名字是什么意思?", "asus", "t", "华硕名字是什么意思?")
    reading = read_message("口号呢?", context, firms_index)
    assert reading.question == "华硕的口号是什么?"  # not 「华硕名字是什么意思口号?」


def test_a_body_that_shares_a_last_character_swaps_as_a_body(city_index: ReportIndex) -> None:
    reply = answered(city_index, "白河县检察院办理了多少件公益诉讼案件?", "法院呢?")
    assert reply.understood_as == "白河县法院办理了多少件公益诉讼案件?"


def test_why_is_answered_by_the_sentence_in_view_that_gives_a_cause(works_index: ReportIndex) -> None:
    reply = answered(works_index, "上海北站哪年被毁的?", "为什么?")
    assert "一二八事变" in reply.answer.items[0].text


def test_a_when_question_with_a_verb_of_its_own_is_not_the_sentence_in_view_again(works_index: ReportIndex) -> None:
    context = Context("新客站动迁了多少户?", "station", "t", "新客站动迁了多少户?", in_view="动迁工作也在1984年5月展开")
    assert read_message("什么时候完成的?", context, works_index).move is not Move.AGAIN


def test_what_happened_after_shows_the_paragraph_of_the_answer_in_view(works_index: ReportIndex) -> None:
    reply = answered(works_index, "圜丘坛坛面原来用什么铺的?", "后来呢?")
    assert reply.detailed
    assert "艾叶青石" in reply.answer.items[reply.position].context


def test_a_numbered_stage_is_a_part_not_a_time(works_index: ReportIndex) -> None:
    reply = answered(works_index, "第一阶段建了多久?", "第二阶段呢?")
    assert reply.understood_as == "第二阶段建了多久?"
    assert "第二阶段" in reply.answer.items[0].text


def test_a_thing_only_another_report_says_is_a_new_topic(works_index: ReportIndex) -> None:
    context = Context("台北101有多高?", "taipei101", "t", "台北101有多高?")
    assert read_message("天坛在哪?", context, works_index).move is Move.NEW


def test_he_after_several_authors_is_the_first_of_the_by_line(seed_index: ReportIndex) -> None:
    reply = answered(seed_index, "梧州那篇是谁写的?", "他还写了别的吗?")
    assert reply.understood_as == "李继远还写了别的吗"


def test_a_latin_name_makes_a_when_question_one_about_content(firms_index: ReportIndex) -> None:
    context = Context("日产哪年创建了NISMO?", "nissan", "t", "日产哪年创建了NISMO?")
    assert read_message("Z系列是哪年出的?", context, firms_index).move is not Move.REFERENCE
