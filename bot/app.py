"""Build and run the Telegram application: polling by default, webhook when a URL is set.

Start-up and shutdown are ours (not `run_polling`), so every failure ends in one line and an exit
code a supervisor can act on: 0 after SIGINT/SIGTERM, 1 for a configuration or connection problem,
including a token revoked while running.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import signal
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults, Updater
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot import phrases as bot_phrases
from bot.access import AccessPolicy, RateLimiter
from bot.delivery import OUTBOX_INTERVAL_SECONDS, ChatOrderedProcessor, Outbox
from bot.handlers import AnyApplication, QaHandlers
from bot.persistence import ConversationPersistence
from bot.status import StatusCommand
from bot.upload import ReportUploads
from bot.watch import FolderWatch
from qa.chat import Conversation, phrases
from qa.cli import make_conversation
from qa.errors import QaError
from qa.logs import RedactingFilter, configure_logging
from qa.search.index import ReportIndex
from qa.search.store import cached_index_folder, discard_index, open_index, verify_index
from qa.settings import Settings
from qa.settings_memo import CommandSettings

log = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
RATE_LIMIT_RETRIES = 5
BOOT_ATTEMPTS = 3
BOOT_DELAYS = (1.0, 3.0)
# Only what the handlers use: messages (text, commands, documents), buttons and inline queries.
ALLOWED_UPDATES = ("message", "callback_query", "inline_query")
OUTBOX_FILE = "outbox.json"


class StartupError(QaError):
    """The bot cannot start or keep running; the message says what to fix (never the token)."""


class BadTokenError(StartupError):
    """The configured token cannot be a Bot API token (the message never contains it)."""


def check_token(settings: Settings) -> str:
    """The token, or BadTokenError naming the setting (never the value)."""
    if settings.telegram_token is None:
        raise BadTokenError("QA_TELEGRAM_TOKEN is not set")
    token = settings.telegram_token.get_secret_value().strip()
    if not TOKEN_RE.match(token):
        raise BadTokenError("QA_TELEGRAM_TOKEN does not look like a bot token (expected 123456:ABC…)")
    return token


def build_application(
    settings: Settings,
    conversation: Conversation,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    watch: TokenWatch | None = None,
) -> AnyApplication:
    """The application with every handler registered and the conversation's state persisted.

    `request` replaces the HTTP layer in tests. Both HTTP layers report a rejected token to
    `watch`, which is how a token revoked while running stops the process.
    """
    token = check_token(settings)
    watch = watch or TokenWatch()
    policy = AccessPolicy(settings.allowed_user_ids, settings.allowed_chat_ids, settings.admin_ids)
    handlers = QaHandlers(
        conversation,
        policy,
        RateLimiter(settings.rate_limit_per_minute),
        reload_index=lambda: load_index(settings),
        outbox=Outbox(settings.cache_dir / OUTBOX_FILE),
    )
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(file_url(settings.telegram_api_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML))  # every message the bot sends is render.py's HTML
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(ChatOrderedProcessor())
        .persistence(ConversationPersistence(conversation, settings.state_path, settings.state_save_seconds))
        .request(WatchedRequest(request or HTTPXRequest(connection_pool_size=256), watch))
        .get_updates_request(WatchedRequest(updates_request or request or HTTPXRequest(), watch))
    )
    application = builder.build()
    # Before the handlers' catch-all for unknown commands in private chats.
    StatusCommand(conversation, policy).register(application)
    ReportUploads.from_settings(settings, conversation, policy).register(application)
    FolderWatch.from_settings(settings, conversation).register(application)
    handlers.register(application)
    if handlers.outbox is not None and application.job_queue is not None:
        application.job_queue.run_repeating(handlers.outbox.on_job, OUTBOX_INTERVAL_SECONDS, first=1.0, name="outbox")
    return application


class TokenWatch:
    """Set when the Bot API answers 401: the token was revoked (or never valid)."""

    def __init__(self) -> None:
        self.rejected = asyncio.Event()


class WatchedRequest(BaseRequest):
    """Another HTTP layer, unchanged, except that a 401 from the Bot API sets the TokenWatch.

    PTB's polling loop logs an invalid token and stops polling but leaves the process running;
    this is how the bot notices and exits instead.
    """

    def __init__(self, inner: BaseRequest, watch: TokenWatch) -> None:
        self._inner = inner
        self._watch = watch

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, payload = await self._inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,  # type: ignore[arg-type]  # PTB's DefaultValue sentinel, passed through
            write_timeout=write_timeout,  # type: ignore[arg-type]
            connect_timeout=connect_timeout,  # type: ignore[arg-type]
            pool_timeout=pool_timeout,  # type: ignore[arg-type]
        )
        if code == 401:
            self._watch.rejected.set()
        return code, payload


def file_url(api_url: str) -> str:
    """The Bot API's file download URL beside its method URL: 「…/bot」 -> 「…/file/bot」."""
    return api_url[: -len("/bot")] + "/file/bot" if api_url.endswith("/bot") else api_url.rstrip("/") + "/file/bot"


