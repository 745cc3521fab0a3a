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
from pathlib import Path

import numpy as np

from qa.models import Article, Hit, Sentence
from qa.reports.corpus import Corpus
from qa.reports.metadata import is_metadata_line
from qa.script import normalize
from qa.search.answer_type import AnswerType, expected_type, holds_new_candidate
from qa.search.bm25 import Bm25Builder, Bm25Index, Bm25Params, FloatArray, IntArray
from qa.search.segments import concatenate_columns, merge_segments
from qa.search.text import (
    Analysis,
    Dictionary,
    DictionaryCollector,
    QuestionSegmenter,
    analyze,
    known_words,
    prepare_segmenter,
)
from qa.table import StringTable, save_arrays

log = logging.getLogger(__name__)

WORD_SEPARATOR = "\x1f"
HEADER_SEPARATOR = "\ue000"  # a private-use character: NFKC, OpenCC and lower() leave it alone
PARALLEL_MIN_SENTENCES = 20_000
CHUNK_SENTENCES = 2_000
IN_FLIGHT_PER_WORKER = 3
ARTICLE_DEPTH = 30  # best articles the refusal's margins read (qa.answers.refusal.MARGIN_HITS)
BATCH_SENTENCES = 100_000  # sentences a segment holds when a build is bounded (QA_BUILD_BATCH_SENTENCES)

Progress = Callable[[int, int], None]  # (done, total) within the current stage


