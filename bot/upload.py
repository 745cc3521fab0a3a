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
from html import escape
from pathlib import Path

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.access import AccessPolicy
from bot.handlers import AnyApplication, Context
from bot.render import ADMIN_ONLY, parse_number
from bot.status import SKIP_REASONS
from qa.chat import Conversation
from qa.chat.phrases import source_line
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

UPLOAD_NOT_ALLOWED = "抱歉，只有管理员可以添加报告。"
REMOVE_USAGE = "用法：/remove N（N 是 /sources 列表里的编号）"
FORMATS = "、".join(SUFFIXES)

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
        message = update.effective_message
        if message is None or message.document is None or message.chat.type != ChatType.PRIVATE:
            return
        user = update.effective_user
        if not self.policy.is_admin(user.id if user else None):
            await message.reply_text(escape(UPLOAD_NOT_ALLOWED))
            return
        document = message.document
        name = document.file_name or ""
        if Path(name).suffix.lower() not in SUFFIXES:
            await _reply(message, f"没有添加 {name or '这个文件'}：不支持这种格式。可以发送 {FORMATS} 文件。")
            return
        if document.file_size is not None and document.file_size > BOT_API_DOWNLOAD_LIMIT:
            await _reply(message, f"没有添加 {name}：文件超过 20 MB，机器人无法下载。请直接放进报告文件夹。")
            return
        if document.file_size is not None and document.file_size > self._max_bytes:
            await _reply(message, f"没有添加 {name}：{SKIP_REASONS[SkipReason.TOO_LARGE]}")
            return
        status = await _reply(message, f"正在下载 {name}……")
        try:
            telegram_file = await context.bot.get_file(document.file_id)
            data = bytes(await telegram_file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("download of %s failed: %s", name, exc)
            await _edit(status, f"没有添加 {name}：下载失败，请再发送一次。")
            return
        async with self._lock:
            await _edit(status, f"正在读取 {name}……")
            try:
                added = await asyncio.to_thread(add_report, self.reports_dir, name, data, self._max_bytes)
            except UnreadableReport as exc:
                log.info("upload %s refused: %s", name, exc)
                await _edit(status, f"没有添加 {name}：{SKIP_REASONS.get(exc.reason, str(exc))}")
                return
            except DuplicateReport as exc:
                await _edit(status, f"没有添加 {name}：和已有的 {exc.existing.name} 是同一个文件。")
                return
            except OSError as exc:
                log.warning("cannot save %s into %s: %s", name, self.reports_dir, exc)
                await _edit(status, f"没有添加 {name}：无法写入报告文件夹。")
                return
            renamed = f"（已有同名文件，保存为 {added.path.name}）" if added.path.name != name else ""
            await _edit(status, f"已保存 {added.path.name}{renamed}，正在重建索引……")
            index = await self._swap_index(status)
        if index is None:
            return
        log.info("added %s: %d sentences", added.path.name, added.sentences)
        await _edit(
            status,
            f"已添加：{source_line(added.article)} · {added.sentences} 句{renamed}\n"
            f"现在共 {len(index.articles)} 篇报告（{len(index.sentences)} 句）。",
        )

    async def on_remove(self, update: Update, context: Context) -> None:
        """/remove N (admins): move report N of /sources into the removed/ subfolder and rebuild."""
        message = update.effective_message
        if message is None:
            return
        user = update.effective_user
        if not self.policy.is_admin(user.id if user else None):
            await _reply(message, ADMIN_ONLY)
            return
        articles = self.conversation.index.articles
        args = context.args or []
        number = parse_number(args[0]) if len(args) == 1 else None
        if number is None or not 1 <= number <= len(articles):
            await _reply(message, REMOVE_USAGE)
            return
        article = articles[number - 1]
        if len(articles) == 1:
            await _reply(message, "这是最后一篇报告，不能移除。")
            return
        status = await _reply(message, f"正在移除 {source_line(article)}……")
        async with self._lock:
            try:
                await asyncio.to_thread(remove_report, self.reports_dir, article.path)
            except OSError as exc:
                log.warning("cannot remove %s: %s", article.path, exc)
                await _edit(status, f"无法移除 {article.path.name}：文件已不在或无法移动。")
                return
            index = await self._swap_index(status)
        if index is not None:
            await _edit(
                status,
                f"已移除 {source_line(article)}（文件移到了 {REMOVED_FOLDER}/ 子文件夹）。\n"
                f"现在共 {len(index.articles)} 篇报告（{len(index.sentences)} 句）。",
            )

    async def _swap_index(self, status: Message) -> ReportIndex | None:
        """Rebuild in a worker thread, showing progress in `status`; None (and said so) if it fails."""
        fraction = _Fraction()
        task = asyncio.create_task(asyncio.to_thread(self._rebuild, fraction))
        while not task.done():
            await asyncio.wait({task}, timeout=PROGRESS_SECONDS)
            if not task.done() and fraction.total and fraction.done != fraction.shown:
                fraction.shown = fraction.done
                await _edit(status, f"正在重建索引……{100 * fraction.done // fraction.total}%")
        try:
            index = task.result()
        except QaError as exc:
            log.warning("rebuild failed: %s", exc)
            await _edit(status, f"重建索引失败，仍在使用原来的报告：{exc}")
            return None
        self.conversation.replace_index(index)
        return index


async def _reply(message: Message, text: str) -> Message:
    return await message.reply_text(escape(text))


async def _edit(status: Message, text: str) -> None:
    try:
        await status.edit_text(escape(text))
    except BadRequest as exc:  # the same text again (a rebuild at the same percentage)
        if "not modified" not in str(exc).lower():
            raise
