"""Load a folder of reports: read each file (qa.reports), drop page furniture, read the header, split sentences."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.errors import CorpusError
from qa.models import Article, FileStatus, Sentence, SkipReason
from qa.reports import (
    DEFAULT_MAX_BYTES,
    SUFFIXES,
    DocumentInfo,
    UnreadableReport,
    format_of,
    read_report,
)
from qa.reports.cleaning import LineKind, classify_line, is_salutation, strip_editor_note_label, strip_end_mark
from qa.reports.listing import Corpus, report_files
from qa.reports.metadata import (
    Metadata,
    is_document_number,
    is_issue_line,
    is_metadata_line,
    read_adoption_note,
    read_byline,
    read_issuer_line,
    read_masthead,
    read_metadata_line,
    read_signature,
    strip_leading_byline,
)
from qa.reports.sentences import has_sentence_end, is_heading_like, split_sentences
from qa.script import detect_script
from qa.table import SentenceColumns

log = logging.getLogger(__name__)

HEADER_SCAN_LINES = 12
MAX_TITLE_CHARS = 100
MAX_HEADING_CHARS = 60
FALLBACK_TITLE_CHARS = 40
MAX_LABEL_CHARS = 4  # a column or genre label over the headline (「新聞稿」, 「通知公告」), never a headline itself

_EDITOR_INLINE_RE = re.compile(r"[\[【]\s*(?:責任編輯|责任编辑|責編|责编)\s*[:：][^\]】]*[\]】]")
_SUBTITLE_RE = re.compile(r"^\s*(?:——|──|—|--)\S")
# An official document's list of attachments: 「附件：1.隐患点名录」, then 「2.责任人联系表」 under it.
_ATTACHMENTS_RE = re.compile(r"^\s*附\s*件\s*\d{0,2}\s*[:：]")
_LIST_ITEM_RE = re.compile(r"^\s*\d{1,2}\s*[.．、]")


OUTSIDE_FOLDER = "a link to a file outside the reports folder: copy the file into the folder instead"


def is_inside(path: Path, folder: Path) -> bool:
    """True if `path`, with every link followed, is in the (resolved) `folder`: no link may lead out of it."""
    try:
        return path.resolve(strict=True).is_relative_to(folder)
    except (OSError, RuntimeError):  # a dangling or looping link
        return False


def load_corpus(folder: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Read every report in the folder; a file that cannot be served is skipped with a warning naming it.

    Each file's outcome is in `Corpus.files`. Raises CorpusError when the folder is missing or
    yields no sentence at all (the message lists why each file was skipped).
    """
    articles: list[Article] = []
    sentences = SentenceColumns()  # packed as they come: a million Sentence records never sit in memory
    statuses: list[FileStatus] = []
    reader = ReportReader(folder, max_bytes)
    for path in report_files(folder):
        outcome = reader.read(path)
        statuses.append(outcome.status)
        if outcome.article is not None:
            outcome.append_to(sentences, len(articles))
            articles.append(outcome.article)
    if not articles:
        raise no_reports_error(folder, statuses)
    log.info("loaded %d reports, %d sentences from %s", len(articles), len(sentences), folder)
    return Corpus(tuple(articles), sentences.finish(), tuple(statuses))


def no_reports_error(folder: Path, statuses: Sequence[FileStatus]) -> CorpusError:
    """The error of a folder that yields no sentence (the message lists why each file was skipped)."""
    reasons = "; ".join(f"{status.name}: {status.message}" for status in statuses)
    return CorpusError(
        f"no readable reports ({', '.join('*' + suffix for suffix in SUFFIXES)}) in {folder}"
        + (f" ({reasons})" if reasons else "")
    )


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    """What became of one file: its status and, when read, its article and body sentences."""

    status: FileStatus
    article: Article | None = None
    body: Sequence[Sentence] = ()

    def append_to(self, sentences: SentenceColumns, article_number: int) -> None:
        """Pack the body into a table under the given article number."""
        for sentence in self.body:
            sentences.append(article_number, sentence.paragraph, sentence.text, sentence.heading)


