"""Turn a ranking into an honest answer: refuse when the reports do not cover the question.

A raw BM25 score says nothing absolute (off-topic questions reach scores real ones do not),
so the decision is made on coverage: the share of the question's IDF-weighted content words
that the answer's article actually contains. Words no report contains weigh the most, as BM25
would weigh the rarest word; when such a word is missing but the rest is strongly covered,
the answer is given with a notice naming the missing word.
"""

from __future__ import annotations

import logging
import unicodedata
import weakref
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, replace
from functools import partial

from qa.answers.abbreviation import abbreviates
from qa.answers.article_answers import (
    NamedScope,
    answer_about_articles,
    entity_scope,
    entity_words,
    field_item,
    named_articles,
    naming_words,
)
from qa.answers.article_questions import ArticleField, parse_article_question
from qa.answers.asked_kind import (
    Asked,
    Demand,
    delivers,
    demand_of,
    mentioned_words,
    put_first_delivering,
    title_delivering,
)
from qa.answers.function_words import is_unwritten_function_word
from qa.answers.nearby import prefer_near
from qa.answers.place_echo import past_the_place
from qa.answers.question_cut import mended
from qa.answers.refusal import (
    GLUE_CHARACTERS,
    MARGIN_HITS,
    NAMELESS_TAGS,
    QUESTION_CHARACTERS,
    UNSEEN_FLOOR_SENTENCES,
    RefusalFeatures,
    WordEvidence,
    answer_kind_words,
    asks_unseen,
    common_word_weight,
    held_character_share,
    is_refused,
    measure_features,
    same_report,
    title_word_idf,
    unseen_word_weight,
)
from qa.answers.spoken import written_form
from qa.answers.yes_no import asks_yes_or_no, contrasted
from qa.models import Answer, AnswerItem, Hit, Refusal, Script, Span
from qa.script import convert_script, detect_script, is_cjk, normalize, normalize_with_offsets
from qa.search.bm25 import Bm25Index
from qa.search.index import ReportIndex
from qa.search.stopwords import is_frame_word
from qa.search.text import Analysis, dictionary_tag

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
FOCUS_DEPTH = 30  # candidates a follow-up's focus word may reorder
CONTEXT_SENTENCES = 1


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the question's weight an article holds, and which words no report holds."""

    share: float
    missing: tuple[str, ...]
    evidence: tuple[WordEvidence, ...] = ()


def clean_question(raw: str) -> tuple[str, bool]:
    """Drop control characters, collapse whitespace, cut at MAX_QUESTION_CHARS; (text, was_cut)."""
    kept = "".join(" " if unicodedata.category(c).startswith("C") else c for c in raw)
    text = " ".join(kept.split())
    if len(text) > MAX_QUESTION_CHARS:
        return text[:MAX_QUESTION_CHARS], True
    return text, False


