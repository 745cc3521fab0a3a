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
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property, partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.models import Article, Hit, Sentence
from qa.reports.listing import Corpus
from qa.script import normalize
from qa.search.answer_type import AnswerType, expected_type, holds_new_candidate
from qa.search.bm25 import Bm25Builder, Bm25Index, Bm25Params, FloatArray, IntArray
from qa.search.fusion import FieldQuery, distinct, fused_candidates
from qa.search.text import (
    Analysis,
    Dictionary,
    DictionaryCollector,
    QuestionSegmenter,
    analyze,
    known_words,
    prepare_segmenter,
)
from qa.table import StringTable, _Rows, load_arrays, save_arrays

if TYPE_CHECKING:  # qa.search.segments is imported by a build only
    from qa.search.segments import KnownTerms

log = logging.getLogger(__name__)

WORD_SEPARATOR = "\x1f"
HEADER_SEPARATOR = "\ue000"  # a private-use character: NFKC, OpenCC and lower() leave it alone
PARALLEL_MIN_SENTENCES = 10_000  # fewer are analysed in the calling process: a pool costs ~1 s to start
CHUNK_SENTENCES = 2_000
IN_FLIGHT_PER_WORKER = 3
HEADER_LOOKUPS_KEPT = (
    10_000  # texts `in_a_header` remembers (a search of every header costs up to ~0.2 ms at 25k reports)
)
ARTICLE_DEPTH = 30  # best articles the refusal's margins read (qa.answers.refusal.MARGIN_HITS)
BATCH_SENTENCES = 10_000  # sentences a segment holds when a build is bounded (QA_BUILD_BATCH_SENTENCES)

Progress = Callable[[int, int], None]  # (done, total) within the current stage


def begin_stage(progress: Progress | None, stage: str) -> None:
    """Tell a progress display that shows stages (it has a `begin(stage)` method) that one starts.

    Stages: "reading" (a cached build's files), "analysing" (jieba), "merging <field>" (the parts'
    segments), "saving".
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
        self._in_headers: dict[str, bool] = {}
        # Fields whose documents many pool sentences share are scored first (one paragraph's or
        # article's score settles the bound of all its sentences): on the 1M benchmark's questions
        # this order leaves 44% of the lookups, sentence grams first 59%.
        self._scoring_order = (
            fields.paragraph_grams,
            fields.article_grams,
            fields.sentence_grams,
            fields.sentence_words,
        )

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

    def in_a_header(self, normalized: str) -> bool:
        """True if some article's header holds this matching-form text (remembered: one question asks thrice)."""
        found = self._in_headers.get(normalized)
        if found is None:
            if len(self._in_headers) >= HEADER_LOOKUPS_KEPT:
                self._in_headers.clear()
            found = self._in_headers[normalized] = normalized in self.header_blob
        return found

    def articles_containing(
        self, normalized: str, *, outside: Container[int] = (), limit: int | None = None
    ) -> list[int]:
        """The articles whose header or body contains this matching-form string, in folder order.

        `outside` leaves those articles out and `limit` stops at that many: 「does any other report
        say it?」 reads one match, not every report that does (a common word is in thousands).
        `outside` may be any container (qa.answers.article_answers.NamedScope decides membership
        only when asked): it is asked only about articles whose text holds the string.
        """
        candidates = self.article_candidates(normalized)
        if isinstance(outside, Sequence) and len(outside):  # a plain list: left out before any text is read
            keep = np.ones(len(self.articles), dtype=bool)
            keep[list(outside)] = False
            candidates, outside = candidates[keep[candidates]], ()
        found = self.columns.article_text.iter_containing(normalized, candidates)
        return list(islice((article for article in found if article not in outside), limit))

    def article_candidates(self, normalized: str) -> IntArray:
        """The articles whose grams could make up this string, ascending: a superset of `articles_containing`."""
        field = self.fields.article_grams
        grams = [normalized[i : i + 2] for i in range(len(normalized) - 1)] or [normalized]
        # Grams across a function word are not indexed (「的X」): those only the text check can see.
        candidates = _holding_all(field, [g for g in grams if field.idf(g) is not None])
        return np.arange(len(self.articles), dtype=np.int64) if candidates is None else candidates

    def article_says(self, article: int, normalized: str) -> bool:
        """True if the article's header or body contains this matching-form string."""
        return bool(self.columns.article_text.containing(normalized, np.array([article], dtype=np.int64), limit=1))

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
        pool, fused = self._fused_scores(question, pool, best, k)
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
        return distinct(np.concatenate(parts))[0]

    def _fused_scores(
        self, question: Analysis, pool: IntArray, best: dict[str, tuple[IntArray, FloatArray]], k: int
    ) -> tuple[IntArray, FloatArray]:
        """(the pool's sentences that can be among the k best, their exact fused scores), from `fused_candidates`.

        Scores a field's top documents already carry are reused; other documents are scored only
        while they can still reach the k best, the type bonus included.
        """
        config = self.config
        fields: list[FieldQuery] = []
        for weight, name, query, docs in (
            (config.word_weight, "sentence_words", question.words, pool),
            (config.gram_weight, "sentence_grams", question.grams, pool),
            (config.paragraph_weight, "paragraph_grams", question.grams, self.columns.sentence_paragraph[pool]),
            (config.article_weight, "article_grams", question.grams, self.corpus.sentences.article[pool]),
        ):
            top_docs, top_scores = best[name]
            if weight == 0 or not query or len(top_scores) == 0:
                continue
            fields.append(FieldQuery(weight, getattr(self.fields, name), query, docs, top_docs, top_scores))
        names = [field.index for field in fields]
        order = [names.index(index) for index in self._scoring_order if index in names]
        bonus = config.type_weight if expected_type(question.normalized) is not AnswerType.NONE else 0.0
        survivors, fused = fused_candidates(fields, order, len(pool), k, bonus)
        return pool[survivors], fused

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
        stream = iter(texts)  # read front to back, a chunk at a time (a run of parts opens one part at a time)
        window: deque[Future[list[Analysis]]] = deque()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # A bounded window of chunks in flight: results are consumed in order, and workers
            # never run far enough ahead to pile a million analyses up in memory.
            for _ in range(workers * IN_FLIGHT_PER_WORKER):
                if chunk := list(islice(stream, CHUNK_SENTENCES)):
                    window.append(pool.submit(_analyze_batch, chunk))
            while window:
                batch = window.popleft().result()
                if chunk := list(islice(stream, CHUNK_SENTENCES)):
                    window.append(pool.submit(_analyze_batch, chunk))
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
    from qa.reports.metadata import is_metadata_line  # the header rules: a build's, not a cached start's

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
    return _inner_headers(articles).strip()


