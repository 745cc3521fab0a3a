"""Header lines: which lines carry metadata, the values read from them, and the line kept as each value's source."""

from __future__ import annotations

import pytest

from qa.reports.metadata import (
    Metadata,
    find_date,
    is_metadata_line,
    labelled_fields,
    read_byline,
    read_metadata_line,
    split_names,
)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2026-03-18", "2026-03-18"),
        ("发布时间：2026年3月8日 10:20", "2026-03-08"),
        ("2026/3/18 来源:钱江晚报", "2026-03-18"),
        ("2026.12.01", "2026-12-01"),
        ("编号 2026-13-40，不是日期", None),
        ("共12026-03-18件", None),  # a longer number is no year
    ],
)
def test_dates_are_read_in_the_forms_pages_write_them(text: str, date: str | None) -> None:
    assert find_date(text) == date


@pytest.mark.parametrize(
    "line",
    [
        "2026-03-18 来源:钱江晚报 作者:王晓明 编辑:李娜",
        "2026年3月18日 来源：钱江晚报",
        "【来源：新华社】",
        "時間:2026-03-18 來源:香港商報網 作者:李繼遠",
        "发布时间：2026-03-18 10:20:00",
        "[2026-03-18] | 来源：人民网",
        "2026-03-18 08:30",
    ],
)
def test_header_forms_are_metadata_lines(line: str) -> None:
    assert is_metadata_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "记者从省公安厅获悉，全省共破获案件120起。",  # prose that opens with a role word
        "本文：关于开展扫黑除恶专项斗争的通知",  # 「文:」 counts only standing alone
        "一、工作成效",
        "来源" * 100 + ":太长",
    ],
)
def test_prose_and_headings_are_not_metadata_lines(line: str) -> None:
    assert not is_metadata_line(line)


def test_labelled_fields_map_keys_longest_first() -> None:
    fields = labelled_fields("責任編輯：趙書琪 來源：香港商報網")
    assert fields == [("editor", "趙書琪"), ("publisher", "香港商報網")]


def test_a_date_first_line_fills_every_field_and_keeps_itself_as_their_source() -> None:
    line = "2026-03-18 来源:钱江晚报 作者:王晓明、李娜 编辑:张三"
    metadata = Metadata()
    read_metadata_line(line, metadata)
    assert (metadata.date, metadata.publisher, metadata.authors, metadata.editor) == (
        "2026-03-18",
        "钱江晚报",
        ["王晓明", "李娜"],
        "张三",
    )
    assert metadata.lines == dict.fromkeys(("date", "publisher", "authors", "editor"), line)


def test_later_lines_only_fill_what_earlier_ones_left_empty() -> None:
    metadata = Metadata()
    read_metadata_line("来源：新华社", metadata)
    read_metadata_line("发布时间：2026-03-18 来源：人民网 编辑：李娜", metadata)
    assert (metadata.publisher, metadata.date, metadata.editor) == ("新华社", "2026-03-18", "李娜")
    assert metadata.lines["publisher"] == "来源：新华社"
    assert metadata.lines["date"] == "发布时间：2026-03-18 来源：人民网 编辑：李娜"


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("（记者 张晓磊）", ["张晓磊"]),
        ("(記者 張曉磊 通訊員 李四)", ["張曉磊", "李四"]),
        ("（通讯员 王五）", ["王五"]),
        ("记者 张晓磊", ["张晓磊"]),  # a line of its own that opens with the role and a space
        ("記者 陳大文 香港報道", ["陳大文"]),
        ("〔記者林志明／台北報導〕", ["林志明"]),
    ],
)
def test_closing_bylines_give_authors(line: str, authors: list[str]) -> None:
    metadata = Metadata()
    assert read_byline(line, metadata)
    assert metadata.authors == authors
    assert metadata.lines["authors"] == line


@pytest.mark.parametrize(
    "line", ["(完)", "（图片来源：网络）", "（本报讯）", "（新华社）", "记者走进社区", "記者節活動回顧"]
)
def test_lines_that_are_not_bylines_give_no_authors(line: str) -> None:
    metadata = Metadata()
    assert not read_byline(line, metadata)
    assert metadata.authors == []


def test_names_split_on_spaces_and_enumeration_marks() -> None:
    assert split_names("李繼遠 高寒、廖敬生/John Smith") == ["李繼遠", "高寒", "廖敬生", "John", "Smith"]