def answer(
    index: ReportIndex,
    raw_question: str,
    *,
    k: int = 5,
    article: int | None = None,
    among: Sequence[int] | None = None,
    focus: tuple[str, ...] = (),
    near: int | None = None,
    refuse: Callable[[RefusalFeatures], bool] = is_refused,
) -> Answer:
    """Answer a question with up to k quoted sentences, or an empty Answer with a refusal code.

    `article` (an index into `index.articles`) limits the answer to that article: the chat
    passes it when the question refers to the article of the last answer (「这篇」, 「作者是谁」).
    `among` limits the answer to several articles (those a swapped-in place names, 「那梧州呢?」)
    in one ranking: the best of them answers.
    `focus` are words the answer should say: the part a follow-up changed (「那检察机关呢?」 asks
    about 检察机关, so a sentence about the courts, however close, comes after one that names it).
    `near` is the sentence of the answer in view: of the answers as good as the best, the one
    nearest it comes first (qa.answers.nearby), so a follow-up stays on the conversation's topic.
    `refuse` decides from the ranked answer's features (qa.answers.refusal); the evaluation passes its
    own to record the features and see the answer a refusal would withhold.
    """
    question, truncated = clean_question(raw_question)
    script = detect_script(question)
    analysis = index.analyze_question(written_form(normalize(question), index.contains_text))
    if not analysis.words and not analysis.grams:
        return Answer(question, (), script, truncated=truncated, refusal=Refusal.EMPTY)
    about = parse_article_question(analysis.normalized)
    if about is not None:
        reply = answer_about_articles(index, about, analysis, script, k=max(k, 1), article=article)
        if reply is not None:
            return replace(reply, question=question, truncated=truncated)
    scoped = [article] if article is not None else list(among) if among is not None else None
    within = scoped
    # The refusal's margins look MARGIN_HITS deep, whatever k is.
    depth = max(k, MARGIN_HITS, FOCUS_DEPTH if focus or near is not None else 1)
    hits = index.rank(analysis, depth, within)
    picked: NamedScope | None = None  # the articles the question names, when the best answer is one of them
    if hits and scoped is None:
        top = index.sentences[hits[0].sentence_id].article
        within = entity_scope(index, analysis, top)
        if within is not None:
            hits = index.rank(analysis, depth, within)
        elif (picked := named_articles(index, analysis)) is not None and top not in picked:
            picked = None
    placed = past_the_place(index, hits, analysis)
    hits = _focused(index, placed.hits, focus)
    if not hits:
        missing = tuple(_missing_words(index, analysis))
        return Answer(question, (), script, missing, truncated, Refusal.NOT_COVERED)
    demand = demand_of(analysis.normalized, analysis.tokens, index.word_tag)
    met = True
    ranked = hits  # the refusal is decided on the ranking's own best, not on the sentence a demand puts first
    if demand is not None:
        hits, met = put_first_delivering(index, hits, demand, analysis)
        titled = title_delivering(index, hits, demand) if demand.kind is Asked.NAME and not met else None
        if titled is not None and (item := field_item(index.articles[titled], ArticleField.TITLE, script)):
            return Answer(question, (item,), script, truncated=truncated, asked_field="title")
    judged = mended(index, analysis)  # coverage counts words as the reports draw them (市长, 食药环)
    coverage = measure_coverage(index, judged, ranked[0])
    features = measure_features(index, judged, ranked, coverage.evidence)
    log.debug("question %r: top %.3f, %s", question, hits[0].score, features)
    scope = within or picked
    topics = _topic_words(index, judged) if scope else []
    absent, topic_count = _absent_from_scope(index, topics, hits[0], scope) if scope else ((), 0)

    def not_in_named() -> Answer:
        """The refusal naming the best answer's report, which lacks the `absent` words other reports hold."""
        named = index.articles[index.sentences[hits[0].sentence_id].article]
        return Answer(question, (), script, (), truncated, Refusal.NOT_IN_NAMED, absent_terms=absent, named=named)

    if demand is not None and demand.required and not met and not coverage.missing:
        # The topic is in the reports, what the question asks of it (a definition, a way, a size, a person) is not.
        if absent:  # nor is the rest of it in the report the question names (「梧州市委书记是谁」: no 书记 there)
            return not_in_named()
        mentioned = mentioned_words(index, judged, demand)
        return Answer(
            question, (), script, (), truncated, Refusal.NOT_SAID, asked_field=demand.kind.value, mentioned=mentioned
        )
    if refuse(features) or (_is_small(index) and _asks_unseen(index, judged, ranked[0], coverage)):
        if absent and not coverage.missing:  # other reports have it, the one the question names does not
            return not_in_named()
        return Answer(question, (), script, coverage.missing, truncated, Refusal.NOT_COVERED)
    if placed.echo and hits[0] == placed.hits[0]:  # the best sentence only repeats the place (qa.answers.place_echo)
        return Answer(question, (), script, (), truncated, Refusal.NOT_SAID, mentioned=placed.echo)
    if near is not None:  # after the refusal, which was decided on the ranking's own best
        hits = prefer_near(index, hits, analysis, near, _delivering(index, demand) if demand and met else None)
    items = tuple(_item(index, hit, analysis, script) for hit in hits[:k])
    # A verb the named report words otherwise (破案 / 破获) or a glued guess (发了) is no missing topic to warn of.
    warned = tuple(word for word in absent if not _is_verb_or_glued(index, word))
    if absent and within and len(absent) >= topic_count and not _worded_otherwise(index, absent, hits[0]):
        return not_in_named()  # the named place's report holds nothing else the question asks: its title only
    missing = coverage.missing
    if missing and asks_yes_or_no(analysis.normalized):  # 「…是淡水湖吗」 answered 「是一个咸水湖」: no notice
        answered = contrasted(missing, index.columns.normalized[hits[0].sentence_id], analysis.normalized)
        missing = tuple(word for word in missing if word not in answered)
    return Answer(question, items, script, missing, truncated, absent_terms=warned)


