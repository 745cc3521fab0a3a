"""The persisted index: reused when current, rebuilt when reports change or the cache is damaged."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from qa.answers.answer import answer
from qa.search import store
from qa.search.index import RankingConfig
from qa.search.store import FileTable, open_index, still_current
from qa.table import ArticleTable


def _index_dirs(cache: Path) -> list[Path]:
    return sorted(cache.glob("index-*"))


def test_cache_is_written_then_reused(tiny_reports: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "cache"
    first = open_index(tiny_reports, cache)
    assert len(_index_dirs(cache)) == 1
    with caplog.at_level(logging.INFO):
        second = open_index(tiny_reports, cache)
    assert "loaded cached index" in caplog.text
    question = "港口货物吞吐量达到多少?"
    assert answer(first, question).items[0].text == answer(second, question).items[0].text
    assert [a.title for a in first.articles] == [a.title for a in second.articles]
    assert not list(cache.glob(".tmp-*"))


def test_adding_changing_or_removing_a_report_rebuilds(tiny_reports: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_index(tiny_reports, cache)
    (tiny_reports / "extra.txt").write_text("新消息\n全市新增绿道80公里。\n", encoding="utf-8")
    assert "80公里" in answer(open_index(tiny_reports, cache), "全市新增绿道多少公里?").items[0].text
    (tiny_reports / "extra.txt").write_text("新消息\n全市新增绿道95公里。\n", encoding="utf-8")
    assert "95公里" in answer(open_index(tiny_reports, cache), "全市新增绿道多少公里?").items[0].text
    (tiny_reports / "extra.txt").unlink()
    assert not answer(open_index(tiny_reports, cache), "全市新增绿道多少公里?").found
    assert len(_index_dirs(cache)) == 1  # stale versions are removed


def test_corrupt_cache_is_rebuilt_with_a_warning(
    tiny_reports: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    open_index(tiny_reports, cache)
    (folder,) = _index_dirs(cache)
    np.save(folder / "sentence_words" / "offsets.npy", np.zeros(3, dtype=np.int64))
    (folder / "sentence_article.npy").write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING):
        index = open_index(tiny_reports, cache)
    assert "unusable" in caplog.text
    assert answer(index, "港口货物吞吐量达到多少?").found


def test_half_written_cache_without_manifest_is_not_served(
    tiny_reports: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    open_index(tiny_reports, cache)
    (folder,) = _index_dirs(cache)
    (folder / "manifest.json").unlink()
    with caplog.at_level(logging.WARNING):
        index = open_index(tiny_reports, cache)
    assert "unusable" in caplog.text
    assert answer(index, "港口货物吞吐量达到多少?").found


def test_a_warm_process_answers_exactly_like_a_cold_one(tmp_path: Path) -> None:
    """The warm path segments questions with the corpus slice of jieba's dictionary: same answers."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import SEEDS

    questions = [
        "黑龙江全省政法机关一共推出了多少项为民服务举措?",
        "全省政法機關致力打造什麼服務圈?",
        "梧州全市法院的当场立案率是多少?",
        "“三官一律”指的是哪几种人?",
        "谁被评为全国扫黑除恶专项斗争先进集体?",
        "北京到上海的高铁票多少钱?",
        "今天天气怎么样?",
        "郝伟夫担任什么职务?",
        "上海检察机关办结了多少件公益诉讼案件?",
    ]
    env = {**os.environ, "QA_CACHE_DIR": str(tmp_path / "cache"), "QA_REPORTS_DIR": str(SEEDS)}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "qa", "ask", "--json", "-k", "3"],
            input="\n".join(questions),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert (tmp_path / "cache").is_dir()
    assert runs[0] == runs[1]
    shanghai = json.loads(runs[1].splitlines()[-1])
    # No report covers Shanghai: refused (qa.answers.refusal), and the reply names the missing place.
    assert "“上海”" in shanghai["notice"]
    assert "少件" not in shanghai["notice"]


def test_parallel_analysis_equals_serial() -> None:
    from qa.search.index import PARALLEL_MIN_SENTENCES, analyze_texts
    from qa.search.text import analyze
    from qa.table import StringTable

    texts = StringTable.from_strings(
        [f"第{i}条：梧州全市法院當場立案率{i % 97}.64%。" for i in range(PARALLEL_MIN_SENTENCES + 2_345)]
    )
    assert list(analyze_texts(texts, workers=2)) == [analyze(text) for text in texts]


