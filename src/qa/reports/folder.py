"""Add a report to the folder and take one out: checked before it lands, saved atomically, never overwriting.

An upload is read with the same readers as the folder before it is saved, so a file that could not
be served never lands. It is written under a hidden temporary name (the loader ignores hidden
files) and linked into place under a name no file has, so a crash leaves no half-written report
and an existing report is never replaced. A removed report moves into the `removed/` subfolder,
which the loader does not read.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from qa.errors import QaError
from qa.models import Article, SkipReason
from qa.reports import DEFAULT_MAX_BYTES, UnreadableReport, read_report_bytes
from qa.reports.corpus import parse_report
from qa.reports.listing import report_files

REMOVED_FOLDER = "removed"
MAX_NAME_CHARS = 120
_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class DuplicateReport(QaError):  # named for the outcome, like UnreadableReport
    """The upload has the same bytes as a report already in the folder; `existing` is that file."""

    def __init__(self, existing: Path) -> None:
        super().__init__(f"the same file as {existing.name}")
        self.existing = existing


@dataclass(frozen=True, slots=True)
class AddedReport:
    """A report saved into the folder: where, and what the loader will make of it."""

    path: Path
    article: Article
    sentences: int


def safe_name(name: str) -> str:
    """A file name that stays inside the folder: no directories, control or reserved characters.

    Leading dots and Office's 「~$」 go too (the loader would ignore such a file); the suffix stays.
    """
    base = _UNSAFE_RE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip().lstrip(".~$ ")
    stem, suffix = PurePath(base).stem, PurePath(base).suffix
    return (stem[: MAX_NAME_CHARS - len(suffix)] or "report") + suffix.lower()


def add_report(folder: Path, name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> AddedReport:
    """Check an uploaded report with the folder's readers, then save it as a new file of the folder.

    Raises UnreadableReport (the file is not saved) for what the loader would skip, DuplicateReport
    when a report of the folder has the same bytes, OSError if the folder cannot be written. An
    existing name gets 「-2」, 「-3」 … before the suffix.
    """
    name = safe_name(name)
    document = read_report_bytes(name, data, max_bytes)
    _refuse_duplicate(folder, data)
    article, body = parse_report(
        Path(name).stem, folder / name, document.text, headings=document.headings, fallback=document.info
    )
    if not body:
        raise UnreadableReport(SkipReason.NO_TEXT, "no sentences after cleaning")
    path = _write_new(folder, name, data)
    return AddedReport(path, article, len(body))


def _refuse_duplicate(folder: Path, data: bytes) -> None:
    digest = hashlib.sha256(data).digest()
    for path in report_files(folder):
        try:
            same = path.stat().st_size == len(data) and hashlib.sha256(path.read_bytes()).digest() == digest
        except OSError:
            continue
        if same:
            raise DuplicateReport(path)


def remove_report(folder: Path, path: Path) -> Path:
    """Move a report of the folder into its `removed/` subfolder (never overwriting); the new path."""
    target_folder = folder / REMOVED_FOLDER
    target_folder.mkdir(exist_ok=True)
    target = _link_new(path, target_folder, path.name)
    path.unlink()
    return target


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    descriptor, temporary = tempfile.mkstemp(prefix=".upload-", suffix=".tmp", dir=folder)
    staged = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as sink:
            sink.write(data)
            sink.flush()
            os.fsync(sink.fileno())
        return _link_new(staged, folder, name)
    finally:
        staged.unlink(missing_ok=True)


def _link_new(source: Path, folder: Path, name: str) -> Path:
    """Hard-link `source` into `folder` under `name`, or 「stem-2.ext」 … if taken: atomic, never replacing.

    Where the file system has no hard links, the file is copied into an exclusively created name
    instead (still never replacing one, but a crash mid-copy can leave a partial file).
    """
    stem, suffix = PurePath(name).stem, PurePath(name).suffix
    for number in range(1, 1000):
        target = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            os.link(source, target)
        except FileExistsError:
            continue
        except OSError:
            try:
                with target.open("xb") as sink:
                    sink.write(source.read_bytes())
            except FileExistsError:
                continue
        return target
    raise FileExistsError(f"no free name for {name} in {folder}")
