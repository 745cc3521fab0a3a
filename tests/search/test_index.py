"""The fused ranking equals a straightforward reference: full passes, full sorts, every field rescored."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.models import Hit
from qa.reports.corpus import load_corpus
from qa.search.answer_type import AnswerType, expected_type, holds_new_candidate
from qa.search.bm25 import Bm25Index
from qa.search.fusion import FieldScores, fuse
from qa.search.index import FIELD_NAMES, RankingConfig, ReportIndex, build_index
from qa.search.text import Analysis
from tests.conftest import DATA, SEED_QUESTIONS, SEEDS

_CLAUSE_RE = re.compile(r"(?<=[,，、；：])")


def _full_top(index: Bm25Index, query: tuple[str, ...], k: int) -> tuple[list[int], list[float]]:
    """The k best positive documents by a full pass and a full sort (ties by lower id)."""
    scores = index.scores(query)
    order = sorted((i for i in range(len(scores)) if scores[i] > 0), key=lambda i: (-scores[i], i))[:k]
    return order, [float(scores[i]) for i in order]


def reference_rank(index: ReportIndex, question: Analysis, k: int, within: list[int] | None = None) -> list[Hit]:
    """rank() as first written: the pool from full passes, each field's best by another full pass."""
    if not question.words and not question.grams:
        return []
    config, fields, sentences = index.config, index.fields, index.sentences
    article_of = np.array([s.article for s in sentences], dtype=np.int64)
    paragraph_of = index.columns.sentence_paragraph
    if within is None:
        pool_set = set(_full_top(fields.sentence_words, question.words, config.pool_size)[0])
        pool_set |= set(_full_top(fields.sentence_grams, question.grams, config.pool_size)[0])
        for paragraph in _full_top(fields.paragraph_grams, question.grams, config.pool_contexts)[0]:
            pool_set |= {i for i in range(len(sentences)) if paragraph_of[i] == paragraph}
        for article in _full_top(fields.article_grams, question.grams, config.pool_contexts)[0]:
            pool_set |= {i for i in range(len(sentences)) if article_of[i] == article}
    else:
        pool_set = {i for i in range(len(sentences)) if article_of[i] in within}
    pool = np.array(sorted(pool_set), dtype=np.int64)
    if len(pool) == 0:
        return []
    fused = np.zeros(len(pool))
    for weight, field, query, docs in (
        (config.word_weight, fields.sentence_words, question.words, pool),
        (config.gram_weight, fields.sentence_grams, question.grams, pool),
        (config.paragraph_weight, fields.paragraph_grams, question.grams, paragraph_of[pool]),
        (config.article_weight, fields.article_grams, question.grams, article_of[pool]),
    ):
        scores = field.scores(query) if query else np.zeros(1)
        if weight and query and scores.max() > 0:
            fused += weight * scores[docs] / scores.max()
    wanted = expected_type(question.normalized)
    if config.type_weight and wanted is not AnswerType.NONE:
        fused += config.type_weight * np.array(
            [holds_new_candidate(wanted, index.columns.normalized[int(i)], question.normalized) for i in pool]
        )
    order = sorted(range(len(pool)), key=lambda i: (-fused[i], pool[i]))[:k]
    return [Hit(int(pool[i]), float(fused[i])) for i in order if fused[i] > 0]


def _recombined_folder(folder: Path, count: int) -> Path:
    """`count` distinct sentences recombined clause by clause from the seeds (long, tied posting lists)."""
    clauses = [c for s in load_corpus(SEEDS).sentences for c in _CLAUSE_RE.split(s.text) if c]
    inner = [c for c in clauses if not c.endswith(("。", "！", "？"))]
    closing = [c for c in clauses if c.endswith(("。", "！", "？"))]
    rng = random.Random(5)
    sentences: dict[str, None] = {}
    while len(sentences) < count:
        sentences.setdefault("".join(rng.sample(inner, rng.randint(1, 2))) + rng.choice(closing), None)
    ordered = list(sentences)
    folder.mkdir()
    for number in range(0, count, 20):
        body = "\n".join("".join(ordered[i : i + 4]) for i in range(number, min(number + 20, count), 4))
        (folder / f"r{number:05d}.txt").write_text(f"{rng.choice(inner).rstrip('，、；：')}\n\n{body}\n", "utf-8")
    return folder


def _questions(index: ReportIndex) -> list[str]:
    # The shared seed questions when they are beside the checkout (tests never depend on them).
    lines = SEED_QUESTIONS.read_text(encoding="utf-8").splitlines() if SEED_QUESTIONS.is_file() else []
    seeds = [json.loads(line)["question"] for line in lines if line]
    rng = random.Random(3)
    picked = rng.sample(range(len(index.sentences)), min(60, len(index.sentences)))
    pieces = [index.sentences[i].text[rng.randrange(4) : rng.randrange(8, 30)] + "是多少?" for i in picked]
    return [*seeds, *pieces, "今天天气怎么样?", "的了是"]


def _pruning_everywhere(index: ReportIndex) -> ReportIndex:
    for name in FIELD_NAMES:
        field = getattr(index.fields, name)
        field.prune_min_postings, field.prune_max_per_document, field.dense_max_documents = 0, 10**9, 0
    return index


