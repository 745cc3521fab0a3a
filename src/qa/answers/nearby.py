"""Among equally good answers, the one nearest the answer in view: a follow-up stays on its topic.

A report often says the same kind of fact of several topics (立案, 涉案金额 and 抓获 of each of
its campaigns). A follow-up that names none of them (「涉案金额多少?」 after a question about one
campaign) matches a sentence of every campaign about equally (scores within TIE_RATIO), and the
ranking alone picks one by sentence length. The conversation is about the one near the last
answer: in its paragraph, else its section, else its article. Only sentences that say every
question word the best one says (in the sentence, its section heading or its report's header)
compete, so a follow-up on a new topic (「农民工讨薪追回了多少钱?」) keeps its own best answer,
and no old word is glued onto the question.
"""

from __future__ import annotations

from collections.abc import Callable

from qa.answers.article_answers import naming_words
from qa.models import Hit
from qa.script import normalize
from qa.search.index import ReportIndex
from qa.search.text import Analysis

SAME_PARAGRAPH, SAME_SECTION, SAME_ARTICLE, ELSEWHERE = range(4)
# A score this close to the best is a tie: BM25 differences this small come from sentence length,
# not from saying more of the question (「第三产业的增加值」 scores 14% over 「农业的增加值…第三产业的发展」).
TIE_RATIO = 0.9


def prefer_near(
    index: ReportIndex,
    hits: list[Hit],
    analysis: Analysis,
    near: int,
    qualifies: Callable[[Hit], bool] | None = None,
) -> list[Hit]:
    """The hits with those as good as the best (and `qualifies`) put first by closeness to sentence `near`.

    Hits that are not as good keep their order after them; when no such hit is closer than the
    best one, the hits come back as they were.
    """
    if not hits or not 0 <= near < len(index.sentences):
        return hits
    words = naming_words(index, analysis)
    best_says = {word for word in words if _says(index, hits[0], word)}

    def as_good(hit: Hit) -> bool:
        return hit is hits[0] or (
            (qualifies is None or qualifies(hit)) and all(_says(index, hit, word) for word in best_says)
        )

    rivals = [hit for hit in hits if as_good(hit)]
    closest = min(rivals, key=lambda hit: closeness(index, hit.sentence_id, near))
    if closeness(index, closest.sentence_id, near) >= closeness(index, hits[0].sentence_id, near):
        return hits
    ordered = sorted(rivals, key=lambda hit: closeness(index, hit.sentence_id, near))
    return ordered + [hit for hit in hits if not as_good(hit)]


def closeness(index: ReportIndex, sentence_id: int, near: int) -> int:
    """How far a sentence is from sentence `near`: the same paragraph, section, article, or elsewhere."""
    sentence, anchor = index.sentences[sentence_id], index.sentences[near]
    if sentence.article != anchor.article:
        return ELSEWHERE
    if sentence.paragraph == anchor.paragraph:
        return SAME_PARAGRAPH
    if sentence.heading is not None and sentence.heading == anchor.heading:
        return SAME_SECTION
    return SAME_ARTICLE


def _says(index: ReportIndex, hit: Hit, word: str) -> bool:
    """True if the hit's sentence, its section heading or its report's header holds the word."""
    sentence = index.sentences[hit.sentence_id]
    return (
        word in index.columns.normalized[hit.sentence_id]
        or word in normalize(sentence.heading or "")
        or word in index.header_texts[sentence.article]
    )
