"""The parts of a bounded build, kept in the cache so that the next build redoes only what changed.

A folder is read in name order and cut into parts: runs of whole files of about
QA_BUILD_BATCH_SENTENCES sentences. A part keeps what its files gave (sentences, article and file
records) and their analysis (BM25 segments, answer-step columns, dictionary words); the index is
the parts merged with exact global statistics (`qa.search.index.merge_parts`), so neither the reading
nor the analysis ever holds more than a part in memory. The next build keeps every part whose
files are unchanged and still side by side in the folder, reads only the other files, and
re-analyses a kept part only when a header name that appeared or disappeared occurs in its text
(names become jieba words, and a text's cut depends only on the names it holds:
`qa.search.text.known_words`) or when one of its article ids would change. Parts hold whole files in
folder order and the merge numbers documents part after part, so the result equals a full
build's, array for array (`tests/test_parts.py`).
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import shutil
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from qa.models import Article, FileStatus
from qa.reports.corpus import ReadOutcome, ReportReader, no_reports_error
from qa.reports.listing import Corpus, report_files
from qa.script import normalize
from qa.search.index import (
    Progress,
    RankingConfig,
    ReportIndex,
    analyse_parts,
    begin_stage,
    header_names,
    merge_parts,
)
from qa.search.segments import concatenate_columns
from qa.search.text import is_name_word, known_words
from qa.table import STATUS_PREFIX, ArticleTable, SentenceColumns, SentenceTable, StatusTable, load_arrays, save_arrays

log = logging.getLogger(__name__)

PART_META = "part.json"
READ_PROGRESS_FILES = 256
CORPUS_FILES = (
    *SentenceTable.ARRAY_NAMES,
    "article_record_blob",
    "article_record_offsets",
    f"{STATUS_PREFIX}_blob",
    f"{STATUS_PREFIX}_offsets",
)


@dataclass(frozen=True, slots=True)
class PartFile:
    """One file of a part: its name, SHA-256 (hex) and the id its article got (None if it was skipped)."""

    name: str
    digest: str
    article_id: str | None


@dataclass(frozen=True, slots=True)
class Part:
    """A part's folder and what it covers."""

    folder: Path
    files: tuple[PartFile, ...]
    names: tuple[tuple[str, str], ...]  # its articles' header names (name, tag), first occurrence first
    sentences: int

    @property
    def articles(self) -> int:
        """How many of its files are articles."""
        return sum(file.article_id is not None for file in self.files)

    def save(self) -> None:
        """Write part.json into the folder."""
        record = {
            "files": [[file.name, file.digest, file.article_id] for file in self.files],
            "names": [list(pair) for pair in self.names],
            "sentences": self.sentences,
        }
        (self.folder / PART_META).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Part:
        """Read a part's part.json; OSError or ValueError if it is missing or malformed."""
        record = json.loads((folder / PART_META).read_text(encoding="utf-8"))
        files = tuple(PartFile(str(name), str(digest), article) for name, digest, article in record["files"])
        names = tuple((str(name), str(tag)) for name, tag in record["names"])
        return cls(folder, files, names, int(record["sentences"]))

    def moved(self, folder: Path) -> Part:
        """The same part in another folder."""
        return Part(folder, self.files, self.names, self.sentences)


@dataclass(frozen=True, slots=True)
class PartsBuild:
    """A finished build: the index (memory-mapping files under the work folder), its parts and header names."""

    index: ReportIndex
    parts: list[Part]
    names: list[tuple[str, str]]
    reused: int  # parts kept with their analysis
    analysed_sentences: int


