"""Mend jieba's cut of a question where it glued words across a line the reports draw.

The coverage of a question (qa.answers.refusal) is counted word by word, so a bad cut misleads it
two ways. 「梧州市长是谁」 is cut 梧州市 + 长是: the role 市长 vanishes, 长是 counts as the frame
glued on, and the question looks fully covered by any sentence about 梧州. 「多少起食药环案件」 is
cut 起食 + 药环: two words no report holds, weighed as the rarest, though the report writes 食药环.
「消费券每人发多少」 is cut 每 + 名发, 「南宁有多大」 南宁有 + 多 + 大. All are mended from what the
index and jieba's dictionary know, with no list of report words: an administrative suffix that
spells an office with the next character is split off (梧州 + 市长), a run of jieba's guesses is
re-cut at the longest pieces some report's text holds (食药环), and a measure, modal or particle
glued onto a held word is split off (名 + 发, 南宁 + 有).
"""

from __future__ import annotations

from dataclasses import replace

from qa.script import is_cjk
from qa.search.index import ReportIndex
from qa.search.stopwords import STOPWORDS
from qa.search.text import Analysis, content_words, dictionary_tag

# Measures, modals and particles jieba glues to a neighbour in a question (个村, 券能, 名发, 南宁有).
GLUED = frozenset("个名份件起项位条次场家座能会可要将的了是在都也就有和")
# The endings of places that name a division with a head (省长, 市长, 县长, 区长, 州长, 镇长, 乡长, 村长).
ADMINISTRATIVE_SUFFIXES = frozenset("省市县区州镇乡村")
# The shortest piece of a glued run to take as a word the reports hold (食药环 of 起食药环).
MIN_PIECE_CHARS = 3


def mended(index: ReportIndex, analysis: Analysis) -> Analysis:
    """The analysis with its tokens and words re-cut where jieba glued them wrongly (grams unchanged)."""
    tokens = _split_place_suffixes(index, list(analysis.tokens))
    tokens = _recut_unheld_runs(index, tokens)
    tokens = _split_glued_characters(index, tokens)
    if tokens == list(analysis.tokens):
        return analysis
    return replace(analysis, tokens=tuple(tokens), words=tuple(content_words(tokens)))


def _is_report_word(index: ReportIndex, token: str) -> bool:
    """Whether some report's sentences hold the token as a word of their cut."""
    return index.fields.sentence_words.idf(token) is not None


def _split_glued_characters(index: ReportIndex, tokens: list[str]) -> list[str]:
    """「每」「名发」 -> 「每」「名」「发」, 「南宁有」 -> 「南宁」「有」: jieba's guess gluing a measure, modal or
    particle onto a neighbour.

    Only for a token that is no word of the reports nor of jieba's dictionary, and whose rest some
    report holds (in a sentence or a header).
    """

    def held(text: str) -> bool:
        return index.contains_text(text) or (len(text) > 1 and index.in_a_header(text))

    out: list[str] = []
    for token in tokens:
        if (
            len(token) >= 2
            and all(is_cjk(char) for char in token)
            and not _is_report_word(index, token)
            and dictionary_tag(token) is None
        ):
            if token[0] in GLUED and token[1] not in GLUED and held(token[1:]):
                out.extend([token[0], token[1:]])
                continue
            if token[-1] in GLUED and token[-2] not in GLUED and held(token[:-1]):
                out.extend([token[:-1], token[-1]])
                continue
        out.append(token)
    return out


def _split_place_suffixes(index: ReportIndex, tokens: list[str]) -> list[str]:
    """「梧州市」「长是」 -> 「梧州」「市长」「是」: a place's last character and the next token's first spell a noun.

    Only when the next token is a lone character or no word of the reports (jieba's guess), the
    place ends in an administrative suffix (省, 市, 县 …) and, without it, is a name jieba knows
    (tag ns, or nr: its dictionary tags 花莲 as a person).
    """
    out: list[str] = []
    for token in tokens:
        previous = out[-1] if out else ""
        if (
            len(previous) >= 3
            and token
            and is_cjk(token[0])
            and (len(token) == 1 or not _is_report_word(index, token))
            and previous[-1] in ADMINISTRATIVE_SUFFIXES
            and (index.word_tag(previous[:-1]) or dictionary_tag(previous[:-1]) or "")[:2] in ("ns", "nr")
            and (dictionary_tag(previous[-1] + token[0]) or "").startswith("n")
        ):
            out[-1:] = [previous[:-1], previous[-1] + token[0]]
            if token[1:]:
                out.append(token[1:])
            continue
        out.append(token)
    return out


def _recut_unheld_runs(index: ReportIndex, tokens: list[str]) -> list[str]:
    """Runs of two or more of jieba's guesses (CJK tokens no report and no dictionary has as a word), re-cut
    at the longest pieces the reports' text holds: 起食 + 药环 -> 食药环, but never 台北 + 市长 -> 台北市."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:
            out.extend(_longest_held_pieces(index, "".join(run)) or run)
        else:
            out.extend(run)
        run.clear()

    for token in tokens:
        if (
            token not in STOPWORDS
            and all(is_cjk(char) for char in token)
            and not _is_report_word(index, token)
            and dictionary_tag(token) is None
        ):
            run.append(token)
            continue
        flush()
        out.append(token)
    flush()
    return out


def _longest_held_pieces(index: ReportIndex, text: str) -> list[str]:
    """The text cut at the longest pieces (MIN_PIECE_CHARS or more) some report holds, the rest kept as it is.

    [] when no piece is held. Pieces are three characters or more: a stray bigram of a name no
    report holds (村真 of 西村真悟) is in some report of a big folder by chance.
    """
    pieces: list[str] = []
    rest = ""
    start = 0
    while start < len(text):
        end = next(
            (e for e in range(len(text), start + MIN_PIECE_CHARS - 1, -1) if index.contains_text(text[start:e])),
            None,
        )
        if end is None:
            rest += text[start]
            start += 1
            continue
        pieces.extend([rest, text[start:end]] if rest else [text[start:end]])
        rest = ""
        start = end
    if not pieces:
        return []
    return [*pieces, rest] if rest else pieces