async def announce(application: AnyApplication, admins: frozenset[int] = frozenset()) -> None:
    """The command menu (admins see theirs too), and the bot's description; failures only log."""
    bot = application.bot
    menu = [BotCommand(name, text) for name, text in phrases.MENU_COMMANDS]
    try:
        await bot.set_my_commands(menu)
        admin_menu = menu + [BotCommand(name, text) for name, text in bot_phrases.ADMIN_COMMANDS]
        for admin in sorted(admins):
            await bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin))
        await bot.set_my_description(bot_phrases.BOT_DESCRIPTION)
        await bot.set_my_short_description(bot_phrases.BOT_SHORT_DESCRIPTION)
    except TelegramError as exc:
        log.warning("could not set the command menu or description (%s)", exc)
    log.info("bot @%s ready", bot.username)


def load_index(settings: Settings) -> ReportIndex:
    """The index for the configured reports folder (cached)."""
    return open_index(settings.reports_dir, settings.cache_dir, max_report_bytes=settings.max_report_bytes)


def prepare_cache(folder: Path) -> None:
    """Create the cache folder and prove it writable; StartupError naming QA_CACHE_DIR if it cannot be used."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StartupError(
            f"cannot use the cache folder {folder} (QA_CACHE_DIR): {reason}; point it at a writable folder"
        ) from None


def webhook_secret(settings: Settings) -> str | None:
    """The webhook's secret: the configured one, else a random one for this run; None when polling.

    Telegram is told the secret by setWebhook on every start, so a generated one is as safe as a
    configured one, and a forged POST without it gets 403 either way.
    """
    if not settings.webhook_url:
        return None
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return secrets.token_urlsafe(32)


def check(settings: Settings) -> list[str]:
    """What `qa-bot --check` verifies without the network: token format, cache folder, reports; StartupError/QaError."""
    check_token(settings)
    prepare_cache(settings.cache_dir)
    index = load_index(settings)
    skipped = [status for status in index.corpus.files if not status.is_read]
    lines = [
        "token: looks like a bot token",
        f"cache: {settings.cache_dir} is writable",
        f"reports: {len(index.articles)} read from {settings.reports_dir} ({len(index.sentences)} sentences), "
        f"{len(skipped)} skipped",
    ]
    lines.extend(f"  skipped {status.name}: {status.message}" for status in skipped)
    lines.append(f"mode: {'webhook at ' + settings.webhook_url if settings.webhook_url else 'polling'}")
    return lines


def run_bot(settings: Settings) -> int:
    """Start the bot and serve until SIGINT/SIGTERM; 0 on a clean stop, 1 with one line on stderr otherwise."""
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    secret = webhook_secret(settings)
    configure_logging(settings.log_level, secrets=[token, secret or ""])
    redactor = RedactingFilter([token, secret or ""])
    if settings.webhook_url and settings.webhook_secret is None:
        log.info("QA_WEBHOOK_SECRET is not set: using a random secret for this run (registered with setWebhook)")
    for handler in logging.getLogger().handlers:
        handler.addFilter(ShortTelegramErrors(verbose=settings.log_level == "DEBUG"))
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per job run (the outbox, every 5 s)
    try:
        check_token(settings)
        prepare_cache(settings.cache_dir)
        conversation = make_conversation(load_index(settings), CommandSettings.of(settings))
        watch = TokenWatch()
        application = build_application(settings, conversation, watch=watch)
        return asyncio.run(serve(application, settings, secret, watch, conversation))
    except QaError as exc:
        print(f"error: {redactor.redact(str(exc))}", file=sys.stderr)  # noqa: T201 - one clear line
        return 1
    except Exception as exc:  # a bug: its traceback (redacted) is in the log, and the last line says so
        log.exception("the bot stopped on an unexpected error")
        print(f"error: unexpected {type(exc).__name__}: {redactor.redact(str(exc))[:300]}", file=sys.stderr)  # noqa: T201
        return 1


class ShortTelegramErrors(logging.Filter):
    """A Telegram error (network, token, server) is logged as one line, not a traceback, unless at DEBUG.

    These tracebacks go through PTB's internals and say nothing an operator can act on beyond the
    message; the bot's own bugs keep theirs.
    """

    def __init__(self, *, verbose: bool) -> None:
        super().__init__()
        self._verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        if self._verbose or not record.exc_info or not isinstance(record.exc_info[1], TelegramError):
            return True
        error = record.exc_info[1]
        record.msg, record.args = f"{record.getMessage()} ({type(error).__name__}: {error})", None
        record.exc_info, record.exc_text = None, None
        return True


async def serve(
    application: AnyApplication,
    settings: Settings,
    secret: str | None,
    watch: TokenWatch,
    conversation: Conversation | None = None,
) -> int:
    """Connect, serve until a signal or a rejected token, then stop cleanly; the exit code."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await connect(application, settings)
    try:
        await application.start()
        await announce(application, settings.admin_ids)
        updater = application.updater
        if updater is None:
            raise StartupError("the application was built without an updater")
        try:
            await _start_updates(updater, settings, secret)
        except TelegramError as exc:
            raise StartupError(f"could not start receiving updates: {exc}") from None
        except OSError as exc:  # the webhook's port
            where = f"{settings.webhook_listen}:{settings.webhook_port}"
            raise StartupError(f"cannot listen on {where} (QA_WEBHOOK_LISTEN/QA_WEBHOOK_PORT): {exc}") from None
        if conversation is not None:
            application.create_task(verify_cache(settings, conversation), name="verify-cache")
        stopped = asyncio.create_task(stop.wait())
        rejected = asyncio.create_task(watch.rejected.wait())
        await asyncio.wait((stopped, rejected), return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        rejected.cancel()
    finally:
        await _stop(application)
    if watch.rejected.is_set() and not stop.is_set():
        raise StartupError(
            "Telegram rejected QA_TELEGRAM_TOKEN while running (revoked in @BotFather?): set the current token"
        )
    log.info("stopped")
    return 0


async def _start_updates(updater: Updater, settings: Settings, secret: str | None) -> None:
    """Start polling, or the webhook server and setWebhook, asking only for ALLOWED_UPDATES."""
    if settings.webhook_url:
        log.info("starting in webhook mode on %s:%d", settings.webhook_listen, settings.webhook_port)
        await updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=list(ALLOWED_UPDATES),
            bootstrap_retries=len(BOOT_DELAYS),
        )
    else:
        log.info("starting in polling mode")
        await updater.start_polling(allowed_updates=list(ALLOWED_UPDATES), bootstrap_retries=len(BOOT_DELAYS))


