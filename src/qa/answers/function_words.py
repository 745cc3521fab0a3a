"""Spoken pointing and joining words the reports never write: 那边, 这边, 咱们, 这是, 干什么.

A word no report uses weighs as the rarest of all in coverage and names no article, so a spoken
「梧州那边…」 or 「这是哪个网站报道的」 would be refused for a word that carries no topic. jieba's
part-of-speech tags tell these words apart from real topics no report holds (天气, 上海).
"""

from __future__ import annotations

from qa.search.index import ReportIndex
from qa.search.stopwords import STOPWORDS
from qa.search.text import dictionary_tag

# Tags of words that only point or join (r pronoun, c conjunction, p preposition, u particle,
# y modal particle, e interjection, o onomatopoeia): never what a question is about.
FUNCTION_TAGS = frozenset("rcpuyeo")


# Question words jieba keeps glued to the verb before them (干什么, 做什么, 有多少): the frame, not a topic.
_QUESTION_ENDINGS = ("什么", "多少", "哪里", "哪儿")


def is_unwritten_function_word(index: ReportIndex, word: str) -> bool:
    """A pronoun, particle or interjection no report writes; a tagless jieba guess of function characters (这是);
    a verb with the question word glued on (干什么)."""
    if index.fields.sentence_words.idf(word) is not None:
        return False
    if len(word) > 2 and word.endswith(_QUESTION_ENDINGS):
        return True
    tag = index.word_tag(word) or dictionary_tag(word)
    if tag is None:
        return all(char in STOPWORDS for char in word)
    return tag[0] in FUNCTION_TAGS
