"""Render conversation replies as Telegram HTML: every piece of text escaped, no message over 4096.

Each line of a message is complete HTML on its own (every tag it opens it closes), so a long
reply is split between lines and never inside a tag. Text that could make a single line too long
is cut before escaping and markup, as Telegram counts characters after entity parsing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.phrases import said
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
from qa.chat.render_text import mark_spans
from qa.chat.voice import SIMPLIFIED, Voice
from qa.models import AnswerItem

MAX_MESSAGE_CHARS = 4096
_TAG_RE = re.compile(r"<[^>]*>")
MAX_LINE_CHARS = 3500
PAGE_PREFIX = "p"
DETAIL_PREFIX = "c"  # the answer in view with its paragraph (原文)
DETAIL_LABEL = "📖 原文"
FOLD_LABEL = "↩ 收起"
EXAMPLE_PREFIX = "x"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One or more HTML messages for a reply; the keyboard goes under the last one."""

    messages: tuple[str, ...]
    keyboard: InlineKeyboardMarkup | None = None


def clip(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """Cut plain text to `limit` characters with an ellipsis (before any escaping)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bold(text: str) -> str:
    """Escaped text in bold."""
    return f"<b>{escape(text)}</b>"


def highlighted_html(item: AnswerItem) -> str:
    """The displayed answer, escaped, with matched spans in bold."""
    return mark_spans(clip(item.display), item.highlights, bold, escape)


def split_lines(lines: list[str], limit: int = MAX_MESSAGE_CHARS) -> tuple[str, ...]:
    """Join self-contained HTML lines into as few messages as fit under `limit` characters."""
    messages: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = line if len(line) <= limit else _cut_html_line(line, limit)
    if current or not messages:
        messages.append(current)
    return tuple(messages)


def _cut_html_line(line: str, limit: int) -> str:
    """A line too long even alone: drop its markup, cut it, and never leave half an entity."""
    text = _TAG_RE.sub("", line)[:limit]
    if text.rfind("&") > text.rfind(";"):
        text = text[: text.rfind("&")]
    return text


def page_keyboard(page: AnswerPage) -> InlineKeyboardMarkup | None:
    """◀ 1/N ▶ buttons (`p:<query id>:<position>`), and under them 📖 原文 (`c:…`) for the answer in view.

    原文 shows the rest of the quote's paragraph and the article's full source line in place;
    its 收起 button turns back to the page as it was. Every button's data is well under 64 bytes.
    """
    rows = []
    if page.total > 1 and not page.answer.listing:
        buttons = []
        if page.position > 0:
            buttons.append(InlineKeyboardButton("◀", callback_data=_button_data(PAGE_PREFIX, page, page.position - 1)))
        buttons.append(
            InlineKeyboardButton(
                phrases.position_label(page.position, page.total),
                callback_data=_button_data(PAGE_PREFIX, page, page.position),
            )
        )
        if page.position + 1 < page.total:
            buttons.append(InlineKeyboardButton("▶", callback_data=_button_data(PAGE_PREFIX, page, page.position + 1)))
        rows.append(buttons)
    if page.has_detail:
        label, prefix = (FOLD_LABEL, PAGE_PREFIX) if page.detailed else (DETAIL_LABEL, DETAIL_PREFIX)
        rows.append(
            [InlineKeyboardButton(page.voice.say(label), callback_data=_button_data(prefix, page, page.position))]
        )
    return InlineKeyboardMarkup(rows) if rows else None


def _button_data(prefix: str, page: AnswerPage, position: int) -> str:
    return f"{prefix}:{page.query_id}:{position}"


def example_keyboard(examples: tuple[str, ...]) -> InlineKeyboardMarkup | None:
    """One tappable button per example question (the data is its number, not its text)."""
    if not examples:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(clip(example, 60), callback_data=f"{EXAMPLE_PREFIX}:{n}")]
            for n, example in enumerate(examples)
        ]
    )


def understood_html(question: str, voice: Voice) -> str:
    """「按“…”理解」 in italics, above an answer completed from context."""
    return f"<i>{escape(clip(phrases.understood_line(question, voice), 600))}</i>"


def answer_lines(page: AnswerPage) -> list[str]:
    """The HTML lines of one answer: how it was understood, notices, text, context, section, source.

    Notices come before the answer, where they are read; a listing (one value per article) shows
    every item with its source.
    """
    answer = page.answer
    lines = [understood_html(page.understood_as, page.voice)] if page.understood_as else []
    lines.extend(f"⚠️ {escape(notice)}" for notice in phrases.answer_notices(answer, page.voice))
    if answer.listing:
        for listed in answer.items:
            lines.append(f"• {highlighted_html(listed)}")
            lines.append(f"📄 {escape(clip(phrases.source_line(listed.article), 500))}")
        return lines
    item = answer.items[page.position]
    lines.append(highlighted_html(item))
    if item.context_before or item.context_after:
        before = escape(clip("".join(item.context_before), 1000))
        after = escape(clip("".join(item.context_after), 1000))
        lines.append(f"<i>{escape(page.voice.say(phrases.CONTEXT_LABEL))}：</i>{before}「…」{after}")
    if item.heading:
        lines.append(f"<i>{escape(clip(item.heading, 200))}</i>")
    lines.append(f"📄 {escape(clip(phrases.answer_source_line(page, item.article), 500))}")
    return lines


def render(reply: Reply) -> Rendered:
    """The Telegram messages for a conversation reply, in the asker's script."""
    say = reply.voice.say
    match reply:
        case Welcome():
            lines = [escape(say(line)) for line in phrases.welcome_lines(reply.report_count, reply.sentence_count)]
            if reply.examples:
                lines.append(escape(say(phrases.EXAMPLES_HEADER)))
            return Rendered(split_lines(lines), example_keyboard(reply.examples))
        case Help():
            lines = [escape(say(phrases.HELP_HEADER))]
            lines.extend(f"{escape(command)} — {escape(say(meaning))}" for command, meaning in phrases.COMMANDS_HELP)
            lines.append(escape(say(phrases.FOLLOWUP_HELP)))
            if reply.examples:
                lines.append(escape(say(phrases.EXAMPLES_HEADER)))
            return Rendered(split_lines(lines), example_keyboard(reply.examples))
        case SourceList():
            if not reply.entries:
                return Rendered((escape(say(phrases.NO_SOURCES)),))
            lines = [bold(say(phrases.SOURCES_HEADER))]
            lines.extend(escape(clip(phrases.source_entry_line(entry), 1000)) for entry in reply.entries)
            return Rendered(split_lines(lines))
        case SourceDetail():
            lines = [
                f"{bold(say(label))}：{escape(clip(value, 1000))}"
                for label, value in phrases.source_detail_lines(reply.entry)
            ]
            lines.append(f"{bold(say(phrases.OPENING_LABEL))}：{escape(clip(reply.entry.article.opening, 2000))}")
            return Rendered(split_lines(lines))
        case AnswerPage():
            return Rendered(split_lines(answer_lines(reply)), page_keyboard(reply))
        case NoAnswer():
            lines = [escape(line) for line in phrases.no_answer_lines(reply.answer, reply.voice)]
            if reply.understood_as:
                lines.insert(0, understood_html(reply.understood_as, reply.voice))
            return Rendered(split_lines(lines))
        case SmallTalk():
            return Rendered((escape(phrases.small_talk_text(reply.kind, reply.voice)),))
        case NotChinese():
            return Rendered(
                split_lines([escape(clip(line)) for line in phrases.not_chinese_lines(reply.example, reply.voice)])
            )
        case Notice():
            return Rendered((escape(phrases.notice_text(reply)),))


def parse_number(text: str, max_digits: int = 6) -> int | None:
    """A short number in ASCII digits; None for anything else (「²」 passes str.isdigit() but not int())."""
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def parse_page_data(data: str) -> tuple[str, int] | None:
    """(query id, position) from a page button's callback data; None if it is not one (forged data too)."""
    return _parse_answer_data(data, PAGE_PREFIX)


def parse_detail_data(data: str) -> tuple[str, int] | None:
    """(query id, position) from a 原文 button's callback data; None if it is not one."""
    return _parse_answer_data(data, DETAIL_PREFIX)


def _parse_answer_data(data: str, expected: str) -> tuple[str, int] | None:
    prefix, _, rest = data.partition(":")
    query_id, _, position = rest.rpartition(":")
    number = parse_number(position)
    if prefix != expected or not query_id or number is None:
        return None
    return query_id, number


def parse_example_data(data: str) -> int | None:
    """The example number from an example button's callback data; None if it is not one."""
    prefix, _, number = data.partition(":")
    return parse_number(number) if prefix == EXAMPLE_PREFIX else None


def reloaded(
    report_count: int, sentence_count: int, voice: Voice = SIMPLIFIED, skipped: Sequence[tuple[str, str]] = ()
) -> str:
    """After /reload: the counts, then every skipped file with why."""
    lines: list[str] = [said(f"已重新载入：{report_count} 篇报告，{sentence_count} 句。", voice)]
    if skipped:
        lines.append(said(f"跳过了 {len(skipped)} 个文件：", voice))
        lines.extend(f"• {escape(clip(name, 200))}：{said(reason, voice)}" for name, reason in skipped[:50])
        if len(skipped) > 50:
            lines.append(said(f"……另有 {len(skipped) - 50} 个，见 /status", voice))
    return "\n".join(lines)


def reload_failed(reason: str, voice: Voice = SIMPLIFIED) -> str:
    """When /reload fails (the old index keeps serving)."""
    return escape(voice.say("重新载入失败，仍在使用原来的报告：") + clip(reason, 300))


def stats_text(
    reports: int, sentences: int, questions: int, answered: int, refused: int, followups: int, voice: Voice = SIMPLIFIED
) -> str:
    """The /stats reply."""
    say = voice.say
    return "\n".join(
        [
            f"{bold(say('报告'))}：{reports}",
            f"{bold(say('句子'))}：{sentences}",
            f"{bold(say('已回答问题'))}：{questions}"
            + escape(say(f"（有答案 {answered}，无答案 {refused}，追问 {followups}）")),
        ]
    )
