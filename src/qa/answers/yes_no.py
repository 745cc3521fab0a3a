"""A yes/no question answered "no": 「当惹雍错是淡水湖吗」 of a report saying 「是一个咸水湖」.

The asked word (淡水湖) is in no report, so the answer would carry a notice that the reports do
not mention it; but the quoted sentence answers the question, by the word it contrasts with: the
same head (水湖) under another modifier (咸). Such a word is no missing topic to warn of.
"""

from __future__ import annotations

from collections.abc import Sequence

# How a question asks yes or no, in matching (simplified) form.
_YES_NO_ENDINGS = ("吗", "吗?", "吗？", "么", "嘛")
_YES_NO_WORDS = ("是不是", "是否", "有没有")
# The shortest word whose head (all but its first character) can be told apart: 淡水湖 / 咸水湖.
MIN_CONTRASTED_CHARS = 3


def asks_yes_or_no(question: str) -> bool:
    """Whether the question (normalized) asks yes or no: ends with 吗, or says 是不是 / 是否 / 有没有."""
    text = question.strip()
    return text.endswith(_YES_NO_ENDINGS) or any(word in text for word in _YES_NO_WORDS)


def contrasted(missing: Sequence[str], sentence: str, question: str) -> tuple[str, ...]:
    """The missing words the answering sentence contrasts with: their head under another modifier.

    A word is read with the question's characters after it up to MIN_CONTRASTED_CHARS (淡水 of
    「淡水湖吗」 as 淡水湖, jieba having cut 淡水 / 湖): a one-character head (水) is too loose a match.
    `sentence` and `question` are in matching form.
    """
    found = []
    for word in missing:
        start = question.find(word)
        span = question[start : start + max(len(word), MIN_CONTRASTED_CHARS)] if start >= 0 else word
        head = span[1:]
        if len(span) < MIN_CONTRASTED_CHARS:
            continue
        at = sentence.find(head)
        while at >= 0:
            if at > 0 and sentence[at - 1] != span[0]:
                found.append(word)
                break
            at = sentence.find(head, at + 1)
    return tuple(found)
