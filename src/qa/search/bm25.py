"""Exact BM25Okapi (as rank-bm25 0.2.2 defines it) over compressed postings, fast at a million documents.

rank-bm25 scores a query with a Python loop over every document for every query term. Here
each term keeps a posting list (document ids and term frequencies), so a query only touches
the documents that contain its terms. Every floating-point operation is the one rank-bm25
performs, in the same order, so the score arrays are bit-identical (the oracle test checks it).
"""

from __future__ import annotations

import importlib
import math
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

import numpy as np
import numpy.typing as npt

from qa.table import ColumnReader, StringTable, load_arrays, release_pages, save_arrays

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]


class Kernel(Protocol):
    """The compiled inner loops (`_kernel.c`): the numpy path's floats, bit for bit, in one pass each."""

    def accumulate(
        self,
        docs: Int32Array,
        tfs: Int32Array,
        norm: FloatArray,
        idf: float,
        k1_plus_1: float,
        scale: float,
        partial: FloatArray,
        fresh: IntArray | None,
        marked: npt.NDArray[np.bool_] | None,
        /,
    ) -> int:
        """partial[d] += (scale *) weight of each posting; lists in `fresh` the documents new to `partial`.

        New means partial[d] was 0 before, or, given `marked`, marked[d] was false (then set).
        Returns how many were listed.
        """

    def add_weights_at(
        self,
        postings: Int32Array,
        tfs: Int32Array,
        norm: FloatArray,
        idf: float,
        k1_plus_1: float,
        documents: IntArray,
        out: FloatArray,
        /,
    ) -> None:
        """out[i] += the term's weight in documents[i], for those its ascending postings hold (binary search)."""

    def prune(
        self,
        terms: list[tuple[Int32Array, Int32Array, float, float, float]],
        k: int,
        threshold: float,
        keep_factor: float,
        norm: FloatArray,
        k1_plus_1: float,
        candidates: IntArray,
        scores: FloatArray,
        origin: IntArray,
        weights: FloatArray,
        /,
    ) -> tuple[int, int, float]:
        """The set-aside terms' loop of `_PrunedQuery.top_k`: (candidates left, terms looked up, threshold).

        `terms` are (postings, tfs, idf, multiplicity, the bounds of the terms after it), highest
        bound first; candidates, scores and origin are compacted in place, and each term's weight
        in a candidate is kept in weights[step * width + origin] (width = len(weights) // len(terms)).
        """


def _compiled() -> Kernel | None:
    """The compiled kernel, or None where it was not built (a source tree never installed: numpy then)."""
    try:
        module = importlib.import_module("qa.search._kernel")
    except ImportError:
        return None
    # A C module has no types of its own: this protocol is them (the tests check every function against numpy).
    return cast("Kernel", module)


# A query whose posting lists are shorter than this is scored exhaustively: pruning cannot win.
PRUNE_MIN_POSTINGS = 20_000
# Nor is one whose lists hold this many postings a document (nearly every document is then a
# candidate), or one over so few documents that their scores fit in a core's cache (1 MiB): a full
# pass costs less. Measured at 1M (the article field: 25,000 articles, a question's lists holding
# ~16 postings an article): answer() 12.9 -> 11.5 ms median, the two rules together (BENCHMARKS.md).
PRUNE_MAX_PER_DOCUMENT = 8
DENSE_MAX_DOCUMENTS = 131_072
_BOUND_SLACK = 1e-9
LOOKUP_CACHE_SIZE = 100_000
# Postings of the rarest terms scored to guess the k-th best score before pruning.
SEED_POSTINGS = 32_768
# Exact scoring reads an already weighted posting list through a dense scratch array (instead of
# a binary search a document) while it holds at most this many postings a document.
SCATTER_PER_LOOKUP = 32
# Essential terms holding this many postings are added in place, their documents marked and listed
# in one pass, instead of finding each term's new documents.
MARK_MIN_POSTINGS = 200_000
# Queries for at most SEED_EXACT_MAX_K documents with at most SEED_EXACT_MAX_TERMS terms score
# SEED_WIDTH * k documents in full for their first bound (measured at 1M: the article field's
# median 1.5 -> 1.1 ms, its p95 unchanged; no steady gain for the sentence fields' k = 200).
SEED_WIDTH = 4
SEED_EXACT_MAX_K = 50
SEED_EXACT_MAX_TERMS = 24
# The kernel looks a term up in a few documents in a copy of its list (read, see ColumnReader) when
# the list holds at most this many postings a document looked up; else by binary search in the
# map, whose pages each cost a fault after `release_pages` (~1 µs, more than reading 1 KiB).
READ_PER_LOOKUP = 64
# Postings of the lists read for one query kept for its later lookups (8 bytes each: 8 MiB).
READ_KEPT_POSTINGS = 1 << 20
# A full pass reads only the postings (no dense array) while they number under 1/SPARSE_PASS_SHARE of the documents.
SPARSE_PASS_SHARE = 4


@dataclass(frozen=True, slots=True)
class Bm25Params:
    """BM25Okapi's free parameters: term-frequency saturation, length normalisation, IDF floor."""

    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


class _Scratch:
    """Dense per-document arrays one query at a time borrows (allocating 8 MB a query costs page faults)."""

    def __init__(self, documents: int) -> None:
        self.partial = np.zeros(documents)  # all zeros between uses
        self.lookup = np.zeros(documents)  # all zeros between uses
        self.marked = np.zeros(documents, dtype=bool)  # all false between uses


