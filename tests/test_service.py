"""Running as a service, in-process: redacted logs, settings checks, parsing that cannot crash, bounded state,
delivery (outbox, chat-ordered concurrency), reports-folder confinement and cache integrity."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import ExtBot

from bot.access import RateLimiter
from bot.app import StartupError, build_application, prepare_cache, webhook_secret
from bot.delivery import ChatOrderedProcessor, Outbox, Pending, with_retries
from bot.handlers import MAX_REFUSED_USERS, AnyApplication, QaHandlers
from bot.render import parse_example_data, parse_number, parse_page_data
from qa.chat import Conversation
from qa.cli import main
from qa.logs import RedactingFilter, configure_logging
from qa.models import SkipReason
from qa.reports.corpus import OUTSIDE_FOLDER, load_corpus
from qa.search.index import ReportIndex
from qa.search.store import cached_index_folder, open_index, verify_index
from qa.settings import Settings, SettingsError, load_settings
from tests.bot.test_bot import PRIVATE, USER, RecordingRequest, _update_ids, feed, message_update

CANARY = "424242:CANARY-token-AAAAAAAAAAAAAAAAAAAAAAAA"
SECRET = "webhook-secret-canary-value"


def capture(level: int) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter([CANARY, SECRET]))
    logger = logging.getLogger(f"canary.{level}")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    return logger, stream


def reject() -> None:
    raise InvalidToken(f"The token `{CANARY}` was rejected by the server.")  # PTB's own wording


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG])
def test_the_token_and_secret_never_reach_a_log_line_or_traceback(level: int) -> None:
    logger, stream = capture(level)
    logger.info("token %s and secret %s", CANARY, SECRET)
    logger.debug("Set Bot API URL: https://api.telegram.org/bot%s", CANARY)
    try:
        reject()
    except InvalidToken:
        logger.exception("polling failed")
    logger.warning("the part after the colon alone: %s", CANARY.split(":")[1])
    text = stream.getvalue()
    assert "polling failed" in text
    assert "InvalidToken" in text
    assert "[redacted]" in text
    assert CANARY not in text
    assert CANARY.split(":")[1] not in text
    assert SECRET not in text


def test_ptbs_own_debug_line_with_the_url_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [handler])
    monkeypatch.setattr(root, "level", logging.DEBUG)
    configure_logging("DEBUG", secrets=[CANARY])
    ExtBot(CANARY, base_url="http://127.0.0.1:9/bot")
    text = stream.getvalue()
    assert "Set Bot API URL: http://127.0.0.1:9/bot[redacted]" in text
    assert CANARY.split(":")[1] not in text


def test_a_misspelt_setting_in_the_environment_names_the_nearest_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_TELEGRAM_TOKN", CANARY)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value) == "unknown setting QA_TELEGRAM_TOKN in the environment; did you mean QA_TELEGRAM_TOKEN?"


def test_a_misspelt_setting_in_dotenv_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"QA_REPORTS_DIR=seeds\nQA_RATE_LIMIT_PER_MINUT=5\nQA_TELEGRAM_TOKEN={CANARY}\n")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert "QA_RATE_LIMIT_PER_MINUT in .env; did you mean QA_RATE_LIMIT_PER_MINUTE?" in str(error.value)
    assert CANARY not in str(error.value)


@pytest.mark.parametrize("url", ["ftp://api.telegram.org/bot", "localhost:8081/bot", "http:///bot", "http://h:x/bot"])
def test_an_api_url_that_is_not_http_is_one_error_naming_the_setting(url: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(telegram_api_url=url)
    assert str(error.value).startswith("bad setting: QA_TELEGRAM_API_URL:")


def test_a_cache_folder_that_cannot_be_created_is_one_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StartupError, match=r"cannot use the cache folder .* \(QA_CACHE_DIR\)"):
        prepare_cache(blocker / "qa")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_cache_folder_is_one_error(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StartupError, match="QA_CACHE_DIR"):
            prepare_cache(folder)
    finally:
        folder.chmod(0o700)


def test_webhook_mode_without_a_secret_gets_a_random_one() -> None:
    assert webhook_secret(Settings(telegram_token=CANARY)) is None
    first = webhook_secret(Settings(telegram_token=CANARY, webhook_url="https://example.org/hook"))
    second = webhook_secret(Settings(telegram_token=CANARY, webhook_url="https://example.org/hook"))
    assert first
    assert second
    assert first != second
    assert len(first) >= 32
    configured = Settings(telegram_token=CANARY, webhook_url="https://example.org/hook", webhook_secret=SECRET)
    assert webhook_secret(configured) == SECRET


@pytest.mark.parametrize(
    ("text", "number"),
    [("1", 1), ("0", 0), ("42", 42), ("²", None), ("1²", None), ("٣", None), ("", None), ("-1", None), ("9" * 7, None)],
)
def test_numbers_are_ascii_digits_only(text: str, number: int | None) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("data", ["x:²", "x:", "x:1²", "p:abc:1²", "p:abc:²", "p::1", "zzz", "", "p:a:99999999999"])
def test_forged_button_data_is_no_button(data: str) -> None:
    assert parse_page_data(data) is None or parse_page_data(data) == ("a", 99999999999)
    assert parse_example_data(data) is None


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(telegram_token=CANARY, cache_dir=tmp_path / "cache", admin_ids=frozenset({1}))


@pytest.fixture
async def app(settings: Settings, seed_index: ReportIndex, fake: RecordingRequest) -> Any:
    application = build_application(settings, Conversation(seed_index, max_results=3), request=fake)
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def fake() -> RecordingRequest:
    return RecordingRequest()


def callback(data: str) -> dict[str, Any]:
    message = {"message_id": 5, "date": 1700000000, "chat": PRIVATE, "from": USER, "text": "old"}
    query = {"id": f"cb{next(_update_ids)}", "from": USER, "chat_instance": "ci", "data": data, "message": message}
    return {"update_id": next(_update_ids), "callback_query": query}


@pytest.mark.parametrize("data", ["x:²", "p:abc:1²", "x:99", "nonsense"])
async def test_forged_buttons_get_an_alert_and_never_an_error(
    app: AnyApplication, fake: RecordingRequest, data: str, caplog: pytest.LogCaptureFixture
) -> None:
    await feed(app, callback(data))
    (answered,) = fake.sent("answerCallbackQuery")
    assert answered["show_alert"] is True
    assert not fake.sent("sendMessage")
    assert "error while handling" not in caplog.text


async def test_unicode_digits_and_control_characters_in_commands(app: AnyApplication, fake: RecordingRequest) -> None:
    await feed(app, message_update("/source ²"))
    await feed(app, message_update("/source 1²"))
    await feed(app, message_update("/st\x00a\x1b[31mrt\x07"))
    first, second, unknown = (m["text"] for m in fake.sent())
    assert "1 到 2" in first
    assert "1 到 2" in second
    assert "\x00" not in unknown
    assert "\x1b" not in unknown
    assert "\x07" not in unknown
    assert "没有 /" in unknown


async def test_reload_names_every_skipped_file(
    settings: Settings, fake: RecordingRequest, formats_index: ReportIndex
) -> None:
    from tests.conftest import FORMATS

    settings = settings.model_copy(update={"reports_dir": FORMATS})
    application = build_application(settings, Conversation(formats_index), request=fake)
    await application.initialize()
    try:
        await feed(application, message_update("/reload"))
    finally:
        await application.shutdown()
    done = fake.sent()[-1]["text"]
    assert "跳过了" in done
    for name in ("corrupt.pdf", "encrypted.pdf", "scanned.pdf"):
        assert name in done


def test_the_rate_limiter_forgets_idle_users_and_is_capped() -> None:
    now = [0.0]
    limiter = RateLimiter(limit=2, window=60, clock=lambda: now[0], max_users=100)
    for user in range(8301):
        assert limiter.allow(user)
    assert len(limiter) == 100
    now[0] = 61.0
    assert limiter.allow(1)
    assert len(limiter) == 1
    assert limiter.allow(1)
    assert not limiter.allow(1)


async def test_the_refused_users_are_bounded(fake: RecordingRequest, seed_index: ReportIndex) -> None:
    from bot.access import AccessPolicy

    handlers = QaHandlers(
        Conversation(seed_index),
        AccessPolicy(frozenset({99})),
        RateLimiter(100),
        seed_index_loader,
        max_refused_users=20,
    )
    application = build_application(Settings(telegram_token=CANARY), Conversation(seed_index), request=fake)
    await application.initialize()
    try:
        for user in range(70):
            update = message_update("你好")
            update["message"]["from"] = {"id": 10_000 + user, "is_bot": False, "first_name": "X"}
            await handlers.on_text(Update.de_json(update, application.bot), None)  # type: ignore[arg-type]
    finally:
        await application.shutdown()
    assert len(handlers._refused_users) == 20
    assert len(fake.sent()) == 70  # each new user still hears the refusal once
    assert MAX_REFUSED_USERS >= 1000


def seed_index_loader() -> ReportIndex:
    raise AssertionError("not reloaded in this test")


async def test_a_non_admin_is_rate_limited_on_admin_commands(
    settings: Settings, fake: RecordingRequest, seed_index: ReportIndex
) -> None:
    limited = settings.model_copy(update={"admin_ids": frozenset(), "rate_limit_per_minute": 2})
    application = build_application(limited, Conversation(seed_index), request=fake)
    await application.initialize()
    try:
        for command in ("/stats", "/status", "/reload", "/remove 1", "/stats"):
            await feed(application, message_update(command))
    finally:
        await application.shutdown()
    assert [m["text"] for m in fake.sent()] == ["只有管理员可以使用这个命令。"] * 2


async def test_sends_that_keep_failing_go_to_the_outbox(
    settings: Settings, fake: RecordingRequest, seed_index: ReportIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.delivery.SEND_RETRY_DELAYS", (0.0, 0.0))
    monkeypatch.setattr(with_retries, "__defaults__", ((0.0, 0.0),))
    application = build_application(settings, Conversation(seed_index), request=fake)
    failures = {"left": 3}
    original = fake.do_request

    async def flaky(url: str, method: str, request_data: Any = None, **kwargs: Any) -> tuple[int, bytes]:
        if url.endswith("/sendMessage") and failures["left"] > 0:
            failures["left"] -= 1
            return 502, b'{"ok": false, "error_code": 502, "description": "Bad Gateway"}'
        return await original(url, method, request_data, **kwargs)

    monkeypatch.setattr(fake, "do_request", flaky)
    await application.initialize()
    try:
        await feed(application, message_update("梧州召开了多少场座谈会?"))
        outbox_file = settings.cache_dir / "outbox.json"
        (kept,) = json.loads(outbox_file.read_text(encoding="utf-8"))
        assert "426" in kept["text"]
        assert not fake.sent()
        restarted = Outbox(outbox_file)  # survives a restart
        assert len(restarted) == 1
        delivered = await restarted.flush(lambda entry: application.bot.send_message(entry.chat_id, entry.text))
    finally:
        await application.shutdown()
    assert delivered == 1
    (sent,) = fake.sent()
    assert "426" in sent["text"]
    assert json.loads(outbox_file.read_text(encoding="utf-8")) == []


async def test_the_outbox_keeps_order_backs_off_and_drops_only_after_its_time(tmp_path: Path) -> None:
    now = [1000.0]
    outbox = Outbox(tmp_path / "outbox.json", max_age=600, clock=lambda: now[0])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("▶", callback_data="p:q:1")]])
    outbox.add(1, "first", 10, None)
    outbox.add(1, "second", 10, markup)
    outbox.add(2, "other chat", None, None)
    sent: list[str] = []
    down = {1}

    async def send(entry: Pending) -> None:
        if entry.chat_id in down:
            raise NetworkError("still down")
        sent.append(entry.text)

    assert await outbox.flush(send) == 1
    assert sent == ["other chat"]
    assert await outbox.flush(send) == 0  # chat 1 is backing off: not even tried
    down.clear()
    now[0] += 60
    assert await outbox.flush(send) == 2
    assert sent == ["other chat", "first", "second"]
    outbox.add(3, "never delivered", None, None)
    down.add(3)
    await outbox.flush(send)
    now[0] += 601
    assert await outbox.flush(send) == 0
    assert len(outbox) == 0


async def test_a_slow_chat_does_not_hold_up_another_and_each_chat_keeps_its_order() -> None:
    processor = ChatOrderedProcessor(16)
    log: list[str] = []
    release = asyncio.Event()

    def update(chat: int) -> Any:
        from telegram import Update

        return Update.de_json(
            {"update_id": chat, "message": {"message_id": 1, "date": 0, "chat": {"id": chat, "type": "private"}}},
            None,
        )

    async def work(name: str, wait: bool = False) -> None:
        log.append(f"start {name}")
        if wait:
            await release.wait()
        log.append(f"end {name}")

    slow = asyncio.create_task(processor.process_update(update(1), work("a1", wait=True)))
    queued = asyncio.create_task(processor.process_update(update(1), work("a2")))
    other = asyncio.create_task(processor.process_update(update(2), work("b1")))
    await other
    assert log == ["start a1", "start b1", "end b1"]
    release.set()
    await asyncio.gather(slow, queued)
    assert log[3:] == ["end a1", "start a2", "end a2"]
    assert processor.chats_in_flight == 0


def test_a_link_out_of_the_reports_folder_is_skipped(tiny_reports: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passwd.txt"
    secret.write_text("root:x:0:0:秘密的内容在这里。\n", encoding="utf-8")
    (tiny_reports / "passwd.txt").symlink_to(secret)
    inside = next(p for p in sorted(tiny_reports.iterdir()) if p.suffix == ".txt" and not p.is_symlink())
    (tiny_reports / "alias.txt").symlink_to(inside.name)
    corpus = load_corpus(tiny_reports)
    statuses = {status.name: status for status in corpus.files}
    assert statuses["passwd.txt"].skipped is SkipReason.UNREADABLE
    assert statuses["passwd.txt"].message == OUTSIDE_FOLDER
    assert statuses["alias.txt"].is_read  # a link that stays inside the folder is fine
    assert all("秘密" not in article.title for article in corpus.articles)


def scramble(path: Path) -> None:
    """Reverse a file's bytes after the first 128 (past any .npy header): same size, other content."""
    data = path.read_bytes()
    path.write_bytes(data[:128] + data[128:][::-1])


