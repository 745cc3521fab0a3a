"""Persist the index in a cache folder, keyed by the reports' content, and reload it in milliseconds.

The key is a hash of every report's bytes, the ranking configuration and the format version, so
adding, editing or removing a report, or upgrading the code, builds anew. The index keeps each
report's name, size, modification time and content hash: a start only lists and stats the
folder, and re-reads (and re-hashes) just the files whose size or time changed, or that were
written too close to the last check to trust their time. An index is written under a temporary
name and renamed into place only when complete, so a crash mid-write leaves nothing that could
be served; a cache that fails to load is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import jieba
import numpy as np
import numpy.typing as npt

from qa.errors import IndexCacheError
from qa.reports import DEFAULT_MAX_BYTES
from qa.reports.listing import Corpus, report_entries
from qa.search.bm25 import Bm25Index
from qa.search.index import (
    BATCH_SENTENCES,
    FIELD_NAMES,
    Columns,
    Fields,
    Progress,
    RankingConfig,
    ReportIndex,
    begin_stage,
    build_index,
)
from qa.search.text import Dictionary, set_segmenter_cache
from qa.table import STATUS_PREFIX, ArticleTable, SentenceTable, StatusTable, StringTable, load_arrays, save_arrays

if TYPE_CHECKING:  # qa.search.parts is imported by a build only
    from qa.search.parts import Part

log = logging.getLogger(__name__)

FORMAT_VERSION = 11
MANIFEST = "manifest.json"
DICTIONARY = "segmenter.marshal"
FILES = "files"
STATUSES = STATUS_PREFIX
PARTS = "parts"  # the cache's folder of kept parts
PARTS_RECORD = "parts.json"  # in an index: the parts it was merged from and the header names it was cut with
SENTENCE_ARRAYS = SentenceTable.ARRAY_NAMES
# A file modified this close to the moment its time was recorded could change again within the
# same timestamp tick: its content is checked on the next start too (git's "racily clean" rule).
RACY_NANOSECONDS = 2_000_000_000
UNREADABLE = bytes(32)
STALE_BUILD_SECONDS = 24 * 3600  # a build folder this old belongs to no running build


@dataclass(frozen=True, slots=True)
class FileTable:
    """Each report file's name, size, modification time (ns) and SHA-256, as compact arrays."""

    names: StringTable
    sizes: npt.NDArray[np.int64]
    mtimes: npt.NDArray[np.int64]
    digests: npt.NDArray[np.uint8]  # one row of 32 bytes a file
    recorded_ns: int  # when sizes and times were read

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to persist (`recorded_ns` goes into the manifest)."""
        return {**self.names.arrays("name"), "size": self.sizes, "mtime": self.mtimes, "digest": self.digests}

    @classmethod
    def load(cls, folder: Path, recorded_ns: int) -> FileTable:
        """Memory-map a saved table."""
        arrays = load_arrays(folder, ("name_blob", "name_offsets", "size", "mtime", "digest"))
        return cls(
            StringTable.from_arrays(arrays, "name"), arrays["size"], arrays["mtime"], arrays["digest"], recorded_ns
        )


def _scan(folder: Path) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
    """(names, sizes, modification times, when) of the folder's report files, without reading them."""
    recorded_ns = time.time_ns()
    names: list[str] = []
    sizes: list[int] = []
    mtimes: list[int] = []
    for entry in report_entries(folder):
        try:
            stat = entry.stat()
        except OSError:
            stat = None
        names.append(entry.name)
        sizes.append(-1 if stat is None else stat.st_size)
        mtimes.append(-1 if stat is None else stat.st_mtime_ns)
    return names, np.array(sizes, dtype=np.int64), np.array(mtimes, dtype=np.int64), recorded_ns


def _digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return UNREADABLE


