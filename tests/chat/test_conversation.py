"""Conversations on two hand-written reports: follow-ups, context per chat and expiry, small talk, script, restarts."""

from __future__ import annotations

import json

import pytest

from qa.chat.conversation import (
    AnswerPage,
    Conversation,
    Help,
    NoAnswer,
    NotChinese,
    Notice,
    NoticeKind,
    Reply,
    SmallTalk,
    SmallTalkKind,
)
from qa.chat.render_text import render_reply
from qa.chat.state import SNAPSHOT_VERSION
from qa.models import Script
from qa.search.index import ReportIndex


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def conversation(city_index: ReportIndex, clock: Clock) -> Conversation:
    return Conversation(city_index, max_results=3, remembered_queries=4, context_seconds=600, clock=clock)


def top(reply: Reply) -> str:
    assert isinstance(reply, AnswerPage), reply
    return reply.answer.items[reply.position].text


def test_a_conversation_with_follow_ups(conversation: Conversation) -> None:
    assert "420人" in top(conversation.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a"))
    swapped = conversation.handle("那白河县呢?", "a")
    assert "110人" in top(swapped)
    assert isinstance(swapped, AnswerPage)
    assert swapped.understood_as == "白河县公安机关抓获了多少犯罪嫌疑人?"
    assert "按“白河县公安机关抓获了多少犯罪嫌疑人?”理解" in render_reply(swapped)
    # The procuratorate's sentence gives public-interest suits, not suspects caught: no answer, said so.
    procuratorate = conversation.handle("检察院呢?", "a")
    assert isinstance(procuratorate, NoAnswer)
    assert procuratorate.answer.mentioned[0] == "检察院"
    assert "110人" in top(conversation.handle("公安机关呢?", "a"))
    more = conversation.handle("还有呢?", "a")
    assert isinstance(more, AnswerPage)
    assert more.is_page
    assert more.position == 1
    carried = conversation.handle("办理了多少件公益诉讼案件?", "a")
    assert isinstance(carried, AnswerPage)
    assert carried.understood_as is not None
    assert carried.understood_as.startswith("白河县")
    assert "30件" in top(carried)


def test_a_question_with_its_own_subject_is_answered_as_asked(conversation: Conversation) -> None:
    conversation.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a")
    reply = conversation.handle("白河县法院受理了多少件案件?", "a")
    assert "600件" in top(reply)
    assert isinstance(reply, AnswerPage)
    assert reply.understood_as is None


def test_a_place_no_report_names_gets_a_notice(conversation: Conversation) -> None:
    conversation.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a")
    reply = conversation.handle("那上海呢?", "a")
    if isinstance(reply, AnswerPage):
        assert "上海" in reply.answer.missing_terms
    else:
        assert isinstance(reply, NoAnswer)


def test_a_question_about_the_article_is_limited_to_the_last_answers_article(conversation: Conversation) -> None:
    conversation.handle("白河县法院受理了多少件案件?", "a")
    reply = conversation.handle("这篇报道里检察院办理了多少件公益诉讼案件?", "a")
    assert "30件" in top(reply)
    assert isinstance(reply, AnswerPage)
    assert reply.answer.items[0].article.id == "baihe"
    assert all(item.article.id == "baihe" for item in reply.answer.items)


def test_context_is_per_chat(conversation: Conversation) -> None:
    conversation.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a")
    reply = conversation.handle("那白河县呢?", "b")
    assert not isinstance(reply, AnswerPage) or reply.understood_as is None
    notice = conversation.handle("还有呢", "b")
    assert isinstance(notice, Notice)
    assert notice.kind is NoticeKind.NOTHING_TO_PAGE


def test_context_expires(conversation: Conversation, clock: Clock) -> None:
    conversation.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a")
    clock.now += 601
    reply = conversation.handle("那白河县呢?", "a")
    assert not isinstance(reply, AnswerPage) or reply.understood_as is None


def test_context_keeps_the_last_few_turns(city_index: ReportIndex, clock: Clock) -> None:
    conversation = Conversation(city_index, context_turns=2, clock=clock)
    for _ in range(5):
        conversation.handle("青山市法院受理了多少件案件?", "a")
    assert len(conversation.snapshot()["chats"][0][4]) == 2  # type: ignore[index]  # snapshot rows


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("你好", SmallTalkKind.GREETING),
        ("您好！", SmallTalkKind.GREETING),
        ("Hello", SmallTalkKind.GREETING),
        ("谢谢！", SmallTalkKind.THANKS),
        ("謝謝你", SmallTalkKind.THANKS),
        ("thanks", SmallTalkKind.THANKS),
        ("再见", SmallTalkKind.GOODBYE),
        ("拜拜~", SmallTalkKind.GOODBYE),
        ("好的", SmallTalkKind.ACKNOWLEDGEMENT),
    ],
)
def test_small_talk_gets_a_friendly_word(conversation: Conversation, message: str, kind: SmallTalkKind) -> None:
    reply = conversation.handle(message, "a")
    assert isinstance(reply, SmallTalk)
    assert reply.kind is kind
    assert render_reply(reply)


