"""Admins add reports by sending them to the bot, and take them out with /remove N.

A document sent in a private chat is downloaded (within the Bot API's 20 MB), read by the same
readers as the folder, saved atomically under a name no report has, and the index is rebuilt in a
worker thread while the reply message shows where it is. Non-admins get a polite refusal.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import CommandHandler, MessageHandler, filters

from bot import phrases as say
from bot.access import AccessPolicy
from bot.handlers import AnyApplication, Context, admin_message, asker_voice
from bot.render import parse_number
from qa.chat import Conversation
from qa.chat.phrases import source_line
from qa.chat.voice import Voice
from qa.errors import QaError
from qa.models import SkipReason
from qa.reports import SUFFIXES, UnreadableReport
from qa.reports.folder import REMOVED_FOLDER, DuplicateReport, add_report, remove_report
from qa.search.index import Progress, ReportIndex
from qa.search.store import open_index
from qa.settings import Settings

log = logging.getLogger(__name__)

BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile serves files up to 20 MB
PROGRESS_SECONDS = 1.5  # how often the reply shows the rebuild's progress


Rebuild = Callable[[Progress | None], ReportIndex]


@dataclass(slots=True)
class _Fraction:
    """The rebuild's progress, written by the worker thread and read by the event loop."""

    done: int = 0
    total: int = 0
    shown: int = field(default=-1)

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