class Vocabulary:
    """Sorted terms in a StringTable: loads with mmap, looks terms up by bisection (no dict to build)."""

    def __init__(self, terms: StringTable) -> None:
        self._terms = terms
        self._seen: dict[str, int | None] = {}

    def __len__(self) -> int:
        return len(self._terms)

    def lookup(self, term: str) -> int | None:
        """The term's id (its rank in sorted order), or None if the corpus never uses it."""
        if term in self._seen:
            return self._seen[term]
        found = self._terms.find_sorted(term)
        if len(self._seen) >= LOOKUP_CACHE_SIZE:  # questions repeat few terms; keep memory bounded
            self._seen.clear()
        self._seen[term] = found
        return found


class Bm25Index:
    """BM25Okapi scores over posting lists; rank-bm25's `BM25Okapi(corpus).get_scores` as the oracle."""

    ARRAY_NAMES = ("vocab_blob", "vocab_offsets", "offsets", "doc_ids", "tfs", "idf", "upper", "norm")
    prune_min_postings = PRUNE_MIN_POSTINGS
    prune_max_per_document = PRUNE_MAX_PER_DOCUMENT
    dense_max_documents = DENSE_MAX_DOCUMENTS
    seed_postings = SEED_POSTINGS
    # The compiled loops, or None for the numpy path (the reference the tests compare it with).
    kernel: Kernel | None = _compiled()

    def __init__(self, arrays: dict[str, np.ndarray], params: Bm25Params) -> None:
        self.params = params
        self.vocabulary = Vocabulary(StringTable.from_arrays(arrays, "vocab"))
        self._offsets: IntArray = arrays["offsets"]
        self._doc_ids: npt.NDArray[np.int32] = arrays["doc_ids"]
        self._tfs: npt.NDArray[np.int32] = arrays["tfs"]
        self._idf: FloatArray = arrays["idf"]
        self._upper: FloatArray = arrays["upper"]
        self._norm: FloatArray = arrays["norm"]
        self._arrays = arrays
        # Whole posting lists are read, not mapped (see ColumnReader); binary searches use the maps.
        self._doc_reader = ColumnReader(arrays["doc_ids"])
        self._tf_reader = ColumnReader(arrays["tfs"])
        self._spare: list[_Scratch] = []
        self._last: tuple[tuple[str, ...], int, IntArray, FloatArray] | None = None
        # Lists read for the current query (from its ranking to the fusion's lookups), by term id.
        self._read: dict[int, tuple[Int32Array, Int32Array]] = {}
        self._read_postings = 0
        self._last_ids: tuple[tuple[str, ...], tuple[int | None, ...]] | None = None
        self._mapped = True  # whether a lookup may have read the posting maps since the last release
        self._dense: tuple[tuple[str, ...], FloatArray] | None = None  # the last full pass: query, every score
        self._spare_lock = threading.Lock()
        # Plain ndarray views of the memory maps (no copy): np.memmap slicing costs ~4 µs a call.
        self._offsets = np.asarray(self._offsets)
        self._doc_ids = np.asarray(self._doc_ids)
        self._tfs = np.asarray(self._tfs)
        self._idf = np.asarray(self._idf)
        self._upper = np.asarray(self._upper)
        self._norm = np.asarray(self._norm)

    @classmethod
    def build(cls, documents: Iterable[Sequence[str]], params: Bm25Params | None = None) -> Bm25Index:
        """Index tokenised documents. Raises ValueError for an empty corpus (rank-bm25 divides by zero)."""
        builder = Bm25Builder(params or Bm25Params())
        for document in documents:
            builder.add(document)
        return builder.finish()

    @property
    def document_count(self) -> int:
        """How many documents are indexed."""
        return len(self._norm)

    @property
    def posting_count(self) -> int:
        """How many (term, document) pairs are stored."""
        return len(self._doc_ids)

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """Everything needed to persist and reload this index."""
        return self._arrays

    def save(self, folder: Path) -> None:
        """Write every array as .npy into `folder` (which must exist)."""
        save_arrays(folder, self._arrays)

    @classmethod
    def load(cls, folder: Path, params: Bm25Params) -> Bm25Index:
        """Memory-map a saved index: pages are read on first use, so loading takes milliseconds."""
        return cls(load_arrays(folder, cls.ARRAY_NAMES), params)

    def term_ids(self, query: Sequence[str]) -> list[int | None]:
        """Each query token's id, None for tokens the corpus never uses.

        The last query's are kept: one question asks a field for the same query several times
        (its ranking, whether it can be negative, the fusion's lookups).
        """
        key = tuple(query)
        last = self._last_ids
        if last is not None and last[0] == key:
            return list(last[1])
        ids = [self.vocabulary.lookup(token) for token in query]
        self._last_ids = (key, tuple(ids))
        return ids

    def document_frequency(self, token: str) -> int:
        """How many documents contain the token (0 if none)."""
        term_id = self.vocabulary.lookup(token)
        return 0 if term_id is None else int(self._offsets[term_id + 1] - self._offsets[term_id])

    def documents_with(self, token: str) -> IntArray:
        """Ids of the documents containing the token, ascending (empty if none)."""
        term_id = self.vocabulary.lookup(token)
        if term_id is None:
            return np.zeros(0, dtype=np.int64)
        start, end = int(self._offsets[term_id]), int(self._offsets[term_id + 1])
        return self._doc_reader.read(start, end).astype(np.int64)

    def holds(self, token: str, documents: IntArray) -> npt.NDArray[np.bool_]:
        """Which of `documents` contain the token, by binary search in its postings (no full read)."""
        term_id = self.vocabulary.lookup(token)
        if term_id is None:
            return np.zeros(len(documents), dtype=bool)
        return self._find(term_id, documents)[1]

    def _find(
        self, term_id: int, documents: npt.NDArray[np.int64 | np.int32]
    ) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """(each document's position in the term's postings, whether it is there), by binary search."""
        start, end = int(self._offsets[term_id]), int(self._offsets[term_id + 1])
        self._mapped = True
        postings = self._doc_ids[start:end]
        # Needles of the postings' own type: int64 ones would make searchsorted copy the whole list.
        positions = postings.searchsorted(documents.astype(postings.dtype, copy=False))
        np.minimum(positions, len(postings) - 1, out=positions)
        return start + positions, np.asarray(postings.take(positions) == documents)

    def nonnegative(self, query: Sequence[str]) -> bool:
        """True if no document scores below 0 for the query (no term of it has a negative IDF)."""
        return all(self._idf[term_id] >= 0 for term_id in self.term_ids(query) if term_id is not None)

    def idf(self, token: str) -> float | None:
        """The token's BM25Okapi IDF (with the epsilon floor), None if the corpus never uses it."""
        term_id = self.vocabulary.lookup(token)
        return None if term_id is None else float(self._idf[term_id])

    def postings(self, term_id: int) -> tuple[IntArray, FloatArray]:
        """Document ids and BM25Okapi weights of one term, computed exactly as rank-bm25 does.

        The ids are widened to int64 once: numpy gathers and scatters with int32 indices convert
        them on every call (~3x slower a posting).
        """
        start, end = int(self._offsets[term_id]), int(self._offsets[term_id + 1])
        docs = self._doc_reader.read(start, end).astype(np.int64)
        tf = self._tf_reader.read(start, end)
        return docs, posting_weights(float(self._idf[term_id]) or 0.0, tf, self._norm.take(docs), self.params)

    def raw_postings(self, term_id: int) -> tuple[Int32Array, Int32Array]:
        """Document ids and term frequencies of one term, as stored (read, not mapped: see ColumnReader).

        Kept until the next ranking starts (READ_KEPT_POSTINGS of them): the fusion looks the
        same query's terms up again.
        """
        found = self._read.get(term_id)
        if found is None:
            start, end = int(self._offsets[term_id]), int(self._offsets[term_id + 1])
            found = (self._doc_reader.read(start, end), self._tf_reader.read(start, end))
            if self._read_postings + end - start <= READ_KEPT_POSTINGS:
                self._read[term_id] = found
                self._read_postings += end - start
        return found

    def weight_idf(self, term_id: int) -> float:
        """The IDF `postings` weights a term with (0.0 for -0.0, as `float(...) or 0.0` makes it)."""
        return float(self._idf[term_id]) or 0.0

    def idf_of(self, term_id: int) -> float:
        """A term's BM25Okapi IDF, by id."""
        return float(self._idf[term_id])

    def upper_bound(self, term_id: int) -> float:
        """The largest weight the term has in any document."""
        return float(self._upper[term_id])

    def scores(self, query: Sequence[str]) -> FloatArray:
        """BM25Okapi score of every document, bit-identical to rank-bm25's `get_scores(query)`."""
        return self._scores_of([t for t in self.term_ids(query) if t is not None])

    def scores_for(self, query: Sequence[str], documents: IntArray) -> FloatArray:
        """Exact scores of the given documents only (same values as `scores(query)[documents]`).

        Read from the last full pass when it was this query's (`top_k` keeps its dense scores).
        """
        dense = self._dense
        if dense is not None and dense[0] == tuple(query):
            return dense[1].take(documents)
        return self._scores_of_documents([t for t in self.term_ids(query) if t is not None], documents)

    def top_k(self, query: Sequence[str], k: int) -> tuple[IntArray, FloatArray]:
        """The k best-scoring documents with a positive score, best first, ties by lower id.

        Exact (max-score pruning, see `_PrunedQuery`); a full pass over the postings when the
        lists are short or pruning would not pay. Returns empty arrays when no document matches.
        The last query's ranking is kept: the same query again, at most as deep, is its prefix
        (read-only arrays, shared between the callers).
        """
        key = tuple(query)
        last = self._last
        if last is not None and last[0] == key and last[1] >= k:
            # The same query ranked at least as deep just before (the fields of one question are
            # asked again by a ranking within articles and by the refusal): its first k.
            return last[2][:k], last[3][:k]
        found = self._top_k(query, k)
        for values in found:
            values.flags.writeable = False  # shared with later callers of the same query
        self._last = (key, k, *found)
        return found

    def _top_k(self, query: Sequence[str], k: int) -> tuple[IntArray, FloatArray]:
        self._read, self._read_postings = {}, 0  # a new query: the last one's lists go
        ids = [term_id for term_id in self.term_ids(query) if term_id is not None]
        if not ids or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        multiplicity: dict[int, int] = {}
        for term_id in ids:
            multiplicity[term_id] = multiplicity.get(term_id, 0) + 1
        lengths = {t: int(self._offsets[t + 1] - self._offsets[t]) for t in multiplicity}
        total = sum(lengths.values())
        if (
            self.document_count > self.dense_max_documents
            and self.prune_min_postings <= total < self.prune_max_per_document * self.document_count
            and all(self._idf[t] >= 0 for t in multiplicity)
        ):
            scratch = self._borrow()
            found = _PrunedQuery(self, ids, multiplicity, lengths, scratch).top_k(k)
            self._give_back(scratch)  # not after an exception: the arrays may not be clean
            if found is not None:
                return found
        if sum(lengths[t] * m for t, m in multiplicity.items()) * SPARSE_PASS_SHARE < self.document_count:
            return _best_of(*self._sparse_scores(ids), k)
        scores = self._scores_of(ids)
        self._dense = (tuple(query), scores)  # the fusion then reads its documents' scores here
        return _best(scores, k)

    def release_pages(self) -> None:
        """Unmap the posting pages binary searches touched (they stay in the page cache; see ColumnReader).

        Nothing to do when no lookup read the maps since the last release (~40 µs a call saved).
        """
        if self._mapped:
            release_pages(self._arrays["doc_ids"], self._arrays["tfs"])
            self._mapped = False

    def _borrow(self) -> _Scratch:
        with self._spare_lock:
            return self._spare.pop() if self._spare else _Scratch(self.document_count)

    def _give_back(self, scratch: _Scratch) -> None:
        with self._spare_lock:
            self._spare.append(scratch)

    def _scores_of(self, ids: Sequence[int]) -> FloatArray:
        result = np.zeros(self.document_count)
        kernel = self.kernel
        if kernel is not None:
            read: dict[int, tuple[Int32Array, Int32Array]] = {}  # a term said twice is read once
            for term_id in ids:
                if term_id not in read:
                    read[term_id] = self.raw_postings(term_id)
                stored, tfs = read[term_id]
                kernel.accumulate(
                    stored, tfs, self._norm, self.weight_idf(term_id), self.params.k1 + 1, 1.0, result, None, None
                )
            return result
        for term_id in ids:
            docs, weights = self.postings(term_id)
            np.add.at(result, docs, weights)  # a term's documents are distinct: one addition each
        return result

    def _sparse_scores(self, ids: Sequence[int]) -> tuple[IntArray, FloatArray]:
        """(every document holding a term, its score): a full pass that touches only the postings.

        The same additions in the same order as `_scores_of`, without a pass over every document
        (allocating, filling and searching a dense array costs ~1 ms at a million documents).
        """
        scratch = self._borrow()
        partial, marked = scratch.partial, scratch.marked
        kernel = self.kernel
        if kernel is not None:
            raw: dict[int, tuple[Int32Array, Int32Array]] = {}
            for term_id in ids:
                if term_id not in raw:
                    raw[term_id] = self.raw_postings(term_id)
            listed = np.empty(sum(len(stored) for stored, _ in raw.values()), dtype=np.int64)
            count = 0
            for term_id in ids:
                stored, tfs = raw[term_id]
                idf, k1_plus_1 = self.weight_idf(term_id), self.params.k1 + 1
                count += kernel.accumulate(
                    stored, tfs, self._norm, idf, k1_plus_1, 1.0, partial, listed[count:], marked
                )
            documents = listed[:count]
        else:
            read: dict[int, tuple[IntArray, FloatArray]] = {}
            parts = []
            for term_id in ids:
                if term_id not in read:
                    read[term_id] = self.postings(term_id)
                docs, weights = read[term_id]
                partial[docs] += weights  # a term's documents are distinct: one addition each
                parts.append(docs[~marked.take(docs)])
                marked[docs] = True
            documents = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        scores = partial.take(documents)
        partial[documents] = 0.0
        marked[documents] = False
        self._give_back(scratch)  # not after an exception: the arrays may not be clean
        return documents, scores

    def _scores_of_documents(self, ids: Sequence[int], documents: IntArray) -> FloatArray:
        """Exact scores of `documents` for term ids in query order (what `scores_for` returns).

        Each term's postings are searched once; the weights of all the postings found are then
        computed in one call and added term by term in query order, as a full pass adds them.
        """
        kernel = self.kernel
        if kernel is not None:
            result = np.zeros(len(documents))
            wanted = np.ascontiguousarray(documents, dtype=np.int64)
            for term_id in ids:
                self._add_weights_at(kernel, term_id, wanted, result)
            return result
        needles = documents.astype(np.int32)  # the postings' own type (see `_find`)
        columns, positions, idfs = [], [], []
        for term_id in ids:
            at, found = self._find(term_id, needles)
            holding = np.flatnonzero(found)
            columns.append(holding)
            positions.append(at[holding])
            idfs.append(float(self._idf[term_id]) or 0.0)
        result = np.zeros(len(documents))
        if not ids:
            return result
        every = np.concatenate(columns)
        idf = np.repeat(idfs, [len(holding) for holding in columns])
        weights = posting_weights(
            idf, self._tfs.take(np.concatenate(positions)), self._norm.take(documents[every]), self.params
        )
        start = 0
        for holding in columns:
            result[holding] += weights[start : start + len(holding)]  # a term's documents are distinct
            start += len(holding)
        return result

    def lookup_list(self, term_id: int) -> tuple[Int32Array, Int32Array]:
        """A term's postings and frequencies to search: the copy read for this query if any, else the maps."""
        found = self._read.get(term_id)
        if found is not None:
            return found
        start, end = int(self._offsets[term_id]), int(self._offsets[term_id + 1])
        self._mapped = True
        return self._doc_ids[start:end], self._tfs[start:end]

    def _add_weights_at(self, kernel: Kernel, term_id: int, documents: IntArray, out: FloatArray) -> None:
        """out += the term's weight in each of `documents` where it is present (the kernel's binary search)."""
        start, end = int(self._offsets[term_id]), int(self._offsets[term_id + 1])
        if term_id in self._read or end - start <= READ_PER_LOOKUP * len(documents):
            postings, tfs = self.raw_postings(term_id)
        else:
            postings, tfs = self.lookup_list(term_id)
        kernel.add_weights_at(
            postings,
            tfs,
            self._norm,
            self.weight_idf(term_id),
            self.params.k1 + 1,
            documents,
            out,
        )

    def weights_at(self, term_id: int, documents: IntArray) -> FloatArray:
        """One term's weight in each of `documents` (0 where absent), found by binary search."""
        result = np.zeros(len(documents))
        if self.kernel is not None:
            self._add_weights_at(self.kernel, term_id, np.ascontiguousarray(documents, dtype=np.int64), result)
            return result
        positions, found = self._find(term_id, documents)
        if found.any():
            tf = self._tfs.take(positions[found])
            # The same function as `postings`, on the found postings only: identical floats.
            idf = float(self._idf[term_id]) or 0.0
            result[found] = posting_weights(idf, tf, self._norm.take(documents[found]), self.params)
        return result


