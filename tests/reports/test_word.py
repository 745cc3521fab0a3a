"""Word reports: paragraphs in order, heading styles as section headings, tables as row sentences."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from qa.answers.answer import answer
from qa.models import SkipReason
from qa.reports import UnreadableReport
from qa.reports.corpus import load_corpus
from qa.reports.word import read_word
from qa.search.index import ReportIndex
from tests.conftest import FORMATS


def test_paragraphs_headings_and_table_rows_come_in_document_order() -> None:
    document = read_word((FORMATS / "report.docx").read_bytes())
    assert document.lines[:3] == (
        "浦江区人民检察院2023年工作报告",
        "2023年，浦江区人民检察院在区委和上级检察院的坚强领导下，依法履行法律监督职责，各项检察工作取得新进展。",
        "一、依法履行刑事检察职责",
    )
    rows = document.lines.index("受理案件数：2022年 5,310件，2023年 5,872件。")
    assert document.lines[rows - 1] == "（一）主要办案数据"
    assert document.lines[rows + 2] == "办理公益诉讼案件：2022年 96件，2023年 127件。"
    assert document.headings == {"一、依法履行刑事检察职责", "（一）主要办案数据", "二、加强公益诉讼检察"}


def test_core_properties_fill_the_header(tmp_path: Path) -> None:
    shutil.copy(FORMATS / "report.docx", tmp_path)
    corpus = load_corpus(tmp_path)
    (article,) = corpus.articles
    assert article.title == "浦江区人民检察院2023年工作报告"
    assert article.date == "2024-01-10"
    assert article.authors == ("浦江区人民检察院办公室",)
    headings = {s.text: s.heading for s in corpus.sentences}
    assert headings["受理案件数：2022年 5,310件，2023年 5,872件。"] == "（一）主要办案数据"


def test_a_table_row_answers_a_question(formats_index: ReportIndex) -> None:
    best = answer(formats_index, "浦江区检察院2023年受理案件数是多少?").items[0]
    assert best.text == "受理案件数：2022年 5,310件，2023年 5,872件。"
    assert best.heading == "（一）主要办案数据"


def test_the_date_in_the_text_wins_over_the_file_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("全市秋粮收购工作进展顺利")
    document.add_paragraph("发布时间：2023-11-02 来源：市粮食局")
    document.add_paragraph("截至10月底，全市累计收购秋粮46.3万吨，同比增加3.1万吨。")
    document.core_properties.created = dt.datetime(2020, 1, 1, 8, 0)
    document.core_properties.author = "Administrator"
    document.save(str(tmp_path / "grain.docx"))
    (article,) = load_corpus(tmp_path).articles
    assert (article.title, article.date, article.publisher) == ("全市秋粮收购工作进展顺利", "2023-11-02", "市粮食局")
    assert article.authors == ()  # 「Administrator」 is Word's placeholder, not a by-line


def test_merged_cells_count_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    values = [["项目", "金额", ""], ["道路改造", "3.2亿元", ""], ["学校新建", "1.8亿元", ""]]
    for row, texts in zip(table.rows, values, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    for row in table.rows:
        row.cells[1].merge(row.cells[2])
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_word(buffer.getvalue()).lines == ("道路改造：金额 3.2亿元。", "学校新建：金额 1.8亿元。")


def test_broken_and_locked_word_files_say_why() -> None:
    with pytest.raises(UnreadableReport) as corrupt:
        read_word(b"PK\x03\x04 this zip ends here")
    assert corrupt.value.reason is SkipReason.CORRUPT
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(UnreadableReport) as not_word:
        read_word(buffer.getvalue())
    assert not_word.value.reason is SkipReason.CORRUPT
    # Word saves a password-protected .docx as an OLE container holding an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    with pytest.raises(UnreadableReport) as locked:
        read_word(ole)
    assert locked.value.reason is SkipReason.ENCRYPTED
    assert "password" in str(locked.value)
