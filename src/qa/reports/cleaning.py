"""Recognise the boilerplate of scraped news pages, so it never becomes an answer.

Every rule is about the shape of a line (separators, credits, promotion words), never about a
particular site or file.
"""

from __future__ import annotations

import re
from enum import Enum

from qa.reports.sentences import has_sentence_end, has_word_char


class LineKind(Enum):
    """What a line of a scraped page is."""

    TEXT = "text"
    CRUMB = "crumb"
    SPAM = "spam"
    PROMO = "promo"
    CAPTION = "caption"
    EDITOR = "editor"
    CREDIT = "credit"
    PAGE = "page"
    BLANK = "blank"


# 「站名 > 栏目 > 正文」: short segments joined by arrow-like separators.
_CRUMB_RE = re.compile(r"^[^。！？!?]{1,30}(?:\s*[>＞»›→]\s*[^。！？!?>＞»›→]{1,30}){1,6}$")
# SEO keyword lists: segments glued with underscores or pipes, no sentence in sight.
_SPAM_SEPARATORS_RE = re.compile(r"[_|｜]")
_SPAM_WORDS_RE = re.compile(r"福利|影院|毛片|色情|成人|\bav\b|sese|porn|博彩|娱乐城|赌场|六合彩|裸聊", re.IGNORECASE)
_SPAM_MAX_CHARS = 80
_PROMO_RE = re.compile(
    r"app|客户端|客戶端|下载|下載|扫码|掃碼|二维码|二維碼|关注公众号|關注公眾號|关注我们|關注我們|蓝字|藍字|阅读原文|閱讀原文",
    re.IGNORECASE,
)
# 「…/攝」, 「記者 某某 攝」, 「圖為…」, 「(圖片來源:…)」.
_CAPTION_RE = re.compile(
    r"(?:[/／]\s*[攝摄]\s*$|[\u4e00-\u9fff·]{2,4}\s+[攝摄]\s*[)）]?\s*$|[(（][^()（）]{0,20}[攝摄]\s*[)）]\s*$|(?:攝影|摄影)\s*[:：/／]|^\s*[圖图]為|^\s*[圖图]为|^\s*[(（]?[圖图]片?(?:來源|来源|提供)|供[圖图]\s*[)）]?$)"
)
_EDITOR_RE = re.compile(
    r"^\s*[\[【(（]?\s*(?:責任編輯|责任编辑|責編|责编|編輯|编辑|校對|校对|審核|审核|監製|监制|主編|主编)\s*[:：]"
)
# A parenthesised by-line on its own: 「(記者 張曉磊)」, 「(李繼遠 高寒 廖敬生)」.
_CREDIT_RE = re.compile(r"^\s*[(（][^()（）。！？!?]{1,40}[)）]\s*$")


# Page furniture that comes along when a page is saved or copied as text: share bars, the links to
# the previous and next article, print/close buttons, copyright and ICP filing lines.
_PAGE_RE = re.compile(
    r"^\s*(?:分享到|分享至|分享：|上一篇|下一篇|上一条|下一条|上一則|下一則|相关链接|相關連結|相关阅读|相關閱讀|"
    r"相关新闻|相關新聞|扫一扫|掃一掃|打印本页|打印此页|列印|关闭窗口|關閉視窗|返回顶部|回到頂部|[【\[]\s*(?:打印|列印|关闭|關閉|返回))"
    r"|ICP备|ICP證|ICP证|版权所有|版權所有|公网安备|公網安備|网站标识码|網站標識碼|copyright|©"
    # The type-size buttons: 「字号：【大 中 小】」.
    r"|^\s*[【\[]?\s*(?:字号|字號|字体|字體)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小",
    re.IGNORECASE,
)
_PAGE_MAX_CHARS = 80
# An official document's distribution footer (版记), a sentence in shape: who gets copies
# (「抄送：市委办公室，市人大常委会办公室。」, a bulletin's 「报：…」 「送：…」) and the office that printed
# it when (「…2025年4月18日印发」).
_DISTRIBUTION_RE = re.compile(r"^\s*(?:抄送|抄报|抄報|分送|主送|报|報|送|发|發)\s*[:：]|\d\s*日\s*(?:印发|印發)\s*$")
_DISTRIBUTION_MAX_CHARS = 200
_LETTER_RE = re.compile(r"[^\W\d_]")  # a letter or a CJK character
# A reprint's disclaimer (「声明：转载此文是出于传递更多信息之目的。若有来源标注错误…」): the site's, not the story's.
_DISCLAIMERS = r"(?:免责声明|免責聲明|版权声明|版權聲明|声明|聲明)"
_DISCLAIMER_RE = re.compile(rf"^\s*(?:[【\[]\s*{_DISCLAIMERS}\s*[】\]]\s*[:：]?|{_DISCLAIMERS}\s*[:：])")
_DISCLAIMER_MAX_CHARS = 300
# 「…就近就业。（完）」: the mark that ends a news story, not part of its last sentence.
_END_MARK_RE = re.compile(
    r"\s*(?:[(（【\[]\s*(?:完|全文完|end)\s*[)）】\]]|[—-]{1,2}\s*完\s*[—-]{1,2}|^\s*(?:完|全文完))\s*$", re.IGNORECASE
)