class _PrunedQuery:
    """One query's exact top k by max-score pruning, each term's postings weighted at most once.

    Every weight is positive, so any document's score over some of the terms is a lower bound of
    its full score, and the k-th best such partial score is a lower bound of the k-th best score.
    1. A first bound: the k-th best partial score over the rarest terms.
    2. The terms with the lowest bounds, while their bounds sum below it, are non-essential: a
       document holding only those cannot reach the top k. The essential terms' postings give the
       candidates and their partial scores (and a sharper bound).
    3. The non-essential terms, highest bound first, are looked up in the remaining candidates;
       after each, candidates whose partial score plus the bounds still to come stays below the
       bound leave. The survivors' exact scores add the term weights in query order, the order
       of a full pass, so the floats are identical.
    """

    def __init__(
        self, index: Bm25Index, ids: list[int], multiplicity: dict[int, int], lengths: dict[int, int], scratch: _Scratch
    ) -> None:
        self.index = index
        self.ids = ids
        self.multiplicity = multiplicity
        self.lengths = lengths
        self.scratch = scratch
        self._postings: dict[int, tuple[IntArray, FloatArray]] = {}
        # The first bound's terms, documents and partial scores: the essential terms' scoring starts from them.
        self._seeded: tuple[frozenset[int], IntArray, FloatArray] | None = None
        # The set-aside terms (lowest bound first) and each one's sum of the bounds below it.
        self._optional: list[int] = []
        self._rests: list[float] = []

    def postings(self, term_id: int) -> tuple[IntArray, FloatArray]:
        """The term's documents and weights, computed once per query."""
        if term_id not in self._postings:
            self._postings[term_id] = self.index.postings(term_id)
        return self._postings[term_id]

    def top_k(self, k: int) -> tuple[IntArray, FloatArray] | None:
        """The exact top k, or None when no term can be set aside (a full pass is then as cheap)."""
        index, multiplicity = self.index, self.multiplicity
        bounds = {t: m * index.upper_bound(t) for t, m in multiplicity.items()}
        threshold = self._seed_threshold(k)
        by_bound = sorted(multiplicity, key=lambda t: bounds[t])
        rest, skipped = 0.0, 0
        while skipped < len(by_bound) and rest + bounds[by_bound[skipped]] < threshold * (1 - _BOUND_SLACK):
            rest += bounds[by_bound[skipped]]
            skipped += 1
        if skipped == 0:
            return None
        essential, optional = by_bound[skipped:], by_bound[:skipped]
        seeded = self._seeded if self._seeded is not None and self._seeded[0] <= set(essential) else None
        candidates, scores = self._essential_scores(essential, seeded)
        threshold = _kth_best_above(scores, k, threshold)
        keep = scores + rest >= threshold * (1 - _BOUND_SLACK)
        candidates, scores = candidates[keep], scores[keep]
        self._optional = optional
        self._rests = [sum(bounds[t] for t in optional[:position]) for position in range(len(optional))]
        if index.kernel is not None:
            candidates, known = self._prune_compiled(index.kernel, k, threshold, candidates, scores)
        else:
            candidates, known = self._prune(k, threshold, candidates, scores)
        exact = np.zeros(len(candidates))
        for term_id in self.ids:
            if term_id not in known:
                known[term_id] = self.weights_of(term_id, candidates)
            exact += known[term_id]
        return _best_of(candidates, exact, k)

    def _prune(
        self, k: int, threshold: float, candidates: IntArray, scores: FloatArray
    ) -> tuple[IntArray, dict[int, FloatArray]]:
        """(the candidates that can still reach the k best, the set-aside terms' weights looked up in them).

        The set-aside terms are looked up highest bound first while more than k candidates are
        left; after each, the candidates whose partial score plus the bounds still to come
        (`_rests`) stays below the raised bound leave.
        """
        optional, rests = self._optional, self._rests
        # Weights looked up along the way are kept with the places (in the essential terms'
        # candidates) of the documents they were looked up for; the survivors find theirs at the end.
        origin = np.arange(len(candidates))
        looked_up: dict[int, tuple[FloatArray, IntArray]] = {}
        for position in range(len(optional) - 1, -1, -1):
            if len(candidates) <= k:
                break
            term_id = optional[position]
            weights = self.weights_of(term_id, candidates)
            looked_up[term_id] = (weights, origin)
            scores = scores + self.multiplicity[term_id] * weights
            threshold = _kth_best_above(scores, k, threshold)
            keep = scores + rests[position] >= threshold * (1 - _BOUND_SLACK)
            candidates, scores, origin = candidates[keep], scores[keep], origin[keep]
        known = {
            term_id: weights if len(at) == len(origin) else weights[at.searchsorted(origin)]
            for term_id, (weights, at) in looked_up.items()
        }
        return candidates, known

    def _prune_compiled(
        self, kernel: Kernel, k: int, threshold: float, candidates: IntArray, scores: FloatArray
    ) -> tuple[IntArray, dict[int, FloatArray]]:
        """`_prune` in one kernel call: the same lookups, bounds and candidates, without an array per step."""
        index, optional, rests = self.index, self._optional, self._rests
        order = list(range(len(optional) - 1, -1, -1))
        terms = []
        for position in order:
            postings, tfs = index.lookup_list(optional[position])
            multiplicity = float(self.multiplicity[optional[position]])
            terms.append((postings, tfs, index.weight_idf(optional[position]), multiplicity, rests[position]))
        width = len(candidates)
        candidates, scores = np.array(candidates, dtype=np.int64), np.array(scores, dtype=np.float64)
        origin = np.arange(width, dtype=np.int64)
        weights = np.empty(len(terms) * width)
        alive, looked_up, _ = kernel.prune(
            terms, k, threshold, 1 - _BOUND_SLACK, index._norm, index.params.k1 + 1, candidates, scores, origin, weights
        )
        origin = origin[:alive]
        known = {
            optional[order[step]]: weights[step * width : (step + 1) * width].take(origin) for step in range(looked_up)
        }
        return candidates[:alive], known

    def _essential_scores(
        self, essential: list[int], seeded: tuple[frozenset[int], IntArray, FloatArray] | None = None
    ) -> tuple[IntArray, FloatArray]:
        """(documents holding an essential term, their partial scores), in no particular order.

        Touches only those postings (no sort, no pass over every document): weights are
        positive, so a document is new to the candidates exactly where its partial score was 0.
        A term of IDF 0 adds nothing and is passed over: a document holding only such terms and
        set-aside ones stays below the bound (and with no bound, nothing is set aside).
        `seeded` (some of the terms, their documents and partial scores) is started from instead
        of adding those terms again: partial scores only bound, so the order they add in does not matter.
        """
        partial = self.scratch.partial
        parts = []
        if seeded is not None:
            done, documents, scores = seeded
            partial[documents] = scores  # positive: the documents are not new again
            parts.append(documents)
            essential = [term_id for term_id in essential if term_id not in done]
        kernel = self.index.kernel
        if kernel is not None:
            # One pass a term: weights computed inline, new documents listed as they are met.
            listed = np.empty(sum(self.lengths[t] for t in essential), dtype=np.int64)
            count = 0
            norm, k1_plus_1 = self.index._norm, self.index.params.k1 + 1
            for term_id in essential:
                idf = self.index.weight_idf(term_id)
                if idf == 0:
                    continue
                stored, tfs = self.index.raw_postings(term_id)
                scale = float(self.multiplicity[term_id])
                count += kernel.accumulate(stored, tfs, norm, idf, k1_plus_1, scale, partial, listed[count:], None)
            parts.append(listed[:count])
        elif sum(self.lengths[t] for t in essential) >= MARK_MIN_POSTINGS:
            marked = self.scratch.marked
            for documents in parts:
                marked[documents] = True
            for term_id in essential:
                if self.index.idf_of(term_id) == 0:
                    continue
                docs, weights = self.postings(term_id)
                multiplicity = self.multiplicity[term_id]
                np.add.at(partial, docs, weights if multiplicity == 1 else multiplicity * weights)
                marked[docs] = True
            candidates = np.flatnonzero(marked)
            marked[candidates] = False
            scores = partial.take(candidates)
            partial[candidates] = 0.0
            return candidates, scores
        else:
            self._add_new(essential, parts)
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        candidates = np.concatenate(parts) if len(parts) > 1 else parts[0]
        scores = partial.take(candidates)
        partial[candidates] = 0.0
        return candidates, scores

    def _add_new(self, essential: list[int], parts: list[IntArray]) -> None:
        """The numpy path: add each term's weights into the partial scores, listing its new documents in `parts`."""
        partial = self.scratch.partial
        for term_id in essential:
            if self.index.idf_of(term_id) == 0:
                continue
            docs, weights = self.postings(term_id)
            multiplicity = self.multiplicity[term_id]
            before = partial.take(docs)
            # A term's documents are distinct; 1 * weights is weights (no copy for the usual case).
            partial[docs] = before + (weights if multiplicity == 1 else multiplicity * weights)
            parts.append(docs[before == 0])

    def _seed_threshold(self, k: int) -> float:
        """A first bound: the k-th best score among the rarest terms' documents (0 if they hold fewer than k).

        Weights are positive, so a partial score is at most the full one, and the k-th best
        partial score at most the k-th best score. For a short query asking for a few documents
        (SEED_EXACT_MAX_TERMS, SEED_EXACT_MAX_K) whose rarest terms are not all of it, the
        SEED_WIDTH * k best documents by partial score are scored in full and the k-th best of
        those is taken: common terms (in the article field nearly every document holds some,
        their IDF at rank-bm25's floor) make up much of a score, and only full scores see them.
        Otherwise that costs more than the sharper bound saves (a binary search of those
        documents in every long list; measured at 1M).
        """
        budget = max(self.index.seed_postings, 4 * k)
        spent = 0
        rarest: list[int] = []
        for term_id in sorted(self.multiplicity, key=lambda t: self.lengths[t]):
            if rarest and spent + self.lengths[term_id] > budget:
                break
            rarest.append(term_id)
            spent += self.lengths[term_id]
        documents, partial = self._essential_scores(rarest)
        self._seeded = (frozenset(rarest), documents, partial)
        every_term = len(rarest) == len(self.multiplicity)  # the partial scores are then the full ones
        short = k <= SEED_EXACT_MAX_K and len(self.multiplicity) <= SEED_EXACT_MAX_TERMS
        if every_term or not short or len(documents) < k:
            return _kth_best(partial, k)
        width = min(len(documents), SEED_WIDTH * k)
        best = documents[np.argpartition(partial, len(partial) - width)[len(partial) - width :]]
        return _kth_best(self.index._scores_of_documents(self.ids, np.sort(best)), k)

    def weights_of(self, term_id: int, documents: IntArray) -> FloatArray:
        """The term's weight in each of `documents` (0 where absent), by the cheaper of two exact paths.

        Binary search per document, or, for a list not much longer than the documents (or already
        weighted), a scatter of its weights into a dense scratch array read at the documents.
        """
        if self.index.kernel is not None:
            # A binary search a document costs less in C than a scatter of the whole list.
            return self.index.weights_at(term_id, documents)
        length = self.lengths[term_id]
        cached = term_id in self._postings
        if length > (SCATTER_PER_LOOKUP if cached else 2) * len(documents):
            return self.index.weights_at(term_id, documents)
        docs, weights = self.postings(term_id)
        lookup = self.scratch.lookup
        lookup[docs] = weights
        found = lookup.take(documents)
        lookup[docs] = 0.0
        return found


