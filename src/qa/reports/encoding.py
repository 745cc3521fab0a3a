"""Decode report bytes: UTF-8 (with or without BOM), else GB18030 or Big5, whichever reads as Chinese."""

from __future__ import annotations

import codecs
import re

# The 300 most frequent characters of Chinese prose share many forms across scripts; text decoded
# with the wrong codec scores far lower on them than text decoded with the right one.
_COMMON_CHARS = frozenset(
    "的一是不了在人有我他這这個个們们中來来上大為为和國国地到以說说時时要就出會会可也你對对生能而子那得於于著着下自之年過过發发"
    "後后作裡里用道行所然家種种事成方多經经麼么去法學学如都同現现當当沒没動动面起看定天分還还進进好小部其些主樣样理心她本前開开"
    "但因只從从想實实日軍军者意無无力它與与長长把機机十民第公此已工使情明性知全三又關关點点正業业外將将兩两高間间由問问很最重並并"
    "物手應应戰战向頭头文體体政美相見见被利什二等產产或新己制身果加西斯月話话合回特代內内信表化老給给世位次度門门任常先海通教兒儿"
)
MIN_COMMON_RATIO = 0.1  # text decoded right scores far above this, wrongly decoded text far below
# GB2312 and GBK pages decode as GB18030 (a superset), so characters outside the declared set survive.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_report(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM), UTF-16 (what Windows Notepad saves as 「Unicode」), else
    GB18030 or Big5, whichever reads as Chinese; None if none of them."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16(data)
    if utf16 is not None:
        return utf16
    best: tuple[float, str] | None = None
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _common_char_ratio(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < MIN_COMMON_RATIO:
        return None
    return best[1]


def _utf16(data: bytes) -> str | None:
    """The text of UTF-16 bytes: by their BOM, else by NUL bytes (text files hold none) mostly in odd
    or mostly in even places, where UTF-16 puts them for line breaks and digits (a character such
    as 一, U+4E00, puts one in the other place); None for other bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    else:
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if len(data) % 2 or max(even, odd) < 2 or min(even, odd) * 3 > max(even, odd):
            return None
        codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if codec == "utf-16" or _common_char_ratio(text) >= MIN_COMMON_RATIO else None


def declared_charset(data: bytes) -> str | None:
    """The codec a page's `<meta charset>` (or http-equiv Content-Type) names, if Python knows it."""
    match = _META_CHARSET_RE.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes) -> str | None:
    """Decode a web page: its declared charset when the bytes agree, else as decode_report does."""
    codec = declared_charset(data)
    if codec is not None:
        try:
            return data.decode(codec).removeprefix("\ufeff")
        except UnicodeDecodeError:
            pass  # pages often lie about their charset; the bytes decide
    return decode_report(data)


def _common_char_ratio(text: str) -> float:
    han = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    if not han:
        return 0.0
    return sum(char in _COMMON_CHARS for char in han) / len(han)