def _delivering(index: ReportIndex, demand: Demand) -> Callable[[Hit], bool]:
    """Whether a hit gives what the question asks (a figure, a person …), as the best one does."""
    return lambda hit: delivers(
        demand, index.columns.normalized[hit.sentence_id], index.sentence_words(hit.sentence_id), index.word_tag
    )


def _focused(index: ReportIndex, hits: list[Hit], focus: tuple[str, ...]) -> list[Hit]:
    """Hits whose sentence (or section heading) says every focus word first, each group in rank order."""
    if not focus:
        return hits
    wanted = [normalize(word) for word in focus if word.strip()]

    def says_all(hit: Hit) -> bool:
        sentence = index.sentences[hit.sentence_id]
        text = index.columns.normalized[hit.sentence_id] + normalize(sentence.heading or "")
        return all(word in text for word in wanted)

    return sorted(hits, key=lambda hit: not says_all(hit))


def _topic_words(index: ReportIndex, analysis: Analysis) -> list[tuple[str, ...]]:
    """The question's words that name what it asks about: naming words, not its places or bodies.

    Neighbouring words a report writes as one run are one topic (扫黑 + 除恶, 诛 + 雀), kept as its
    pieces: jieba cuts a campaign's name into verbs or characters, and the report a question names
    lacks the name, not each piece of it.
    """
    entities = set(entity_words(index, analysis))
    naming = set(naming_words(index, analysis))
    topics = [
        group
        for group in _held_phrases(index, analysis.tokens, entities)
        if (group[0] in naming and group[0] not in entities if len(group) == 1 else not is_frame_word("".join(group)))
    ]
    return [group for group in dict.fromkeys(topics) if len("".join(group)) >= 2]


# The most tokens joined into one topic (a campaign's name: 扫黑 + 除恶, 公益 + 诉讼 + 案件): bounds the
# text lookups a question costs (each an intersection of bigram postings) to a few per token.
MAX_PHRASE_TOKENS = 4


def _held_phrases(index: ReportIndex, tokens: Sequence[str], breaks: Container[str]) -> list[tuple[str, ...]]:
    """The tokens grouped: each longest run of two to MAX_PHRASE_TOKENS (no frame word nor one of `breaks`
    inside) that some report writes as one string is one group, every other token a group of its own."""
    out: list[tuple[str, ...]] = []
    start = 0
    while start < len(tokens):
        end = next(
            (
                end
                for end in range(min(len(tokens), start + MAX_PHRASE_TOKENS), start + 1, -1)
                if all(_joins(token, breaks) for token in tokens[start:end])
                and index.contains_text("".join(tokens[start:end]))
            ),
            start + 1,
        )
        out.append(tuple(tokens[start:end]))
        start = end
    return out


def _joins(token: str, breaks: Container[str]) -> bool:
    """Whether a token may be part of a joined phrase: a CJK word, no frame word, no place or body."""
    return bool(token) and all(is_cjk(char) for char in token) and not is_frame_word(token) and token not in breaks


def _worded_otherwise(index: ReportIndex, absent: Sequence[str], hit: Hit) -> bool:
    """True if every absent word is a verb whose characters the answer's report keeps (破案 where it says 破获).

    Paraphrase keeps a character; a verb none of whose characters the report holds is not there.
    """
    text = index.normalized_article(index.sentences[hit.sentence_id].article)
    return all(
        _is_verb_or_glued(index, word) and any(char in text for char in word if not is_frame_word(char))
        for word in absent
    )


