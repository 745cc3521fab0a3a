"""Settings from the environment and `.env` (the only place either is read), and logging set-up."""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from qa.errors import QaError
from qa.text import TraditionalStandard

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
    build_batch_sentences: int = Field(default=250_000, ge=1_000)  # memory of a build is bounded by this

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

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(f"unknown log level {value!r}")
        return level


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one SettingsError line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]  # keyword overrides are validated at run time
    except ValidationError as exc:
        problems = "; ".join(
            f"QA_{'.'.join(str(p) for p in error['loc']).upper()}: {error['msg']}" for error in exc.errors()
        )
        raise SettingsError(f"bad setting: {problems}") from None


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr once, from an entry point; quiet libraries that log secrets or noise at INFO."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