@pytest.mark.parametrize(
    "message", ["你能做什么?", "你可以回答哪些问题", "你是谁？", "怎么用", "如何使用這個機器人", "帮助"]
)
def test_asking_about_the_bot_gets_the_help(conversation: Conversation, message: str) -> None:
    reply = conversation.handle(message, "a")
    assert isinstance(reply, Help)
    assert reply.examples


@pytest.mark.parametrize("message", ["你能查到青山市法院受理了多少件案件吗", "青山市法院怎么用好信访"])
def test_a_report_question_addressed_to_the_bot_is_still_a_question(conversation: Conversation, message: str) -> None:
    assert not isinstance(conversation.handle(message, "a"), Help)


@pytest.mark.parametrize("message", ["👍", "😂😂", "🙏🏻", "❤️", "[捂脸]", "哈哈哈", "好的😊"])
def test_an_emoji_or_laughter_alone_is_a_nod(conversation: Conversation, message: str) -> None:
    reply = conversation.handle(message, "a")
    assert isinstance(reply, SmallTalk)
    assert reply.kind is SmallTalkKind.ACKNOWLEDGEMENT


@pytest.mark.parametrize("message", ["?", "？？", "...", "梧州👍"])
def test_punctuation_or_a_word_with_an_emoji_is_no_nod(conversation: Conversation, message: str) -> None:
    assert not isinstance(conversation.handle(message, "a"), SmallTalk)


def test_small_talk_in_traditional_is_answered_in_traditional(conversation: Conversation) -> None:
    assert render_reply(conversation.handle("謝謝！", "a")) == "不客氣！還有問題隨時問我。"


@pytest.mark.parametrize("message", ["Сколько дел?", "ありがとうございます", "몇 건입니까?", "¿Cuántos casos?"])
def test_other_writing_systems_get_the_hint(conversation: Conversation, message: str) -> None:
    assert isinstance(conversation.handle(message, "a"), NotChinese)


def test_a_question_in_english_gets_a_hint_with_an_example(conversation: Conversation) -> None:
    reply = conversation.handle("How many cases did the court accept?", "a")
    assert isinstance(reply, NotChinese)
    assert reply.example
    assert isinstance(conversation.handle(reply.example, "a"), AnswerPage)
    assert "请用中文" in render_reply(reply)


def test_an_ambiguous_message_takes_the_chats_last_script(conversation: Conversation) -> None:
    conversation.handle("白河县法院受理了多少件案件?", "a")  # simplified
    simplified = conversation.handle("青山市呢?", "a")  # the same characters in both scripts
    assert isinstance(simplified, AnswerPage)
    assert simplified.voice.script is Script.SIMPLIFIED
    conversation.handle("白河县法院受理了多少件案件?", "t")
    conversation.handle("謝謝", "t")  # traditional from here on
    reply = conversation.handle("青山市呢?", "t")
    assert isinstance(reply, AnswerPage)
    assert reply.voice.script is Script.TRADITIONAL
    assert "當場立案率" in reply.answer.items[0].display
    assert reply.answer.items[0].highlights


def test_telegram_language_sets_the_script_of_the_greeting(conversation: Conversation) -> None:
    reply = conversation.handle("/start", "x", language_code="zh-hant")
    assert "我是報告問答機器人" in render_reply(reply)
    assert "我是报告问答机器人" in render_reply(conversation.handle("/start", "y", language_code="zh-hans"))
    assert "這個問題的結果已過期" in render_reply(conversation.page("gone", 1, "x", "zh-hant"))