class Bm25Builder:
    """Collects documents one at a time (streaming: a million documents never sit in memory as lists)."""

    def __init__(self, params: Bm25Params) -> None:
        self.params = params
        self._first_seen: dict[str, int] = {}
        self._term_ids = array("q")
        self._doc_ids = array("i")
        self._tfs = array("i")
        self._doc_lengths = array("q")

    def add(self, document: Sequence[str]) -> None:
        """Append the next document's tokens."""
        doc_id = len(self._doc_lengths)
        self._doc_lengths.append(len(document))
        frequencies: dict[str, int] = {}
        for token in document:
            frequencies[token] = frequencies.get(token, 0) + 1
        first_seen = self._first_seen
        for token, count in frequencies.items():
            self._term_ids.append(first_seen.setdefault(token, len(first_seen)))
            self._doc_ids.append(doc_id)
            self._tfs.append(count)

    @property
    def document_count(self) -> int:
        """How many documents were added so far."""
        return len(self._doc_lengths)

    def save_segment(self, folder: Path) -> None:
        """Write the documents added so far as a segment (`qa.search.segments` merges segments into one index)."""
        grouped = sort_postings(self._first_seen, self._term_ids, self._doc_ids, self._tfs)
        save_arrays(
            folder,
            {
                **StringTable.from_strings(grouped.vocabulary).arrays("vocab"),
                "offsets": grouped.offsets,
                "doc_ids": grouped.doc_ids,
                "tfs": grouped.tfs,
                "lengths": np.frombuffer(self._doc_lengths, dtype=np.int64).copy(),
                "first_seen": grouped.rank_of,
            },
        )

    def finish(self) -> Bm25Index:
        """The index over every document added; ValueError if there was none."""
        if not self._doc_lengths:
            raise ValueError("BM25 needs at least one document")
        arrays = _assemble(self._first_seen, self._term_ids, self._doc_ids, self._tfs, self._doc_lengths, self.params)
        return Bm25Index(arrays, self.params)


