"""Messages about the answer in view rather than new questions: 详细说说, 是真的吗, 哪篇报道说的, 刚才那个问题.

People talk to the bot about what it just said: they ask to see more of it, whether it is true,
where it came from, or to go back to the question before a digression. Each is a fixed,
general Chinese way of speaking (no word of any report), read on the bare message (matching
form, courtesies and closing punctuation removed, see `qa.chat.followup.bare`).
"""

from __future__ import annotations

import re
from enum import Enum


class AboutAnswer(Enum):
    """What a message asks of the answer in view."""

    DETAIL = "detail"  # 详细说说, 原文, 上下文: the answer with the rest of its paragraph
    AGAIN = "again"  # 是真的吗, 再说一遍: the answer in view again, with its source
    SOURCE = "source"  # 哪篇报道说的, 出处呢: the article the answer was quoted from
    BACK = "back"  # 刚才那个问题: the last topic asked again (after a question about an article)
    LIST = "list"  # 都有哪些, 列一下: the listing in view again, or the answer with its paragraph


_DETAIL_RE = re.compile(
    r"^(?:请|麻烦|能不能|能否|可以|可不可以)?(?:你)?(?:再)?"
    r"(?:(?:详细|具体|展开|仔细|多)(?:一点|一些|点|些)?(?:地)?(?:说说|讲讲|说一下|讲一下|介绍一下|解释一下|谈谈|说|讲|介绍)"
    r"|(?:说|讲)(?:得)?(?:详细|具体|清楚)(?:一)?(?:点|些)"
    r"|(?:给我)?(?:看看|看一下|显示|发|查看|我要看|我想看)?(?:一下)?(?:原文|上下文|全文|原话|原句|整段|这一?段|完整(?:的)?(?:内容|段落|原文)?)"
    r"(?:呢|吗|是什么|怎么说的?|怎么写的?|是怎么说的?|是怎么写的?)?"
    r"|(?:更多|多一些|多一点)(?:的)?(?:细节|内容|上下文|信息)"
    r"|(?:原文|原话|文章)(?:是)?(?:怎么|如何)(?:说|写|讲)的?)"
    r"(?:吧|呢|吗|么)?$"
)
_AGAIN_RE = re.compile(
    r"^(?:这|那|这个|那个|这些|这个数字|这个数据|这个说法)?(?:是|都是)?"
    r"(?:真的|确定|准确|对的|正确|属实|可靠|靠谱|可信)(?:的)?(?:吗|么|嘛|吧|不|没有|呢)?$"
    r"|^(?:你)?(?:确定|肯定)(?:吗|么|嘛|是这样)?$"
    r"|^(?:是吗|对吗|是这样吗|真的吗|真的假的|没错吧|没错吗|没搞错吧|没搞错吗|不会吧|是不是真的|当真)$"
    r"|^(?:请|麻烦)?(?:你)?(?:再说一遍|再说一次|再讲一遍|再讲一次|重复一下|重复一遍|再发一次|没看清|没看清楚|再来一遍)$"
)
_SOURCE_RE = re.compile(
    r"^(?:这|那|这个|那个|这句|这句话|这条|这些|这个数据|这个数字|这个答案|这个说法|以上|上面的?)?(?:是|都是)?(?:从|在)?"
    r"(?:(?:哪篇|哪一篇|哪份|哪条|哪个)(?:报道|报导|文章|报告|新闻|材料|稿子)?|哪里|哪儿)(?:里|中|上)?"
    r"(?:说|讲|写|提到|看到|来|报道|说到|找到|查到|摘|引|出来)(?:的|出来的)?(?:呢|啊)?$"
    r"|^(?:这|这个|这句话|这个数据)?(?:的)?(?:出处|出自|引自)(?:是|在)?(?:哪|哪里|哪儿|哪篇|什么|呢)?(?:报道|报导|文章)?(?:呢)?$"
    r"|^(?:有|能给)(?:出处|来源|依据|根据|原始出处)(?:吗|么|没有)?$"
    r"|^(?:出自|来自|摘自|引自)(?:哪|哪里|哪儿|哪篇|哪一篇)(?:报道|报导|文章|报告)?(?:呢)?$"
)
_BACK_RE = re.compile(
    r"^(?:回到|再问|再回答|重新回答|还是|我想问|我问的是)?(?:一下)?(?:刚才|刚刚|之前|前面|上面|上一个|上个|原来|先前|最开始|一开始)"
    r"(?:的|那个|那|那个的)?问题(?:呢|吧)?"
    r"(?:,?(?:再说一遍|再说一次|再讲一遍|重复一下|再回答一下|再回答一次|答案是什么|的答案呢?|是什么|呢))?$"
)
# 「上面说的整改率是多少」, 「文中提到的…」: the rest of the message is asked of the article in view.
# 「后来呢?」, 「之后怎么样了?」: what the report says next, in the paragraph of the answer in view.
_AFTER_RE = re.compile(r"^(?:那|那么)?(?:后来|之后|此后|再后来|随后)(?:呢|怎么样了?|又怎样了?|如何了?|又如何)?$")
_DEIXIS_RE = re.compile(
    r"^(?:那|那么|请问)?(?:你)?(?:上面|上文|前面|刚才|刚刚|之前|文中|文章里|报道里|报道中|报导里|报导中|里面|这里|这里面)"
    r"(?:所)?(?:说到|提到|讲到|写到|说|提|讲|写)(?:的|了)?"
)


