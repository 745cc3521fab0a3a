"""Telegram handlers: turn updates into conversation calls and conversation replies into messages."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any, TypeAlias

from telegram import (
    CallbackQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import phrases as bot_phrases
from bot import render
from bot.access import AccessPolicy, RateLimiter
from bot.delivery import Outbox, with_retries
from qa.chat import AnswerPage, Conversation, Notice, NoticeKind, Reply, phrases
from qa.chat.voice import Voice
from qa.errors import QaError
from qa.search.index import ReportIndex

log = logging.getLogger(__name__)

AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
Context: TypeAlias = ContextTypes.DEFAULT_TYPE
INLINE_RESULTS = 5
INLINE_CACHE_SECONDS = 10
MAX_REFUSED_USERS = 10_000
STICKER_WITHOUT_EMOJI = "👍"  # a sticker set without emoji still reacts; it asks nothing


class QaHandlers:
    """Every handler of the bot, sharing one conversation, access policy and rate limiter."""

    def __init__(
        self,
        conversation: Conversation,
        policy: AccessPolicy,
        limiter: RateLimiter,
        reload_index: Callable[[], ReportIndex],
        outbox: Outbox | None = None,
        max_refused_users: int = MAX_REFUSED_USERS,
    ) -> None:
        self.conversation = conversation
        self.policy = policy
        self.limiter = limiter
        self.outbox = outbox
        self._max_refused_users = max_refused_users
        self._reload_index = reload_index
        # Users already told they are not allowed in (most recent last; the oldest are forgotten).
        self._refused_users: OrderedDict[int, None] = OrderedDict()
        self._reload_lock = asyncio.Lock()

    def register(self, application: AnyApplication) -> None:
        """Attach the handlers to an application."""
        for name, callback in (
            ("start", self.on_command),
            ("help", self.on_command),
            ("sources", self.on_command),
            ("source", self.on_command),
            ("next", self.on_command),
            ("prev", self.on_command),
            ("ask", self.on_ask),
            ("reload", self.on_reload),
            ("stats", self.on_stats),
        ):
            application.add_handler(CommandHandler(name, callback))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        application.add_handler(MessageHandler(filters.Sticker.ALL & filters.ChatType.PRIVATE, self.on_sticker))
        application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, self.on_command))
        application.add_handler(CallbackQueryHandler(self.on_button))
        # Before every other group: an outsider's admin commands and uploads count against the
        # rate limit like questions, so refusals cannot be used to flood the bot.
        outsider = ~filters.User(user_id=self.policy.admins)  # an empty filters.User lets nobody through
        commands = [name for name, _ in bot_phrases.ADMIN_COMMANDS]
        application.add_handler(CommandHandler(commands, self.on_outsider, filters=outsider), group=-1)
        application.add_handler(MessageHandler(filters.Document.ALL & outsider, self.on_outsider), group=-1)
        application.add_handler(InlineQueryHandler(self.on_inline))
        application.add_error_handler(self.on_error)

    async def _admitted(self, update: Update) -> bool:
        """Allow-list check; an outsider gets one polite refusal, then silence."""
        user = update.effective_user
        chat = update.effective_chat
        if self.policy.is_allowed(user.id if user else None, chat.id if chat else None):
            return True
        if user is not None and user.id not in self._refused_users:
            self._refused_users[user.id] = None
            while len(self._refused_users) > self._max_refused_users:
                self._refused_users.popitem(last=False)
            message = update.effective_message
            voice = self._voice(update)
            if message is not None:
                await message.reply_text(bot_phrases.said(bot_phrases.NOT_ALLOWED, voice))
            elif update.callback_query is not None:
                await update.callback_query.answer(voice.say(bot_phrases.NOT_ALLOWED), show_alert=True)
        elif update.callback_query is not None:
            await update.callback_query.answer()
        return False

    async def on_outsider(self, update: Update, _context: Context) -> None:
        """A non-admin's admin command or upload: refused by its own handler, only within the rate limit."""
        user = update.effective_user
        if user is not None and not self.limiter.allow(user.id):
            raise ApplicationHandlerStop

    async def _within_rate(self, update: Update) -> bool:
        user = update.effective_user
        if user is None or self.limiter.allow(user.id):
            return True
        message = update.effective_message
        if message is not None:
            await message.reply_text(bot_phrases.said(bot_phrases.SLOW_DOWN, self._voice(update)))
        return False

    def _voice(self, update: Update, message: str = "") -> Voice:
        """The asker's script for this update (their message, the chat's last script, their Telegram language)."""
        return asker_voice(self.conversation, update, message)

    async def _send(self, message: Message, reply: Reply) -> None:
        """Send a reply's messages in order; what cannot be delivered after the retries goes to the outbox."""
        rendered = render.render(reply)
        last = len(rendered.messages) - 1
        for number, text in enumerate(rendered.messages):
            markup = rendered.keyboard if number == last else None
            try:
                await with_retries(partial(message.reply_text, text, reply_markup=markup))
            except Forbidden:
                log.info("chat %s blocked the bot; reply not sent", message.chat_id)
                return
            except BadRequest:  # a subclass of NetworkError, but our mistake, not the network's
                raise
            except NetworkError:
                if self.outbox is None:
                    raise
                for later, rest in enumerate(rendered.messages[number:], start=number):
                    self.outbox.add(
                        message.chat_id, rest, message.message_id, rendered.keyboard if later == last else None
                    )
                return

    async def on_command(self, update: Update, _context: Context) -> None:
        """/start, /help, /sources, /source N, /next, /prev, and unknown commands in private chats."""
        message = update.effective_message
        if message is None or not message.text or not await self._admitted(update):
            return
        reply = await asyncio.to_thread(self.conversation.handle, message.text, _session(update), _language(update))
        await self._send(message, reply)

    async def on_ask(self, update: Update, context: Context) -> None:
        """/ask 问题 — the way to ask in groups."""
        message = update.effective_message
        if message is None or not await self._admitted(update):
            return
        question = " ".join(context.args or [])
        await self._answer(update, message, question)

    async def on_text(self, update: Update, context: Context) -> None:
        """Any text in a private chat; in groups only a mention of the bot or a reply to it."""
        message = update.effective_message
        if message is None or not message.text:
            return
        question = message.text
        if message.chat.type != ChatType.PRIVATE:
            addressed = _strip_mention(message, context.bot.username, context.bot.id)
            if addressed is None:
                return
            question = addressed
        if not await self._admitted(update):
            return
        await self._answer(update, message, question)

    async def on_sticker(self, update: Update, _context: Context) -> None:
        """A sticker in a private chat is the reaction its emoji stands for (👍 between questions): a nod."""
        message = update.effective_message
        if message is None or message.sticker is None:
            return
        if not await self._admitted(update):
            return
        await self._answer(update, message, message.sticker.emoji or STICKER_WITHOUT_EMOJI)

    async def _answer(self, update: Update, message: Message, question: str) -> None:
        if not await self._within_rate(update):
            return
        log.debug("question from chat %s: %r", message.chat_id, question)
        reply = await asyncio.to_thread(self.conversation.ask, question, _session(update), _language(update))
        await self._send(message, reply)

    async def on_button(self, update: Update, _context: Context) -> None:
        """◀ ▶ and 原文 buttons edit the answer in place; example buttons ask their question."""
        query = update.callback_query
        if query is None:
            return
        if not await self._admitted(update):
            return
        data = query.data or ""
        for parse, show in (
            (render.parse_page_data, self.conversation.page),
            (render.parse_detail_data, self.conversation.detail),
        ):
            if (target := parse(data)) is not None:
                reply = await asyncio.to_thread(show, *target, _session(update), _language(update))
                await self._show_in_place(query, reply)
                return
        number = render.parse_example_data(data)
        example = self.conversation.example(number, self._voice(update)) if number is not None else None
        if example is None:  # forged, or from a build whose buttons meant something else
            await query.answer(self._voice(update).say(bot_phrases.STALE_BUTTON), show_alert=True)
            return
        await query.answer()
        if isinstance(query.message, Message) and await self._within_rate(update):
            reply = await asyncio.to_thread(self.conversation.ask, example, _session(update), _language(update))
            await self._send(query.message, reply)

    async def _show_in_place(self, query: CallbackQuery, reply: Reply) -> None:
        """A button's answer put in place of the message it is under; a notice (results forgotten
        after a restart, no such page) is an alert, and the message stays as it was."""
        if isinstance(reply, Notice):
            expired = reply.kind is NoticeKind.EXPIRED
            text = reply.voice.say(bot_phrases.EXPIRED_ALERT) if expired else phrases.notice_text(reply)
            await query.answer(text, show_alert=True)
            return
        await query.answer()
        if isinstance(reply, AnswerPage) and isinstance(query.message, Message):
            rendered = render.render(reply)
            try:
                await query.edit_message_text(rendered.messages[0], reply_markup=rendered.keyboard)
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    raise

    async def on_inline(self, update: Update, _context: Context) -> None:
        """`@bot 问题` in any chat: the top answers, each with its source."""
        query = update.inline_query
        if query is None:
            return
        if not self.policy.is_allowed(query.from_user.id, None) or not query.query.strip():
            await query.answer([], cache_time=INLINE_CACHE_SECONDS)
            return
        if not self.limiter.allow(query.from_user.id):
            await query.answer([], cache_time=0)
            return
        reply = await asyncio.to_thread(
            self.conversation.ask, query.query, f"inline:{query.from_user.id}", query.from_user.language_code
        )
        results = []
        if isinstance(reply, AnswerPage):
            for position, item in enumerate(reply.answer.items[:INLINE_RESULTS]):
                page = AnswerPage(reply.answer, position, reply.query_id)
                results.append(
                    InlineQueryResultArticle(
                        id=f"{reply.query_id}-{position}",
                        title=render.clip(item.display, 80),
                        description=render.clip(phrases.source_line(item.article), 120),
                        input_message_content=InputTextMessageContent(render.split_lines(render.answer_lines(page))[0]),
                    )
                )
        await query.answer(results, cache_time=INLINE_CACHE_SECONDS)

    async def _admin_message(self, update: Update) -> Message | None:
        """The message of an admin command, or None (non-admins are told it is for admins)."""
        return await admin_message(self.conversation, self.policy, update)

    async def on_reload(self, update: Update, _context: Context) -> None:
        """Admins: re-read the reports folder and swap the index; questions keep being answered."""
        message = await self._admin_message(update)
        if message is None:
            return
        voice = self._voice(update)
        await message.reply_text(bot_phrases.said(bot_phrases.RELOADING, voice))
        async with self._reload_lock:
            try:
                index = await asyncio.to_thread(self._reload_index)
            except QaError as exc:
                log.warning("reload failed: %s", exc)
                await message.reply_text(render.reload_failed(str(exc), voice))
                return

        self.conversation.replace_index(index)
        skipped = [status for status in index.corpus.files if not status.is_read]
        log.info(
            "reloaded: %d reports, %d sentences, %d files skipped",
            len(index.articles),
            len(index.sentences),
            len(skipped),
        )
        await message.reply_text(
            render.reloaded(
                len(index.articles),
                len(index.sentences),
                voice,
                [(s.name, bot_phrases.skip_reason(s)) for s in skipped],
            )
        )

    async def on_stats(self, update: Update, _context: Context) -> None:
        """Admins: reports, sentences, questions served, answered vs refused."""
        message = await self._admin_message(update)
        if message is None:
            return
        index = self.conversation.index
        stats = self.conversation.stats
        text = render.stats_text(
            len(index.articles),
            len(index.sentences),
            stats.questions,
            stats.answered,
            stats.refused,
            stats.followups,
            self._voice(update),
        )
        await message.reply_text(text)

    async def on_error(self, update: object, context: Context) -> None:
        """Log the failure with its traceback and tell the user once, without details."""
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                voice = self._voice(update)
                await update.effective_message.reply_text(bot_phrases.said(bot_phrases.SOMETHING_WENT_WRONG, voice))
            except Exception:  # the API may be what failed; the log already has the story
                log.warning("could not tell the user about the error", exc_info=True)


