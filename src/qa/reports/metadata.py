"""Read an article's metadata (date, publisher, authors, editor) from the lines that carry it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)日?")
_WEEKDAY = r"(?:\s*[(（]?(?:星期|周|週|禮拜|礼拜)[一二三四五六日天][)）]?)?"
_DATE_LINE_RE = re.compile(
    rf"^\s*(?:19|20)\d{{2}}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}日?{_WEEKDAY}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
# A date (and maybe a time) opening a line of labelled fields: 「2026-03-18 来源:钱江晚报 作者:…」.
_LEADING_DATE_RE = re.compile(
    rf"^\s*[\[【(（]?\s*(?:19|20)\d{{2}}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}日?{_WEEKDAY}"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*[\]】)）]?\s*[|｜丨]?\s*"
)

_DATE_TIME_RE = re.compile(_DATE_RE.pattern + _WEEKDAY + r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")
# Official documents sign with the date in Chinese numerals: 「二〇二五年三月六日」.
_CN_NUMERALS = "〇一二三四五六七八九"
_CN_DATE_RE = re.compile(
    r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
# Taiwan counts years of the Republic (民國114年 is 2025); a date field may print them bare (「發布日期：114-03-05」).
_ROC_DATE_RE = re.compile(r"(?:中華民國|中华民国|民國|民国)\s*(\d{2,3})\s*(?=[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2})")
_BARE_ROC_DATE_RE = re.compile(r"^\s*(\d{2,3})\s*(?=[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}(?!\d))")
ROC_YEAR_OFFSET = 1911
_CN_YEAR_DIGIT_RE = re.compile(r"[〇○零Ｏ一二三四五六七八九]{4}\s*年")
MAX_DATE_LINE_CHARS = 40
_COMPILED_BY_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:编印|編印|主办|主辦|编|編)$")
# A bulletin's issue line under its masthead: 「第12期」, 「2025年第3期」, 「（总第156期）」.
_ISSUE_RE = re.compile(r"^[（(]?\s*(?:(?:19|20)\d{2}\s*年\s*)?(?:总\s*|總\s*)?第\s*\d{1,4}\s*期\s*[）)]?$")
# A newspaper page's masthead names its page: 「浦江晚报　2025年2月3日　第A05版」.
_EDITION_RE = re.compile(r"第\s*[A-Za-z]?\d{1,3}\s*版")
# Who issues a document, as its signature names it: 「青石市人民政府」, 「云溪县统计局」, 「某某基金會」.
_ISSUER_RE = re.compile(
    r"^[\u4e00-\u9fff（）()]{1,28}?(?:人民政府|政府|委員會|委员会|辦公室|办公室|辦公廳|办公厅|局|廳|厅|檢察院|检察院|法院|"
    r"研究院|研究所|學院|学院|大學|大学|中心|協會|协会|學會|学会|基金會|基金会|聯合會|联合会|公司|集團|集团|銀行|银行|"
    r"日報|日报|晚報|晚报|報社|报社|通讯社|通訊社|新聞社|新闻社|新闻网|新聞網|[市县縣区區省]委|署)$"
)
MAX_ISSUER_CHARS = 30
MAX_ISSUER_LINE_CHARS = 100  # an issuer, a date and a by-line together
# When a regulation was adopted or issued, in brackets under its title.
_ADOPTION_RE = re.compile(r"^[（(][^()（）]{6,80}?(?:通过|通過|发布|發布|公布|印发|印發|修订|修訂|修正|施行)[）)]$")
# The masthead of an official document (发文机关标志): the issuer's name and 文件.
_MASTHEAD_RE = re.compile(r"^([\u4e00-\u9fff（）()、 \u3000]{2,40}?)\s*文件$")
# An official document's number under its title: 「丰水发〔2025〕12号」, 「青府发[2024]3号」.
_DOCUMENT_NUMBER_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*(?:第\s*)?\d{1,5}\s*[号號]$"
)

OTHER = "other"
_KEYS: dict[str, str] = {
    "時間": "date",
    "时间": "date",
    "日期": "date",
    "發布時間": "date",
    "发布时间": "date",
    "發佈時間": "date",
    "发表时间": "date",
    "發表時間": "date",
    "发布日期": "date",
    "發布日期": "date",
    "成文日期": "date",
    "發文日期": "date",
    "发文日期": "date",
    "發文機關": "publisher",
    "发文机关": "publisher",
    "發文單位": "publisher",
    "发文单位": "publisher",
    "發布機構": "publisher",
    "发布机构": "publisher",
    "發布單位": "publisher",
    "发布单位": "publisher",
    "信息來源": "publisher",
    "信息来源": "publisher",
    "稿件来源": "publisher",
    "稿件來源": "publisher",
    "文章来源": "publisher",
    "文章來源": "publisher",
    "撰文": "authors",
    "實習生": "authors",
    "实习生": "authors",
    "撰稿": "authors",
    "通讯员": "authors",
    "通訊員": "authors",
    "來源": "publisher",
    "来源": "publisher",
    "出處": "publisher",
    "出处": "publisher",
    "作者": "authors",
    "記者": "authors",
    "记者": "authors",
    "文": "authors",
    "責任編輯": "editor",
    "责任编辑": "editor",
    "編輯": "editor",
    "编辑": "editor",
    "責編": "editor",
    "责编": "editor",
    # Labels of a government page's header table that state no field asked about: the line is
    # header, never a section heading or an answer.
    "索引號": OTHER,
    "索引号": OTHER,
    "發文字號": OTHER,
    "发文字号": OTHER,
    "文號": OTHER,
    "文号": OTHER,
    "主題分類": OTHER,
    "主题分类": OTHER,
    "主題詞": OTHER,
    "主题词": OTHER,
    "公開方式": OTHER,
    "公开方式": OTHER,
    "體裁分類": OTHER,
    "体裁分类": OTHER,
    "有效性": OTHER,
    "信息分類": OTHER,
    "信息分类": OTHER,
    "標題": OTHER,
    "标题": OTHER,
    "名稱": OTHER,
    "名称": OTHER,
    # A reprint names the headline it first ran under: header, not a sentence of the story.
    "原标题": OTHER,
    "原標題": OTHER,
    "生成日期": "date",
    "公開日期": "date",
    "公开日期": "date",
}
# Longest keys first so 「責任編輯」 wins over 「編輯」.
# The one-character key 「文:」 must stand alone (not 「本文:」); longer keys may follow a date or name directly.
# Labels padded to one width for the eye (「来　　源：」, 「发 布 时 间：」) are the same labels.
_KEY_RE = re.compile(
    r"("
    + "|".join(sorted(("[ \t\u3000]*".join(map(re.escape, k)) for k in _KEYS if len(k) > 1), key=len, reverse=True))
    + r"|(?<![\w])文)\s*[:：|｜丨/／]\s*"
)
_PADDING_RE = re.compile(r"[ \t\u3000]+")
_ROLE = r"(?:本報|本报|特約|特约)?(?:記者|记者|通讯员|通訊員)"
_BYLINE_RE = re.compile(rf"^\s*[(（〔【\[]\s*((?:{_ROLE})?\s*[^()（）〔〕【】\[\]]+?)\s*[)）〕】\]]\s*$")
# A by-line without brackets must open with its role and a space: 「記者 陳大文 香港報道」, 「本报记者 王晓明」.
_BARE_BYLINE_RE = re.compile(rf"^\s*[□■◎●○◆◇▲△★☆•]?\s*({_ROLE}\s+[^()（）。！？!?，,]{{2,40}})$")
# A by-line opening the first paragraph: 「〔記者林志明／台北報導〕台北市政府…」, 「本报讯（记者 王晓明）…」,
# 「新华社北京3月18日电（记者 张三）…」 (the dateline stays: it says where and when).
_LEADING_BYLINE_RE = re.compile(
    r"^\s*(?P<dateline>本報訊|本报讯|訊|讯|[\u4e00-\u9fff]{1,12}?\d{1,2}月\d{1,2}日(?:电|電|讯|訊))?\s*"
    rf"(?P<byline>[(（〔【\[]\s*{_ROLE}[^()（）〔〕【】\[\]。！？]{{1,40}}[)）〕】\]])\s*"
)
# Where the reporter filed from ends a by-line: 「／台北報導」, 「 香港報道」, 「北京电」.
_FILED_FROM_RE = re.compile(r"(?:^|[\s／/])[\u4e00-\u9fff]{0,6}?(?:報導|报导|報道|报道)\s*$")
_BYLINE_ROLE_RE = re.compile(rf"{_ROLE}|报道|報道|報導|报导|摄影|攝影|[:：]")
_BYLINE_ROLE_WORD_RE = re.compile(rf"{_ROLE}|报道|報道|報導|报导|摄影|攝影")
# A name in a by-line: two to four CJK characters, or a Latin name.
_NAME_RE = re.compile(r"^(?:[\u3400-\u9fff·]{2,6}|[A-Za-z][A-Za-z .\-]{1,40})$")
MAX_BARE_NAME_CHARS = 4
_NAME_SPLIT_RE = re.compile(r"[\s,，、/／]+")
_DIGIT_RE = re.compile(r"\d")
_SPACE_RE = re.compile(r"\s+")


@dataclass(slots=True)
class Metadata:
    """Metadata gathered while reading a report; later lines fill what earlier ones left empty.

    `lines` keeps, per field, the report's own line the value was read from: a question about
    the article is answered by quoting it.
    """

    date: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    lines: dict[str, str] = field(default_factory=dict)

    def source(self, name: str, line: str) -> None:
        """Remember the line a field was read from (the first one wins, like the value)."""
        self.lines.setdefault(name, line.strip())


def western_dates(text: str) -> str:
    """The text with dates in Chinese numerals and Republic-of-China years written as Gregorian digits.

    「二〇二五年三月六日」 -> 「2025年3月6日」, 「民國114年3月5日」 -> 「2025年3月5日」; other text is unchanged.
    """
    # Cheap tests first: readers ask this of every line, and nearly every line of a report holds 年.
    if "月" in text and "年" in text and _CN_YEAR_DIGIT_RE.search(text):
        text = _CN_DATE_RE.sub(_arabic_date, text)
    if "民" in text:
        text = _ROC_DATE_RE.sub(lambda match: str(int(match.group(1)) + ROC_YEAR_OFFSET), text)
    return text


def _arabic_date(match: re.Match[str]) -> str:
    year = "".join(str(_CN_NUMERALS.index(char)) if char in _CN_NUMERALS else "0" for char in match.group(1))
    return f"{year}年{_cn_number(match.group(2))}月{_cn_number(match.group(3))}日"


def _cn_number(numeral: str) -> int:
    """「六」 -> 6, 「十」 -> 10, 「十二」 -> 12, 「二十三」 -> 23."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _CN_NUMERALS.index(numeral[-1])
    return (_CN_NUMERALS.index(tens) if tens else 1) * 10 + (_CN_NUMERALS.index(units) if units else 0)


