"""Settings from the environment and `.env`: the only place either is read (`qa.settings_memo` remembers the result)."""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from qa.errors import QaError
from qa.models import TraditionalStandard

IdList = Annotated[frozenset[int], NoDecode]


class TraditionalForms(Enum):
    """How traditional replies are written (QA_TRADITIONAL_STANDARD): Taiwan's or Hong Kong's character forms."""

    TAIWAN = "taiwan"
    HONG_KONG = "hongkong"


class SettingsError(QaError):
    """A setting has a value that cannot be used; the message names it."""


class Settings(BaseSettings):
    """Every knob of the bot and the CLI; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")

    reports_dir: Path = Path("seeds")
    cache_dir: Path = Path(".cache/qa")
    max_results: int = Field(default=5, ge=1, le=10)
    log_level: str = "INFO"
    max_report_mb: float = Field(default=50.0, gt=0)
    watch_seconds: float = Field(default=0.0, ge=0)

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    admin_ids: IdList = frozenset()
    allowed_user_ids: IdList = frozenset()
    allowed_chat_ids: IdList = frozenset()
    rate_limit_per_minute: int = Field(default=20, ge=1)
    remembered_queries: int = Field(default=1000, ge=1)
    build_batch_sentences: int = Field(default=100_000, ge=1_000)  # a build part: bounds memory (qa.search.parts)

    context_turns: int = Field(default=5, ge=1, le=50)
    context_minutes: float = Field(default=30.0, ge=0)
    traditional_standard: TraditionalForms = TraditionalForms.TAIWAN
    state_file: Path | None = None
    state_save_seconds: float = Field(default=10.0, gt=0)

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

    @field_validator("admin_ids", "allowed_user_ids", "allowed_chat_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `1,2,3` (as people write it in .env) as well as a list."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("telegram_token", "webhook_url", "webhook_secret", "state_file", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`QA_TELEGRAM_TOKEN=` in .env means "not configured", not an empty token."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("traditional_standard", mode="before")
    @classmethod
    def _standard_name(cls, value: object) -> object:
        """Accept 「Taiwan」, 「hong-kong」, 「HK」, 「tw」 as people write them."""
        if isinstance(value, str):
            name = value.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
            return {"tw": "taiwan", "hk": "hongkong"}.get(name, name)
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        """Only http(s) URLs with a host: 「ftp://…」 or 「localhost:8081」 would fail later, deep in httpx."""
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL such as https://api.telegram.org/bot")
        try:
            _ = parts.port
        except ValueError:
            raise ValueError("has a port that is not a number") from None
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(f"unknown log level {value!r}")
        return level


PREFIX = "QA_"


def known_settings() -> list[str]:
    """Every setting's environment name (QA_REPORTS_DIR, …)."""
    return [PREFIX + name.upper() for name in Settings.model_fields]


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


def check_setting_names(environ: Mapping[str, str], env_file: Path | None) -> None:
    """SettingsError naming the first misspelt QA_ setting in the environment or .env and the nearest real one."""
    sources: list[tuple[str, Iterable[str]]] = [("the environment", list(environ))]
    if env_file is not None and env_file.is_file():
        sources.append((str(env_file), list(dotenv_values(env_file))))
    for where, names in sources:
        for name, near in unknown_settings(names):
            hint = f"; did you mean {near}?" if near else f"; known settings: {', '.join(known_settings())}"
            raise SettingsError(f"unknown setting {name} in {where}{hint}")


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one SettingsError line that names the setting.

    A QA_ name that is no setting (a typo such as QA_TELEGRAM_TOKN) is an error too, so it is
    never silently ignored.
    """
    check_setting_names(os.environ, Path(".env"))
    try:
        return Settings(**overrides)  # type: ignore[arg-type]  # keyword overrides are validated at run time
    except ValidationError as exc:
        problems = "; ".join(
            f"QA_{'.'.join(str(p) for p in error['loc']).upper()}: {error['msg']}" for error in exc.errors()
        )
        raise SettingsError(f"bad setting: {problems}") from None