class ReportReader:
    """Reads a folder's reports one at a time, in name order, so a big folder is read in runs.

    It remembers the article ids given so far: 「报告.pdf」 and 「报告.docx」 side by side keep apart,
    the second one read being known by its full name.
    """

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._inside = folder.resolve()
        self._max_bytes = max_bytes
        self.ids: set[str] = set()

    def article_id(self, path: Path) -> str:
        """The id the next article read from `path` gets."""
        return path.stem if path.stem not in self.ids else path.name

    def read(self, path: Path) -> ReadOutcome:
        """Read and parse one file; a file that cannot be served is skipped with a warning naming it."""
        fmt = format_of(path)
        if path.is_symlink() and not is_inside(path, self._inside):  # only a link can lead out of the folder
            log.warning("skipping %s: a link to a file outside the reports folder", path.name)
            return ReadOutcome(FileStatus(path.name, fmt, skipped=SkipReason.UNREADABLE, message=OUTSIDE_FOLDER))
        try:
            document = read_report(path, self._max_bytes)
        except UnreadableReport as exc:
            log.warning("skipping %s: %s", path.name, exc)
            return ReadOutcome(FileStatus(path.name, fmt, skipped=exc.reason, message=str(exc)))
        article_id = self.article_id(path)
        article, body = parse_report(
            article_id, path, document.text, headings=document.headings, fallback=document.info
        )
        if not body:
            message = "no sentences after cleaning"
            log.warning("skipping %s: %s", path.name, message)
            return ReadOutcome(FileStatus(path.name, fmt, skipped=SkipReason.NO_TEXT, message=message))
        self.ids.add(article_id)
        return ReadOutcome(FileStatus(path.name, fmt, sentences=len(body), message=document.note), article, body)