def test_state_survives_a_restart(city_index: ReportIndex, clock: Clock) -> None:
    first = Conversation(city_index, max_results=3, clock=clock)
    first.handle("推荐一部好看的电影", "a")
    answer = first.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a")
    assert isinstance(answer, AnswerPage)
    first.handle("謝謝", "t")
    snapshot = json.loads(json.dumps(first.snapshot()))  # through JSON, as the bot stores it

    second = Conversation(city_index, max_results=3, clock=clock)
    assert second.restore(snapshot)
    page = second.page(answer.query_id, 1, "a")  # a ▶ button sent before the restart
    assert isinstance(page, AnswerPage)
    assert page.answer.items == answer.answer.items
    assert second.handle("/prev", "a") == AnswerPage(answer.answer, 0, answer.query_id, answer.voice, is_page=True)
    assert "110人" in top(second.handle("那白河县呢?", "a"))  # the follow-up context came along
    assert second.voice_for("t").script is Script.TRADITIONAL
    assert (second.stats.questions, second.stats.answered, second.stats.refused) == (3, 2, 1)
    assert second.snapshot()["version"] == SNAPSHOT_VERSION


def test_a_listing_survives_a_restart_for_an_ordinal_follow_up(city_index: ReportIndex, clock: Clock) -> None:
    first = Conversation(city_index, clock=clock)
    listing = first.handle("作者是谁?", "a")
    assert isinstance(listing, AnswerPage)
    assert listing.answer.listing
    second_article = listing.answer.items[1].article
    second = Conversation(city_index, clock=clock)
    assert second.restore(json.loads(json.dumps(first.snapshot())))
    reply = second.handle("第二篇呢?", "a")
    assert isinstance(reply, AnswerPage)
    assert [item.article for item in reply.answer.items] == [second_article]
    assert reply.answer.items[0].field == "authors"


def test_turns_saved_before_they_kept_the_listing_still_load(city_index: ReportIndex, clock: Clock) -> None:
    conversation = Conversation(city_index, clock=clock)
    old_rows = [["a", None, 0, None, [["青山市法院受理了多少件案件?", "qingshan", clock()]]]]
    assert conversation.restore({"version": SNAPSHOT_VERSION, "queries": [], "chats": old_rows, "stats": [1, 1, 0, 0]})
    assert "白河县" in top(conversation.handle("那白河县呢?", "a"))


@pytest.mark.parametrize(
    "snapshot",
    [
        {},
        {"version": 99, "queries": [], "chats": [], "stats": [0, 0, 0, 0]},
        {"version": SNAPSHOT_VERSION, "queries": "x", "chats": [], "stats": [0, 0, 0, 0]},
        {
            "version": SNAPSHOT_VERSION,
            "queries": [["id", "q", None, "klingon", None, None, []]],
            "chats": [],
            "stats": [0, 0, 0, 0],
        },
        {"version": SNAPSHOT_VERSION, "queries": [], "chats": [["a", None, "one", None, []]], "stats": [0, 0, 0, 0]},
        {"version": SNAPSHOT_VERSION, "queries": [], "chats": [], "stats": [-1, 0, 0, 0]},
    ],
)
def test_a_bad_snapshot_is_ignored(conversation: Conversation, snapshot: dict[str, object]) -> None:
    assert not conversation.restore(snapshot)
    assert conversation.stats.questions == 0
    assert isinstance(conversation.handle("青山市法院受理了多少件案件?"), AnswerPage)


def test_restored_state_is_bounded(city_index: ReportIndex) -> None:
    big = Conversation(city_index, remembered_queries=50)
    for n in range(30):
        big.handle("青山市法院受理了多少件案件?", f"chat-{n}")
    small = Conversation(city_index, remembered_queries=2)
    assert small.restore(big.snapshot())
    snapshot = small.snapshot()
    assert len(snapshot["queries"]) == 2  # type: ignore[arg-type]  # snapshot rows
    assert len(snapshot["chats"]) == 20  # type: ignore[arg-type]  # 2 queries x 10 chats each


