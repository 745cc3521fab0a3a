"""Answer questions about the articles themselves by quoting the header line a fact was read from.

「梧州那篇报道的作者有哪些人?」 is answered with the report's own by-line, under its article; the
question's other words (a place, words of the title, the outlet, an author) choose the article.
When no word names one and several reports qualify, every report's value is listed, never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from qa.answers.article_questions import ArticleField, ArticleQuestion, QuestionKind
from qa.answers.function_words import is_unwritten_function_word
from qa.models import Answer, AnswerItem, AnswerKind, Article, Refusal, Script, Span
from qa.script import convert_script, is_cjk, normalize, normalize_with_offsets
from qa.search.bm25 import IntArray
from qa.search.index import ReportIndex
from qa.search.stopwords import is_frame_word
from qa.search.text import Analysis

HEADER_MATCH = 1.0  # a word of the title, outlet or by-line names the article more surely …
BODY_MATCH = 0.5  # … than the same word somewhere in its body
TIE = 0.999
PROPERTY_LABEL = "（文件属性）"
FIELD_LABELS = {
    ArticleField.AUTHORS: "作者",
    ArticleField.DATE: "日期",
    ArticleField.PUBLISHER: "来源",
    ArticleField.EDITOR: "编辑",
    ArticleField.TITLE: "标题",
    ArticleField.SUBTITLE: "副标题",
}
LISTED_ARTICLES = 10  # a question about "the" article, in a folder of at most this many, lists them all


def answer_about_articles(
    index: ReportIndex,
    question: ArticleQuestion,
    analysis: Analysis,
    script: Script,
    *,
    k: int,
    article: int | None = None,
) -> Answer | None:
    """The answer to a question about the articles; None when it turns out to be about content.

    Args:
        article: the article the conversation is about (the last answer's), used when the
            question names none.
    """
    match question.kind:
        case QuestionKind.MENTION:
            return _mentions(index, question.rest, analysis, script, k)
        case QuestionKind.WORKS:
            return _works(index, question.rest, analysis, script)
        case QuestionKind.CREDIT:
            return _credit(index, question.rest, analysis, script)
        case QuestionKind.FIELD:
            assert question.field is not None  # noqa: S101 - FIELD questions always name one
            rest = index.analyze_question(question.rest)
            reply = _field(index, question.field, rest, script, article, question.explicit)
            # Without a word pointing at an article, a fact no header states is a content question,
            # unless the conversation points at one (「第三篇是谁写的」 of a report with no by-line).
            return reply if reply.found or question.explicit or article is not None else None


def naming_words(index: ReportIndex, analysis: Analysis) -> list[str]:
    """The question's words that can name an article or a topic: not frame words, lone characters, counts of
    articles (两篇) or spoken pointing words no report writes (那边, 这是: qa.answers.function_words)."""
    return [
        word
        for word in dict.fromkeys(analysis.words)
        if not is_frame_word(word)
        and not (len(word) == 1 and is_cjk(word))
        and not word.endswith("篇")
        and not is_unwritten_function_word(index, word)
    ]


def choose_articles(index: ReportIndex, words: Sequence[str], *, header_only: bool = False) -> list[tuple[int, float]]:
    """Articles ranked by the naming words they hold, best first; [] if none holds any.

    Each word weighs log(1 + N/df) over articles (rare words name an article more surely), fully
    when it is in the article's header, half when only in its body (not at all if `header_only`).
    """
    count = len(index.articles)
    scores: dict[int, float] = {}
    for word in words:
        holders = index.articles_containing(word)
        if not holders:
            continue
        weight = math.log(1 + count / len(holders))
        for article in holders:
            where = HEADER_MATCH if word in index.header_texts[article] else 0.0 if header_only else BODY_MATCH
            if where:
                scores[article] = scores.get(article, 0.0) + weight * where
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def _best(scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The top article and any tied with it."""
    if not scored:
        return []
    top = scored[0][1]
    return [pair for pair in scored if pair[1] >= top * TIE]


def _field(
    index: ReportIndex,
    field: ArticleField,
    analysis: Analysis,
    script: Script,
    article: int | None,
    explicit: bool,
) -> Answer:
    words = naming_words(index, analysis)  # 「这是哪个网站报道的」: 这是 names no article
    chosen: list[tuple[int, float]]
    if words:
        chosen = _best(choose_articles(index, words, header_only=not explicit))
        if not chosen:
            missing = tuple(words)
            return Answer(analysis.normalized, (), script, missing, refusal=Refusal.NOT_COVERED)
    elif article is not None:
        chosen = [(article, 1.0)]
    elif len(index.articles) <= LISTED_ARTICLES:
        chosen = [(number, 1.0) for number in range(len(index.articles))]
    else:
        return Answer(analysis.normalized, (), script, refusal=Refusal.WHICH_ARTICLE, asked_field=field.value)
    items = [
        item
        for number, score in chosen[:LISTED_ARTICLES]
        if (item := field_item(index.articles[number], field, script, score))
    ]
    if not items:
        return Answer(analysis.normalized, (), script, refusal=Refusal.NOT_STATED, asked_field=field.value)
    return Answer(analysis.normalized, tuple(items), script, listing=len(items) > 1, asked_field=field.value)


def field_values(article: Article, field: ArticleField) -> tuple[str, ...]:
    """What the article's header says for a field ((), if nothing)."""
    match field:
        case ArticleField.AUTHORS:
            return article.authors
        case ArticleField.DATE:
            return (article.date,) if article.date else ()
        case ArticleField.PUBLISHER:
            return (article.publisher,) if article.publisher else ()
        case ArticleField.EDITOR:
            return (article.editor,) if article.editor else ()
        case ArticleField.TITLE:
            return (article.title,)
        case ArticleField.SUBTITLE:
            return (article.subtitle,) if article.subtitle else ()


def field_item(article: Article, field: ArticleField, script: Script, score: float = 1.0) -> AnswerItem | None:
    """The header line a field was read from, quoted, with the value marked; None if not stated."""
    values = field_values(article, field)
    if not values:
        return None
    # A value read from the file's own properties (a Word author, a PDF date) has no line in the
    # text: the quotation is the property, labelled as such.
    line = article.header_line(field.value) or f"{PROPERTY_LABEL}{FIELD_LABELS[field]}：{'、'.join(values)}"
    display = convert_script(line, script, source_script=article.script)
    return AnswerItem(
        article=article,
        text=line,
        display=display,
        context_before=(),
        context_after=(),
        heading=None,
        score=score,
        highlights=_spans_of(display, values),
        kind=AnswerKind.METADATA,
        field=field.value,
    )


def _spans_of(display: str, values: Iterable[str]) -> tuple[Span, ...]:
    """Where the values (a date is matched in any of its written forms' digits) stand in the line."""
    normalized, offsets = normalize_with_offsets(display)
    spans: list[Span] = []
    for value in values:
        target = normalize(value)
        start = normalized.find(target)
        if start == -1:
            continue
        spans.append(Span(offsets[start], offsets[start + len(target) - 1] + 1))
    return tuple(sorted(spans, key=lambda span: span.start))


def _mentions(index: ReportIndex, rest: str, analysis: Analysis, script: Script, k: int) -> Answer:
    """Which reports mention something: the first sentence of each that contains it.

    A thing the reports write with marks or words between (「诛雀行动」 as 「“诛雀”行动」) is
    mentioned where one sentence holds every word of it.
    """
    term = normalize(rest)
    if index.articles_containing(term):
        return _listed_mentions(index, rest, [term], analysis, script, k)
    words = [word for word in index.analyze_question(rest).words if not is_frame_word(word)]
    return _listed_mentions(index, rest, words, analysis, script, k)


def _listed_mentions(
    index: ReportIndex, rest: str, words: Sequence[str], analysis: Analysis, script: Script, k: int
) -> Answer:
    """The first sentence of each article that holds every one of the words (its title, if only that does)."""
    holders = [set(index.articles_containing(word)) for word in words]
    candidates = sorted(set.intersection(*holders)) if holders else []
    items: list[AnswerItem] = []
    for number in candidates[: max(k, LISTED_ARTICLES)]:
        sentence_id = next(
            (
                sid
                for sid in index.sentence_ids_of_article(number)
                if all(word in index.columns.normalized[sid] for word in words)
            ),
            None,
        )
        article = index.articles[number]
        if sentence_id is None:  # only the header says it (quote the title), or no one place says it all
            header = index.header_texts[number]
            item = field_item(article, ArticleField.TITLE, script)
            if item is not None and all(word in header for word in words):
                items.append(item)
            continue
        text = index.sentences[sentence_id].text
        display = convert_script(text, script, source_script=article.script)
        spans = _spans_of(display, (rest,)) or _spans_of(display, words)
        items.append(AnswerItem(article, text, display, (), (), None, 1.0, spans, kind=AnswerKind.MENTION, field=None))
    if not items:
        # Name only what no report holds: 「黑龙江的公益诉讼」 is not said, though each of its words is.
        missing = tuple(word for word, held in zip(words, holders, strict=True) if not held)
        return Answer(
            analysis.normalized, (), script, missing if len(words) > 1 else (rest,), refusal=Refusal.NOT_COVERED
        )
    return Answer(analysis.normalized, tuple(items), script, listing=len(items) > 1)


def _works(index: ReportIndex, rest: str, analysis: Analysis, script: Script) -> Answer | None:
    """What a named author, editor or outlet wrote: the titles of their articles; None if no one is named."""
    name = normalize(rest)
    if not name:
        return None
    chosen = [
        number
        for number, header in enumerate(index.header_texts)
        if name in header and _is_credited(index.articles[number], name)
    ]
    titles = (field_item(index.articles[number], ArticleField.TITLE, script) for number in chosen[:LISTED_ARTICLES])
    items = [item for item in titles if item is not None]
    if not items:
        return None
    return Answer(analysis.normalized, tuple(items), script, listing=len(items) > 1, asked_field="title")


def _credit(index: ReportIndex, rest: str, analysis: Analysis, script: Script) -> Answer | None:
    """Who a name is, as the headers crediting it say: the by-line, editor or outlet line; None if none does.

    「张晓磊是谁」 of a report signed 「（记者 张晓磊）」 is answered by that line, not by whatever
    sentence ranks first for a name the body never writes.
    """
    name = normalize(rest)
    items: list[AnswerItem] = []
    for number, header in enumerate(index.header_texts):
        if name not in header or len(items) >= LISTED_ARTICLES:
            continue
        article = index.articles[number]
        for field in (ArticleField.AUTHORS, ArticleField.EDITOR, ArticleField.PUBLISHER):
            if any(name in normalize(value) for value in field_values(article, field)):
                item = field_item(article, field, script)
                if item is not None:
                    items.append(item)
                break
    if not items:
        return None
    return Answer(analysis.normalized, tuple(items), script, listing=len(items) > 1, asked_field=items[0].field)


def _is_credited(article: Article, name: str) -> bool:
    """True if the name is (part of) the article's author, editor or outlet."""
    credits = (*article.authors, article.editor or "", article.publisher or "")
    return any(name in normalize(credit) for credit in credits if credit)


# jieba's tags for words that name a place, person or organisation (and header names, tagged so).
ENTITY_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})


