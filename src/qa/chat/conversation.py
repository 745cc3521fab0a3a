"""The conversation: a message in, a reply record out (no markup).

The CLI harness and the Telegram bot only render these records, so a question asked in the
terminal gets the very reply it would get in Telegram. Per chat it keeps the last few turns
(for follow-ups such as 还有呢 or 那梧州呢?), the paging position and the asker's script; results
are remembered as the question that produced them, so a ◀ ▶ button re-asks it after a restart.
All of that state is bounded and round-trips through `snapshot()` / `restore()` as plain data.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import Enum

from qa.answers.answer import answer, clean_question, highlight_spans
from qa.answers.article_answers import LISTED_ARTICLES
from qa.chat.compare import asks_fewer, by_figure, gives_figure_asked
from qa.chat.examples import example_questions
from qa.chat.followup import (
    Context,
    Move,
    Reading,
    asked_things,
    asked_words,
    bare,
    read_message,
    speakers,
    subject_parts,
    swapped_bodies,
    swapped_times,
    with_last_subject,
)
from qa.chat.state import ChatState, Query, QueryStore, Stats, Turn, decode_state, encode_state
from qa.chat.voice import SIMPLIFIED, Voice, choose_script
from qa.models import Answer, AnswerItem, AnswerKind, Article, Refusal, Script, TraditionalStandard
from qa.script import detect_script, is_cjk, normalize
from qa.search.index import ReportIndex

log = logging.getLogger(__name__)

SESSIONS_PER_QUERY = 10  # chats remembered, per remembered query
MAX_PLACE_ARTICLES = 20  # articles tried when a swapped-in place decides the article
PARAGRAPH_SENTENCES = 6  # sentences of its paragraph shown on each side of an answer asked about in detail (详细说说)
NEARBY_SENTENCES = 2  # sentences on each side when its paragraph has no more to show
ANSWERS_KEPT = 20  # answers' articles remembered per chat, for 「第一个答案是哪篇报道的?」
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One report as /sources lists it (numbered from 1)."""

    number: int
    article: Article
    sentence_count: int


@dataclass(frozen=True, slots=True)
class Welcome:
    """Reply to /start: what the bot knows and what to ask."""

    report_count: int
    sentence_count: int
    examples: tuple[str, ...]
    voice: Voice = SIMPLIFIED


@dataclass(frozen=True, slots=True)
class Help:
    """Reply to /help: commands and example questions."""

    examples: tuple[str, ...]
    voice: Voice = SIMPLIFIED


@dataclass(frozen=True, slots=True)
class SourceList:
    """Reply to /sources."""

    entries: tuple[SourceEntry, ...]
    voice: Voice = SIMPLIFIED


@dataclass(frozen=True, slots=True)
class SourceDetail:
    """Reply to /source N: one report's metadata and opening."""

    entry: SourceEntry
    voice: Voice = SIMPLIFIED


@dataclass(frozen=True, slots=True)
class AnswerPage:
    """One answer of a question's results; `position` counts from 0, `query_id` names the results.

    `understood_as` is the question actually answered when the message was completed from
    context; `is_page` tells a page turned (▶, /next, 还有呢) from a fresh answer; `detailed` an
    answer shown with the rest of its paragraph and its article's full source (详细说说, the 原文 button).
    """

    answer: Answer
    position: int
    query_id: str
    voice: Voice = SIMPLIFIED
    understood_as: str | None = None
    is_page: bool = False
    detailed: bool = False

    @property
    def has_detail(self) -> bool:
        """True if the answer in view is a quoted sentence, which has a paragraph around it to show."""
        return not self.answer.listing and self.answer.items[self.position].kind is AnswerKind.SENTENCE

    @property
    def total(self) -> int:
        """How many answers the question has."""
        return len(self.answer.items)


@dataclass(frozen=True, slots=True)
class NoAnswer:
    """The reports do not answer this question (or it had nothing to ask)."""

    answer: Answer
    voice: Voice = SIMPLIFIED
    understood_as: str | None = None


class SmallTalkKind(Enum):
    """Messages that are not questions but deserve a friendly word."""

    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    ACKNOWLEDGEMENT = "acknowledgement"


@dataclass(frozen=True, slots=True)
class SmallTalk:
    """A greeting, thanks or goodbye, answered in kind."""

    kind: SmallTalkKind
    voice: Voice = SIMPLIFIED


@dataclass(frozen=True, slots=True)
class NotChinese:
    """A message with no Chinese in it: a hint to ask in Chinese, with an example question."""

    example: str | None
    voice: Voice = SIMPLIFIED


class NoticeKind(Enum):
    """Short replies that are neither answers nor listings."""

    UNKNOWN_COMMAND = "unknown_command"
    BAD_SOURCE_NUMBER = "bad_source_number"
    NOTHING_TO_PAGE = "nothing_to_page"
    NO_MORE_RESULTS = "no_more_results"
    EXPIRED = "expired"
    NOTHING_TO_FOLLOW = "nothing_to_follow"  # 「那检察机关呢?」 or 「是真的吗?」 before any question