def _is_verb_or_glued(index: ReportIndex, word: str) -> bool:
    """A verb (破案: the report may say 破获) or jieba's guess with a particle glued on (发了): not a topic to miss."""
    tag = index.word_tag(word) or dictionary_tag(word)
    if tag is None:
        return word[0] in GLUE_CHARACTERS or word[-1] in GLUE_CHARACTERS
    return tag[0] in NOT_TOPIC_TAGS and tag != "vn"  # a verbal noun (消费) names a topic


def _unknown_weight(index: ReportIndex) -> float:
    """The weight of a word no sentence contains: the most informative (qa.answers.refusal.unseen_word_weight)."""
    return unseen_word_weight(index.fields.sentence_words.document_count)


def _common_weight(index: ReportIndex) -> float:
    """The weight of a common verb, adverb … no sentence contains (qa.answers.refusal.common_word_weight)."""
    return common_word_weight(index.fields.sentence_words.document_count)


# jieba's count from which a verb is among the language's most common (~the 1,750 most frequent words): 开始,
# 影响, 离, 修, 花, 拿. Less common verbs (开门 970, 好吃 2,799, 上班) often are what a question asks about.
VERY_COMMON_COUNT = 5000


def _is_everyday(index: ReportIndex, word: str) -> bool:
    """A word of everyday language: jieba counts it at least VERY_COMMON_COUNT times."""
    dictionary = index.dictionary
    return dictionary is not None and dictionary.freq.get(word, 0) >= VERY_COMMON_COUNT


def _is_common_non_noun(index: ReportIndex, word: str) -> bool:
    """A word of everyday language (jieba count >= VERY_COMMON_COUNT) that names no thing: 影响, 修, 开始, 离."""
    if not _is_everyday(index, word):
        return False
    tag = index.word_tag(word)
    return tag is not None and tag[0] in NOT_TOPIC_TAGS


def _word_evidence(index: ReportIndex, word: str, article_text: str, article_words: frozenset[str]) -> WordEvidence:
    """The weight and credit of one question word against an article.

    The weight is the word's IDF; a word jieba cut differently in the reports (「气候分类」
    vs 「气候」「分类」) takes the mean IDF of its known bigrams, and a word no report contains
    in any form takes the highest IDF. Credit is 1 when the article contains the word, else
    the IDF-weighted share of its known bigrams the article contains (for words of 3+ chars).
    A single character counts only as a word of its own (「写」 is not in 「续写」). For a word
    the article lacks, `characters` is the IDF-weighted share of its characters it holds anywhere.
    """
    cjk = all(is_cjk(char) for char in word)
    parts = [word[i : i + 2] for i in range(len(word) - 1)] if cjk and len(word) > 2 else [word]
    part_idf = {part: _held_idf(index, index.fields.sentence_grams, part) for part in parts}
    known = [idf for idf in part_idf.values() if idf is not None]
    idf = _held_idf(index, index.fields.sentence_words, word)
    if idf is not None:
        weight = max(idf, 0.0)
    elif known:
        weight = max(sum(known) / len(known), 0.0)
    else:
        weight = _common_weight(index) if _is_common_non_noun(index, word) else _unknown_weight(index)
    held, tag = idf is not None or bool(known), index.word_tag(word)
    if word in article_text and (len(word) > 1 or not cjk or word in article_words):
        return WordEvidence(word, weight, 1.0, held, tag)
    # An abbreviation some report writes as such (电诈) is held by one writing it out (电信网络诈骗);
    # a word no report writes gets no credit from characters that happen to stand in order.
    if idf is not None and abbreviates(index, word, article_text):
        return WordEvidence(word, weight, 1.0, held, tag)
    characters = held_character_share(word, article_text, lambda char: _gram_weight(index, char))
    everyday = not held and _is_everyday(index, word)
    if len(parts) == 1:  # one character, or a two-character word: no parts to credit
        pos = None if tag else dictionary_tag(word)
        return WordEvidence(word, weight, 0.0, held, tag, characters, pos, everyday=everyday)
    # Parts no report contains weigh the most and are, by definition, not in this article.
    part_weights = {part: _gram_weight(index, part) for part in parts}
    total = sum(part_weights.values())
    found = sum(value for part, value in part_weights.items() if part in article_text)
    pos = None if tag else dictionary_tag(word)
    return WordEvidence(
        word, weight, found / total if total > 0 else 0.0, held, tag, characters, pos, everyday=everyday
    )


