"""The report index: BM25 fields over sentences, paragraphs and articles, fused into one ranking.

A sentence rarely repeats everything the question says: 「梧州全市法院的当场立案率」 is answered
by a sentence that never names 梧州, which the article's title and publisher do. So each
sentence is scored by BM25 at several levels (its jieba words, its character grams, its
paragraph with the section heading, its article with title and metadata), each normalised by
the best score any document reaches for the question and summed with fixed weights: a level
that matches nothing adds nothing, and no level's raw scale dominates.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from itertools import islice

import numpy as np

from qa.answer_type import AnswerType, expected_type, holds_new_candidate
from qa.bm25 import Bm25Builder, Bm25Index, Bm25Params, FloatArray, IntArray
from qa.corpus import Corpus
from qa.models import Article, Hit, Sentence
from qa.table import StringTable
from qa.text import (
    Analysis,
    Dictionary,
    DictionaryCollector,
    QuestionSegmenter,
    analyze,
    known_words,
    normalize,
    prepare_segmenter,
)

log = logging.getLogger(__name__)

WORD_SEPARATOR = "\x1f"
HEADER_SEPARATOR = "\ue000"  # a private-use character: NFKC, OpenCC and lower() leave it alone
PARALLEL_MIN_SENTENCES = 20_000
CHUNK_SENTENCES = 2_000
IN_FLIGHT_PER_WORKER = 3

Progress = Callable[[int, int], None]


SENTENCE_PARAMS = Bm25Params(k1=0.4, b=0.4)
CONTEXT_PARAMS = Bm25Params(k1=0.6, b=0.3)


@dataclass(frozen=True, slots=True)
class RankingConfig:
    """BM25 parameters and fusion weights; defaults chosen on DRCD and CMRC 2018 dev (EVALUATION.md)."""

    sentence_params: Bm25Params = SENTENCE_PARAMS
    context_params: Bm25Params = CONTEXT_PARAMS
    word_weight: float = 0.25
    gram_weight: float = 1.0
    paragraph_weight: float = 0.5
    article_weight: float = 0.5
    title_in_sentences: bool = True
    type_weight: float = 0.3
    pool_size: int = 200
    pool_contexts: int = 3


@dataclass(frozen=True, slots=True)
class Fields:
    """The four BM25 indexes behind a ranking."""

    sentence_words: Bm25Index
    sentence_grams: Bm25Index
    paragraph_grams: Bm25Index
    article_grams: Bm25Index


FIELD_NAMES = tuple(f.name for f in fields(Fields))


@dataclass(frozen=True, slots=True)
class Columns:
    """Per-sentence data the answer step reads: paragraph ids and the matching forms."""

    sentence_paragraph: IntArray
    normalized: StringTable
    words: StringTable
    article_text: StringTable

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to persist."""
        return {
            "sentence_paragraph_id": self.sentence_paragraph,
            **self.normalized.arrays("normalized"),
            **self.words.arrays("words"),
            **self.article_text.arrays("article_text"),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Columns:
        """Rebuild from `arrays()` output (possibly memory-mapped)."""
        return cls(
            arrays["sentence_paragraph_id"],
            StringTable.from_arrays(arrays, "normalized"),
            StringTable.from_arrays(arrays, "words"),
            StringTable.from_arrays(arrays, "article_text"),
        )

    ARRAY_NAMES = (
        "sentence_paragraph_id",
        "normalized_blob",
        "normalized_offsets",
        "words_blob",
        "words_offsets",
        "article_text_blob",
        "article_text_offsets",
    )


class ReportIndex:
    """Ranks the sentences of a corpus for a question; everything else reads from `corpus`."""

    def __init__(
        self,
        corpus: Corpus,
        fields: Fields,
        columns: Columns,
        config: RankingConfig,
        dictionary: Dictionary | None = None,
    ) -> None:
        self.corpus = corpus
        self.dictionary = dictionary
        self._segmenter = QuestionSegmenter(dictionary) if dictionary is not None else None
        self.fields = fields
        self.columns = columns
        self.config = config
        sentence_article = corpus.sentences.article
        self._article_start = np.searchsorted(sentence_article, np.arange(len(corpus.articles) + 1))
        paragraph_count = int(columns.sentence_paragraph[-1]) + 1 if len(columns.sentence_paragraph) else 0
        self._paragraph_start = np.searchsorted(columns.sentence_paragraph, np.arange(paragraph_count + 1))

    @property
    def articles(self) -> tuple[Article, ...]:
        """The indexed articles, in folder order."""
        return self.corpus.articles

    @property
    def sentences(self) -> Sequence[Sentence]:
        """The indexed sentences, in corpus order."""
        return self.corpus.sentences

    def analyze_question(self, question: str) -> Analysis:
        """The question through the shared pipeline, segmented with this index's dictionary slice."""
        return analyze(question, self._segmenter)

    def word_tag(self, word: str) -> str | None:
        """jieba's part-of-speech tag of a word of the reports or questions (ns place, nr person …); None if unknown."""
        return self._segmenter.tag(word) if self._segmenter is not None else None

    def begins_a_word(self, normalized: str) -> bool:
        """True if a word of the reports is or starts with this text (公安 of 公安机关)."""
        return self.dictionary is not None and normalized in self.dictionary.freq

    def sentence_words(self, sentence_id: int) -> tuple[str, ...]:
        """A sentence's content words as the index segmented them."""
        joined = self.columns.words[sentence_id]
        return tuple(joined.split(WORD_SEPARATOR)) if joined else ()

    def normalized_article(self, article_id: int) -> str:
        """An article's title, metadata and body in matching form, for coverage checks."""
        return self.columns.article_text[article_id]

    def sentence_ids_of_article(self, article_id: int) -> range:
        """The ids of an article's sentences, in order."""
        return range(*self._article_bounds(article_id))

    def _article_bounds(self, article_id: int) -> tuple[int, int]:
        return int(self._article_start[article_id]), int(self._article_start[article_id + 1])

    def contains_text(self, normalized: str) -> bool:
        """True if some sentence contains this matching-form string (found via its bigrams' postings)."""
        grams = [normalized[i : i + 2] for i in range(len(normalized) - 1)] or [normalized]
        candidates: IntArray | None = None
        for gram in grams:
            ids = self.fields.sentence_grams.documents_with(gram)
            candidates = ids if candidates is None else np.intersect1d(candidates, ids, assume_unique=True)
            if len(candidates) == 0:
                return False
        return candidates is not None and any(normalized in self.columns.normalized[int(i)] for i in candidates)

    @cached_property
    def header_texts(self) -> tuple[str, ...]:
        """Each article's header words (title, subtitle, publisher, authors, editor) in matching form."""
        # One normalisation over all headers (OpenCC per call costs more than per character).
        joined = normalize(HEADER_SEPARATOR.join(article_header(article) for article in self.articles))
        return tuple(joined.split(HEADER_SEPARATOR)) if self.articles else ()

    @cached_property
    def header_blob(self) -> str:
        """Every article's header in matching form, joined: one substring search asks "is it in a header?"."""
        return HEADER_SEPARATOR.join(self.header_texts)

    def articles_containing(self, normalized: str) -> list[int]:
        """The articles whose header or body contains this matching-form string, in folder order."""
        field = self.fields.article_grams
        grams = [normalized[i : i + 2] for i in range(len(normalized) - 1)] or [normalized]
        candidates: IntArray = np.arange(len(self.articles), dtype=np.int64)
        # Grams across a function word are not indexed (「的X」): those only the text check can see.
        for gram in (g for g in grams if field.idf(g) is not None):
            candidates = np.intersect1d(candidates, field.documents_with(gram), assume_unique=True)
            if len(candidates) == 0:
                return []
        return [int(a) for a in candidates if normalized in self.columns.article_text[int(a)]]

    def rank(self, question: Analysis, k: int, within: Sequence[int] | None = None) -> list[Hit]:
        """The k best sentences for an analysed question, best first, ties by corpus order; [] if none.

        `within` restricts the answer to those articles (a follow-up about 「这篇」): every one of
        their sentences is a candidate.
        """
        if not question.words and not question.grams:
            return []
        if within is None:
            pool = self._pool(question)
        else:
            ranges = [np.arange(*self._article_bounds(a), dtype=np.int64) for a in sorted(set(within))]
            pool = np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)
        if len(pool) == 0:
            return []
        fused = self._fused_scores(question, pool)
        if self.config.type_weight:
            fused += self.config.type_weight * self._type_matches(question, pool)
        order = np.lexsort((pool, -fused))[:k]
        return [Hit(int(pool[i]), float(fused[i])) for i in order if fused[i] > 0]

    def _pool(self, question: Analysis) -> IntArray:
        """Candidates: each sentence field's best, and every sentence of the best paragraphs and articles."""
        size, contexts = self.config.pool_size, self.config.pool_contexts
        parts: list[IntArray] = [
            self.fields.sentence_words.top_k(question.words, size)[0],
            self.fields.sentence_grams.top_k(question.grams, size)[0],
        ]
        for starts, index in (
            (self._paragraph_start, self.fields.paragraph_grams),
            (self._article_start, self.fields.article_grams),
        ):
            for doc in index.top_k(question.grams, contexts)[0]:
                parts.append(np.arange(starts[doc], starts[doc + 1], dtype=np.int64))
        return np.unique(np.concatenate(parts))

    def _fused_scores(self, question: Analysis, pool: IntArray) -> FloatArray:
        config = self.config
        fused = np.zeros(len(pool))
        for weight, index, query, docs in (
            (config.word_weight, self.fields.sentence_words, question.words, pool),
            (config.gram_weight, self.fields.sentence_grams, question.grams, pool),
            (
                config.paragraph_weight,
                self.fields.paragraph_grams,
                question.grams,
                self.columns.sentence_paragraph[pool],
            ),
            (config.article_weight, self.fields.article_grams, question.grams, self.corpus.sentences.article[pool]),
        ):
            if weight == 0 or not query:
                continue
            _, best = index.top_k(query, 1)
            if len(best) == 0:
                continue
            fused += weight * index.scores_for(query, docs) / best[0]
        return fused

    def _type_matches(self, question: Analysis, pool: IntArray) -> FloatArray:
        """1.0 for sentences holding an answer of the asked type the question does not state."""
        wanted = expected_type(question.normalized)
        if wanted is AnswerType.NONE:
            return np.zeros(len(pool))
        return np.array(
            [holds_new_candidate(wanted, self.columns.normalized[int(i)], question.normalized) for i in pool],
            dtype=np.float64,
        )


