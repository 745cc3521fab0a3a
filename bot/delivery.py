"""Getting replies to users: sends retried with backoff, a durable outbox for the rest, chat-ordered concurrency.

Delivery is at least once. The Bot API has no idempotency key, so a send that timed out after
Telegram had in fact delivered it is sent again: the user may see a duplicate, never a gap.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import BaseUpdateProcessor, ContextTypes

log = logging.getLogger(__name__)

T = TypeVar("T")
SEND_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
OUTBOX_INTERVAL_SECONDS = 5.0
OUTBOX_MAX_AGE_SECONDS = 6 * 3600.0
OUTBOX_MAX_ENTRIES = 10_000
OUTBOX_MAX_BACKOFF_SECONDS = 300.0
CONCURRENT_UPDATES = 256


async def with_retries(send: Callable[[], Awaitable[T]], delays: tuple[float, ...] = SEND_RETRY_DELAYS) -> T:
    """Send, retrying network failures and server errors (5xx) with backoff; the last failure is raised.

    Telegram's own 429s are retried by PTB's AIORateLimiter; a 400, 401 or 403 is not transient and
    is raised at once.
    """
    for delay in delays:
        try:
            return await send()
        except (BadRequest, Forbidden, InvalidToken):
            raise
        except NetworkError as exc:
            log.warning("sending failed (%s); retrying in %.1f s", type(exc).__name__, delay)
            await asyncio.sleep(delay)
    return await send()


@dataclass(slots=True)
class Pending:
    """A message that could not be delivered yet."""

    chat_id: int
    text: str
    reply_to: int | None
    markup: dict[str, Any] | None
    created: float
    attempts: int = 0
    next_try: float = 0.0


class Outbox:
    """Replies that failed after the retry budget, kept in a JSON file and retried until they go or expire.

    The file is rewritten atomically on every change, so a restart resumes where the last run stopped.
    """

    def __init__(
        self,
        path: Path,
        *,
        max_age: float = OUTBOX_MAX_AGE_SECONDS,
        max_entries: int = OUTBOX_MAX_ENTRIES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self._max_age = max_age
        self._max_entries = max_entries
        self._clock = clock
        self._entries: list[Pending] = self._load()
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def _load(self) -> list[Pending]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [Pending(**entry) for entry in raw]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError) as exc:
            log.error("outbox %s is unreadable (%s); starting with an empty one", self.path, exc)  # noqa: TRY400 - one line
            return []

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        temporary.write_text(json.dumps([asdict(entry) for entry in self._entries], ensure_ascii=False), "utf-8")
        temporary.replace(self.path)

    def add(self, chat_id: int, text: str, reply_to: int | None, markup: InlineKeyboardMarkup | None) -> None:
        """Keep a message for later delivery (the oldest is dropped, with an error line, when the outbox is full)."""
        now = self._clock()
        self._entries.append(Pending(chat_id, text, reply_to, markup.to_dict() if markup else None, now, 0, now))
        while len(self._entries) > self._max_entries:
            dropped = self._entries.pop(0)
            log.error("outbox full: dropped an undelivered reply to chat %s", dropped.chat_id)
        self._save()
        log.warning("reply to chat %s kept in the outbox (%d waiting)", chat_id, len(self._entries))

    async def flush(self, send: Callable[[Pending], Awaitable[object]]) -> int:
        """Try every due message once, in order; returns how many were delivered.

        A chat's messages stay in order: after one of them fails, its later ones wait too.
        """
        async with self._lock:
            now = self._clock()
            delivered = 0
            blocked: set[int] = set()
            kept: list[Pending] = []
            for entry in self._entries:
                if now - entry.created > self._max_age:
                    log.error(
                        "dropped a reply to chat %s after %d attempts over %.0f s",
                        entry.chat_id,
                        entry.attempts,
                        now - entry.created,
                    )
                    continue
                if entry.chat_id in blocked or entry.next_try > now:
                    blocked.add(entry.chat_id)
                    kept.append(entry)
                    continue
                try:
                    await send(entry)
                    delivered += 1
                except (BadRequest, Forbidden) as exc:
                    log.error("dropped a reply to chat %s: the Bot API refused it (%s)", entry.chat_id, exc)  # noqa: TRY400
                except (NetworkError, RetryAfter) as exc:
                    entry.attempts += 1
                    entry.next_try = now + min(OUTBOX_INTERVAL_SECONDS * 2**entry.attempts, OUTBOX_MAX_BACKOFF_SECONDS)
                    log.warning("outbox: chat %s still unreachable (%s)", entry.chat_id, type(exc).__name__)
                    blocked.add(entry.chat_id)
                    kept.append(entry)
            if kept != self._entries:
                self._entries = kept
                self._save()
            if delivered:
                log.info("outbox: delivered %d waiting replies (%d left)", delivered, len(kept))
            return delivered

    async def on_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The JobQueue callback: deliver what is due through the bot."""
        if not self._entries:
            return
        bot = context.bot

        async def send(entry: Pending) -> object:
            markup = InlineKeyboardMarkup.de_json(entry.markup, bot) if entry.markup else None
            try:
                return await bot.send_message(
                    entry.chat_id, entry.text, reply_markup=markup, reply_to_message_id=entry.reply_to
                )
            except BadRequest as exc:
                if entry.reply_to is None or "not found" not in str(exc).lower():
                    raise
                return await bot.send_message(entry.chat_id, entry.text, reply_markup=markup)

        await self.flush(send)


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (the user for inline queries); None if it has none."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Updates of different chats run concurrently; a chat's own updates run one at a time, in arrival order.

    PTB starts a task per update in arrival order, and an asyncio.Lock wakes its waiters first in,
    first out, so a chat's messages are answered in the order they were sent. A chat's lock is
    dropped once nobody holds or waits for it, so the table stays as small as the chats in flight.
    """

    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}

    @property
    def chats_in_flight(self) -> int:
        """How many chats have an update being handled or waiting."""
        return len(self._locks)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        lock, users = self._locks.setdefault(key, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                await coroutine
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
