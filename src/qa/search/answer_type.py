"""What kind of answer a question wants, and whether a sentence holds one it does not already say.

「多少」 asks for a number, 「哪一年」 for a date: among sentences that match the question's words
equally, the one holding a figure (that the question does not itself mention) is the answer.
Patterns work on the matching form (simplified, NFKC, lower-case).
"""

from __future__ import annotations

import re
from enum import Enum


class AnswerType(Enum):
    """The kind of answer a question asks for."""

    NUMBER = "number"
    DATE = "date"
    NONE = "none"


_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_UNITS = "个位名项件次岁年月天日米里人倍种座所家条元户艘架辆台部本册页场届期级层座枚吨亩公顷只头匹棵株"

_QUESTION_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.DATE,
        re.compile(
            r"何时|什么时候|什么时间|几时|啥时候?|哪一?年|何年|哪一?天|哪一?日|几月|几号|哪个?月|年份|日期|"
            r"哪个?朝代|什么朝代|哪个?时期|什么时期|哪个?世纪|几世纪|什么年代|哪个?年代"
        ),
    ),
    (
        AnswerType.NUMBER,
        re.compile(rf"多少|几[{_UNITS}成]|几|多[大长高重远久宽深厚]|比例|百分之几|第几|排名"),
    ),
)

_CANDIDATES: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.NUMBER: re.compile(
        rf"\d+(?:[.,]\d+)*\s*(?:%|[{_UNITS}万亿千百])?|[{_CN_DIGITS}]+(?:分之[{_CN_DIGITS}]+|[{_UNITS}])"
    ),
    AnswerType.DATE: re.compile(
        rf"\d{{1,4}}\s*年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?|\d{{1,2}}月\d{{0,2}}日?|[{_CN_DIGITS}]{{2,4}}年|"
        r"\d+\s*世纪|\d+年代|公元前?"
    ),
}


def expected_type(normalized_question: str) -> AnswerType:
    """The answer type a question asks for (NONE when it asks for something else)."""
    for answer_type, pattern in _QUESTION_PATTERNS:
        if pattern.search(normalized_question):
            return answer_type
    return AnswerType.NONE


def holds_new_candidate(answer_type: AnswerType, normalized_sentence: str, normalized_question: str) -> bool:
    """True if the sentence holds an answer of this type that the question does not already contain."""
    pattern = _CANDIDATES.get(answer_type)
    if pattern is None:
        return False
    return any(match.group().strip() not in normalized_question for match in pattern.finditer(normalized_sentence))
