"""A fault soak: 10 users x 20 questions at once through the emulator while the Bot API misbehaves and the bot restarts.

sendMessage: 500 six times in a row, a 429, a 7 s hang, two sends delivered whose response is lost;
getUpdates: a 502 and a 15 s hang; a SIGTERM and a restart in the middle. Every question must be
answered at least once; duplicates are allowed only for the sends whose response was lost.
"""

from __future__ import annotations

import collections
import json
import os
import time
from pathlib import Path

import pytest

from tests.e2e import test_bot_e2e
from tests.e2e.test_bot_e2e import Emulator, private, pytestmark, start_bot, wait_for

__all__ = ["pytestmark"]
emulator = test_bot_e2e.emulator  # a module-scoped emulator of this module's own

# Questions and a figure only their answer quotes; each names its place or body, so no answer
# depends on the chat's context, and so not on the order in which a restart lets them through.
QUESTIONS = {
    "梧州召开了多少场座谈会?": "426",
    "梧州扫黑除恶破案多少起?": "205起",
    "梧州检察机关办结了多少件公益诉讼案件?": "250件",
    "全市法院立案率是多少?": "97.64%",
    "黑龙江“昆仑2021”专项行动抓获了多少犯罪嫌疑人?": "1859人",
}
USERS = 10
PER_USER = 20
LOST_RESPONSES = 2


def soak_log(text: str) -> None:
    path = os.environ.get("SOAK_REPORT")
    if path:
        with Path(path).open("a", encoding="utf-8") as sink:
            sink.write(text + "\n")


@pytest.mark.slow
def test_fault_soak_every_question_answered(emulator: Emulator, tmp_path: Path) -> None:
    env = {
        "QA_RATE_LIMIT_PER_MINUTE": "1000",
        "QA_CACHE_DIR": str(tmp_path / "cache"),
        "QA_STATE_FILE": str(tmp_path / "state.json"),
    }
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    chats = [900 + n for n in range(USERS)]
    asked: dict[int, list[str]] = {chat: [] for chat in chats}
    questions = list(QUESTIONS)
    first = start_bot(emulator, tmp_path / "first", **env)
    for method, fault in [
        ("sendMessage", {"status": 500, "count": 6}),
        ("sendMessage", {"status": 429, "retry_after": 1, "count": 1}),
        ("sendMessage", {"hang_ms": 7000, "count": 1}),
        ("sendMessage", {"drop_response": True, "count": LOST_RESPONSES}),
        ("getUpdates", {"status": 502, "count": 1}),
        ("getUpdates", {"hang_ms": 15000, "count": 1}),
    ]:
        emulator.fault(method, queue=True, **fault)
    half = PER_USER // 2
    for round_ in range(half):
        for n, chat in enumerate(chats):
            question = questions[(round_ + n) % len(questions)]
            asked[chat].append(question)
            emulator.send(question, private(chat), user={"id": chat, "is_bot": False, "first_name": f"U{n}"})
    wait_for(lambda: sum(len(emulator.messages(chat)) for chat in chats) >= USERS * half // 2, timeout=120)
    assert first.stop() == 0  # SIGTERM in the middle
    second = start_bot(emulator, tmp_path / "second", **env)
    try:
        for round_ in range(half, PER_USER):
            for n, chat in enumerate(chats):
                question = questions[(round_ + n) % len(questions)]
                asked[chat].append(question)
                emulator.send(question, private(chat), user={"id": chat, "is_bot": False, "first_name": f"U{n}"})

        def all_answered() -> bool:
            return all(_unanswered(emulator, chat, asked[chat]) == 0 for chat in chats)

        try:
            wait_for(all_answered, timeout=150, interval=0.5)
        except AssertionError:
            missing = {chat: _unanswered(emulator, chat, asked[chat]) for chat in chats}
            raise AssertionError(f"unanswered per chat: {missing}") from None
        time.sleep(1)  # late duplicates, if any, land now
    finally:
        assert second.stop() == 0
    log = first.text() + second.text()
    assert "Traceback" not in log, log
    replies = sum(len(emulator.messages(chat)) for chat in chats)
    duplicates = replies - USERS * PER_USER
    assert 0 <= duplicates <= LOST_RESPONSES, duplicates
    outboxed = log.count("kept in the outbox")
    soak_log(
        json.dumps(
            {"questions": USERS * PER_USER, "replies": replies, "duplicates": duplicates, "outboxed": outboxed},
            ensure_ascii=False,
        )
    )


def _unanswered(emulator: Emulator, chat: int, asked: list[str]) -> int:
    """How many of the chat's questions have no reply quoting their figure (each reply counts once)."""
    have = collections.Counter()
    for message in emulator.messages(chat):
        for figure in QUESTIONS.values():
            if figure in message["text"]:
                have[figure] += 1
                break
    need = collections.Counter(QUESTIONS[question] for question in asked)
    return sum(max(0, count - have[figure]) for figure, count in need.items())