def analyze_texts(texts: Sequence[str], *, workers: int = 1, progress: Progress | None = None) -> Iterator[Analysis]:
    """Analyse texts in order, on `workers` processes when there are many (jieba is the cost)."""
    total = len(texts)
    if workers <= 1 or total < PARALLEL_MIN_SENTENCES:
        for done, text in enumerate(texts, 1):
            yield analyze(text)
            if progress and done % CHUNK_SENTENCES == 0:
                progress(done, total)
    else:
        from concurrent.futures import Future, ProcessPoolExecutor  # only big builds pay for importing it

        done = 0
        starts = iter(range(0, total, CHUNK_SENTENCES))
        window: deque[Future[list[Analysis]]] = deque()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # A bounded window of chunks in flight: results are consumed in order, and workers
            # never run far enough ahead to pile a million analyses up in memory.
            for start in islice(starts, workers * IN_FLIGHT_PER_WORKER):
                window.append(pool.submit(_analyze_batch, list(texts[start : start + CHUNK_SENTENCES])))
            while window:
                batch = window.popleft().result()
                upcoming = next(starts, None)
                if upcoming is not None:
                    window.append(pool.submit(_analyze_batch, list(texts[upcoming : upcoming + CHUNK_SENTENCES])))
                yield from batch
                done += len(batch)
                if progress:
                    progress(done, total)
    if progress:
        progress(total, total)


