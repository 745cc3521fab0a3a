"""Why the PDF reader uses pypdfium2: its text against pdfminer.six's, on CJK PDFs, and their speed.

Three PDFs: the fixture tests/data/formats/report.pdf (an embedded CJK subset), and its lines set
in the two standard non-embedded CID fonts (STSong-Light, Adobe-GB1, in simplified characters;
MSung-Light, Adobe-CNS1, in traditional) written by reportlab. Accuracy is the share of characters
extracted right (in any order, whitespace ignored); speed is extraction of the fixture repeated to
100 pages. Text extraction only: no furniture removal or line joining.

Needs the comparison libraries, which the project does not depend on:
`pip install pdfminer.six reportlab`, then `python -m benchmarks.pdf_extractors`.
"""

from __future__ import annotations

import importlib.util
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from opencc import OpenCC

from benchmarks.readers import FORMATS, hundred_page_pdf
from tests.data.formats.make_fixtures import PDF_FOOTER, PDF_HEADER, PDF_PAGES

_SPACE_RE = re.compile(r"\s")


def pdfium_text(path: Path) -> str:
    """Every page's text by PDFium."""
    pdf = pdfium.PdfDocument(path)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def similarity(got: str, expected: str) -> float:
    """Characters right, in any order (the extractors order a page's furniture differently), over the longer text."""
    have = Counter(_SPACE_RE.sub("", got))
    want = Counter(_SPACE_RE.sub("", expected))
    return sum((have & want).values()) / max(sum(have.values()), sum(want.values()), 1)


def main() -> int:
    """Print accuracy and speed of both extractors."""
    if importlib.util.find_spec("pdfminer") is None or importlib.util.find_spec("reportlab") is None:
        print("needs the comparison libraries: pip install pdfminer.six reportlab")
        return 1
    from pdfminer.high_level import extract_text  # type: ignore[import-not-found, unused-ignore]
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped, unused-ignore]
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped, unused-ignore]

    lines = [line for page in PDF_PAGES for _, block in page for line in block]
    # What the fixture prints: each page's running header, footer and number, then its text.
    printed = [PDF_HEADER, PDF_FOOTER, "- 1 -", "- 2 -", PDF_HEADER, PDF_FOOTER, *lines]
    folder = Path(tempfile.mkdtemp())
    cases: list[tuple[str, Path, str]] = [
        ("embedded subset (fixture)", FORMATS / "report.pdf", "".join(printed)),
    ]
    for font, text in (("STSong-Light", [OpenCC("t2s").convert(line) for line in lines]), ("MSung-Light", lines)):
        pdfmetrics.registerFont(UnicodeCIDFont(font))
        path = folder / f"{font}.pdf"
        page = canvas.Canvas(str(path))
        for row, line in enumerate(text):
            page.setFont(font, 11)
            page.drawString(40, 800 - 18 * row, line)
        page.save()
        cases.append((f"non-embedded CID {font}", path, "".join(text)))
    extractors: dict[str, Callable[[Path], str]] = {"pypdfium2": pdfium_text, "pdfminer.six": extract_text}
    for case, path, expected in cases:
        scores = "  ".join(f"{name} {similarity(read(path), expected):.4f}" for name, read in extractors.items())
        print(f"{case:34} {scores}")
    big = folder / "100-pages.pdf"
    big.write_bytes(hundred_page_pdf())
    for name, read in extractors.items():
        started = time.perf_counter()
        read(big)
        print(f"{name:14} 100 pages in {time.perf_counter() - started:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