@pytest.fixture(scope="module", params=["tiny", "seeds", "recombined", "recombined, as served"])
def fixture_index(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """An index over a fixture folder, with pruning forced on every query of every field.

    As served, each field decides: full passes (whose dense scores the fusion then reads) where
    pruning would not pay.
    """
    folders = {"tiny": lambda: DATA / "reports", "seeds": lambda: SEEDS}
    make = folders.get(request.param, lambda: _recombined_folder(tmp_path_factory.mktemp("r") / "reports", 3000))
    index = build_index(load_corpus(make()))
    return index if request.param.endswith("as served") else _pruning_everywhere(index)


def test_rankings_and_scores_are_the_same_without_the_compiled_kernel(
    fixture_index: ReportIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = [fixture_index.analyze_question(question) for question in _questions(fixture_index)]
    compiled = [fixture_index.rank(analysis, 5) for analysis in questions]
    monkeypatch.setattr(Bm25Index, "kernel", None)  # the numpy path, the kernel's reference
    assert [fixture_index.rank(analysis, 5) for analysis in questions] == compiled


@pytest.mark.parametrize("pool", [(200, 3), (5, 1), (40, 2)])
def test_rankings_and_scores_equal_the_reference(fixture_index: ReportIndex, pool: tuple[int, int]) -> None:
    index = ReportIndex(
        fixture_index.corpus,
        fixture_index.fields,
        fixture_index.columns,
        replace(RankingConfig(), pool_size=pool[0], pool_contexts=pool[1]),
        fixture_index.dictionary,
    )
    for question in _questions(index):
        analysis = index.analyze_question(question)
        for k in (1, 5, 30):
            assert index.rank(analysis, k) == reference_rank(index, analysis, k), (question, k)


def test_rankings_within_articles_equal_the_reference(fixture_index: ReportIndex) -> None:
    articles = [0, len(fixture_index.articles) - 1]
    for question in _questions(fixture_index)[:40]:
        analysis = fixture_index.analyze_question(question)
        assert fixture_index.rank(analysis, 5, articles) == reference_rank(fixture_index, analysis, 5, articles)


def _probe_texts(index: ReportIndex) -> list[str]:
    """Matching-form pieces of real sentences (1 to 6 characters), a header word and text no report has."""
    rng = random.Random(8)
    pieces = []
    for sentence_id in rng.sample(range(len(index.sentences)), min(40, len(index.sentences))):
        text = index.columns.normalized[sentence_id]
        start = rng.randrange(max(len(text) - 1, 1))
        pieces.append(text[start : start + rng.randint(1, 6)])
    return [*pieces, index.header_texts[0][:3], "没有这样的话", "的了"]


def _holders(field: Bm25Index, grams: list[str], count: int) -> list[int]:
    """Documents holding every gram, by full posting lists and set intersection."""
    holders = set(range(count))
    for gram in grams:
        holders &= set(field.documents_with(gram).tolist())
    return sorted(holders)


def test_articles_containing_equals_full_postings_and_decoded_texts(fixture_index: ReportIndex) -> None:
    field = fixture_index.fields.article_grams
    for text in _probe_texts(fixture_index):
        grams = [g for g in ([text[i : i + 2] for i in range(len(text) - 1)] or [text]) if field.idf(g) is not None]
        holders = _holders(field, grams, len(fixture_index.articles))
        expected = [a for a in holders if text in fixture_index.normalized_article(a)]
        assert fixture_index.articles_containing(text) == expected, text
        outside = expected[:1]
        others = [a for a in expected if a not in outside]
        assert fixture_index.articles_containing(text, outside=outside) == others, text
        assert fixture_index.articles_containing(text, outside=outside, limit=1) == others[:1], text


def test_contains_text_equals_full_postings_and_decoded_sentences(fixture_index: ReportIndex) -> None:
    field, normalized = fixture_index.fields.sentence_grams, fixture_index.columns.normalized
    for text in _probe_texts(fixture_index):
        grams = [text[i : i + 2] for i in range(len(text) - 1)] or [text]
        expected = any(text in normalized[i] for i in _holders(field, grams, len(normalized)))
        assert fixture_index.contains_text(text) == expected, text


def test_in_a_header_equals_a_search_of_every_header(fixture_index: ReportIndex) -> None:
    for text in [*_probe_texts(fixture_index), *fixture_index.header_texts[:3]]:
        expected = text in fixture_index.header_blob
        assert fixture_index.in_a_header(text) == expected, text
        assert fixture_index.in_a_header(text) == expected, text  # remembered, the same


def test_fuse_weights_each_field_over_its_own_best() -> None:
    sentence = FieldScores(1.0, np.array([4.0, 2.0, 0.0]), best=4.0)
    article = FieldScores(0.5, np.array([10.0, 30.0, 30.0]), best=30.0)
    fused = fuse([sentence, article], 3)
    assert np.array_equal(fused, [1.0 + 0.5 / 3, 0.5 + 0.5, 0.5])
    assert fused.argmax() == 0  # the long field's bigger raw scores do not swamp the sentence's
    assert np.array_equal(fuse([], 2), [0.0, 0.0])
