"""PDF reports: lines re-joined across line and page breaks, running furniture dropped, skips explained."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from qa.answers.answer import answer
from qa.models import SkipReason
from qa.reports import UnreadableReport
from qa.reports.corpus import load_corpus
from qa.reports.layout import PageLine, drop_running_lines, join_lines
from qa.reports.pdf import read_pdf
from qa.search.index import ReportIndex
from tests.conftest import FORMATS


@pytest.fixture(scope="module")
def report_lines() -> tuple[str, ...]:
    return read_pdf((FORMATS / "report.pdf").read_bytes()).lines


def test_lines_are_rejoined_inside_sentences(report_lines: tuple[str, ...]) -> None:
    # 「…申請1,」 ends one line and 「234件，…」 starts the next.
    assert any("全年共受理法律扶助申請1,234件，較上年增加8.5%" in line for line in report_lines)
    assert any("由律師每週駐點提供免費諮詢" in line for line in report_lines)


def test_a_sentence_goes_on_across_the_page_break(report_lines: tuple[str, ...]) -> None:
    assert any(
        "全年共提供法律諮詢5,678人次，協助民眾釐清法律問題，其中以家事及勞資糾紛最多。" in line for line in report_lines
    )


def test_running_header_footer_and_page_numbers_are_gone(report_lines: tuple[str, ...]) -> None:
    text = "\n".join(report_lines)
    assert "版權所有" not in text
    assert "- 1 -" not in text
    assert "- 2 -" not in text
    # The title stays once: the running header repeats it, in smaller type, on every page.
    assert report_lines.count("新北市法律扶助基金會2023年度工作報告") == 1
    assert not any("工作報告" in line and "\u3000" in line for line in report_lines)


def test_paragraphs_and_headings_stay_apart(report_lines: tuple[str, ...]) -> None:
    assert "一、服務概況" in report_lines
    assert "二、重點專案" in report_lines
    assert "聲請保護令及提起訴訟。" in next(line for line in report_lines if line.startswith("針對家庭暴力被害人"))
    assert next(line for line in report_lines if line.startswith("本會並推動勞工訴訟扶助專案")).endswith(
        "1億2,300萬元。"
    )


def test_title_date_publisher_and_authors(tmp_path: Path) -> None:
    shutil.copy(FORMATS / "report.pdf", tmp_path)
    corpus = load_corpus(tmp_path)
    (article,) = corpus.articles
    assert article.title == "新北市法律扶助基金會2023年度工作報告"
    assert article.date == "2024-03-08"
    assert article.publisher == "新北市法律扶助基金會"
    assert article.authors == ("新北市法律扶助基金會",)  # from the PDF's own metadata
    assert {s.heading for s in corpus.sentences} == {"一、服務概況", "二、重點專案"}


def test_a_question_is_answered_from_the_pdf(formats_index: ReportIndex) -> None:
    best = answer(formats_index, "新北市法律扶助基金會2023年受理多少件法律扶助申請?").items[0]
    assert "1,234件" in best.text
    assert best.article.title == "新北市法律扶助基金會2023年度工作報告"


@pytest.mark.parametrize(
    ("name", "reason", "words"),
    [
        ("scanned.pdf", SkipReason.SCANNED, "OCR it first"),
        ("encrypted.pdf", SkipReason.ENCRYPTED, "password"),
        ("corrupt.pdf", SkipReason.CORRUPT, "not a readable PDF"),
    ],
)
def test_unreadable_pdfs_say_why(name: str, reason: SkipReason, words: str) -> None:
    with pytest.raises(UnreadableReport) as caught:
        read_pdf((FORMATS / name).read_bytes())
    assert caught.value.reason is reason
    assert words in str(caught.value)


def test_a_truncated_download_is_corrupt() -> None:
    data = (FORMATS / "report.pdf").read_bytes()
    with pytest.raises(UnreadableReport) as caught:
        read_pdf(data[: len(data) // 3])
    assert caught.value.reason is SkipReason.CORRUPT


def _line(text: str, top: float, left: float = 50.0, right: float = 300.0, height: float = 10.0) -> PageLine:
    return PageLine(text, left, right, top, height)


def test_running_lines_repeat_at_the_edges_of_most_pages() -> None:
    bodies = [
        ["一、经济运行总体平稳，全市生产总值增长百分之六。", "二、就业形势保持稳定。", "三、物价水平温和上涨。"],
        ["四、固定资产投资稳步增长。", "五、消费市场持续回暖。", "六、对外贸易好于预期。"],
        ["七、财政收支平稳运行。", "八、居民收入持续增加。", "市政府公报"],  # body type: kept
    ]
    pages = [
        [
            _line("市政府公报", 800, height=7),
            *(_line(text, 700 - 20 * row) for row, text in enumerate(body)),
            _line(f"第 {number} 页 共 3 页", 40, height=7),
        ]
        for number, body in enumerate(bodies, start=1)
    ]
    kept = drop_running_lines(pages)
    assert [[line.text for line in page] for page in kept] == bodies


def test_a_lone_page_number_goes_even_on_a_single_page() -> None:
    page = [_line("全市新建公园十二座，新增绿地三百公顷。", 700), _line("- 1 -", 40, height=7)]
    assert [line.text for line in drop_running_lines([page])[0]] == ["全市新建公园十二座，新增绿地三百公顷。"]


def test_a_short_line_or_an_indented_next_line_ends_the_paragraph() -> None:
    page = [
        _line("一、总体情况", 700, right=110),
        _line("全年完成投资1,", 680, left=70),
        _line("234亿元，同比增长。", 665, right=200),
        _line("新的一段从这里开始，", 650, left=70),
        _line("并且在这里结束。", 635, right=150),
        _line("二、下一步工作", 615, right=120),
    ]
    assert join_lines([page]) == [
        "一、总体情况",
        "全年完成投资1,234亿元，同比增长。",
        "新的一段从这里开始，并且在这里结束。",
        "二、下一步工作",
    ]


def test_a_stray_wide_line_does_not_stop_the_joining() -> None:
    lines = [_line(f"第{n}段的第一行文字写满了版心，", 700 - 40 * n) for n in range(10)]
    lines = [
        line
        for pair in ((line, _line("然后在这一行结束。", line.top - 15, right=150)) for line in lines)
        for line in pair
    ]
    lines.append(_line("https://www.example.gov.cn/a/very/long/address/that/runs/past/the/margin", 200, right=420))
    joined = join_lines([lines])
    assert joined[0] == "第0段的第一行文字写满了版心，然后在这一行结束。"
    assert len(joined) == 11


def test_a_scan_with_a_stamped_page_number_is_still_a_scan() -> None:
    pdf = FPDF(format=(148, 210))
    pdf.add_page()
    pdf.image(Image.new("L", (300, 400), 200), x=0, y=0, w=148, h=190)
    pdf.set_font("Helvetica", size=9)
    pdf.text(72, 205, "- 1 -")
    with pytest.raises(UnreadableReport) as caught:
        read_pdf(bytes(pdf.output()))
    assert caught.value.reason is SkipReason.SCANNED


def test_blank_pages_have_no_text() -> None:
    blank = pdfium.PdfDocument.new()
    blank.new_page(420, 595)
    buffer = io.BytesIO()
    blank.save(buffer)
    with pytest.raises(UnreadableReport) as caught:
        read_pdf(buffer.getvalue())
    assert caught.value.reason is SkipReason.NO_TEXT
    assert str(caught.value) == "the PDF has no text"


def test_a_pdf_locked_only_against_editing_is_read() -> None:
    # An owner password alone restricts printing or editing; anyone may open and read the file.
    pdf = FPDF(format=(148, 210))
    pdf.set_encryption(owner_password="owner-only")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 30, "The city opened 12 new parks in 2023.")
    assert read_pdf(bytes(pdf.output())).lines == ("The city opened 12 new parks in 2023.",)


def test_scanned_pages_in_a_pdf_with_text_are_named(tmp_path: Path) -> None:
    pdf = FPDF(format=(148, 210))
    pdf.set_font("Helvetica", size=11)
    for text in ("The city opened twelve new parks in 2023.", None, "Bus ridership grew by a fifth over the year."):
        pdf.add_page()
        if text is None:
            pdf.image(Image.new("L", (300, 400), 200), x=0, y=0, w=148, h=190)
        else:
            pdf.text(20, 30, text)
    (tmp_path / "mixed.pdf").write_bytes(bytes(pdf.output()))
    (status,) = load_corpus(tmp_path).files
    assert status.is_read
    assert status.message == "1 of 3 pages are scanned images without text (pages 2): OCR them"