def _inner_headers(articles: Iterable[Article]) -> str:
    """`normalized_headers` of a run of articles before the outer strip, so that runs join into the whole's.

    One normalisation over all headers (OpenCC per call costs more than per character); the
    separators around keep a space at either end as one run among others would keep it.
    """
    joined = HEADER_SEPARATOR.join(article_header(article) for article in articles)
    return normalize(HEADER_SEPARATOR + joined + HEADER_SEPARATOR)[1:-1]


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
    `batch_sentences` sentences are built one at a time and written there as parts, then
    merged with exact global statistics (`merge_parts`): the index equals the in-memory one
    array for array. The returned index then memory-maps files in `work_dir`, which must
    outlive it (or be saved with `save_index`).
    """
    config = config or RankingConfig()
    prepare_segmenter()  # report text is always segmented with jieba's full dictionary
    with known_words(header_names(corpus.articles)):
        if work_dir is None:
            whole = [lambda: corpus]
            (part,) = analyse_parts(whole, [len(corpus.sentences)], config, workers=workers, progress=progress)
            fields, columns = part.finish()
            dictionary = part.dictionary.finish()
        else:
            folders = []
            runs = split_corpus(corpus, batch_sentences)
            loaders = [partial(_same, run) for run in runs]
            sizes = [len(run.sentences) for run in runs]
            for number, part in enumerate(analyse_parts(loaders, sizes, config, workers=workers, progress=progress)):
                folders.append(work_dir / f"part-{number:05d}")
                folders[-1].mkdir(parents=True)
                part.save(folders[-1])
            (work_dir / "merged").mkdir()
            fields, columns, dictionary = merge_parts(folders, config, work_dir / "merged", progress)
    log.info("indexed %d sentences of %d reports", len(corpus.sentences), len(corpus.articles))
    return ReportIndex(corpus, fields, columns, config, dictionary)


def _same(corpus: Corpus) -> Corpus:
    return corpus


def split_corpus(corpus: Corpus, batch_sentences: int) -> list[Corpus]:
    """The corpus as runs of whole articles of at least `batch_sentences` sentences (the last may hold fewer)."""
    counts = corpus.sentence_counts()
    runs: list[Corpus] = []
    start = sentences = 0
    for article, count in enumerate(counts):
        sentences += count
        if sentences >= batch_sentences or article == len(counts) - 1:
            runs.append(corpus_slice(corpus, start, article + 1))
            start, sentences = article + 1, 0
    return runs


def corpus_slice(corpus: Corpus, start: int, end: int) -> Corpus:
    """Articles [start, end) as a corpus of their own (article numbers from 0)."""
    sentences = corpus.sentences
    low, high = (int(i) for i in np.searchsorted(sentences.article, [start, end]))
    return Corpus(corpus.articles[start:end], sentences.slice(low, high, article_base=start))


class PartBuilders:
    """The four fields' builders, the answer-step columns and the dictionary words of a run of whole articles."""

    def __init__(self, config: RankingConfig, articles: Sequence[Article]) -> None:
        self.fields = {
            "sentence_words": Bm25Builder(config.sentence_params),
            "sentence_grams": Bm25Builder(config.sentence_params),
            "paragraph_grams": Bm25Builder(config.context_params),
            "article_grams": Bm25Builder(config.context_params),
        }
        self.dictionary = DictionaryCollector()
        self.headers = _inner_headers(articles)
        self.paragraph_of: list[int] = []
        self.normalized: list[str] = []
        self.words: list[str] = []
        self.article_texts: list[str] = []

    def tables(self) -> dict[str, StringTable]:
        return {
            "normalized": StringTable.from_strings(self.normalized),
            "words": StringTable.from_strings(self.words),
            "article_text": StringTable.from_strings(self.article_texts),
        }

    def finish(self) -> tuple[Fields, Columns]:
        """The in-memory index of this run alone."""
        tables = self.tables()
        columns = Columns(
            np.array(self.paragraph_of, dtype=np.int64),
            tables["normalized"],
            tables["words"],
            tables["article_text"],
            StringTable.from_strings([self.headers.strip()]),
        )
        return Fields(**{name: builder.finish() for name, builder in self.fields.items()}), columns

    def save(self, folder: Path) -> None:
        """Write the run as a part (segments, columns, dictionary words) that `merge_parts` reads."""
        for name, builder in self.fields.items():
            (folder / name).mkdir()
            builder.save_segment(folder / name)
        save_arrays(folder, {"sentence_paragraph_id": np.array(self.paragraph_of, dtype=np.int64)})
        for name, table in self.tables().items():
            save_arrays(folder, table.arrays(name))
        save_arrays(folder, StringTable.from_strings(self.dictionary.collected()).arrays(PART_WORDS))
        save_arrays(folder, StringTable.from_strings([self.headers]).arrays("headers"))


