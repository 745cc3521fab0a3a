"""How a message reads in a conversation: a new question, the next answer, or a follow-up completed from context.

The rules use general signals only: jieba's part-of-speech tags (ns place, nr person, nt
organisation, t time, n… noun), organisation suffixes (法院, 检察院, 机关, 厅, 局 …), quotation
marks around names, and a few fixed ways Chinese speakers ask for more (还有呢), elide a question
(那X呢?) or point at the article just quoted (这篇, 该文, 作者是谁?).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol

from qa.answers.article_answers import LISTED_ARTICLES
from qa.answers.article_questions import (
    ARTICLE_NOUN_RE,
    ARTICLE_REF_RE,
    POINTER_RE,
    ArticleField,
    QuestionKind,
    has_field_cue,
    parse_article_question,
)
from qa.answers.asked_kind import asks_definition
from qa.chat.about_answer import (
    AboutAnswer,
    about_answer,
    earlier_answer,
    is_rejection,
    without_correction,
    without_deixis,
)
from qa.chat.compare import (
    TITLES_QUESTION,
    asks_difference,
    asks_which_more,
    asks_which_reports,
    dated_extreme,
    named_report,
    same_field_question,
)
from qa.models import Article
from qa.script import is_cjk, normalize
from qa.search.stopwords import FRAME_WORDS, STOPWORDS
from qa.search.text import Analysis, dictionary_tag

MAX_ELLIPSIS_CHARS = 16


class Lexicon(Protocol):
    """What the rules need from an index: its question analysis and its part-of-speech tags."""

    def analyze_question(self, question: str) -> Analysis:
        """The question as the index sees it."""
        ...

    def word_tag(self, word: str) -> str | None:
        """jieba's tag of a dictionary word, or None."""
        ...

    def contains_text(self, normalized: str) -> bool:
        """True if some report sentence contains this matching-form text."""
        ...

    @property
    def articles(self) -> Sequence[Article]:
        """The reports, in folder order."""
        ...

    def articles_containing(self, normalized: str) -> list[int]:
        """The articles whose header or body contains this matching-form text."""
        ...

    def in_a_header(self, normalized: str) -> bool:
        """True if some article's header (title, publisher, authors …) holds this matching-form text."""
        ...

    @property
    def header_texts(self) -> tuple[str, ...]:
        """Each article's header in matching form."""
        ...


class Move(Enum):
    """What a message asks of the conversation."""

    NEW = "new"  # a question of its own (or nothing to follow up on)
    NEXT = "next"  # 还有呢: the next answer of the last question
    PREVIOUS = "previous"  # 上一个
    ELLIPSIS = "ellipsis"  # 那梧州呢: the last question with one part swapped
    REFERENCE = "reference"  # 这篇报道是谁写的: about the article of the last answer
    CONTINUATION = "continuation"  # 有多少件积案: no subject of its own, so the last one's
    AGAIN = "again"  # 是真的吗, 有没有超过50个: the answer in view again, with its source
    DETAIL = "detail"  # 详细说说, 原文: the answer in view with the rest of its paragraph
    BACK = "back"  # 刚才那个问题: the last topic asked again
    COMPARE = "compare"  # 哪个多: the last two answers side by side
    SPEAKER = "speaker"  # 谁介绍的?, 是谁说的?: who the sentence in view is reported from
    UNCLEAR = "unclear"  # 那检察机关呢 with nothing asked before: there is nothing to complete it from


class PartKind(Enum):
    """The kind of a part of a question, for swapping like with like."""

    PLACE = "place"
    SCOPE = "scope"  # 全省, 全市: the extent of a place
    BODY = "body"
    PERSON = "person"
    TIME = "time"
    THING = "thing"


SUBJECT_KINDS = frozenset({PartKind.PLACE, PartKind.SCOPE, PartKind.BODY, PartKind.PERSON})


@dataclass(frozen=True, slots=True)
class Part:
    """A part of a normalised question: characters [start, end) of it, and their kind."""

    kind: PartKind
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Context:
    """What a follow-up can refer to: the last question asked and the article of the last answer.

    `question` is the topic (a question about an article leaves it as it was); `asked` the last
    message as answered, whatever it was about; `listed` the (id, title) of each article the last
    reply listed (every report's date, …), in order, for 「第二篇是谁写的?」.
    """

    question: str | None = None
    article: str | None = None
    article_title: str | None = None
    asked: str | None = None
    listed: tuple[tuple[str, str], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()  # every report in /sources order, in a small folder: 「第一篇」 unlisted
    answered: str | None = None  # the topic of the last turn that got an answer (「刚才那个问题」)
    answers: tuple[tuple[str, str], ...] = ()  # (id, title) of each answer's article, first first (「第一个答案」)
    in_view: str | None = None  # the sentence of the answer in view, in matching form (「他」, 「哪年?」 read it)


@dataclass(frozen=True, slots=True)
class Reading:
    """How a message was understood: the question to answer, the article it is limited to, what to show."""

    move: Move
    question: str
    article: str | None = None
    understood_as: str | None = None
    focus: tuple[str, ...] = ()  # what an elliptical question swapped in, places aside (「检察院」 of 「检察院呢?」)
    place: str | None = None  # the place it swapped in (「梧州」 of 「那梧州呢?」), else the one it kept
    listed: tuple[str, ...] = ()  # the listing an ordinal (「第二篇」) counted in, kept for the next one
    only_thing: bool = False  # an ellipsis swapping a thing only (「涉案金额呢?」): the topic in view still holds
    new_subject: bool = False  # an ellipsis changing the subject (「本田呢?」): the answer in view is no answer


_END_PUNCTUATION = "?？!！。.,，~～…·、 "
_NEXT_RE = re.compile(
    r"^(?:那|那么|好的?|嗯|请)?(?:还有(?:呢|吗|么|没有|别的(?:吗|呢|么)?|其他的?(?:吗|呢|么)?|其它的?(?:吗|呢|么)?)?"
    r"|还有没有(?:别的|其他的?|其它的?)?"
    r"|下一(?:个|条|句|项|页)|更多|继续|接着|接着说|然后呢|再来(?:一个|一条|一句)?|换一(?:个|条|句)"
    r"|(?:还有)?(?:其他|其它|别的)(?:的)?(?:呢|吗)?|next|more)(?:的)?(?:答案|结果)?(?:呢|吗)?$",
    re.IGNORECASE,
)
_PREVIOUS_RE = re.compile(r"^(?:上一(?:个|条|句|项|页)|前一(?:个|条)|返回|prev|previous)$", re.IGNORECASE)
_ELLIPSIS_RE = re.compile(
    r"^(?P<lead>那么|那|而|至于|换成|换做|换作|换|如果是|要是|假如是|对于|关于|那如果是|说说|看看|问问)?\s*(?P<x>.+?)\s*"
    r"(?:的情况|那边|这边|方面|的话)?"
    r"(?P<end>呢|又如何|又怎么样|又怎样|情况如何|怎么样|怎样|如何|的呢)$"
)
_QUESTION_WORD_RE = re.compile(r"多少|几|什么|啥|谁|哪|怎么|如何|是否|有没有|吗|么|为何|为什么|何时|何地")
# 「这两篇报道分别…」, 「各篇」, 「所有报告」: about every article, not the last answer's.
_PLURAL_RE = re.compile(
    r"[两二三四五六七八九十几多各每]篇|分别|各自|(?:所有|全部|这些|那些|哪些|各)的?(?:报道|文章|报告|新闻|稿件)"
)
# Dates and years are a part of their own kind (「2021年」, 「今年」 is tagged t by jieba).
_TIME_RE = re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}[日号])?|\d{1,2}月(?:\d{1,2}[日号])?|[上下]半年")
_QUOTE_RE = re.compile(r"“([^”]+)”|「([^」]+)」|『([^』]+)』|\"([^\"]+)\"")
_SCOPE_RE = re.compile(r"^[全本该各][国省市县区州镇乡村]$")
ORG_SUFFIXES = (
    "机关",
    "法院",
    "检察院",
    "政府",
    "部门",
    "单位",
    "机构",
    "中心",
    "院",
    "厅",
    "局",
    "委",
    "部",
    "所",
    "队",
)
NOT_ORGS = frozenset(
    [
        "全部",
        "内部",
        "外部",
        "局部",
        "格局",
        "布局",
        "结局",
        "大局",
        "当局",
        "干部",
        "场所",
        "厕所",
        "住所",
        "处所",
        "部队",
        "团队",
        "球队",
        "总部",  # headquarters: where a body sits, not a body of its own
        "本部",
        "分部",
    ]
)
# What turns a word into a body in the reports' own text (公安 -> 公安机关, 公安厅).
BODY_ENDINGS = ("机关", "部门", "厅", "局", "院")
_ORG_CHARS = frozenset(suffix for suffix in ORG_SUFFIXES if len(suffix) == 1) | {"办", "处"}
_ASPECT = ("了", "过", "着")  # after a verb only: 「办了」 is done, not an office
PLACE_SUFFIXES = ("省", "市", "县", "区", "州", "镇", "乡", "村", "街道")
_THING_TAGS = ("n", "vn", "an", "j", "l", "i", "eng")


_COURTESY_RE = re.compile(r"^(?:(?:好的|好|嗯+|哦|噢|谢谢|谢了|多谢|明白了?|收到|ok|okay)+[,，.。!！~～、\s]+)+")


def bare(message: str) -> str:
    """The message in matching form without courtesies in front, closing punctuation and spaces.

    「好的，还有呢？」 -> 「还有呢」; 「谢谢！那梧州呢?」, 「好的谢谢，那梧州呢」 -> 「那梧州呢」.
    """
    text = normalize(message).strip(_END_PUNCTUATION)
    return _COURTESY_RE.sub("", text).replace(" ", "")


def read_message(message: str, context: Context | None, lexicon: Lexicon) -> Reading:
    """How to answer `message` given the conversation so far (`context` None: nothing to follow up on).

    「不对」 / 「答非所问」 alone reject the answer in view: the next one is shown (or that there is none),
    never the same again. 「他还写了什么?」 after an author, 「他是什么职务?」 after a sentence naming one
    person: the pronoun stands for that person, and the question is read with the name in its place.
    """
    if is_rejection(bare(message)):
        return Reading(Move.NEXT, context.question if context is not None and context.question else message)
    referent = _pronoun_referent(context, lexicon) if context is not None else None
    pronoun = _PRONOUN_RE.match(bare(message)) if referent is not None else None
    if referent is None or pronoun is None:
        return _read(message, context, lexicon)
    named = referent + bare(message)[pronoun.end() :]
    reading = _read(named, context, lexicon)
    if reading.move is Move.CONTINUATION:
        return Reading(Move.NEW, named, understood_as=named)  # the person is the subject: nothing to carry
    return reading if reading.understood_as is not None else replace(reading, understood_as=named)


def _pronoun_referent(context: Context, lexicon: Lexicon) -> str | None:
    """Who 他 / 她 is: the (first) author of the article whose authors were just asked, else the one person
    the sentence in view reports speaking, else the one person (not a name some title holds, such as a
    company) it names; None if not one."""
    asked = parse_article_question(normalize(context.asked)) if context.asked is not None else None
    if asked is not None and asked.kind is QuestionKind.FIELD and asked.field is ArticleField.AUTHORS:
        article = next((article for article in lexicon.articles if article.id == context.article), None)
        authors = article.authors if article is not None else ()
        return normalize(authors[0]) if authors else None  # of several, the by-line's first
    if context.in_view is None:
        return None
    speaking = set(speakers(context.in_view, lexicon))
    if len(speaking) == 1:
        return speaking.pop()  # 「郝伟夫表示,…」: jieba's person tags are noisy (拓宽 nr), a speaker is not
    titles = [normalize(article.title) for article in lexicon.articles]
    people = {
        word
        for word in lexicon.analyze_question(context.in_view).words
        if len(word) > 1
        and (lexicon.word_tag(word) or dictionary_tag(word) or "").startswith("nr")
        and not any(word in title for title in titles)
    }
    return people.pop() if len(people) == 1 else None


# 「郝伟夫介绍,…」, 「…。李明表示：」: a name of two to four characters speaking, opening a clause.
_SPEAKER_LEAD_RE = re.compile(
    r"(?:^|[,，。;；:：\s])(?P<name>[\u4e00-\u9fff]{2,4}?)(?:介绍|表示|指出|强调|透露|称)[,，:：]"
)


def speakers(normalized: str, lexicon: Lexicon) -> list[str]:
    """The people a sentence (matching form) reports as speaking (「郝伟夫介绍,」): names jieba tags as
    persons or does not know (a name missing from its dictionary), not common words (「全省」, 「会议」)."""
    found = []
    for match in _SPEAKER_LEAD_RE.finditer(normalized):
        name = match.group("name")
        tag = lexicon.word_tag(name) or dictionary_tag(name)
        if tag is None or tag.startswith("nr"):
            found.append(name)
    return found