def begin_stage(progress: Progress | None, stage: str) -> None:
    """Tell a progress display that shows stages (it has a `begin(stage)` method) that one starts.

    Stages: "analysing" (jieba), "merging <field>" (a bounded build's segments), "saving".
    """
    begin = getattr(progress, "begin", None)
    if callable(begin):
        begin(stage)


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
    headers: StringTable  # one string: every article's header in matching form, HEADER_SEPARATOR between

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to persist."""
        return {
            "sentence_paragraph_id": self.sentence_paragraph,
            **self.normalized.arrays("normalized"),
            **self.words.arrays("words"),
            **self.article_text.arrays("article_text"),
            **self.headers.arrays("headers"),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Columns:
        """Rebuild from `arrays()` output (possibly memory-mapped)."""
        return cls(
            arrays["sentence_paragraph_id"],
            StringTable.from_arrays(arrays, "normalized"),
            StringTable.from_arrays(arrays, "words"),
            StringTable.from_arrays(arrays, "article_text"),
            StringTable.from_arrays(arrays, "headers"),
        )

    ARRAY_NAMES = (
        "sentence_paragraph_id",
        "normalized_blob",
        "normalized_offsets",
        "words_blob",
        "words_offsets",
        "article_text_blob",
        "article_text_offsets",
        "headers_blob",
        "headers_offsets",
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
    def articles(self) -> Sequence[Article]:
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
        candidates = _holding_all(self.fields.sentence_grams, grams)
        return candidates is not None and bool(self.columns.normalized.containing(normalized, candidates, limit=1))

    @cached_property
    def header_texts(self) -> tuple[str, ...]:
        """Each article's header words (title, subtitle, publisher, authors, editor) in matching form."""
        return tuple(self.header_blob.split(HEADER_SEPARATOR)) if len(self.articles) else ()

    @cached_property
    def header_blob(self) -> str:
        """Every article's header in matching form, joined: one substring search asks "is it in a header?"."""
        return self.columns.headers[0]

    def articles_containing(self, normalized: str) -> list[int]:
        """The articles whose header or body contains this matching-form string, in folder order."""
        field = self.fields.article_grams
        grams = [normalized[i : i + 2] for i in range(len(normalized) - 1)] or [normalized]
        # Grams across a function word are not indexed (「的X」): those only the text check can see.
        candidates = _holding_all(field, [g for g in grams if field.idf(g) is not None])
        if candidates is None:
            candidates = np.arange(len(self.articles), dtype=np.int64)
        return self.columns.article_text.containing(normalized, candidates)

    def rank(self, question: Analysis, k: int, within: Sequence[int] | None = None) -> list[Hit]:
        """The k best sentences for an analysed question, best first, ties by corpus order; [] if none.

        `within` restricts the answer to those articles (a follow-up about 「这篇」): every one of
        their sentences is a candidate.
        """
        if not question.words and not question.grams:
            return []
        if within is None:
            best = self._field_bests(question, self.config.pool_size, self.config.pool_contexts)
            pool = self._pool(best, self.config.pool_contexts)
        else:
            best = self._field_bests(question, 1, 1)
            ranges = [np.arange(*self._article_bounds(a), dtype=np.int64) for a in sorted(set(within))]
            pool = np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)
        if len(pool) == 0:
            return []
        fused = self._fused_scores(question, pool, best)
        if self.config.type_weight:
            fused += self.config.type_weight * self._type_matches(question, pool, fused, k)
        order = np.lexsort((pool, -fused))[:k]
        for name in FIELD_NAMES:
            getattr(self.fields, name).release_pages()
        return [Hit(int(pool[i]), float(fused[i])) for i in order if fused[i] > 0]

    def _field_bests(self, question: Analysis, size: int, contexts: int) -> dict[str, tuple[IntArray, FloatArray]]:
        """Each field's top documents and their scores, each field scored once per question.

        Articles are ranked ARTICLE_DEPTH deep whatever `contexts` is: the refusal reads that
        many (Bm25Index.top_k keeps the last ranking, so it is not ranked twice).
        """
        return {
            "sentence_words": self.fields.sentence_words.top_k(question.words, size),
            "sentence_grams": self.fields.sentence_grams.top_k(question.grams, size),
            "paragraph_grams": self.fields.paragraph_grams.top_k(question.grams, contexts),
            "article_grams": self.fields.article_grams.top_k(question.grams, max(contexts, ARTICLE_DEPTH)),
        }

    def _pool(self, best: dict[str, tuple[IntArray, FloatArray]], contexts: int) -> IntArray:
        """Candidates: each sentence field's best, and every sentence of the best paragraphs and articles."""
        parts: list[IntArray] = [best["sentence_words"][0], best["sentence_grams"][0]]
        for starts, name in ((self._paragraph_start, "paragraph_grams"), (self._article_start, "article_grams")):
            for doc in best[name][0][:contexts]:
                parts.append(np.arange(starts[doc], starts[doc + 1], dtype=np.int64))
        return _distinct(np.concatenate(parts))[0]

    def _fused_scores(
        self, question: Analysis, pool: IntArray, best: dict[str, tuple[IntArray, FloatArray]]
    ) -> FloatArray:
        """The pool's fused scores: each field's exact scores of it, from `fuse`.

        Scores a field's top documents already carry are reused; only the other documents are scored.
        """
        config = self.config
        parts: list[FieldScores] = []
        for weight, name, query, docs in (
            (config.word_weight, "sentence_words", question.words, pool),
            (config.gram_weight, "sentence_grams", question.grams, pool),
            (config.paragraph_weight, "paragraph_grams", question.grams, self.columns.sentence_paragraph[pool]),
            (config.article_weight, "article_grams", question.grams, self.corpus.sentences.article[pool]),
        ):
            top_docs, top_scores = best[name]
            if weight == 0 or not query or len(top_scores) == 0:
                continue
            scores = _field_scores(getattr(self.fields, name), query, docs, top_docs, top_scores)
            parts.append(FieldScores(weight, scores, float(top_scores[0])))
        return fuse(parts, len(pool))

    def _type_matches(self, question: Analysis, pool: IntArray, fused: FloatArray, k: int) -> FloatArray:
        """1.0 for sentences holding an answer of the asked type the question does not state.

        Only sentences the bonus could lift into the top k are read: the bonus only adds, so the
        k-th best score without it is a floor the top k keeps, and a sentence below that floor
        even with the bonus stays out of the top k either way.
        """
        matches = np.zeros(len(pool))
        wanted = expected_type(question.normalized)
        if wanted is AnswerType.NONE:
            return matches
        floor = float(np.partition(fused, len(fused) - k)[len(fused) - k]) if len(fused) > k else -np.inf
        for position in np.flatnonzero(fused + self.config.type_weight >= floor):
            text = self.columns.normalized[int(pool[position])]
            matches[position] = holds_new_candidate(wanted, text, question.normalized)
        return matches


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


def _holding_all(field: Bm25Index, tokens: Sequence[str]) -> IntArray | None:
    """The documents holding every token, ascending (None when there are no tokens).

    Starts from the rarest token's postings and keeps the documents each other token's postings
    hold, found by binary search: a common token's long list is not read in full.
    """
    if not tokens:
        return None
    distinct = sorted(set(tokens), key=field.document_frequency)
    candidates = field.documents_with(distinct[0])
    for token in distinct[1:]:
        if len(candidates) == 0:
            break
        candidates = candidates[field.holds(token, candidates)]
    return candidates


def _distinct(values: IntArray) -> tuple[IntArray, IntArray]:
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