PART_WORDS = "dictionary_words"


CorpusLoader = Callable[[], Corpus]  # a run of articles, opened when its turn comes


def analyse_parts(
    parts: Sequence[CorpusLoader],
    sizes: Sequence[int],
    config: RankingConfig,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> Iterator[PartBuilders]:
    """Each run of articles (of `sizes` sentences) analysed into its builders, in order.

    One analysis stream and one process pool serve every run; each run is opened only while
    it is read, so memory holds one run at a time. Must run inside `known_words` of the whole
    folder's header names.
    """
    analyses = analyze_texts(_Chained(parts, sizes), workers=workers, progress=progress)
    for load in parts:
        build = _PartBuild(load(), config)
        for position, analysis in zip(range(len(build.corpus.sentences)), analyses, strict=False):  # range first
            build.add(position, analysis)
        part = build.close()
        del build  # the caller saves the part and lets it go before the next one is built
        yield part
        del part
    next(analyses, None)  # lets the analysis report its last progress step


class _Chained(_Rows[str]):
    """The sentence texts of several runs read as one sequence, front to back, one run open at a time."""

    def __init__(self, parts: Sequence[CorpusLoader], sizes: Sequence[int]) -> None:
        self._parts = parts
        self._starts = np.cumsum([0, *sizes])
        self._open: tuple[int, Sequence[str]] | None = None

    def _texts(self, number: int) -> Sequence[str]:
        if self._open is None or self._open[0] != number:
            self._open = None  # let the previous run go first
            self._open = (number, self._parts[number]().sentences.texts)
        return self._open[1]

    def __len__(self) -> int:
        return int(self._starts[-1])

    def _row(self, index: int) -> str:
        number = int(np.searchsorted(self._starts, index, side="right")) - 1
        return self._texts(number)[index - int(self._starts[number])]

    def __iter__(self) -> Iterator[str]:
        for number in range(len(self._parts)):
            yield from self._texts(number)
            self._open = None


class _PartBuild:
    """One run's sentences, fed in order into its builders (paragraph and article documents as they close)."""

    def __init__(self, corpus: Corpus, config: RankingConfig) -> None:
        self.corpus = corpus
        self.part = PartBuilders(config, corpus.articles)
        self.headers = [analyze(article_header(article)) for article in corpus.articles]
        # Title expansion: a sentence's documents also hold its article title's tokens (EVALUATION.md).
        no_title = Analysis("", (), ())
        self.titles = [analyze(a.title) if config.title_in_sentences else no_title for a in corpus.articles]
        self.heading_cache: dict[str, Analysis] = {}
        self.paragraph_bag: list[str] = []
        self.article_bag: list[str] = []
        self.current_paragraph: tuple[int, int] | None = None
        self.current_article = -1
        self.next_article = 0  # the first article not yet added to the article field

    def add(self, position: int, analysis: Analysis) -> None:
        part, sentences = self.part, self.corpus.sentences
        article = int(sentences.article[position])
        key = (article, int(sentences.paragraph[position]))
        if key != self.current_paragraph:
            if self.current_paragraph is not None:
                part.fields["paragraph_grams"].add(self.paragraph_bag)
            self.current_paragraph = key
            heading = sentences[position].heading
            self.paragraph_bag = list(_heading_analysis(heading, self.heading_cache).grams) if heading else []
        if article != self.current_article:
            if self.current_article >= 0:
                part.fields["article_grams"].add(self.article_bag)
                self.next_article = self.current_article + 1
            self._skip_to(article)
            self.current_article = article
            self.article_bag = list(self.headers[article].grams)
            part.article_texts.append(self.headers[article].normalized)
        title = self.titles[article]
        self.paragraph_bag.extend(analysis.grams)
        self.article_bag.extend(analysis.grams)
        part.fields["sentence_words"].add(analysis.words + title.words)
        part.fields["sentence_grams"].add(analysis.grams + title.grams)
        part.paragraph_of.append(part.fields["paragraph_grams"].document_count)
        part.normalized.append(analysis.normalized)
        part.dictionary.add(analysis.tokens)
        part.words.append(WORD_SEPARATOR.join(analysis.words))
        part.article_texts[-1] += " " + analysis.normalized

    def close(self) -> PartBuilders:
        if self.current_paragraph is not None:
            self.part.fields["paragraph_grams"].add(self.paragraph_bag)
        if self.current_article >= 0:
            self.part.fields["article_grams"].add(self.article_bag)
            self.next_article = self.current_article + 1
        self._skip_to(len(self.corpus.articles))
        for header in self.headers:
            self.part.dictionary.add(header.tokens)
        return self.part

    def _skip_to(self, upcoming: int) -> None:
        """Add the articles in [next_article, upcoming) that have no sentence (kept aligned)."""
        for skipped in range(self.next_article, upcoming):
            self.part.fields["article_grams"].add(list(self.headers[skipped].grams))
            self.part.article_texts.append(self.headers[skipped].normalized)
        self.next_article = max(self.next_article, upcoming)


def merge_parts(
    folders: Sequence[Path],
    config: RankingConfig,
    target: Path,
    progress: Progress | None = None,
    known: Mapping[str, KnownTerms] | None = None,
) -> tuple[Fields, Columns, Dictionary]:
    """One index's fields, columns and dictionary slice over parts in order (saved by `PartBuilders.save`).

    Writes into `target` (which must exist) and memory-maps the result. `known` holds, by field,
    a previous merge's vocabulary and the ids the parts it shares with this one had there (an
    update then compares only new parts' terms). Must run inside `known_words` of the whole
    folder's header names (the dictionary slice reads jieba's).
    """
    from qa.search.segments import concatenate_columns, merge_segments, segment_documents  # not for a cached start

    fields = {}
    for name in FIELD_NAMES:
        (target / name).mkdir()
        params = config.sentence_params if name.startswith("sentence") else config.context_params
        begin_stage(progress, f"merging {name}")
        field_known = known.get(name) if known else None
        fields[name] = merge_segments(
            [folder / name for folder in folders], params, target / name, progress, known=field_known
        )
    paragraphs = [segment_documents(folder / "paragraph_grams") for folder in folders]
    arrays = concatenate_columns(
        folders, ("normalized", "words", "article_text"), {"sentence_paragraph_id": paragraphs}, target
    )
    headers = HEADER_SEPARATOR.join(_strings(folder, "headers")[0] for folder in folders).strip()
    arrays.update(StringTable.from_strings([headers]).arrays("headers"))
    dictionary = DictionaryCollector()
    words: set[bytes] = set()  # the parts share most words: each distinct one is decoded once
    for folder in folders:
        words.update(_strings(folder, PART_WORDS).byte_strings())
    dictionary.add_words(word.decode("utf-8") for word in words)
    return Fields(**fields), Columns.from_arrays(arrays), dictionary.finish()


def _heading_analysis(heading: str, cache: dict[str, Analysis]) -> Analysis:
    if heading not in cache:
        cache[heading] = analyze(heading)
    return cache[heading]


def _strings(folder: Path, prefix: str) -> StringTable:
    return StringTable.from_arrays(load_arrays(folder, (f"{prefix}_blob", f"{prefix}_offsets")), prefix)