def entity_words(index: ReportIndex, analysis: Analysis) -> list[str]:
    """The question's place, person and organisation words that some article names in its header.

    jieba's tags alone are noisy (it tags 东西 and 城市 as places); a word an article's title,
    outlet or by-line carries (「黑龙江政法队伍…」, 「梧州日报」) is what reports are told apart by.
    """
    asked = _asked_for(analysis.tokens)
    return [
        word
        for word in naming_words(index, analysis)
        if word not in asked and index.word_tag(word) in ENTITY_TAGS and index.in_a_header(word)
    ]


_WHICH = frozenset({"哪", "哪个", "哪一个", "哪一", "哪些", "哪座", "哪家", "哪位", "什么", "何", "哪一座", "几个"})


def _asked_for(tokens: Sequence[str]) -> set[str]:
    """Words just after a question word (「哪个城市」, 「哪一個城市」): the kind of answer wanted, not a subject."""
    return {later for i, token in enumerate(tokens) if token in _WHICH for later in tokens[i + 1 : i + 3]}


def entity_scope(index: ReportIndex, analysis: Analysis, top_article: int) -> list[int] | None:
    """The articles the question's named places and bodies point to, when the best answer is elsewhere.

    The named place decides only where articles differ on it: when the best answer's article
    holds none of the question's entities but names another of its own in its header (the
    Heilongjiang report answering 「梧州公安机关…?」), the answer moves to the articles holding the
    most of them. An entity every article holds, or none does, decides nothing (a word no
    report holds is the refusal's business). None when nothing moves.
    """
    entities = entity_words(index, analysis)
    text = index.normalized_article(top_article)
    if not entities or any(word in text for word in entities):
        return None
    header_words = index.analyze_question(index.header_texts[top_article]).words
    if not any(index.word_tag(word) in ENTITY_TAGS for word in header_words if word not in entities):
        return None
    return NamedScope(index, entities).articles() or None