def test_a_scrambled_column_file_is_detected_and_rebuilt(
    tiny_reports: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    first = open_index(tiny_reports, cache)
    folder = cached_index_folder(tiny_reports, cache)
    assert verify_index(folder) == []
    victim = max((p for p in folder.rglob("*.npy")), key=lambda p: p.stat().st_size)
    size = victim.stat().st_size
    scramble(victim)
    assert victim.stat().st_size == size
    assert verify_index(folder) == [victim.relative_to(folder).as_posix()]
    with caplog.at_level(logging.WARNING):
        again = open_index(tiny_reports, cache)
    assert "unusable" in caplog.text
    assert victim.name in caplog.text
    assert len(again.sentences) == len(first.sentences)
    assert verify_index(folder) == []


def test_qa_index_verify_finds_a_byte_the_load_does_not_read(
    tiny_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loads sample blocks of each file; with two 16-byte blocks, a byte in the middle is not sampled.
    monkeypatch.setattr("qa.search.store.SAMPLE_BLOCKS", 2)
    monkeypatch.setattr("qa.search.store.SAMPLE_BLOCK_BYTES", 16)
    cache = tmp_path / "cache"
    open_index(tiny_reports, cache)
    folder = cached_index_folder(tiny_reports, cache)
    victim = max((p for p in folder.rglob("*.npy")), key=lambda p: p.stat().st_size)
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    assert len(open_index(tiny_reports, cache).sentences) == 8  # the load's sample does not see it
    out = io.StringIO()
    code = main(["--reports", str(tiny_reports), "--cache-dir", str(cache), "index", "--verify"], out=out)
    assert code == 0
    assert "is damaged" in out.getvalue()
    assert "rebuilt" in out.getvalue()
    assert verify_index(folder) == []


def test_one_bad_byte_gets_its_own_json_line_and_the_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO(b"\xff\xfe bad\n" + "梧州召开了多少场座谈会?\n".encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))
    out = io.StringIO()
    assert main(["ask", "--json"], out=out) == 0
    bad, good = (json.loads(line) for line in out.getvalue().splitlines())
    assert "not valid UTF-8" in bad["error"]
    assert bad["answers"] == []
    assert "426" in good["answers"][0]["text"]


def test_a_closed_pipe_ends_quietly() -> None:
    class ClosedPipe(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

    assert main(["sources", "--json"], out=ClosedPipe()) == 0


def test_piped_qa_chat_survives_a_bad_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO(b"\xff\xfe\n" + "梧州召开了多少场座谈会?\n".encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))
    out = io.StringIO()
    assert main(["chat"], out=out) == 0
    assert "426" in out.getvalue()


def test_qa_sources_json_into_a_pipe_closed_early_exits_quietly(tmp_path: Path) -> None:
    import subprocess

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(400):
        (folder / f"r{number:03d}.txt").write_text(
            f"第{number}号报告的标题\n\n本报告第{number}段正文说明了全市受理案件{number}件的情况。\n", encoding="utf-8"
        )
    qa = Path(sys.executable).with_name("qa")
    env = {key: value for key, value in os.environ.items() if not key.startswith("QA_")}
    command = [str(qa), "--reports", str(folder), "--cache-dir", str(tmp_path / "cache"), "sources", "--json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    assert process.stdout is not None
    assert process.stdout.read(10)  # like `head -c 10`: read a little, then hang up
    process.stdout.close()
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0
    assert errors == b""
