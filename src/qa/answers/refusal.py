"""The refusal decision: do the reports cover a question? A small logistic model over evidence signals.

One signal alone does not hold on data nobody tuned to: the share of the question's words the
answer's article contains (coverage) lets through questions about an article that is not in the
folder when the article that is shares their common words. So the decision combines a handful of
signals that each see the question from another side, weighted by a logistic regression fitted on
DRCD and CMRC 2018 dev (`python -m benchmarks.fit_refusal`, EVALUATION.md "Abstention").

The decision itself (`answer_probability`, `is_refused`) is pure: features in, a verdict out.
`measure_features` reads the features off an index; `features_from_evidence` is the pure part of it.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass, fields

from qa.models import Hit
from qa.script import is_cjk, normalize
from qa.search.index import ReportIndex
from qa.search.stopwords import FRAME_WORDS, STOPWORDS, is_frame_word
from qa.search.text import Analysis
from qa.table import title_keys


@dataclass(frozen=True, slots=True)
class WordEvidence:
    """One topic word of the question against the answer's article.

    `weight` is its IDF (the highest possible when no report holds it), `credit` the share of it
    the article holds (1 found, 0 absent, between for a word jieba cut differently), `known`
    whether any report holds it or a part of it, `tag` jieba's part of speech (None if unknown),
    `characters` the IDF-weighted share of its content characters the article holds anywhere
    (a paraphrase keeps characters, 鞋子 / 鞋; a topic the article never names has none),
    `pos` jieba's full dictionary's tag where the index's slice has none (起效 v, 互相 d): a verb
    or adjective is how the asker words an action or a quality, which a report may word otherwise
    with the same characters; a number or a distinguishing word names nothing a report could lack.
    `everyday` that a word no report holds is one of the language's most common (jieba's count):
    地方, 国家, 时期 after 「什么」 name the kind of answer, which a report gives by its instance.
    """

    word: str
    weight: float
    credit: float
    known: bool
    tag: str | None = None
    characters: float = 0.0
    pos: str | None = None
    everyday: bool = False


@dataclass(frozen=True, slots=True)
class RefusalFeatures:
    """The signals the decision weighs, each in [0, 1] (EVALUATION.md "Abstention" describes each)."""

    coverage: float
    noun_coverage: float
    name_coverage: float
    unknown_share: float
    article_margin: float
    cross_margin: float
    title_named: float
    char_coverage: float

    def vector(self) -> tuple[float, ...]:
        """The values in FEATURE_NAMES order."""
        return astuple(self)


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(RefusalFeatures))

# Fitted by `python -m benchmarks.fit_refusal` (L2-regularised logistic regression, both dev
# files pooled; the run, the tables and the cross-file check are in EVALUATION.md "Abstention").
COEFFICIENTS: dict[str, float] = {
    "coverage": 1.506,
    "noun_coverage": 2.781,
    "name_coverage": 1.620,
    "unknown_share": -1.032,
    "article_margin": 2.511,
    "cross_margin": 5.622,
    "title_named": 3.333,
    "char_coverage": 1.062,
}
INTERCEPT = -7.966
# Answer when the modelled probability that the reports cover the question reaches this: the
# lowest threshold refusing 90.5% of each dev file's out-of-scope questions (the 90% and a
# half-point margin for questions the fit did not see).
THRESHOLD = 0.178

# The margins look this far down the rankings (answer() always ranks this many sentences).
MARGIN_HITS = 30
# Characters that ask rather than tell: a word no report holds that contains one (「何年」,
# 「第几位」, 「哪国」) is the question's frame glued to a word by jieba, not a missing topic.
QUESTION_CHARACTERS = frozenset("何几哪谁啥")
# Interrogative determiners: the noun after one names the kind of answer wanted (「哪一种地形」,
# 「什么朝代」), which the answering sentence names by its instance (山地, 宋朝), not by the noun.
QUESTION_DETERMINERS = frozenset(
    [
        "什么",
        "甚么",
        "什么样",
        "哪",
        "哪一",
        "哪个",
        "哪些",
        "哪种",
        "哪一种",
        "哪一个",
        "哪几",
        "哪家",
        "哪位",
        "何",
        "何种",
    ]
)
# A question ending on one of these asks for the value of the noun before it (「…的功能是?」).
ENDING_COPULAS = frozenset({"是", "为", "叫", "叫做", "称为"})
# jieba tags of words that name things (nouns, places, people, organisations, abbreviations,
# idioms, foreign words): the words that say which article a question is about. A word jieba
# does not know (tag None) is most often a name too. Proper names alone: NAME_TAGS.
NOUN_TAGS = frozenset({"j", "eng", "l", "i", "s"})
NAME_TAGS = frozenset({"nr", "ns", "nt", "nz"})
# A two-character word the article lacks still half counts when the answering sentence shares
# one of its content characters: paraphrase (朝代 / 宋朝, 疾病 / 心脏病) keeps a character.
# Not for a word no report holds: a topic the reports never name gets no credit.
SHARED_CHARACTER_CREDIT = 0.5
# A word no report holds weighs its IDF in a folder of at least this many sentences: in a small
# folder the IDF of an unseen word (log 2N) barely exceeds that of a word it uses a few times,
# and 「梧州有什么好吃的」 would count as half covered by 梧州 alone.
UNSEEN_FLOOR_SENTENCES = 1000
# A title this short (one character) is too common a string to say a question names its report.
MIN_TITLE_CHARS = 2
# Characters too common to show a paraphrase: the one-character function words.
_COMMON_CHARACTERS = frozenset(word for word in STOPWORDS if len(word) == 1)
# Particles and prepositions jieba glues to a neighbour in a question (「数是」, 「语在」, 「于何」).
GLUE_CHARACTERS = frozenset("的了着过是在和与及或也都就而并且把被对从向于以为之其")


def answer_probability(features: RefusalFeatures) -> float:
    """The modelled probability that the reports cover the question (deterministic, pure)."""
    z = INTERCEPT + sum(
        COEFFICIENTS[name] * value for name, value in zip(FEATURE_NAMES, features.vector(), strict=True)
    )
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def unseen_word_weight(sentence_count: int) -> float:
    """The IDF weight of a word no sentence contains (BM25Okapi's formula at df 0, floored)."""
    count = max(sentence_count, UNSEEN_FLOOR_SENTENCES)
    return math.log(count + 0.5) - math.log(0.5)


def title_word_idf(frequency: int, sentence_count: int) -> float:
    """The IDF coverage gives a word of a report's title: BM25Okapi's, in a folder read as UNSEEN_FLOOR_SENTENCES long.

    Title expansion puts a report's title words in every sentence of it, so in a folder of a few
    dozen sentences they weigh almost nothing (龟山岛 0.3, 黑龙江 0.15) next to a word no report
    holds (7.6, floored the same way), and a question about the report with one word it lacks is
    refused (「停水影响多少户」 of a report titled with 停水). Read as part of a larger folder whose
    other sentences do not hold it, a title word weighs what it tells: which report is meant.
    """
    count = max(sentence_count, UNSEEN_FLOOR_SENTENCES)
    return max(math.log(count - frequency + 0.5) - math.log(frequency + 0.5), 0.0)


def common_word_weight(sentence_count: int) -> float:
    """The weight of a common word (a verb, an adverb …) no sentence contains: that of a word one sentence holds.

    In a small folder a common word no report happens to use (影响, 修, 开始, 离) would otherwise
    weigh as the rarest word of the question and outweigh the rare words the reports do hold
    (「停水影响多少户」 refused over 影响). Not absent from the language, only from these
    reports, it is no stronger sign of another topic than the folder's rarest word. In a big
    folder the two weights differ little (7.6 against 6.5 at 1,000 sentences).
    """
    count = max(sentence_count, 2)
    return math.log(count - 0.5) - math.log(1.5)


def is_refused(features: RefusalFeatures) -> bool:
    """True when the reports do not cover the question well enough to quote an answer."""
    return answer_probability(features) < THRESHOLD


def asks_unseen(
    evidence: Sequence[WordEvidence],
    tokens: Sequence[str],
    sentence: str,
    title: str,
    everyday: Callable[[str], bool],
) -> bool:
    """True when the question asks of its report something it does not say: the refusal for a small folder.

    There `title_word_idf` lets the report a question names weigh as much as it does in a large
    folder, and the fitted model, which never saw a folder that small, would answer 「花莲有什么好吃
    的」 on 花莲 alone. A question's names (花莲, 中山美术馆) and the words of the answer's `title`
    say which report it is about, its other words what it asks of it: refused when the words the
    report lacks, none of whose characters the answering `sentence` has (好吃, 开门, 网上), outweigh
    the other words it says. A character the sentence has only inside another word of the question
    (部 of 农村部 for 部长) is no paraphrase; one it has elsewhere is (接水 / 供水点, 搬 / 搬迁). An
    `everyday` word (离, 影响: a common verb) is no topic of its own, nor is a word that names nothing
    (间接, 一所: `names_nothing`). A name no report holds (台湾
    of a national report) is refused whatever else the question says: it is about another place.
    """
    topic = topic_evidence(evidence, tokens)
    rest = sentence
    for item in topic:
        if item.credit > 0:
            rest = rest.replace(item.word, " ")
    unseen = [
        item
        for item in topic
        if item.credit == 0
        and (len(item.word) > 1 or not item.known)  # a lone character other reports hold (车) is too loose a topic
        and not everyday(item.word)
        and not names_nothing(item)
        and held_character_share(item.word, rest, _one) == 0
    ]
    if any(is_name(item.tag) and not item.known for item in unseen):
        return True
    told = sum(
        item.weight * _credit(item, sentence) for item in topic if not is_name(item.tag) and item.word not in title
    )
    return sum(item.weight for item in unseen) > told


def is_verbal(tag: str | None) -> bool:
    """A verb or adjective by jieba's tag (not a verbal noun, 消费, which names a topic)."""
    return tag is not None and tag[0] in "va" and tag != "vn"


# First letters of jieba's tags for words that name no thing, action or quality: b distinguishing
# word (间接), f direction, m number (一所, 一场), q measure, r pronoun, p preposition, c conjunction,
# u particle, y modal, e interjection, o onomatopoeia. Not d (adverb): jieba tags words that name an
# action so too (起步 of 「计程车起步多少钱」); not s (locality): 网上 of 「消费券能在网上用吗」 is the topic.
NAMELESS_TAGS = frozenset("bfmqrpcuyeo")


def names_nothing(item: WordEvidence) -> bool:
    """Whether a word is a number, a measure, a distinguishing word … (NAMELESS_TAGS): no topic a report could lack."""
    tag = item.tag or item.pos
    return tag is not None and tag[0] in NAMELESS_TAGS


def _one(_: str) -> float:
    return 1.0


# Question words a following word can spell a frame word with (多少 + 钱 = 多少钱).
ASKING_WORDS = frozenset({"多少", "几", "什么", "哪", "多"})


def frame_accidents(evidence: Sequence[WordEvidence], tokens: Sequence[str]) -> frozenset[str]:
    """Words no report holds that are the question's frame cut up by jieba, not its topic.

    The word holds a question character (「何年」, 「第几位」, 「哪国」), or begins or ends with a
    function character glued on (「数是」 of 「案件数是多少」, 「语在」), or it and a token next to
    it spell a function or frame word (「多」「大」 of 「有多大」). The word after a question word
    that spells a frame word with it (「钱」 of 「多少钱」) is frame even where a report holds it.
    """
    beside: set[str] = set()
    asked: set[str] = (
        set()
    )  # what a question word spells a frame word with (多少 + 钱): frame even where reports write it
    for left, right in itertools.pairwise(tokens):
        if left + right in STOPWORDS or left + right in FRAME_WORDS:
            beside.update((left, right))
            if left in ASKING_WORDS:
                asked.add(right)
    return frozenset(
        item.word
        for item in evidence
        if item.word in asked
        or (
            not item.known
            and (
                item.word in beside
                or any(char in QUESTION_CHARACTERS for char in item.word)
                or (len(item.word) > 1 and (item.word[0] in GLUE_CHARACTERS or item.word[-1] in GLUE_CHARACTERS))
            )
        )
    )


def is_noun(tag: str | None) -> bool:
    """Whether a word tagged so names a thing (a word jieba does not know counts as a name)."""
    return tag is None or tag.startswith("n") or tag in NOUN_TAGS


def is_topic(item: WordEvidence) -> bool:
    """Whether a word counts for noun coverage: a noun, or any word no report holds."""
    return is_noun(item.tag) or not item.known


def is_name(tag: str | None) -> bool:
    """Whether a word tagged so is a proper name (person, place, organisation, other)."""
    return tag is not None and tag[:2] in NAME_TAGS


def answer_kind_words(
    tokens: Sequence[str], tags: Mapping[str, str | None], everyday: Mapping[str, str | None] | None = None
) -> frozenset[str]:
    """The words that name the kind of answer asked for, not the topic.

    The noun after an interrogative determiner (「哪一种地形」 -> 地形, 「哪一条河」 -> 一条 and 河:
    function words, numerals and measures skipped and left out too, but nothing skipped after a
    measure and never past 是), and the noun a question ends
    on before 是/为 (「螭头的主要功能是?」 -> 功能). Only words in `tags` (those some report holds),
    and after a determiner also the `everyday` words given (「什么地方」 of a report writing 出生于东京).
    """
    after_determiner = {**tags, **(everyday or {})}
    kinds: set[str] = set()

    def is_measure(token: str) -> bool:
        return token in tags and (tags[token] or "").startswith(("m", "q"))

    def is_skipped(token: str) -> bool:
        return not token.strip() or token in STOPWORDS or is_frame_word(token)

    for position, token in enumerate(tokens):
        if token not in QUESTION_DETERMINERS:
            continue
        measured = False
        for following in tokens[position + 1 :]:
            if following in ENDING_COPULAS or (is_skipped(following) and measured):
                break  # a measure's noun comes right after it: 「哪一种米是印度米的冠军」 does not ask for a 印度
            if is_skipped(following):
                continue
            if is_measure(following):
                kinds.add(following)
                measured = True
                continue
            if following in after_determiner and is_noun(after_determiner[following]):
                kinds.add(following)
            break
    if tokens and tokens[-1] in ENDING_COPULAS:
        last = next((t for t in reversed(tokens[:-1]) if not is_skipped(t)), None)
        if last is not None and last in tags and is_noun(tags[last]):
            kinds.add(last)
    return frozenset(kinds)


# Words asking for a count: the one character after one is the unit the answer counts in.
COUNT_WORDS = frozenset({"多少", "几"})


def counted_units(tokens: Sequence[str]) -> frozenset[str]:
    """The one-character unit right after 多少 / 几 (「多少户」 -> 户, 「多少人」 -> 人, 「多少座」 -> 座).

    The answer gives it with its figure (「约3.2万户」), as a character of a longer word or a
    measure, seldom as a word of its own; it names the kind of answer, not the topic. It is left
    out only where the report writes it inside a word alone: a report writing it as a word holds
    it (人 of 「抓获犯罪嫌疑人6415名」), one that never writes it (第多少届) does not count in it.
    """
    return frozenset(
        unit for word, unit in itertools.pairwise(tokens) if word in COUNT_WORDS and len(unit) == 1 and is_cjk(unit)
    )


def held_character_share(word: str, text: str, weight_of: Callable[[str], float]) -> float:
    """The `weight_of`-weighted share of a word's content characters (CJK, not a one-character
    function word) that occur in `text`; 0 when it has none."""
    characters = [char for char in word if is_cjk(char) and char not in _COMMON_CHARACTERS]
    weights = [weight_of(char) for char in characters]
    total = sum(weights)
    return sum(w for char, w in zip(characters, weights, strict=True) if char in text) / total if total > 0 else 0.0


def _credit(item: WordEvidence, sentence: str) -> float:
    """The article's credit, or the shared-character credit of a known two-character word or a worded-otherwise verb.

    A verb or adjective of one or two characters all of whose content characters the answering
    sentence holds inside its own words is the same action worded otherwise (起效 / 起作用 … 功效,
    睡 / 睡眠, 最贵 / 高达): half credit, as a known word sharing a character gets. A noun gets none
    so (桥 / 桥梁 let through questions about absent articles that share a character).
    """
    if item.credit > 0 or not all(is_cjk(char) for char in item.word):
        return item.credit
    if is_verbal(item.tag or item.pos) and len(item.word) == 1:
        characters = [char for char in item.word if char not in _COMMON_CHARACTERS]
        if characters and all(char in sentence for char in characters):
            return SHARED_CHARACTER_CREDIT
    if not item.known or len(item.word) != 2:
        return item.credit
    shares = any(char in sentence for char in item.word if char not in _COMMON_CHARACTERS)
    return SHARED_CHARACTER_CREDIT if shares else 0.0


def _coverage(items: Iterable[WordEvidence], sentence: str, default: float) -> float:
    items = list(items)
    total = sum(item.weight for item in items)
    return sum(item.weight * _credit(item, sentence) for item in items) / total if total > 0 else default


def topic_evidence(evidence: Sequence[WordEvidence], tokens: Sequence[str]) -> list[WordEvidence]:
    """The evidence of the question's topic words: frame accidents and answer-kind words left out.

    Answer-kind words are left out only when some report holds them (`answer_kind_words` of the
    question's `tokens`; a kind no report names, 「什么旅游景点」, stays a topic: an everyday one,
    「什么地方」, weighs less, qa.answers.answer._everyday_kinds).
    """
    left_out = answer_kind_words(tokens, {item.word: item.tag for item in evidence if item.known})
    left_out |= frame_accidents(evidence, tokens)
    units = counted_units(tokens)  # left out where the report writes them only inside a word (万户), not alone
    left_out |= {item.word for item in evidence if item.word in units and item.credit == 0 and item.characters > 0}
    return [item for item in evidence if item.word not in left_out]


def word_signals(
    evidence: Sequence[WordEvidence], tokens: Sequence[str], sentence: str
) -> tuple[float, float, float, float]:
    """(coverage, noun coverage, name coverage, unknown share) of a question's topic words (`topic_evidence`).

    `sentence` is the answering sentence in matching form, for the shared-character credit.
    Noun and name coverage are 1 when the question has no such word (nothing to miss); all
    four are 0 when no topic word is left.
    """
    topic = topic_evidence(evidence, tokens)
    total = sum(item.weight for item in topic)
    if total <= 0:
        return 0.0, 0.0, 0.0, 0.0
    return (
        _coverage(topic, sentence, 0.0),
        _coverage((item for item in topic if is_topic(item)), sentence, 1.0),
        _coverage((item for item in topic if is_name(item.tag)), sentence, 1.0),
        sum(item.weight for item in topic if not item.known) / total,
    )


def character_coverage(evidence: Sequence[WordEvidence], tokens: Sequence[str], sentence: str) -> float:
    """Coverage where the part of a topic word the article lacks earns the share of its characters it holds.

    Tells paraphrase from absence: a question worded otherwise than its report (「鞋子」 for 「鞋」,
    「下雪」 for 「大雪」) keeps the report's characters, while the rare words of a question about
    an article that is not in the folder are missing character by character too. 0 with no topic.
    """
    topic = topic_evidence(evidence, tokens)
    total = sum(item.weight for item in topic)
    if total <= 0:
        return 0.0
    held = 0.0
    for item in topic:
        credit = _credit(item, sentence)
        held += item.weight * (credit + (1.0 - credit) * item.characters)
    return held / total


def names_title(title: str, question: str) -> bool:
    """Whether the question names the answering report by its title (both in matching form).

    The strongest sign a question is about a report: 「潜江」 asked of the report titled 潜江. A
    question about an absent article names that article's title, which no report here bears.
    """
    return len(title) >= MIN_TITLE_CHARS and title in question


_REPORTS: weakref.WeakKeyDictionary[ReportIndex, tuple[Sequence[object], dict[object, tuple[int, ...]]]] = (
    weakref.WeakKeyDictionary()
)


def same_report(index: ReportIndex, article: int) -> tuple[int, ...]:
    """The articles sharing this article's title, itself included: the parts of one report.

    A report split into files (a public set's paragraphs, a long report saved in parts) is one
    source: its parts are neither rivals for the margins nor missing from its coverage.
    """
    keys, by_title = _reports(index)
    return by_title[keys[article]]


def _reports(index: ReportIndex) -> tuple[Sequence[object], dict[object, tuple[int, ...]]]:
    """(each article's title key, the articles of each key), made once an index."""
    known = _REPORTS.get(index)
    if known is None:
        keys = title_keys(index.articles)  # not 25,000 Article records decoded on the first answer
        grouped: dict[object, list[int]] = {}
        for number, key in enumerate(keys):
            grouped.setdefault(key, []).append(number)
        known = _REPORTS[index] = (keys, {key: tuple(numbers) for key, numbers in grouped.items()})
    return known


def margin_to_other(keys: Sequence[object], scores: Sequence[float], answer_key: object) -> float:
    """(best - best scored under another key than the answer's) / best; 1 when no other key ranks.

    Keys stand for article titles (equal exactly when the titles are): files that share a title are
    parts of one report, not rivals.
    """
    if not scores or scores[0] <= 0:
        return 0.0
    other = next((score for key, score in zip(keys, scores, strict=True) if key != answer_key), None)
    return 1.0 if other is None else (scores[0] - other) / scores[0]


def features_from_evidence(
    evidence: Sequence[WordEvidence],
    *,
    tokens: Sequence[str],
    sentence: str,
    article_margin: float,
    cross_margin: float,
    title: str = "",
    question: str = "",
) -> RefusalFeatures:
    """Assemble the features from the word evidence and the ranking's signals (pure).

    The margins count as far as the report covers the question: a lone accidental match (one
    character of 「北京到上海的高铁票」 in one report) has no rival, but no evidence either. So does
    naming the report's title (`title` and `question` in matching form): 「梧州有什么好吃的?」 names
    a report titled 梧州, but its characters, not only its words, say 好吃 is not in it.
    """
    coverage, nouns, names, unknown = word_signals(evidence, tokens, sentence)
    characters = character_coverage(evidence, tokens, sentence)
    return RefusalFeatures(
        coverage=coverage,
        noun_coverage=nouns,
        name_coverage=names,
        unknown_share=unknown,
        article_margin=article_margin * coverage,
        cross_margin=cross_margin * coverage,
        title_named=characters if names_title(title, question) else 0.0,
        char_coverage=characters,
    )


def measure_features(
    index: ReportIndex, analysis: Analysis, hits: Sequence[Hit], evidence: Sequence[WordEvidence]
) -> RefusalFeatures:
    """The features of a ranked question (hits non-empty, best first, MARGIN_HITS of them when there are)."""
    top = hits[0]
    article_of = index.corpus.sentences.article
    keys = _reports(index)[0]  # titles compared by key: no article record decoded for a margin
    top_article = int(article_of[top.sentence_id])
    title = index.articles[top_article].title
    sentence = index.columns.normalized[top.sentence_id]
    best_articles, best_scores = index.fields.article_grams.top_k(analysis.grams, MARGIN_HITS)
    ranked = hits[:MARGIN_HITS]
    return features_from_evidence(
        evidence,
        tokens=analysis.tokens,
        sentence=sentence,
        article_margin=margin_to_other(
            [keys[int(a)] for a in best_articles], [float(s) for s in best_scores], keys[top_article]
        ),
        cross_margin=margin_to_other(
            [keys[int(article_of[hit.sentence_id])] for hit in ranked], [hit.score for hit in ranked], keys[top_article]
        ),
        title=normalize(title),
        question=analysis.normalized,
    )
