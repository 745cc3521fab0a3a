"""Settings from the environment and `.env` (the only place either is read), and logging set-up.

Plain dataclasses and a parser per field, not pydantic-settings: importing pydantic, pydantic-settings
and asyncio cost ~0.13 s of every `qa ask` (half of a warm start), for fourteen scalar settings.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from qa.errors import QaError
from qa.models import TraditionalStandard


class TraditionalForms(Enum):
    """How traditional replies are written (QA_TRADITIONAL_STANDARD): Taiwan's or Hong Kong's character forms."""

    TAIWAN = "taiwan"
    HONG_KONG = "hongkong"


class SettingsError(QaError):
    """A setting has a value that cannot be used; the message names it."""


class Secret:
    """A token or password: shown as asterisks by repr, str and f-strings, so it never reaches a log by accident."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        """The secret itself, for the one call that needs it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********" if self._value else ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


Parser = Callable[[object], object]
PARSE = "parse"


def _blank(value: object) -> bool:
    """`QA_TELEGRAM_TOKEN=` in .env means "not configured", not an empty token."""
    return isinstance(value, str) and not value.strip()


def _path(value: object) -> Path:
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise TypeError("must be a path")


def _optional_path(value: object) -> Path | None:
    return None if value is None or _blank(value) else _path(value)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise TypeError("must be text")


def _optional_text(value: object) -> str | None:
    return None if value is None or _blank(value) else _text(value)


def _secret(value: object) -> Secret | None:
    if value is None or isinstance(value, Secret):
        return value
    return None if _blank(value) else Secret(_text(value))


def _bounded(
    kind: type[int] | type[float], *, gt: float | None = None, ge: float | None = None, le: float | None = None
) -> Parser:
    """A parser of whole numbers (kind int) or numbers (float) within the bounds given; texts are stripped."""
    name = "a whole number" if kind is int else "a number"

    def parse(value: object) -> int | float:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise TypeError(f"must be {name}")
        if kind is int and isinstance(value, float) and not value.is_integer():
            raise ValueError(f"must be {name}, not {value!r}")
        try:
            number = kind(value.strip() if isinstance(value, str) else value)
        except ValueError:
            raise ValueError(f"must be {name}, not {value!r}") from None
        if gt is not None and not number > gt:
            raise ValueError(f"must be greater than {gt:g}")
        if ge is not None and not number >= ge:
            raise ValueError(f"must be at least {ge:g}")
        if le is not None and not number <= le:
            raise ValueError(f"must be at most {le:g}")
        return number

    return parse


def _ids(value: object) -> frozenset[int]:
    """Accept `1,2,3` (as people write it in .env) as well as a collection of ids."""
    parts: Iterable[object]
    if isinstance(value, str):
        parts = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, Iterable):
        parts = value
    else:
        raise TypeError("must be comma-separated ids")
    whole = _bounded(int)
    return frozenset(int(str(whole(part))) for part in parts)


def _standard(value: object) -> TraditionalForms:
    """Accept 「Taiwan」, 「hong-kong」, 「HK」, 「tw」 as people write them."""
    if isinstance(value, TraditionalForms):
        return value
    name = _text(value).strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    try:
        return TraditionalForms({"tw": "taiwan", "hk": "hongkong"}.get(name, name))
    except ValueError:
        raise ValueError(f"must be taiwan or hongkong, not {value!r}") from None


