"""End to end: the real bot process (`python -m bot`) against the telegram-test-api emulator on 127.0.0.1.

The tests act as a user through the emulator's client routes and read the bot's replies back.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

E2E = Path(__file__).resolve().parent
ROOT = E2E.parent.parent
TOKEN = "123456:E2E-token-that-must-never-be-logged"
BOT_USERNAME = "ReportQaTestBot"
USER = {"id": 7, "is_bot": False, "first_name": "Ann"}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed"),
    pytest.mark.skipif(not (E2E / "node_modules" / "telegram-test-api").is_dir(), reason="run `make test` (npm ci)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Any, timeout: float = 20.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting")


@dataclass
class Emulator:
    """A client of the emulator: acts as users, reads what the bot sent."""

    port: int
    process: subprocess.Popen[str]

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def post(self, path: str, payload: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["result"]

    def send(self, text: str, chat: dict[str, Any], user: dict[str, Any] = USER, **extra: Any) -> None:
        message: dict[str, Any] = {
            "botToken": TOKEN,
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        message.update(extra)
        self.post("/sendMessage", message)

    def press(self, message: dict[str, Any], data: str, user: dict[str, Any] = USER) -> None:
        self.post("/sendCallback", {"botToken": TOKEN, "from": user, "message": message, "data": data})

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        return list(self.post("/botMessages", {"token": TOKEN, "chatId": chat_id}))

    def wait_messages(self, chat_id: int, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        return list(wait_for(lambda: (m := self.messages(chat_id)) and len(m) >= count and m, timeout))

    def fault(self, method: str, **fault: Any) -> None:
        self.post("/fault", {"method": method, **fault})


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    port = free_port()
    process = subprocess.Popen(
        ["node", str(E2E / "emulator.js"), str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == f"ready {port}"
    yield Emulator(port, process)
    process.terminate()
    process.wait(10)
    process.stdout.close()


@dataclass
class BotProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(30)


def start_bot(emulator: Emulator, tmp_path: Path, **env: str) -> BotProcess:
    log = tmp_path / "bot.log"
    environment = {
        **os.environ,
        "QA_TELEGRAM_TOKEN": TOKEN,
        "QA_TELEGRAM_API_URL": emulator.api_url,
        "QA_REPORTS_DIR": str(ROOT / "seeds"),
        "QA_CACHE_DIR": str(ROOT / ".cache" / "qa-e2e"),
        "QA_ADMIN_IDS": str(USER["id"]),
        "QA_LOG_LEVEL": "INFO",
        "QA_STATE_FILE": str(tmp_path / "conversation-state.json"),
        **env,
    }
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=environment, stdout=sink, stderr=sink)
    bot = BotProcess(process, log)
    wait_for(lambda: "ready" in bot.text() or process.poll() is not None, timeout=60)
    assert process.poll() is None, bot.text()
    return bot


@pytest.fixture
def bot(emulator: Emulator, tmp_path: Path) -> Iterator[BotProcess]:
    process = start_bot(emulator, tmp_path)
    yield process
    assert process.stop() == 0
    log = process.text()
    assert "Traceback" not in log, log
    assert TOKEN not in log
    assert TOKEN.split(":")[1] not in log


def private(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Ann"}


GROUP = {"id": -500, "type": "group", "title": "Team"}


@pytest.mark.usefixtures("bot")
def test_start_sources_and_the_command_menu(emulator: Emulator) -> None:
    chat = private(101)
    emulator.send("/start", chat)
    (welcome,) = emulator.wait_messages(101, 1)
    assert "2 篇报告" in welcome["text"]
    assert welcome["reply_markup"]["inline_keyboard"]
    emulator.send("/sources", chat)
    sources = emulator.wait_messages(101, 2)[-1]
    assert "續寫更多政法干警" in sources["text"]
    commands = emulator.post("/commands", {"token": TOKEN})
    assert {c["command"] for c in commands} >= {"start", "help", "sources", "source", "ask"}


@pytest.mark.usefixtures("bot")
def test_questions_in_both_scripts_and_paging(emulator: Emulator) -> None:
    chat = private(102)
    emulator.send("梧州检察机关办结了多少件公益诉讼案件?", chat)
    (answer,) = emulator.wait_messages(102, 1)
    assert "250件" in answer["text"]
    assert "检察机关" in answer["text"]  # shown in simplified, like the question
    emulator.send("全市法院當場立案率是多少?", chat)
    traditional = emulator.wait_messages(102, 2)[-1]
    assert "當場立案率" in traditional["text"]
    assert "97.64%" in traditional["text"]
    buttons = answer["reply_markup"]["inline_keyboard"][0]
    assert buttons[-1]["text"] == "▶"
    emulator.press(answer, buttons[-1]["callback_data"])
    edited = wait_for(lambda: next((m for m in emulator.messages(102) if m.get("edit_date")), None))
    assert edited["message_id"] == answer["message_id"]
    assert edited["text"] != answer["text"]
    assert any(a.get("callback_query_id") for a in emulator.post("/callbackAnswers", {}))


@pytest.mark.usefixtures("bot")
def test_groups_answer_only_when_addressed(emulator: Emulator) -> None:
    emulator.send("梧州发放了多少份调查问卷?", GROUP)
    emulator.send("/ask@OtherBot 梧州发放了多少份调查问卷?", GROUP)
    time.sleep(1.5)
    assert emulator.messages(-500) == []
    emulator.send("/ask 梧州发放了多少份调查问卷?", GROUP)
    (reply,) = emulator.wait_messages(-500, 1)
    assert "2万余份" in reply["text"]


@pytest.mark.usefixtures("bot")
def test_inline_mode(emulator: Emulator) -> None:
    emulator.post("/sendInlineQuery", {"botToken": TOKEN, "from": USER, "query": "梧州召开了多少场座谈会?"})
    answered = wait_for(lambda: emulator.post("/inlineAnswers", {}))
    assert "426" in answered[-1]["results"][0]["input_message_content"]["message_text"]


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500, "count": 3},
        {"status": 429, "retry_after": 1, "count": 2},
    ],
    ids=["http-500", "http-429"],
)
@pytest.mark.usefixtures("bot")
def test_api_errors_never_lose_or_double_an_answer(emulator: Emulator, fault: dict[str, Any]) -> None:
    chat_id = 110 + int(fault["status"]) % 7
    emulator.fault("sendMessage", **fault)
    emulator.send("梧州扫黑除恶破案多少起?", private(chat_id))
    (reply,) = emulator.wait_messages(chat_id, 1, timeout=40)
    assert "205起" in reply["text"]
    time.sleep(2)
    assert len(emulator.messages(chat_id)) == 1


@pytest.mark.usefixtures("bot")
def test_a_hanging_api_is_survived(emulator: Emulator) -> None:
    emulator.fault("sendMessage", hang_ms=8000, count=1)
    emulator.send("梧州重大涉稳问题的化解率是多少?", private(120))
    replies = emulator.wait_messages(120, 1, timeout=60)
    assert "100%" in replies[0]["text"]
    emulator.send("梧州召开了多少场座谈会?", private(121))
    assert "426" in emulator.wait_messages(121, 1, timeout=30)[0]["text"]


def test_webhook_mode(emulator: Emulator, tmp_path: Path) -> None:
    port = free_port()
    bot = start_bot(
        emulator,
        tmp_path,
        QA_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        QA_WEBHOOK_PORT=str(port),
        QA_WEBHOOK_SECRET="s3cret-header-value",
    )
    try:
        emulator.send("梧州发放了多少份调查问卷?", private(130))
        (reply,) = emulator.wait_messages(130, 1)
        assert "2万余份" in reply["text"]
    finally:
        assert bot.stop() == 0
    assert "Traceback" not in bot.text()


def last_text(emulator: Emulator, chat_id: int, count: int) -> str:
    return str(emulator.wait_messages(chat_id, count)[-1]["text"])


@pytest.mark.usefixtures("bot")
def test_a_follow_up_conversation_in_a_private_chat(emulator: Emulator) -> None:
    chat = private(140)
    emulator.send("黑龙江“昆仑2021”专项行动抓获了多少犯罪嫌疑人?", chat)
    assert "1859人" in last_text(emulator, 140, 1)
    emulator.send("打掉了几个犯罪团伙?", chat)
    second = last_text(emulator, 140, 2)
    assert "95个" in second
    assert "按“黑龙江打掉了几个犯罪团伙?”理解" in second
    emulator.send("梧州呢?", chat)
    third = last_text(emulator, 140, 3)
    assert "34个" in third
    assert "按“梧州打掉了几个犯罪团伙?”理解" in third
    emulator.send("还有呢?", chat)
    fourth = last_text(emulator, 140, 4)
    assert "34个" not in fourth
    assert "📄" in fourth
    emulator.send("谢谢！", chat)
    assert "不客气" in last_text(emulator, 140, 5)
    emulator.send("How many cases were filed?", chat)
    assert "请用中文" in last_text(emulator, 140, 6)


@pytest.mark.usefixtures("bot")
def test_talking_about_the_answer_in_view(emulator: Emulator) -> None:
    chat = private(145)
    emulator.send("那检察机关呢?", chat)  # nothing asked yet: asked to say the whole question
    assert "请把问题说完整" in last_text(emulator, 145, 1)
    emulator.send("全省检察机关办理回复了多少件群众信访事项?", chat)
    first = last_text(emulator, 145, 2)
    assert "12846" in first
    emulator.send("详细说说", chat)
    detail = last_text(emulator, 145, 3)
    assert "12846" in detail
    assert len(detail) > len(first)  # the sentences around it
    emulator.send("哪篇报道说的?", chat)
    assert "實踐活動見行見效" in last_text(emulator, 145, 4)
    emulator.send("好的，谢谢", chat)
    assert "不客气" in last_text(emulator, 145, 5)


@pytest.mark.usefixtures("bot")
def test_a_long_conversation_with_reactions_another_year_and_an_earlier_answers_source(emulator: Emulator) -> None:
    chat = private(147)
    for count, (message, said) in enumerate(
        [
            ("梧州法院当场立案率是多少?", "97.64%"),
            ("👍", "好的"),  # a reaction is a nod, not an empty question
            ("那去年呢?", "没有说到那个时候"),  # never the answer just given, for another year
            ("黑龙江全省共推出为民服务举措多少项?", "3535"),
            ("第一个答案是哪篇报道的?", "春天的故事"),
            ("哪篇报道更新?", "2022-02-24"),
        ],
        1,
    ):
        emulator.send(message, chat)
        assert said in last_text(emulator, 147, count), message


@pytest.mark.usefixtures("bot")
def test_he_who_said_it_and_a_rejection_in_a_private_chat(emulator: Emulator) -> None:
    chat = private(149)
    for count, (message, said) in enumerate(
        [
            ("黑龙江那篇是谁写的?", "张晓磊"),
            ("他还写了什么?", "按“张晓磊还写了什么”理解"),  # 他 is the author just named
            ("黑龙江建了多少个一站式非诉讼纠纷解决中心?", "32个县"),
            ("谁介绍的这些情况?", "郝伟夫表示"),  # the sentence its speaker opens, above the answer
            ("他是什么职务?", "常务副书记"),
        ],
        1,
    ):
        emulator.send(message, chat)
        shown = last_text(emulator, 149, count)
        assert said in shown, message
    emulator.send("不对", chat)
    rejected = last_text(emulator, 149, 6)
    assert "📄" in rejected
    assert "常务副书记" not in rejected  # another answer, never the same one again


@pytest.mark.usefixtures("bot")
def test_a_sticker_between_questions_gets_a_nod_and_keeps_the_conversation(emulator: Emulator) -> None:
    chat = private(148)
    emulator.send("黑龙江诛雀行动缴获了多少张手机卡?", chat)
    assert "3644" in last_text(emulator, 148, 1)
    sticker = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
        "emoji": "👍",
    }
    emulator.post(
        "/sendMessage", {"botToken": TOKEN, "from": USER, "chat": chat, "date": int(time.time()), "sticker": sticker}
    )
    assert "好的" in last_text(emulator, 148, 2)
    emulator.send("银行卡呢?", chat)
    assert "2260" in last_text(emulator, 148, 3)


@pytest.mark.usefixtures("bot")
def test_a_follow_up_conversation_in_a_group(emulator: Emulator) -> None:
    group = {"id": -520, "type": "group", "title": "Team"}
    emulator.send("/ask 黑龙江“昆仑2021”专项行动抓获了多少犯罪嫌疑人?", group)
    (first,) = emulator.wait_messages(-520, 1)
    assert "1859人" in first["text"]
    emulator.send("梧州呢?", group)  # not addressed to the bot: ignored
    emulator.send("打掉了几个犯罪团伙?", group, reply_to_message=first)
    second = emulator.wait_messages(-520, 2)[-1]
    assert "95个" in second["text"]
    emulator.send("梧州呢?", group, reply_to_message=second)
    assert "34个" in last_text(emulator, -520, 3)
    emulator.send("/ask 还有呢", group)
    assert "34个" not in last_text(emulator, -520, 4)
    assert len(emulator.messages(-520)) == 4


def test_page_button_works_after_the_bot_restarted(emulator: Emulator, tmp_path: Path) -> None:
    first_run = start_bot(emulator, tmp_path)
    try:
        emulator.send("梧州检察机关办结了多少件公益诉讼案件?", private(150))
        (answer,) = emulator.wait_messages(150, 1)
    finally:
        assert first_run.stop() == 0
    assert (tmp_path / "conversation-state.json").exists()
    second_run = start_bot(emulator, tmp_path)
    try:
        forward = answer["reply_markup"]["inline_keyboard"][0][-1]
        assert forward["text"] == "▶"
        emulator.press(answer, forward["callback_data"])
        edited = wait_for(lambda: next((m for m in emulator.messages(150) if m.get("edit_date")), None))
        assert edited["message_id"] == answer["message_id"]
        assert edited["text"] != answer["text"]
        assert "2/5" in json.dumps(edited["reply_markup"], ensure_ascii=False)
        emulator.send("还有呢", private(150))
        third = last_text(emulator, 150, 2)
        assert third not in (answer["text"], edited["text"])
        context = answer["reply_markup"]["inline_keyboard"][-1][0]
        emulator.press(answer, context["callback_data"])  # a 原文 button from before the restart
        detail = _edited(emulator, 150, edited["text"])
        assert "作者：李繼遠" in detail["text"]
    finally:
        assert second_run.stop() == 0
    assert "Traceback" not in first_run.text() + second_run.text()


def _edited(emulator: Emulator, chat_id: int, unlike: str) -> dict[str, Any]:
    """The chat's first message once an edit has made its text other than `unlike`."""
    return dict(
        wait_for(
            lambda: next((m for m in emulator.messages(chat_id) if m.get("edit_date") and m["text"] != unlike), None)
        )
    )


