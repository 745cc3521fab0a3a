"""Segments merged into one index equal the index one builder makes, array for array."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.reports.corpus import load_corpus
from qa.search import segments
from qa.search.bm25 import Bm25Builder, Bm25Index, Bm25Params, posting_weights, upper_bounds
from qa.search.index import FIELD_NAMES, build_index
from qa.search.segments import merge_segments
from qa.search.store import open_index
from tests.conftest import SEEDS
from tests.search.test_bm25 import _queries, _random_corpus


def _segmented(docs: list[list[str]], sizes: list[int], params: Bm25Params, folder: Path) -> Bm25Index:
    parts, start = [], 0
    for number, size in enumerate(sizes):
        builder = Bm25Builder(params)
        for document in docs[start : start + size]:
            builder.add(document)
        start += size
        part = folder / f"segment-{number}"
        part.mkdir()
        builder.save_segment(part)
        parts.append(part)
    target = folder / "merged"
    target.mkdir()
    return merge_segments(parts, params, target, chunk_postings=997)  # many chunks, split mid-vocabulary


@pytest.mark.parametrize("sizes", [[1500], [700, 800], [1, 499, 1000], [300] * 5])
def test_merged_segments_equal_one_builder(tmp_path: Path, sizes: list[int]) -> None:
    docs, vocabulary = _random_corpus(13, 1500)
    docs.append(["w0", "only-in-the-last-document"])
    sizes[-1] += 1
    params = Bm25Params(k1=0.6, b=0.3)
    whole = Bm25Index.build(docs, params)
    merged = _segmented(docs, sizes, params, tmp_path)
    for name in Bm25Index.ARRAY_NAMES:
        assert np.array_equal(merged.arrays[name], whole.arrays[name]), name
    for query in _queries(vocabulary, 2)[:20]:
        assert np.array_equal(merged.scores(query), whole.scores(query))


# Terms whose sort keys are hard to get right: longer than the 16 bytes keyed directly and sharing
# those 16 bytes, exactly 16 bytes, prefixes of each other, zero bytes, 1-4 byte characters.
AWKWARD_TERMS = [
    "a" * 16,
    "a" * 17,
    "a" * 16 + "b",
    "a" * 16 + "ab",
    "a" * 40,
    "a" * 15 + "\x00",
    "a" * 15,
    "a\x00",
    "a",
    "中华人民共和国国务院办公厅",
    "中华人民共和国国务院新闻办公室",
    "中华人民共和国",
    "中华",
    "𠀀𠀁𠀂𠀃𠀄",
    "é",
    "z",
]


@pytest.mark.parametrize("sizes", [[40], [13, 27], [1] * 40])
def test_terms_longer_than_the_sort_key_merge_in_byte_order(tmp_path: Path, sizes: list[int]) -> None:
    rng = np.random.default_rng(5)
    docs = [[AWKWARD_TERMS[i] for i in rng.integers(0, len(AWKWARD_TERMS), size=5)] for _ in range(40)]
    params = Bm25Params(k1=0.6, b=0.3)
    whole = Bm25Index.build(docs, params)
    merged = _segmented(docs, sizes, params, tmp_path)
    for name in Bm25Index.ARRAY_NAMES:
        assert np.array_equal(merged.arrays[name], whole.arrays[name]), name


@pytest.mark.parametrize("batch", [1, 7, 20])
def test_an_index_built_in_batches_equals_the_one_built_in_memory(tmp_path: Path, batch: int) -> None:
    corpus = load_corpus(SEEDS)
    whole = build_index(corpus)
    parts = build_index(corpus, work_dir=tmp_path / "work", batch_sentences=batch)
    assert len(list((tmp_path / "work").glob("part-*"))) > 1
    for name in FIELD_NAMES:
        built, merged = getattr(whole.fields, name).arrays, getattr(parts.fields, name).arrays
        for array in Bm25Index.ARRAY_NAMES:
            assert np.array_equal(built[array], merged[array]), (name, array)
    for array, values in whole.columns.arrays().items():
        assert np.array_equal(values, parts.columns.arrays()[array]), array
    assert whole.dictionary == parts.dictionary
    question = parts.analyze_question("梧州全市法院的当场立案率是多少?")
    assert parts.rank(question, 5) == whole.rank(question, 5)


def test_a_batched_build_saves_and_loads_like_any_other(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = open_index(SEEDS, cache, batch_sentences=10)
    assert not list(cache.glob(".build-*"))
    loaded = open_index(SEEDS, cache)
    question = loaded.analyze_question("全省政法機關致力打造什麼服務圈?")
    assert loaded.rank(question, 5) == built.rank(question, 5)


class _Recorder:
    """A progress display that records (stage, done, total)."""

    def __init__(self) -> None:
        self.stage = ""
        self.steps: list[tuple[str, int, int]] = []

    def begin(self, stage: str) -> None:
        self.stage = stage

    def __call__(self, done: int, total: int) -> None:
        self.steps.append((self.stage, done, total))


def test_progress_covers_analysis_merge_and_saving(tiny_reports: Path, tmp_path: Path) -> None:
    recorder = _Recorder()
    open_index(tiny_reports, tmp_path / "cache", progress=recorder)
    stages = recorder.steps
    names = list(dict.fromkeys(stage for stage, _, _ in stages))
    assert names == ["reading", "analysing", *(f"merging {name}" for name in FIELD_NAMES), "saving"]
    last = {stage: (done, total) for stage, done, total in stages}
    assert all(done == total for done, total in last.values())
    assert stages[-1] == ("saving", 1, 1)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_upper_bounds_are_the_largest_posting_weights_to_the_bit(sign: float) -> None:
    rng = np.random.default_rng(3)
    counts = rng.integers(1, 40, size=500)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    idf = sign * rng.random(500) * 5
    tfs = rng.integers(1, 9, size=int(counts.sum())).astype(np.int32)
    norms = rng.random(int(counts.sum())) * 2
    params = Bm25Params(k1=0.6, b=0.3)
    weights = posting_weights(np.repeat(idf, counts), tfs, norms, params)
    assert np.array_equal(upper_bounds(idf, tfs, norms, starts, params), np.maximum.reduceat(weights, starts))


def test_a_merge_that_unites_its_vocabularies_a_batch_at_a_time_equals_one_builder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "UNION_BATCH_TERMS", 40)  # a handful of segments a batch
    docs, _ = _random_corpus(17, 900)
    params = Bm25Params(k1=0.6, b=0.3)
    whole = Bm25Index.build(docs, params)
    merged = _segmented(docs, [100] * 9, params, tmp_path)
    for name in Bm25Index.ARRAY_NAMES:
        assert np.array_equal(merged.arrays[name], whole.arrays[name]), name