def _age(folder: Path, seconds: float) -> None:
    """Set every report's modification time `seconds` into the past (older than the racy window)."""
    past = time.time_ns() - int(seconds * 1e9)
    for path in folder.iterdir():
        os.utime(path, ns=(past, past))


def test_a_start_reads_no_report_whose_size_and_time_are_unchanged(tiny_reports: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _age(tiny_reports, 60)
    open_index(tiny_reports, cache)
    harbor = tiny_reports / "harbor.txt"
    stat = harbor.stat()
    text = harbor.read_text(encoding="utf-8")
    swapped = text.replace("吞吐量", "吐吞量")  # same size, other bytes, then the old time put back
    assert len(swapped.encode()) == stat.st_size
    assert swapped != text
    harbor.write_text(swapped, encoding="utf-8")
    os.utime(harbor, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    kept = open_index(tiny_reports, cache)
    assert any("吞吐量" in kept.columns.normalized[i] for i in range(len(kept.sentences)))


def test_an_index_built_by_other_index_code_is_not_current(
    tiny_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An upgrade that reads reports differently (a by-line rule, a cleaning rule) must rebuild,
    # whether or not FORMAT_VERSION was bumped: the sources' digest is part of the key.
    cache = tmp_path / "cache"
    open_index(tiny_reports, cache)
    (old,) = _index_dirs(cache)
    assert still_current(tiny_reports, old, RankingConfig())
    monkeypatch.setattr(store, "_code_digest", lambda: b"the next release")
    assert not still_current(tiny_reports, old, RankingConfig())
    open_index(tiny_reports, cache)
    (new,) = _index_dirs(cache)
    assert new != old  # rebuilt under a new key, the old one removed


def test_a_touched_report_with_the_same_bytes_is_rehashed_once_not_rebuilt(tiny_reports: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _age(tiny_reports, 60)
    open_index(tiny_reports, cache)
    (folder,) = _index_dirs(cache)
    built_at = (folder / "sentence_article.npy").stat().st_mtime_ns
    _age(tiny_reports, 30)  # touched: new times, same bytes
    assert still_current(tiny_reports, folder, RankingConfig())
    saved = FileTable.load(folder / "files", 0)
    assert list(saved.mtimes) == [p.stat().st_mtime_ns for p in sorted(tiny_reports.iterdir())]
    open_index(tiny_reports, cache)
    assert _index_dirs(cache) == [folder]
    assert (folder / "sentence_article.npy").stat().st_mtime_ns == built_at


def test_articles_load_lazily_and_equal_the_built_ones(tiny_reports: Path, tmp_path: Path) -> None:
    built = open_index(tiny_reports, tmp_path / "cache")
    loaded = open_index(tiny_reports, tmp_path / "cache")
    assert isinstance(loaded.articles, ArticleTable)
    assert list(loaded.articles) == list(built.articles)
    assert loaded.header_texts == built.header_texts
    assert ArticleTable.from_articles(built.articles)[-1] == built.articles[-1]


class _Seen(logging.Handler):
    """Sets an event when a record containing `text` is logged."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.event = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


def test_a_build_waits_for_the_build_holding_the_cache(tiny_reports: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    seen = _Seen("another build is using")
    logger = logging.getLogger("qa.search.store")
    logger.addHandler(seen)
    built: list[object] = []
    try:
        with (cache / store.BUILD_LOCK).open("a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
            waiting = threading.Thread(target=lambda: built.append(open_index(tiny_reports, cache)))
            waiting.start()
            assert seen.event.wait(60)
            assert waiting.is_alive()
            assert not _index_dirs(cache)  # nothing written while the other holds the cache
        waiting.join()
    finally:
        logger.removeHandler(seen)
    assert built
    assert len(_index_dirs(cache)) == 1


def test_a_build_after_an_addition_hashes_only_the_new_file(
    tiny_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    past = time.time() - 100  # older than the racy window: sizes and times are trusted
    for path in tiny_reports.iterdir():
        os.utime(path, (past, past))
    cache = tmp_path / "cache"
    open_index(tiny_reports, cache)
    (tiny_reports / "extra.txt").write_text("新消息\n全市新增绿道80公里。\n", encoding="utf-8")
    hashed: list[str] = []
    digest = store._digest

    def counted(path: Path) -> bytes:
        hashed.append(path.name)
        return digest(path)

    monkeypatch.setattr(store, "_digest", counted)
    index = open_index(tiny_reports, cache)
    assert hashed == ["extra.txt"]
    assert any(article.id == "extra" for article in index.articles)
