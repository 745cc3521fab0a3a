"""Folder changes without /reload: re-check the reports folder on a timer and swap the index when it changed.

Every QA_WATCH_SECONDS (python-telegram-bot's JobQueue) the folder's listing is compared by name,
size, modification time and inode (a file replaced by a copy tool), which costs a stat per file;
only when it differs is the index opened again (from the cache when the contents are in fact the
same) and swapped in. A file still being
copied in changes again by the next check, which reads it whole.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from bot.handlers import AnyApplication, Context
from qa.chat import Conversation
from qa.errors import QaError
from qa.reports.listing import report_files
from qa.search.index import ReportIndex
from qa.search.store import open_index
from qa.settings import Settings

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int, int], ...]


def folder_signature(folder: Path) -> Signature:
    """Name, size, modification time and inode of each report file; () if the folder cannot be listed."""
    signature: list[tuple[str, int, int, int]] = []
    try:
        for path in report_files(folder):
            stat = path.stat()
            signature.append((path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    except (OSError, QaError):  # a file gone between listing and stat: the next check sees the new state
        return ()
    return tuple(signature)


class FolderWatch:
    """The repeating job that swaps in a new index when the reports folder changed."""

    def __init__(
        self, conversation: Conversation, folder: Path, reopen: Callable[[], ReportIndex], interval: float
    ) -> None:
        self.conversation = conversation
        self.folder = folder
        self._reopen = reopen
        self.interval = interval
        self._signature = folder_signature(folder)

    @classmethod
    def from_settings(cls, settings: Settings, conversation: Conversation) -> FolderWatch:
        """A watch of QA_REPORTS_DIR every QA_WATCH_SECONDS (0: none)."""

        def reopen() -> ReportIndex:
            return open_index(settings.reports_dir, settings.cache_dir, max_report_bytes=settings.max_report_bytes)

        return cls(conversation, settings.reports_dir, reopen, settings.watch_seconds)

    def register(self, application: AnyApplication) -> None:
        """Schedule the check on the application's job queue (nothing when the interval is 0)."""
        if self.interval <= 0:
            return
        if application.job_queue is None:
            log.warning("QA_WATCH_SECONDS is set but the job queue is not installed; the folder is not watched")
            return
        application.job_queue.run_repeating(self.check, interval=self.interval, first=self.interval, name="watch")

    async def check(self, _context: Context) -> bool:
        """Swap in a new index if the folder changed since the last look; True if it did."""
        signature = await asyncio.to_thread(folder_signature, self.folder)
        if signature == self._signature:
            return False
        try:
            index = await asyncio.to_thread(self._reopen)
        except QaError as exc:
            log.warning("the reports folder changed but cannot be loaded (%s); still serving the old index", exc)
            self._signature = signature
            return False
        self._signature = signature
        self.conversation.replace_index(index)
        log.info("reports folder changed: now %d reports, %d sentences", len(index.articles), len(index.sentences))
        return True