def _field_scores(
    index: Bm25Index, query: Sequence[str], docs: IntArray, known: IntArray, known_scores: FloatArray
) -> FloatArray:
    """Exact scores of `docs` (repeats allowed): known ones copied, each other distinct document scored once."""
    unique, inverse = _distinct(docs)
    scores = np.zeros(len(unique))
    order = np.argsort(known)
    position = np.searchsorted(known, unique, sorter=order).clip(max=max(len(known) - 1, 0))
    is_known = known[order[position]] == unique if len(known) else np.zeros(len(unique), dtype=bool)
    scores[is_known] = known_scores[order[position[is_known]]]
    if not is_known.all():
        scores[~is_known] = index.scores_for(query, unique[~is_known])
    return scores[inverse]


def analyze_texts(texts: Sequence[str], *, workers: int = 1, progress: Progress | None = None) -> Iterator[Analysis]:
    """Analyse texts in order, on `workers` processes when there are many (jieba is the cost)."""
    total = len(texts)
    begin_stage(progress, "analysing")
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
    """The header words an article is also found by: title, subtitle, publisher, authors, editor, and
    the by-line as written (「〔記者林志明／台北報導〕」 says where the report was filed from)."""
    byline = article.header_line("authors")
    parts: Iterable[str | None] = (
        article.title,
        article.subtitle,
        article.publisher,
        *article.authors,
        article.editor,
        byline if byline and not is_metadata_line(byline) else None,
    )
    return " ".join(part for part in parts if part)


def normalized_headers(articles: Iterable[Article]) -> str:
    """Every article's header words in matching form, HEADER_SEPARATOR between (see `ReportIndex.header_texts`)."""
    # One normalisation over all headers (OpenCC per call costs more than per character).
    return normalize(HEADER_SEPARATOR.join(article_header(article) for article in articles))


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
    work_dir: Path | None = None,
    batch_sentences: int = BATCH_SENTENCES,
) -> ReportIndex:
    """Analyse every sentence once and stream it into the four BM25 fields.

    Without `work_dir` everything is built in memory. With it, runs of whole articles of about
    `batch_sentences` sentences are built one at a time and written there as segments, then
    merged with exact global statistics (`qa.search.segments`): memory is bounded by the batch, not the
    folder, and the index equals the in-memory one array for array. The returned index then
    memory-maps files in `work_dir`, which must outlive it (or be saved with `save_index`).
    """
    config = config or RankingConfig()
    prepare_segmenter()  # report text is always segmented with jieba's full dictionary
    with known_words(header_names(corpus.articles)):
        return _Build(corpus, config, work_dir, batch_sentences, progress).run(workers)


class _Part:
    """The four fields' builders and the answer-step columns of a run of whole articles."""

    def __init__(self, config: RankingConfig, paragraph_base: int) -> None:
        self.fields = {
            "sentence_words": Bm25Builder(config.sentence_params),
            "sentence_grams": Bm25Builder(config.sentence_params),
            "paragraph_grams": Bm25Builder(config.context_params),
            "article_grams": Bm25Builder(config.context_params),
        }
        self.paragraph_base = paragraph_base
        self.paragraph_of: list[int] = []
        self.normalized: list[str] = []
        self.words: list[str] = []
        self.article_texts: list[str] = []

    def add_article(self, bag: list[str]) -> None:
        self.fields["article_grams"].add(bag)

    def add_paragraph(self, bag: list[str]) -> None:
        self.fields["paragraph_grams"].add(bag)

    def columns(self) -> dict[str, StringTable]:
        return {
            "normalized": StringTable.from_strings(self.normalized),
            "words": StringTable.from_strings(self.words),
            "article_text": StringTable.from_strings(self.article_texts),
        }


