"""Saved web pages (`.html`, `.htm`): the article text by trafilatura, the header from meta tags.

trafilatura (with lxml and its separate lxml_html_clean package) finds the main text of a page,
so navigation, ads, related links, share bars, footers and scripts never reach the index. The
title, date, publisher and author come from the page's meta tags (including the ones Chinese
government CMSs write: ArticleTitle, PubDate, ContentSource) and the info line under the title.
"""

from __future__ import annotations

import functools
import itertools
import re
from configparser import ConfigParser

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.settings import use_config

from qa.models import SkipReason
from qa.reports.cleaning import LineKind, classify_line
from qa.reports.document import Document, DocumentInfo, UnreadableReport
from qa.reports.encoding import decode_page
from qa.reports.metadata import (
    Metadata,
    find_date,
    is_issuer,
    is_metadata_line,
    labelled_fields,
    read_byline,
    read_issuer_line,
    read_metadata_line,
    split_names,
)
from qa.reports.sentences import has_sentence_end
from qa.reports.tables import table_sentences

_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SUFFIX_RE = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|-)\s*[^_|｜\-–—]{1,30}$")
# 「【打印本页】【关闭窗口】」: the buttons under an article, not text.
_BUTTONS_RE = re.compile(r"^(?:\s*[【\[][^【】\[\]]{1,8}[】\]]\s*)+$")
_SPACE_RE = re.compile(r"\s+")
# A site's name says what it is (「…网」, 「…新聞網」, 「…日报」, 「…政府」); a column name (「滚动新闻」) does not.
_SITE_NAME_RE = re.compile(r"(?:网|網|站|报|報|台|社|政府|在线|在線|新闻|新聞|时报|時報)$")
_INFO_SEPARATOR_RE = re.compile(r"[\u3000\t|｜]+|\s{2,}")
INFO_LINE_MAX_CHARS = 160
EDITOR_LINE_MAX_CHARS = 40
HEADLINE_MAX_CHARS = 60
_DATE_IN_TEXT_RE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*0?1\s*[-/.月]\s*0?1(?!\d)")
MIN_EXTRACTED_CHARS = 80
TITLE_LABEL_MAX_CHARS = 6
_INFO_TAGS = ("div", "p", "span", "td", "li", "font", "h2", "h3", "h4")

_TITLE_META = ("og:title", "articletitle", "title", "twitter:title")
_DATE_META = (
    "pubdate",
    "publishdate",
    "article:published_time",
    "og:release_date",
    "firstpublishedtime",
    "date",
    "dc.date",
)
_PUBLISHER_META = ("contentsource", "source", "og:site_name", "sitename", "publisher")
_AUTHOR_META = ("author", "article:author", "dc.creator")


def read_web_page(data: bytes) -> Document:
    """The page's title, info line and article text; UnreadableReport when there is no article."""
    text = decode_page(data)
    if text is None:
        raise UnreadableReport(SkipReason.UNDECODABLE, "not UTF-8, GBK/GB18030 or Big5 text")
    text = _XML_DECLARATION_RE.sub("", text, count=1)
    try:
        tree = lxml.html.fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableReport(SkipReason.NO_TEXT, f"not an HTML page ({exc})") from exc
    meta = _meta_tags(tree)
    extracted = _extract(text)
    if extracted is None:
        raise UnreadableReport(SkipReason.NO_TEXT, "no article text found in the page")
    body, headings = _body_lines(extracted.body)
    # A site that sets its logo in <h1> (「<h1 class="logo">潮城新闻网</h1>」) names itself there, not the story.
    site = _title_suffix(tree)
    h1 = _h1(tree)
    if h1 == site:
        h1 = None
    candidates = (_first(meta, _TITLE_META), extracted.title, h1, _page_title(tree))
    title = next((candidate for candidate in candidates if candidate and candidate != site), None)
    if title is not None:
        title = _without_label(title, tree)
    if h1 and title and title != h1 and title.startswith(h1):
        title = h1  # 「标题_新闻中心_某某网」 in the meta tags, the headline itself in <h1>
    # The info line says what the page shows; meta tags are what the CMS filled in (a reprint's
    # og:site_name is the hosting site, its 「来源：」 the original publisher), so the line wins.
    info_line = _info_line(tree)
    shown = Metadata()
    if info_line is not None:
        read_metadata_line(info_line, shown)
    if title is None or title in (shown.publisher, _page_title(tree) if is_issuer(title) else None):
        # An old CMS page titled with its office's name only (「<title>丰川县农业农村局</title>」)
        # prints the headline in a cell of its own, right above the info line.
        title = _headline_above_info(body) or title
    lines = [line for line in body if not _BUTTONS_RE.match(line) and line not in (title, info_line)]
    if not lines:
        raise UnreadableReport(SkipReason.NO_TEXT, "no article text found in the page")
    editor_line = _editor_line(tree)
    if editor_line is not None and editor_line not in lines:
        lines.append(editor_line)  # the body reader takes the editor from it, as from a .txt's last line
    account, account_authors = _account(tree)
    info = DocumentInfo(
        title=title,
        date=shown.date or find_date(_first(meta, _DATE_META) or "") or _guessed_date(extracted.date, tree),
        publisher=shown.publisher or account or _first(meta, _PUBLISHER_META) or extracted.sitename or _site_name(tree),
        authors=tuple(
            shown.authors or account_authors or split_names(_first(meta, _AUTHOR_META) or extracted.author or "")
        ),
    )
    # Title and info line open the text as they open the page, so the header reader quotes them.
    header = [line for line in (title, info_line) if line]
    return Document(tuple(header + lines), frozenset(headings) - {title}, info)