def parse_report(
    article_id: str,
    path: Path,
    text: str,
    *,
    headings: Collection[str] = (),
    fallback: DocumentInfo | None = None,
) -> tuple[Article, list[Sentence]]:
    """Split a report into its header (title, subtitle, metadata) and body sentences.

    The header is the first lines before the prose starts: page furniture there is dropped,
    the first short unpunctuated line is the title, a line opening with a dash is the subtitle,
    and dated/labelled lines are metadata. Without a header the title falls back to the first
    line (shortened) or the file name.

    Args:
        headings: lines the file marks as section headings (Word heading styles, <h2>), taken as
            headings whatever their shape.
        fallback: metadata the file carries outside its text (meta tags, core properties); it fills
            only what the header and body left empty.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    metadata = Metadata()
    title, subtitle, body_start = _read_header(lines, metadata)
    body = _read_body(lines[body_start:], metadata, headings)
    if fallback is not None:
        metadata.date = metadata.date or fallback.date
        metadata.publisher = metadata.publisher or fallback.publisher
        metadata.authors = metadata.authors or list(fallback.authors)
        title = title or fallback.title
    header_lines: dict[str, str] = {}
    if title is None:
        title = _fallback_title(lines, article_id)
    else:
        header_lines["title"] = title
    if subtitle is not None:
        header_lines["subtitle"] = subtitle
    header_lines.update(metadata.lines)
    opening = "".join(s.text for s in body[:2])
    article = Article(
        id=article_id,
        title=title,
        path=path,
        script=detect_script("".join(s.text for s in body[:20]) + title),
        subtitle=subtitle,
        date=metadata.date,
        publisher=metadata.publisher,
        authors=tuple(metadata.authors),
        editor=metadata.editor,
        opening=opening,
        header_lines=tuple(header_lines.items()),
    )
    return article, body


def _read_header(lines: Sequence[str], metadata: Metadata) -> tuple[str | None, str | None, int]:
    title: str | None = None
    subtitle: str | None = None
    series = False  # the title so far names a bulletin's series (「应急管理工作简报」 over 「第12期」)
    seen = 0
    for index, line in enumerate(lines):
        kind = classify_line(line)
        if kind is LineKind.BLANK:
            continue
        seen += 1
        if seen > HEADER_SCAN_LINES:
            return title, subtitle, index
        if is_metadata_line(line):  # before furniture: 「来源：… | 作者：… | 编辑：…」 is no SEO list
            read_metadata_line(line, metadata)
            continue
        if kind in (LineKind.CRUMB, LineKind.SPAM, LineKind.PROMO, LineKind.PAGE):
            continue
        if title is not None and (
            read_byline(line, metadata) or read_issuer_line(line, metadata) or read_adoption_note(line, metadata)
        ):
            continue
        if title is not None and not series and is_issue_line(line):
            series = True
            continue
        if title is None and read_masthead(line, metadata):
            continue  # 「丰川市人民政府文件」 heads the page above the title, and is not the title
        if is_document_number(line) or (title is not None and is_salutation(line)):
            continue  # 「丰水发〔2025〕12号」 and 「各县（区）人民政府：」 open the document; neither is its text
        if title is not None and subtitle is None and _SUBTITLE_RE.match(line) and metadata.date is None:
            subtitle = line
            continue
        if kind is LineKind.TEXT and not has_sentence_end(line) and len(line) <= MAX_TITLE_CHARS:
            if title is None:
                title = line
                continue
            if series or (len(title) <= MAX_LABEL_CHARS < len(line) and subtitle is None):
                series = False
                title = line  # 「新聞稿」 or 「通知公告」 over the headline names the kind of text, not the text
                continue
        return title, subtitle, index
    return title, subtitle, len(lines)


def _read_body(lines: Sequence[str], metadata: Metadata, headings: Collection[str] = ()) -> list[Sentence]:
    body: list[Sentence] = []
    heading: str | None = None
    paragraph = 0
    in_attachments = False
    lines = [line for line in lines if line]
    for position, raw in enumerate(lines):
        line = strip_end_mark(_strip_inline_editor(raw, metadata))
        kind = classify_line(line)
        if kind is LineKind.BLANK:
            continue
        unpunctuated = not has_sentence_end(line)
        if unpunctuated and (_ATTACHMENTS_RE.match(line) or (in_attachments and _LIST_ITEM_RE.match(line))):
            in_attachments = True  # what is attached is named, not said
            continue
        in_attachments = False
        next_line = lines[position + 1] if position + 1 < len(lines) else ""
        if unpunctuated and kind is LineKind.TEXT and read_signature(line, next_line, metadata):
            continue  # the issuer and date that sign an official document: header, never a section heading
        if paragraph == 0 and (is_salutation(line) or is_document_number(line)):
            continue
        if kind is LineKind.EDITOR:
            read_metadata_line(line, metadata)
            continue
        if kind is LineKind.CREDIT:
            read_byline(line, metadata)
            continue
        if is_metadata_line(line) and not has_sentence_end(line) and kind in (LineKind.TEXT, LineKind.SPAM):
            read_metadata_line(line, metadata)  # 「来源：… | 作者：… | 编辑：…」 is no SEO list
            continue
        if kind is not LineKind.TEXT:
            continue
        if not has_sentence_end(line) and read_byline(line, metadata):
            continue  # 「記者 陳大文 香港報道」: a by-line, never a section heading
        if paragraph == 0:
            line = strip_leading_byline(line, metadata)
        line = strip_editor_note_label(line)
        if line in headings or (is_heading_like(line) and len(line) <= MAX_HEADING_CHARS):
            heading = line
            continue
        paragraph += 1
        for text in split_sentences(line):
            sentence_kind = classify_line(text)
            if sentence_kind is LineKind.CREDIT:
                read_byline(text, metadata)
            elif sentence_kind is LineKind.EDITOR:
                read_metadata_line(text, metadata)
            elif sentence_kind is LineKind.TEXT:
                body.append(Sentence(0, len(body), paragraph, text, heading))
    return body


def _strip_inline_editor(line: str, metadata: Metadata) -> str:
    for match in _EDITOR_INLINE_RE.finditer(line):
        read_metadata_line(match.group(), metadata)
    return _EDITOR_INLINE_RE.sub("", line).strip()


def _fallback_title(lines: Sequence[str], article_id: str) -> str:
    for line in lines:
        if classify_line(line) is LineKind.TEXT:
            first = split_sentences(line)[0] if split_sentences(line) else line
            return first if len(first) <= FALLBACK_TITLE_CHARS else first[:FALLBACK_TITLE_CHARS] + "…"
    return article_id