@dataclass(frozen=True, slots=True)
class SortedPostings:
    """Postings grouped by term in sorted-vocabulary order (documents ascending within a term)."""

    vocabulary: list[str]
    rank_of: IntArray  # a term's first-seen id -> its rank in `vocabulary`
    offsets: IntArray
    doc_ids: npt.NDArray[np.int32]
    tfs: npt.NDArray[np.int32]


def sort_postings(
    first_seen: dict[str, int], term_ids: array[int], doc_ids: array[int], tfs: array[int]
) -> SortedPostings:
    """Postings collected in document order, regrouped by term (a stable sort keeps documents ascending)."""
    terms = np.frombuffer(term_ids, dtype=np.int64)
    vocabulary = sorted(first_seen)
    rank_of = np.empty(len(first_seen), dtype=np.int64)
    rank_of[[first_seen[t] for t in vocabulary]] = np.arange(len(vocabulary))
    sorted_terms = rank_of[terms]
    order = np.argsort(sorted_terms, kind="stable")
    offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(np.bincount(sorted_terms, minlength=len(vocabulary)), out=offsets[1:])
    posting_docs = np.frombuffer(doc_ids, dtype=np.int32)[order].copy()
    posting_tfs = np.frombuffer(tfs, dtype=np.int32)[order].copy()
    return SortedPostings(vocabulary, rank_of, offsets, posting_docs, posting_tfs)