def _read(message: str, context: Context | None, lexicon: Lexicon) -> Reading:
    courtesy = _COURTESY_RE.match(normalize(message.strip()))
    if courtesy is not None and len(courtesy.group()) < len(message.strip()):
        message = message.strip()[len(courtesy.group()) :]  # 「谢谢！新北市有几个区?」 asks 「新北市有几个区?」
    corrected = without_correction(normalize(message))
    if corrected is not None:
        # What a correction says stands for the last question: in full, or as an ellipsis (「检察院」 -> 「检察院呢」).
        bare_rest = corrected.strip(_END_PUNCTUATION)
        is_phrase = len(bare_rest) <= MAX_ELLIPSIS_CHARS and not _QUESTION_WORD_RE.search(bare_rest)
        message = f"{bare_rest}呢" if is_phrase and context is not None and context.question else corrected
    text = bare(message)
    # 还有呢 pages (or says there is nothing to page) whether or not the context is still live.
    if _NEXT_RE.match(text):
        return Reading(Move.NEXT, context.question if context is not None and context.question else message)
    if _PREVIOUS_RE.match(text):
        return Reading(Move.PREVIOUS, context.question if context is not None and context.question else message)
    context = context or Context()
    compared = _comparing_reports(message, text, lexicon)
    if compared is not None:
        return compared
    if _ASKS_MENTION_RE.match(text):
        return Reading(Move.NEW, message)  # 「有没有提到扫黑除恶?」 asks the reports, not the last topic
    about = _about_the_answer(message, text, context, lexicon)
    if about is not None:
        return about
    if _SPEAKER_RE.match(text) and context.question is not None:
        return Reading(Move.SPEAKER, context.question)
    if asks_which_more(text):
        # 「哪个多?」 compares the last two answers; with fewer than two there is nothing to compare.
        return Reading(Move.COMPARE if len(context.answers) >= 2 else Move.UNCLEAR, message)
    rest = without_deixis(text) if context.article is not None else None
    if rest is not None and elliptical_phrase(rest) is None:
        # 「上面说的整改率是多少」: the rest is asked of the article the last answer came from.
        return _of_article(rest, message, context)
    if rest is not None:
        message = text = rest  # 「刚才说的检察机关呢」 is the ellipsis 「检察机关呢」
    reference = _ordinal(text, context) or _as_reference(message, text, context, lexicon)
    if reference is not None:
        return reference
    other = _same_fact_of_another(text, context, lexicon)
    if other is not None:
        return Reading(Move.ELLIPSIS, other, understood_as=other)
    if context.question is None:
        if _is_bare_ellipsis(text):
            return Reading(Move.UNCLEAR, message, understood_as=elliptical_phrase(text))
        return Reading(Move.NEW, message)
    phrase = elliptical_phrase(text)
    parts = _as_listed(elliptical_parts(phrase, lexicon), context, lexicon) if phrase is not None else []
    if phrase is not None and _asks_how_bare(text) and any(part.kind not in SUBJECT_KINDS for part in parts):
        phrase = None  # 「今天天气怎么样?」 is a question of its own; 「黑龙江怎么样?」 follows one up
    compound = _compound_swap(phrase, context.question, lexicon) if phrase is not None else None
    if compound is not None:
        # 「二期呢?」 after 「一期工程什么时候完成?」, 「伊春段呢?」 after 「哈尔滨段…」: the compound for the compound.
        place = next((part.text for part in question_parts(compound, lexicon) if part.kind is PartKind.PLACE), None)
        return Reading(Move.ELLIPSIS, compound, understood_as=compound, focus=(normalize(phrase or ""),), place=place)
    attribute = _attribute_asked(parts, context.question, lexicon)
    if attribute is not None:
        # 「直径呢?」 after 「祈年殿有多高?」: another attribute of the same thing, not a thing in its place.
        return Reading(Move.ELLIPSIS, attribute, understood_as=attribute, focus=(parts[0].text,), only_thing=True)
    if phrase is not None:
        names = {part.text for part in parts if names_an_article(part, lexicon, context.article)}
        completed = swap_parts(context.question, parts, lexicon, names)
        # The place swapped in, else the one the question kept, decides the article.
        kept = question_parts(completed, lexicon)
        # A name another report's header holds decides the article as a place does (「东芝呢?」, 「马祖呢?」).
        place = next((part.text for part in parts if part.text in names), None) or next(
            (part.text for part in (*parts, *kept) if part.kind is PartKind.PLACE), None
        )
        # A place decides the article (reports rarely repeat it in each sentence); other parts the sentence.
        focus = tuple(part.text for part in parts if part.kind not in (PartKind.PLACE, PartKind.SCOPE))
        new_subject = any(normalize(part) not in completed for part in subject_parts(context.question, lexicon))
        only_thing = (
            bool(parts) and all(part.kind is PartKind.THING and part.text not in names for part in parts)
        ) and not new_subject
        return Reading(
            Move.ELLIPSIS,
            completed,
            understood_as=completed,
            focus=focus,
            place=place,
            only_thing=only_thing,
            new_subject=new_subject,
        )
    own = question_parts(message, lexicon)
    if (
        any(part.kind in SUBJECT_KINDS or names_an_article(part, lexicon, context.article) for part in own)
        or _PLURAL_RE.search(text)
        or _only_elsewhere(own, context, lexicon)
    ):
        return Reading(Move.NEW, message)
    if asks_definition(text):
        return Reading(Move.NEW, message)  # 「扫黑除恶是什么意思」 names its subject: nothing to carry over
    subject = subject_of(context.question, lexicon)
    only_when = all(part.kind is PartKind.TIME for part in own)  # 「1979年赢了谁?」 names only a year
    if (
        not own
        and context.asked == context.question
        and _asks_of_something_unnamed(message, lexicon)
        and _says_what_is_asked(text, context.in_view or "")
    ):
        return Reading(Move.AGAIN, context.question)
    if not own and _asks_of_something_unnamed(message, lexicon):
        # 「是哪年的事?」, 「要多久?」: only question words, so about what the last question said before its own.
        subject = _stem(context.question, lexicon)
    elif not own and _asks_only_what_happens(message, lexicon):
        # 「什么时候打掉的?」: nothing named, so about what the last question named. A count of its own
        # (「破获了多少起?」) counts something else: not 「手机卡」 of 「…缴获了多少张手机卡?」, only what
        # stood before the question word.
        counts = _COUNT_RE.search(normalize(message)) is not None
        named = _named_before_asking(context.question, lexicon) if counts else question_parts(context.question, lexicon)
        subject = "".join(part.text for part in _without_attributes(named, lexicon))
    elif not subject or not (
        _has_content(message, lexicon) or (only_when and _asks_only_what_happens(message, lexicon))
    ):
        return Reading(Move.NEW, message)
    if not subject:
        return Reading(Move.NEW, message)
    # 「他在发布会上介绍了几个方面?」: the subject stands where the pronoun stood, not before it.
    completed = subject + _PRONOUN_RE.sub("", normalize(message), count=1)
    return Reading(Move.CONTINUATION, completed, understood_as=completed)


_PRONOUN_RE = re.compile(r"^(?:那|那么)?(?:他们|她们|他|她|对方)(?:的)?")


_COUNT_RE = re.compile(r"多少|几")


def _named_before_asking(question: str, lexicon: Lexicon) -> list[Part]:
    """The parts of a question before its question word; all of them when none stands there (「怎么申请消费券」)."""
    parts = question_parts(question, lexicon)
    asked = _QUESTION_WORD_RE.search(normalize(question))
    before = [part for part in parts if asked is not None and part.end <= asked.start()]
    return before or parts


def _as_listed(parts: list[Part], context: Context, lexicon: Lexicon) -> list[Part]:
    """The parts, a "person" the sentence in view says beside what was asked made a thing when the last
    question names no person: jieba tags 银行卡 nr, but after 「…多少张手机卡?」 it is what 「手机卡3644张、
    银行卡2260张」 lists next, to count in its place, not a person to put in front."""
    in_view = context.in_view or ""
    if not in_view or any(part.kind is PartKind.PERSON for part in question_parts(context.question or "", lexicon)):
        return parts
    return [
        replace(part, kind=PartKind.THING)
        if part.kind is PartKind.PERSON and normalize(part.text) in in_view and not names_an_article(part, lexicon)
        else part
        for part in parts
    ]


def _only_elsewhere(parts: Sequence[Part], context: Context, lexicon: Lexicon) -> bool:
    """True if the message names a thing some report says and the article in view does not (「天坛在哪?」
    after the 台北101 report): a question about another report, with nothing to carry over."""
    number = next((n for n, article in enumerate(lexicon.articles) if article.id == context.article), None)
    if number is None:
        return False
    for part in parts:
        if part.kind is PartKind.THING and len(part.text) > 1:
            holding = lexicon.articles_containing(normalize(part.text))
            if holding and number not in holding:
                return True
    return False


def _without_attributes(parts: list[Part], lexicon: Lexicon) -> list[Part]:
    """The parts but the attributes (common nouns some report gives a figure after: 直径32.72米, 手机卡3644张)
    when another thing is among them (圜丘): 「什么时候建的?」 after 「圜丘坛的直径是多少?」 asks when
    圜丘坛 was built, not its diameter."""
    is_attribute = [
        part.kind is PartKind.THING and dictionary_tag(part.text) == "n" and _is_valued(part.text, lexicon)
        for part in parts
    ]
    if not any(
        part.kind is PartKind.THING and not attribute for part, attribute in zip(parts, is_attribute, strict=True)
    ):
        return parts
    return [part for part, attribute in zip(parts, is_attribute, strict=True) if not attribute]


def _stem(question: str, lexicon: Lexicon) -> str:
    """What a question says before its question word, when all it names stands there (「东芝会计造假涉及」
    of 「东芝会计造假涉及多少钱?」); else what it names (「消费券」 of 「怎么申请消费券?」)."""
    text = normalize(question)
    parts = question_parts(question, lexicon)
    asked = _QUESTION_WORD_RE.search(text)
    named = "".join(part.text for part in parts)
    entities = _without_attributes(parts, lexicon)
    if len(entities) < len(parts):
        return "".join(part.text for part in entities)  # 「圜丘坛」 of 「圜丘坛的直径是多少?」
    if asked is None or not parts or parts[-1].end > asked.start():
        return named
    return text[: asked.start()].rstrip("了的是在有要共").strip(_END_PUNCTUATION) or named


