"""Fusing the fields' scores of a candidate pool, scoring only the candidates that can reach the k best.

A field's exact score of a pool sentence (of its sentence, paragraph or article) costs a binary
search in every query term's postings, and most of the pool cannot reach the k best whatever
those scores are. A document outside a field's top list scores at most that list's last score,
so each sentence's fused score has an upper bound from what is known so far, and a lower bound
with the unknown scores at 0 (no BM25 score is negative while no query term's IDF is). The
fields are scored in turn, each only for the sentences whose upper bound, plus the most the
answer-type bonus can add, still reaches the k-th best lower bound: the others can enter neither
the k best nor the bonus' floor (the k-th best fused score). Every bound is computed by the same
floating-point operations as the fused score itself, and rounding is monotone, so the bounds
hold to the last bit, and the survivors' fused scores are the same floats as a full fusion's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from qa.search.bm25 import Bm25Index, FloatArray, IntArray


@dataclass(frozen=True, slots=True)
class FieldScores:
    """One field's part in a ranking: its weight, its exact scores of the pool, its best score anywhere."""

    weight: float
    scores: FloatArray
    best: float


def fuse(parts: Iterable[FieldScores], size: int) -> FloatArray:
    """Weighted sum of each field's scores over that field's best score.

    Dividing by the best puts fields of very different lengths (a sentence, a whole article) on
    one scale, so the weights alone say how much each counts.
    """
    fused = np.zeros(size)
    for part in parts:
        fused += part.weight * part.scores / part.best
    return fused


@dataclass(frozen=True, slots=True)
class FieldQuery:
    """One field's part of a ranking: its index and query, its weight, the pool's documents in it, its top list."""

    weight: float
    index: Bm25Index
    query: Sequence[str]
    documents: IntArray  # each pool sentence's document in this field (itself, its paragraph, its article)
    top_docs: IntArray  # the field's best documents, best first, with their exact scores
    top_scores: FloatArray


class _Known:
    """A field's exact scores of the pool's distinct documents, filled in as they are computed."""

    def __init__(self, field: FieldQuery) -> None:
        self.field = field
        self.unique, self.inverse = distinct(field.documents)
        self.scores = np.zeros(len(self.unique))
        order = np.argsort(field.top_docs)
        position = np.searchsorted(field.top_docs, self.unique, sorter=order).clip(max=len(field.top_docs) - 1)
        self.known: npt.NDArray[np.bool_] = field.top_docs[order[position]] == self.unique
        self.scores[self.known] = field.top_scores[order[position[self.known]]]

    def unknown(self, sentences: IntArray) -> bool:
        """True if the score of some of these pool sentences' documents is not known yet."""
        return not self.known[self.inverse[sentences]].all()

    def score(self, sentences: IntArray) -> None:
        """Compute the exact scores of the documents of these pool sentences that are not known yet."""
        wanted = np.zeros(len(self.unique), dtype=bool)
        wanted[self.inverse[sentences]] = True
        wanted &= ~self.known
        if wanted.any():
            self.scores[wanted] = self.field.index.scores_for(self.field.query, self.unique[wanted])
            self.known |= wanted

    def part(self, unknown: float, sentences: IntArray) -> FieldScores:
        """This field's scores of these pool sentences, `unknown` standing for those not computed."""
        values = np.where(self.known, self.scores, unknown)[self.inverse[sentences]]
        return FieldScores(self.field.weight, values, float(self.field.top_scores[0]))


def fused_candidates(
    fields: Sequence[FieldQuery], scoring_order: Sequence[int], size: int, k: int, bonus: float
) -> tuple[IntArray, FloatArray]:
    """(the pool sentences that can be among the k best, ascending, their exact fused scores).

    `fields` are in fusion order and every field has a non-empty top list; `scoring_order` says
    which field's unknown scores are computed first. `bonus` is the most anything added to the
    fused score afterwards can add. With no more than k sentences, or a weight or score that
    could be negative, every sentence is scored.
    """
    known = [_Known(field) for field in fields]
    alive = np.arange(size)
    prune = size > k and all(field.weight > 0 and field.index.nonnegative(field.query) for field in fields)
    for number in scoring_order:
        if prune and known[number].unknown(alive):
            # Over the sentences still alive: those left out have upper bounds below the last
            # threshold, so the k best lower bounds are all among these.
            lower = fuse((field.part(0.0, alive) for field in known), len(alive))
            upper = fuse((field.part(float(field.field.top_scores[-1]), alive) for field in known), len(alive))
            threshold = np.partition(lower, len(alive) - k)[len(alive) - k]
            alive = alive[upper + max(bonus, 0.0) >= threshold]
        known[number].score(alive)
    return alive, fuse((field.part(0.0, alive) for field in known), len(alive))


def distinct(values: IntArray) -> tuple[IntArray, IntArray]:
    """(sorted distinct values, where each value sits in them): np.unique's answer without np.unique.

    np.unique imports numpy.ma on first use, ~12 ms of the first answer.
    """
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.ones(len(ordered), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse
