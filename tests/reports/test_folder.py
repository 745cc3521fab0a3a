"""Adding a report to the folder and taking one out: checked first, atomic, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.models import SkipReason
from qa.reports import UnreadableReport
from qa.reports.corpus import load_corpus
from qa.reports.folder import REMOVED_FOLDER, DuplicateReport, add_report, remove_report
from tests.conftest import FORMATS


def test_a_readable_report_is_saved_and_then_loaded(tiny_reports: Path) -> None:
    added = add_report(tiny_reports, "legal-aid.pdf", (FORMATS / "report.pdf").read_bytes())
    assert added.path == tiny_reports / "legal-aid.pdf"
    assert (added.article.title, added.sentences) == ("新北市法律扶助基金會2023年度工作報告", 4)
    assert "legal-aid" in [article.id for article in load_corpus(tiny_reports).articles]
    assert sorted(p.name for p in tiny_reports.iterdir() if p.name.startswith(".")) == []


def test_an_existing_name_gets_a_number_and_is_left_alone(tiny_reports: Path) -> None:
    existing = tiny_reports / "harbor.txt"
    before = existing.read_bytes()
    first = add_report(tiny_reports, "harbor.txt", "港口新闻\n全市港口今年新增泊位八个。\n".encode())
    second = add_report(tiny_reports, "harbor.txt", "港口新闻\n全市港口今年新增泊位九个。\n".encode())
    assert (first.path.name, second.path.name) == ("harbor-2.txt", "harbor-3.txt")
    assert existing.read_bytes() == before


def test_the_same_file_twice_is_refused(tiny_reports: Path) -> None:
    data = (FORMATS / "report.pdf").read_bytes()
    add_report(tiny_reports, "report.pdf", data)
    with pytest.raises(DuplicateReport) as caught:
        add_report(tiny_reports, "copy of report.pdf", data)
    assert caught.value.existing == tiny_reports / "report.pdf"


@pytest.mark.parametrize(
    ("name", "reason"),
    [("scan.pdf", SkipReason.SCANNED), ("notes.doc", SkipReason.UNSUPPORTED), ("empty.txt", SkipReason.EMPTY)],
)
def test_what_the_loader_would_skip_never_lands(tiny_reports: Path, name: str, reason: SkipReason) -> None:
    data = {"scan.pdf": (FORMATS / "scanned.pdf").read_bytes(), "notes.doc": b"\xd0\xcf\x11\xe0", "empty.txt": b" \n"}
    before = sorted(tiny_reports.iterdir())
    with pytest.raises(UnreadableReport) as caught:
        add_report(tiny_reports, name, data[name])
    assert caught.value.reason is reason
    assert sorted(tiny_reports.iterdir()) == before


def test_an_upload_over_the_limit_is_refused(tiny_reports: Path) -> None:
    with pytest.raises(UnreadableReport) as caught:
        add_report(tiny_reports, "report.pdf", (FORMATS / "report.pdf").read_bytes(), max_bytes=1000)
    assert caught.value.reason is SkipReason.TOO_LARGE


def test_removed_reports_move_into_a_subfolder_the_loader_ignores(tiny_reports: Path) -> None:
    shutil.copy(tiny_reports / "harbor.txt", tiny_reports / "copy.txt")
    (tiny_reports / REMOVED_FOLDER).mkdir()
    shutil.copy(tiny_reports / "harbor.txt", tiny_reports / REMOVED_FOLDER / "harbor.txt")
    moved = remove_report(tiny_reports, tiny_reports / "harbor.txt")
    assert moved == tiny_reports / REMOVED_FOLDER / "harbor-2.txt"
    assert "harbor" not in [article.id for article in load_corpus(tiny_reports).articles]