def with_last_subject(message: str, context: Context | None, lexicon: Lexicon) -> str | None:
    """The message with the last question's subject in front, when it names none of its own
    (「影响多少户?」 after 「凤岭片区什么时候停水?」); None when it names one or there is none to carry."""
    if context is None or context.question is None:
        return None
    text = bare(message)
    if _PLURAL_RE.search(text) or any(
        part.kind in SUBJECT_KINDS or names_an_article(part, lexicon, context.article)
        for part in question_parts(message, lexicon)
    ):
        return None
    subject = subject_of(context.question, lexicon) or "".join(
        part.text for part in _without_attributes(_named_before_asking(context.question, lexicon), lexicon)
    )
    return subject + _PRONOUN_RE.sub("", normalize(message), count=1) if subject else None


def _asks_only_what_happens(message: str, lexicon: Lexicon) -> bool:
    """True if the message's words are all verbs, adjectives, adverbs or figures, one a verb or adjective
    (「什么时候发?」, 「怎么申请?」): it asks what happens, to something it leaves unnamed."""
    tags = [
        "m" if word.isdigit() else lexicon.word_tag(word) or dictionary_tag(word) or ""
        for word in lexicon.analyze_question(message).words
    ]
    return any(tag.startswith(("v", "a")) for tag in tags) and all(tag.startswith(("v", "a", "d", "m")) for tag in tags)


# Question words that ask about something without counting it: 「要多久?」, 「多少钱?」, 「在哪里?」
# (「是多少?」 and 「有几个?」 name nothing to count, so they are left as they are).
_UNNAMED_ASK_RE = re.compile(
    r"多久|多长时间|多少钱|几点|哪里|哪儿|在哪|多远|多大|多高|多长|多重|怎么|如何|为什么|为何"
    r"|什么时候|何时|哪一?年|哪一?天|几月"
)


def _asks_of_something_unnamed(message: str, lexicon: Lexicon) -> bool:
    """True for a message of question words only that asks how long, how much, where, how, why or when
    (「是哪年的事?」: a lone 事 or 年 names nothing)."""
    words = [word for word in lexicon.analyze_question(message).words if len(word) > 1 and word not in FRAME_WORDS]
    return not words and _UNNAMED_ASK_RE.search(normalize(message)) is not None


_WHEN_RE = re.compile(r"什么时候|何时|几时")


def _says_what_is_asked(text: str, in_view: str) -> bool:
    """True if the sentence in view answers a bare 「哪年?」 (it says a time: 「…于1875年…创立」) or
    「为什么?」 (it says a cause: 「因上海北站位于租界以外…遭到破坏」)."""
    return bool(
        (_asks_when(text) and _STATES_TIME_RE.search(in_view)) or (_WHY_RE.search(text) and _CAUSE_RE.search(in_view))
    )


_WHY_RE = re.compile(r"为什么|为何|怎么回事|什么原因|原因是什么|啥原因")
# A cause a sentence states: 「因上海北站位于租界以外…」, 「由于…」, 「…的原因是…」.
_CAUSE_RE = re.compile(r"因为|由于|因此|原因|(?<![原基])因(?=[^此而为])")
# A time a sentence states: 「1875年」, 「嘉靖九年」, 「8月28日」, 「公元前598」.
_STATES_TIME_RE = re.compile(r"\d{2,4}年|[一二三四五六七八九十]+年|\d{1,2}月\d{1,2}[日号]|公元前")


def _asks_when(text: str) -> bool:
    """True if the message asks when (「哪年?」, 「什么时候?」, 「是哪天的事?」), not when an article appeared."""
    return _PUBLISHED_RE.search(text) is None and (_WHEN_RE.search(text) or _WHICH_DAY_RE.search(text)) is not None


_WHICH_DAY_RE = re.compile(r"哪一?年|哪一?天|几月|几号")
_PUBLISHED_RE = re.compile(r"(?:发|写|登|刊|出|报道)的|发布|发表|刊登|刊发|见报|发稿")


def _asks_when_of_content(text: str, context: Context | None = None) -> bool:
    """「什么时候发?」 asks when something happens; 「什么时候发的?」 / 「什么时候发布」 when the article appeared.

    With a sentence of the reports in view (the last turn asked about content), 「哪一年?」,
    「是哪年的事?」 and 「是哪天宣布的?」 ask when what it says happened, too; 「是哪年的?」 (ending
    in 的, the spoken 「哪年发的」) and a question about an article asked last still ask the date.
    """
    if _PUBLISHED_RE.search(text) is not None:
        return False
    if _WHEN_RE.search(text) is not None:
        return True
    about_content = context is not None and context.question is not None and context.asked == context.question
    return about_content and _WHICH_DAY_RE.search(text) is not None and not text.endswith("的")


# A figure with its unit (「一万件」, 「50个」) is what a yes/no question compares, not a thing of its own.
_NUMBER_RE = re.compile(r"^[\d.,零一二两三四五六七八九十百千万亿几半多余]+[个件项起人次名家座条所元%]?$")
_YES_NO_RE = re.compile(r"吗|(?<![什怎多那这要])么|嘛|有没有|是不是|是否|对不对|对吧|没有$")


def _about_the_answer(message: str, text: str, context: Context, lexicon: Lexicon) -> Reading | None:
    """详细说说, 是真的吗, 哪篇报道说的, 刚才那个问题, or a yes/no question with nothing of its own
    (「有没有超过50个?」: the answer in view says): about what was just said, not a new question."""
    earlier = earlier_answer(text)
    if earlier is not None and earlier <= len(context.answers):
        # 「第一个答案是哪篇报道的?」: the article that answer was quoted from, however many turns back.
        article, title = context.answers[earlier - 1]
        return _of_article("这篇报道的标题是什么?", message, replace(context, article=article, article_title=title))
    about = about_answer(text)
    if about is None and _asks_yes_no_of_nothing(message, text, lexicon):
        about = AboutAnswer.AGAIN
    if about is None:
        return None
    if context.question is None:
        return Reading(Move.UNCLEAR, message)  # nothing was said yet to talk about
    match about:
        case AboutAnswer.SOURCE:
            if context.article is None:
                return Reading(Move.UNCLEAR, message)
            return _of_article("这篇报道的标题是什么?", message, context)
        case AboutAnswer.BACK:
            question = context.answered or context.question  # the last question that was answered
            return Reading(Move.BACK, question, understood_as=question)
        case AboutAnswer.DETAIL:
            return Reading(Move.DETAIL, context.question)
        case AboutAnswer.LIST:
            # 「都有哪些?」: a listing shown again; after a sentence, the rest of its paragraph (what it lists).
            return Reading(Move.AGAIN if context.listed else Move.DETAIL, context.question)
    return Reading(Move.AGAIN, context.question)


def _comparing_reports(message: str, text: str, lexicon: Lexicon) -> Reading | None:
    """「哪篇更新?」: the date of the newest report; 「两篇报道有什么不同?」: what each is about;
    「是同一个人写的吗?」: each report's authors; 「哪篇是香港商报的?」: the report that header names."""
    if len(lexicon.articles) <= LISTED_ARTICLES:
        article = dated_extreme(text, lexicon.articles)
        if article is not None:
            understood = f"《{article.title}》：{' '.join(message.split())}"
            return Reading(Move.REFERENCE, "这篇报道是哪天发布的?", article.id, understood)
    if asks_difference(text) or asks_which_reports(text):
        return Reading(Move.NEW, TITLES_QUESTION, understood_as=TITLES_QUESTION)
    listing = same_field_question(text)
    if listing is not None:
        return Reading(Move.NEW, listing, understood_as=listing)
    named = named_report(text, lexicon.header_texts)
    if named is not None:
        article = lexicon.articles[named]
        return Reading(Move.REFERENCE, "这篇报道的标题是什么?", article.id, f"《{article.title}》：{message.strip()}")
    return None