def _extract(text: str) -> TrafilaturaDocument | None:
    """trafilatura's extraction; pages laid out with tables are re-read without table handling."""
    extracted = _bare_extraction(text, include_tables=True)
    if extracted is not None and _has_layout_table(extracted.body):
        # Old CMS pages put the whole page in <table>s: as a "table" the menu and footer would come
        # along; without table handling trafilatura finds the article paragraphs inside the cells.
        extracted = _bare_extraction(text, include_tables=False)
    return extracted


def _bare_extraction(text: str, *, include_tables: bool) -> TrafilaturaDocument | None:
    extracted = trafilatura.bare_extraction(
        text,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_tables=include_tables,
        with_metadata=True,
        config=_config(),
    )
    return extracted if isinstance(extracted, TrafilaturaDocument) else None


@functools.cache
def _config() -> ConfigParser:
    """trafilatura's settings, with the size below which it falls back to its baseline set for Chinese.

    Its default (250 characters) is a few English sentences but a whole short Chinese notice; under
    it the baseline glues an <article>'s paragraphs, captions and by-line into one block.
    """
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED_CHARS))
    return config


def _has_layout_table(body: etree._Element | None) -> bool:
    return body is not None and bool(body.xpath(".//table[.//cell//p or .//cell//head]"))


def _body_lines(body: etree._Element | None) -> tuple[list[str], list[str]]:
    """Paragraphs, headings, list items and table rows of trafilatura's output tree, in order."""
    lines: list[str] = []
    headings: list[str] = []
    if body is not None:
        _walk(body, lines, headings)
    return lines, headings


def _walk(element: etree._Element, lines: list[str], headings: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == "table":
            rows = [[" ".join(_block_lines(cell)) for cell in row.iter("cell")] for row in child.iter("row")]
            lines.extend(table_sentences(rows))
        elif tag == "list":
            lines.extend(line for item in child.iter("item") for line in _block_lines(item))
        elif tag in ("p", "head", "quote", "item", "code"):
            block = _block_lines(child)
            lines.extend(block)
            if tag == "head":
                headings.extend(block)
        else:  # a <div> or other container of the fallback extraction: its blocks are inside
            _walk(child, lines, headings)


def _block_lines(element: etree._Element) -> list[str]:
    """The lines of one block: old CMS pages break paragraphs with <br> (trafilatura's <lb/>) inside one <p>."""
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        parts.append("\n" if node.tag == "lb" else node.text or "")
        for child in node:
            visit(child)
            parts.append(child.tail or "")

    visit(element)
    return [line for raw in "".join(parts).split("\n") if (line := _clean(raw))]


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = _clean(meta.get("content") or "")
        if key and content and key not in values:
            values[key] = content
    return values


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[key] for key in keys if meta.get(key)), None)


def _h1(tree: lxml.html.HtmlElement) -> str | None:
    for h1 in tree.iter("h1"):
        text = _clean(h1.text_content())
        if text:
            return text
    return None


def _page_title(tree: lxml.html.HtmlElement) -> str | None:
    """The <title> without the site name that CMSs append (「标题_栏目_站名」, 「标题-站名」)."""
    element = tree.find(".//title")
    if element is None:
        return None
    title = _clean(element.text_content())
    while True:
        shorter = _TITLE_SUFFIX_RE.sub("", title)
        if shorter == title or len(shorter) < 6:
            return title or None
        title = shorter


def _site_name(tree: lxml.html.HtmlElement) -> str | None:
    """The site name a CMS appends to the <title> (「标题 - 北台灣新聞網」): who published the page
    when no meta tag says so; None for a <title> without one."""
    name = _title_suffix(tree)
    return name if name and _SITE_NAME_RE.search(name) else None


def _title_suffix(tree: lxml.html.HtmlElement) -> str | None:
    """The last part of the <title> after a separator (「标题 - 潮城新闻网」 -> 潮城新闻网); None without one."""
    element = tree.find(".//title")
    match = _TITLE_SUFFIX_RE.search(_clean(element.text_content())) if element is not None else None
    if match is None:
        return None
    return match.group().strip().lstrip("_|｜-–—").strip() or None


