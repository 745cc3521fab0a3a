"""User-facing wording shared by every renderer (plain text; renderers add markup and escaping).

Written once in simplified Chinese and shown in traditional to people who ask in traditional.
"""

from __future__ import annotations

from qa.answers.answer import MAX_QUESTION_CHARS
from qa.chat.conversation import AnswerPage, Notice, NoticeKind, SmallTalkKind, SourceEntry
from qa.chat.voice import Voice
from qa.models import Answer, Article, Refusal

BOT_NAME = "报告问答"


def welcome_lines(report_count: int, sentence_count: int) -> list[str]:
    """Greeting for /start."""
    return [
        f"你好！我是{BOT_NAME}机器人。",
        f"我读过 {report_count} 篇报告（{sentence_count} 句）。用简体或繁体中文提问，"
        "我会引用报告里回答问题的原句，并注明出处；报告里没有的，我会如实说没有。",
    ]


EXAMPLES_HEADER = "可以这样问："
COMMANDS_HELP = [
    ("/sources", "列出所有报告"),
    ("/source N", "查看第 N 篇报告的信息和开头"),
    ("/ask 问题", "在群组里提问"),
    ("/next /prev", "查看同一问题的下一个或上一个答案"),
    ("/help", "显示本帮助"),
]
# The bot's command menu (Telegram's setMyCommands; its languages are two-letter codes, so one menu).
MENU_COMMANDS = (
    ("start", "开始"),
    ("help", "帮助和示例问题"),
    ("sources", "报告列表"),
    ("source", "查看一篇报告：/source N"),
    ("ask", "提问：/ask 问题（群组里使用）"),
)
HELP_HEADER = "直接发送问题即可，例如“某项工作推出了多少项措施？”。命令："
FOLLOWUP_HELP = (
    "可以接着追问：“还有呢？”看下一个答案；“那某某市呢？”“法院呢？”换个地方或部门再问同一个问题；"
    "“这篇报道是谁写的？”问上一个答案出自的文章。"
)
SOURCES_HEADER = "报告列表："
NO_SOURCES = "目前没有载入任何报告。"
CONTEXT_LABEL = "上下文"
SOURCE_LABEL = "出处"
MORE_HINT = "发送“还有呢”或 /next 查看下一个答案"


def source_line(article: Article) -> str:
    """「《标题》 · 发布者 · 日期」 with whatever metadata the article has."""
    parts = [f"《{article.title}》"]
    if article.publisher:
        parts.append(article.publisher)
    if article.date:
        parts.append(article.date)
    return " · ".join(parts)


def full_source_line(article: Article, voice: Voice) -> str:
    """The source line with the authors and the editor too (labels in the voice, names as written)."""
    parts = [source_line(article)]
    if article.authors:
        parts.append(voice.say("作者：") + "、".join(article.authors))
    if article.editor:
        parts.append(voice.say("编辑：") + article.editor)
    return " · ".join(parts)


def answer_source_line(page: AnswerPage, article: Article) -> str:
    """The source line under an answer: in full when it is shown in detail (详细说说, the 原文 button)."""
    return full_source_line(article, page.voice) if page.detailed else source_line(article)


def source_entry_line(entry: SourceEntry) -> str:
    """One /sources line: number, title, publisher, date, sentence count."""
    return f"{entry.number}. {source_line(entry.article)} · {entry.sentence_count} 句"


def source_detail_lines(entry: SourceEntry) -> list[tuple[str, str]]:
    """(label, value) pairs for /source N."""
    article = entry.article
    rows = [("标题", article.title)]
    if article.subtitle:
        rows.append(("副标题", article.subtitle))
    rows.extend(
        (label, value)
        for label, value in (
            ("日期", article.date),
            ("来源", article.publisher),
            ("作者", "、".join(article.authors) if article.authors else None),
            ("编辑", article.editor),
        )
        if value
    )
    rows.append(("句数", str(entry.sentence_count)))
    rows.append(("文件", article.path.name))
    return rows


OPENING_LABEL = "开头"


def missing_notice(answer: Answer, voice: Voice | None = None) -> str | None:
    """「“上海”在所有报告中都没有提到。」 when the answer lacks a word of the question."""
    if not answer.missing_terms:
        return None
    words = "、".join(f"“{word}”" for word in answer.missing_terms)
    return _voice(answer, voice).say(f"注意：{words}在所有报告中都没有提到，以下答案可能只回答了问题的一部分。")


def absent_notice(answer: Answer, voice: Voice | None = None) -> str | None:
    """「注意：这篇报告没有提到“公益诉讼”…」 when the named place's report lacks a word other reports have."""
    if not answer.absent_terms or not answer.items:
        return None
    words = "、".join(f"“{word}”" for word in answer.absent_terms)
    title = answer.items[0].article.title
    return _voice(answer, voice).say(
        f"注意：《{title}》没有提到{words}（其他报告提到了），以下是这篇报告里最接近的内容。"
    )


FIELD_NAMES = {
    "authors": "作者",
    "date": "发布日期",
    "publisher": "来源",
    "editor": "编辑",
    "title": "标题",
    "subtitle": "副标题",
}
# What a NOT_SAID refusal says the reports leave out (keys: qa.answers.asked_kind.Asked values).
ASKED_PHRASES = {
    "definition": "解释它是什么意思",
    "how_to": "说明具体怎么做",
    "measure": "给出问题问的这个数值",
    "person": "说出是谁",
    "place": "说明它在哪里",
    "count": "给出问题问的数目",
    "role": "说出其职务",
    "year": "说出是哪一年",
    "day": "说出是哪一天",
    "time": "说到那个时候的这项情况",
}