def _asks_yes_no_of_nothing(message: str, text: str, lexicon: Lexicon) -> bool:
    """A yes/no question naming no place, body, person or thing but a figure, or a comparison with
    another year (「是不是34个?」, 「有没有超过50个?」, 「比去年多吗?」: the 同比 of the answer in view says)."""
    if not _YES_NO_RE.search(text) or has_field_cue(text) or POINTER_RE.search(text) or _MENTION_RE.search(text):
        return False
    compares = _COMPARED_RE.search(text) is not None
    return all(
        _NUMBER_RE.match(part.text) or (compares and part.kind is PartKind.TIME)
        for part in question_parts(message, lexicon)
    )


# 「谁介绍的这些情况?」, 「是谁说的?」, 「这话谁讲的」: who the answer in view is reported from.
_SPEAKER_RE = re.compile(
    r"^(?:那|那么|请问)?(?:这|这些|这个|这话|这些情况|这个数据|这些数据)?(?:是)?谁(?:介绍|说|讲|透露|表示|宣布|提出|通报)"
    r"(?:了|过)?(?:的)?(?:这些情况|这些|这个|这话|情况|数据)?(?:的)?(?:呢|啊)?$"
)
# 「有没有提到扫黑除恶?」 asks whether the reports mention something (jieba tags 扫黑除恶 a verb, so it names no part).
_MENTION_RE = re.compile(r"提到|提及|说到|讲到|谈到|涉及|写到|报道过|报道了")
_ASKS_MENTION_RE = re.compile(
    r"^(?:那|请问)?(?:报告|报道|文章|新闻)?(?:里|中)?(?:有没有|是否|有无|有)(?:提到|提及|说到|讲到|谈到|写到)"
)
# 「比去年多吗」, 「跟上年比增加了吗」, 「同比上升了吗」: a comparison with another time.
_COMPARED_RE = re.compile(r"(?:比|跟|和|与|较)(?:去年|上年|前年|上一年|上半年|同期)|同比|环比")


def _is_bare_ellipsis(text: str) -> bool:
    """「那检察机关呢?」: an elliptical question (not one asking for a header fact, 「编辑呢?」)."""
    phrase = elliptical_phrase(text)
    return phrase is not None and text.endswith("呢") and not has_field_cue(phrase)


def _of_article(question: str, message: str, context: Context) -> Reading:
    """`question` limited to the article of the last answer, shown as 「《title》：message」."""
    title = context.article_title or ""
    shown = " ".join(message.split())
    return Reading(Move.REFERENCE, question, context.article, f"《{title}》：{shown}" if title else None)


def _as_reference(message: str, text: str, context: Context, lexicon: Lexicon) -> Reading | None:
    """A question about the article of the last answer: 「这篇报道…」, or 「作者是谁?」 with no subject."""
    if context.article is None or _PLURAL_RE.search(text):
        return None
    demonstrative = _DEMONSTRATIVE_RE.match(text)
    if demonstrative is not None and has_field_cue(text) and not _asks_when_of_content(text, context):
        return _of_article(text[demonstrative.end() :], message, context)  # 「这是哪个媒体的报道?」
    referent = POINTER_RE.search(text)
    if referent is None:
        if (
            not has_field_cue(text)
            or _asks_when_of_content(text, context)
            or any(
                (part.kind in SUBJECT_KINDS and not has_field_cue(part.text))  # 「发文机关」 is a cue, not a body
                or (
                    part.kind is PartKind.THING
                    and not has_field_cue(part.text)
                    and not ARTICLE_NOUN_RE.search(part.text)
                )
                for part in question_parts(message, lexicon)
            )
            or _LATIN_NAME_RE.search(text) is not None  # 「Z系列是哪年出的?」 asks about the Z series
        ):
            return None
        phrase = elliptical_phrase(text)
        question = f"{phrase}?" if phrase else message  # 「编辑呢?」 asks 「编辑?」 of the article
    else:
        before = _QUALIFIER_RE.sub("", text[: referent.start()])
        if before and (
            not has_field_cue(before)
            or any(
                part.kind in SUBJECT_KINDS and not has_field_cue(part.text) for part in question_parts(before, lexicon)
            )
        ):
            return None  # 「黑龙江那篇…」 names an article of its own; 「谁写的这篇」 asks of the one in view
        rest = (_QUALIFIER_RE.sub("", text[: referent.start()]) + text[referent.end() :]).lstrip("的里中")
        question = rest if rest.strip(_END_PUNCTUATION) else message
        if referent.group().startswith("它") and rest and not has_field_cue(rest) and context.question:
            # 「它在哪个乡?」: 它 is what the last question asked about, looked for in the article in view.
            named = "".join(part.text for part in question_parts(context.question, lexicon))
            if named:
                completed = named + rest
                return Reading(Move.CONTINUATION, completed, context.article, understood_as=completed)
    return _of_article(question, message, context)


_LATIN_NAME_RE = re.compile(r"[A-Za-z]")
# What may stand before 「这篇」 without naming an article: 「那这篇呢」, 「而该文」.
_QUALIFIER_RE = re.compile(r"^(?:那么|那|而|至于|还有|请问)?(?:刚才|刚刚|上面|前面|之前|你说的)?|的$")
# 「这是…」, 「那就是…」 before a header-fact question point at the answer in view.
_DEMONSTRATIVE_RE = re.compile(r"^(?:那么|请问)?(?:这|那)(?:个|条)?(?:就)?是")
_NUMERALS = "一二三四五六七八九十"
# 「第二篇是谁写的」, 「那第三篇呢」, 「最后一篇的编辑」: an article of the last listing (or of /sources).
_ORDINAL_RE = re.compile(
    rf"^(?:那么|那|请问)?(?:第(?P<n>[{_NUMERALS}]|\d{{1,2}})|(?P<last>最后一)|(?P<other>另一|另外一|另外))(?P<unit>篇|个|条|份|则)"
    r"(?:报道|文章|报告|新闻|稿子|稿件)?(?:的)?(?P<rest>.*)$"
)
# How a header fact is asked of another article: 「黑龙江那篇」 + 「的作者是谁」.
_FIELD_QUESTIONS = {
    ArticleField.AUTHORS: "的作者是谁",
    ArticleField.DATE: "是哪天发布的",
    ArticleField.PUBLISHER: "的来源是哪里",
    ArticleField.EDITOR: "的编辑是谁",
    ArticleField.TITLE: "的标题是什么",
    ArticleField.SUBTITLE: "的副标题是什么",
}


def _ordinal(text: str, context: Context) -> Reading | None:
    """「第二篇是谁写的?」 after a listing: that question, limited to the listing's second article;
    「第二篇呢?」 asks the listing's question again of it; 「另一篇呢?」 asks it of the other of two."""
    match = _ORDINAL_RE.match(text)
    # With nothing listed, 「第一篇」 counts the reports in /sources order; 「第二个」 may mean an answer.
    listed = context.listed or (context.sources if match is not None and match.group("unit") == "篇" else ())
    if match is None or not listed:
        return None
    if match.group("other"):  # 「另一篇」: the one of two that is not the article in view
        others = [entry for entry in listed if entry[0] != context.article]
        if len(listed) != 2 or len(others) != 1:
            return None
        article, title = others[0]
    else:
        number = len(listed) if match.group("last") else _ordinal_number(match.group("n"))
        if not 1 <= number <= len(listed):
            return None
        article, title = listed[number - 1]
    rest = match.group("rest").strip(_END_PUNCTUATION)
    question = rest if rest and rest not in ("呢", "的呢") else _asked_again(context)
    if question is None:
        return None
    listing = tuple(article_id for article_id, _ in listed)
    return Reading(Move.REFERENCE, question, article, f"《{title}》：{question}", listed=listing)


def _asked_again(context: Context) -> str | None:
    """The last question, to ask of another article: a header fact as the bare ask (「作者是谁」), so
    the article 「黑龙江那篇是谁写的」 named does not win over the one now pointed at."""
    if context.asked is not None:
        asked = parse_article_question(normalize(context.asked))
        if asked is not None and asked.kind is QuestionKind.FIELD and asked.field is not None:
            return _FIELD_QUESTIONS[asked.field].removeprefix("的")
    return context.asked or context.question


