"""Plain-text rendering of conversation replies, for the terminal harness."""

from __future__ import annotations

from collections.abc import Callable

from qa.chat import phrases
from qa.chat.conversation import (
    AnswerPage,
    Help,
    NoAnswer,
    NotChinese,
    Notice,
    Reply,
    SmallTalk,
    SourceDetail,
    SourceList,
    Welcome,
)
from qa.chat.voice import Voice
from qa.models import AnswerItem, Span

Emphasis = Callable[[str], str]

ANSI_BOLD = "\x1b[1m"
ANSI_RESET = "\x1b[0m"


def plain(text: str) -> str:
    """No emphasis (pipes, files, tests)."""
    return text


def ansi_bold(text: str) -> str:
    """Bold on a terminal."""
    return f"{ANSI_BOLD}{text}{ANSI_RESET}"


def render_reply(reply: Reply, emphasis: Emphasis = plain) -> str:
    """The reply as the terminal shows it, in the asker's script."""
    say = reply.voice.say
    match reply:
        case Welcome():
            lines = [say(line) for line in phrases.welcome_lines(reply.report_count, reply.sentence_count)]
            return "\n".join([*lines, *_examples(reply.examples, reply.voice), "/help"])
        case Help():
            commands = [f"  {command}  {say(meaning)}" for command, meaning in phrases.COMMANDS_HELP]
            return "\n".join(
                [
                    say(phrases.HELP_HEADER),
                    *commands,
                    say(phrases.FOLLOWUP_HELP),
                    *_examples(reply.examples, reply.voice),
                ]
            )
        case SourceList():
            if not reply.entries:
                return say(phrases.NO_SOURCES)
            return "\n".join([say(phrases.SOURCES_HEADER), *(phrases.source_entry_line(e) for e in reply.entries)])
        case SourceDetail():
            rows = [f"{say(label)}：{value}" for label, value in phrases.source_detail_lines(reply.entry)]
            return "\n".join([*rows, f"{say(phrases.OPENING_LABEL)}：{reply.entry.article.opening}"])
        case AnswerPage():
            return render_answer_page(reply, emphasis)
        case NoAnswer():
            lines = phrases.no_answer_lines(reply.answer, reply.voice)
            if reply.understood_as:
                lines.insert(0, f"（{phrases.understood_line(reply.understood_as, reply.voice)}）")
            return "\n".join(lines)
        case SmallTalk():
            return phrases.small_talk_text(reply.kind, reply.voice)
        case NotChinese():
            return "\n".join(phrases.not_chinese_lines(reply.example, reply.voice))
        case Notice():
            return phrases.notice_text(reply)


def _examples(examples: tuple[str, ...], voice: Voice) -> list[str]:
    if not examples:
        return []
    return [voice.say(phrases.EXAMPLES_HEADER), *(f"  · {example}" for example in examples)]


def mark_spans(text: str, spans: tuple[Span, ...], emphasis: Emphasis, other: Emphasis = plain) -> str:
    """`text` with each span passed through `emphasis` and the rest through `other` (e.g. escaping).

    Spans past the end of `text` (a display cut short) are left out.
    """
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        if span.end > len(text):
            break
        pieces.append(other(text[cursor : span.start]))
        pieces.append(emphasis(text[span.start : span.end]))
        cursor = span.end
    pieces.append(other(text[cursor:]))
    return "".join(pieces)


def highlighted(item: AnswerItem, emphasis: Emphasis) -> str:
    """The displayed answer with matched spans passed through `emphasis`."""
    return mark_spans(item.display, item.highlights, emphasis)


def render_answer_page(page: AnswerPage, emphasis: Emphasis = plain) -> str:
    """「（按“…”理解）」, notices (read before the answer), 「[1/3] answer」, its context and source.

    A listing (one value per article) shows every item at once.
    """
    answer = page.answer
    say = page.voice.say
    lines = []
    if page.understood_as:
        lines.append(f"（{phrases.understood_line(page.understood_as, page.voice)}）")
    lines.extend(phrases.answer_notices(answer, page.voice))
    if answer.listing:
        for number, listed in enumerate(answer.items, 1):
            lines.append(f"{number}. {highlighted(listed, emphasis)}")
            lines.append(f"   {say(phrases.SOURCE_LABEL)}：{phrases.source_line(listed.article)}")
        return "\n".join(lines)
    item = answer.items[page.position]
    lines.append(f"[{phrases.position_label(page.position, page.total)}] {highlighted(item, emphasis)}")
    if item.context_before or item.context_after:
        context = "".join((*item.context_before, f"「{item.display}」", *item.context_after))
        lines.append(f"{say(phrases.CONTEXT_LABEL)}：{context}")
    if item.heading:
        lines.append(f"（{item.heading}）")
    lines.append(f"{say(phrases.SOURCE_LABEL)}：{phrases.answer_source_line(page, item.article)}")
    if page.position + 1 < page.total:
        lines.append(say(phrases.MORE_HINT))
    return "\n".join(lines)
