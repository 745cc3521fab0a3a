"""Every file's status: read (format, sentences) or skipped with a reason, in the corpus, the CLI and the cache."""

from __future__ import annotations

import io
import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.cli import main
from qa.errors import CorpusError
from qa.models import SkipReason
from qa.reports.corpus import load_corpus
from qa.search.index import RankingConfig
from qa.search.store import fingerprint, open_index
from tests.conftest import FORMATS

EXPECTED = {
    "corrupt.pdf": SkipReason.CORRUPT,
    "empty.docx": SkipReason.EMPTY,
    "encrypted.pdf": SkipReason.ENCRYPTED,
    "huge.txt": SkipReason.TOO_LARGE,
    "minutes.doc": SkipReason.UNSUPPORTED,
    "news-gbk.html": None,
    "news-utf8.html": None,
    "report.docx": None,
    "report.ofd": None,
    "report.pdf": None,
    "scanned.pdf": SkipReason.SCANNED,
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every fixture format, plus an empty, an over-size and an unsupported file, and Word's lock file."""
    target = tmp_path / "reports"
    shutil.copytree(FORMATS, target, ignore=shutil.ignore_patterns("*.py"))
    (target / "empty.docx").write_bytes(b"")
    (target / "huge.txt").write_text("全市新建公园十二座。\n" * 120_000, encoding="utf-8")
    (target / "minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    (target / "~$report.docx").write_bytes(b"lock")
    (target / "removed").mkdir()
    return target


MAX_BYTES = 1024 * 1024


def test_every_file_has_a_status(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder, max_bytes=MAX_BYTES)
    assert {status.name: status.skipped for status in corpus.files} == EXPECTED
    read = {status.name: (status.format, status.sentences) for status in corpus.files if status.is_read}
    assert read == {
        "news-gbk.html": ("html", 4),
        "news-utf8.html": ("html", 6),
        "report.docx": ("docx", 7),
        "report.ofd": ("ofd", 5),
        "report.pdf": ("pdf", 4),
    }
    for name, reason in EXPECTED.items():
        if reason is not None:
            assert f"skipping {name}: " in caplog.text
    huge = next(status for status in corpus.files if status.name == "huge.txt")
    assert "over the 1 MB limit (QA_MAX_REPORT_MB)" in huge.message


def test_same_names_in_two_formats_stay_two_reports(folder: Path) -> None:
    corpus = load_corpus(folder, max_bytes=MAX_BYTES)
    assert sorted(a.id for a in corpus.articles) == ["news-gbk", "news-utf8", "report", "report.ofd", "report.pdf"]


def test_a_folder_of_nothing_readable_names_each_file(tmp_path: Path) -> None:
    shutil.copy(FORMATS / "scanned.pdf", tmp_path)
    (tmp_path / "blank.txt").write_text("   \n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path)
    assert "scanned.pdf: a scanned image with no text layer" in str(caught.value)
    assert "blank.txt: the file is empty" in str(caught.value)


def test_statuses_survive_the_cache(folder: Path, tmp_path: Path) -> None:
    built = open_index(folder, tmp_path / "cache", max_report_bytes=MAX_BYTES)
    loaded = open_index(folder, tmp_path / "cache", max_report_bytes=MAX_BYTES)
    assert loaded.corpus.files == built.corpus.files
    assert len(built.corpus.files) == len(EXPECTED)


def test_new_formats_and_the_size_limit_change_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("全市新建公园十二座。\n", encoding="utf-8")
    config = RankingConfig()
    before = fingerprint(tmp_path, config)
    assert fingerprint(tmp_path, config, max_report_bytes=10) != before
    shutil.copy(FORMATS / "report.pdf", tmp_path)
    assert fingerprint(tmp_path, config) != before


def _run(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(args, out=out), out.getvalue()


@pytest.fixture
def cli_env(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("QA_REPORTS_DIR", str(folder))
    monkeypatch.setenv("QA_MAX_REPORT_MB", "1")
    return folder


@pytest.mark.usefixtures("cli_env")
def test_qa_index_lists_the_files_skipped_and_the_totals(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _run(["index"])
    assert code == 0
    lines = output.splitlines()
    assert not any(line.startswith("read ") and ";" not in line for line in lines)  # clean reads are only counted
    assert "skipped  pdf   scanned.pdf  a scanned image with no text layer: OCR it first (e.g. ocrmypdf)" in lines
    assert "skipped  doc   minutes.doc  an old Word file (.doc): save it as .docx" in lines
    assert lines[-1] == "5 of 11 files read (26 sentences), 6 skipped"
    assert "Traceback" not in capsys.readouterr().err
    assert _run(["index"])[1] == output  # the same from the cache


@pytest.mark.usefixtures("cli_env")
def test_qa_index_files_lists_every_file() -> None:
    lines = _run(["index", "--files"])[1].splitlines()
    assert "read     pdf   report.pdf  4 sentences" in lines
    assert "skipped  pdf   scanned.pdf  a scanned image with no text layer: OCR it first (e.g. ocrmypdf)" in lines
    assert len(lines) == 12  # eleven files and the totals


@pytest.mark.usefixtures("cli_env")
def test_qa_sources_json_reports_each_file() -> None:
    code, output = _run(["sources", "--json"])
    assert code == 0
    records = {record["file"]: record for record in json.loads(output)}
    assert set(records) == set(EXPECTED)
    assert records["report.pdf"]["status"] == "read"
    assert records["report.pdf"]["format"] == "pdf"
    assert records["report.pdf"]["sentences"] == 4
    assert records["report.pdf"]["title"] == "新北市法律扶助基金會2023年度工作報告"
    assert records["encrypted.pdf"]["status"] == "skipped"
    assert records["encrypted.pdf"]["reason"] == "encrypted"
    assert "password" in records["encrypted.pdf"]["message"]


@pytest.mark.parametrize("suffix", [".html", ".mhtml", ".docx", ".pdf", ".ofd", ".txt"])
def test_broken_bytes_in_any_format_are_skipped_never_raised(tmp_path: Path, suffix: str) -> None:
    random = np.random.default_rng(11)
    samples = {
        "noise": random.integers(0, 256, 4096, dtype=np.uint8).tobytes(),
        "zeros": bytes(2048),
        "half-docx": (FORMATS / "report.docx").read_bytes()[:20_000],
        "half-pdf": (FORMATS / "report.pdf").read_bytes()[:15_000],
        "half-ofd": (FORMATS / "report.ofd").read_bytes()[:1_500],
        "half-page": (FORMATS / "news-gbk.html").read_bytes()[:700],
    }
    for name, data in samples.items():
        (tmp_path / f"{name}{suffix}").write_bytes(data)
    (tmp_path / "good.txt").write_text("好消息\n全市新建公园12座。\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles if a.id == "good"] == ["good"]
    for status in corpus.files:
        assert status.is_read or status.message, status
