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

from qa.answers.article_answers import entity_words, naming_words
from qa.models import Hit
from qa.script import normalize
from qa.search.index import ReportIndex
from qa.search.text import Analysis

ECHO_DEPTH = 10  # the best sentences among which one that says more than the place is looked for


def past_the_place(index: ReportIndex, hits: list[Hit], analysis: Analysis) -> list[Hit]:
    """The hits with a sentence that says more than the named place put first, when the best one only echoes it."""
    if len(hits) < 2:
        return hits
    entities = entity_words(index, analysis)
    if not entities:
        return hits
    others = [word for word in naming_words(analysis) if word not in entities]
    texts = index.columns.normalized
    top = texts[hits[0].sentence_id]
    if not others or not any(word in top for word in entities) or any(word in top for word in others):
        return hits
    article_of = index.corpus.sentences.article
    article = article_of[hits[0].sentence_id]
    title = normalize(index.articles[article].title)
    if any(word in title for word in entities):
        return hits  # every sentence of an article titled by the place is about it (ranking's title expansion)
    for position, hit in enumerate(hits[1:ECHO_DEPTH], 1):
        if article_of[hit.sentence_id] == article and any(word in texts[hit.sentence_id] for word in others):
            return [hit, *hits[:position], *hits[position + 1 :]]
    return hits
