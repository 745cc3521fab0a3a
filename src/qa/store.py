"""Persist the index in a cache folder, keyed by the reports' content, and reload it in milliseconds.

The key is a hash of every report's bytes (not timestamps), the ranking configuration and the
format version, so adding, editing or removing a report, or upgrading the code, builds anew.
An index is written under a temporary name and renamed into place only when complete, so a
crash mid-write leaves nothing that could be served; a cache that fails to load is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import jieba
import numpy as np

from qa.bm25 import Bm25Index
from qa.corpus import Corpus, load_corpus, report_files
from qa.errors import IndexCacheError
from qa.index import FIELD_NAMES, Columns, Fields, Progress, RankingConfig, ReportIndex, build_index
from qa.models import Article, FileStatus, SkipReason
from qa.reports import DEFAULT_MAX_BYTES
from qa.table import SentenceTable, load_arrays, save_arrays
from qa.text import Dictionary, Script, set_segmenter_cache

log = logging.getLogger(__name__)

FORMAT_VERSION = 7
MANIFEST = "manifest.json"
DICTIONARY = "segmenter.marshal"
SENTENCE_ARRAYS = (
    "sentence_article",
    "sentence_paragraph",
    "sentence_heading",
    "sentence_text_blob",
    "sentence_text_offsets",
    "heading_text_blob",
    "heading_text_offsets",
)


def fingerprint(folder: Path, config: RankingConfig, max_report_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Hash of the reports' names and bytes, the ranking config, the size limit and the index format."""
    digest = hashlib.sha256()
    digest.update(f"v{FORMAT_VERSION}|jieba {jieba.__version__}|{config!r}|max {max_report_bytes}".encode())
    for path in report_files(folder):
        digest.update(path.name.encode("utf-8") + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()[:32]


def open_index(
    reports_dir: Path,
    cache_dir: Path | None,
    config: RankingConfig | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    max_report_bytes: int = DEFAULT_MAX_BYTES,
) -> ReportIndex:
    """The index for a reports folder: loaded from the cache when current, else built (and cached).

    Files over `max_report_bytes` are skipped (and listed so in `corpus.files`).
    """
    config = config or RankingConfig()
    if cache_dir is None:
        corpus = load_corpus(reports_dir, max_bytes=max_report_bytes)
        return build_index(corpus, config, workers=workers, progress=progress)
    set_segmenter_cache(cache_dir / "jieba")
    key = fingerprint(reports_dir, config, max_report_bytes)
    target = cache_dir / f"index-{key}"
    if target.is_dir():
        try:
            index = load_index(target, config)
        except (IndexCacheError, OSError, ValueError, KeyError) as exc:
            log.warning("cached index in %s is unusable (%s); rebuilding", target, exc)
            shutil.rmtree(target, ignore_errors=True)
        else:
            log.info("loaded cached index %s (%d sentences)", target.name, len(index.sentences))
            return index
    corpus = load_corpus(reports_dir, max_bytes=max_report_bytes)
    index = build_index(corpus, config, workers=workers, progress=progress)
    try:
        save_index(index, target)
        _remove_stale(cache_dir, keep=target)
    except OSError as exc:
        log.warning("could not cache the index in %s (%s); continuing without a cache", cache_dir, exc)
    return index


def save_index(index: ReportIndex, target: Path) -> None:
    """Write the index into `target` atomically (temporary folder, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        save_arrays(staging, index.corpus.sentences.arrays())
        save_arrays(staging, index.columns.arrays())
        for name in FIELD_NAMES:
            folder = staging / name
            folder.mkdir()
            getattr(index.fields, name).save(folder)
        if index.dictionary is not None:
            (staging / DICTIONARY).write_bytes(marshal.dumps(index.dictionary.as_tuple()))
        manifest = {
            "format": FORMAT_VERSION,
            "articles": [_article_record(article) for article in index.articles],
            "sentences": len(index.sentences),
            "files": [_status_record(status) for status in index.corpus.files],
            "config": repr(index.config),
            "complete": True,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


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
    articles = tuple(_article_from_record(record) for record in manifest["articles"])
    sentences = SentenceTable.from_arrays(load_arrays(folder, SENTENCE_ARRAYS))
    if len(sentences) != manifest["sentences"]:
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
    files = tuple(_status_from_record(record) for record in manifest.get("files", []))
    return ReportIndex(Corpus(articles, sentences, files), fields, columns, config, dictionary)


def _load_dictionary(path: Path) -> Dictionary:
    """The corpus slice of jieba's dictionary saved with the index (see qa.text.DictionaryCollector)."""
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
    if len(sentences) and int(np.max(sentences.article)) >= article_count:
        raise IndexCacheError("cached index refers to a missing article")


def _remove_stale(cache_dir: Path, keep: Path) -> None:
    for old in cache_dir.glob("index-*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def _article_record(article: Article) -> dict[str, object]:
    record = asdict(article)
    record["path"] = str(article.path)
    record["script"] = article.script.value
    record["authors"] = list(article.authors)
    record["header_lines"] = [list(pair) for pair in article.header_lines]
    return record


def _article_from_record(record: dict[str, object]) -> Article:
    values = dict(record)
    values["path"] = Path(str(values["path"]))
    values["script"] = Script(values["script"])
    values["authors"] = tuple(values["authors"])  # type: ignore[arg-type]  # JSON list of names
    values["header_lines"] = tuple(tuple(pair) for pair in values["header_lines"])  # type: ignore[attr-defined]
    return Article(**values)  # type: ignore[arg-type]  # fields written by _article_record


def _status_record(status: FileStatus) -> dict[str, object]:
    record = asdict(status)
    record["skipped"] = status.skipped.value if status.skipped is not None else None
    return record


def _status_from_record(record: dict[str, object]) -> FileStatus:
    skipped = record.get("skipped")
    return FileStatus(
        name=str(record["name"]),
        format=str(record["format"]),
        sentences=int(str(record.get("sentences", 0))),
        skipped=SkipReason(skipped) if isinstance(skipped, str) else None,
        message=str(record.get("message", "")),
    )


def describe(index: ReportIndex) -> dict[str, int]:
    """Counts for `qa index --stats`."""
    stats = {"reports": len(index.articles), "sentences": len(index.sentences)}
    for name in FIELD_NAMES:
        field: Bm25Index = getattr(index.fields, name)
        stats[f"{name}.documents"] = field.document_count
        stats[f"{name}.terms"] = len(field.vocabulary)
        stats[f"{name}.postings"] = field.posting_count
    return stats