def _gram_weight(index: ReportIndex, gram: str) -> float:
    """A character gram's IDF among sentences; a gram no sentence holds weighs the most."""
    idf = _held_idf(index, index.fields.sentence_grams, gram)
    return _unknown_weight(index) if idf is None else max(idf, 0.0)


def _is_small(index: ReportIndex) -> bool:
    """A folder whose title words weigh as in a larger one (qa.answers.refusal.title_word_idf)."""
    return index.fields.sentence_words.document_count < UNSEEN_FLOOR_SENTENCES


def _asks_unseen(index: ReportIndex, analysis: Analysis, best: Hit, coverage: Coverage) -> bool:
    """The small folder's refusal (qa.answers.refusal.asks_unseen) of the ranking's best sentence."""
    title = normalize(index.articles[index.sentences[best.sentence_id].article].title)
    sentence = index.columns.normalized[best.sentence_id]
    everyday = partial(_is_common_non_noun, index)
    return asks_unseen(coverage.evidence, analysis.tokens, sentence, title, everyday)


_TITLES: weakref.WeakKeyDictionary[ReportIndex, str] = weakref.WeakKeyDictionary()


def _held_idf(index: ReportIndex, field: Bm25Index, token: str) -> float | None:
    """A token's IDF for coverage (a small folder's title words: qa.answers.refusal.title_word_idf), None if unheld."""
    if not _is_small(index) or len(token) < 2:
        return field.idf(token)
    titles = _TITLES.get(index)
    if titles is None:
        titles = _TITLES[index] = "\n".join(normalize(article.title) for article in index.articles)
    frequency = field.document_frequency(token)
    if token not in titles or not frequency:
        return field.idf(token)
    return title_word_idf(frequency, field.document_count)


def measure_coverage(index: ReportIndex, analysis: Analysis, hit: Hit) -> Coverage:
    """Share of the question's IDF-weighted topic words that the hit's report contains."""
    words = [
        word
        for word in dict.fromkeys(analysis.words)
        if not is_frame_word(word) and not is_unwritten_function_word(index, word)
    ]
    if not words:  # only frame words (「什么意思?」): too vague to claim the reports answer it
        return Coverage(0.0, ())
    # Files that share a title are parts of one report (qa.answers.refusal.same_report): its coverage is theirs.
    report = same_report(index, index.sentences[hit.sentence_id].article)
    article_text = " ".join(index.normalized_article(article) for article in report)
    # Only a lone CJK character is checked against the report's words (qa.answers.answer._word_evidence).
    lone = any(len(word) == 1 and is_cjk(word) for word in words)
    article_words = frozenset(
        word
        for article in (report if lone else ())
        for sentence_id in index.sentence_ids_of_article(article)
        for word in index.sentence_words(sentence_id)
    )
    evidence = tuple(_word_evidence(index, word, article_text, article_words) for word in words)
    kinds = _everyday_kinds(index, analysis, hit, evidence)
    if kinds:  # they weigh as the folder's rarest word: calibrated on benchmarks.small_folders (more answered fewer)
        common = _common_weight(index)
        evidence = tuple(
            replace(item, weight=min(item.weight, common)) if item.word in kinds else item for item in evidence
        )
    total = sum(item.weight for item in evidence)
    found = sum(item.weight * item.credit for item in evidence)
    missing = tuple(word for word in _missing_words(index, analysis) if word not in kinds)
    return Coverage(found / total if total > 0 else 0.0, missing, evidence)


