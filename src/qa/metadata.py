"""Read an article's metadata (date, publisher, authors, editor) from the lines that carry it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)日?")
_DATE_LINE_RE = re.compile(
    r"^\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)

_KEYS: dict[str, str] = {
    "時間": "date",
    "时间": "date",
    "日期": "date",
    "發布時間": "date",
    "发布时间": "date",
    "發佈時間": "date",
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
}
# Longest keys first so 「責任編輯」 wins over 「編輯」.
_KEY_RE = re.compile(r"(?<![\w])(" + "|".join(sorted(map(re.escape, _KEYS), key=len, reverse=True)) + r")\s*[:：]\s*")
_BYLINE_RE = re.compile(r"^\s*[(（]\s*(?:記者|记者|通讯员|通訊員)?\s*([^()（）]+?)\s*[)）]\s*$")
_NAME_SPLIT_RE = re.compile(r"[\s,，、/]+")


@dataclass(slots=True)
class Metadata:
    """Metadata gathered while reading a report; later lines fill what earlier ones left empty."""

    date: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None


def find_date(text: str) -> str | None:
    """The first plausible calendar date in the text, as ISO YYYY-MM-DD; None if there is none."""
    for match in _DATE_RE.finditer(text):
        year, month, day = (int(part) for part in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def is_date_line(line: str) -> bool:
    """True for a line that is only a date (and maybe a time)."""
    return bool(_DATE_LINE_RE.match(line))


def labelled_fields(line: str) -> list[tuple[str, str]]:
    """`key: value` pairs of a metadata line (「時間:… 來源:… 作者:…」), keys mapped to field names."""
    matches = list(_KEY_RE.finditer(line))
    fields: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        value = line[match.end() : end].strip(" \t\u3000[]【】()（）|")
        if value:
            fields.append((_KEYS[match.group(1)], value))
    return fields


def is_metadata_line(line: str) -> bool:
    """True if the line is a header line of dates and labelled fields rather than prose."""
    if is_date_line(line):
        return True
    fields = labelled_fields(line)
    return bool(fields) and len(line) <= 160 and _KEY_RE.match(line.strip(" [【(（")) is not None


def read_metadata_line(line: str, metadata: Metadata) -> None:
    """Fill `metadata` from one header or editor line, keeping values already found."""
    if metadata.date is None:
        metadata.date = find_date(line)
    for name, value in labelled_fields(line):
        if name == "date":
            metadata.date = metadata.date or find_date(value)
        elif name == "publisher" and metadata.publisher is None:
            metadata.publisher = value.split()[0]
        elif name == "authors" and not metadata.authors:
            metadata.authors = split_names(value)
        elif name == "editor" and metadata.editor is None:
            metadata.editor = value.split()[0]


def read_byline(line: str, metadata: Metadata) -> bool:
    """Take authors from a parenthesised by-line such as 「(記者 張曉磊)」; True if it was one."""
    match = _BYLINE_RE.match(line)
    if match is None:
        return False
    if not metadata.authors:
        metadata.authors = split_names(match.group(1))
    return True


def split_names(value: str) -> list[str]:
    """Names from a by-line value: 「李繼遠 高寒 廖敬生」 -> three names."""
    return [name for name in _NAME_SPLIT_RE.split(value) if name]
