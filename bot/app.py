"""Build and run the Telegram application: polling by default, webhook when a URL is set."""

from __future__ import annotations

import logging
import re
import sys
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import BaseRequest

from bot.access import AccessPolicy, RateLimiter
from bot.handlers import AnyApplication, QaHandlers
from bot.persistence import ConversationPersistence
from bot.status import StatusCommand
from bot.upload import ReportUploads
from bot.watch import FolderWatch
from qa.chat import Conversation, phrases
from qa.cli import make_conversation
from qa.errors import QaError
from qa.index import ReportIndex
from qa.settings import Settings, configure_logging
from qa.store import open_index

log = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
RATE_LIMIT_RETRIES = 5


class BadTokenError(QaError):
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
) -> AnyApplication:
    """The application with every handler registered and the conversation's state persisted.

    `request` replaces the HTTP layer in tests.
    """
    token = check_token(settings)
    policy = AccessPolicy(settings.allowed_user_ids, settings.allowed_chat_ids, settings.admin_ids)
    handlers = QaHandlers(
        conversation,
        policy,
        RateLimiter(settings.rate_limit_per_minute),
        reload_index=lambda: load_index(settings),
    )
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(file_url(settings.telegram_api_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML))  # every message the bot sends is render.py's HTML
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .post_init(_announce_commands)
        .persistence(ConversationPersistence(conversation, settings.state_path, settings.state_save_seconds))
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    application = builder.build()
    # Before the handlers' catch-all for unknown commands in private chats.
    StatusCommand(conversation, policy).register(application)
    ReportUploads.from_settings(settings, conversation, policy).register(application)
    FolderWatch.from_settings(settings, conversation).register(application)
    handlers.register(application)
    return application


def file_url(api_url: str) -> str:
    """The Bot API's file download URL beside its method URL: 「…/bot」 -> 「…/file/bot」."""
    return api_url[: -len("/bot")] + "/file/bot" if api_url.endswith("/bot") else api_url.rstrip("/") + "/file/bot"


async def _announce_commands(application: Application) -> None:  # type: ignore[type-arg]  # PTB's generic app
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in phrases.MENU_COMMANDS])
    log.info("bot @%s ready", application.bot.username)


def load_index(settings: Settings) -> ReportIndex:
    """The index for the configured reports folder (cached)."""
    return open_index(settings.reports_dir, settings.cache_dir, max_report_bytes=settings.max_report_bytes)


def run_bot(settings: Settings) -> int:
    """Start the bot and serve until SIGINT/SIGTERM; 0 on a clean stop, 1 on a configuration error."""
    configure_logging(settings.log_level)
    try:
        check_token(settings)
        conversation = make_conversation(load_index(settings), settings)
        application = build_application(settings, conversation)
    except QaError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - one clear line at start-up
        return 1
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        log.info("starting in webhook mode on %s:%d", settings.webhook_listen, settings.webhook_port)
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        log.info("starting in polling mode")
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    log.info("stopped")
    return 0