def _ordinal_number(written: str) -> int:
    return int(written) if written.isdigit() else _NUMERALS.index(written) + 1


def _same_fact_of_another(text: str, context: Context, lexicon: Lexicon) -> str | None:
    """「那黑龙江那篇呢?」 after 「这篇是谁写的?」: the same header fact asked of the article it names.

    Without 那篇 the phrase names an article only if some report does not say it: 「法院呢?」,
    where every report speaks of courts, asks about the courts, not about an article.
    """
    phrase = elliptical_phrase(text)
    if phrase is None or context.asked is None or has_field_cue(phrase) or POINTER_RE.fullmatch(phrase):
        return None
    asked = parse_article_question(normalize(context.asked))
    if asked is None or asked.kind not in (QuestionKind.FIELD, QuestionKind.WORKS) or asked.field is None:
        return None
    # 「梧州那篇呢?」 after 「张晓磊还写了什么?」: what an author wrote was asked, so who wrote that one.
    field = ArticleField.AUTHORS if asked.kind is QuestionKind.WORKS else asked.field
    named = phrase.rstrip("的")
    if not ARTICLE_REF_RE.search(named):
        if len(lexicon.articles_containing(normalize(named))) >= len(lexicon.articles) > 1:
            return None
        named += "那篇"
    return named + _FIELD_QUESTIONS[field]


_MEASURE_ASKED_RE = re.compile(r"多少|几|多[高大长宽远重久深]")


def _attribute_asked(parts: Sequence[Part], question: str, lexicon: Lexicon) -> str | None:
    """「祈年殿的直径是多少?」 for 「直径呢?」 after 「祈年殿有多高?」: a common noun (jieba's dictionary tags
    it n: 直径, 面积, 口号) asked of a question about a named thing only (no place, body or person,
    and no common noun of its own to swap it for), or about a subject and nothing else; None otherwise."""
    if len(parts) != 1 or parts[0].kind is not PartKind.THING or dictionary_tag(parts[0].text) != "n":
        return None
    old = question_parts(question, lexicon)
    counted = _counted_unlike(parts[0].text, normalize(question), old, lexicon)
    if counted is not None:
        return counted
    things = [part for part in old if part.kind is PartKind.THING]
    ask = "是多少?" if _MEASURE_ASKED_RE.search(normalize(question)) else "是什么?"
    subject = subject_of(question, lexicon)
    if subject and parts[0].text not in normalize(question) and all(names_an_article(p, lexicon) for p in things):
        return f"{subject}的{parts[0].text}{ask}"  # 「华硕的口号是什么?」 after 「华硕名字是什么意思?」
    if (
        not things
        or any(part.kind in SUBJECT_KINDS for part in old)
        or any(dictionary_tag(part.text) == "n" for part in things)
        or parts[0].text in normalize(question)
        or asks_definition(normalize(question))  # 「那化肥呢?」 after 「什么是高标准农田」 asks what 化肥 is
    ):
        return None
    return f"{things[0].text}的{parts[0].text}{ask}"


_COUNTING_RE = re.compile(r"(?:多少|几)[个座件项张名位条所家次起只台辆]?")


def _counted_unlike(new: str, text: str, old: Sequence[Part], lexicon: Lexicon) -> str | None:
    """「马祖列岛的面积是多少?」 for 「面积呢?」 after 「马祖列岛由多少个岛屿组成?」: what the question counts
    (岛屿) shares no character with the attribute asked, a word some report gives a figure right after
    (「面积29.6平方公里」), so it is asked of what stood before the count (not 「由多少个面积组成」); None
    when the question counts nothing or something like it (手机卡, 银行卡), or the word takes no figure (发布会)."""
    count = _COUNTING_RE.search(text)
    if count is None or not _is_valued(new, lexicon):
        return None
    counted = next((part for part in old if part.start == count.end() and part.kind is PartKind.THING), None)
    head = "".join(part.text for part in old if part.end <= count.start() and part.kind is not PartKind.TIME)
    if counted is None or not head or set(counted.text) & set(new):
        return None
    return f"{head}的{new}是多少?"


def _is_valued(word: str, lexicon: Lexicon) -> bool:
    """True if some report gives a figure right after the word (「面积29.6」, 「人口约12,600」, 「直径为9丈」)."""
    links = ("", "为", "约", "达", "是", "共")
    # articles_containing reads the text itself (contains_text looks through CJK bigrams, which hold no figures).
    return any(lexicon.articles_containing(f"{word}{link}{digit}") for link in links for digit in "0123456789")


_NUMERAL = "0-9一二三四五六七八九十百两"
# 「二期」, 「第二阶段」, 「91楼」: a numbered part of something, its figure and its unit (期, 阶段, 楼 …).
_ORDINAL_PART_RE = re.compile(rf"^(?P<pre>第?)(?P<n>[{_NUMERAL}]+)(?P<unit>[^\W\d{_NUMERAL}]{{1,2}}?)(?P<rest>.*)$")


def _compound_swap(phrase: str, question: str, lexicon: Lexicon) -> str | None:
    """The last question with a compound the phrase changes one part of: 「二期」 for 「一期」 (「一期工程」 ->
    「二期工程」), 「伊春段」 for 「哈尔滨段」 (the same last character after a name); None if it holds none."""
    text = normalize(question)
    new = normalize(phrase)
    numbered = _ORDINAL_PART_RE.match(new)
    if numbered is not None:
        unit = re.escape(numbered.group("unit"))
        for old in re.finditer(rf"第?[{_NUMERAL}]+{unit}", text):
            if old.group() != new[: numbered.end("unit")]:
                rest = numbered.group("rest")
                end = old.end() + len(rest) if text.startswith(rest, old.end()) else old.end()
                return text[: old.start()] + new + text[end:]
        return None
    for size in (2, 1):
        tail = new[-size:]
        if len(new) <= size or not all(is_cjk(char) for char in tail) or tail in STOPWORDS or "呢" in tail:
            continue
        parts = question_parts(question, lexicon)
        covered = {n for part in parts for n in range(part.start, part.end)}
        for part in parts:
            if part.kind is PartKind.TIME or part.text == new:
                continue
            for gap in range(3):  # 哈尔滨 + 段, 博览 + 馆 + 站 (jieba's cut of 博览馆站); not 白河县 + 检察院
                between = text[part.end : part.end + gap]
                if (
                    len(between) == gap
                    and all(is_cjk(char) for char in between)
                    and text.startswith(tail, part.end + gap)
                    and not covered.intersection(range(part.end, part.end + gap + size))
                ):
                    return text[: part.start] + new + text[part.end + gap + size :]  # -> 伊春段, 香港站
    return None


def _asks_how_bare(text: str) -> bool:
    """An elliptical question with no lead-in word and no 呢 (「X怎么样?」): a follow-up only when X is a subject."""
    match = _ELLIPSIS_RE.match(text)
    return match is not None and not match.group("lead") and match.group("end") not in ("呢", "的呢")


def elliptical_phrase(text: str) -> str | None:
    """X of an elliptical question (「那梧州呢」 -> 「梧州」, 「那么X怎么样」 -> 「X」); None if it is not one."""
    match = _ELLIPSIS_RE.match(text)
    if match is None:
        return None
    phrase = match.group("x").strip("的")
    if not phrase or len(phrase) > MAX_ELLIPSIS_CHARS or _QUESTION_WORD_RE.search(phrase):
        return None
    if not any(is_cjk(char) or char.isalnum() for char in phrase):
        return None
    return phrase


