"""Who may use the bot, and how often: allow-lists and a per-user sliding-window rate limit."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW_SECONDS = 60.0
MAX_TRACKED_USERS = 100_000


@dataclass(frozen=True, slots=True)
class AccessPolicy:
    """Optional allow-lists of user and chat ids; empty lists allow everyone."""

    allowed_users: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()

    def is_allowed(self, user_id: int | None, chat_id: int | None) -> bool:
        """True if the user or the chat is on an allow-list, or there are no lists."""
        if not self.allowed_users and not self.allowed_chats:
            return True
        return (user_id is not None and user_id in self.allowed_users) or (
            chat_id is not None and chat_id in self.allowed_chats
        )

    def is_admin(self, user_id: int | None) -> bool:
        """True for configured admins."""
        return user_id is not None and user_id in self.admins


@dataclass(slots=True)
class RateLimiter:
    """At most `limit` questions per user in any `window` seconds.

    Memory is bounded: a user whose last question left the window is forgotten (they would be
    allowed anyway), and past `max_users` users in one window the least recent is forgotten.
    """

    limit: int
    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    max_users: int = MAX_TRACKED_USERS
    _seen: OrderedDict[int, deque[float]] = field(default_factory=OrderedDict)

    def __len__(self) -> int:
        return len(self._seen)

    def allow(self, user_id: int) -> bool:
        """Record a question and say whether it is within the limit."""
        now = self.clock()
        self._forget_idle(now)
        stamps = self._seen.setdefault(user_id, deque())
        self._seen.move_to_end(user_id)
        while stamps and now - stamps[0] >= self.window:
            stamps.popleft()
        if len(stamps) >= self.limit:
            return False
        stamps.append(now)
        while len(self._seen) > self.max_users:
            self._seen.popitem(last=False)
        return True

    def _forget_idle(self, now: float) -> None:
        # Least recently seen first: stop at the first user still inside the window.
        while self._seen:
            stamps = next(iter(self._seen.values()))
            if stamps and now - stamps[-1] < self.window:
                return
            self._seen.popitem(last=False)