class ReportUploads:
    """Handlers for documents sent by admins and /remove, sharing one lock over folder changes."""

    def __init__(
        self,
        conversation: Conversation,
        policy: AccessPolicy,
        reports_dir: Path,
        rebuild: Rebuild,
        max_bytes: int,
    ) -> None:
        self.conversation = conversation
        self.policy = policy
        self.reports_dir = reports_dir
        self._rebuild = rebuild
        self._max_bytes = max_bytes
        self._lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, conversation: Conversation, policy: AccessPolicy) -> ReportUploads:
        """Uploads into QA_REPORTS_DIR, rebuilt with the configured cache and size limit."""

        def rebuild(progress: Progress | None) -> ReportIndex:
            return open_index(
                settings.reports_dir,
                settings.cache_dir,
                progress=progress,
                max_report_bytes=settings.max_report_bytes,
            )

        return cls(conversation, policy, settings.reports_dir, rebuild, settings.max_report_bytes)

    def register(self, application: AnyApplication) -> None:
        """Attach the document and /remove handlers."""
        application.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, self.on_document))
        application.add_handler(CommandHandler("remove", self.on_remove))

    async def on_document(self, update: Update, context: Context) -> None:
        """A report sent by an admin: download, check, save, rebuild; the reply says what happened."""
        sent = update.effective_message
        if sent is None or sent.document is None or sent.chat.type != ChatType.PRIVATE:
            return
        message = await admin_message(self.conversation, self.policy, update, say.UPLOAD_NOT_ALLOWED)
        if message is None or message.document is None:
            return
        voice = asker_voice(self.conversation, update)
        document = message.document
        name = document.file_name or ""

        def not_added(why: str | say.Html) -> say.Html:
            reason = why if isinstance(why, say.Html) else say.said(why, voice)
            return say.said_with(say.NOT_ADDED, voice, name=name or voice.say(say.THIS_FILE), why=reason)

        if Path(name).suffix.lower() not in SUFFIXES:
            await message.reply_text(not_added(say.UNSUPPORTED_UPLOAD))
            return
        if document.file_size is not None and document.file_size > BOT_API_DOWNLOAD_LIMIT:
            await message.reply_text(not_added(say.TOO_BIG_TO_DOWNLOAD))
            return
        if document.file_size is not None and document.file_size > self._max_bytes:
            await message.reply_text(not_added(say.SKIP_REASONS[SkipReason.TOO_LARGE]))
            return
        status = await message.reply_text(say.said_with(say.DOWNLOADING, voice, name=name))
        try:
            telegram_file = await context.bot.get_file(document.file_id)
            data = bytes(await telegram_file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("download of %s failed: %s", name, exc)
            await _edit(status, not_added(say.DOWNLOAD_FAILED))
            return
        async with self._lock:
            await _edit(status, say.said_with(say.READING, voice, name=name))
            try:
                added = await asyncio.to_thread(add_report, self.reports_dir, name, data, self._max_bytes)
            except UnreadableReport as exc:
                log.info("upload %s refused: %s", name, exc)
                await _edit(status, not_added(say.SKIP_REASONS.get(exc.reason, str(exc))))
                return
            except DuplicateReport as exc:
                await _edit(status, not_added(say.said_with(say.DUPLICATE, voice, existing=exc.existing.name)))
                return
            except OSError as exc:
                log.warning("cannot save %s into %s: %s", name, self.reports_dir, exc)
                await _edit(status, not_added(say.CANNOT_WRITE))
                return
            saved = added.path.name
            renamed = say.said_with(say.RENAMED, voice, name=saved) if saved != name else say.Html()
            await _edit(status, say.said_with(say.SAVED_REBUILDING, voice, name=saved, renamed=renamed))
            index = await self._swap_index(status, voice)
        if index is None:
            return
        log.info("added %s: %d sentences", added.path.name, added.sentences)
        source = source_line(added.article)
        counts = {"reports": len(index.articles), "total": len(index.sentences)}
        await _edit(
            status, say.said_with(say.ADDED, voice, source=source, sentences=added.sentences, renamed=renamed, **counts)
        )

    async def on_remove(self, update: Update, context: Context) -> None:
        """/remove N (admins): move report N of /sources into the removed/ subfolder and rebuild."""
        message = await admin_message(self.conversation, self.policy, update)
        if message is None:
            return
        voice = asker_voice(self.conversation, update)
        articles = self.conversation.index.articles
        args = context.args or []
        number = parse_number(args[0]) if len(args) == 1 else None
        if number is None or not 1 <= number <= len(articles):
            await message.reply_text(say.said(say.REMOVE_USAGE, voice))
            return
        article = articles[number - 1]
        if len(articles) == 1:
            await message.reply_text(say.said(say.LAST_REPORT, voice))
            return
        source = source_line(article)
        status = await message.reply_text(say.said_with(say.REMOVING, voice, source=source))
        async with self._lock:
            try:
                await asyncio.to_thread(remove_report, self.reports_dir, article.path)
            except OSError as exc:
                log.warning("cannot remove %s: %s", article.path, exc)
                await _edit(status, say.said_with(say.CANNOT_REMOVE, voice, name=article.path.name))
                return
            index = await self._swap_index(status, voice)
        if index is not None:
            counts = {"reports": len(index.articles), "total": len(index.sentences)}
            await _edit(status, say.said_with(say.REMOVED, voice, source=source, folder=REMOVED_FOLDER, **counts))

    async def _swap_index(self, status: Message, voice: Voice) -> ReportIndex | None:
        """Rebuild in a worker thread, showing progress in `status`; None (and said so) if it fails."""
        fraction = _Fraction()
        task = asyncio.create_task(asyncio.to_thread(self._rebuild, fraction))
        while not task.done():
            await asyncio.wait({task}, timeout=PROGRESS_SECONDS)
            if not task.done() and fraction.total and fraction.done != fraction.shown:
                fraction.shown = fraction.done
                percent = 100 * fraction.done // fraction.total
                await _edit(status, say.said_with(say.REBUILDING, voice, percent=percent))
        try:
            index = task.result()
        except QaError as exc:
            log.warning("rebuild failed: %s", exc)
            await _edit(status, say.said_with(say.REBUILD_FAILED, voice, reason=exc))
            return None
        self.conversation.replace_index(index)
        return index


async def _edit(status: Message, html: str) -> None:
    """Show `html` in the status message; an unchanged text (the same percentage again) is no error."""
    try:
        await status.edit_text(html)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
