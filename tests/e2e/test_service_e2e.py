"""End to end, as an operator sees it: the real `python -m bot` process, its exit codes and log, against the emulator.

A canary token runs through every failure path; it must never appear in any output, at INFO or DEBUG.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import test_bot_e2e
from tests.e2e.test_bot_e2e import (
    ROOT,
    TOKEN,
    USER,
    Emulator,
    free_port,
    private,
    pytestmark,
    start_bot,
    wait_for,
)

__all__ = ["pytestmark"]
emulator = test_bot_e2e.emulator  # the module-scoped fixture: this module gets an emulator of its own
SECRET_PART = TOKEN.split(":")[1]


def environment(emulator: Emulator | None, tmp_path: Path, **env: str) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith("QA_")}
    settings = {
        "QA_TELEGRAM_TOKEN": TOKEN,
        "QA_TELEGRAM_API_URL": emulator.api_url if emulator else "http://127.0.0.1:9/bot",
        "QA_REPORTS_DIR": str(ROOT / "seeds"),
        "QA_CACHE_DIR": str(ROOT / ".cache" / "qa-e2e"),
        "QA_STATE_FILE": str(tmp_path / "state.json"),
        "QA_LOG_LEVEL": "INFO",
    }
    settings.update(env)
    return {**base, **{key: value for key, value in settings.items() if value is not None}}


def run_once(emulator: Emulator | None, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot` run to its end, from a folder with no .env of its own, stdin not a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=environment(emulator, tmp_path, **env),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *expected: str, tracebacks: bool = False) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), output
    for part in expected:
        assert part in last, output
    assert TOKEN not in output
    assert SECRET_PART not in output
    if not tracebacks:
        assert "Traceback" not in output, output
    return last


@pytest.fixture
def clean_faults(emulator: Emulator) -> Iterator[Emulator]:
    yield emulator
    for method in ("getMe", "getUpdates", "sendMessage"):
        emulator.fault(method, count=0)


def test_without_a_token_it_exits_1_naming_the_setting(tmp_path: Path) -> None:
    result = run_once(None, tmp_path, QA_TELEGRAM_TOKEN="")
    assert_one_line_failure(result, "QA_TELEGRAM_TOKEN is not set")
    # `make run`'s flag opens the local chat only for a person at a terminal; stdin here is not one.
    result = run_once(None, tmp_path, "--chat-if-no-token", QA_TELEGRAM_TOKEN="")
    assert_one_line_failure(result, "QA_TELEGRAM_TOKEN is not set")


def test_a_misspelt_setting_in_dotenv_stops_start_up(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("QA_TELEGRAM_TOKN=123\n", encoding="utf-8")
    result = run_once(None, tmp_path)
    line = assert_one_line_failure(result)
    assert line == "error: unknown setting QA_TELEGRAM_TOKN in .env; did you mean QA_TELEGRAM_TOKEN?"


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("unreachable", "cannot reach the Bot API"),
        ("ftp", "QA_TELEGRAM_API_URL"),
        ("malformed", "QA_TELEGRAM_API_URL"),
        ("getMe 500", "cannot reach the Bot API"),
        ("getMe 401", "Telegram rejected QA_TELEGRAM_TOKEN"),
        ("cache is a file", "QA_CACHE_DIR"),
    ],
)
@pytest.mark.usefixtures("clean_faults")
def test_start_up_failures_are_one_line_and_exit_1(
    emulator: Emulator, tmp_path: Path, case: str, expected: str, level: str
) -> None:
    env = {"QA_LOG_LEVEL": level}
    if case == "unreachable":
        env["QA_TELEGRAM_API_URL"] = f"http://127.0.0.1:{free_port()}/bot"
    elif case == "ftp":
        env["QA_TELEGRAM_API_URL"] = "ftp://127.0.0.1/bot"
    elif case == "malformed":
        env["QA_TELEGRAM_API_URL"] = "http://127.0.0.1:port/bot"
    elif case == "getMe 500":
        emulator.fault("getMe", status=500, count=3)
    elif case == "getMe 401":
        emulator.fault("getMe", status=401, count=1)
    elif case == "cache is a file":
        (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
        env["QA_CACHE_DIR"] = str(tmp_path / "cache" / "qa")
    result = run_once(emulator, tmp_path, **env)
    # At DEBUG a bug would keep its traceback (redacted); these are no bugs, so none at either level.
    assert_one_line_failure(result, expected)
    if level == "DEBUG" and case in ("getMe 500", "getMe 401"):
        assert "Set Bot API URL" in result.stderr
        assert "[redacted]" in result.stderr


@pytest.mark.usefixtures("clean_faults")
def test_a_hanging_get_me_is_retried_then_one_line(emulator: Emulator, tmp_path: Path) -> None:
    emulator.fault("getMe", hang_ms=8000, count=3)
    result = run_once(emulator, tmp_path)
    assert_one_line_failure(result, "cannot reach the Bot API", "did not answer in time")


@pytest.mark.usefixtures("clean_faults")
def test_a_transient_get_me_failure_is_retried_and_the_bot_starts(emulator: Emulator, tmp_path: Path) -> None:
    emulator.fault("getMe", status=502, count=1)
    bot = start_bot(emulator, tmp_path)
    try:
        emulator.send("梧州召开了多少场座谈会?", private(301))
        assert "426" in emulator.wait_messages(301, 1)[0]["text"]
    finally:
        assert bot.stop() == 0
    assert "retrying" in bot.text()
    assert TOKEN not in bot.text()


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
@pytest.mark.usefixtures("clean_faults")
def test_a_token_revoked_while_running_ends_the_process(emulator: Emulator, tmp_path: Path, level: str) -> None:
    bot = start_bot(emulator, tmp_path, QA_LOG_LEVEL=level)
    emulator.fault("getUpdates", status=401, count=1000)
    emulator.send("你好", private(302))  # ends the long poll in flight; the next one gets the 401
    code = bot.process.wait(60)
    log = bot.text()
    assert code == 1, log
    assert log.strip().splitlines()[-1] == (
        "error: Telegram rejected QA_TELEGRAM_TOKEN while running (revoked in @BotFather?): set the current token"
    )
    assert TOKEN not in log
    assert SECRET_PART not in log
    if level == "INFO":
        assert "Traceback" not in log, log


def post_webhook(port: int, update: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram", data=json.dumps(update).encode(), headers=headers
    )
    return int(wait_for(lambda: _status_once(request)))


def _status_once(request: urllib.request.Request) -> int | None:
    """The HTTP status of one POST; None while the webhook server is not listening yet."""
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except urllib.error.URLError as error:
        if isinstance(error.reason, ConnectionRefusedError):
            return None  # "ready" can be logged a moment before the server binds its port
        raise


def test_webhook_mode_without_a_secret_refuses_forged_updates(emulator: Emulator, tmp_path: Path) -> None:
    port = free_port()
    bot = start_bot(emulator, tmp_path, QA_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", QA_WEBHOOK_PORT=str(port))
    forged = {
        "update_id": 999_001,
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "chat": private(303),
            "from": USER,  # the admin
            "text": "/stats",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    try:
        assert post_webhook(port, forged, None) == 403
        assert post_webhook(port, forged, "guessed") == 403
        emulator.send("梧州发放了多少份调查问卷?", private(304))  # Telegram (the emulator) knows the secret
        assert "2万余份" in emulator.wait_messages(304, 1)[0]["text"]
        assert emulator.messages(303) == []
    finally:
        assert bot.stop() == 0
    assert "using a random secret" in bot.text()
    assert "Traceback" not in bot.text()


@pytest.mark.usefixtures("clean_faults")
def test_an_answer_survives_six_failed_sends_through_the_outbox(emulator: Emulator, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bot = start_bot(emulator, tmp_path, QA_CACHE_DIR=str(cache))
    try:
        emulator.send("梧州召开了多少场座谈会?", private(309))  # any update left by an earlier test goes first
        emulator.wait_messages(309, 1)
        emulator.fault("sendMessage", status=500, count=6)  # the first try and all five retries
        emulator.send("梧州扫黑除恶破案多少起?", private(305))
        (reply,) = emulator.wait_messages(305, 1, timeout=60)
        assert "205起" in reply["text"]
        wait_for(lambda: "outbox: delivered 1" in bot.text())
        assert len(emulator.messages(305)) == 1
    finally:
        assert bot.stop() == 0
    assert "kept in the outbox" in bot.text()
    assert json.loads((cache / "outbox.json").read_text(encoding="utf-8")) == []


@pytest.mark.usefixtures("clean_faults")
def test_a_chat_whose_send_hangs_does_not_hold_up_another(emulator: Emulator, tmp_path: Path) -> None:
    bot = start_bot(emulator, tmp_path)
    try:
        before = emulator.post("/requestCounts", {}).get("sendMessage", 0)
        emulator.fault("sendMessage", hang_ms=8000, count=1)
        emulator.send("梧州重大涉稳问题的化解率是多少?", private(306))
        wait_for(lambda: emulator.post("/requestCounts", {}).get("sendMessage", 0) > before)  # it hangs now
        emulator.send("梧州召开了多少场座谈会?", private(307))
        (other,) = emulator.wait_messages(307, 1)
        (slow,) = emulator.wait_messages(306, 1, timeout=60)
    finally:
        assert bot.stop() == 0
    assert "426" in other["text"]
    assert "100%" in slow["text"]
    assert other["message_id"] < slow["message_id"]  # the second chat was answered first


def test_menus_description_and_updates_asked_for(emulator: Emulator, tmp_path: Path) -> None:
    bot = start_bot(emulator, tmp_path)
    try:
        emulator.send("/start", private(308))
        emulator.wait_messages(308, 1)
        everyone = {c["command"] for c in emulator.post("/commands", {"token": TOKEN})}
        admin = {c["command"] for c in emulator.post("/commands", {"token": TOKEN, "chatId": USER["id"]})}
        profile = emulator.post("/profile", {})
        allowed = emulator.post("/allowedUpdates", {})
    finally:
        assert bot.stop() == 0
    assert "reload" not in everyone
    assert admin >= everyone | {"reload", "status", "stats", "remove"}
    assert "引用" in profile["description"]
    assert profile["short_description"]
    assert sorted(allowed) == ["callback_query", "inline_query", "message"]


def test_check_validates_without_the_network(tmp_path: Path) -> None:
    ok = run_once(None, tmp_path, "--check", QA_CACHE_DIR=str(tmp_path / "cache"))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().splitlines()[-1] == "ok"
    assert "reports: 2 read" in ok.stdout
    assert TOKEN not in ok.stdout + ok.stderr
    bad = run_once(None, tmp_path, "--check", QA_TELEGRAM_TOKEN="12:short", QA_CACHE_DIR=str(tmp_path / "c"))
    assert_one_line_failure(bad, "QA_TELEGRAM_TOKEN does not look like a bot token")
    missing = run_once(None, tmp_path, "--check", QA_REPORTS_DIR=str(tmp_path / "nowhere"))
    assert_one_line_failure(missing, "reports folder not found")


def test_a_webhook_port_in_use_is_one_line(emulator: Emulator, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_once(
            emulator, tmp_path, QA_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", QA_WEBHOOK_PORT=str(port)
        )
    assert_one_line_failure(result, "QA_WEBHOOK_PORT")


def test_the_webhook_secret_never_reaches_the_log_at_debug(emulator: Emulator, tmp_path: Path) -> None:
    port = free_port()
    secret = "CANARY-webhook-secret-0123456789"
    bot = start_bot(
        emulator,
        tmp_path,
        QA_LOG_LEVEL="DEBUG",
        QA_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        QA_WEBHOOK_PORT=str(port),
        QA_WEBHOOK_SECRET=secret,
    )
    try:
        emulator.send("梧州发放了多少份调查问卷?", private(310))
        assert "2万余份" in emulator.wait_messages(310, 1)[0]["text"]
    finally:
        assert bot.stop() == 0
    log = bot.text()
    assert "setWebhook" in log  # PTB logs the call and its parameters at DEBUG
    assert "[redacted]" in log
    assert secret not in log
    assert TOKEN not in log
    assert SECRET_PART not in log
