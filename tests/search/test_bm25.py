"""The posting-list BM25 equals rank-bm25's BM25Okapi exactly, with and without pruning.

Every test runs twice: with the compiled kernel (`_kernel.c`) and with the numpy path.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from qa.reports.corpus import load_corpus
from qa.search import bm25
from qa.search.bm25 import Bm25Index, Bm25Params
from qa.search.text import analyze
from tests.conftest import SEEDS

COMPILED = Bm25Index.kernel


@pytest.fixture(autouse=True, params=["compiled", "numpy"])
def scoring_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The compiled kernel's loops, or the numpy path they must equal to the last bit."""
    if request.param == "numpy":
        monkeypatch.setattr(Bm25Index, "kernel", None)
    return str(request.param)


def test_the_compiled_kernel_is_built() -> None:
    # `make setup` (pip install -e .) compiles it; without it every answer is the same, only slower.
    assert COMPILED is not None


def _random_corpus(seed: int, documents: int) -> tuple[list[list[str]], list[str]]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(400)]
    # Zipf-like: low ids are common, so some terms appear in most documents (negative IDF, floored).
    docs = [
        [vocabulary[min(int(rng.paretovariate(1.1)) - 1, 399)] for _ in range(rng.randint(0, 40))]
        for _ in range(documents)
    ]
    return docs, vocabulary


