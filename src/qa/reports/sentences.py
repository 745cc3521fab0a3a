"""Sentence shape: where sentences end, which lines are headings, whether text holds any word.

Readers split reports into sentences with these; nothing here needs a segmenter.
"""

from __future__ import annotations

import re

_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = "，,、：:…"
_CLOSERS = "”’」』）)】〕》〉\"'"
_SENTENCE_RE = re.compile(rf"[^{_SENTENCE_END}]*(?:[{_SENTENCE_END}]+[{re.escape(_CLOSERS)}]*|$)")
_WORD_CHAR_RE = re.compile(r"\w")


def split_sentences(text: str) -> list[str]:
    """Split on Chinese/Latin sentence ends and line breaks; closing quotes stay with their sentence.

    [] for blank text. Whitespace around each sentence is stripped.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        for match in _SENTENCE_RE.finditer(line):
            sentence = match.group().strip()
            if sentence:
                sentences.append(sentence)
    return sentences


def has_sentence_end(text: str) -> bool:
    """True if the text ends like a sentence (punctuation, optionally followed by closing quotes)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END + "."


def is_heading_like(text: str) -> bool:
    """True for a short line with no closing punctuation at all: a section heading, not prose."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] not in _SENTENCE_END + _CLAUSE_END + "."


def has_word_char(text: str) -> bool:
    """True if the text holds at least one letter, digit or CJK character."""
    return bool(_WORD_CHAR_RE.search(text))
