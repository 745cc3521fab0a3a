"""Reader benchmark: pages per second for a 100-page PDF, OFD and Word report, and web pages per second.

The PDF is the two-page fixture (embedded CJK font, running header and footer) repeated to 100
pages with PDFium, the OFD the two-page fixture's pages listed 50 times; the Word report has 100
page breaks, each page a heading, four paragraphs and a four-row table. Medians over --runs of the
whole reader (extraction, furniture, re-joining).

Run: `python -m benchmarks.readers [--runs 5]`.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pypdfium2 as pdfium
from docx.enum.text import WD_BREAK

from qa.reports.document import Document
from qa.reports.ofd import read_ofd
from qa.reports.pdf import read_pdf
from qa.reports.web import read_web_page
from qa.reports.word import read_word

PAGES = 100
FORMATS = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"


def hundred_page_pdf() -> bytes:
    """The fixture report repeated to PAGES pages."""
    source = pdfium.PdfDocument(FORMATS / "report.pdf")
    target = pdfium.PdfDocument.new()
    while len(target) < PAGES:
        target.import_pages(source)
    buffer = io.BytesIO()
    target.save(buffer)
    return buffer.getvalue()


def hundred_page_ofd() -> bytes:
    """The OFD fixture with its page list repeated to PAGES pages."""
    target = io.BytesIO()
    with zipfile.ZipFile(FORMATS / "report.ofd") as source, zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("Document.xml"):
                pages = re.findall(rb"<ofd:Page [^>]*/>", data)
                repeated = b"".join(pages * (PAGES // len(pages)))
                data = re.sub(rb"<ofd:Pages>.*</ofd:Pages>", b"<ofd:Pages>" + repeated + b"</ofd:Pages>", data)
            archive.writestr(item, data)
    return target.getvalue()


def hundred_page_docx() -> bytes:
    """A Word report of PAGES pages: heading, four paragraphs and a table on each."""
    document = docx.Document()
    for page in range(1, PAGES + 1):
        document.add_heading(f"第{page}部分 重点工作进展", level=1)
        for number in range(4):
            document.add_paragraph(
                f"第{page}部分第{number + 1}段：全年共完成投资{page * 13 + number}亿元，同比增长{number + 3}.5%，"
                "重点项目建设有序推进，民生保障水平持续提升，各项工作取得新进展，为下一阶段发展奠定了坚实基础。"
            )
        table = document.add_table(rows=4, cols=3)
        for row, values in enumerate(
            [
                ["指标", "2022年", "2023年"],
                ["投资", "12亿元", "15亿元"],
                ["项目", "8个", "11个"],
                ["就业", "1,200人", "1,450人"],
            ]
        ):
            for column, value in enumerate(values):
                table.cell(row, column).text = value
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(read: Callable[[bytes], Document], data: bytes, runs: int) -> tuple[float, int]:
    """Median seconds of one read, and how many lines it gave."""
    seconds = []
    lines = 0
    for _ in range(runs):
        started = time.perf_counter()
        lines = len(read(data).lines)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print pages (or files) per second for each reader."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args(argv).runs
    cases = [
        ("pdf (pypdfium2)", read_pdf, hundred_page_pdf(), PAGES, "pages"),
        ("ofd (zipfile + lxml)", read_ofd, hundred_page_ofd(), PAGES, "pages"),
        ("docx (python-docx)", read_word, hundred_page_docx(), PAGES, "pages"),
        ("html (trafilatura), UTF-8", read_web_page, (FORMATS / "news-utf8.html").read_bytes(), 1, "pages"),
        ("html (trafilatura), GBK", read_web_page, (FORMATS / "news-gbk.html").read_bytes(), 1, "pages"),
    ]
    print(f"{'reader':28} {'median s':>9} {'per second':>12} {'lines':>7}")
    for name, read, data, units, unit in cases:
        seconds, lines = measure(read, data, runs)
        print(f"{name:28} {seconds:9.4f} {units / seconds:8.0f} {unit:>3} {lines:7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