def _everyday_kinds(
    index: ReportIndex, analysis: Analysis, hit: Hit, evidence: tuple[WordEvidence, ...]
) -> frozenset[str]:
    """The everyday nouns no report writes that the question asks after 「什么 / 哪个」, when the hit names an instance.

    「什么地方」, 「哪个国家」, 「什么时期」 name the kind of answer, which a report gives by its
    instance (在花莲附近登陆, 2023年10月): a report that never writes 地方 is no sign of another
    topic, but no proof of this one either. Coverage weighs them as the folder's rarest word
    (`common_word_weight`), as it does an everyday verb, and no notice names them missing.
    """
    everyday = {item.word: item.pos for item in evidence if item.everyday and len(item.word) > 1}
    if not everyday:
        return frozenset()
    kinds = answer_kind_words(analysis.tokens, {}, everyday) - _classified(analysis.tokens)
    return kinds if kinds and _names_an_instance(index, hit, analysis) else frozenset()


# What stands between 是 and the kind noun of 「他是个什么人物」: a classifying question.
_CLASSIFYING = frozenset({"个", "一个", "什么", "哪", "哪个", "哪一", "哪一个", "哪种", "哪一种", "何种"})


def _classified(tokens: Sequence[str]) -> frozenset[str]:
    """The nouns asked after 「是(个)什么」: 「他是个什么人物」 asks what he is, a description, not an instance."""
    found: set[str] = set()
    for position, word in enumerate(tokens):
        if word != "是":
            continue
        following = position + 1
        while following < len(tokens) and tokens[following] in _CLASSIFYING:
            following += 1
        if following > position + 1 and following < len(tokens):
            found.add(tokens[following])
    return frozenset(found)


# jieba tags of the words an instance of a kind is said by: a name (person, place, organisation,
# other), a time or a number.
INSTANCE_TAGS = ("nr", "ns", "nt", "nz", "t", "m")


def _names_an_instance(index: ReportIndex, hit: Hit, analysis: Analysis) -> bool:
    """Whether the hit's sentence holds a name, a time or a number the question does not say: an answer to 「什么X」."""
    asked = set(analysis.tokens)
    return any(
        word not in asked and (index.word_tag(word) or "").startswith(INSTANCE_TAGS)
        for word in index.sentence_words(hit.sentence_id)
    )


def _absent_from_scope(
    index: ReportIndex, topics: list[tuple[str, ...]], hit: Hit, scope: Container[int]
) -> tuple[tuple[str, ...], int]:
    """(Topic words the answer's article lacks although reports the question's places exclude hold them, how
    many topic words the question has).

    「黑龙江检察机关办结了多少件公益诉讼案件?」: the Heilongjiang report is the one to answer, and
    it never mentions 公益诉讼; saying so is more honest than a figure from another place. A topic of
    several pieces the article lacks every piece of is one missing word (扫黑 + 除恶: 扫黑除恶); one it
    holds some pieces of is its pieces (建立 + 健全 + 制度 of a report writing 建立制度: 健全 is missing).
    """
    text = index.normalized_article(index.sentences[hit.sentence_id].article)

    def lacks(word: str) -> bool:
        return word not in text and not abbreviates(index, word, text)  # 电诈 of a report writing 电信网络诈骗

    def held_elsewhere(word: str) -> bool:
        return bool(index.articles_containing(word, outside=scope, limit=1))

    absent: list[str] = []
    count = 0
    for group in topics:
        phrase = "".join(group)
        if len(group) > 1 and all(lacks(piece) for piece in group):
            count += 1
            if held_elsewhere(phrase):
                absent.append(phrase)
            continue
        pieces = [piece for piece in group if len(piece) >= 2] if len(group) > 1 else list(group)
        count += max(len(pieces), 1)
        absent.extend(piece for piece in pieces if lacks(piece) and held_elsewhere(piece))
    return tuple(dict.fromkeys(absent)), count