async def admin_message(
    conversation: Conversation, policy: AccessPolicy, update: Update, refusal: str = bot_phrases.ADMIN_ONLY
) -> Message | None:
    """The message of an admin-only update, or None: anyone else is told `refusal`, in their script."""
    message = update.effective_message
    if message is None:
        return None
    user = update.effective_user
    if not policy.is_admin(user.id if user else None):
        await message.reply_text(bot_phrases.said(refusal, asker_voice(conversation, update)))
        return None
    return message


def asker_voice(conversation: Conversation, update: Update, message: str = "") -> Voice:
    """The script to answer this update's sender in (every handler of the bot speaks it)."""
    return conversation.voice_for(_session(update), _language(update), message)


def _language(update: Update) -> str | None:
    """The asker's Telegram language (an IETF tag such as zh-hant), if the client sent one."""
    user = update.effective_user
    return user.language_code if user is not None else None


def _session(update: Update) -> str:
    chat = update.effective_chat
    return f"chat:{chat.id}" if chat is not None else "unknown"


def _strip_mention(message: Message, username: str, bot_id: int) -> str | None:
    """The question of a group message addressed to the bot (mention or reply); None if not addressed."""
    text = message.text or ""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, mentioned in mentions.items():  # parse_entities handles UTF-16 offsets
        is_us = (entity.type == MessageEntity.MENTION and mentioned.lower() == f"@{username}".lower()) or (
            entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id
        )
        if is_us:
            return text.replace(mentioned, " ", 1).strip()
    return None
