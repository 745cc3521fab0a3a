"""OFD reports (GB/T 33190): lines re-joined across line and page breaks, running furniture dropped, skips explained."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from qa.answers.answer import answer
from qa.models import SkipReason
from qa.reports import UnreadableReport, read_report_bytes
from qa.reports.corpus import load_corpus
from qa.reports.ofd import read_ofd
from qa.search.index import ReportIndex
from tests.conftest import FORMATS

REPORT = FORMATS / "report.ofd"  # written by make_fixtures.py


@pytest.fixture(scope="module")
def report_lines() -> tuple[str, ...]:
    return read_ofd(REPORT.read_bytes()).lines


def test_lines_are_rejoined_inside_sentences(report_lines: tuple[str, ...]) -> None:
    assert (
        "2024年，全市城乡居民人均可支配收入达到41,286元，比上年增长6.1%，其中城镇居民人均可支配收入"
        "52,904元，增长5.3%；农村居民人均可支配收入27,615元，增长7.2%。"
    ) in report_lines


def test_glyph_runs_on_one_baseline_are_one_line(report_lines: tuple[str, ...]) -> None:
    # this paragraph is written four glyphs to a TextObject, as converters from PDF write them
    assert "全年新增城镇就业3.2万人，城镇调查失业率平均为5.1%，居民人均工资性收入增长5.8%。" in report_lines


def test_a_sentence_goes_on_across_the_page_break(report_lines: tuple[str, ...]) -> None:
    assert any(
        line.startswith("全市新培育家庭农场486家") and line.endswith("贡献率达到37.6%。") for line in report_lines
    )


def test_running_header_and_page_numbers_are_gone(report_lines: tuple[str, ...]) -> None:
    text = "\n".join(report_lines)
    assert "公报" not in text
    assert "— 1 —" not in text
    assert "— 2 —" not in text


def test_the_header_comes_from_the_text_then_the_doc_info(tmp_path: Path) -> None:
    shutil.copy(REPORT, tmp_path)
    corpus = load_corpus(tmp_path)
    (article,) = corpus.articles
    assert article.title == "临江市人民政府关于2024年度城乡居民增收情况的报告"
    assert (article.publisher, article.date) == ("临江市人民政府", "2025-01-15")  # the signature, not DocInfo
    assert article.authors == ()  # DocInfo's author is the office that exported it: no by-line
    texts = [sentence.text for sentence in corpus.sentences]
    assert texts[0].startswith("2024年，全市城乡居民人均可支配收入")  # no number line, no addressee
    assert {s.heading for s in corpus.sentences} == {
        None,
        "一、工资性收入稳步增加",
        "二、经营净收入较快增长",
        "三、下一步工作",
    }


def test_the_doc_info_fills_what_the_text_does_not_say() -> None:
    info = read_ofd(REPORT.read_bytes()).info
    assert (info.title, info.date, info.publisher) == (
        "临江市人民政府关于2024年度城乡居民增收情况的报告",
        "2025-01-16",
        "临江市人民政府办公室",
    )


def test_a_question_is_answered_from_the_ofd(formats_index: ReportIndex) -> None:
    best = answer(formats_index, "临江市农村居民人均可支配收入是多少?").items[0]
    assert "27,615元" in best.text
    assert best.article.title == "临江市人民政府关于2024年度城乡居民增收情况的报告"


def _rezipped(drop: str = "", add: tuple[str, bytes] | None = None) -> bytes:
    """The fixture with one member left out or one added."""
    target = io.BytesIO()
    with zipfile.ZipFile(REPORT) as source, zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            if item.filename != drop:
                archive.writestr(item, source.read(item))
        if add is not None:
            archive.writestr(*add)
    return target.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (REPORT.read_bytes()[:600], SkipReason.CORRUPT),
        (b"PK\x03\x04 not really a zip", SkipReason.CORRUPT),
        (_rezipped(drop="Doc_0/Pages/Page_1/Content.xml"), SkipReason.CORRUPT),
        (_rezipped(add=("Doc_0/Encryptions.xml", b"<Encryptions/>")), SkipReason.ENCRYPTED),
    ],
)
def test_unreadable_ofd_files_say_why(data: bytes, reason: SkipReason) -> None:
    with pytest.raises(UnreadableReport) as caught:
        read_report_bytes("report.ofd", data)
    assert caught.value.reason is reason


def test_text_scaled_by_its_ctm_is_placed_and_turned_text_is_left_out(report_lines: tuple[str, ...]) -> None:
    # the signature is written in points under a CTM; the seal's name, turned round its circle, is no line
    assert report_lines[-2:] == ("临江市人民政府", "2025年1月15日")
    assert report_lines.count("临江市人民政府") == 1
