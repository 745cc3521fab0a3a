"""Turn a table into sentences a question can match: each row with its header.

| 指标 | 2022年 | 2023年 |          受理案件数：2022年 5,310件，2023年 5,872件。
| 受理案件数 | 5,310件 | 5,872件 |  ->
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_SPACE_RE = re.compile(r"\s+")
_ENDS = "。！？!?；;"


def table_sentences(rows: Sequence[Sequence[str]]) -> list[str]:
    """One sentence per body row, the first row taken as the header; [] for a table with no text.

    A table of one column (a boxed paragraph, as Word users make them) gives its rows as they are;
    a table of one row has no header to pair with, and gives its cells joined by 「，」.
    """
    cleaned = [[_SPACE_RE.sub(" ", cell).strip() for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return []
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


def _sentence(text: str) -> str:
    return text if not text or text[-1] in _ENDS else text + "。"