class _Build:
    """One build: sentences analysed in order, fed into parts, the parts kept or merged."""

    def __init__(
        self,
        corpus: Corpus,
        config: RankingConfig,
        work_dir: Path | None,
        batch_sentences: int,
        progress: Progress | None,
    ) -> None:
        self.corpus = corpus
        self.progress = progress
        self.config = config
        self.work_dir = work_dir
        self.batch = batch_sentences if work_dir is not None else len(corpus.sentences) + 1
        self.saved: list[Path] = []
        self.paragraphs = 0
        self.headers = [analyze(article_header(article)) for article in corpus.articles]
        # Title expansion: a sentence's documents also hold its article title's tokens (EVALUATION.md).
        no_title = Analysis("", (), ())
        self.titles = [analyze(a.title) if config.title_in_sentences else no_title for a in corpus.articles]

    def run(self, workers: int) -> ReportIndex:
        corpus, headers, titles = self.corpus, self.headers, self.titles
        sentences = corpus.sentences
        dictionary = DictionaryCollector()
        heading_cache: dict[str, Analysis] = {}
        part = _Part(self.config, 0)
        paragraph_bag: list[str] = []
        article_bag: list[str] = []
        current_paragraph: tuple[int, int] | None = None
        current_article = -1
        next_article = 0  # the first article not yet added to the article field
        for position, analysis in enumerate(analyze_texts(sentences.texts, workers=workers, progress=self.progress)):
            article = int(sentences.article[position])
            key = (article, int(sentences.paragraph[position]))
            if key != current_paragraph:
                if current_paragraph is not None:
                    part.add_paragraph(paragraph_bag)
                current_paragraph = key
                heading = sentences[position].heading
                paragraph_bag = list(_heading_analysis(heading, heading_cache).grams) if heading else []
            if article != current_article:
                if current_article >= 0:
                    part.add_article(article_bag)
                    next_article = current_article + 1
                    if len(part.normalized) >= self.batch:
                        part = self._close(part)
                next_article = self._skip_to(part, next_article, article)
                current_article = article
                article_bag = list(headers[article].grams)
                part.article_texts.append(headers[article].normalized)
            paragraph_bag.extend(analysis.grams)
            article_bag.extend(analysis.grams)
            part.fields["sentence_words"].add(analysis.words + titles[article].words)
            part.fields["sentence_grams"].add(analysis.grams + titles[article].grams)
            part.paragraph_of.append(part.paragraph_base + part.fields["paragraph_grams"].document_count)
            part.normalized.append(analysis.normalized)
            dictionary.add(analysis.tokens)
            part.words.append(WORD_SEPARATOR.join(analysis.words))
            part.article_texts[-1] += " " + analysis.normalized
        if current_paragraph is not None:
            part.add_paragraph(paragraph_bag)
        if current_article >= 0:
            part.add_article(article_bag)
            next_article = current_article + 1
        self._skip_to(part, next_article, len(corpus.articles))
        for header in headers:
            dictionary.add(header.tokens)
        fields, columns = self._finish(part)
        log.info("indexed %d sentences of %d reports", len(sentences), len(corpus.articles))
        return ReportIndex(corpus, fields, columns, self.config, dictionary.finish())

    def _skip_to(self, part: _Part, start: int, upcoming: int) -> int:
        """Add the articles in [start, upcoming) that have no sentence (kept aligned); returns `upcoming`."""
        for skipped in range(start, upcoming):
            part.add_article(list(self.headers[skipped].grams))
            part.article_texts.append(self.headers[skipped].normalized)
        return max(start, upcoming)

    def _close(self, part: _Part) -> _Part:
        """Write a finished part as segments under the work folder; the next part continues its numbering."""
        assert self.work_dir is not None  # noqa: S101 - parts close early only when built in segments
        folder = self.work_dir / f"part-{len(self.saved):05d}"
        folder.mkdir(parents=True)
        for name, builder in part.fields.items():
            (folder / name).mkdir()
            builder.save_segment(folder / name)
        columns = part.columns()
        save_arrays(folder, {"sentence_paragraph_id": np.array(part.paragraph_of, dtype=np.int64)})
        for name, table in columns.items():
            save_arrays(folder, table.arrays(name))
        self.saved.append(folder)
        self.paragraphs = part.paragraph_base + part.fields["paragraph_grams"].document_count
        return _Part(self.config, self.paragraphs)

    def _finish(self, part: _Part) -> tuple[Fields, Columns]:
        headers = StringTable.from_strings([normalized_headers(self.corpus.articles)])
        if self.work_dir is None:
            tables = part.columns()
            columns = Columns(
                np.array(part.paragraph_of, dtype=np.int64),
                tables["normalized"],
                tables["words"],
                tables["article_text"],
                headers,
            )
            return Fields(**{name: builder.finish() for name, builder in part.fields.items()}), columns
        if part.normalized or part.fields["article_grams"].document_count:
            self._close(part)
        del part
        merged = self.work_dir / "merged"
        merged.mkdir()
        fields = {}
        for name in FIELD_NAMES:
            (merged / name).mkdir()
            params = self.config.sentence_params if name.startswith("sentence") else self.config.context_params
            begin_stage(self.progress, f"merging {name}")
            fields[name] = merge_segments(
                [folder / name for folder in self.saved], params, merged / name, self.progress
            )
        arrays = concatenate_columns(
            self.saved, ("normalized", "words", "article_text"), "sentence_paragraph_id", merged
        )
        arrays.update(headers.arrays("headers"))
        return Fields(**fields), Columns.from_arrays(arrays)


def _heading_analysis(heading: str, cache: dict[str, Analysis]) -> Analysis:
    if heading not in cache:
        cache[heading] = analyze(heading)
    return cache[heading]
