"""An index updated from kept parts equals a fresh full build of the same folder, array for array."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from qa.search.store import open_index, saved_arrays
from tests.conftest import DATA

NEW_REPORT = """海港市举办渔业博览会
2023-06-01 09:00
来源:海港渔业报 作者:赵小兰

海港市今天举办第三届渔业博览会,参展企业达到210家。博览会为期三天,预计接待观众5万人次。
"""
# A publisher whose name also occurs in another report's text (「海港市港口集团今天召开……」):
# it becomes a jieba word, so that other report must be cut anew.
NAMING_REPORT = """港口码头扩建方案公示
2023-07-01 08:00
来源:港口集团 作者:孙立

扩建方案包括两个泊位,总投资12亿元。
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Five small reports: the hand-written test reports and two city reports."""
    reports = tmp_path / "reports"
    shutil.copytree(DATA / "reports", reports)
    for path in (DATA / "cities").iterdir():
        shutil.copy(path, reports / path.name)
    return reports


def _write(path: Path, text: str) -> None:
    """Write through a new file renamed into place (a kept file is never changed in place)."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _add_last(folder: Path) -> None:
    _write(folder / "zz_fair.txt", NEW_REPORT)


def _add_between(folder: Path) -> None:
    _write(folder / "library2.txt", NEW_REPORT)


def _change(folder: Path) -> None:
    path = folder / "orchard.txt"
    _write(path, path.read_text(encoding="utf-8") + "\n果园镇明年将新建冷库两座。\n")


def _remove(folder: Path) -> None:
    (folder / "library.md").unlink()


def _add_a_name_others_use(folder: Path) -> None:
    _write(folder / "zz_plan.txt", NAMING_REPORT)


def _add_a_namesake(folder: Path) -> None:
    # 「harbor.md」 sorts before 「harbor.txt」 and takes the id 「harbor」: the kept report is renamed.
    _write(folder / "harbor.md", NEW_REPORT)


UPDATES: dict[str, Callable[[Path], None]] = {
    "add last": _add_last,
    "add between": _add_between,
    "change": _change,
    "remove": _remove,
    "add a name other reports use": _add_a_name_others_use,
    "add a file of the same name in another format": _add_a_namesake,
}


def _index_folder(cache: Path) -> Path:
    (folder,) = cache.glob("index-*")
    return folder


def _assert_same(updated: Path, fresh: Path) -> None:
    mine, theirs = saved_arrays(updated), saved_arrays(fresh)
    assert sorted(mine) == sorted(theirs)
    for name, values in theirs.items():
        assert np.array_equal(mine[name], values), name


@pytest.mark.parametrize("batch", [1, 8])
@pytest.mark.parametrize("update", list(UPDATES))
def test_an_updated_index_equals_a_fresh_build(folder: Path, tmp_path: Path, update: str, batch: int) -> None:
    cache = tmp_path / "cache"
    open_index(folder, cache, batch_sentences=batch)
    UPDATES[update](folder)
    updated = open_index(folder, cache, batch_sentences=batch)
    fresh = open_index(folder, tmp_path / "fresh", batch_sentences=batch)
    _assert_same(_index_folder(cache), _index_folder(tmp_path / "fresh"))
    question = updated.analyze_question("海港市港口货物吞吐量达到多少?")
    assert updated.rank(question, 5) == fresh.rank(question, 5)


def test_an_update_keeps_the_parts_of_unchanged_files(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_index(folder, cache, batch_sentences=1)
    before = {part.name for part in (cache / "parts").iterdir()}
    _add_last(folder)
    open_index(folder, cache, batch_sentences=1)
    after = {part.name for part in (cache / "parts").iterdir()}
    assert len(after - before) == 1  # only the new file's part is new
    assert before <= after


def test_a_new_header_name_re_analyses_the_reports_that_hold_it(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    open_index(folder, cache, batch_sentences=1)
    _add_a_name_others_use(folder)
    with caplog.at_level(logging.INFO, logger="qa.search.parts"):
        open_index(folder, cache, batch_sentences=1)
    assert sum("re-analysing" in record.getMessage() for record in caplog.records) == 1  # harbor.txt alone


def test_an_unchanged_folder_is_loaded_not_rebuilt(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_index(folder, cache, batch_sentences=1)
    parts = sorted(part.name for part in (cache / "parts").iterdir())
    open_index(folder, cache, batch_sentences=1)
    assert sorted(part.name for part in (cache / "parts").iterdir()) == parts


def test_a_damaged_kept_part_gives_a_build_from_scratch(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_index(folder, cache, batch_sentences=1)
    for part in (cache / "parts").iterdir():
        (part / "sentence_grams" / "doc_ids.npy").unlink()
    _add_last(folder)
    open_index(folder, cache, batch_sentences=1)
    open_index(folder, tmp_path / "fresh", batch_sentences=1)
    _assert_same(_index_folder(cache), _index_folder(tmp_path / "fresh"))
    assert all((part / "sentence_grams" / "doc_ids.npy").exists() for part in (cache / "parts").iterdir())


def test_an_update_without_the_previous_term_ids_still_equals_a_fresh_build(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_index(folder, cache, batch_sentences=1)
    for saved in (_index_folder(cache) / "part_terms").rglob("segment_term_offsets.npy"):
        saved.unlink()
    _change(folder)
    open_index(folder, cache, batch_sentences=1)
    open_index(folder, tmp_path / "fresh", batch_sentences=1)
    _assert_same(_index_folder(cache), _index_folder(tmp_path / "fresh"))
