"""/status for admins: every file of the reports folder, read (format, sentences) or skipped and why."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import Update
from telegram.ext import CommandHandler

from bot.access import AccessPolicy
from bot.handlers import AnyApplication, Context, admin_message, asker_voice
from bot.phrases import (
    MORE_FILES,
    PARTLY_READ,
    READ_HEADER,
    READ_LINE,
    SKIPPED_HEADER,
    TOTALS,
    said,
    said_with,
    skip_reason,
)
from bot.render import MAX_MESSAGE_CHARS, clip
from qa.chat import Conversation
from qa.chat.voice import SIMPLIFIED, Voice
from qa.models import FileStatus

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
        message = await admin_message(self.conversation, self.policy, update)
        if message is not None:
            voice = asker_voice(self.conversation, update)
            await message.reply_text(status_text(self.conversation.index.corpus.files, voice))


def status_text(files: Sequence[FileStatus], voice: Voice = SIMPLIFIED) -> str:
    """The /status reply (HTML): totals, every skipped file with its reason, then the read files.

    File names and the readers' own details are shown as written; the rest in the asker's script.
    """
    read = [status for status in files if status.is_read]
    skipped = [status for status in files if not status.is_read]
    sentences = sum(status.sentences for status in read)
    totals = said_with(TOTALS, voice, files=len(files), read=len(read), sentences=sentences, skipped=len(skipped))
    lines = [f"<b>{totals}</b>"]
    if skipped:
        lines.append("")
        lines.append(f"<b>{said(SKIPPED_HEADER, voice)}</b>")
        lines.extend(f"• {escape(status.name)}：{said(skip_reason(status), voice)}" for status in skipped)
    if read:
        lines.append("")
        lines.append(f"<b>{said(READ_HEADER, voice)}</b>")
        lines.extend(
            said_with(READ_LINE, voice, name=status.name, format=status.format, sentences=status.sentences)
            + (said_with(PARTLY_READ, voice, detail=status.message) if status.message else "")
            for status in read[:READ_FILES_SHOWN]
        )
        if len(read) > READ_FILES_SHOWN:
            lines.append(said_with(MORE_FILES, voice, count=len(read) - READ_FILES_SHOWN))
    text = "\n".join(lines)
    # Only a folder of thousands of skipped files gets here; the totals line stays whole.
    return text if len(text) <= MAX_MESSAGE_CHARS else clip(text, MAX_MESSAGE_CHARS - 1).rsplit("\n", 1)[0]