def idf_first_seen(document_frequency: Iterable[int], corpus_size: int, params: Bm25Params) -> FloatArray:
    """BM25Okapi IDFs of terms listed in first-seen order, with rank-bm25's floor for negative ones.

    rank-bm25 sums IDFs in first-seen order with Python floats; the average sets the floor. The
    logarithms are math.log's (numpy's may differ in the last bit) and the sum is a running one
    (`np.cumsum` adds left to right, as the Python loop does; `np.sum` would add pairwise).
    """
    counts = np.fromiter(document_frequency, dtype=np.int64)
    if len(counts) == 0:
        return np.zeros(0, dtype=np.float64)
    rest = np.fromiter(map(math.log, ((corpus_size - counts) + 0.5).tolist()), np.float64, len(counts))
    own = np.fromiter(map(math.log, (counts + 0.5).tolist()), np.float64, len(counts))
    values = rest - own
    floor = params.epsilon * (float(np.cumsum(values)[-1]) / len(values))
    return np.where(values >= 0, values, floor)


def document_norms(lengths: IntArray, params: Bm25Params) -> FloatArray:
    """k1 * (1 - b + b * length / average length) of every document, as rank-bm25 computes it."""
    avgdl = int(lengths.sum()) / len(lengths)
    return np.asarray(params.k1 * (1 - params.b + params.b * lengths / avgdl), dtype=np.float64)


