"""The posting-list BM25 equals rank-bm25's BM25Okapi exactly, with and without pruning."""

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
