"""The real python-telegram-bot Application, fed Update objects, with a recording fake HTTP layer."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.handlers import AnyApplication
from bot.render import MAX_MESSAGE_CHARS, split_lines
from qa.chat import Conversation
from qa.search.index import ReportIndex
from qa.settings import Settings

TOKEN = "123456:TEST-token-that-must-never-be-logged-xyz"
BOT = {"id": 999, "is_bot": True, "first_name": "Reports", "username": "ReportQaBot"}
USER = {"id": 1, "is_bot": False, "first_name": "Ann"}
PRIVATE = {"id": 1, "type": "private", "first_name": "Ann"}
GROUP = {"id": -100, "type": "group", "title": "Team"}


class RecordingRequest(BaseRequest):
    """Answers Bot API calls like Telegram would, and records them; can be told to fail a method."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failures: dict[str, tuple[int, dict[str, Any]]] = {}
        self._ids = itertools.count(100)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def do_request(
        self,
        url: str,
        method: str,  # noqa: ARG002 - PTB passes it by keyword
        request_data: RequestData | None = None,
        **_: Any,
    ) -> tuple[int, bytes]:
        api = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((api, params))
        if api in self.failures:
            status, body = self.failures.pop(api)
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(api, params)}).encode()

    def _result(self, api: str, params: dict[str, Any]) -> object:
        if api == "getMe":
            return BOT
        if api in ("sendMessage", "editMessageText"):
            chat_id = int(params.get("chat_id", 1))
            chat = PRIVATE if chat_id > 0 else GROUP
            return {
                "message_id": next(self._ids),
                "date": 1700000000,
                "chat": chat,
                "from": BOT,
                "text": params.get("text", ""),
            }
        return True

    def sent(self, api: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == api]


@pytest.fixture
def settings(tmp_path: Any) -> Settings:
    return Settings(
        telegram_token=TOKEN,
        cache_dir=tmp_path / "cache",
        admin_ids=frozenset({1}),
        rate_limit_per_minute=1000,
    )


@pytest.fixture
def fake() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def app(settings: Settings, fake: RecordingRequest, seed_index: ReportIndex) -> AsyncIterator[AnyApplication]:
    application = build_application(settings, Conversation(seed_index, max_results=3), request=fake)
    await application.initialize()
    yield application
    await application.shutdown()


_update_ids = itertools.count(1)


def message_update(text: str, chat: dict[str, Any] = PRIVATE, **extra: Any) -> dict[str, Any]:
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    message = {"message_id": next(_update_ids), "date": 1700000000, "chat": chat, "from": USER, "text": text}
    if entities:
        message["entities"] = entities
    message.update(extra)
    return {"update_id": next(_update_ids), "message": message}


async def feed(app: AnyApplication, data: dict[str, Any]) -> None:
    await app.process_update(Update.de_json(data, app.bot))


async def test_start_replies_with_example_buttons(app: AnyApplication, fake: RecordingRequest) -> None:
    await feed(app, message_update("/start"))
    (sent,) = fake.sent()
    assert sent["parse_mode"] == "HTML"
    assert "2 篇报告" in sent["text"]
    keyboard = json.loads(sent["reply_markup"]) if isinstance(sent["reply_markup"], str) else sent["reply_markup"]
    assert keyboard["inline_keyboard"][0][0]["callback_data"] == "x:0"