@dataclass(frozen=True, slots=True)
class Notice:
    """A short reply; `detail` carries the offending value when there is one."""

    kind: NoticeKind
    detail: str | None = None
    limit: int | None = None
    voice: Voice = SIMPLIFIED


Reply = Welcome | Help | SourceList | SourceDetail | AnswerPage | NoAnswer | SmallTalk | NotChinese | Notice


_SMALL_TALK: dict[SmallTalkKind, re.Pattern[str]] = {
    SmallTalkKind.GREETING: re.compile(
        r"^(?:你好|您好|你们好|大家好|嗨|哈喽|哈啰|喂|在吗|在不在|早|早上好|早安|上午好|中午好|下午好|晚上好"
        r"|hi|hello|hey|hallo|good (?:morning|afternoon|evening))(?:啊|呀|哇|哦|呢|吗|机器人|bot|there)*$"
    ),
    SmallTalkKind.THANKS: re.compile(
        r"^(?:好的|好|嗯|ok)?(?:谢谢|多谢|感谢|谢了|谢啦|辛苦了|唔该|thanks|thank you|thx|ty)"
        r"(?:你|您|啦|了|啊|呀|哈|大家|晒|哂)*"
        r"(?:的帮助|帮忙)?$"
    ),
    SmallTalkKind.GOODBYE: re.compile(
        r"^(?:再见|拜拜|拜|回见|下次见|晚安|bye|goodbye|bye bye|see you)(?:啦|了|啊|呀|哦)*$"
    ),
    SmallTalkKind.ACKNOWLEDGEMENT: re.compile(
        r"^(?:好的|好|嗯|嗯嗯|哦|明白了?|知道了|了解|收到|ok|okay|行|原来如此|这样啊|懂了"
        r"|哈{2,}|呵{2,}|嘿{2,}|嘻{2,}|666+|牛|厉害|赞|棒)(?:的|啦|了|吧|啊|呀)*$"
    ),
}
_SMALL_TALK_STRIP = "?？!！。.,，~～…:)）(（ "
# Emoji and symbols (👍, 😂, 🙏🏻, ❤️) stand for a reaction, as a sticker does: 👍 alone is a nod.
_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Cf", "Mn", "Me"})
# 「[捂脸]」, 「[OK]」: the bracketed emoticon names Chinese chat apps send as text.
_EMOTICON_RE = re.compile(r"\[[^\[\]]{1,6}\]")
# A question about the bot itself (「你能做什么?」, 「怎么用?」) gets /help, not a search of the reports.
_ABOUT_THE_BOT_RE = re.compile(
    r"^(?:请问|那)?(?:(?:你|您)(?:能|可以|会)(?:帮我)?(?:做|干|回答|查)?(?:些)?(?:什么|啥|哪些)(?:事|事情|问题|功能)?(?:呢|吗)?"
    r"|(?:你|您)(?:是谁|是什么|是干什么的|是做什么的|有什么功能|有哪些功能)(?:呢|啊|呀)?"
    r"|(?:怎么|如何|怎样)(?:用|使用|提问|问问题)(?:你|您|这个机器人|机器人)?(?:呢|啊)?|使用说明|帮助|help)$",
    re.IGNORECASE,
)
# Letters of other writing systems: Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, kana, Hangul.
_LETTER_RE = re.compile(
    r"[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0590-\u06FF\u0900-\u0DFF\u0E00-\u0E7F"
    r"\u3040-\u30FF\uAC00-\uD7AF]"
)


_SMALL_TALK_SPLIT_RE = re.compile(r"[\s,.!?~、…;:]+")


def small_talk_kind(message: str) -> SmallTalkKind | None:
    """Which kind of small talk a message is (「谢谢！」, 「好的，谢谢」 -> THANKS); None for anything else.

    A message of several courtesies (「嗯嗯，谢谢，再见」) is small talk of its weightiest kind: the
    last one that is more than an acknowledgement.
    """
    text = normalize(message)
    symbols = "".join(" " if unicodedata.category(char) in _SYMBOL_CATEGORIES else char for char in text)
    reacted = symbols != text or _EMOTICON_RE.search(text) is not None
    text = _EMOTICON_RE.sub(" ", symbols).strip(_SMALL_TALK_STRIP)
    if not text:
        return SmallTalkKind.ACKNOWLEDGEMENT if reacted else None  # a reaction alone (👍, [捂脸]) is a nod
    if len(text) > 24:
        return None
    kinds = [_small_talk_piece(piece) for piece in _SMALL_TALK_SPLIT_RE.split(text) if piece]
    if not kinds or None in kinds:
        return None
    weighty = [kind for kind in kinds if kind is not SmallTalkKind.ACKNOWLEDGEMENT]
    return weighty[-1] if weighty else SmallTalkKind.ACKNOWLEDGEMENT


def _small_talk_piece(text: str) -> SmallTalkKind | None:
    return next((kind for kind, pattern in _SMALL_TALK.items() if pattern.match(text)), None)


def asks_about_the_bot(message: str) -> bool:
    """True for a question about the bot itself (「你能做什么?」), read like small talk."""
    return _ABOUT_THE_BOT_RE.match(normalize(message).strip(_SMALL_TALK_STRIP)) is not None