def find_date(text: str) -> str | None:
    """The first plausible calendar date in the text, as ISO YYYY-MM-DD; None if there is none.

    Dates in Chinese numerals and 民國 years count (see western_dates).
    """
    for match in _DATE_RE.finditer(western_dates(text)):
        year, month, day = (int(part) for part in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_field_date(value: str) -> str | None:
    """The date of a date field's value: as find_date, and a bare 民國 year too (「114-03-05」)."""
    return find_date(_BARE_ROC_DATE_RE.sub(lambda match: str(int(match.group(1)) + ROC_YEAR_OFFSET), value))


def is_date_line(line: str) -> bool:
    """True for a line that is only a date (and maybe a time)."""
    return len(line) <= MAX_DATE_LINE_CHARS and bool(_DATE_LINE_RE.match(western_dates(line)))


def labelled_fields(line: str) -> list[tuple[str, str]]:
    """`key: value` pairs of a metadata line (「時間:… 來源:… 作者:…」), keys mapped to field names."""
    matches = list(_KEY_RE.finditer(line))
    fields: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        value = line[match.end() : end].strip(" \t\u3000[]【】()（）|")
        if value:
            fields.append((_KEYS[_PADDING_RE.sub("", match.group(1))], _closed(value)))
    return fields


def _closed(value: str) -> str:
    """The value up to a bracket that closes around its label (「杭州日报】 2026年…」 of 「【来源：杭州日报】…」)."""
    depth = 0
    for position, char in enumerate(value):
        if char in "([（【〔":
            depth += 1
        elif char in ")]）】〕":
            if depth == 0:
                return value[:position].strip()
            depth -= 1
    return value


def is_metadata_line(line: str) -> bool:
    """True if the line is a header line of dates and labelled fields rather than prose.

    Forms: a date alone; 「來源:… 作者:…」; a date first, then fields (「2026-03-18 来源:钱江晚报」);
    fields in brackets (「【来源：新华社】」).
    """
    if is_date_line(line):
        return True
    if len(line) > 160 or not labelled_fields(line):
        return False
    rest = _LEADING_DATE_RE.sub("", line, count=1)
    return _KEY_RE.match(rest.strip(" [【(（")) is not None


def read_metadata_line(line: str, metadata: Metadata) -> None:
    """Fill `metadata` from one header or editor line, keeping values already found."""
    if metadata.date is None:
        metadata.date = find_date(line)
        if metadata.date is not None:
            metadata.source("date", line)
    for name, value in labelled_fields(line):
        if name == "date":
            if metadata.date is None and (date := find_field_date(value)):
                metadata.date = date
                metadata.source("date", line)
        elif name == "publisher" and metadata.publisher is None:
            metadata.publisher = value.split()[0]
            metadata.source("publisher", line)
        elif name == "authors" and (not metadata.authors or metadata.lines.get("authors") == line.strip()):
            # 「记者｜钱七 实习生｜孙八」: every credit of the line the authors were read from.
            metadata.authors = [*metadata.authors, *split_names(value)]
            metadata.source("authors", line)
        elif name == "editor" and metadata.editor is None:
            metadata.editor = value.split()[0]
            metadata.source("editor", line)


def read_byline(line: str, metadata: Metadata) -> bool:
    """Take authors from a by-line line such as 「(記者 張曉磊)」, 「〔記者林志明／台北報導〕」 or
    「記者 陳大文 香港報道」; True if it was one.

    A bracketed line that holds anything but role words and names (「(完)」, 「(图片来源:…)」)
    is not a by-line and gives no authors; nor is one without a role word, whose words have the
    shape of a name and are not one (「（本报讯）」, 「（新华社）」). One without brackets must open
    with its role.
    """
    bracketed = _BYLINE_RE.match(line)
    if bracketed is not None and _BYLINE_ROLE_WORD_RE.search(bracketed.group(1)) is None:
        return False
    match = bracketed or _BARE_BYLINE_RE.match(line)
    if match is None:
        return False
    names = byline_names(match.group(1))
    # Without brackets only names of a name's length (「記者節活動回顧」 is a heading, not 節活動回顧).
    if not names or (bracketed is None and any(len(name) > MAX_BARE_NAME_CHARS for name in names)):
        return False
    if not metadata.authors:
        metadata.authors = names
        metadata.source("authors", line)
    return True


def strip_leading_byline(paragraph: str, metadata: Metadata) -> str:
    """The paragraph without a by-line opening it (「〔記者林志明／台北報導〕台北市政府…」), its authors read."""
    match = _LEADING_BYLINE_RE.match(paragraph)
    if match is None or not (names := byline_names(match.group("byline")[1:-1])):
        return paragraph
    if not metadata.authors:
        metadata.authors = names
        metadata.source("authors", match.group("byline"))
    return " ".join(part for part in (match.group("dateline"), paragraph[match.end() :]) if part)


def byline_names(credit: str) -> list[str]:
    """The names of a by-line's text (「記者林志明／台北報導」 -> 林志明); [] if anything else is in it."""
    names = split_names(_BYLINE_ROLE_RE.sub(" ", _FILED_FROM_RE.sub("", credit.strip())))
    return names if names and all(_NAME_RE.match(name) for name in names) else []


def split_names(value: str) -> list[str]:
    """Names from a by-line value: 「李繼遠 高寒 廖敬生」 -> three names; a date or time that ran into
    the value (「周雨桐　2025-10-12 18:30」) names no one."""
    return [name for name in _NAME_SPLIT_RE.split(value) if name and not _DIGIT_RE.search(name)]


def read_adoption_note(line: str, metadata: Metadata) -> bool:
    """Take the date from the note under a regulation's title that says when it was adopted or issued
    (「（2025年2月10日丰川市人民政府第12次常务会议通过）」); True if the line is one."""
    if not _ADOPTION_RE.match(line.strip()) or (date := find_date(line)) is None:
        return False
    if metadata.date is None:
        metadata.date = date
        metadata.source("date", line)
    return True


def read_masthead(line: str, metadata: Metadata) -> bool:
    """Take the publisher from an official document's masthead (「丰川市人民政府文件」, in large red type
    above the title); True if the line is one. A joint masthead (「丰川市财政局 丰川市水利局文件」) names
    no single publisher."""
    match = _MASTHEAD_RE.match(line.strip())
    if match is None:
        return False
    issuer = match.group(1).strip()
    if metadata.publisher is None and is_issuer(issuer):
        metadata.publisher = issuer
        metadata.source("publisher", line)
    return True


def is_issue_line(line: str) -> bool:
    """True for the issue line of a bulletin or journal (「第12期」): the title above it names the series."""
    return bool(_ISSUE_RE.match(line.strip()))


def is_document_number(line: str) -> bool:
    """True for the line that numbers an official document (「丰水发〔2025〕12号」): header, not text."""
    return bool(_DOCUMENT_NUMBER_RE.match(line.strip()))


def is_issuer(line: str) -> bool:
    """True for a line that only names an issuing body (「丰川县水利局」, 「临溪区人民政府办公室」)."""
    stripped = line.strip()
    return len(stripped) <= MAX_ISSUER_CHARS and bool(_ISSUER_RE.match(stripped))


def read_signature(line: str, next_line: str, metadata: Metadata) -> bool:
    """Take the publisher and date from the signature that closes an official document; True if it is one.

    Forms: the issuer alone with the date on the next line (「丰川县水利局」 + 「二〇二五年三月六日」),
    or both on one line. Values the header gave are kept; the date line itself is read as a date line.
    """
    if is_issuer(line) and is_date_line(next_line):
        if metadata.publisher is None:
            metadata.publisher = line.strip()
            metadata.source("publisher", line)
        return True
    return find_date(line) is not None and read_issuer_line(line, metadata)


def read_issuer_line(line: str, metadata: Metadata) -> bool:
    """Take the publisher, date or authors from a header line that names who issued the text and when;
    True if it was one.

    Forms: an issuer alone (「云溪县统计局」) or with its date (「青石市人民政府　2024年2月28日」), as
    official documents print them under the title; a date with a by-line (「2024/01/22　記者 張嘉文／桃園報導」),
    and the three together (「潮城新闻网　2025年12月28日　记者 邵一帆 通讯员 郑佳」).
    """
    if len(line) > MAX_ISSUER_LINE_CHARS:
        return False  # a paragraph, not a header line: spares the regexes the prose
    date = find_date(line)
    rest = _DATE_TIME_RE.sub(" ", western_dates(line), count=1)
    rest = _EDITION_RE.sub(" ", rest).strip(" \t\u3000|｜丨")
    rest = _COMPILED_BY_RE.sub("", rest)  # 「丰川县应急管理局编」: the office that compiles a bulletin
    if not rest:
        return False
    issuer, credit_text = rest, ""
    if date is not None and not is_issuer(rest):
        issuer, _, credit_text = _SPACE_RE.sub(" ", rest).partition(" ")
    if not is_issuer(issuer):
        issuer, credit_text = "", rest
    credit = Metadata()
    if credit_text and (date is None or not read_byline(credit_text.strip(), credit)):
        return False
    if issuer and metadata.publisher is None:
        metadata.publisher = issuer
        metadata.source("publisher", line)
    if credit.authors and not metadata.authors:
        metadata.authors = credit.authors
        metadata.source("authors", line)
    if date is not None and metadata.date is None:
        metadata.date = date
        metadata.source("date", line)
    return True