async def test_question_gets_bold_answer_source_and_page_buttons(app: AnyApplication, fake: RecordingRequest) -> None:
    await feed(app, message_update("梧州检察机关办结了多少件公益诉讼案件?"))
    (sent,) = fake.sent()
    assert "250件" in sent["text"]
    assert "<b>" in sent["text"]
    assert "梧州零距離網-梧州日報" in sent["text"]
    markup = sent["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    buttons = markup["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["1/3", "▶"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)


async def test_page_button_edits_in_place_and_answers_the_callback(app: AnyApplication, fake: RecordingRequest) -> None:
    await feed(app, message_update("梧州检察机关办结了多少件公益诉讼案件?"))
    markup = fake.sent()[0]["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    data = markup["inline_keyboard"][0][-1]["callback_data"]
    message = {"message_id": 100, "date": 1700000000, "chat": PRIVATE, "from": BOT, "text": "x"}
    callback = {"id": "cb1", "from": USER, "chat_instance": "ci", "data": data, "message": message}
    await feed(app, {"update_id": next(_update_ids), "callback_query": callback})
    (edit,) = fake.sent("editMessageText")
    assert "2/3" in json.dumps(edit["reply_markup"], ensure_ascii=False)
    assert len(fake.sent("answerCallbackQuery")) == 1


async def test_expired_button_gets_a_friendly_alert(app: AnyApplication, fake: RecordingRequest) -> None:
    message = {"message_id": 5, "date": 1700000000, "chat": PRIVATE, "from": BOT, "text": "old"}
    callback = {"id": "cb2", "from": USER, "chat_instance": "ci", "data": "p:gone:1", "message": message}
    await feed(app, {"update_id": next(_update_ids), "callback_query": callback})
    (answered,) = fake.sent("answerCallbackQuery")
    assert answered["show_alert"] is True
    assert "过期" in answered["text"]
    assert not fake.sent("editMessageText")


async def test_groups_answer_only_when_addressed(app: AnyApplication, fake: RecordingRequest) -> None:
    await feed(app, message_update("梧州发放了多少份调查问卷?", GROUP))
    await feed(app, message_update("/ask@OtherBot 梧州发放了多少份调查问卷?", GROUP))
    assert fake.sent() == []
    await feed(app, message_update("/ask 梧州发放了多少份调查问卷?", GROUP))
    assert "2萬余份" in fake.sent()[-1]["text"] or "2万余份" in fake.sent()[-1]["text"]
    mention = message_update(
        "@ReportQaBot 梧州召开了多少场座谈会?", GROUP, entities=[{"type": "mention", "offset": 0, "length": 12}]
    )
    await feed(app, mention)
    assert "426場" in fake.sent()[-1]["text"] or "426场" in fake.sent()[-1]["text"]
    reply = message_update(
        "梧州扫黑除恶破案多少起?", GROUP, reply_to_message={**message_update("x", GROUP)["message"], "from": BOT}
    )
    await feed(app, reply)
    assert len(fake.sent()) == 3


async def test_inline_query_offers_answers_with_sources(app: AnyApplication, fake: RecordingRequest) -> None:
    inline = {"id": "iq1", "from": USER, "query": "梧州发放了多少份调查问卷?", "offset": ""}
    await feed(app, {"update_id": next(_update_ids), "inline_query": inline})
    (answered,) = fake.sent("answerInlineQuery")
    results = json.loads(answered["results"]) if isinstance(answered["results"], str) else answered["results"]
    assert results
    assert "梧州" in results[0]["description"]


async def test_html_in_questions_and_reports_is_escaped(app: AnyApplication, fake: RecordingRequest) -> None:
    await feed(app, message_update("/source <b>1</b>"))
    await feed(app, message_update("<script>alert(1)</script> 梧州发放了多少份调查问卷?"))
    texts = [m["text"] for m in fake.sent()]
    assert all("<script>" not in text for text in texts)
    assert "&lt;b&gt;1&lt;/b&gt;" in texts[0] or "1 到 2" in texts[0]


async def test_admin_commands(app: AnyApplication, fake: RecordingRequest) -> None:
    await feed(app, message_update("梧州发放了多少份调查问卷?"))
    await feed(app, message_update("/stats"))
    assert "已回答问题</b>：1" in fake.sent()[-1]["text"]
    await feed(app, message_update("/reload"))
    assert "已重新载入：2 篇报告" in fake.sent()[-1]["text"]
    stranger = message_update("/stats")
    stranger["message"]["from"] = {"id": 2, "is_bot": False, "first_name": "Bob"}
    await feed(app, stranger)
    assert "管理员" in fake.sent()[-1]["text"]


async def test_allow_list_refuses_once_and_shares_nothing(
    settings: Settings, fake: RecordingRequest, seed_index: ReportIndex
) -> None:
    closed = settings.model_copy(update={"allowed_user_ids": frozenset({42})})
    application = build_application(closed, Conversation(seed_index), request=fake)
    await application.initialize()
    await feed(application, message_update("/sources"))
    await feed(application, message_update("梧州发放了多少份调查问卷?"))
    await application.shutdown()
    (refusal,) = fake.sent()
    assert "受邀" in refusal["text"]


async def test_rate_limit_says_slow_down(settings: Settings, fake: RecordingRequest, seed_index: ReportIndex) -> None:
    limited = settings.model_copy(update={"rate_limit_per_minute": 2})
    application = build_application(limited, Conversation(seed_index), request=fake)
    await application.initialize()
    for _ in range(3):
        await feed(application, message_update("梧州发放了多少份调查问卷?"))
    await application.shutdown()
    texts = [m["text"] for m in fake.sent()]
    assert len(texts) == 3
    assert "太快" in texts[2]


async def test_api_error_reaches_the_error_handler_once(
    app: AnyApplication, fake: RecordingRequest, caplog: pytest.LogCaptureFixture
) -> None:
    fake.failures["sendMessage"] = (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
    with caplog.at_level(logging.ERROR):
        await feed(app, message_update("梧州发放了多少份调查问卷?"))
    assert "error while handling an update" in caplog.text
    apologies = [m for m in fake.sent() if "出了点问题" in m["text"]]
    assert len(apologies) == 1
    assert TOKEN not in caplog.text


def test_long_replies_are_split_between_lines_never_inside_tags() -> None:
    lines = [f"<b>{i}</b> " + "字" * 300 for i in range(40)]
    messages = split_lines(lines)
    assert len(messages) > 1
    assert all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    assert all(m.count("<b>") == m.count("</b>") for m in messages)
    assert "\n".join(messages) == "\n".join(lines)


def test_a_single_over_long_line_is_cut_without_broken_markup() -> None:
    (message,) = split_lines(["<b>" + "&amp;" * 2000 + "</b>"])
    assert len(message) <= MAX_MESSAGE_CHARS
    assert "<b>" not in message
    assert message.endswith("&amp;")


async def test_bad_token_is_one_clear_error(seed_index: ReportIndex, tmp_path: Any) -> None:
    from bot.app import BadTokenError

    with pytest.raises(BadTokenError) as error:
        build_application(Settings(telegram_token="not-a-token", cache_dir=tmp_path), Conversation(seed_index))
    assert "not-a-token" not in str(error.value)


def test_malformed_token_is_one_error_line_at_start_up(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "QA_TELEGRAM_TOKEN": "12345:short-and-secret", "QA_CACHE_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "bot"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == ["error: QA_TELEGRAM_TOKEN does not look like a bot token (expected 123456:ABC…)"]
    assert "short-and-secret" not in result.stderr + result.stdout


def _keyboard(params: dict[str, Any]) -> list[list[dict[str, Any]]]:
    markup = params["reply_markup"]
    rows: list[list[dict[str, Any]]] = (json.loads(markup) if isinstance(markup, str) else markup)["inline_keyboard"]
    return rows


async def _press(app: AnyApplication, data: str) -> None:
    message = {"message_id": 100, "date": 1700000000, "chat": PRIVATE, "from": BOT, "text": "x"}
    callback = {"id": f"cb{data}", "from": USER, "chat_instance": "ci", "data": data, "message": message}
    await feed(app, {"update_id": next(_update_ids), "callback_query": callback})


async def test_context_button_shows_the_paragraph_and_full_source_in_place(
    app: AnyApplication, fake: RecordingRequest
) -> None:
    await feed(app, message_update("梧州检察机关办结了多少件公益诉讼案件?"))
    (sent,) = fake.sent()
    context = _keyboard(sent)[-1][0]
    assert context["text"] == "📖 原文"
    assert context["callback_data"].startswith("c:")
    assert len(context["callback_data"].encode()) <= 64
    await _press(app, context["callback_data"])
    (edit,) = fake.sent("editMessageText")
    assert "250件" in edit["text"]
    assert "司法服务水平" in edit["text"]  # from two sentences on, which the short answer did not show
    assert "司法服务水平" not in sent["text"]
    assert "作者：李繼遠" in edit["text"]  # the article's full source line
    fold = _keyboard(edit)[-1][0]
    assert fold["text"] == "↩ 收起"
    await _press(app, fold["callback_data"])
    back = fake.sent("editMessageText")[-1]
    assert "作者" not in back["text"]
    assert _keyboard(back)[-1][0]["text"] == "📖 原文"
    assert len(fake.sent("answerCallbackQuery")) == 2


async def test_a_forgotten_context_button_gets_a_friendly_alert(app: AnyApplication, fake: RecordingRequest) -> None:
    await _press(app, "c:gone:0")
    (answered,) = fake.sent("answerCallbackQuery")
    assert answered["show_alert"] is True
    assert "过期" in answered["text"]
    assert not fake.sent("editMessageText")