def truncated_notice(answer: Answer, voice: Voice | None = None) -> str | None:
    """Note that an over-long question was cut."""
    if not answer.truncated:
        return None
    return _voice(answer, voice).say(f"（问题太长，只使用了前 {MAX_QUESTION_CHARS} 个字。）")


def content_notice(answer: Answer, voice: Voice | None = None) -> str | None:
    """What an answer says about the question's coverage (a word no report has, a word the named
    report lacks), as one text for the machine-readable replies; None if it covers everything."""
    notices = [notice for notice in (missing_notice(answer, voice), absent_notice(answer, voice)) if notice]
    return " ".join(notices) or None


def answer_notices(answer: Answer, voice: Voice | None = None) -> list[str]:
    """Every notice an answer carries (a missing word, a cut question), in display order."""
    notices = (missing_notice(answer, voice), absent_notice(answer, voice), truncated_notice(answer, voice))
    return [notice for notice in notices if notice]


def _voice(answer: Answer, voice: Voice | None) -> Voice:
    """The given voice, or the script the answer was written in."""
    return voice if voice is not None else Voice(answer.script)


def understood_line(question: str, voice: Voice) -> str:  # noqa: ARG001 - 按 and 理解 are the same in both scripts
    """「按“…”理解」: the question a follow-up was completed to (already in the asker's script)."""
    return f"按“{question}”理解"


def small_talk_text(kind: SmallTalkKind, voice: Voice) -> str:
    """A short friendly reply to a greeting, thanks or goodbye."""
    match kind:
        case SmallTalkKind.GREETING:
            text = "你好！直接发问题给我就行，我会引用报告里的原句回答。发送 /help 查看示例问题。"
        case SmallTalkKind.THANKS:
            text = "不客气！还有问题随时问我。"
        case SmallTalkKind.GOODBYE:
            text = "再见！需要时随时回来问我。"
        case SmallTalkKind.ACKNOWLEDGEMENT:
            text = "好的。还有问题随时问我，发送“还有呢”可以看下一个答案。"
    return voice.say(text)


def not_chinese_lines(example: str | None, voice: Voice) -> list[str]:
    """The hint for a message with no Chinese, in Chinese and English, with an example question."""
    if not example:
        return [voice.say("请用中文（简体或繁体）提问。"), "Please ask in Chinese (simplified or traditional)."]
    return [
        voice.say("请用中文（简体或繁体）提问，例如："),
        example,
        "Please ask in Chinese (simplified or traditional), for example the question above.",
    ]


def no_answer_lines(answer: Answer, voice: Voice | None = None) -> list[str]:
    """Why there is no answer, kindly, with where to look instead."""
    field = FIELD_NAMES.get(answer.asked_field or "", "这一项")
    if answer.refusal == Refusal.EMPTY:
        lines = ["请输入一个问题，例如“某项工作推出了多少项措施？”。发送 /help 查看说明。"]
    elif answer.refusal == Refusal.WHICH_ARTICLE:
        lines = [f"请说明想问哪篇报告的{field}，例如在问题里写上标题或地名。", "发送 /sources 查看报告列表。"]
    elif answer.refusal == Refusal.NOT_IN_NAMED and answer.named is not None:
        words = "、".join(f"“{word}”" for word in answer.absent_terms)
        lines = [f"问题所指的《{answer.named.title}》没有提到{words}；其他报告提到了，但说的不是问题里的地方。"]
    elif answer.refusal == Refusal.NOT_SAID:
        what = ASKED_PHRASES.get(answer.asked_field or "", "回答这个问题")
        words = "、".join(f"“{word}”" for word in answer.mentioned)
        lines = [f"报告提到了{words}，但没有{what}。" if words else f"报告里没有{what}。"]
        lines.append("发送 /sources 查看报告涵盖的内容。")
    elif answer.refusal == Refusal.NOT_STATED:
        lines = [f"报告里没有注明{field}。", "发送 /sources 查看各篇报告的信息。"]
    else:
        lines = ["抱歉，这些报告里没有找到这个问题的答案。"]
        if answer.missing_terms:
            words = "、".join(f"“{word}”" for word in answer.missing_terms)
            lines.append(f"报告中没有提到{words}。")
        lines.append("发送 /sources 查看报告涵盖的内容。")
    speaker = _voice(answer, voice)
    return [speaker.say(line) for line in lines]


def position_label(position: int, total: int) -> str:
    """「1/3」."""
    return f"{position + 1}/{total}"


def notice_text(notice: Notice) -> str:
    """The sentence for a short notice, in the asker's script."""
    return notice.voice.say(_notice_phrase(notice))


def _notice_phrase(notice: Notice) -> str:
    match notice.kind:
        case NoticeKind.UNKNOWN_COMMAND:
            return f"没有 /{notice.detail} 这个命令。发送 /help 查看可用的命令。"
        case NoticeKind.BAD_SOURCE_NUMBER:
            if not notice.limit:
                return NO_SOURCES
            return f"请给出 1 到 {notice.limit} 之间的报告编号，例如 /source 1。发送 /sources 查看列表。"
        case NoticeKind.NOTHING_TO_PAGE:
            return "还没有可以翻页的答案，请先提一个问题。"
        case NoticeKind.NO_MORE_RESULTS:
            return "没有更多答案了。"
        case NoticeKind.EXPIRED:
            return "这个问题的结果已过期，请重新提问。"
        case NoticeKind.NOTHING_TO_FOLLOW:
            if notice.detail:
                return f"想了解“{notice.detail}”的什么？前面还没有问题可以接着问，请把问题说完整。"
            return "我们还没有聊到具体内容，请先提一个关于报告的问题。"