def test_a_traditional_follow_up_quotes_a_traditional_report_as_written(tiny_index: ReportIndex) -> None:
    conversation = Conversation(tiny_index)
    first = conversation.handle("果園鎮培訓果農多少人次?", "t")
    assert "860人次" in top(first)
    reply = conversation.handle("灌溉呢?", "t")  # the same in both scripts; completed in matching (simplified) form
    assert isinstance(reply, AnswerPage)
    assert reply.voice.script is Script.TRADITIONAL
    assert reply.answer.items[0].display == reply.answer.items[0].text  # 果園鎮…萬畝, as the report has it
    assert "2.3萬畝" in reply.answer.items[0].display
    assert reply.understood_as is not None
    assert "果園鎮" in reply.understood_as


def test_a_follow_ups_pages_are_the_same_after_a_restart(city_index: ReportIndex) -> None:
    first = Conversation(city_index, max_results=3)
    first.handle("青山市法院受理了多少件案件?", "a")
    swapped = first.handle("白河县检察院呢?", "a")
    assert isinstance(swapped, AnswerPage)
    second = Conversation(city_index, max_results=3)
    assert second.restore(json.loads(json.dumps(first.snapshot())))
    for position in range(swapped.total):
        page = second.page(swapped.query_id, position)
        assert isinstance(page, AnswerPage)
        assert page.answer.items[position] == swapped.answer.items[position]
        assert page.understood_as == swapped.understood_as


def test_a_body_swap_stays_in_the_place_the_question_kept(conversation: Conversation) -> None:
    conversation.handle("白河县检察院办理了多少件公益诉讼案件?", "a")
    reply = conversation.handle("法院呢?", "a")
    assert isinstance(reply, AnswerPage)
    assert reply.understood_as == "白河县法院办理了多少件公益诉讼案件?"
    assert reply.answer.items[0].article.id == "baihe"
    assert "600件" in reply.answer.items[0].text


def test_what_the_second_report_is_about_is_its_title(conversation: Conversation) -> None:
    conversation.handle("有几篇报道?", "a")
    reply = conversation.handle("第二篇讲了什么?", "a")
    assert isinstance(reply, AnswerPage)
    second = conversation.sources()[1].article
    assert reply.answer.items[0].article == second
    assert reply.answer.items[0].text == second.title


def test_a_follow_up_before_any_question_asks_for_the_whole_question(conversation: Conversation) -> None:
    reply = conversation.handle("那检察院呢?", "new")
    assert isinstance(reply, Notice)
    assert reply.kind is NoticeKind.NOTHING_TO_FOLLOW
    assert "检察院" in render_reply(reply)
    for message in ("是真的吗?", "哪篇报道说的?"):
        assert isinstance(conversation.handle(message, "new"), Notice)
    assert isinstance(conversation.handle("还有呢?", "new"), Notice)


def test_asking_for_detail_shows_more_around_the_same_answer(conversation: Conversation) -> None:
    first = conversation.handle("青山市检察院办理了多少件公益诉讼案件?", "a")
    detail = conversation.handle("详细说说", "a")
    assert isinstance(first, AnswerPage)
    assert isinstance(detail, AnswerPage)
    shown, more = first.answer.items[0], detail.answer.items[0]
    assert more.text == shown.text
    assert len(more.context_before) + len(more.context_after) > len(shown.context_before) + len(shown.context_after)


def test_the_context_button_shows_what_detail_in_text_shows(conversation: Conversation) -> None:
    first = conversation.handle("青山市检察院办理了多少件公益诉讼案件?", "a")
    assert isinstance(first, AnswerPage)
    assert first.has_detail
    pressed = conversation.detail(first.query_id, 0, "a")
    said = conversation.handle("详细说说", "a")
    assert isinstance(pressed, AnswerPage)
    assert pressed.detailed
    assert pressed == said


