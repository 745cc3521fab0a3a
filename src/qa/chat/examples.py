"""Example questions drawn from whatever reports are loaded, for /start and /help.

Reports are full of figures, and a figure makes a question the reports surely answer: the
clause around the first number with a unit, the number replaced by 「多少」.
"""

from __future__ import annotations

import re

from qa.reports.listing import Corpus

_CLAUSE_SPLIT_RE = re.compile(r"[,，;；。！？!?:：]")
_NUMBER_WITH_UNIT_RE = re.compile(r"\d+(?:\.\d+)?(?:多|余|餘)?(?=[\u4e00-\u9fff])")
_MIN_CLAUSE, _MAX_CLAUSE = 8, 30
_LEADING_FILLER_RE = re.compile(r"^(?:截至目前|目前|今年以來|今年以来|同時|同时|其中|此外)")


def example_questions(corpus: Corpus, count: int = 3) -> list[str]:
    """Up to `count` questions, one per article in folder order, each answerable from its report."""
    examples: list[str] = []
    for article_index in range(len(corpus.articles)):
        question = _question_from_article(corpus, article_index)
        if question and question not in examples:
            examples.append(question)
        if len(examples) == count:
            break
    return examples


def _question_from_article(corpus: Corpus, article_index: int) -> str | None:
    for sentence in corpus.sentences:
        if sentence.article != article_index:
            continue
        for clause in _CLAUSE_SPLIT_RE.split(sentence.text):
            question = question_from_clause(clause.strip())
            if question:
                return question
    return None


def question_from_clause(clause: str) -> str | None:
    """「全省共偵破1237起」 -> 「全省共偵破多少起?」; None if the clause has no usable figure."""
    clause = _LEADING_FILLER_RE.sub("", clause)
    match = _NUMBER_WITH_UNIT_RE.search(clause)
    if match is None or match.start() < 4 or not _MIN_CLAUSE <= len(clause) <= _MAX_CLAUSE:
        return None
    return clause[: match.start()] + "多少" + clause[match.end() : match.end() + 1] + "?"