def named_articles(index: ReportIndex, analysis: Analysis) -> NamedScope | None:
    """The articles the question's named places and bodies pick out, when some articles lack them.

    None when the question names none; an empty scope (false) when every article (or none)
    holds what it names.
    """
    entities = entity_words(index, analysis)
    return NamedScope(index, entities) if entities else None


class NamedScope:
    """The articles holding the most of the entities that not every article holds, decided when asked.

    「Is this article one of them?」 reads that article's text for each entity; the most any
    article holds is found from the articles whose gram postings could hold the most, best
    first, stopping at the first that does. So a question naming 中国 does not read the text of
    every report holding its grams unless the whole list is asked for (`articles`).
    """

    def __init__(self, index: ReportIndex, entities: Sequence[str]) -> None:
        self._index = index
        count = len(index.articles)
        self._words: list[tuple[str, IntArray]] = []  # (entity, the articles whose grams could hold it)
        for word in entities:
            candidates = index.article_candidates(word)
            if len(candidates) == count and len(index.articles_containing(word)) == count:
                continue  # every article holds it: it tells none apart
            self._words.append((word, candidates))
        self._held: dict[int, int] = {}
        self._most: int | None = None

    def held(self, article: int) -> int:
        """How many of the entities the article's header or body holds."""
        if article not in self._held:
            self._held[article] = sum(
                1
                for word, candidates in self._words
                if _is_among(article, candidates) and self._index.article_says(article, word)
            )
        return self._held[article]

    def _bounds(self) -> IntArray:
        """For every article, how many entities its grams could make up (at least how many it holds)."""
        bounds = np.zeros(len(self._index.articles), dtype=np.int64)
        for _, candidates in self._words:
            bounds[candidates] += 1
        return bounds

    @property
    def most(self) -> int:
        """The most entities one article holds (0 if none holds any)."""
        if self._most is None:
            bounds, best = self._bounds(), 0
            for level in range(len(self._words), best, -1):
                for article in np.flatnonzero(bounds == level).tolist():
                    best = max(best, self.held(article))
                    if best == level:
                        break
                if best >= level - 1:  # no article below this level can hold more
                    break
            self._most = best
        return self._most

    def __bool__(self) -> bool:
        return self.most > 0

    def __contains__(self, article: object) -> bool:
        if not isinstance(article, int | np.integer):
            return False
        return self.most > 0 and self.held(int(article)) == self.most

    def articles(self) -> list[int]:
        """The articles holding the most, in folder order ([] if none holds any)."""
        most = self.most
        if not most:
            return []
        return [article for article in np.flatnonzero(self._bounds() >= most).tolist() if self.held(article) == most]


def _is_among(article: int, ascending: IntArray) -> bool:
    position = int(ascending.searchsorted(article))
    return position < len(ascending) and int(ascending[position]) == article
