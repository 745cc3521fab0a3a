"""The `qa` command's settings, remembered between runs so that a warm start need not import pydantic.

pydantic-settings (`qa.settings`) defines and validates every setting and is the only reader of
the environment and `.env`, but importing it costs about 0.1 s: a third of `qa ask` on a warm
cache. What it returns is a pure function of its inputs: the QA_ environment variables, the bytes
of `.env`, the working directory (where `.env` is, what relative paths mean) and the code that
validates (this module, `qa.settings`, the installed pydantic and pydantic-settings). So the values
the command uses, none of them a secret, are kept in a small file named by the SHA-256 of those
inputs and read back while the inputs are the same; any change to any of them misses and
validates again, and a run whose settings are bad never leaves a memo.

The memo lives in the user's cache folder (`$XDG_CACHE_HOME/report-qa/settings`, by default
`~/.cache/…`), not in QA_CACHE_DIR, which is itself a setting. It is only a shortcut: a folder
that cannot be written leaves every run on the validating path.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from qa.models import TraditionalStandard

if TYPE_CHECKING:
    from qa.settings import Settings

MEMO_VERSION = 1
ENV_PREFIX = "QA_"
ENV_FILE = Path(".env")
KEPT_MEMOS = 32  # different environments remembered; the oldest go first
_VALIDATING_MODULES = ("pydantic", "pydantic_settings")


@dataclass(frozen=True)
class CommandSettings:
    """The settings the `qa` command and the conversation read (the bot's own ones stay in `Settings`)."""

    reports_dir: Path
    cache_dir: Path
    log_level: str
    max_report_bytes: int
    build_batch_sentences: int
    max_results: int
    remembered_queries: int
    context_turns: int
    context_seconds: float
    standard: TraditionalStandard

    @classmethod
    def of(cls, settings: Settings) -> CommandSettings:
        """The command's part of validated settings."""
        return cls(
            reports_dir=settings.reports_dir,
            cache_dir=settings.cache_dir,
            log_level=settings.log_level,
            max_report_bytes=settings.max_report_bytes,
            build_batch_sentences=settings.build_batch_sentences,
            max_results=settings.max_results,
            remembered_queries=settings.remembered_queries,
            context_turns=settings.context_turns,
            context_seconds=settings.context_seconds,
            standard=settings.standard,
        )

    def to_json(self) -> str:
        values = asdict(self)
        values.update(reports_dir=str(self.reports_dir), cache_dir=str(self.cache_dir), standard=self.standard.value)
        return json.dumps(values, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CommandSettings:
        """Raises ValueError, KeyError or TypeError for a memo this code did not write."""
        values = json.loads(text)
        return cls(
            reports_dir=Path(values["reports_dir"]),
            cache_dir=Path(values["cache_dir"]),
            log_level=str(values["log_level"]),
            max_report_bytes=int(values["max_report_bytes"]),
            build_batch_sentences=int(values["build_batch_sentences"]),
            max_results=int(values["max_results"]),
            remembered_queries=int(values["remembered_queries"]),
            context_turns=int(values["context_turns"]),
            context_seconds=float(values["context_seconds"]),
            standard=TraditionalStandard(values["standard"]),
        )


def command_settings() -> CommandSettings:
    """The command's settings: from the memo when every input is as it was, else validated (and remembered).

    Raises `qa.settings.SettingsError` (one line naming the setting) when the settings are bad.
    """
    memo = memo_folder() / f"{inputs_digest()}.json"
    try:
        return CommandSettings.from_json(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from qa.settings import load_settings  # pydantic-settings: the definition and the validation

    settings = CommandSettings.of(load_settings())
    _remember(memo, settings)
    return settings


def memo_folder() -> Path:
    """Where memos are kept: the user's cache folder (XDG), never the project's."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "report-qa" / "settings"


def inputs_digest() -> str:
    """SHA-256 of everything validation reads or depends on (see the module docstring)."""
    digest = hashlib.sha256(f"memo {MEMO_VERSION}\0cwd {Path.cwd()}\0".encode())
    for name in sorted(name for name in os.environ if name.upper().startswith(ENV_PREFIX)):
        digest.update(f"env {name}={os.environ[name]}\0".encode())
    try:
        digest.update(b"dotenv " + ENV_FILE.read_bytes() + b"\0")
    except OSError:
        digest.update(b"no dotenv\0")
    here = Path(__file__)
    for path in (here, here.with_name("settings.py"), here.with_name("models.py")):
        digest.update(path.read_bytes())
    for module in _VALIDATING_MODULES:  # an upgrade of either changes the installed file's size or time
        spec = find_spec(module)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        stat = origin.stat() if origin is not None else None
        digest.update(f"{module} {origin} {stat.st_size if stat else 0} {stat.st_mtime_ns if stat else 0}\0".encode())
    return digest.hexdigest()[:32]


def _remember(memo: Path, settings: CommandSettings) -> None:
    """Write the memo atomically and keep only the newest KEPT_MEMOS; a failure only costs the shortcut."""
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        temporary = memo.with_name(f".{memo.name}.{os.getpid()}")
        temporary.write_text(settings.to_json(), encoding="utf-8")
        temporary.replace(memo)
        memos = sorted(memo.parent.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for old in memos[KEPT_MEMOS:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
