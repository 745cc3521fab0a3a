"""Recognise questions about the articles themselves: who wrote one, when and where it appeared, its
editor and title, which reports mention something, and what a named author or outlet wrote.

These are answered from the header an article was read with, not from its body, so they are told
apart before ranking. Only the wording of the question is read here (no index): the cue phrases
are general Chinese ways of asking for a by-line, a date or an outlet, never words of any report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class ArticleField(Enum):
    """A fact the header of an article states."""

    AUTHORS = "authors"
    DATE = "date"
    PUBLISHER = "publisher"
    EDITOR = "editor"
    TITLE = "title"
    SUBTITLE = "subtitle"


class QuestionKind(Enum):
    """What a question about the articles asks for."""

    FIELD = "field"  # 「梧州那篇报道的作者是谁?」: one header fact of the article(s) it names
    MENTION = "mention"  # 「哪篇报道提到了扫黑除恶?」: which reports contain something
    WORKS = "works"  # 「李继远写了什么?」: the articles of a named author or outlet
    CREDIT = "credit"  # 「张晓磊是谁?」: a name a header credits, answered by the line crediting it


@dataclass(frozen=True, slots=True)
class ArticleQuestion:
    """A question about the articles: its kind, the field asked for, and what is left to choose by.

    `explicit` is False when nothing in the question points at an article (「《论自由》的作者是谁」):
    then it is about the article only if its words name one by its header, else about content.
    `rest` is, for a mention question, the thing to look for (「扫黑除恶」), for a works question
    the author or outlet named (「李继远」), and for a field question the question without its cue
    (「梧州那篇报道是」 of 「梧州那篇报道是哪天发布的」): the article is chosen by its words that are
    not frame words (see `qa.search.stopwords.FRAME_WORDS`), so jieba never cuts across the cue (「哪天发」).
    """

    kind: QuestionKind
    field: ArticleField | None
    rest: str
    explicit: bool = True


# Words that point at an article rather than at its content.
# A noun that starts a longer word (新闻发布会, 报告会, 通知书) names no article.
# Generic nouns fit any report; a genre (通知, 综述) may also choose one by its title.
_COMPOUND = r"(?!发布会|发言人|办|中心|联播|会|厅|人士|界|书|单)"
_GENERIC_NOUN = rf"(?:报道|报导|文章|稿件|稿子|新闻稿|新闻|报告|消息|一文|该文|本文|此文|原文|全文){_COMPOUND}"
_ARTICLE_NOUN = rf"(?:{_GENERIC_NOUN}|(?:通讯|综述|通知|公告|通报){_COMPOUND})"
ARTICLE_NOUN_RE = re.compile(_ARTICLE_NOUN)
# A pointer at one article already in view (the chat reads it against the last answer): 「这篇」,
# 「该文」, 「这篇报道」, 「那个通知」, 「它」.
POINTER_RE = re.compile(
    rf"(?:这|那|该|此|本|上)(?:一)?(?:篇|份|则|条|个)?{_ARTICLE_NOUN}|(?:这|那|该|本|此)(?:一)?篇|该文|本文|此文"
    r"|(?<!其)它(?:的)?"
)
# Anything pointing at an article, named or not: 「这篇」, 「哪篇」, 「报道」, 「那则新闻」.
ARTICLE_REF_RE = re.compile(
    rf"(?:这|那|该|本|此|哪|哪一|每)(?:一)?篇|篇{_ARTICLE_NOUN}|{_ARTICLE_NOUN}|(?:这|那|该)(?:个|则|条|份){_ARTICLE_NOUN}"
)
# What names no particular article, taken out of the words that choose one (「这篇新闻」, 「那个报告」).
_NO_NAME_RE = re.compile(
    rf"(?:这|那|该|本|此|哪|哪一|每)(?:一)?(?:篇|个|则|条|份)|(?:这|那)(?:俩|些|几)|所有|全部|各篇|{_GENERIC_NOUN}"
)

# Field cues. A strong cue asks for the fact on its own (「作者是谁」); a weak one (「什么时候」,
# 「来源」) only when the question also points at an article (「这篇报道是什么时候发的」).
_STRONG: tuple[tuple[ArticleField, re.Pattern[str]], ...] = (
    (ArticleField.SUBTITLE, re.compile(r"副标题|副题")),
    (
        ArticleField.TITLE,
        re.compile(r"标题|题目|题为|叫什么(?:名字|题目)?的?(?:报道|文章)|(?:报道|文章)(?:的名字|叫什么)"),
    ),
    # 总编辑 / 主编 / 副总编辑 head a paper; the article's editor is its 编辑 or 责任编辑.
    (
        ArticleField.EDITOR,
        re.compile(r"责任编辑|责编|(?<![总主副])编辑(?:是|为|有|叫|者|人)|(?<![总主副])编辑$|的编辑|哪位编辑|谁编辑"),
    ),
    (
        ArticleField.AUTHORS,
        re.compile(
            r"(?<![工创读著译学])作者|撰稿|撰文|执笔|署名|通讯员|谁写|是谁写|由谁写|谁撰写|谁采写|哪位记者|哪个记者|哪些记者|记者(?:是|有|叫|为)谁?"
            r"|几(?:个人|位|名|个)(?:记者)?(?:写|采写|撰写)"
            r"|写的人|写这篇"
        ),
    ),
    (
        ArticleField.DATE,
        re.compile(
            r"发布时间|发表时间|发布日期|发表日期|刊发时间|刊登时间|哪一?天(?:发(?:布|表|出|的|稿|了|$)|刊|登(?:的|出|报|载)|写|出(?:的|版|刊))"
            r"|(?:什么时候|何时|哪年|几月几[号日])(?:发布|发表|刊登|刊发|刊出|发出|发的|写的|登的|出的)"
        ),
    ),
    (
        ArticleField.PUBLISHER,
        re.compile(
            r"(?:哪个|哪家|什么|哪一个|哪一家|哪份|哪些)(?:新闻媒体|媒体|网站|官网|新闻网|报纸|报社|报刊|杂志|通讯社)"
            r"|(?:发布|刊登|刊发|发表)(?:在|于)(?:哪|什么)|出自哪|来自哪|来源(?:是|为|于)"
            r"|发文机关|发文单位|发布机构|发布单位"
        ),
    ),
)
_WEAK: tuple[tuple[ArticleField, re.Pattern[str]], ...] = (
    # 「哪年」 only closing the question (「是哪年的」): 「从哪一年开始…」 asks about content.
    (
        ArticleField.DATE,
        re.compile(r"哪天|哪一天|什么时候|何时|日期|时间|几月几[号日]|几号|(?:是|在)?哪一?年(?:的|发的|写的)?$"),
    ),
    (
        ArticleField.PUBLISHER,
        re.compile(
            r"来源|出处|出自|发布者|发布方|发布的|谁发的|谁发布|哪里发|(?:网站|报纸|媒体)(?:是|为|呢|$)|哪家(?:发|登|刊)"
            r"|(?:哪个|哪家|什么|哪一个|哪些)(?:单位|部门|机关|机构)(?:印发|下发|发布|发)"
        ),
    ),
    (ArticleField.AUTHORS, re.compile(r"记者|谁(?:写|报道)")),
    (ArticleField.EDITOR, re.compile(r"编辑")),
)

# 「哪篇报道提到了扫黑除恶」, 「报告里有没有提到上海」, 「有没有报道说到X」.
_MENTION = re.compile(
    r"^(?:请问)?(?:(?:哪|哪一|哪几|哪些)(?:篇|个|份)?(?:报道|文章|报告|新闻|材料)?(?:里|中|上)?(?:有|都|还|也)?"
    r"|(?:报道|文章|报告|新闻|材料)(?:里|中|上)?(?:有没有|是否|有无|有)"
    r"|(?:有没有|是否有|有无|有哪些|有什么)(?:报道|文章|报告|新闻)(?:里|中)?)"
    r"(?:提到|提及|说到|讲到|谈到|涉及|写到|报道了|报道过|讲了|说了|介绍了)(?:了|过)?"
    r"(?P<rest>.+?)(?:的内容|相关内容|的事情|的事|的情况|这件事|这个事|方面的)?(?:吗|呢|没有)?$"
)
# 「李继远写了什么」, 「香港商报网报道了哪些内容」, 「某某发了几篇」, 「张晓磊还写了什么」, 「他还写过别的吗」.
_WORKS = re.compile(
    r"^(?P<rest>.+?)(?:都|一共|共|还|又|也|另外还?)?(?:写|报道|发布|发表|发|刊登|采写|撰写|编辑|编发|编)(?:了|过)?"
    r"(?:(?:什么|哪些|哪篇|几篇|多少篇)(?:报道|文章|内容|新闻|东西)?|(?:别的|其他的?|其它的?)(?:报道|文章|内容|新闻|东西)?(?:吗|没有|呢)?)$"
)
# 「有几篇报道?」, 「一共有多少篇文章」, 「报告有几份」: how many reports there are is their list of titles.
_COUNT = re.compile(
    r"^(?:你|这里|你这里|这儿)?(?:一共|总共|共)?(?:有|收录了|包含|收了)?(?:几|多少)(?:篇|份|个)(?:报道|文章|报告|新闻|材料)"
    r"(?:呢|吗|啊)?$|^(?:报道|文章|报告|新闻|材料)(?:一共|总共|共)?有(?:几|多少)(?:篇|份|个)(?:呢|吗|啊)?$"
)
# 「梧州的报道讲了什么」, 「这两篇都是讲什么的」: what an article is about is what its title says.
_ABOUT = re.compile(
    rf"(?:{_ARTICLE_NOUN}|篇)(?:都|分别|主要)?(?:是|在)?(?:讲|说|写|介绍|谈)(?:了|的是|的)?(?:什么|哪些|啥)(?:内容|事情)?的?$"
    # The whole question, with no noun: 「讲了什么?」 of the article in view (「第二篇讲了什么」 in the chat).
    r"|^(?:它|这|那)?(?:主要)?(?:讲|说|写|介绍|谈)(?:了|的是|的)?(?:什么|哪些)(?:内容|事情)?$|^(?:主要)?内容是什么$"
)
# 「张晓磊是谁」, 「徐慧是什么人」: who a name is; when a header credits it, the credit says (记者, 编辑).
_CREDIT = re.compile(r"^(?P<rest>[^的\s]{2,8}?)(?:是谁|是什么人|是哪位|是干什么的|是做什么的)$")
_TRAILING = re.compile(r"[\s?？!！。.,，、…~]+$")
_FILLER = re.compile(r"^(?:请问|请告诉我|告诉我|我想知道|想知道|你知道)")
# Spoken forms read as the written ones the cues are written in: 「啥时候发的」 is 「什么时候发的」.
_COLLOQUIAL = (("啥", "什么"), ("哪儿", "哪里"))


def parse_article_question(normalized: str) -> ArticleQuestion | None:
    """The question as one about the articles, or None when it asks about their content.

    Args:
        normalized: the question in matching form (see `qa.script.normalize`).
    """
    text = _FILLER.sub("", _TRAILING.sub("", normalized)).strip()
    for spoken, written in _COLLOQUIAL:
        text = text.replace(spoken, written)
    if not text:
        return None
    mention = _MENTION.match(text)
    if mention:
        rest = _TRAILING.sub("", mention.group("rest")).strip("“”\"'「」")
        if rest:
            return ArticleQuestion(QuestionKind.MENTION, None, rest)
    explicit = bool(ARTICLE_REF_RE.search(text))
    asked = _field_asked(text, strong_only=True)
    works = _WORKS.match(text)
    if asked is None and works and not ARTICLE_REF_RE.search(works.group("rest")):
        # 「徐慧编辑了哪篇」: a name and what they wrote, before 编辑 is read as a weak field cue.
        return ArticleQuestion(QuestionKind.WORKS, ArticleField.TITLE, works.group("rest").strip())
    credit = _CREDIT.match(text)
    if asked is None and credit and not explicit:
        return ArticleQuestion(QuestionKind.CREDIT, None, credit.group("rest"))
    asked = asked or _field_asked(text)
    if asked is not None:
        field, rest = asked
        return ArticleQuestion(QuestionKind.FIELD, field, _NO_NAME_RE.sub(" ", rest), explicit=explicit)
    if _ABOUT.search(text) or _COUNT.search(text):  # 「报告都写了什么」 asks what they are about, not who wrote them
        return ArticleQuestion(QuestionKind.FIELD, ArticleField.TITLE, "")
    if works:
        return ArticleQuestion(QuestionKind.WORKS, ArticleField.TITLE, works.group("rest").strip())
    return None


def _field_asked(text: str, *, strong_only: bool = False) -> tuple[ArticleField, str] | None:
    """The header fact asked for and the text without its cue: a strong cue anywhere, a weak one
    (unless `strong_only`) beside an article word or alone.

    「日期是什么?」 holds nothing but the cue and question words, so it asks for the article's date.
    """
    for field, pattern in _STRONG:
        match = pattern.search(text)
        if match:
            return field, _without(text, match)
    if strong_only:
        return None
    pointed = ARTICLE_REF_RE.search(text) is not None
    for field, pattern in _WEAK:
        match = pattern.search(text)
        if match and (pointed or not _BARE_REST.sub("", _without(text, match)).strip()):
            return field, _without(text, match)
    return None


def has_field_cue(text: str) -> bool:
    """True if the text (matching form) holds a way of asking for a header fact (「作者」, 「哪天发的」, 「来源」)."""
    return any(pattern.search(text) for _, pattern in (*_STRONG, *_WEAK))


def _without(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


# What may stand beside a weak cue in a question that asks for nothing else: 「日期是什么」, 「时间呢」.
_BARE_REST = re.compile(r"是|为|呢|吗|的|什么|多少|哪里|哪儿|哪|何|请问|那|那么|这个|它")