def _info_line(tree: lxml.html.HtmlElement) -> str | None:
    """The line under the title that carries date, source and author (「2024-01-18 09:30　来源：…　作者：…」).

    Lines after the <h1> are tried first (a sidebar or footer may carry dates too). Parts with a
    label the header reader does not know (「点击数：1208」) are left out, so none ends up in a name.
    """
    order = {element: position for position, element in enumerate(tree.iter())}
    h1 = next(tree.iter("h1"), None)
    after = order[h1] if h1 is not None else -1
    candidates = [element for element in tree.iter(*_INFO_TAGS) if element in order]
    candidates.sort(key=lambda element: (order[element] < after, order[element]))
    for element in candidates:
        text = _clean(element.text_content())
        if not text or len(text) > INFO_LINE_MAX_CHARS or has_sentence_end(text):
            continue
        if classify_line(text) is LineKind.EDITOR or not (labelled_fields(text) or _is_dated_byline(text)):
            continue
        known = [
            part
            for part in _info_parts(_whole_info(element))
            if labelled_fields(part) or find_date(part) or read_byline(part, Metadata()) or is_issuer(part)
        ]
        return "\u3000".join(known) or None
    return None


def _is_dated_byline(text: str) -> bool:
    """True for a date with a by-line or an issuer (「2024/01/22　記者 張嘉文／桃園報導」), the info line of
    many sites that label nothing."""
    return find_date(text) is not None and read_issuer_line(text, Metadata())


def _guessed_date(date: str | None, tree: lxml.html.HtmlElement) -> str | None:
    """trafilatura's date, unless it is a year alone read as 1 January (「2025-01-01」 for a page saying
    only 「2025年12月28日」 or 「© 2025」): a date the page prints is kept."""
    if date is None or not date.endswith("-01-01"):
        return date
    text = tree.text_content()
    return date if any(find_date(match.group()) == date for match in _DATE_IN_TEXT_RE.finditer(text)) else None


def _without_label(title: str, tree: lxml.html.HtmlElement) -> str:
    """The title without a label the CMS puts before it (「新聞公報：運輸署公布…」) when the page prints
    the rest as its headline; else the title as it is."""
    label, colon, rest = title.partition("：")
    if not colon or len(label) > TITLE_LABEL_MAX_CHARS or not rest.strip():
        return title
    rest = rest.strip()
    shown = any(
        _clean(element.text_content()) == rest for element in tree.iter("h1", "h2", "h3", "span", "div", "p", "td")
    )
    return rest if shown else title


def _headline_above_info(body: list[str]) -> str | None:
    """The line right above the first info line of the text when it has a headline's shape; else None."""
    for previous, line in itertools.pairwise(body):
        if is_metadata_line(line):
            return previous if not has_sentence_end(previous) and len(previous) <= HEADLINE_MAX_CHARS else None
    return None


def _whole_info(element: etree._Element) -> etree._Element:
    """The element holding the whole info line: CMSs print its fields as items of a list
    (「<ul><li>發布單位：…</li><li>發布日期：…</li></ul>」), so the first item alone lacks the rest."""
    fields = len(labelled_fields(_clean(element.text_content())))
    parent = element.getparent()
    while parent is not None:
        text = _clean(parent.text_content())
        if len(text) > INFO_LINE_MAX_CHARS or has_sentence_end(text) or len(labelled_fields(text)) <= fields:
            break
        element, parent, fields = parent, parent.getparent(), len(labelled_fields(text))
    return element


def _info_parts(element: etree._Element) -> list[str]:
    """The parts of an info line: separators split it, and so do element boundaries.

    CMSs print the parts as sibling <span>s with no space between (「<span>来源：…</span><span>浏览次数：…</span>」),
    so the page's text alone runs them together; a part that is only a label (「来源：」 + <a>新华网</a>)
    is joined to the next one.
    """
    parts: list[str] = []
    for piece in element.itertext():
        for raw in _INFO_SEPARATOR_RE.split(piece):
            part = _clean(raw)
            if not part:
                continue
            if parts and parts[-1].endswith((":", "：")):
                parts[-1] += part
            else:
                parts.append(part)
    return parts


def _account(tree: lxml.html.HtmlElement) -> tuple[str | None, list[str]]:
    """The account and author of a WeChat (微信公众号) article saved from the browser; (None, []) elsewhere.

    The page names the platform in og:site_name (「微信公众平台」); who published it is the account
    (`#js_name`), and the author is the plain-text entry of the line under the title (`#meta_content`).
    """
    names = tree.xpath('//*[@id="js_name"]')
    account = _clean(names[0].text_content()) if names else ""
    authors: list[str] = []
    for line in tree.xpath('//*[@id="meta_content"]'):
        for span in line.xpath('./span[contains(concat(" ", @class, " "), " rich_media_meta_text ")]'):
            authors.extend(split_names(_clean(span.text_content())))
    return account or None, [name for name in authors if name != account]


def _editor_line(tree: lxml.html.HtmlElement) -> str | None:
    """The article's 「【责任编辑：…】」 line, which trafilatura drops as boilerplate; None if the page has none."""
    for element in tree.iter(*_INFO_TAGS):
        text = _clean(element.text_content())
        if text and len(text) <= EDITOR_LINE_MAX_CHARS and classify_line(text) is LineKind.EDITOR:
            return text
    return None


def _clean(text: str) -> str:
    return _SPACE_RE.sub(" ", text.replace("\u00a0", " ")).strip()