def posting_weights(
    idf: FloatArray | float, tfs: npt.NDArray[np.integer], norms: FloatArray, params: Bm25Params
) -> FloatArray:
    """BM25Okapi weight of each posting from its term's IDF, its frequency and its document's norm.

    The one place the term weight is written: the build, a whole posting list and the lookups in
    a few documents all call it, so their floats are the same to the last bit.
    """
    return idf * (tfs * (params.k1 + 1) / (tfs + norms))


def upper_bounds(
    idf: FloatArray, tfs: npt.NDArray[np.integer], norms: FloatArray, starts: IntArray, params: Bm25Params
) -> FloatArray:
    """Each term's largest posting weight, for postings grouped by term (term i's from `starts[i]`).

    The IDF is taken out of the maximum, which spares a per-posting copy of it: rounding is
    monotone, so the largest idf * s over a term's postings is idf times the largest s when
    idf >= 0 (times the smallest when negative), to the last bit of `posting_weights`.
    """
    saturation = posting_weights(1.0, tfs, norms, params)  # 1.0 * s is s exactly
    largest = np.maximum.reduceat(saturation, starts)
    negative = idf < 0
    if negative.any():
        largest = np.where(negative, np.minimum.reduceat(saturation, starts), largest)
    return np.asarray(idf * largest, dtype=np.float64)