def file_table(folder: Path) -> FileTable:
    """Stat and hash every report file of the folder (what a build records)."""
    names, sizes, mtimes, recorded_ns = _scan(folder)
    digests = np.frombuffer(b"".join(_digest(folder / name) for name in names), dtype=np.uint8).reshape(-1, 32)
    return FileTable(StringTable.from_strings(names), sizes, mtimes, digests.copy(), recorded_ns)


def fingerprint_of(files: FileTable, config: RankingConfig, max_report_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Hash of the reports' names and content hashes, the ranking config, the size limit, the format and the code.

    The code is the index's sources: after an upgrade that reads a by-line differently, the old
    index is not served as current (FORMAT_VERSION alone relied on someone remembering to bump it).
    """
    digest = _build_digest(config, max_report_bytes)
    for number, name in enumerate(files.names):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(bytes(files.digests[number]))
    return digest.hexdigest()[:32]


def fingerprint(folder: Path, config: RankingConfig, max_report_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The cache key of a folder's reports under a ranking configuration and size limit (reads every report)."""
    return fingerprint_of(file_table(folder), config, max_report_bytes)


def still_current(
    folder: Path, index_dir: Path, config: RankingConfig, max_report_bytes: int = DEFAULT_MAX_BYTES
) -> bool:
    """True when the reports are those the saved index was built from, re-hashing only changed files.

    Refreshes the saved sizes and times of files that were touched but hold the same bytes.
    """
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION or manifest.get("config") != repr(config):
            return False
        if manifest.get("code") != _code_digest().hex():
            return False
        if manifest.get("max_report_bytes") != max_report_bytes:
            return False
        saved = FileTable.load(index_dir / FILES, int(manifest["files_recorded_ns"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.debug("no usable file table in %s (%s)", index_dir, exc)
        return False
    names, sizes, mtimes, recorded_ns = _scan(folder)
    if not saved.names.holds(names) or len(saved.sizes) != len(names) or len(saved.mtimes) != len(names):
        return False
    changed = np.flatnonzero(
        (sizes != saved.sizes) | (mtimes != saved.mtimes) | (mtimes >= saved.recorded_ns - RACY_NANOSECONDS)
    )
    for number in changed:
        if _digest(folder / names[number]) != bytes(saved.digests[number]):
            log.info("%s changed since the index was built", names[number])
            return False
    if len(changed):
        refreshed = FileTable(saved.names, sizes, mtimes, np.array(saved.digests), recorded_ns)
        _write_file_table(index_dir, refreshed, manifest)
    return True


def open_index(
    reports_dir: Path,
    cache_dir: Path | None,
    config: RankingConfig | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    batch_sentences: int = BATCH_SENTENCES,
    max_report_bytes: int = DEFAULT_MAX_BYTES,
) -> ReportIndex:
    """The index for a reports folder: loaded from the cache when current, else built (and cached).

    Files over `max_report_bytes` are skipped (and listed so in `corpus.files`). A build into the
    cache goes in parts of `batch_sentences` (read, analysed and kept under the cache, merged), so
    its memory does not grow with the folder, and the next build reuses the parts whose files did
    not change (`qa.search.parts`).
    """
    config = config or RankingConfig()
    if cache_dir is None:
        corpus = _read_reports(reports_dir, max_report_bytes)
        return build_index(corpus, config, workers=workers, progress=progress)
    set_segmenter_cache(cache_dir / "jieba")
    for candidate in sorted(cache_dir.glob("index-*")):
        if candidate.is_dir() and still_current(reports_dir, candidate, config, max_report_bytes):
            index = _load_or_discard(candidate, config)
            if index is not None:
                return index
    files = file_table(reports_dir)
    target = cache_dir / f"index-{fingerprint_of(files, config, max_report_bytes)}"
    if target.is_dir():
        index = _load_or_discard(target, config)
        if index is not None:
            return index
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=cache_dir))
    except OSError as exc:
        log.warning("could not cache the index in %s (%s); continuing without a cache", cache_dir, exc)
        return build_index(_read_reports(reports_dir, max_report_bytes), config, workers=workers, progress=progress)
    from qa.search.parts import build_in_parts, drop_unused_parts, move_parts  # a build's only: see _read_reports

    try:
        key = _parts_key(config, max_report_bytes)
        digests = {name: bytes(files.digests[number]) for number, name in enumerate(files.names)}
        build = partial(
            build_in_parts,
            reports_dir,
            digests,
            config=config,
            workers=workers,
            progress=progress,
            batch_sentences=batch_sentences,
            max_bytes=max_report_bytes,
        )
        previous, previous_names = _previous_parts(cache_dir, key)
        try:
            built = build(work, previous=previous, previous_names=previous_names)
        except (OSError, ValueError) as exc:
            if not previous:
                raise
            # A damaged kept part must not stop every later build from being cached: build anew.
            log.warning("could not reuse the parts in %s (%s); building from scratch", cache_dir / PARTS, exc)
            work = _fresh(work)
            built = build(work)
        begin_stage(progress, "saving")
        if progress:
            progress(0, 1)
        parts = move_parts(built.parts, cache_dir / PARTS)
        record = {"key": key, "parts": [part.folder.name for part in parts], "names": [n for n, _ in built.names]}
        save_index(built.index, target, files, max_report_bytes, parts=record)
        _remove_stale(cache_dir, keep=target)
        drop_unused_parts(cache_dir / PARTS, parts)
        loaded = load_index(target, config)
    except OSError as exc:
        log.warning("could not cache the index in %s (%s); continuing without a cache", cache_dir, exc)
        return build_index(_read_reports(reports_dir, max_report_bytes), config, workers=workers, progress=progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if progress:
        progress(1, 1)
    return loaded


def _read_reports(folder: Path, max_bytes: int) -> Corpus:
    """The folder read anew; the readers (cleaning, header rules, parts) are imported by a build only.

    A start from a current cache never needs them: ~10 modules less to import and compile.
    """
    from qa.reports.corpus import load_corpus

    return load_corpus(folder, max_bytes=max_bytes)


def _fresh(work: Path) -> Path:
    """An empty work folder beside `work`, which is removed."""
    shutil.rmtree(work, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=".build-", dir=work.parent))


def _parts_key(config: RankingConfig, max_report_bytes: int) -> str:
    """What a kept part depends on besides its files: format, jieba, ranking config, size limit and the code.

    The code is the index's sources (`INDEX_SOURCES`: readers, cleaning, segmentation, building): a part
    lives on across upgrades, and a reader that now parses a by-line differently must not be
    outlived by the parts the old one read.
    """
    return _build_digest(config, max_report_bytes).hexdigest()[:32]


def _build_digest(config: RankingConfig, max_report_bytes: int) -> hashlib._Hash:
    """SHA-256 so far of what every build depends on besides its files: format, jieba, config, limit, code."""
    digest = hashlib.sha256(f"v{FORMAT_VERSION}|jieba {jieba.__version__}|{config!r}|max {max_report_bytes}".encode())
    digest.update(_code_digest())
    return digest


# The sources an index is made by: readers, cleaning, metadata, segmentation, building and the
# records (not the answers or the chat, whose changes leave a built index as it is).
INDEX_SOURCES = ("reports", "search", "models.py", "script.py", "table.py", "data")


@cache
def _code_digest() -> bytes:
    """SHA-256 of the index's sources (`INDEX_SOURCES`), read once a process (~40 small files)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for source in INDEX_SOURCES:
        root = package / source
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.suffix in (".py", ".txt") and path.is_file():
                digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _previous_parts(cache_dir: Path, key: str) -> tuple[list[Part], list[str]]:
    """The parts and header names of the newest cached build made under the same key (none if there is none)."""
    from qa.search.parts import load_parts

    records = []
    for folder in cache_dir.glob("index-*"):
        try:
            record = json.loads((folder / PARTS_RECORD).read_text(encoding="utf-8"))
            records.append((folder.stat().st_mtime, record))
        except (OSError, ValueError):
            continue
    for _, record in sorted(records, key=lambda item: item[0], reverse=True):
        if isinstance(record, dict) and record.get("key") == key:
            parts = load_parts(cache_dir / PARTS, [str(name) for name in record.get("parts", [])])
            if parts:
                return parts, [str(name) for name in record.get("names", [])]
    return [], []


def _load_or_discard(target: Path, config: RankingConfig) -> ReportIndex | None:
    try:
        index = load_index(target, config)
    except (IndexCacheError, OSError, ValueError, KeyError) as exc:
        log.warning("cached index in %s is unusable (%s); rebuilding", target, exc)
        shutil.rmtree(target, ignore_errors=True)
        return None
    log.info("loaded cached index %s (%d sentences)", target.name, len(index.sentences))
    return index


def save_index(
    index: ReportIndex,
    target: Path,
    files: FileTable,
    max_report_bytes: int = DEFAULT_MAX_BYTES,
    *,
    parts: Mapping[str, object] | None = None,
) -> None:
    """Write the index and the file table it was built from into `target` atomically (temporary folder, then rename).

    `parts` names the cached parts it was merged from (read by the next build, `qa.search.parts`).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        save_arrays(staging, index.corpus.sentences.arrays())
        save_arrays(staging, index.columns.arrays())
        articles = index.articles
        table = articles if isinstance(articles, ArticleTable) else ArticleTable.from_articles(articles)
        save_arrays(staging, table.arrays("article_record"))
        for name in FIELD_NAMES:
            folder = staging / name
            folder.mkdir()
            getattr(index.fields, name).save(folder)
        if index.dictionary is not None:
            (staging / DICTIONARY).write_bytes(marshal.dumps(index.dictionary.as_tuple()))
        (staging / FILES).mkdir()
        save_arrays(staging / FILES, files.arrays())
        files_read = index.corpus.files
        statuses = files_read if isinstance(files_read, StatusTable) else StatusTable.from_statuses(files_read)
        save_arrays(staging, statuses.arrays(STATUSES))
        if parts is not None:
            (staging / PARTS_RECORD).write_text(json.dumps(parts, ensure_ascii=False), encoding="utf-8")
        manifest = {
            "format": FORMAT_VERSION,
            "code": _code_digest().hex(),
            "articles": len(articles),
            "sentences": len(index.sentences),
            "statuses": len(statuses),
            "max_report_bytes": max_report_bytes,
            "config": repr(index.config),
            "files_recorded_ns": files.recorded_ns,
            "checksums": checksums(staging),
            "complete": True,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_file_table(index_dir: Path, files: FileTable, manifest: dict[str, object]) -> None:
    """Refresh a saved index's sizes and times (same content), each file replaced atomically.

    A crash between two replacements leaves sizes or times that disagree with the files, which
    only costs a re-hash next time: the content hashes never change here.
    """
    try:
        for name, values in (("size", files.sizes), ("mtime", files.mtimes)):
            _replace(index_dir / FILES / f"{name}.npy", partial(np.save, arr=values, allow_pickle=False))
        text = json.dumps({**manifest, "files_recorded_ns": files.recorded_ns}, ensure_ascii=False)
        _replace(index_dir / MANIFEST, partial(Path.write_text, data=text, encoding="utf-8"))
    except OSError as exc:  # a read-only cache still serves; the files are re-hashed next time
        log.debug("could not refresh the file table in %s (%s)", index_dir, exc)


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file in the same folder, then rename it over `path`."""
    handle, name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def load_index(folder: Path, config: RankingConfig) -> ReportIndex:
    """Memory-map a saved index; IndexCacheError if it is incomplete or from another version."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexCacheError(f"no readable manifest in {folder}") from exc
    if manifest.get("format") != FORMAT_VERSION or not manifest.get("complete"):
        raise IndexCacheError(f"{folder} holds an index of another format")
    if manifest.get("config") != repr(config):
        raise IndexCacheError(f"{folder} was built with another ranking configuration")
    bad = verify_files(folder, manifest.get("checksums"), full=False)
    if bad:
        raise IndexCacheError(f"{folder} has changed files ({', '.join(bad[:5])})")
    articles = ArticleTable.load(load_arrays(folder, ArticleTable.ARRAY_NAMES))
    sentences = SentenceTable.from_arrays(load_arrays(folder, SENTENCE_ARRAYS))
    if len(sentences) != manifest["sentences"] or len(articles) != manifest["articles"]:
        raise IndexCacheError(f"{folder} is truncated")
    columns = Columns.from_arrays(load_arrays(folder, Columns.ARRAY_NAMES))
    params = {
        "sentence_words": config.sentence_params,
        "sentence_grams": config.sentence_params,
        "paragraph_grams": config.context_params,
        "article_grams": config.context_params,
    }
    loaded = {name: Bm25Index.load(folder / name, params[name]) for name in FIELD_NAMES}
    fields = Fields(**loaded)
    _check_shapes(fields, sentences, columns, len(articles))
    dictionary = _load_dictionary(folder / DICTIONARY)
    arrays = load_arrays(folder, (f"{STATUSES}_blob", f"{STATUSES}_offsets"))
    files = StatusTable.load(arrays, STATUSES)
    if len(files) != manifest["statuses"]:
        raise IndexCacheError(f"{folder} is truncated")
    return ReportIndex(Corpus(articles, sentences, files), fields, columns, config, dictionary)


SAMPLE_BLOCKS = 16
SAMPLE_BLOCK_BYTES = 4096


def checksums(folder: Path) -> dict[str, dict[str, int]]:
    """Size, CRC-32 of the whole file and CRC-32 of a sample of blocks, for every file of a saved index.

    The sample (SAMPLE_BLOCKS blocks spread evenly, first and last included) is what every load
    checks: it reads at most 64 KiB a file, so a file scrambled in place is caught without reading
    the index. The whole-file CRC is for `qa index --verify` and the bot's check after start-up.
    """
    sums = {}
    # The file table (files/) is left out: its sizes and times are refreshed in place (same content).
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        if path.relative_to(folder).parts[0] == FILES:
            continue
        size = path.stat().st_size  # read in chunks: a field's postings are gigabytes at a few million sentences
        sums[path.relative_to(folder).as_posix()] = {
            "size": size,
            "crc32": _file_crc(path),
            "sample": _sample_crc(path, size),
        }
    return sums


def _sample_crc(path: Path, size: int) -> int:
    crc = 0
    with path.open("rb") as stream:
        if size <= SAMPLE_BLOCKS * SAMPLE_BLOCK_BYTES:
            return zlib.crc32(stream.read())
        step = (size - SAMPLE_BLOCK_BYTES) // (SAMPLE_BLOCKS - 1)
        for block in range(SAMPLE_BLOCKS):
            stream.seek(block * step)
            crc = zlib.crc32(stream.read(SAMPLE_BLOCK_BYTES), crc)
    return crc


def _file_crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def verify_files(folder: Path, sums: object, *, full: bool) -> list[str]:
    """The files of a saved index whose size or checksum differ from the manifest ([] if all match).

    `full` reads every byte (CRC-32 of each file); otherwise sizes and the sampled blocks are checked.
    A manifest without checksums (an older cache) counts as changed, so it is rebuilt once.
    """
    if not isinstance(sums, dict) or not sums:
        return ["(no checksums)"]
    bad = []
    for name, expected in sorted(sums.items()):
        path = folder / name
        try:
            size = path.stat().st_size
            crc = (_file_crc(path) if full else _sample_crc(path, size)) if size == expected["size"] else None
            if crc != expected["crc32" if full else "sample"]:
                bad.append(name)
        except (OSError, KeyError, TypeError):
            bad.append(name)
    return bad


def cached_index_folder(
    reports_dir: Path, cache_dir: Path, config: RankingConfig | None = None, max_report_bytes: int = DEFAULT_MAX_BYTES
) -> Path:
    """Where open_index keeps (or would keep) the index of this folder."""
    return cache_dir / f"index-{fingerprint(reports_dir, config or RankingConfig(), max_report_bytes)}"


def verify_index(folder: Path) -> list[str]:
    """Every byte of a saved index against its manifest: the names of files that changed ([] if none).

    A folder with no readable manifest is reported as a whole.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return [MANIFEST]
    return verify_files(folder, manifest.get("checksums") if isinstance(manifest, dict) else None, full=True)


def saved_arrays(folder: Path) -> dict[str, np.ndarray]:
    """Every array of a saved index by its path in the folder, for comparing two builds.

    Memory-mapped; the dictionary slice is `segmenter` (word, frequency and tag a row, then the
    total), and the file table is left out (its times are refreshed in place).
    """
    arrays = {
        path.relative_to(folder).as_posix(): np.load(path, mmap_mode="r")
        for path in sorted(folder.rglob("*.npy"))
        if path.relative_to(folder).parts[0] != FILES
    }
    dictionary = _load_dictionary(folder / DICTIONARY)
    rows = sorted(f"{word}\t{freq}\t{dictionary.tags.get(word, '')}" for word, freq in dictionary.freq.items())
    arrays["segmenter"] = np.array([*rows, f"total {dictionary.total}"])
    return arrays


def discard_index(folder: Path) -> None:
    """Remove a saved index (one found damaged), so the next open_index rebuilds it."""
    shutil.rmtree(folder, ignore_errors=True)


def _load_dictionary(path: Path) -> Dictionary:
    """The corpus slice of jieba's dictionary saved with the index (see qa.search.text.DictionaryCollector)."""
    try:
        freq, total, tags = marshal.loads(path.read_bytes())  # noqa: S302 - our own cache file, as jieba's own
    except (OSError, ValueError, EOFError, TypeError) as exc:
        raise IndexCacheError(f"unreadable segmenter dictionary {path}") from exc
    if not isinstance(freq, dict) or not isinstance(total, int) or not isinstance(tags, dict):
        raise IndexCacheError(f"malformed segmenter dictionary {path}")
    return Dictionary(freq, total, tags)


def _check_shapes(fields: Fields, sentences: SentenceTable, columns: Columns, article_count: int) -> None:
    counts = (
        fields.sentence_words.document_count,
        fields.sentence_grams.document_count,
        len(columns.sentence_paragraph),
        len(columns.normalized),
    )
    if any(count != len(sentences) for count in counts) or fields.article_grams.document_count != article_count:
        raise IndexCacheError("cached index arrays disagree in length")
    if len(columns.headers) != 1:
        raise IndexCacheError("cached index has no header column")
    if len(sentences) and int(np.max(sentences.article)) >= article_count:
        raise IndexCacheError("cached index refers to a missing article")


def _remove_stale(cache_dir: Path, keep: Path) -> None:
    for old in cache_dir.glob("index-*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    for work in cache_dir.glob(".build-*"):  # left by a build that was killed
        if time.time() - work.stat().st_mtime > STALE_BUILD_SECONDS:
            shutil.rmtree(work, ignore_errors=True)


def describe(index: ReportIndex) -> dict[str, int]:
    """Counts for `qa index --stats`."""
    stats = {"reports": len(index.articles), "sentences": len(index.sentences)}
    for name in FIELD_NAMES:
        field: Bm25Index = getattr(index.fields, name)
        stats[f"{name}.documents"] = field.document_count
        stats[f"{name}.terms"] = len(field.vocabulary)
        stats[f"{name}.postings"] = field.posting_count
    return stats