def _has_content(message: str, lexicon: Lexicon) -> bool:
    """True if the message asks about something the reports speak of (「化解率是多少?」): not only in
    question words (「是多少?」), nor about something no report names (「今天天气怎么样?」), which
    borrowing the last question's subject would only dress up as a follow-up."""
    words = [
        word
        for word in lexicon.analyze_question(message).words
        if word not in FRAME_WORDS
        and len(word) > 1
        and not word.isdigit()  # 「2015年」: a figure is no topic
        and not _QUESTION_WORD_RE.match(word)  # 「几届」 asks, it names nothing
    ]
    known = [lexicon.contains_text(word) for word in words]
    # A verb the reports word otherwise (搬到 where they write 迁至) does not make the topic unknown.
    return any(known) and all(
        found or (lexicon.word_tag(word) or dictionary_tag(word) or "").startswith("v")
        for word, found in zip(words, known, strict=True)
    )


def token_kind(word: str, lexicon: Lexicon) -> PartKind | None:
    """The kind of one jieba word of a question; None for function, question and frame words, verbs, numbers."""
    if word in STOPWORDS or word in FRAME_WORDS or not all(is_cjk(char) for char in word):
        return None
    if _SCOPE_RE.match(word):
        return PartKind.SCOPE
    tag = lexicon.word_tag(word)
    if tag is None and len(word) > 1:
        tag = dictionary_tag(word)
    if tag is not None:
        if tag.startswith("ns"):
            return PartKind.PLACE
        if tag.startswith("nr"):
            return PartKind.PERSON
        if tag.startswith("nt"):
            return PartKind.BODY
        if tag.startswith("t"):
            return PartKind.TIME
    if len(word) > 1 and word not in NOT_ORGS and word.endswith(ORG_SUFFIXES):
        return PartKind.BODY
    if len(word) > 1 and word not in NOT_ORGS and any(lexicon.contains_text(word + end) for end in BODY_ENDINGS):
        return PartKind.BODY  # 「公安」: the reports write 公安机关 and 公安厅, so it names a body
    if tag is None and len(word) > 2 and word.endswith(PLACE_SUFFIXES):
        return PartKind.PLACE
    if len(word) == 1:
        return None  # a lone character (市, 件, 率) is too weak to swap on its own
    return PartKind.THING if tag is None or tag.startswith(_THING_TAGS) else None


def question_parts(question: str, lexicon: Lexicon) -> list[Part]:
    """The places, bodies, persons, times and things of a question, in order, over its normalised form.

    A quoted name (「“六大顽瘴痼疾”」) is one thing; a body takes the nouns just before it
    (政法 + 机关); neighbouring words of the same kind join (犯罪 + 嫌疑人).
    """
    return _parts(question, lexicon)


def elliptical_parts(phrase: str, lexicon: Lexicon) -> list[Part]:
    """The parts of an elliptical phrase: its places, bodies, persons and times, and the rest as one thing.

    The phrase is short and all of it is what the user asks about, so what is left once the other
    kinds are taken (「梧州的整改率」 -> 整改率, 「发布会」 however jieba cuts it) is the thing.
    """
    text = normalize(phrase)
    parts = [part for part in question_parts(phrase, lexicon) if part.kind is not PartKind.THING]
    covered = {n for part in parts for n in range(part.start, part.end)}
    rest = "".join(" " if n in covered else char for n, char in enumerate(text))
    for match in re.finditer(r"[^\s的,，、]+", rest):
        start = match.start() + _leading_filler(match.group(), lexicon)  # 「请问」 of 「请问梧州」
        thing = text[start : match.end()]
        # A name in Latin letters (NISMO, iPhone) is a thing too; a lone figure is not.
        if len(thing) > 1 and any(is_cjk(char) or (char.isascii() and char.isalpha()) for char in thing):
            parts.append(Part(PartKind.THING, thing, start, match.end()))
    return sorted(parts, key=lambda part: part.start)


def _leading_filler(run: str, lexicon: Lexicon) -> int:
    """How many characters of function words (请问, 那, 关于) open a run of the phrase."""
    length = 0
    for token in lexicon.analyze_question(run).tokens:
        if token not in STOPWORDS or not run.startswith(token, length):
            break
        length += len(token)
    return length


def _parts(question: str, lexicon: Lexicon) -> list[Part]:
    analysis = lexicon.analyze_question(question)
    text = analysis.normalized
    quoted = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    parts: list[Part] = [
        Part(PartKind.THING, text[start + 1 : end - 1], start + 1, end - 1) for start, end in quoted if end - start > 2
    ]
    times = [(m.start(), m.end()) for m in _TIME_RE.finditer(text)]
    parts.extend(Part(PartKind.TIME, text[start:end], start, end) for start, end in times)
    quoted.extend(times)
    cursor = 0
    previous: tuple[int, int] | None = None  # the span of the last content word
    for token in analysis.tokens:
        start = text.find(token, cursor)
        if start < 0:
            continue
        end = start + len(token)
        cursor = end
        if any(q_start <= start < q_end for q_start, q_end in quoted):
            continue
        if token in PLACE_SUFFIXES and parts and parts[-1].kind is PartKind.PLACE and parts[-1].end == start:
            parts[-1] = Part(PartKind.PLACE, text[parts[-1].start : end], parts[-1].start, end)  # 青山 + 市
            continue
        if token in _ORG_CHARS and previous is not None and previous[1] == start and not text.startswith(_ASPECT, end):
            # 信访 + 办: a lone organisation character makes the word before it a body (not 黑龙江 + 办了: a verb).
            if parts and parts[-1].start == previous[0]:
                parts.pop()
            parts.append(Part(PartKind.BODY, text[previous[0] : end], previous[0], end))
            previous = None
            continue
        previous = (start, end) if token not in STOPWORDS and all(is_cjk(char) for char in token) else None
        kind = token_kind(token, lexicon)
        if kind is None:
            continue
        glued = start
        while glued > 0 and text[glued - 1].isascii() and text[glued - 1].isalnum():
            glued -= 1  # 「180计划」, 「3号线」: letters or figures glued to a thing name it with it
        if kind is PartKind.THING and glued < start and not any(q_start <= glued < q_end for q_start, q_end in quoted):
            start = glued
        tail = end
        while tail < len(text) and text[tail].isascii() and text[tail].isalnum():
            tail += 1  # 「台北101」: figures after a place or thing name it with it (not 「2015年」, a time)
        if kind in (PartKind.PLACE, PartKind.THING) and not any(q_start <= end < q_end for q_start, q_end in quoted):
            end = cursor = tail
        parts.append(Part(kind, text[start:end], start, end))
    return _joined(sorted(parts, key=lambda part: part.start), text, lexicon)


def _joined(parts: list[Part], text: str, lexicon: Lexicon) -> list[Part]:
    joined: list[Part] = []
    for part in parts:
        if joined and joined[-1].end == part.start and not names_an_article(joined[-1], lexicon):
            last = joined[-1]
            same = last.kind is part.kind and part.kind in (PartKind.THING, PartKind.BODY, PartKind.PLACE)
            modifier = last.kind is PartKind.THING and part.kind is PartKind.BODY
            if same or modifier:
                joined[-1] = Part(part.kind, text[last.start : part.end], last.start, part.end)
                continue
        joined.append(part)
    return joined


_ORDINAL_STAGE_RE = re.compile(r"第.{1,3}(?:阶段|期|批|轮|届|标段)")
_RELATIVE_TIMES = frozenset(["去年", "今年", "前年", "明年", "上半年", "下半年", "上年", "本年", "当年", "同期"])


def swapped_times(focus: Sequence[str], lexicon: Lexicon) -> list[str]:
    """The times among what a follow-up swapped in (「去年」 of 「那去年呢?」, 「2023年」), in matching form."""
    times = []
    for word in focus:
        text = normalize(word)
        tag = lexicon.word_tag(text) or dictionary_tag(text) or ""
        if _ORDINAL_STAGE_RE.fullmatch(text):
            continue  # 「第二阶段」: jieba tags it t, but it is a part of a work, not a time
        if _TIME_RE.fullmatch(text) or text in _RELATIVE_TIMES or tag.startswith("t"):
            times.append(text)
    return times


