"""The Telegram renderer: replies as HTML in the asker's script, follow-up lines, listings, small talk."""

from __future__ import annotations

from bot.render import render
from qa.chat.conversation import AnswerPage, Conversation, NotChinese, SmallTalk, SmallTalkKind
from qa.chat.voice import Voice
from qa.models import Script, TraditionalStandard
from qa.search.index import ReportIndex

TAIWAN = Voice(Script.TRADITIONAL, TraditionalStandard.TAIWAN)
HONG_KONG = Voice(Script.TRADITIONAL, TraditionalStandard.HONG_KONG)


def test_a_follow_up_says_how_it_was_understood_above_the_answer(city_index: ReportIndex) -> None:
    conversation = Conversation(city_index)
    conversation.handle("青山市法院受理了多少件案件?", "a")
    reply = conversation.handle("白河县呢?", "a")
    assert isinstance(reply, AnswerPage)
    first_line = render(reply).messages[0].splitlines()[0]
    assert first_line == "<i>按“白河县法院受理了多少件案件?”理解</i>"


def test_labels_and_buttons_follow_the_asker_script(city_index: ReportIndex) -> None:
    conversation = Conversation(city_index)
    welcome = conversation.handle("/start", "t", language_code="zh-hant")
    rendered = render(welcome)
    assert "可以這樣問" in rendered.messages[0]
    assert rendered.keyboard is not None
    labels = [button.text for row in rendered.keyboard.inline_keyboard for button in row]
    assert labels
    assert all(label == TAIWAN.say(label) for label in labels)  # example buttons in traditional too
    help_text = render(conversation.handle("/help", "t", language_code="zh-TW")).messages[0]
    assert "還有呢" in help_text
    assert "列出所有報告" in help_text


def test_taiwan_and_hong_kong_forms_in_replies() -> None:
    assert render(SmallTalk(SmallTalkKind.THANKS, TAIWAN)).messages == ("不客氣！還有問題隨時問我。",)
    greeting_tw = render(SmallTalk(SmallTalkKind.GREETING, TAIWAN)).messages[0]
    greeting_hk = render(SmallTalk(SmallTalkKind.GREETING, HONG_KONG)).messages[0]
    assert "裡" in greeting_tw
    assert "裏" in greeting_hk


def test_the_hint_for_non_chinese_text_is_escaped_html() -> None:
    rendered = render(NotChinese("<b>多少</b>?", Voice()))
    assert "&lt;b&gt;多少&lt;/b&gt;?" in rendered.messages[0]
    assert "Please ask in Chinese" in rendered.messages[0]


def test_a_listing_shows_every_report_without_page_buttons(seed_index: ReportIndex) -> None:
    reply = Conversation(seed_index).handle("两篇报道分别是哪天发布的?")
    assert isinstance(reply, AnswerPage)
    assert reply.answer.listing
    rendered = render(reply)
    assert rendered.keyboard is None  # nor a 原文 button: a listing has no paragraph to show
    assert "2021-06-25" in rendered.messages[0]
    assert "2022-02-24" in rendered.messages[0]


def test_a_single_answer_has_only_the_context_button_and_a_header_fact_none(city_index: ReportIndex) -> None:
    conversation = Conversation(city_index, max_results=1)
    single = conversation.handle("青山市检察院办理了多少件公益诉讼案件?", "a")
    assert isinstance(single, AnswerPage)
    keyboard = render(single).keyboard
    assert keyboard is not None
    assert [[button.text for button in row] for row in keyboard.inline_keyboard] == [["📖 原文"]]
    author = conversation.handle("这篇报道是谁写的?", "a")
    assert isinstance(author, AnswerPage)
    assert render(author).keyboard is None


def test_the_context_button_speaks_the_asker_script(city_index: ReportIndex) -> None:
    conversation = Conversation(city_index)
    reply = conversation.handle("青山市檢察院辦理了多少件公益訴訟案件?", "t")
    assert isinstance(reply, AnswerPage)
    keyboard = render(reply).keyboard
    assert keyboard is not None
    assert keyboard.inline_keyboard[-1][0].text == "📖 原文"
    detail = conversation.detail(reply.query_id, 0, "t")
    assert isinstance(detail, AnswerPage)
    rendered = render(detail)
    assert "作者：赵一鸣 · 編輯：孙丽" in rendered.messages[0]  # labels in the asker script, names as written
    assert rendered.keyboard is not None
    assert rendered.keyboard.inline_keyboard[-1][0].text == "↩ 收起"
