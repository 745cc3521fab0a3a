"""Turn a table into sentences a question can match: each row with its header.

| 指标 | 2022年 | 2023年 |          受理案件数：2022年 5,310件，2023年 5,872件。
| 受理案件数 | 5,310件 | 5,872件 |  ->
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.reports.metadata import is_metadata_line

_SPACE_RE = re.compile(r"\s+")
_ENDS = "。！？!?；;"
_LABEL_RE = re.compile(r"^[^:：。！？]{1,10}[:：]$")


def table_sentences(rows: Sequence[Sequence[str]]) -> list[str]:
    """One sentence per body row, the first row taken as the header; [] for a table with no text.

    A table of one column (a boxed paragraph, as Word users make them) gives its rows as they are;
    a table of one row has no header to pair with, and gives its cells joined by 「，」.
    """
    cleaned = [[_SPACE_RE.sub(" ", cell).strip() for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return []
    labelled = _labelled_pairs(cleaned)
    if labelled:
        return labelled
    width = max(len(row) for row in cleaned)
    if width == 1:
        return [row[0] for row in cleaned]
    if len(cleaned) == 1:
        return [_sentence("，".join(cell for cell in cleaned[0] if cell))]
    header, body = cleaned[0], cleaned[1:]
    sentences: list[str] = []
    for row in body:
        label = row[0]
        pairs = []
        for column, value in enumerate(row[1:], start=1):
            if not value:
                continue
            name = header[column] if column < len(header) else ""
            pairs.append(f"{name} {value}" if name else value)
        if not pairs:
            if label:
                sentences.append(_sentence(label))
            continue
        text = "，".join(pairs)
        sentences.append(_sentence(f"{label}：{text}" if label else text))
    return sentences


def _labelled_pairs(rows: Sequence[Sequence[str]]) -> list[str]:
    """「label：value」 lines of a table of labels and values side by side; [] for any other table.

    Government pages head a document with one (「索引号： | … | 发文机关： | …」): every other cell is a
    label ending in a colon. Its pairs read as header lines (「发文机关：临川市医疗保障局」) where the
    header reader knows the label, else as sentences (「项目名称：城东污水厂扩建。」), never as rows.
    """
    lines: list[str] = []
    for row in rows:
        cells = [cell for cell in row if cell]
        if len(cells) % 2 or not all(_LABEL_RE.match(label) for label in cells[::2]):
            return []
        for label, value in zip(cells[::2], cells[1::2], strict=True):
            # 「索 引 号：」, 「文　　号：」: labels padded to one width for the eye, not part of the name.
            line = f"{_SPACE_RE.sub('', label.rstrip(':：'))}：{value}"
            # A label the header reader knows stays a header line; any other pair is a fact of the text.
            lines.append(line if is_metadata_line(line) else _sentence(line))
    return lines


def _sentence(text: str) -> str:
    return text if not text or text[-1] in _ENDS else text + "。"
