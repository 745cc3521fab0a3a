"""Abbreviations: 电诈 for 电信网络诈骗, 食药环 for 食品药品环境.

Chinese shortens a phrase by keeping a character of each of its parts, in order. A question
that says 电诈 asks about what a report writes 电信网络诈骗, so the report is not lacking it.
Only words no dictionary knows (a real word, 人口 or 门票, is not an abbreviation of whatever
holds its characters), short words (2–4 characters) and short gaps count, inside one run of
CJK characters (no punctuation between).
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.script import is_cjk
from qa.search.index import ReportIndex
from qa.search.text import dictionary_tag

MAX_GAP = 3  # characters a part may keep after the one the abbreviation took (电[信网络]诈)
_SHORT = range(2, 5)


@lru_cache(maxsize=1024)
def _pattern(word: str) -> re.Pattern[str]:
    gap = rf"[\u4e00-\u9fff]{{0,{MAX_GAP}}}"
    return re.compile(gap.join(re.escape(char) for char in word))


def abbreviates(index: ReportIndex, word: str, text: str) -> bool:
    """True if `text` (matching form) holds a phrase `word` abbreviates: its characters in order, short gaps."""
    if len(word) not in _SHORT or not all(is_cjk(char) for char in word):
        return False
    if index.word_tag(word) is not None or dictionary_tag(word) is not None:
        return False  # a word of the language, not a shortening
    return _pattern(word).search(text) is not None