def build_in_parts(
    reports_dir: Path,
    digests: Mapping[str, bytes],
    work: Path,
    *,
    config: RankingConfig,
    previous: Sequence[Part] = (),
    previous_names: Collection[str] = (),
    workers: int = 1,
    progress: Progress | None = None,
    batch_sentences: int,
    max_bytes: int,
) -> PartsBuild:
    """Build the folder's index in parts under `work`, keeping the `previous` build's parts that still hold.

    `digests` are the files' SHA-256 (as the index's file table recorded them). New and
    re-analysed parts are left under `work` (the caller moves them into the cache). CorpusError
    when no file yields a sentence.
    """
    listing = report_files(reports_dir)
    plan = _Planner(reports_dir, digests, work, batch_sentences, max_bytes).plan(listing, previous, progress)
    names: dict[str, str] = {}
    for part in plan.parts:
        for name, tag in part.names:
            names.setdefault(name, tag)
    if not any(part.articles for part in plan.parts):
        raise no_reports_error(reports_dir, [status for part in plan.parts for status in _statuses(part.folder)])
    changed = {name for name in names if is_name_word(name)} ^ {name for name in previous_names if is_name_word(name)}
    parts = [part if part in plan.new else _reanalysed(part, changed, work) for part in plan.parts]
    to_analyse = [part for part in parts if part.folder.parent == work and part.articles]
    with known_words(names.items()):
        loaders = [partial(_corpus, part.folder) for part in to_analyse]
        sizes = [part.sentences for part in to_analyse]
        stream = analyse_parts(loaders, sizes, config, workers=workers, progress=progress)
        for part, builders in zip(to_analyse, stream, strict=True):
            builders.save(part.folder)
            del builders  # or it would live on while the next part is built
        del stream
        with_articles = [part.folder for part in parts if part.articles]
        merged = work / "merged"
        merged.mkdir()
        fields, columns, dictionary = merge_parts(with_articles, config, merged, progress)
    corpus = _concatenated_corpus(parts, merged)
    index = ReportIndex(corpus, fields, columns, config, dictionary)
    analysed = sum(part.sentences for part in to_analyse)
    log.info("indexed %d sentences of %d reports (%d analysed)", len(corpus.sentences), len(corpus.articles), analysed)
    return PartsBuild(index, parts, list(names.items()), len(parts) - len(to_analyse), analysed)


def move_parts(parts: Sequence[Part], parts_dir: Path) -> list[Part]:
    """Move the build's new parts (still under its work folder) into the cache's parts folder."""
    parts_dir.mkdir(parents=True, exist_ok=True)
    moved = []
    for part in parts:
        if part.folder.parent != parts_dir:
            target = parts_dir / uuid.uuid4().hex
            part.folder.replace(target)
            part = part.moved(target)
        moved.append(part)
    return moved


def drop_unused_parts(parts_dir: Path, used: Sequence[Part]) -> None:
    """Remove the cache's parts the saved index was not merged from (only it is ever reused)."""
    names = {part.folder.name for part in used}
    for old in parts_dir.iterdir():
        if old.name not in names:
            shutil.rmtree(old, ignore_errors=True)


def load_parts(parts_dir: Path, names: Iterable[str]) -> list[Part]:
    """The named parts of the cache, [] if any of them is missing or unreadable (nothing is then reused)."""
    try:
        return [Part.load(parts_dir / name) for name in names]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("the previous build's parts are unusable (%s); building anew", exc)
        return []


@dataclass(frozen=True, slots=True)
class _Plan:
    parts: list[Part]
    new: list[Part]


