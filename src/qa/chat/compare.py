"""Comparisons: of the reports themselves (哪篇更新? 两篇报道有什么不同? 是同一个人写的吗? 哪篇是香港商报的?)
and of the last two answers (哪个多?).

They name no topic, so the search has nothing to find. What the reports' comparisons ask is in
the headers: the newest (or oldest) report is read from the dates they state, and how the
reports differ is answered by what each is about (the titles listing). 「哪个多?」 shows the last
two answers side by side, the larger figure of the measure asked first when both sentences say
exactly one; otherwise as they came, for the asker to compare.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.models import AnswerItem, Article

# What the asker calls the reports (报道, 文章 …), and how they point at one of them (哪篇 …).
_REPORT = r"(?:报道|报导|文章|报告|新闻)"
_WHICH_ONE = r"(?:哪篇|哪一篇|哪份|哪个)"

# 「哪篇更新?」, 「哪一篇报道是最近发的?」, 「哪篇最早」, 「哪篇先发的」.
_WHICH_DATE_RE = re.compile(
    r"^(?:那|那么|请问)?" + _WHICH_ONE + _REPORT + r"?(?:是|发得|发布得|写得|发的|出的)?"
    r"(?:(?:更|最|比较)(?:(?P<new>新|晚|近)|(?P<old>早|旧|久))|(?P<first>先|最先|早)(?:发|发布|出)|(?P<last>后|最后)(?:发|发布|出))"
    r"(?:的|一些|一点|一篇|发的|发布的|出的)?(?:呢|啊|呀)?$"
)
# 「两篇报道有什么不同?」, 「这些文章的区别是什么」, 「它们有啥区别」.
_DIFFERENCE_RE = re.compile(
    r"^(?:那|那么|请问)?(?:这|那)?(?:[两二三四五六七八九十几]篇|些|几篇|各篇|它们|他们|两者|两个)?"
    + _REPORT
    + r"?(?:之间)?"
    r"(?:有|的)?(?:什么|啥|哪些|哪里)?(?:不同|区别|差别|差异|不一样)(?:呢|吗|啊|在哪里?|在哪儿|是什么)?$"
)
TITLES_QUESTION = "这些报道都是讲什么的?"
# 「两篇都是同一个人写的吗?」, 「是同一家媒体发的吗」, 「是同一天发的吗」: each report's value, listed.
_SAME_RE = re.compile(
    r"同一(?:个|位|家|天|个人|个作者|个记者|个媒体|个网站|家媒体|家报纸)?|一个人|一样的?(?:作者|来源|媒体|日期)"
)
_SAME_FIELDS = (
    (re.compile(r"写|作者|记者|撰稿|人"), "每篇报道的作者是谁?"),
    (re.compile(r"媒体|网站|报纸|来源|报社|家"), "每篇报道的来源是哪里?"),
    (re.compile(r"天|日期|时间|时候|发"), "每篇报道是哪天发布的?"),
)
# 「是同一天发的吗?」, 「同一个人写的?」: nothing but the sameness asked, so of the reports, plural or not.
_SAME_ALONE_RE = re.compile(
    r"^(?:那|那么)?(?:它们|这俩|俩)?(?:都|也)?(?:是不是|是)?同一(?:个|位|家)?"
    r"(?:(?:人|作者|记者|媒体|网站|报纸|天|时间)?(?:写|发|发布|报道|刊登|出)|作者|记者|媒体|网站|报纸|天|时间)"
    r"(?:的)?(?:吗|么|嘛|吧|呢)?$"
)
_PLURAL_REPORTS_RE = re.compile(r"[两二三四五六七八九十几]篇|它们|这些|都是|两个|两家|分别")
# 「哪篇是香港商报的?」, 「有没有梧州日报的报道?」: the report a header names (its publisher, author …).
_WHICH_OF_RE = re.compile(
    r"^(?:那|请问)?(?:" + _WHICH_ONE + _REPORT + r"?(?:是|来自|出自)"
    r"|(?:有没有|有无|是否有|有)(?:一篇)?)"
    r"(?P<name>[^的]{2,16}?)(?:网|的)?(?:的|发的|写的|发布的|报道的|刊登的)?" + _REPORT + r"?(?:吗|呢|没有)?$"
)


# 「都有哪些报道?」, 「有哪些文章」, 「报道都有哪些」, 「列一下所有报道」: the reports, listed.
_WHICH_REPORTS_RE = re.compile(
    r"^(?:那|那么|请问)?(?:(?:都|一共|总共)?有(?:哪些|哪几篇|什么)"
    + _REPORT
    + r"|"
    + _REPORT
    + r"(?:都|一共)?有(?:哪些|哪几篇)"
    r"|列(?:一下|出)?(?:所有|全部)?(?:的)?" + _REPORT + r")(?:呢|吗|啊)?$"
)


def asks_which_reports(bare_message: str) -> bool:
    """True for 「都有哪些报道?」 and its kin: the reports themselves, listed by what each is about."""
    return _WHICH_REPORTS_RE.match(bare_message) is not None


def asks_difference(bare_message: str) -> bool:
    """True for a question about how the reports differ (「两篇报道有什么不同」), naming no topic."""
    return _DIFFERENCE_RE.match(bare_message) is not None and any(
        word in bare_message for word in ("篇", "报道", "报导", "文章", "报告", "新闻", "它们", "他们", "两者", "两个")
    )


def dated_extreme(bare_message: str, articles: Sequence[Article]) -> Article | None:
    """The newest report for 「哪篇更新?」 (the oldest for 「哪篇最早?」); None if the message asks no such
    thing, or some report states no date, or two share the extreme date (then nothing decides)."""
    match = _WHICH_DATE_RE.match(bare_message)
    if match is None or len(articles) < 2 or any(article.date is None for article in articles):
        return None
    newest = match.group("new") is not None or match.group("last") is not None
    dates = sorted(str(article.date) for article in articles)
    extreme = dates[-1] if newest else dates[0]
    if dates.count(extreme) > 1:
        return None
    return next(article for article in articles if article.date == extreme)


# 「哪个多?」, 「哪一个更高」, 「谁多」, 「哪个少一些」: which of the last two answers' figures is larger.
_WHICH_MORE_RE = re.compile(
    r"^(?:那|那么|请问)?(?:这两个|两者|它们|两个)?(?:哪个|哪一个|哪项|谁|哪边)(?:的)?(?:更|比较|最)?"
    r"(?P<way>多|少|大|小|高|低)(?:一些|一点|些|点)?(?:呢|啊|呀)?$"
)
_FEWER = frozenset("少小低")
# The measure a question counts in: 「多少起」, 「几个」, 「多少亿元」.
_MEASURE_RE = re.compile(
    r"(?:多少|几)(?P<unit>亿元|万元|万人|万户|人次|平方公里|公里|[个件项起人名次张家座条所元%户辆天台套间位只头])"
)
_FIGURE_RE = r"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<scale>万|亿)?"
_SCALE = {"": 1.0, "万": 1e4, "亿": 1e8}


def asks_which_more(bare_message: str) -> bool:
    """True for 「哪个多?」 and its kin, naming nothing: a comparison of the last two answers."""
    return _WHICH_MORE_RE.match(bare_message) is not None


def asks_fewer(bare_message: str) -> bool:
    """True if the comparison asks which is smaller (「哪个少?」)."""
    match = _WHICH_MORE_RE.match(bare_message)
    return match is not None and match.group("way") in _FEWER


def by_figure(answers: Sequence[tuple[str, AnswerItem]], *, larger: bool) -> list[tuple[str, AnswerItem]]:
    """(question, answer) pairs with the larger (or smaller) figure first, when each sentence says exactly
    one figure in the measure its question asked; else in the order given."""
    figures = [figure_of(question, item.text) for question, item in answers]
    if any(figure is None for figure in figures):
        return list(answers)
    order = sorted(range(len(answers)), key=lambda n: figures[n] or 0.0, reverse=larger)
    return [answers[n] for n in order]


def figure_of(question: str, text: str) -> float | None:
    """The one figure of `text` in the measure `question` counts in (「多少名」 -> 「6415名」); None if not one."""
    asked = _MEASURE_RE.search(question)
    if asked is None:
        return None
    unit = re.escape(asked.group("unit"))
    found = list(re.finditer(_FIGURE_RE + unit, text))
    if len(found) != 1:
        return None
    match = found[0]
    return float(match.group("n").replace(",", "")) * _SCALE[match.group("scale") or ""]


def gives_figure_asked(question: str, text: str) -> bool:
    """False if the question counts in a measure (「多少户」) and the text gives no figure in it."""
    asked = _MEASURE_RE.search(question)
    if asked is None:
        # 「整改率是多少?」 asks a rate: of that (整改), in per cent, not another rate (结案率 97.5%).
        rate = _RATE_RE.search(question)
        return rate is None or (rate.group("stem") in text and re.search(r"\d%|百分之", text) is not None)
    return re.search(_FIGURE_RE + re.escape(asked.group("unit")), text) is not None


_RATE_RE = re.compile(r"(?P<stem>[\u4e00-\u9fff]{2})率(?:是|为|有|达到?)?(?:多少|几)")


def same_field_question(bare_message: str) -> str | None:
    """The listing that answers 「两篇都是同一个人写的吗?」 or 「是同一天发的吗?」 (every report's authors,
    dates or sources, for the asker to compare); None if the message asks no such thing of several reports."""
    if _SAME_RE.search(bare_message) is None:
        return None
    if _PLURAL_REPORTS_RE.search(bare_message) is None and _SAME_ALONE_RE.match(bare_message) is None:
        return None
    return next((question for pattern, question in _SAME_FIELDS if pattern.search(bare_message)), None)


def named_report(bare_message: str, headers: Sequence[str]) -> int | None:
    """The one report whose header (matching form) holds the name 「哪篇是香港商报的?」 asks about; None
    if the message asks no such thing or the name is in no header, or in several."""
    match = _WHICH_OF_RE.match(bare_message)
    if match is None:
        return None
    name = match.group("name")
    holding = [n for n, header in enumerate(headers) if name in header]
    return holding[0] if len(holding) == 1 else None