async def verify_cache(settings: Settings, conversation: Conversation) -> bool:
    """Every byte of the cached index against its checksums, off the event loop, after start-up.

    A damaged index (the load only checks sizes and sampled blocks) is removed, rebuilt and swapped
    in with a warning; True if that happened.
    """
    folder = await asyncio.to_thread(
        cached_index_folder, settings.reports_dir, settings.cache_dir, None, settings.max_report_bytes
    )
    if not folder.is_dir():  # the folder changed since the load; the next load checks that index
        return False
    bad = await asyncio.to_thread(verify_index, folder)
    if not bad:
        log.info("cached index verified: every file matches its checksum")
        return False
    log.warning("cached index %s is damaged (%s); rebuilding it", folder.name, ", ".join(bad[:5]))
    discard_index(folder)
    conversation.replace_index(await asyncio.to_thread(load_index, settings))
    log.info("rebuilt the index after damage: %d sentences", len(conversation.index.sentences))
    return True


async def connect(application: AnyApplication, settings: Settings) -> None:
    """initialize() (getMe), retrying network trouble a few times; StartupError saying what to fix."""
    where = urlsplit(settings.telegram_api_url)
    place = f"{where.scheme}://{where.netloc} (QA_TELEGRAM_API_URL)"
    problem = ""
    for attempt in range(BOOT_ATTEMPTS):
        try:
            await application.initialize()
        except InvalidToken:
            raise StartupError("Telegram rejected QA_TELEGRAM_TOKEN: copy the current token from @BotFather") from None
        except TimedOut:
            problem = "it did not answer in time"
        except NetworkError as exc:
            problem = str(exc)
        except TelegramError as exc:
            raise StartupError(f"the Bot API at {place} refused to start the bot: {exc}") from None
        else:
            return
        if attempt < len(BOOT_DELAYS):
            log.warning("cannot reach the Bot API yet (%s); retrying in %.0f s", problem, BOOT_DELAYS[attempt])
            await asyncio.sleep(BOOT_DELAYS[attempt])
    raise StartupError(f"cannot reach the Bot API at {place}: {problem}; check the URL and the network")


async def _stop(application: AnyApplication) -> None:
    """Stop polling (or the webhook), the application and its persistence, whatever failed before."""
    updater = application.updater
    if updater is not None and updater.running:
        try:
            await updater.stop()
        except TelegramError as exc:  # the polling task's own end (a revoked token) is re-raised here
            log.info("polling ended: %s", exc)
    if application.running:
        await application.stop()
    await application.shutdown()