# Whom an official document or letter is addressed to, on the line before its first paragraph:
# 「各县（区）人民政府，市直有关单位：」, 「市人民政府：」, 「尊敬的各位来宾：」.
_SALUTATION_RE = re.compile(
    r"^(?:(?:各|尊敬的|尊敬的各位|親愛的|亲爱的)[^。！？；!?;]*"
    r"|[^。！？；!?;]*(?:政府|单位|單位|部门|部門|机关|機關|局|委|办|辦|厅|廳|处|處|院|会|會|公司|企业|企業|学校|學校"
    r"|街道|乡镇|鄉鎮|同志|同志们|同志們|代表|来宾|來賓|朋友们|朋友們|市民|居民))\s*[:：]$"
)
_SALUTATION_MAX_CHARS = 80
# The label of an editor's note or lead opening a paragraph (「编者按：」, 「【编者按】」, 「【导读】」): the note is
# text, the label is not.
_EDITOR_NOTE_RE = re.compile(
    r"^\s*[【\[(（]?\s*(?:编者按|編者按|编者的话|編者的話|导读|導讀|核心提示)\s*[】\])）]?\s*[:：]?\s*"
)


def is_salutation(line: str) -> bool:
    """True for an addressee line (「各县（区）人民政府，市直有关单位：」): no sentence of the report.

    Only meaningful before the first paragraph: 「具体安排如下：」 has no addressee shape, but a
    line ending in 「…单位：」 deep in the text may be a clause.
    """
    stripped = line.strip()
    return len(stripped) <= _SALUTATION_MAX_CHARS and bool(_SALUTATION_RE.match(stripped))


def strip_editor_note_label(line: str) -> str:
    """The paragraph without the 「编者按：」 that opens it."""
    return _EDITOR_NOTE_RE.sub("", line, count=1)


_END_MARK_LAST_CHARS = ("完", ")", "）", "】", "]", "-", "—", "d", "D")


def strip_end_mark(line: str) -> str:
    """The line without the 「（完）」 that ends a story, so its last sentence ends like one."""
    if not line.rstrip().endswith(_END_MARK_LAST_CHARS):
        return line  # every end mark ends in one of these: spares the regex the prose
    return _END_MARK_RE.sub("", line)


def classify_line(line: str) -> LineKind:
    """Tell what a single line (or sentence) of a scraped page is; TEXT for real prose."""
    stripped = line.strip()
    if not stripped or not has_word_char(stripped):
        return LineKind.BLANK
    if _EDITOR_RE.search(stripped):
        return LineKind.EDITOR
    if _CREDIT_RE.match(stripped):
        return LineKind.CREDIT
    if len(stripped) <= _DISTRIBUTION_MAX_CHARS and _DISTRIBUTION_RE.search(stripped):
        return LineKind.PAGE
    if len(stripped) <= _DISCLAIMER_MAX_CHARS and _DISCLAIMER_RE.match(stripped):
        return LineKind.PAGE
    if not _LETTER_RE.search(stripped):
        return LineKind.PAGE  # digits and signs only: a page number or a view counter (「288」, 「- 2 -」)
    sentence_like = has_sentence_end(stripped)
    if sentence_like:
        return LineKind.TEXT
    if _CRUMB_RE.match(stripped):
        return LineKind.CRUMB
    if len(stripped) <= _PAGE_MAX_CHARS and _PAGE_RE.search(stripped):
        return LineKind.PAGE
    if _is_spam(stripped):
        return LineKind.SPAM
    if len(stripped) <= 40 and _PROMO_RE.search(stripped):
        return LineKind.PROMO
    if len(stripped) <= 80 and _CAPTION_RE.search(stripped):
        return LineKind.CAPTION
    return LineKind.TEXT


def _is_spam(line: str) -> bool:
    if len(line) > _SPAM_MAX_CHARS:
        return False
    separators = len(_SPAM_SEPARATORS_RE.findall(line))
    return (
        separators >= 2
        or (separators >= 1 and bool(_SPAM_WORDS_RE.search(line)))
        or (len(_SPAM_WORDS_RE.findall(line)) >= 2)
    )