def _analyze_batch(texts: list[str]) -> list[Analysis]:
    return [analyze(text) for text in texts]


def article_header(article: Article) -> str:
    """The header words an article is also found by: title, subtitle, publisher, authors, editor."""
    parts: Iterable[str | None] = (article.title, article.subtitle, article.publisher, *article.authors, article.editor)
    return " ".join(part for part in parts if part)


_NAME_PART_RE = re.compile(r"[\s\-—–·・/|｜,，、]+")


def header_names(articles: Iterable[Article]) -> list[tuple[str, str]]:
    """(name, tag) for publishers ("nt", each part of 「梧州零距離網-梧州日報」), authors and editors ("nr").

    In matching form, so jieba keeps 「香港商报网」 or 「李继远」 whole in reports and questions.
    """
    names: dict[str, str] = {}
    for article in articles:
        for part in _NAME_PART_RE.split(article.publisher or ""):
            names.setdefault(normalize(part), "nt")
        for person in (*article.authors, article.editor or ""):
            names.setdefault(normalize(person), "nr")
    return [(name, tag) for name, tag in names.items() if name]


def build_index(
    corpus: Corpus,
    config: RankingConfig | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> ReportIndex:
    """Analyse every sentence once and stream it into the four BM25 fields."""
    config = config or RankingConfig()
    prepare_segmenter()  # report text is always segmented with jieba's full dictionary
    with known_words(header_names(corpus.articles)):
        return _build(corpus, config, workers, progress)


def _build(corpus: Corpus, config: RankingConfig, workers: int, progress: Progress | None) -> ReportIndex:
    sentences = corpus.sentences
    dictionary = DictionaryCollector()
    words_field = Bm25Builder(config.sentence_params)
    grams_field = Bm25Builder(config.sentence_params)
    paragraph_field = Bm25Builder(config.context_params)
    article_field = Bm25Builder(config.context_params)
    headers = [analyze(article_header(article)) for article in corpus.articles]
    # Title expansion: a sentence's documents also hold its article title's tokens (EVALUATION.md).
    no_title = Analysis("", (), ())
    titles = [analyze(a.title) if config.title_in_sentences else no_title for a in corpus.articles]
    heading_cache: dict[str, Analysis] = {}
    paragraph_of: list[int] = []
    normalized: list[str] = []
    words: list[str] = []
    article_texts: list[str] = [header.normalized for header in headers]
    paragraph_bag: list[str] = []
    article_bag: list[str] = []
    current_paragraph: tuple[int, int] | None = None
    current_article = -1
    texts = sentences.texts
    for position, analysis in enumerate(analyze_texts(texts, workers=workers, progress=progress)):
        article = int(sentences.article[position])
        key = (article, int(sentences.paragraph[position]))
        if key != current_paragraph:
            if current_paragraph is not None:
                paragraph_field.add(paragraph_bag)
            current_paragraph = key
            heading = sentences[position].heading
            paragraph_bag = list(_heading_analysis(heading, heading_cache).grams) if heading else []
        if article != current_article:
            _flush_articles(article_field, article_bag, current_article, article, headers)
            current_article = article
            article_bag = list(headers[article].grams)
        paragraph_bag.extend(analysis.grams)
        article_bag.extend(analysis.grams)
        words_field.add(analysis.words + titles[article].words)
        grams_field.add(analysis.grams + titles[article].grams)
        paragraph_of.append(paragraph_field.document_count)
        normalized.append(analysis.normalized)
        dictionary.add(analysis.tokens)
        words.append(WORD_SEPARATOR.join(analysis.words))
        article_texts[article] += " " + analysis.normalized
    paragraph_field.add(paragraph_bag)
    _flush_articles(article_field, article_bag, current_article, len(corpus.articles), headers)
    columns = Columns(
        np.array(paragraph_of, dtype=np.int64),
        StringTable.from_strings(normalized),
        StringTable.from_strings(words),
        StringTable.from_strings(article_texts),
    )
    built = Fields(words_field.finish(), grams_field.finish(), paragraph_field.finish(), article_field.finish())
    for header in headers:
        dictionary.add(header.tokens)
    log.info("indexed %d sentences of %d reports", len(sentences), len(corpus.articles))
    return ReportIndex(corpus, built, columns, config, dictionary.finish())


def _flush_articles(
    builder: Bm25Builder, bag: list[str], current: int, upcoming: int, headers: Sequence[Analysis]
) -> None:
    """Close the current article and add any articles between it and the upcoming one (kept aligned)."""
    if current >= 0:
        builder.add(bag)
    for skipped in range(current + 1, upcoming):
        builder.add(list(headers[skipped].grams))


def _heading_analysis(heading: str, cache: dict[str, Analysis]) -> Analysis:
    if heading not in cache:
        cache[heading] = analyze(heading)
    return cache[heading]