def test_a_context_button_after_a_reload_shows_the_answer_without_failing(
    conversation: Conversation, seed_index: ReportIndex
) -> None:
    first = conversation.handle("青山市检察院办理了多少件公益诉讼案件?", "a")
    assert isinstance(first, AnswerPage)
    conversation.replace_index(seed_index)  # the cities' reports are gone from the folder
    pressed = conversation.detail(first.query_id, 0, "a")
    assert isinstance(pressed, AnswerPage)
    assert pressed.answer.items[0].text == first.answer.items[0].text
    forgotten = conversation.detail("no-such-query", 0, "a")
    assert isinstance(forgotten, Notice)
    assert forgotten.kind is NoticeKind.EXPIRED


def test_is_it_true_shows_the_answer_in_view_again(conversation: Conversation) -> None:
    asked = top(conversation.handle("白河县公安机关打掉了几个犯罪团伙?", "a"))
    assert top(conversation.handle("是真的吗?", "a")) == asked
    assert top(conversation.handle("有没有超过10个?", "a")) == asked  # a yes/no question of nothing else


def test_which_report_said_it_is_the_source_of_the_answer(conversation: Conversation) -> None:
    conversation.handle("白河县法院当场立案率是多少?", "a")
    reply = conversation.handle("哪篇报道说的?", "a")
    assert isinstance(reply, AnswerPage)
    assert reply.answer.items[0].article.id == "baihe"
    assert "白河县平安建设成效显著" in reply.answer.items[0].text


def test_going_back_asks_the_last_answered_question_again(conversation: Conversation) -> None:
    conversation.handle("青山市法院受理了多少件案件?", "a")
    conversation.handle("这篇报道是谁写的?", "a")
    conversation.handle("今天的天气预报说什么?", "a")
    back = conversation.handle("刚才那个问题", "a")
    assert "1200件" in top(back)
    assert isinstance(back, AnswerPage)
    assert back.understood_as == "青山市法院受理了多少件案件?"


def test_a_pointer_back_asks_the_rest_of_the_article_in_view(conversation: Conversation) -> None:
    conversation.handle("青山市法院受理了多少件案件?", "a")
    reply = conversation.handle("上面说的化解率是多少?", "a")
    assert "92%" in top(reply)


def test_after_a_refusal_more_is_not_an_older_questions_answer(conversation: Conversation) -> None:
    conversation.handle("青山市法院受理了多少件案件?", "a")
    assert isinstance(conversation.handle("今天的天气预报说什么?", "a"), NoAnswer)
    reply = conversation.handle("还有呢?", "a")
    assert isinstance(reply, Notice)
    assert reply.kind is NoticeKind.NOTHING_TO_PAGE


@pytest.mark.parametrize("message", ["好的，谢谢", "嗯嗯，谢谢你！", "谢谢，再见", "唔該，多謝"])
def test_several_courtesies_are_small_talk(conversation: Conversation, message: str) -> None:
    assert isinstance(conversation.handle(message, "a"), SmallTalk)


def test_a_correction_replaces_the_part_it_names(conversation: Conversation) -> None:
    conversation.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a")
    reply = conversation.handle("不是，我问的是白河县", "a")
    assert isinstance(reply, AnswerPage)
    assert reply.understood_as == "白河县公安机关抓获了多少犯罪嫌疑人?"
    assert "110人" in top(reply)


def test_a_correction_in_full_is_asked_without_its_lead_in(conversation: Conversation) -> None:
    conversation.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "a")
    assert "91%" in top(conversation.handle("不对，我想问的是白河县法院当场立案率是多少?", "a"))


def test_refusals_do_not_make_the_chat_forget_the_article_in_view(conversation: Conversation) -> None:
    conversation.handle("青山市法院受理了多少件案件?", "a")
    for _ in range(6):
        conversation.handle("今天的天气预报说什么?", "a")
    reply = conversation.handle("这篇报道是谁写的?", "a")
    assert isinstance(reply, AnswerPage)
    assert reply.answer.items[0].article.id == "qingshan"


def test_a_word_every_report_says_is_no_article_name(conversation: Conversation) -> None:
    conversation.handle("青山市检察院办理了多少件公益诉讼案件?", "a")
    conversation.handle("这篇报道是谁写的?", "a")
    reply = conversation.handle("法院呢?", "a")  # both reports speak of courts: the courts, not an article
    assert isinstance(reply, AnswerPage)
    assert reply.understood_as is not None
    assert "法院" in reply.understood_as
    assert "那篇" not in reply.understood_as