def _http_url(value: object) -> str:
    """Only http(s) URLs with a host: 「ftp://…」 or 「localhost:8081」 would fail later, deep in httpx."""
    text = _text(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL such as https://api.telegram.org/bot")
    try:
        _ = parts.port
    except ValueError:
        raise ValueError("has a port that is not a number") from None
    return text


def _log_level(value: object) -> str:
    level = _text(value).upper()
    if level not in logging.getLevelNamesMapping():
        raise ValueError(f"unknown log level {value!r}")
    return level


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of the bot and the CLI; `.env.example` documents each one.

    Built from values or from texts as the environment gives them: every field goes through its
    parser, and all the problems found are one SettingsError naming each setting.
    """

    reports_dir: Path = field(default=Path("seeds"), metadata={PARSE: _path})
    cache_dir: Path = field(default=Path(".cache/qa"), metadata={PARSE: _path})
    max_results: int = field(default=5, metadata={PARSE: _bounded(int, ge=1, le=10)})
    log_level: str = field(default="INFO", metadata={PARSE: _log_level})
    max_report_mb: float = field(default=50.0, metadata={PARSE: _bounded(float, gt=0.0)})
    watch_seconds: float = field(default=0.0, metadata={PARSE: _bounded(float, ge=0.0)})

    telegram_token: Secret | None = field(default=None, metadata={PARSE: _secret})
    telegram_api_url: str = field(default="https://api.telegram.org/bot", metadata={PARSE: _http_url})
    webhook_url: str | None = field(default=None, metadata={PARSE: _optional_text})
    webhook_secret: Secret | None = field(default=None, metadata={PARSE: _secret})
    webhook_listen: str = field(default="127.0.0.1", metadata={PARSE: _text})
    webhook_port: int = field(default=8443, metadata={PARSE: _bounded(int, ge=1, le=65535)})
    admin_ids: frozenset[int] = field(default=frozenset(), metadata={PARSE: _ids})
    allowed_user_ids: frozenset[int] = field(default=frozenset(), metadata={PARSE: _ids})
    allowed_chat_ids: frozenset[int] = field(default=frozenset(), metadata={PARSE: _ids})
    rate_limit_per_minute: int = field(default=20, metadata={PARSE: _bounded(int, ge=1)})
    remembered_queries: int = field(default=1000, metadata={PARSE: _bounded(int, ge=1)})
    # A build part: bounds memory (qa.search.parts).
    build_batch_sentences: int = field(default=100_000, metadata={PARSE: _bounded(int, ge=1_000)})

    context_turns: int = field(default=5, metadata={PARSE: _bounded(int, ge=1, le=50)})
    context_minutes: float = field(default=30.0, metadata={PARSE: _bounded(float, ge=0.0)})
    traditional_standard: TraditionalForms = field(default=TraditionalForms.TAIWAN, metadata={PARSE: _standard})
    state_file: Path | None = field(default=None, metadata={PARSE: _optional_path})
    state_save_seconds: float = field(default=10.0, metadata={PARSE: _bounded(float, gt=0.0)})

    def __post_init__(self) -> None:
        problems = []
        for setting in dataclasses.fields(self):
            try:
                value = setting.metadata[PARSE](getattr(self, setting.name))
            except (ValueError, TypeError) as exc:
                problems.append(f"{PREFIX}{setting.name.upper()}: {exc}")
            else:
                object.__setattr__(self, setting.name, value)
        if problems:
            raise SettingsError(f"bad setting: {'; '.join(problems)}")

    @property
    def standard(self) -> TraditionalStandard:
        """The OpenCC standard for traditional replies."""
        if self.traditional_standard is TraditionalForms.HONG_KONG:
            return TraditionalStandard.HONG_KONG
        return TraditionalStandard.TAIWAN

    @property
    def context_seconds(self) -> float:
        """How long a chat's follow-up context lasts."""
        return self.context_minutes * 60

    @property
    def state_path(self) -> Path:
        """Where the bot keeps its conversation state (paging, follow-up context, /stats) across restarts."""
        return self.state_file or self.cache_dir / "conversation-state.json"

    @property
    def max_report_bytes(self) -> int:
        """QA_MAX_REPORT_MB in bytes: larger report files are skipped, with a reason."""
        return int(self.max_report_mb * 1024 * 1024)


PREFIX = "QA_"


def known_settings() -> list[str]:
    """Every setting's environment name (QA_REPORTS_DIR, …)."""
    return [PREFIX + setting.name.upper() for setting in dataclasses.fields(Settings)]


def unknown_settings(names: Iterable[str]) -> list[tuple[str, str | None]]:
    """The QA_ names that are no setting, each with the nearest known setting (None if none is near)."""
    known = known_settings()
    found = []
    for name in names:
        upper = name.upper()
        if upper.startswith(PREFIX) and upper not in known:
            near = difflib.get_close_matches(upper, known, n=1, cutoff=0.6)
            found.append((name, near[0] if near else None))
    return found


def check_setting_names(sources: Iterable[tuple[str, Iterable[str]]]) -> None:
    """SettingsError naming the first misspelt QA_ setting of (where, names) sources and the nearest real one."""
    for where, names in sources:
        for name, near in unknown_settings(names):
            hint = f"; did you mean {near}?" if near else f"; known settings: {', '.join(known_settings())}"
            raise SettingsError(f"unknown setting {name} in {where}{hint}")


def setting_texts(environ: Mapping[str, str], env_file: Path | None) -> dict[str, str]:
    """Field name -> text of every QA_ setting given, names in any case; the environment wins over `.env`.

    Raises SettingsError for a QA_ name that is no setting (a typo such as QA_TELEGRAM_TOKN), so it
    is never silently ignored.
    """
    dotenv = dotenv_values(env_file) if env_file is not None and env_file.is_file() else {}
    check_setting_names([("the environment", list(environ)), (str(env_file), list(dotenv))])
    texts: dict[str, str] = {}
    for source in (dotenv, environ):
        for name, value in source.items():
            if name.upper().startswith(PREFIX) and value is not None:
                texts[name[len(PREFIX) :].lower()] = value
    return texts


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and `.env` in the working folder, then `overrides` (by field name).

    One SettingsError line names every bad or unknown setting.
    """
    values: dict[str, object] = {**setting_texts(os.environ, Path(".env")), **overrides}
    return Settings(**values)  # type: ignore[arg-type]  # texts and values are parsed field by field at run time


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
