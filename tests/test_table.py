"""Column storage: strings, sentences and article records survive packing, saving and memory-mapped loading."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.models import Article, Script, Sentence
from qa.table import (
    ArticleTable,
    ColumnReader,
    SentenceColumns,
    SentenceTable,
    StringTable,
    load_arrays,
    map_npy,
    release_pages,
    save_arrays,
    title_keys,
)

STRINGS = ["梧州市公安局", "", "Hong Kong 香港商报网", "𠀀 outside the BMP", "（完）"]


def _saved_and_mapped(tmp_path: Path, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    save_arrays(tmp_path, arrays)
    return load_arrays(tmp_path, arrays)


def test_string_table_keeps_every_string_and_slice() -> None:
    table = StringTable.from_strings(STRINGS)
    assert len(table) == len(STRINGS)
    assert list(table) == STRINGS
    assert table[-1] == "（完）"
    assert table[1:3] == STRINGS[1:3]
    assert table.holds(STRINGS)
    assert not table.holds([*STRINGS[:-1], "（完)"])  # same count, other bytes
    assert not table.holds(STRINGS[:-1])


def test_string_table_reads_the_same_from_memory_maps(tmp_path: Path) -> None:
    mapped = _saved_and_mapped(tmp_path, StringTable.from_strings(STRINGS).arrays("names"))
    assert all(isinstance(values, np.memmap) for values in mapped.values())
    assert list(StringTable.from_arrays(mapped, "names")) == STRINGS


def test_sentence_columns_build_the_records_they_were_given(tmp_path: Path) -> None:
    columns = SentenceColumns()
    columns.append(0, 0, "梧州推出十项新举措。", None)
    columns.append(0, 1, "全年办结案件120件。", "一、工作成效")
    columns.append(1, 0, "黑龙江省公安厅通报。", "一、工作成效")
    assert len(columns) == 3
    expected = [
        Sentence(article=0, position=0, paragraph=0, text="梧州推出十项新举措。", heading=None),
        Sentence(article=0, position=1, paragraph=1, text="全年办结案件120件。", heading="一、工作成效"),
        Sentence(article=1, position=2, paragraph=0, text="黑龙江省公安厅通报。", heading="一、工作成效"),
    ]
    table = columns.finish()
    assert list(table) == expected
    assert len(table.arrays()["heading_text_offsets"]) == 2  # one heading stored once
    loaded = SentenceTable.from_arrays(_saved_and_mapped(tmp_path, table.arrays()))
    assert list(loaded) == expected
    assert loaded[1:] == expected[1:]


def test_article_records_round_trip_every_field(tmp_path: Path) -> None:
    article = Article(
        id="a1",
        title="梧州：平安建设",
        path=Path("reports/梧州.txt"),
        script=Script.TRADITIONAL,
        subtitle="副题",
        date="2026-03-18",
        publisher="香港商报网",
        authors=("王晓明", "李娜"),
        editor="赵书琪",
        opening="开头",
        header_lines=(("date", "2026-03-18 来源:香港商报网"), ("editor", "[责任编辑:赵书琪 ]")),
    )
    plain = Article(id="a2", title="无题", path=Path("b.txt"))
    table = ArticleTable.from_articles([article, plain])
    loaded = ArticleTable.load(_saved_and_mapped(tmp_path, table.arrays("article_record")))
    assert loaded == (article, plain)
    assert loaded[0].header_line("editor") == "[责任编辑:赵书琪 ]"
    assert loaded[-1] is loaded[1]  # a record is decoded once, then kept


def test_a_whole_mapped_array_is_linked_not_read(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    source.mkdir()
    target.mkdir()
    mapped = _saved_and_mapped(source, {"ids": np.arange(1000, dtype=np.int64)})
    save_arrays(target, mapped)
    assert (target / "ids.npy").stat().st_ino == (source / "ids.npy").stat().st_ino
    save_arrays(target, {"part": mapped["ids"][10:20]})  # a view of part of it is written out
    assert np.array_equal(np.load(target / "part.npy"), np.arange(10, 20))


def test_a_missing_array_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_arrays(tmp_path, ["absent"])


def test_a_byte_search_finds_the_strings_a_decoded_search_finds(tmp_path: Path) -> None:
    strings = ["梧州全市法院", "", "丁一", "abc一丁", "法院立案率", "\ue000标题"]
    save_arrays(tmp_path, StringTable.from_strings(strings).arrays("t"))
    mapped = StringTable.from_arrays(load_arrays(tmp_path, ("t_blob", "t_offsets")), "t")
    for table in (StringTable.from_strings(strings), mapped):
        for needle in ("法院", "一", "丁", "一丁", "", "c一", "\ue000", "院立", "上海", "\ud800"):
            everywhere = np.arange(len(strings))
            assert table.containing(needle, everywhere) == [i for i in everywhere if needle in strings[i]], needle
        assert table.containing("法院", np.array([4, 0])) == [4, 0]
        assert table.containing("法院", np.arange(len(strings)), limit=1) == [0]


def test_a_byte_bisection_finds_what_a_string_bisection_finds(tmp_path: Path) -> None:
    strings = sorted({"梧州", "梧", "梧州市", "a", "ab", "abc", "b", "z9", "一", "丁", "\ue000", "𠀀", "é", "e"})
    save_arrays(tmp_path, StringTable.from_strings(strings).arrays("t"))
    mapped = StringTable.from_arrays(load_arrays(tmp_path, ("t_blob", "t_offsets")), "t")
    probes = [*strings, "", "0", "aa", "梧州区", "梧一", "丂", "\uffff", "𠀁", "{", "e\u0301"]
    for table in (StringTable.from_strings(strings), mapped):
        for probe in probes:
            assert table.find_sorted(probe) == (strings.index(probe) if probe in strings else None), probe
    assert StringTable.from_strings([]).find_sorted("梧") is None


def test_a_read_column_equals_its_map_and_a_released_map_reads_the_same(tmp_path: Path) -> None:
    values = np.arange(50_000, dtype=np.int32) * 7
    save_arrays(tmp_path, {"values": values})
    mapped = load_arrays(tmp_path, ("values",))["values"]
    for column in (ColumnReader(mapped), ColumnReader(values)):
        for start, end in ((0, 0), (0, 1), (123, 40_000), (49_999, 50_000)):
            assert np.array_equal(column.read(start, end), values[start:end])
    release_pages(mapped, values)  # an in-memory array is left alone
    assert np.array_equal(mapped, values)


def test_title_keys_are_equal_exactly_when_the_titles_are(tmp_path: Path) -> None:
    titles = ["梧州", 'say "title": "梧州", then', "梧州", "", 'back\\slash "q"', "", "梧州 ", '"title": "x", ']
    articles = [Article(id=f'a{i}", "title": "梧州', title=t, path=Path(f"{i}.txt")) for i, t in enumerate(titles)]
    table = ArticleTable.from_articles(articles)
    mapped = ArticleTable.load(_saved_and_mapped(tmp_path, table.arrays("article_record")))
    for keys in (table.title_keys(), mapped.title_keys(), title_keys(articles)):
        for i, first in enumerate(titles):
            for j, second in enumerate(titles):
                assert (keys[i] == keys[j]) == (first == second), (first, second)


@pytest.mark.parametrize(
    "values",
    [
        np.arange(7, dtype=np.int64),
        np.array([], dtype=np.uint8),
        np.arange(12, dtype=np.float32).reshape(3, 4),
        np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4)),
        np.arange(5, dtype=">i4"),
        np.array([True, False]),
        np.array(["梧州", "a"]),
        np.array(42, dtype=np.int16),
        np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]),  # a structured header: np.load reads it
    ],
    ids=["int64", "empty", "2-d", "fortran", "big-endian", "bool", "unicode", "scalar", "structured"],
)
@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_a_mapped_npy_file_is_what_np_load_maps(tmp_path: Path, values: np.ndarray, version: tuple[int, int]) -> None:
    path = tmp_path / "values.npy"
    with path.open("wb") as handle:
        np.lib.format.write_array(handle, values, version=version, allow_pickle=False)
    try:
        expected = np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError as exc:  # numpy cannot map an empty array: neither may we
        with pytest.raises(type(exc)):
            map_npy(path)
        return
    mapped = map_npy(path)
    assert type(mapped) is type(expected) is np.memmap
    assert mapped.dtype == expected.dtype
    assert mapped.shape == expected.shape
    assert mapped.flags.f_contiguous == expected.flags.f_contiguous
    assert (mapped.filename, mapped.offset) == (expected.filename, expected.offset)
    assert np.array_equal(mapped, expected)