def swapped_bodies(focus: Sequence[str], lexicon: Lexicon) -> list[tuple[str, ...]]:
    """For each body among what a follow-up swapped in (「法院」 of 「法院呢?」), the ways a sentence may
    name it: as written, and its stem when that keeps two characters (检察机关 -> 检察, 司法厅 -> 司法)."""
    bodies: list[tuple[str, ...]] = []
    for word in focus:
        text = normalize(word)
        if token_kind(text, lexicon) is not PartKind.BODY and not text.endswith(ORG_SUFFIXES):
            continue
        stem = next((text.removesuffix(end) for end in ORG_SUFFIXES if text.endswith(end)), text)
        bodies.append((text, stem) if len(stem) >= 2 and stem != text else (text,))
    return bodies


def asked_words(question: str, focus: Sequence[str], lexicon: Lexicon) -> list[str]:
    """The words (2+ characters, any tag: jieba tags 信访 and 扫黑 as verbs) a completed follow-up asks
    besides what it swapped in, its places and times, and its question words."""
    skipped = {normalize(word) for word in focus}
    skipped.update(
        normalize(part.text)
        for part in question_parts(question, lexicon)
        if part.kind in (PartKind.PLACE, PartKind.SCOPE, PartKind.TIME)
    )
    return [
        word
        for word in lexicon.analyze_question(question).words
        if len(word) > 1
        and word not in skipped
        and word not in FRAME_WORDS
        and not word.isdigit()
        and not _QUESTION_WORD_RE.match(word)
        and not any(word in other for other in skipped)
    ]


def asked_things(question: str, focus: Sequence[str], lexicon: Lexicon) -> list[str]:
    """The naming words (2+ characters) of the things a completed follow-up kept from the last question."""
    swapped = {normalize(word) for word in focus}
    words: list[str] = []
    for part in question_parts(question, lexicon):
        if part.kind is PartKind.THING and normalize(part.text) not in swapped:
            words.extend(word for word in lexicon.analyze_question(part.text).words if len(word) > 1)
    return words


def subject_of(question: str, lexicon: Lexicon) -> str:
    """The places, scopes, bodies and persons of a question, as written (「黑龙江全省」), and the names
    in it that some reports' headers hold and others' do not (「东芝」 of 「东芝会计造假涉及多少钱?」); "" if none."""
    return "".join(subject_parts(question, lexicon))


def subject_parts(question: str, lexicon: Lexicon) -> list[str]:
    """The parts `subject_of` joins, in order."""
    # 「北美日产」: a place and the name a header holds are one subject, as written.
    parts = question_parts(question, lexicon)
    return [part.text for part in parts if part.kind in SUBJECT_KINDS or names_an_article(part, lexicon)]


def names_an_article(part: Part, lexicon: Lexicon, besides: str | None = None) -> bool:
    """True for a name (jieba tags it a proper noun or an abbreviation, not a common noun) of a thing
    that some reports' headers hold and others' do not: a company or club in a title (「东芝」, 「日产」)
    says, like a place, which report a question is about; 「品牌价值」 in a title does not.

    `besides` is the article in view: a name its own header holds (「第三产业」 in the title of the
    report just quoted) moves to no other report, so it is a thing like any other.
    """
    if part.kind not in (PartKind.THING, PartKind.PERSON):  # jieba tags 马祖, 华硕 and 阿森纳 as persons
        return False
    tag = lexicon.word_tag(part.text) or dictionary_tag(part.text) or ""
    return tag.startswith(_NAME_TAGS) and is_in_some_headers(part.text, lexicon, besides)


_NAME_TAGS = ("nz", "j", "eng", "nr", "ns", "nt")


def is_in_some_headers(text: str, lexicon: Lexicon, besides: str | None = None) -> bool:
    """True if some reports' headers hold the text (2+ characters) and others' do not, `besides`' not among them."""
    name = normalize(text)
    if len(name) < 2 or not lexicon.in_a_header(name):
        return False
    holding = [name in header for header in lexicon.header_texts]
    if all(holding):
        return False
    return besides is None or not any(
        held and article.id == besides for held, article in zip(holding, lexicon.articles, strict=False)
    )


def swap_parts(previous: str, replacements: Sequence[Part], lexicon: Lexicon, names: Collection[str] = ()) -> str:
    """`previous` (normalised) with each replacement in the place of its part of the same kind.

    A place replaces the first place, a body the first body, a thing the thing most like it
    (shared characters; the last one, usually what was asked about, on a tie). A part with no
    counterpart is put in front (subjects) or before the question's end (things). A replacement
    in `names` (a company another report's header names) replaces the name the question's
    reports' headers hold, else goes in front.
    """
    text = normalize(previous)
    parts = question_parts(previous, lexicon)
    edits: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for new in replacements:
        candidates = [n for n, old in enumerate(parts) if old.kind is new.kind and n not in used]
        if new.text in names:
            # 「东芝呢?」 after 「华硕品牌价值多少?」: a name for the name, whatever jieba tagged the old one;
            # a place the old report's header holds when there is no other (「那马祖呢?」 after 中山市).
            named = [n for n, old in enumerate(parts) if is_in_some_headers(old.text, lexicon) and n not in used]
            candidates = [n for n in named if parts[n].kind not in (PartKind.PLACE, PartKind.SCOPE, PartKind.TIME)]
            candidates = candidates or [n for n in named if parts[n].kind is PartKind.PLACE]
            if not candidates:
                edits.append((0, 0, new.text))
                continue
            number = candidates[0]
            used.add(number)
            edits.append((parts[number].start, parts[number].end, new.text))
            continue
        if new.kind is PartKind.PLACE and not candidates:
            candidates = [n for n, old in enumerate(parts) if old.kind is PartKind.SCOPE and n not in used]
        if candidates:
            chosen = _most_alike(new, [parts[n] for n in candidates]) if new.kind is PartKind.THING else 0
            number = candidates[chosen]
            used.add(number)
            edits.append((parts[number].start, parts[number].end, new.text))
            following = parts[number + 1] if number + 1 < len(parts) else None
            if (
                new.kind is PartKind.PLACE
                and parts[number].kind is PartKind.PLACE
                and following is not None
                and following.kind is PartKind.SCOPE
                and following.start == parts[number].end
            ):
                used.add(number + 1)  # 黑龙江全省 -> 梧州: the old place's extent goes with it
                edits.append((following.start, following.end, ""))
        elif new.kind is PartKind.THING:
            end = len(text.rstrip(_END_PUNCTUATION))
            edits.append((end, end, new.text))
        else:
            edits.append((_subject_slot(new.kind, parts), _subject_slot(new.kind, parts), new.text))
    # Right to left; at one position a replacement before an insertion, so 「北美」 goes in front of the
    # 「日产」 that replaced 「日产」, not into its place.
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _most_alike(new: Part, candidates: Sequence[Part]) -> int:
    """Index of the candidate ending in the same character as `new`, else sharing most characters with it,
    then alike in being a common noun or a name (圜丘坛 for 祈年殿, not for 直径 in 「祈年殿的直径是多少?」);
    the last on a tie."""
    common = dictionary_tag(new.text) == "n"
    scores = [
        (
            old.text[-1] == new.text[-1],  # 手机卡 for 银行卡: the same kind of thing
            len(set(new.text) & set(old.text)),
            (dictionary_tag(old.text) == "n") is common,
        )
        for old in candidates
    ]
    best = max(scores)
    return max(n for n, score in enumerate(scores) if score == best)


def _subject_slot(kind: PartKind, parts: Sequence[Part]) -> int:
    """Where a new subject part goes: a body after the places in front, anything else at the start."""
    if kind is PartKind.BODY:
        places = [part.end for part in parts if part.kind in (PartKind.PLACE, PartKind.SCOPE)]
        if places:
            return places[0] if len(places) == 1 else max(places)
    return 0