def _missing_words(index: ReportIndex, analysis: Analysis) -> list[str]:
    """Topic words (two or more CJK characters) that no report mentions, even in part.

    A word whose shorter part is itself a word some report uses (「由威廉」 -> 威廉) is a
    segmentation accident, not a missing topic, and is not reported. Neither are frame words,
    question words (「几天」, 「多少项」) or words jieba tags as verbs, adjectives, adverbs,
    pronouns, numbers or times: a report that says 赞不绝口 is about 称赞 without the word.
    """
    missing = []
    for word in dict.fromkeys(analysis.words):
        if len(word) < 2 or is_frame_word(word) or not all(is_cjk(c) for c in word):
            continue
        if any(char in QUESTION_CHARACTERS for char in word):  # the frame glued on (「券几时」 of 「消费券几时发」)
            continue
        tag = index.word_tag(word) or dictionary_tag(word)
        if (tag or "n")[0] in NOT_TOPIC_TAGS or (tag is None and len(word) == 2):
            # Two characters no dictionary knows are jieba's guess at a word (「多少起食药环」 ->
            # 「起食」), not a topic the asker named.
            continue
        if index.contains_text(word) or _has_known_part(index, word) or index.in_a_header(word):
            continue
        if len(word) > 2 and index.begins_a_word(word[:-1]):
            # The start of a report word with the next character glued on (「公安执结」 cut 公安执 / 结
            # where the reports write 公安机关): jieba's guess, not a topic.
            continue
        missing.append(word)
    return missing


# First letters of jieba's tags for words that do not name a topic: those that name nothing
# (qa.answers.refusal.NAMELESS_TAGS: numbers, measures, distinguishing words, pronouns, particles …) and
# v verb, a adjective, d adverb, t time.
NOT_TOPIC_TAGS = NAMELESS_TAGS | frozenset("vadt")


def _has_known_part(index: ReportIndex, word: str) -> bool:
    words = index.fields.sentence_words
    return any(
        words.document_frequency(word[start : start + size]) > 0
        for size in range(len(word) - 1, 1, -1)
        for start in range(len(word) - size + 1)
    )


def _item(index: ReportIndex, hit: Hit, analysis: Analysis, script: Script) -> AnswerItem:
    sentence = index.sentences[hit.sentence_id]
    article = index.articles[sentence.article]
    before, after = _neighbours(index, hit.sentence_id)
    display = convert_script(sentence.text, script, source_script=article.script)
    heading = convert_script(sentence.heading, script, source_script=article.script) if sentence.heading else None
    return AnswerItem(
        article=article,
        text=sentence.text,
        display=display,
        context_before=tuple(convert_script(t, script, source_script=article.script) for t in before),
        context_after=tuple(convert_script(t, script, source_script=article.script) for t in after),
        heading=heading,
        score=hit.score,
        highlights=highlight_spans(display, analysis.words),
    )


def _neighbours(index: ReportIndex, sentence_id: int) -> tuple[list[str], list[str]]:
    """Sentences just before and after, within the same paragraph."""
    sentences = index.sentences
    current = sentences[sentence_id]
    before = [
        sentences[i].text
        for i in range(max(0, sentence_id - CONTEXT_SENTENCES), sentence_id)
        if sentences[i].article == current.article and sentences[i].paragraph == current.paragraph
    ]
    after = [
        sentences[i].text
        for i in range(sentence_id + 1, min(len(sentences), sentence_id + 1 + CONTEXT_SENTENCES))
        if sentences[i].article == current.article and sentences[i].paragraph == current.paragraph
    ]
    return before, after


def highlight_spans(display: str, words: tuple[str, ...]) -> tuple[Span, ...]:
    """Character spans of `display` where the question's content words occur, merged and sorted."""
    normalized, offsets = normalize_with_offsets(display)
    spans: list[tuple[int, int]] = []
    for word in set(words):
        if len(word) < 2 and is_cjk(word):
            continue
        start = normalized.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((offsets[start], offsets[end - 1] + 1))
            start = normalized.find(word, end)
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(end, merged[-1].end))
        else:
            merged.append(Span(start, end))
    return tuple(merged)