class _Planner:
    """Walks the folder in name order: kept parts where they still hold, new parts of the files between."""

    def __init__(
        self, reports_dir: Path, digests: Mapping[str, bytes], work: Path, batch_sentences: int, max_bytes: int
    ) -> None:
        self.reader = ReportReader(reports_dir, max_bytes)
        self.digests = {name: digest.hex() for name, digest in digests.items()}
        self.work = work
        self.batch = batch_sentences
        self.parts: list[Part] = []
        self.new: list[Part] = []
        self._run: list[tuple[ReadOutcome, str]] = []
        self._run_sentences = 0

    def plan(self, listing: Sequence[Path], previous: Sequence[Part], progress: Progress | None = None) -> _Plan:
        position = {path.name: number for number, path in enumerate(listing)}
        starts = {}
        for part in previous:
            first = position.get(part.files[0].name, -1) if part.files else -1
            side_by_side = first >= 0 and all(
                position.get(file.name) == first + offset for offset, file in enumerate(part.files)
            )
            if side_by_side and all(self.digests.get(file.name) == file.digest for file in part.files):
                starts[first] = part  # still holds, unless its article ids would change (`_ids_hold`)
        begin_stage(progress, "reading")
        number = 0
        while number < len(listing):
            if progress and number % READ_PROGRESS_FILES == 0:
                progress(number, len(listing))
            kept = starts.get(number)
            if kept is not None and self._ids_hold(kept):
                self._flush()
                self.parts.append(kept)
                number += len(kept.files)
                continue
            path = listing[number]
            self._run.append((self.reader.read(path), self.digests.get(path.name, "")))
            self._run_sentences += len(self._run[-1][0].body)
            if self._run_sentences >= self.batch:
                self._flush()
            number += 1
        self._flush()
        if progress:
            progress(len(listing), len(listing))
        return _Plan(self.parts, self.new)

    def _ids_hold(self, part: Part) -> bool:
        """True (and the reader told of them) if the part's articles get the same ids they had."""
        ids = set(self.reader.ids)
        for file in part.files:
            if file.article_id is None:
                continue
            expected = Path(file.name).stem if Path(file.name).stem not in ids else file.name
            if expected != file.article_id:
                return False
            ids.add(expected)
        self.reader.ids = ids
        return True

    def _flush(self) -> None:
        """Write the files read since the last part as a new part (its corpus only; analysis comes later)."""
        if not self._run:
            return
        folder = self.work / f"new-{len(self.new):05d}"
        folder.mkdir(parents=True)
        sentences = SentenceColumns()
        articles: list[Article] = []
        files = []
        for outcome, digest in self._run:
            if outcome.article is not None:
                outcome.append_to(sentences, len(articles))
                articles.append(outcome.article)
            files.append(PartFile(outcome.status.name, digest, outcome.article.id if outcome.article else None))
        save_arrays(folder, sentences.finish().arrays())
        save_arrays(folder, ArticleTable.from_articles(articles).arrays("article_record"))
        save_arrays(folder, StatusTable.from_statuses(outcome.status for outcome, _ in self._run).arrays(STATUS_PREFIX))
        part = Part(folder, tuple(files), tuple(header_names(articles)), self._run_sentences)
        part.save()
        self.parts.append(part)
        self.new.append(part)
        self._run, self._run_sentences = [], 0


def _reanalysed(part: Part, changed: Collection[str], work: Path) -> Part:
    """A kept part as it stands, or, when a changed header name occurs in its text, a copy to analyse anew."""
    if not part.articles or not changed or not _mentions(part.folder, changed):
        return part
    folder = work / f"again-{uuid.uuid4().hex}"
    folder.mkdir()
    for name in (*(f"{array}.npy" for array in CORPUS_FILES), PART_META):
        os.link(part.folder / name, folder / name)
    log.info("re-analysing %s: a header name that changed occurs in it", part.folder.name)
    return part.moved(folder)


def _mentions(folder: Path, names: Collection[str]) -> bool:
    """True if a part's text as jieba cut it (headers, sentences, headings) holds one of the names."""
    needles = [name.encode("utf-8") for name in names]
    with (folder / "article_text_blob.npy").open("rb") as handle:
        if os.fstat(handle.fileno()).st_size:
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as text:
                if any(text.find(needle) >= 0 for needle in needles):
                    return True
    headings = SentenceTable.from_arrays(load_arrays(folder, SentenceTable.ARRAY_NAMES)).headings
    return any(name in normalize(heading) for heading in headings for name in names)


def _statuses(folder: Path) -> list[FileStatus]:
    return list(StatusTable.load(load_arrays(folder, (f"{STATUS_PREFIX}_blob", f"{STATUS_PREFIX}_offsets"))))


def _corpus(folder: Path) -> Corpus:
    """A part's corpus, memory-mapped from its folder."""
    arrays = load_arrays(folder, CORPUS_FILES)
    return Corpus(ArticleTable.load(arrays), SentenceTable.from_arrays(arrays), StatusTable.load(arrays))


def _concatenated_corpus(parts: Sequence[Part], target: Path) -> Corpus:
    """Every part's corpus joined into single files under `target` (article and heading numbers shifted)."""
    folders = [part.folder for part in parts]
    headings = [len(np.load(folder / "heading_text_offsets.npy", mmap_mode="r")) - 1 for folder in folders]
    arrays = concatenate_columns(
        folders,
        ("sentence_text", "heading_text", "article_record", STATUS_PREFIX),
        {"sentence_article": [part.articles for part in parts], "sentence_heading": headings},
        target,
        int_columns=("sentence_paragraph",),
    )
    return Corpus(ArticleTable.load(arrays), SentenceTable.from_arrays(arrays), StatusTable.load(arrays))
