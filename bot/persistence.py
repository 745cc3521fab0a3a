"""Keep the conversation's state across restarts with python-telegram-bot's persistence machinery.

PTB loads persistence when the application starts, calls `update_bot_data` every
`update_interval` seconds and again, followed by `flush`, when it stops (SIGINT/SIGTERM). This
persistence uses that schedule to write the conversation's own `snapshot()` (paging
positions, remembered questions for the ◀ ▶ buttons, follow-up context, /stats counters) as one
JSON file in the cache folder, replaced atomically. JSON rather than PicklePersistence: the state
is plain data the core already serialises, and unpickling a file anyone can write to the cache
folder would run whatever it contains. User, chat and callback data are not used.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, TypeAlias

from telegram.ext import BasePersistence, PersistenceInput

from qa.chat import Conversation

log = logging.getLogger(__name__)

Data: TypeAlias = dict[Any, Any]
# PTB's own aliases (telegram.ext._utils.types is private), spelled out.
CDCData: TypeAlias = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]
ConversationKey: TypeAlias = tuple[int | str, ...]
ConversationDict: TypeAlias = MutableMapping[ConversationKey, object]


class ConversationPersistence(BasePersistence[Data, Data, Data]):
    """PTB persistence whose only content is the conversation's state, in a JSON file."""

    def __init__(self, conversation: Conversation, path: Path, update_interval: float = 10.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=True, chat_data=False, user_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self._conversation = conversation
        self._path = path
        self._written: str | None = None

    def load(self) -> bool:
        """Restore the conversation from the file; False (and a warning) if it is missing or unusable."""
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return False
        except OSError as exc:
            log.warning("cannot read conversation state %s: %s", self._path, exc.strerror)
            return False
        try:
            snapshot = json.loads(text)
        except json.JSONDecodeError:
            log.warning("conversation state %s is not JSON; starting afresh", self._path)
            return False
        if not isinstance(snapshot, dict) or not self._conversation.restore(snapshot):
            log.warning("conversation state %s is unusable; starting afresh", self._path)
            return False
        self._written = text
        log.info("conversation state restored from %s", self._path)
        return True

    def save(self) -> None:
        """Write the conversation's snapshot if it changed since the last write (atomically)."""
        text = json.dumps(self._conversation.snapshot(), ensure_ascii=False, separators=(",", ":"))
        if text == self._written:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            partial = self._path.with_name(f"{self._path.name}.{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            partial.replace(self._path)
        except OSError as exc:
            log.warning("cannot write conversation state %s: %s", self._path, exc.strerror)
            return
        self._written = text

    async def get_bot_data(self) -> Data:
        """Called once at start-up: restores the conversation (PTB's bot_data itself stays empty)."""
        self.load()
        return {}

    async def update_bot_data(self, data: Data) -> None:  # noqa: ARG002 - the state is the conversation's
        """Called every `update_interval` seconds and at shutdown."""
        self.save()

    async def refresh_bot_data(self, bot_data: Data) -> None:
        """Nothing to refresh: the conversation is the state."""

    async def flush(self) -> None:
        """Called at shutdown, after the last update."""
        self.save()

    async def get_user_data(self) -> dict[int, Data]:
        """Unused."""
        return {}

    async def get_chat_data(self) -> dict[int, Data]:
        """Unused."""
        return {}

    async def get_callback_data(self) -> CDCData | None:
        """Unused."""
        return None

    async def get_conversations(self, name: str) -> ConversationDict:  # noqa: ARG002 - PTB's signature
        """Unused (no ConversationHandler)."""
        return {}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        """Unused."""

    async def update_user_data(self, user_id: int, data: Data) -> None:
        """Unused."""

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        """Unused."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Unused."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Unused."""

    async def drop_user_data(self, user_id: int) -> None:
        """Unused."""

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        """Unused."""

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        """Unused."""