_LIST_RE = re.compile(
    r"^(?:那|那么|请|麻烦)?(?:(?:都|分别|具体|一共)(?:有|是)?(?:哪些|哪几个|哪几篇|什么)|有哪些|是哪些"
    r"|列(?:一下|出来|个清单|一个清单|举一下)?|列举(?:一下)?|(?:全部|都)列出来)(?:呢|吧|啊|呀)?$"
)


def about_answer(bare_message: str) -> AboutAnswer | None:
    """What the (bare) message asks of the answer in view; None if it is a question of its own."""
    for kind, pattern in (
        (AboutAnswer.BACK, _BACK_RE),
        (AboutAnswer.SOURCE, _SOURCE_RE),
        (AboutAnswer.DETAIL, _DETAIL_RE),
        (AboutAnswer.DETAIL, _AFTER_RE),
        (AboutAnswer.AGAIN, _AGAIN_RE),
        (AboutAnswer.LIST, _LIST_RE),
    ):
        if pattern.match(bare_message):
            return kind
    return None


# 「第一个答案是哪篇报道的?」, 「最开始那个问题出自哪篇?」: the source of an earlier answer, counted from the first.
_EARLIER_RE = re.compile(
    r"^(?:那|那么|请问)?(?:第(?P<n>[一二三四五六七八九十]|\d{1,2})个|(?P<first>最开始|最早|一开始|最先)(?:那个|的)?)"
    r"(?:问题|答案|回答)(?:的(?:答案|回答))?(?:的)?(?P<rest>.+)$"
)
_NUMERALS = "一二三四五六七八九十"


def earlier_answer(bare_message: str) -> int | None:
    """Which answer of the chat, from 1, a question about the source of an earlier one counts
    (「第二个答案是哪篇报道的」 -> 2, 「最开始那个问题出自哪篇」 -> 1); None if it asks no such thing."""
    match = _EARLIER_RE.match(bare_message)
    if match is None or about_answer(match.group("rest")) is not AboutAnswer.SOURCE:
        return None
    written = match.group("n")
    if written is None:
        return 1
    return int(written) if written.isdigit() else _NUMERALS.index(written) + 1


def without_deixis(bare_message: str) -> str | None:
    """The question after a pointer back at the answer (「上面说的整改率是多少」 -> 「整改率是多少」); None if none."""
    match = _DEIXIS_RE.match(bare_message)
    if match is None:
        return None
    rest = bare_message[match.end() :].lstrip("的")
    return rest or None


# 「不是，我问的是…」, 「我是说…」, 「不对，是…」: the rest replaces the last question.
_CORRECTION_RE = re.compile(
    r"^(?:(?:不是|不对|错了|搞错了|不是这个|不是这样|不不)(?:的|啦|了)?[,.!\s]*)?"
    r"(?:我(?:是|其实是)?(?:问|说|想问|想知道|要问|要的是)(?:的)?(?:是)?|我的意思是|(?<=[,.!\s])是)[,:\s]*"
)


def without_correction(normalized: str) -> str | None:
    """The message a correction makes (「不是，我问的是检察院」 -> 「检察院」); None if it corrects nothing."""
    match = _CORRECTION_RE.match(normalized)
    if match is None or not match.group():
        return None
    rest = normalized[match.end() :].strip()
    return rest or None


# 「不对」, 「答非所问」, 「不是这个」, 「你答错了吧」 alone: the answer in view is not what was asked.
_REJECTION_RE = re.compile(
    r"^(?:你|这)?(?:不对|错了|答错了|说错了|搞错了|不是这个|不是这样|答非所问|文不对题|没回答我的问题|不是我要的(?:答案)?"
    r"|这不是我问的|不是我问的)(?:吧|啊|呀|哦|的|了|呢)*$"
)


def is_rejection(bare_message: str) -> bool:
    """True for a message that only says the answer in view is wrong (「不对」, 「答非所问」)."""
    return _REJECTION_RE.match(bare_message) is not None
