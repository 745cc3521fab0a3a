"""Tables as sentences: each row with its header."""

from __future__ import annotations

from qa.reports.tables import table_sentences


def test_each_row_is_paired_with_the_header() -> None:
    rows = [["指标", "2022年", "2023年"], ["受理案件数", "5,310件", "5,872件"], ["结案率", "95.2%", ""]]
    assert table_sentences(rows) == ["受理案件数：2022年 5,310件，2023年 5,872件。", "结案率：2022年 95.2%。"]


def test_blank_rows_and_cells_are_left_out() -> None:
    assert table_sentences([["", ""], ["  ", "\n"]]) == []
    assert table_sentences([["项目", "金额"], ["", ""], ["道路", "3亿元"]]) == ["道路：金额 3亿元。"]


def test_a_one_column_table_gives_its_rows_and_a_one_row_table_its_cells() -> None:
    assert table_sentences([["第一段文字。"], ["第二段文字。"]]) == ["第一段文字。", "第二段文字。"]
    assert table_sentences([["主办单位", "市政府办公室"]]) == ["主办单位，市政府办公室。"]