def _queries(vocabulary: list[str], seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    queries = [[rng.choice(vocabulary) for _ in range(rng.randint(1, 8))] for _ in range(150)]
    queries.append(["w0", "w0", "w1"])  # repeated terms count twice, as in rank-bm25
    queries.append(["never-seen"])
    return queries


@pytest.mark.parametrize("params", [Bm25Params(), Bm25Params(k1=0.6, b=0.3), Bm25Params(k1=1.2, b=0.9, epsilon=0.5)])
def test_scores_equal_rank_bm25_exactly(params: Bm25Params) -> None:
    docs, vocabulary = _random_corpus(7, 2000)
    oracle = BM25Okapi(docs, k1=params.k1, b=params.b, epsilon=params.epsilon)
    index = Bm25Index.build(docs, params)
    for query in _queries(vocabulary, 3):
        assert np.array_equal(index.scores(query), oracle.get_scores(query)), query


def test_scores_equal_rank_bm25_on_the_real_seeds() -> None:
    corpus = load_corpus(SEEDS)
    docs = [list(analyze(s.text).words) for s in corpus.sentences]
    oracle = BM25Okapi(docs)
    index = Bm25Index.build(docs)
    for sentence in corpus.sentences:
        query = list(analyze(sentence.text[:20]).words)
        assert np.array_equal(index.scores(query), oracle.get_scores(query))


def _expected_top(scores: np.ndarray, k: int) -> list[int]:
    return sorted((i for i in range(len(scores)) if scores[i] > 0), key=lambda i: (-scores[i], i))[:k]


@pytest.mark.parametrize("mark_min", [0, bm25.MARK_MIN_POSTINGS], ids=["marked", "found term by term"])
@pytest.mark.parametrize("seed_postings", [1, 4096])
@pytest.mark.parametrize("k", [1, 5, 20, 200])
def test_pruned_top_k_equals_exhaustive(
    k: int, seed_postings: int, mark_min: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bm25, "MARK_MIN_POSTINGS", mark_min)  # the candidates of big queries, or of small ones
    docs, vocabulary = _random_corpus(11, 3000)
    index = Bm25Index.build(docs, Bm25Params(k1=0.6, b=0.3))
    index.prune_min_postings = 0  # prune on every query
    index.prune_max_per_document = 10**9
    index.dense_max_documents = 0
    index.seed_postings = seed_postings  # a poor first bound (the rarest term alone) or a good one
    oracle = BM25Okapi(docs, k1=0.6, b=0.3)
    for query in _queries(vocabulary, 5):
        scores = oracle.get_scores(query)
        ids, values = index.top_k(query, k)
        assert list(ids) == _expected_top(scores, k)
        assert np.array_equal(values, scores[ids])


@pytest.mark.parametrize("share", [0, 10**9], ids=["postings only", "dense array"])
@pytest.mark.parametrize("k", [1, 20, 3000])
def test_unpruned_top_k_equals_exhaustive(k: int, share: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "SPARSE_PASS_SHARE", share)  # a full pass through the postings alone, or a dense array
    docs, vocabulary = _random_corpus(13, 3000)
    index = Bm25Index.build(docs, Bm25Params(k1=0.6, b=0.3))
    index.prune_min_postings = 10**9  # never prune
    oracle = BM25Okapi(docs, k1=0.6, b=0.3)
    for query in _queries(vocabulary, 6):
        scores = oracle.get_scores(query)
        ids, values = index.top_k(query, k)
        assert list(ids) == _expected_top(scores, k), query
        assert np.array_equal(values, scores[ids])


@pytest.mark.parametrize("after_a_full_pass", [False, True], ids=["searched", "kept from the full pass"])
def test_scores_for_a_subset_match_the_full_array(after_a_full_pass: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "SPARSE_PASS_SHARE", 0)  # a full pass through a dense array, kept for scores_for
    docs, vocabulary = _random_corpus(5, 500)
    index = Bm25Index.build(docs)
    index.prune_min_postings = 10**9  # never prune
    subset = np.arange(0, 500, 3, dtype=np.int64)
    for query in _queries(vocabulary, 9)[:30]:
        if after_a_full_pass:
            index.top_k(query, 5)
        assert np.array_equal(index.scores_for(query, subset), index.scores(query)[subset])


def test_saved_index_loads_with_identical_scores(tmp_path: Path) -> None:
    docs, vocabulary = _random_corpus(3, 300)
    index = Bm25Index.build(docs)
    index.save(tmp_path)
    loaded = Bm25Index.load(tmp_path, Bm25Params())
    for query in _queries(vocabulary, 1)[:20]:
        assert np.array_equal(loaded.scores(query), index.scores(query))
    assert loaded.vocabulary.lookup("w1") == index.vocabulary.lookup("w1")
    assert loaded.vocabulary.lookup("absent") is None


def test_empty_corpus_is_rejected() -> None:
    with pytest.raises(ValueError, match="at least one document"):
        Bm25Index.build([])


def _postings(rng: np.random.Generator, documents: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    docs = np.sort(rng.choice(documents, size=count, replace=False)).astype(np.int32)
    return docs, rng.integers(1, 9, size=count).astype(np.int32)


@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_kernel_accumulates_the_weights_of_posting_weights(scale: float) -> None:
    assert COMPILED is not None
    rng = np.random.default_rng(1)
    params = Bm25Params(k1=0.4, b=0.4)
    norm = rng.uniform(0.1, 2.0, size=1000)
    docs, tfs = _postings(rng, 1000, 300)
    partial = np.zeros(1000)
    partial[docs[::2]] = 0.5  # documents already holding a score are not new
    expected = partial.copy()
    weights = bm25.posting_weights(1.7, tfs, norm[docs], params)
    expected[docs] = expected[docs] + (weights if scale == 1 else scale * weights)
    fresh = np.empty(300, dtype=np.int64)
    listed = COMPILED.accumulate(docs, tfs, norm, 1.7, params.k1 + 1, scale, partial, fresh, None)
    assert np.array_equal(partial, expected)
    assert list(fresh[:listed]) == list(docs[1::2])


def test_kernel_lists_unmarked_documents_once_and_marks_them() -> None:
    assert COMPILED is not None
    rng = np.random.default_rng(2)
    norm = rng.uniform(0.1, 2.0, size=500)
    partial, marked, fresh = np.zeros(500), np.zeros(500, dtype=bool), np.empty(500, dtype=np.int64)
    first, tfs = _postings(rng, 500, 100)
    second, more = _postings(rng, 500, 100)
    count = COMPILED.accumulate(first, tfs, norm, -0.2, 1.6, 1.0, partial, fresh, marked)  # negative IDF: still listed
    count += COMPILED.accumulate(second, more, norm, 0.9, 1.6, 1.0, partial, fresh[count:], marked)
    assert sorted(fresh[:count]) == sorted(set(first) | set(second))
    assert np.array_equal(np.flatnonzero(marked), np.sort(fresh[:count]))


@pytest.mark.parametrize("lookups", [0, 1, 15, 16, 17, 100])
@pytest.mark.parametrize("listed", [0, 1, 2, 7, 1000])
def test_kernel_finds_the_weights_numpy_finds(lookups: int, listed: int) -> None:
    assert COMPILED is not None
    rng = np.random.default_rng(lookups * 1000 + listed)
    params = Bm25Params()
    norm = rng.uniform(0.1, 2.0, size=2000)
    docs, tfs = _postings(rng, 2000, listed)
    # Half the lookups are documents of the list (its first and last among them), half anything.
    present = rng.choice(docs, size=lookups // 2) if listed else np.zeros(0, dtype=np.int32)
    asked = np.concatenate([present, rng.integers(0, 2000, size=lookups - len(present))]).astype(np.int64)
    if listed and lookups >= 2:
        asked[:2] = docs[0], docs[-1]
    out = np.full(lookups, 0.25)
    COMPILED.add_weights_at(docs, tfs, norm, 2.5, params.k1 + 1, asked, out)
    expected = np.full(lookups, 0.25)
    at = np.searchsorted(docs, asked).clip(max=max(listed - 1, 0))
    found = (docs[at] == asked) if listed else np.zeros(lookups, dtype=bool)
    expected[found] += bm25.posting_weights(2.5, tfs[at[found]], norm[asked[found]], params)
    assert np.array_equal(out, expected)


def test_kernel_refuses_documents_outside_the_index() -> None:
    assert COMPILED is not None
    norm, partial = np.ones(10), np.zeros(10)
    docs, tfs = np.array([3, 12], dtype=np.int32), np.ones(2, dtype=np.int32)
    with pytest.raises(ValueError, match="outside the index"):
        COMPILED.accumulate(docs, tfs, norm, 1.0, 2.5, 1.0, partial, None, None)
    with pytest.raises(ValueError, match="outside the index"):
        COMPILED.add_weights_at(docs, tfs, norm, 1.0, 2.5, np.array([11], dtype=np.int64), partial[:1])
    with pytest.raises(TypeError, match="docs"):
        COMPILED.accumulate(docs.astype(np.int64), tfs, norm, 1.0, 2.5, 1.0, partial, None, None)