def is_not_chinese(message: str) -> bool:
    """True for text with letters of some script but no Chinese character (「How many cases?」)."""
    return not any(is_cjk(char) for char in message) and len(_LETTER_RE.findall(message)) >= 2


class Conversation:
    """Holds the index, recent results and per-chat state; thread-safe.

    Args:
        max_results: answers kept per question for paging.
        remembered_queries: results the ◀ ▶ buttons can page through (oldest forgotten first).
        context_turns: questions per chat kept for follow-ups.
        context_seconds: how long a chat's context lasts after its last question.
        standard: how traditional text is written (Taiwan or Hong Kong forms).
        clock: the time source for context expiry (tests pass their own).
    """

    def __init__(
        self,
        index: ReportIndex,
        *,
        max_results: int = 5,
        remembered_queries: int = 1000,
        context_turns: int = 5,
        context_seconds: float = 1800.0,
        standard: TraditionalStandard = TraditionalStandard.TAIWAN,
        clock: Clock = time.time,
    ) -> None:
        self._index = index
        self._examples: tuple[str, ...] | None = None
        self._numbers: tuple[ReportIndex, dict[str, int]] | None = None  # article id -> position, per index
        self._max_results = max_results
        self._store = QueryStore(remembered_queries)
        self._chats: OrderedDict[str, ChatState] = OrderedDict()
        self._max_chats = remembered_queries * SESSIONS_PER_QUERY
        self._context_turns = max(context_turns, 1)
        self._context_seconds = context_seconds
        self._standard = standard
        self._clock = clock
        self._lock = threading.RLock()
        self.stats = Stats()

    @property
    def index(self) -> ReportIndex:
        """The index currently answering questions."""
        return self._index

    @property
    def examples(self) -> tuple[str, ...]:
        """Example questions drawn from the loaded reports (found on first use)."""
        if self._examples is None:
            self._examples = tuple(example_questions(self._index.corpus))
        return self._examples

    def replace_index(self, index: ReportIndex) -> None:
        """Swap in a freshly built index; results already shown keep paging over the old one."""
        with self._lock:
            self._index = index
            self._examples = None

    def voice_for(self, session: str, language_code: str | None = None, message: str = "") -> Voice:
        """The voice to reply in: the message's script, else the chat's last, else Telegram's language."""
        with self._lock:
            chat = self._chats.get(session)
            last = chat.script if chat is not None else None
        return Voice(choose_script(message, last, language_code), self._standard)

    def example(self, number: int, voice: Voice) -> str | None:
        """Example question `number` as that voice shows it; None if there is no such example."""
        examples = self.examples
        return voice.show_any(examples[number]) if 0 <= number < len(examples) else None

    def handle(self, message: str, session: str = "default", language_code: str | None = None) -> Reply:
        """Answer one message: a /command, small talk, a follow-up or a question. Never raises for any text."""
        text = message.strip()
        if text.startswith("/"):
            command, _, argument = text[1:].partition(" ")
            command = command.split("@", 1)[0].lower()
            return self._command(command, argument.strip(), session, language_code)
        return self.ask(text, session, language_code)

    def _command(self, command: str, argument: str, session: str, language_code: str | None) -> Reply:
        voice = self.voice_for(session, language_code)
        entries = self.sources()
        match command:
            case "start":
                examples = tuple(voice.show_any(example) for example in self.examples)
                return Welcome(len(entries), len(self._index.sentences), examples, voice)
            case "help":
                return Help(tuple(voice.show_any(example) for example in self.examples), voice)
            case "sources":
                return SourceList(tuple(entries), voice)
            case "source":
                return self.source(argument, entries, voice)
            case "ask":
                return self.ask(argument, session, language_code)
            case "next" | "more":
                return self.step(session, +1)
            case "prev" | "previous":
                return self.step(session, -1)
            case _:
                return Notice(NoticeKind.UNKNOWN_COMMAND, clean_question(command)[0][:32], voice=voice)

    def sources(self) -> list[SourceEntry]:
        """Every loaded report, numbered from 1."""
        index = self._index
        counts = index.corpus.sentence_counts()
        return [SourceEntry(n + 1, article, counts[n]) for n, article in enumerate(index.articles)]

    def source(self, argument: str, entries: list[SourceEntry] | None = None, voice: Voice = SIMPLIFIED) -> Reply:
        """One report by its /sources number, or a notice naming the valid range."""
        entries = entries if entries is not None else self.sources()
        number = clean_question(argument)[0]
        # ASCII digits only: 「²」 and 「٣」 pass str.isdigit() but int() rejects them.
        if not (number.isascii() and number.isdigit() and len(number) <= 6) or not 1 <= int(number) <= len(entries):
            return Notice(NoticeKind.BAD_SOURCE_NUMBER, number[:32] or None, len(entries), voice)
        return SourceDetail(entries[int(number) - 1], voice)

    def ask(self, question: str, session: str = "default", language_code: str | None = None) -> Reply:
        """Answer a message that is not a command: small talk, 还有呢, a follow-up, or a question of its own."""
        text, _ = clean_question(question)
        voice = self.voice_for(session, language_code, text)
        self._remember_script(session, text)
        kind = small_talk_kind(text)
        if kind is not None:
            return SmallTalk(kind, voice)
        if asks_about_the_bot(text):
            return Help(tuple(voice.show_any(example) for example in self.examples), voice)
        if is_not_chinese(text):
            return NotChinese(self.example(0, voice), voice)
        reading = read_message(question, self._context(session), self._index)
        if reading.move is Move.NEXT:
            return self.step(session, +1)
        if reading.move is Move.PREVIOUS:
            return self.step(session, -1)
        if reading.move is Move.UNCLEAR:
            return Notice(NoticeKind.NOTHING_TO_FOLLOW, reading.understood_as, voice=voice)
        if reading.move in (Move.AGAIN, Move.DETAIL):
            return self.again(session, detail=reading.move is Move.DETAIL)
        if reading.move is Move.COMPARE:
            return self.compare(session, text, voice)
        if reading.move is Move.SPEAKER:
            said = self._speaker_sentence(session)
            if said is None:
                return self.again(session)  # no one is named as saying it: the answer and its source
            reading = Reading(Move.REFERENCE, said[1], said[0], understood_as=None)
        return self._answer(reading, question, session, voice)

    def _speaker_sentence(self, session: str) -> tuple[str, str] | None:
        """(article id, text) of the sentence a person is said to speak in (「郝伟夫介绍,…」, 「…表示」) at or
        before the answer in view, in its article: who reported what it says; None if there is none."""
        near = self._in_view(session)
        found = self._sentence_at(near) if near is not None else None
        if near is None or found is None:
            return None
        index = self._index
        ids = index.sentence_ids_of_article(index.sentences[found].article)
        for number in reversed([n for n in ids if n <= found]):
            if speakers(index.columns.normalized[number], index):
                return near[0], index.sentences[number].text
        return None

    def _answer(self, reading: Reading, message: str, session: str, voice: Voice) -> Reply:
        understood_as = reading.understood_as
        if understood_as is not None and reading.move is not Move.REFERENCE:
            understood_as = voice.say(understood_as)  # completed in matching form (simplified)
        # An ellipsis (「那检察院呢?」, 「那第三产业呢?」) names its new topic and keeps the old question's words:
        # nothing to tie-break. One naming only a thing the sentence in view says (「涉案金额呢?」 after the
        # 电信诈骗 figures) asks more of that sentence's topic: of answers as good, the nearest comes first.
        near = self._in_view(session)
        besides = near if reading.new_subject else None
        if reading.move is Move.ELLIPSIS and not (reading.only_thing and self._says_focus(near, reading.focus)):
            near = None
        query = Query(
            reading.question, reading.article, voice.script, understood_as, reading.place, reading.focus, near, besides
        )
        result = self._results(query, voice)
        topic = reading.question
        if reading.move is Move.CONTINUATION and not result.found:
            # The subject carried over did not fit; the message may be a new topic after all.
            query = Query(message, None, voice.script, near=near)
            result, understood_as, topic = self._results(query, voice), None, message
        elif reading.move is Move.CONTINUATION and not gives_figure_asked(
            normalize(reading.question), normalize(result.items[0].text)
        ):
            # 「2010年卖了多少辆?」 after 北美日产's head office: the subject carried over finds no figure in
            # the measure asked; the message alone may (the 日产 sales sentence).
            alone = Query(message, None, voice.script, near=near)
            again = self._results(alone, voice)
            if again.found and gives_figure_asked(normalize(message), normalize(again.items[0].text)):
                # The topic keeps the parts of the old subject the new answer says (日产, not 北美).
                said = normalize(again.items[0].text + again.items[0].article.title)
                context = self._context(session)
                old = subject_parts(context.question, self._index) if context and context.question else []
                kept = "".join(part for part in old if normalize(part) in said)
                query, result, topic = alone, again, kept + normalize(message) if kept else message
                understood_as = voice.say(topic) if kept else None
        elif reading.move is Move.NEW and result.refusal is Refusal.NOT_COVERED and not result.missing_terms:
            # Every word of it is in the reports but it finds nothing alone (「影响多少户?」): asked of the
            # last question's subject, it may, with a figure in the measure it counts; a word no report
            # has (天气) keeps it refused.
            carried = with_last_subject(message, self._context(session), self._index)
            if carried is not None:
                again = self._results(Query(carried, None, voice.script, voice.say(carried), near=near), voice)
                if again.found and gives_figure_asked(normalize(carried), normalize(again.items[0].text)):
                    query = Query(carried, None, voice.script, voice.say(carried), near=near)
                    result, understood_as, topic = again, voice.say(carried), carried
        elif reading.move is Move.REFERENCE:
            # A question about the article itself leaves the topic as it was, for later follow-ups.
            context = self._context(session)
            topic = context.question if context is not None and context.question else reading.question
        with self._lock:
            self.stats.questions += 1
            self.stats.followups += reading.move is not Move.NEW
            chat = self._chat(session)
            if not result.found:
                self.stats.refused += 1
                chat.query_id = None  # 还有呢 or 是真的吗 now would speak of an older question's answers
                if result.refusal != Refusal.EMPTY:
                    self._add_turn(chat, Turn(topic, reading.article, self._clock(), query.question))
                return NoAnswer(result, voice, understood_as)
            self.stats.answered += 1
            query_id = self._store.put(query, result)
            chat.query_id, chat.position = query_id, 0
            # An ordinal's answer keeps the listing it counted in: 「第二篇呢?」, then 「第四篇…」.
            listed = (
                tuple(dict.fromkeys(item.article.id for item in result.items)) if result.listing else reading.listed
            )
            self._add_turn(chat, Turn(topic, result.items[0].article.id, self._clock(), query.question, listed))
            self._add_answer(chat, result.items[0].article.id, query_id)
        return AnswerPage(result, 0, query_id, voice, understood_as)

    def _results(self, query: Query, voice: Voice) -> Answer:
        """A query's answers in the asker's script: as first shown, and again for a ▶ after a restart."""
        result = self._ask_index(query.question, query.article, voice, query.focus, near=query.near)
        if result.found and query.place is not None:
            result = self._in_named_place(query, result, voice)
        if result.found and (query.focus or query.place is not None):
            result = self._saying_what_was_asked(query, result)
        if result.found and query.besides is not None:
            result = self._besides_the_last(query, result)
        return self._in_voice(result, voice)

    def _besides_the_last(self, query: Query, result: Answer) -> Answer:
        """The answers saying what was swapped in, the sentence in view (it answered the subject the follow-up
        changed) last; when it is the only one, the reply says the reports mention it but do not answer."""
        seen = self._sentence_at(query.besides) if query.besides is not None else None
        named = [normalize(word) for word in query.focus]
        saying = [item for item in result.items if all(word in normalize(item.text) for word in named)]  # 本田
        others = tuple(item for item in saying if seen is None or self._sentence_of(item) != seen)
        if others:
            # The sentence in view may still be paged to (还有呢), after the others.
            return replace(result, items=others + tuple(item for item in saying if item not in others))
        return replace(result, items=(), refusal=Refusal.NOT_SAID, mentioned=query.focus)

    def _saying_what_was_asked(self, query: Query, result: Answer) -> Answer:
        """After 「那去年呢?」 or 「法院呢?」 only sentences saying the time or body swapped in answer, with
        a thing the question kept in them, their heading, paragraph or article's title (「首期1500元…」
        under 《港府推出新一輪消費券計劃》; 「…10项措施」 under the heading 「推出便民利民服务举措」).

        The last answer, of another year or body, is no answer for this one, nor is a sentence about
        the courts that never speaks of the 信访事项 asked: then the reply says the reports do not
        say it (a time no report says is named as missing).
        """
        index = self._index
        times = swapped_times(query.focus, index)
        bodies = swapped_bodies(query.focus, index)
        places = (query.place,) if query.place is not None and not query.focus else ()  # 「那黑龙江呢?」
        if not times and not bodies and not places:
            return result
        things = asked_things(query.question, query.focus, index) if times else []
        # Only a body or place swapped in alone (「法院呢?」) keeps the rest of the question as what is asked
        # of it; with a thing beside it (「市县两级法院新收案件呢?」) the thing is the new topic.
        alone = len(bodies) == len(query.focus)
        asked = asked_words(query.question, (*query.focus, *places), index) if alone and not times else []
        question = normalize(query.question)
        # The paragraph of the answer in view, when the follow-up changed its body: a sentence there naming
        # the new body is on the topic in view (「检察机关呢?」 after the courts' 农民工 wages: its 追回薪酬).
        anchor = self._sentence_at(query.besides) if query.besides is not None and bodies else None

        def in_topic(item: AnswerItem) -> bool:
            found = self._sentence_of(item)
            return (
                anchor is not None
                and found is not None
                and index.sentences[found].article == index.sentences[anchor].article
                and index.sentences[found].paragraph == index.sentences[anchor].paragraph
            )

        def says_it(item: AnswerItem) -> bool:
            text = normalize(f"{item.heading or ''}{item.text}")
            around = text + self._paragraph_text(item) + normalize(item.article.title)
            return (
                all(time.removesuffix("年") in text for time in times)
                and all(any(name in text for name in names) for names in bodies)
                and (not things or any(gram in around for thing in things for gram in _bigrams(thing)))
                # A body's sentence (or its heading) says some word of what was asked of it.
                and (not asked or any(gram in text for word in asked for gram in _bigrams(word)) or in_topic(item))
            )

        said = [item for item in result.items if item.kind is AnswerKind.SENTENCE and says_it(item)]
        # When the question counts (「破获多少起?」), the first answer gives a figure in that measure (「…起」);
        # the others may still be paged to (还有呢), after it.
        counted = [item for item in said if not (asked or places) or gives_figure_asked(question, normalize(item.text))]
        items = tuple(counted + [item for item in said if item not in counted]) if counted else ()
        if items:
            return replace(result, items=items)
        absent = tuple(time for time in times if not index.contains_text(time.removesuffix("年")))
        if absent:
            return replace(result, items=(), missing_terms=absent, refusal=Refusal.NOT_COVERED)
        if times:
            return replace(result, items=(), refusal=Refusal.NOT_SAID, asked_field="time", mentioned=tuple(times))
        named = (*(names[0] for names in bodies), *places)
        mentioned = tuple(dict.fromkeys((*named, *(word for word in asked if index.contains_text(word)))))
        return replace(result, items=(), refusal=Refusal.NOT_SAID, mentioned=mentioned)

    def _ask_index(
        self,
        question: str,
        article_id: str | None,
        voice: Voice,
        focus: tuple[str, ...] = (),
        among: list[int] | None = None,
        near: tuple[str, int] | None = None,
    ) -> Answer:
        """The index's answer, asked in the asker's script (a completed question is in matching form).

        `focus` is what a follow-up swapped in besides a place (「检察院」 of 「检察院呢?」):
        sentences that say it come first. `among` limits it to those articles. `near` is the
        sentence of the answer in view: of equally good answers, the one nearest it comes first.
        """
        if voice.is_traditional and detect_script(question) is Script.SIMPLIFIED:
            question = voice.say(question)  # so answer() shows traditional reports as they were written
        article = self._article_number(article_id)
        near_id = self._sentence_at(near) if near is not None else None
        return answer(
            self._index, question, k=self._max_results, article=article, among=among, focus=focus, near=near_id
        )

    def _in_view(self, session: str) -> tuple[str, int] | None:
        """The sentence of the answer the chat has in view (article id, position), while its context lasts."""
        with self._lock:
            chat = self._chats.get(session)
            if chat is None or chat.query_id is None or not chat.turns:
                return None
            if self._clock() - chat.turns[-1].at > self._context_seconds:
                return None
            result, position = self._store.answers.get(chat.query_id), chat.position
        if result is None or not 0 <= position < len(result.items) or result.listing:
            return None
        item = result.items[position]
        found = self._sentence_of(item)
        if found is None:
            return None
        start = self._index.sentence_ids_of_article(self._index.sentences[found].article).start
        return item.article.id, found - start

    def _says_focus(self, near: tuple[str, int] | None, focus: tuple[str, ...]) -> bool:
        """True if the sentence in view says every focus word: 「涉案金额呢?」 asks about what it just showed."""
        found = self._sentence_at(near) if near is not None else None
        if found is None or not focus:
            return False
        text = self._index.columns.normalized[found]
        return all(normalize(word) in text for word in focus)

    def _sentence_at(self, near: tuple[str, int]) -> int | None:
        """The id in the current index of an article's sentence; None once the article is gone or changed."""
        number = self._article_number(near[0])
        if number is None:
            return None
        ids = self._index.sentence_ids_of_article(number)
        return ids[near[1]] if 0 <= near[1] < len(ids) else None

    def _sentence_of(self, item: AnswerItem) -> int | None:
        """The id of the sentence an answer quotes, in the current index; None for a header fact or a gone report."""
        number = self._article_number(item.article.id)
        if item.kind is not AnswerKind.SENTENCE or number is None:
            return None
        index = self._index
        return next((n for n in index.sentence_ids_of_article(number) if index.sentences[n].text == item.text), None)

    def _article_number(self, article_id: str | None) -> int | None:
        """The article's position in the current index (ids are file names: they survive a reload)."""
        if article_id is None:
            return None
        index = self._index
        if self._numbers is None or self._numbers[0] is not index:
            self._numbers = (index, {article.id: n for n, article in enumerate(index.articles)})
        return self._numbers[1].get(article_id)

    def _in_named_place(self, query: Query, result: Answer, voice: Voice) -> Answer:
        """After 「那梧州呢?」 the place swapped in decides the article, when the answer came from elsewhere."""
        index = self._index
        place = normalize(query.place or "")
        top = self._article_number(result.items[0].article.id)
        if not place or top is None or place in index.normalized_article(top):
            return result
        naming = index.articles_containing(place)  # found through the article postings, not a scan
        if not naming:
            return result
        # One ranking over the articles naming the place: the best of them answers. When none of
        # them does, the answer stays "not found": another place's figure would be a wrong answer.
        return self._ask_index(
            query.question, None, voice, query.focus, among=naming[:MAX_PLACE_ARTICLES], near=query.near
        )

    def _in_voice(self, result: Answer, voice: Voice) -> Answer:
        """The answer shown in the asker's script (Taiwan or Hong Kong forms), highlights re-found."""
        words = self._index.analyze_question(result.question).words if result.items else ()
        items = tuple(_item_in_voice(item, voice, words) for item in result.items)
        return replace(result, items=items, script=voice.script)

    def page(self, query_id: str, position: int, session: str | None = None, language_code: str | None = None) -> Reply:
        """Show answer `position` of stored results (asked again after a restart); EXPIRED once forgotten."""
        with self._lock:
            query = self._store.get(query_id)
            if query is None:
                voice = self.voice_for(session or "", language_code)
                return Notice(NoticeKind.EXPIRED, voice=voice)
            voice = Voice(query.script, self._standard)
            result = self._store.answers.get(query_id)
        if result is None:
            result = self._results(query, voice)
            with self._lock:
                if query_id in self._store.queries:
                    self._store.answers[query_id] = result
        if not 0 <= position < len(result.items) or (result.listing and position > 0):
            return Notice(NoticeKind.NO_MORE_RESULTS, voice=voice)  # a listing shows every item at once
        if session is not None:
            with self._lock:
                chat = self._chat(session)
                chat.query_id, chat.position = query_id, position
        return AnswerPage(result, position, query_id, voice, query.understood_as, is_page=True)

    def again(self, session: str, *, detail: bool = False) -> Reply:
        """The answer in view shown again (是真的吗, 再说一遍); with `detail` its whole paragraph (详细说说)."""
        with self._lock:
            chat = self._chats.get(session)
            voice = self.voice_for(session)
        if chat is None or chat.query_id is None:
            return Notice(NoticeKind.NOTHING_TO_PAGE, voice=voice)
        if detail:
            return self.detail(chat.query_id, chat.position, session)
        return self.page(chat.query_id, chat.position, session)

    def compare(self, session: str, message: str, voice: Voice) -> Reply:
        """「哪个多?」: the last two answers that quote different sentences, side by side, the one with
        the larger figure of the measure asked first when both say one (qa.chat.compare.by_figure)."""
        with self._lock:
            chat = self._chats.get(session)
            recent = [query for _, _, query in reversed(chat.answers)] if chat is not None else []
            shown = [(self._store.queries.get(query), self._store.answers.get(query)) for query in recent]
        pairs: list[tuple[Query, Answer]] = []
        for query, result in shown:  # the last two answers that quote different sentences
            if query is None or result is None or result.listing or not result.items:
                continue
            if all(result.items[0].text != other.items[0].text for _, other in pairs):
                pairs.append((query, result))
            if len(pairs) == 2:
                break
        if len(pairs) < 2:
            return Notice(NoticeKind.NOTHING_TO_PAGE, voice=voice)
        pairs.reverse()
        items = [(query.understood_as or query.question, result.items[0]) for query, result in reversed(pairs)]
        ordered = by_figure(items, larger=not asks_fewer(bare(message)))
        understood = " / ".join(question for question, _ in ordered)
        result = Answer(message, tuple(item for _, item in ordered), voice.script, listing=True)
        query_id = self._store.put(Query(message, None, voice.script, understood), result)
        return AnswerPage(result, 0, query_id, voice, understood)

    def detail(
        self, query_id: str, position: int, session: str | None = None, language_code: str | None = None
    ) -> Reply:
        """Answer `position` of stored results with the rest of its paragraph (详细说说, the 原文 button).

        Like `page`, it asks the question again after a restart and says EXPIRED once it is forgotten;
        a header fact or a listing, which has no paragraph, is shown as it is.
        """
        reply = self.page(query_id, position, session, language_code)
        if not isinstance(reply, AnswerPage):
            return reply
        items = list(reply.answer.items)
        items[reply.position] = self._with_paragraph(items[reply.position], reply.voice)
        return replace(reply, answer=replace(reply.answer, items=tuple(items)), detailed=True)

    def _paragraph_text(self, item: AnswerItem) -> str:
        """The matching form of the paragraph an answer's sentence stands in; "" for a header fact."""
        found = self._sentence_of(item)
        if found is None:
            return ""
        index = self._index
        paragraph = index.sentences[found].paragraph
        ids = index.sentence_ids_of_article(index.sentences[found].article)
        return "".join(index.columns.normalized[n] for n in ids if index.sentences[n].paragraph == paragraph)

    def _with_paragraph(self, item: AnswerItem, voice: Voice) -> AnswerItem:
        """The answer with the rest of its paragraph around it, else with the sentences nearest it."""
        found = self._sentence_of(item)
        if found is None:
            return item
        index = self._index
        ids = index.sentence_ids_of_article(index.sentences[found].article)
        paragraph = index.sentences[found].paragraph
        same = [n for n in ids if index.sentences[n].paragraph == paragraph]
        before = [n for n in same if found - PARAGRAPH_SENTENCES <= n < found]
        after = [n for n in same if found < n <= found + PARAGRAPH_SENTENCES]
        if len(before) <= len(item.context_before) and len(after) <= len(item.context_after):
            # The paragraph holds nothing more than was shown: the sentences around it, across paragraphs.
            before = [n for n in ids if found - NEARBY_SENTENCES <= n < found]
            after = [n for n in ids if found < n <= found + NEARBY_SENTENCES]
        show = item.article.script
        return replace(
            item,
            context_before=tuple(voice.show(index.sentences[n].text, show) for n in before),
            context_after=tuple(voice.show(index.sentences[n].text, show) for n in after),
        )

    def step(self, session: str, delta: int) -> Reply:
        """Move through the session's last results (/next, /prev, 还有呢)."""
        with self._lock:
            chat = self._chats.get(session)
            voice = self.voice_for(session)
        if chat is None or chat.query_id is None:
            return Notice(NoticeKind.NOTHING_TO_PAGE, voice=voice)
        return self.page(chat.query_id, chat.position + delta, session)

    def _chat(self, session: str) -> ChatState:
        """The chat's state, created on first use; the longest-idle chats are forgotten first (lock held)."""
        chat = self._chats.get(session)
        if chat is None:
            chat = self._chats[session] = ChatState()
        self._chats.move_to_end(session)
        while len(self._chats) > self._max_chats:
            self._chats.popitem(last=False)
        return chat

    def _remember_script(self, session: str, message: str) -> None:
        """A message written in one script sets the chat's script (ambiguous ones leave it)."""
        script = detect_script(message)
        if script is not Script.UNKNOWN:
            with self._lock:
                self._chat(session).script = script

    def _add_turn(self, chat: ChatState, turn: Turn) -> None:
        """Keep the last turns; refusals never push out the last answer's article (「它」 still means it)."""
        chat.turns.append(turn)
        kept = chat.turns[-self._context_turns :]
        if all(kept_turn.article is None for kept_turn in kept):
            answered = next((old for old in reversed(chat.turns) if old.article is not None), None)
            if answered is not None:
                kept = [answered, *kept[1:]] if len(kept) == self._context_turns else [answered, *kept]
        chat.turns[:] = kept

    def _add_answer(self, chat: ChatState, article: str, query_id: str) -> None:
        """Remember an answer's article and results, for 「第一个答案是哪篇报道的?」 and 「哪个多?」;
        a lapsed conversation starts over."""
        now = self._clock()
        if chat.answers and now - chat.answers[-1][1] > self._context_seconds:
            chat.answers.clear()
        chat.answers.append((article, now, query_id))
        del chat.answers[:-ANSWERS_KEPT]

    def _context(self, session: str) -> Context | None:
        """What follow-ups in this chat can refer to; None when the chat is new or its context expired."""
        with self._lock:
            chat = self._chats.get(session)
            turns = list(chat.turns) if chat is not None else []
            seen = list(chat.answers) if chat is not None else []
        now = self._clock()
        live = [turn for turn in turns if now - turn.at <= self._context_seconds]
        sources = self._small_folder_sources()
        if not live:
            return Context(sources=sources) if sources else None
        article = next((turn.article for turn in reversed(live) if turn.article is not None), None)
        last = live[-1]
        listed = tuple((n, title) for n in last.listed if (title := self._title(n)) is not None)
        answered = next((turn.question for turn in reversed(live) if turn.article is not None), None)
        live_answers = seen if seen and now - seen[-1][1] <= self._context_seconds else []
        answers = tuple((n, title) for n, _, _ in live_answers if (title := self._title(n)) is not None)
        in_view = self._in_view(session)
        found = self._sentence_at(in_view) if in_view is not None else None
        seen_text = self._index.columns.normalized[found] if found is not None else None
        return Context(
            last.question, article, self._title(article), last.asked, listed, sources, answered, answers, seen_text
        )

    def _small_folder_sources(self) -> tuple[tuple[str, str], ...]:
        """(id, title) of every report in /sources order when there are few enough to count in (「第一篇」)."""
        articles = self._index.articles
        if len(articles) > LISTED_ARTICLES:
            return ()
        return tuple((article.id, article.title) for article in articles)

    def _title(self, article_id: str | None) -> str | None:
        """The title of an article of the current index; None if it is not (or no longer) in it."""
        number = self._article_number(article_id)
        return self._index.articles[number].title if number is not None else None

    def snapshot(self) -> dict[str, object]:
        """The state worth keeping across a restart, as JSON-ready data (bounded like the state itself)."""
        with self._lock:
            return encode_state(self._store, self._chats, self.stats)

    def restore(self, snapshot: Mapping[str, object]) -> bool:
        """Load a `snapshot()`; False (state left empty) if it is of another version or malformed."""
        try:
            queries, chats, stats = decode_state(snapshot)
        except (TypeError, ValueError, KeyError) as exc:
            log.warning("ignoring saved conversation state: %s", exc)
            return False
        with self._lock:
            self._store = QueryStore(self._store.capacity)
            for query_id, query in queries[-self._store.capacity :]:
                self._store.queries[query_id] = query
            self._chats = OrderedDict(chats[-self._max_chats :])
            for chat in self._chats.values():
                del chat.turns[: -self._context_turns]
            self.stats = stats
        return True


def _bigrams(word: str) -> list[str]:
    """A word's two-character pieces: 「新举措」 is said by a heading writing 「举措」."""
    return [word[n : n + 2] for n in range(len(word) - 1)] or [word]


def _item_in_voice(item: AnswerItem, voice: Voice, words: tuple[str, ...]) -> AnswerItem:
    source = item.article.script
    display = voice.show(item.display, source)
    return replace(
        item,
        display=display,
        context_before=tuple(voice.show(text, source) for text in item.context_before),
        context_after=tuple(voice.show(text, source) for text in item.context_after),
        heading=voice.show(item.heading, source) if item.heading else None,
        highlights=highlight_spans(display, words) if display != item.display else item.highlights,
    )
