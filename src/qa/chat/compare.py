"""Questions that compare the reports themselves: 哪篇更新? 两篇报道有什么不同?

They name no topic, so the search has nothing to find; what they ask is in the headers. The
newest (or oldest) report is read from the dates the headers state, and a question about how
the reports differ is answered by what each is about (the titles listing), for the asker to compare.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.models import Article

# 「哪篇更新?」, 「哪一篇报道是最近发的?」, 「哪篇最早」, 「哪篇先发的」.
_WHICH_DATE_RE = re.compile(
    r"^(?:那|那么|请问)?(?:哪篇|哪一篇|哪份|哪个)(?:报道|报导|文章|报告|新闻)?(?:是|发得|发布得|写得|发的|出的)?"
    r"(?:(?:更|最|比较)(?:(?P<new>新|晚|近)|(?P<old>早|旧|久))|(?P<first>先|最先|早)(?:发|发布|出)|(?P<last>后|最后)(?:发|发布|出))"
    r"(?:的|一些|一点|一篇|发的|发布的|出的)?(?:呢|啊|呀)?$"
)
# 「两篇报道有什么不同?」, 「这些文章的区别是什么」, 「它们有啥区别」.
_DIFFERENCE_RE = re.compile(
    r"^(?:那|那么|请问)?(?:这|那)?(?:[两二三四五六七八九十几]篇|些|几篇|各篇|它们|他们|两者|两个)?(?:报道|报导|文章|报告|新闻)?(?:之间)?"
    r"(?:有|的)?(?:什么|啥|哪些|哪里)?(?:不同|区别|差别|差异|不一样)(?:呢|吗|啊|在哪里?|在哪儿|是什么)?$"
)
TITLES_QUESTION = "这些报道都是讲什么的?"


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
