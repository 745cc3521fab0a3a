"""A sentence that only repeats the place a question names does not answer it.

「梧州办了多少件实事」 ranked 「平安梧州、法治梧州建设，一步一个脚印，坚定前行。」 first: a short
sentence saying 梧州 twice outscores the one about 办实事, since the place is the question's
rarest word. Which report the place picks is right; the sentence is not. So when the best
sentence's own text holds the question's named place and none of its other words, the first
sentence of the same report among the next few that holds one of those words answers instead.
Not in an article its title names the place for: there every sentence is about the place (a
Wikipedia paragraph titled 孟子 answers 「孟子被列为四经是在什么时候」 in a sentence saying 孟子),
and ranking already gives each of them the title's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.answers.article_answers import entity_words, naming_words
from qa.models import Hit
from qa.script import is_cjk, normalize
from qa.search.index import ReportIndex
from qa.search.stopwords import is_frame_word
from qa.search.text import Analysis

ECHO_DEPTH = 10  # the best sentences among which one that says more than the place is looked for


@dataclass(frozen=True, slots=True)
class PastThePlace:
    """The hits, reordered when the best only echoed the place; `echo` the places when nothing better was found."""

    hits: list[Hit]
    echo: tuple[str, ...] = ()


def past_the_place(index: ReportIndex, hits: list[Hit], analysis: Analysis) -> PastThePlace:
    """Put first a sentence that says more than the named place, when the best one only echoes it.

    When no sentence of that report among the next few says another word of the question,
    `echo` names the places: the reports mention them, but say nothing of what was asked
    (「梧州有几个区」 has nothing but 梧州 to find).
    """
    entities = entity_words(index, analysis)
    if not hits or not entities:
        return PastThePlace(hits)
    others = [word for word in naming_words(index, analysis) if word not in entities]
    texts = index.columns.normalized
    top = texts[hits[0].sentence_id]
    if not any(word in top for word in entities) or not _says_nothing_else(top, others, analysis, entities):
        return PastThePlace(hits)
    article_of = index.corpus.sentences.article
    article = article_of[hits[0].sentence_id]
    title = normalize(index.articles[article].title)
    if any(word in title for word in entities):
        return PastThePlace(hits)  # every sentence of an article titled by the place is about it (title expansion)
    for position, hit in enumerate(hits[1:ECHO_DEPTH], 1):
        if article_of[hit.sentence_id] == article and any(word in texts[hit.sentence_id] for word in others):
            return PastThePlace([hit, *hits[:position], *hits[position + 1 :]])
    return PastThePlace(hits, tuple(entities))


def _says_nothing_else(sentence: str, others: list[str], analysis: Analysis, entities: list[str]) -> bool:
    """True if the sentence holds none of the question's other words, nor its lone content characters (区)."""
    if any(word in sentence for word in others):
        return False
    lone = [
        token
        for token in analysis.tokens
        if len(token) == 1 and is_cjk(token) and not is_frame_word(token) and not any(token in e for e in entities)
    ]
    return bool(others or lone) and not any(char in sentence for char in lone)
