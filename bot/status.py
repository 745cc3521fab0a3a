"""/status for admins: every file of the reports folder, read (format, sentences) or skipped and why."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import Update
from telegram.ext import CommandHandler

from bot.access import AccessPolicy
from bot.handlers import AnyApplication, Context
from bot.render import ADMIN_ONLY, MAX_MESSAGE_CHARS, bold, clip
from qa.chat import Conversation
from qa.models import FileStatus, SkipReason

# What each skip means and what to do about it, for the admin who dropped the file in.
SKIP_REASONS: dict[SkipReason, str] = {
    SkipReason.EMPTY: "空文件",
    SkipReason.TOO_LARGE: "文件太大（上限见 QA_MAX_REPORT_MB）",
    SkipReason.CORRUPT: "文件已损坏或不是这种格式，无法读取",
    SkipReason.ENCRYPTED: "文件加了密码：请另存一份不加密的副本",
    SkipReason.SCANNED: "扫描图像，没有文字层：请先做 OCR 文字识别",
    SkipReason.UNSUPPORTED: "不支持的格式：请另存为 .docx、.pdf、.html 或 .txt",
    SkipReason.UNDECODABLE: "无法识别文字编码（不是 UTF-8、GBK 或 Big5）",
    SkipReason.NO_TEXT: "没有可用的正文",
    SkipReason.UNREADABLE: "无法读取文件（权限或磁盘错误）",
}
READ_FILES_SHOWN = 30


class StatusCommand:
    """The /status handler: reads the statuses of the index the conversation is serving right now."""

    def __init__(self, conversation: Conversation, policy: AccessPolicy) -> None:
        self.conversation = conversation
        self.policy = policy

    def register(self, application: AnyApplication) -> None:
        """Attach /status to an application."""
        application.add_handler(CommandHandler("status", self.on_status))

    async def on_status(self, update: Update, _context: Context) -> None:
        """Admins get the folder's file statuses; others are told the command is for admins."""
        message = update.effective_message
        if message is None:
            return
        user = update.effective_user
        if not self.policy.is_admin(user.id if user else None):
            await message.reply_text(escape(ADMIN_ONLY))
            return
        await message.reply_text(status_text(self.conversation.index.corpus.files))


def status_text(files: Sequence[FileStatus]) -> str:
    """The /status reply (HTML): totals, every skipped file with its reason, then the read files."""
    read = [status for status in files if status.is_read]
    skipped = [status for status in files if not status.is_read]
    sentences = sum(status.sentences for status in read)
    lines = [bold(f"报告文件 {len(files)} 个：已读入 {len(read)} 个（{sentences} 句），跳过 {len(skipped)} 个")]
    if skipped:
        lines.append("")
        lines.append(bold("跳过的文件："))
        lines.extend(f"• {escape(status.name)}：{escape(skip_reason(status))}" for status in skipped)
    if read:
        lines.append("")
        lines.append(bold("已读入："))
        lines.extend(
            f"• {escape(status.name)} · {escape(status.format)} · {status.sentences} 句"
            + (f"（部分未读入：{escape(status.message)}）" if status.message else "")
            for status in read[:READ_FILES_SHOWN]
        )
        if len(read) > READ_FILES_SHOWN:
            lines.append(escape(f"……另有 {len(read) - READ_FILES_SHOWN} 个"))
    text = "\n".join(lines)
    # Only a folder of thousands of skipped files gets here; the totals line stays whole.
    return text if len(text) <= MAX_MESSAGE_CHARS else clip(text, MAX_MESSAGE_CHARS - 1).rsplit("\n", 1)[0]


def skip_reason(status: FileStatus) -> str:
    """Why a file was skipped, in words for the admin (simplified)."""
    reason = SKIP_REASONS.get(status.skipped, status.message) if status.skipped is not None else status.message
    return f"{reason}（{status.message}）" if status.skipped is SkipReason.TOO_LARGE else reason
