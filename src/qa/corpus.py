"""Load a folder of reports: decode, strip page furniture, read the header, split into sentences."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.cleaning import LineKind, classify_line
from qa.errors import CorpusError
from qa.metadata import Metadata, is_metadata_line, read_byline, read_metadata_line
from qa.models import Article, Sentence
from qa.table import SentenceColumns, SentenceTable
from qa.text import detect_script, has_sentence_end, is_heading_like, split_sentences

log = logging.getLogger(__name__)

REPORT_SUFFIXES = (".txt", ".md")
HEADER_SCAN_LINES = 12
MAX_TITLE_CHARS = 100
MAX_HEADING_CHARS = 60
FALLBACK_TITLE_CHARS = 40

# The 300 most frequent characters of Chinese prose share many forms across scripts; text decoded
# with the wrong codec scores far lower on them than text decoded with the right one.
_COMMON_CHARS = frozenset(
    "的一是不了在人有我他這这個个們们中來来上大為为和國国地到以說说時时要就出會会可也你對对生能而子那得於于著着下自之年過过發发"
    "後后作裡里用道行所然家種种事成方多經经麼么去法學学如都同現现當当沒没動动面起看定天分還还進进好小部其些主樣样理心她本前開开"
    "但因只從从想實实日軍军者意無无力它與与長长把機机十民第公此已工使情明性知全三又關关點点正業业外將将兩两高間间由問问很最重並并"
    "物手應应戰战向頭头文體体政美相見见被利什二等產产或新己制身果加西斯月話话合回特代內内信表化老給给世位次度門门任常先海通教兒儿"
)
_EDITOR_INLINE_RE = re.compile(r"[\[【]\s*(?:責任編輯|责任编辑|責編|责编)\s*[:：][^\]】]*[\]】]")
_SUBTITLE_RE = re.compile(r"^\s*(?:——|──|—|--)\S")


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every loaded article and the sentences of their bodies, in folder order."""

    articles: Sequence[Article]
    sentences: SentenceTable

    def sentence_counts(self) -> list[int]:
        """How many sentences each article contributes, by article index."""
        return [int(n) for n in np.bincount(self.sentences.article, minlength=len(self.articles))]


def report_files(folder: Path) -> list[Path]:
    """The report files of a folder, sorted by name; CorpusError if the folder does not exist."""
    return [Path(entry.path) for entry in report_entries(folder)]


def report_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The report files of a folder as directory entries (their stat is one call each), sorted by name."""
    if not folder.is_dir():
        raise CorpusError(f"reports folder not found: {folder}")
    with os.scandir(folder) as entries:
        found = [e for e in entries if _suffix(e.name).lower() in REPORT_SUFFIXES and e.is_file()]
    return sorted(found, key=lambda entry: entry.name)


def _suffix(name: str) -> str:
    """`Path(name).suffix` without making a Path (a folder may hold tens of thousands of names)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def decode_report(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM), else GB18030 or Big5, whichever reads as Chinese; None if neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best: tuple[float, str] | None = None
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _common_char_ratio(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.1:
        return None
    return best[1]


def _common_char_ratio(text: str) -> float:
    han = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    if not han:
        return 0.0
    return sum(char in _COMMON_CHARS for char in han) / len(han)


def load_corpus(folder: Path) -> Corpus:
    """Read every report in the folder; unreadable or empty files are skipped with a warning.

    Raises CorpusError when the folder is missing or yields no sentence at all.
    """
    articles: list[Article] = []
    sentences = SentenceColumns()  # packed as they come: a million Sentence records never sit in memory
    for path in report_files(folder):
        text = _read_text(path)
        if text is None:
            continue
        article, body = parse_report(path.stem, path, text)
        if not body:
            log.warning("skipping %s: no sentences after cleaning", path.name)
            continue
        index = len(articles)
        articles.append(article)
        for sentence in body:
            sentences.append(index, sentence.paragraph, sentence.text, sentence.heading)
    if not articles:
        raise CorpusError(f"no readable reports (*.txt, *.md) in {folder}")
    log.info("loaded %d reports, %d sentences from %s", len(articles), len(sentences), folder)
    return Corpus(tuple(articles), sentences.finish())


def _read_text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning("skipping %s: cannot read it (%s)", path.name, exc.strerror or exc)
        return None
    if not data.strip():
        log.warning("skipping %s: the file is empty", path.name)
        return None
    text = decode_report(data)
    if text is None:
        log.warning("skipping %s: not UTF-8, GB18030 or Big5 text", path.name)
    return text


def parse_report(article_id: str, path: Path, text: str) -> tuple[Article, list[Sentence]]:
    """Split a report into its header (title, subtitle, metadata) and body sentences.

    The header is the first lines before the prose starts: page furniture there is dropped,
    the first short unpunctuated line is the title, a line opening with a dash is the subtitle,
    and dated/labelled lines are metadata. Without a header the title falls back to the first
    line (shortened) or the file name.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    metadata = Metadata()
    title, subtitle, body_start = _read_header(lines, metadata)
    body = _read_body(lines[body_start:], metadata)
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
    seen = 0
    for index, line in enumerate(lines):
        kind = classify_line(line)
        if kind is LineKind.BLANK:
            continue
        seen += 1
        if seen > HEADER_SCAN_LINES:
            return title, subtitle, index
        if kind in (LineKind.CRUMB, LineKind.SPAM, LineKind.PROMO):
            continue
        if is_metadata_line(line):
            read_metadata_line(line, metadata)
            continue
        if title is not None and subtitle is None and _SUBTITLE_RE.match(line) and metadata.date is None:
            subtitle = line
            continue
        if title is None and kind is LineKind.TEXT and not has_sentence_end(line) and len(line) <= MAX_TITLE_CHARS:
            title = line
            continue
        return title, subtitle, index
    return title, subtitle, len(lines)


def _read_body(lines: Sequence[str], metadata: Metadata) -> list[Sentence]:
    body: list[Sentence] = []
    heading: str | None = None
    paragraph = 0
    for raw in lines:
        line = _strip_inline_editor(raw, metadata)
        kind = classify_line(line)
        if kind is LineKind.BLANK:
            continue
        if kind is LineKind.EDITOR:
            read_metadata_line(line, metadata)
            continue
        if kind is LineKind.CREDIT:
            read_byline(line, metadata)
            continue
        if kind is not LineKind.TEXT:
            continue
        if is_metadata_line(line) and not has_sentence_end(line):
            read_metadata_line(line, metadata)
            continue
        if is_heading_like(line) and len(line) <= MAX_HEADING_CHARS:
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