@pytest.mark.usefixtures("bot")
def test_the_context_button_shows_the_paragraph_and_source_and_folds_back(emulator: Emulator) -> None:
    emulator.send("梧州检察机关办结了多少件公益诉讼案件?", private(770))
    (answer,) = emulator.wait_messages(770, 1)
    context = answer["reply_markup"]["inline_keyboard"][-1][0]
    assert context["text"] == "📖 原文"
    emulator.press(answer, context["callback_data"])
    detail = _edited(emulator, 770, answer["text"])
    assert detail["message_id"] == answer["message_id"]
    assert "250件" in detail["text"]
    assert "司法服务水平" in detail["text"]  # the paragraph's sentences beyond the short answer's context
    assert "作者：李繼遠" in detail["text"]
    fold = detail["reply_markup"]["inline_keyboard"][-1][0]
    assert fold["text"] == "↩ 收起"
    emulator.press(detail, fold["callback_data"])
    folded = _edited(emulator, 770, detail["text"])
    assert folded["text"] == answer["text"]
    emulator.send("详细说说", private(770))  # the same view as the button's, in text
    assert "作者：李繼遠" in last_text(emulator, 770, 2)


@pytest.mark.usefixtures("bot")
def test_a_stale_context_button_gets_a_friendly_alert(emulator: Emulator) -> None:
    emulator.send("梧州检察机关办结了多少件公益诉讼案件?", private(771))
    (answer,) = emulator.wait_messages(771, 1)
    emulator.press(answer, "c:forgotten:0")  # as after a restart that lost the state file
    alert = wait_for(
        lambda: next((a for a in emulator.post("/callbackAnswers", {}) if "过期" in a.get("text", "")), None)
    )
    assert alert["show_alert"] in (True, "true")
    assert not any(m.get("edit_date") for m in emulator.messages(771))


@pytest.mark.usefixtures("bot")
def test_a_traditional_chinese_user_gets_traditional_greeting_and_answers(emulator: Emulator) -> None:
    hant = {"id": 8, "is_bot": False, "first_name": "Mei", "language_code": "zh-hant"}
    chat = {"id": 160, "type": "private", "first_name": "Mei"}
    emulator.send("/start", chat, user=hant)
    (welcome,) = emulator.wait_messages(160, 1)
    assert "我是報告問答機器人" in welcome["text"]
    assert "可以這樣問" in welcome["text"]
    emulator.send("全市法院立案率是多少?", chat, user=hant)  # the same characters in both scripts
    answer = last_text(emulator, 160, 2)
    assert "當場" in answer
    assert "樹立為民服務" in answer
    emulator.send("全市法院立案率是多少?", private(161))  # no language given: simplified
    simplified = last_text(emulator, 161, 1)
    assert "当场" in simplified
    assert "树立为民服务" in simplified
