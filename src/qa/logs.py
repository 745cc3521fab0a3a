"""Logging set-up for the entry points, with every secret redacted from every record."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "[redacted]"


class RedactingFilter(logging.Filter):
    """Replaces every secret (and a token's part after the colon) in a record's message and traceback.

    Attached to handlers, so it sees every record that is written, whichever logger made it
    (python-telegram-bot's `InvalidToken` message and ExtBot's "Set Bot API URL" line carry the token).
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        parts: set[str] = set()
        for secret in secrets:
            if secret:
                parts.add(secret)
                _, _, tail = secret.partition(":")
                if len(tail) >= 8:
                    parts.add(tail)
        ordered = sorted(parts, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        return self._pattern.sub(REDACTED, text) if self._pattern is not None else text

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is None:
            return True
        message = self.redact(record.getMessage())
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Log to stderr once, from an entry point; quiet libraries that log secrets or noise at INFO.

    Every handler of the root logger gets a RedactingFilter for `secrets`, so no log line,
    traceback or error message shows them at any level.
    """
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redactor = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redactor)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
