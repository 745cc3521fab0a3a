"""The reference configurations A, B and C of EVALUATION.md, measured with the same metric as `qa eval --squad`.

A: rank-bm25 BM25Okapi over `jieba.lcut` of the raw text.
B: A + OpenCC t2s, punctuation and function/question words dropped.
C: t2s, CJK character unigrams + overlapping bigrams, k1=0.6 b=0.3,
   score = sentence BM25 / max + paragraph BM25 / max.
Sentences are split as the product splits them; a question is right when the top sentence
contains a gold answer (both folded to simplified). Nothing is refused here.

Run: `python -m benchmarks.baselines FILE [--sample N]`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import jieba
import numpy as np
from rank_bm25 import BM25Okapi

from qa.evaluation import SquadQuestion, read_squad, sample_questions
from qa.reports.sentences import has_word_char, split_sentences
from qa.script import is_cjk, normalize, to_simplified
from qa.search.bm25 import Bm25Index, Bm25Params
from qa.search.stopwords import STOPWORDS
from qa.search.text import prepare_segmenter

Tokenizer = Callable[[str], list[str]]


def tokens_a(text: str) -> list[str]:
    """Plain jieba on the raw text."""
    return [t for t in jieba.lcut(text) if t.strip()]


def tokens_b(text: str) -> list[str]:
    """jieba after t2s, punctuation and function words dropped."""
    return [t for t in jieba.lcut(normalize(text)) if has_word_char(t) and t != " " and t not in STOPWORDS]


def tokens_c(text: str) -> list[str]:
    """CJK unigrams and bigrams of the t2s text; other runs of letters/digits whole."""
    grams: list[str] = []
    run: list[str] = []
    other = ""
    for char in normalize(text) + " ":
        if is_cjk(char):
            if other:
                grams.append(other)
                other = ""
            run.append(char)
            continue
        if run:
            grams.extend(run)
            grams.extend(run[i] + run[i + 1] for i in range(len(run) - 1))
            run = []
        if char.isalnum():
            other += char
        elif other:
            grams.append(other)
            other = ""
    return grams


def evaluate(paragraphs: list[tuple[str, str]], questions: list[SquadQuestion], config: str) -> tuple[float, float]:
    """(top-1 %, hit@5 %) of one configuration."""
    sentences: list[str] = []
    owner: list[int] = []
    for number, (_, text) in enumerate(paragraphs):
        for sentence in split_sentences(text.split("\n", 1)[-1]):
            sentences.append(sentence)
            owner.append(number)
    owner_array = np.array(owner)
    tokenize = {"A": tokens_a, "B": tokens_b, "C": tokens_c}[config]
    sentence_tokens = [tokenize(s) for s in sentences]
    folded = [to_simplified(s) for s in sentences]
    if config in ("A", "B"):
        oracle = BM25Okapi(sentence_tokens)

        def score(query: list[str]) -> np.ndarray:
            return np.asarray(oracle.get_scores(query))

    else:
        params = Bm25Params(k1=0.6, b=0.3)
        sentence_index = Bm25Index.build(sentence_tokens, params)
        paragraph_index = Bm25Index.build([tokenize(text) for _, text in paragraphs], params)

        def score(query: list[str]) -> np.ndarray:
            sentence_scores = sentence_index.scores(query)
            paragraph_scores = paragraph_index.scores(query)
            s_max = sentence_scores.max() or 1.0
            p_max = paragraph_scores.max() or 1.0
            return np.asarray(sentence_scores / s_max + paragraph_scores[owner_array] / p_max)

    top1 = hit5 = 0
    for question in questions:
        scores = score(tokenize(question.question))
        best = np.lexsort((np.arange(len(scores)), -scores))[:5]
        texts = [folded[i] for i in best]
        top1 += any(gold in texts[0] for gold in question.answers)
        hit5 += any(gold in text for text in texts for gold in question.answers)
    return 100 * top1 / len(questions), 100 * hit5 / len(questions)


def main(argv: Sequence[str] | None = None) -> int:
    """Print top-1 and hit@5 of A, B and C on one SQuAD-format file."""
    parser = argparse.ArgumentParser(description="Reference BM25 configurations A, B, C.")
    parser.add_argument("file")
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--configs", default="A,B,C")
    args = parser.parse_args(argv)
    prepare_segmenter()
    from pathlib import Path

    paragraphs, questions = read_squad(Path(args.file))
    chosen = sample_questions(questions, args.sample, 13)
    for config in args.configs.split(","):
        top1, hit5 = evaluate(paragraphs, chosen, config)
        print(f"{Path(args.file).name} {config}: top-1 {top1:.1f}%  hit@5 {hit5:.1f}%  ({len(chosen)} questions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
