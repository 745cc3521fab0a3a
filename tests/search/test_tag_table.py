"""jieba's tags from the kept TagTable are the ones its dict.txt gives, without reading dict.txt again."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.search import text
from qa.search.tag_table import TagTable


@pytest.fixture
def segmenter_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A segmenter cache of this test's own, with no table remembered from another test."""
    monkeypatch.setattr(text, "_cache_dir", tmp_path / "jieba")
    text._tag_table.cache_clear()
    yield tmp_path / "jieba"
    text._tag_table.cache_clear()


def test_a_table_gives_each_word_its_tag_and_none_to_others(tmp_path: Path) -> None:
    tags = {"贵港": "ns", "贵港市": "ns", "污水": "n", "处理": "v", "a": "eng", "𠀀字": "n"}
    TagTable.of(tags).save(tmp_path / "tags")
    table = TagTable.load(tmp_path / "tags")
    assert {word: table.tag(word) for word in tags} == tags
    for absent in ("", "贵", "贵港市区", "zzz", "污"):
        assert table.tag(absent) is None


def test_a_damaged_table_is_an_error_not_a_wrong_tag(tmp_path: Path) -> None:
    TagTable.of({"贵港": "ns"}).save(tmp_path / "tags")
    (tmp_path / "tags" / "tag_codes.npy").unlink()
    with pytest.raises(FileNotFoundError):
        TagTable.load(tmp_path / "tags")


def test_kept_tags_are_jiebas_and_a_later_process_does_not_read_dict_txt(
    segmenter_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = text._full_tags()
    words = [*random.Random(7).sample(sorted(full), 500), min(full), max(full), "贵港市", "不是一个词吧"]
    expected = {word: full.get(word) for word in words}
    assert {word: text.dictionary_tag(word) for word in words} == expected
    assert any(segmenter_cache.glob("tags-*"))

    text._tag_table.cache_clear()  # as in a new process: only the kept table is there

    def no_dict_txt() -> dict[str, str]:
        raise AssertionError("dict.txt read again")

    monkeypatch.setattr(text, "_full_tags", no_dict_txt)
    assert {word: text.dictionary_tag(word) for word in words} == expected


def test_without_a_segmenter_cache_tags_come_from_dict_txt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text, "_cache_dir", None)
    assert text.dictionary_tag("处理") == text._full_tags()["处理"]