def _assemble(
    first_seen: dict[str, int],
    term_ids: array[int],
    doc_ids: array[int],
    tfs: array[int],
    doc_lengths: array[int],
    params: Bm25Params,
) -> dict[str, np.ndarray]:
    corpus_size = len(doc_lengths)
    terms = np.frombuffer(term_ids, dtype=np.int64)
    idf_values = idf_first_seen(np.bincount(terms, minlength=len(first_seen)), corpus_size, params)
    grouped = sort_postings(first_seen, term_ids, doc_ids, tfs)
    norm = document_norms(np.frombuffer(doc_lengths, dtype=np.int64), params)
    idf_sorted = np.empty(len(grouped.vocabulary), dtype=np.float64)
    idf_sorted[grouped.rank_of] = idf_values
    offsets = grouped.offsets
    weights = posting_weights(
        idf_sorted[np.repeat(np.arange(len(grouped.vocabulary)), np.diff(offsets))],
        grouped.tfs,
        norm[grouped.doc_ids],
        params,
    )
    # Every term has at least one posting, so each reduceat segment is non-empty.
    upper = np.maximum.reduceat(weights, offsets[:-1]) if len(grouped.vocabulary) else np.zeros(0)
    return {
        **StringTable.from_strings(grouped.vocabulary).arrays("vocab"),
        "offsets": offsets,
        "doc_ids": grouped.doc_ids,
        "tfs": grouped.tfs,
        "idf": idf_sorted,
        "upper": upper,
        "norm": norm,
    }


def _kth_best(scores: FloatArray, k: int) -> float:
    """The k-th largest value, 0 when there are fewer than k."""
    if len(scores) < k:
        return 0.0
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def _kth_best_above(scores: FloatArray, k: int, floor: float) -> float:
    """max(floor, the k-th largest value): only the values above the floor are partitioned.

    When k of them are above it, the k best are all among those.
    """
    above = scores[scores > floor]
    return _kth_best(above, k) if len(above) >= k else floor


def _best(scores: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """Top k positive scores of a dense array, best first, ties by lower id, without a full sort."""
    positive = np.flatnonzero(scores > 0)
    return _best_of(positive.astype(np.int64), scores[positive], k)


def _best_of(ids: IntArray, scores: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    keep = scores > 0
    ids, scores = ids[keep], scores[keep]
    if len(ids) > k:
        threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= threshold
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:k]
    return ids[order], scores[order]
