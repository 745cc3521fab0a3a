"""Chinese script: telling simplified from traditional, converting between them (OpenCC), matching form.

Questions and reports are matched in one form (NFKC, simplified, lower case), and replies are
shown in the asker's script; both go through these functions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

from qa.models import Script, TraditionalStandard

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional -> simplified characters and phrases (OpenCC t2s); other text unchanged."""
    return str(_converter("t2s").convert(text))


def to_traditional(text: str, standard: TraditionalStandard = TraditionalStandard.GENERIC) -> str:
    """Simplified -> traditional characters and phrases (OpenCC s2t, or the Taiwan/Hong Kong standard)."""
    return str(_converter(standard.value).convert(text))


SIMPLIFIED_TABLE = Path(__file__).resolve().parent / "data" / "simplified_only.txt"


def simplified_only_characters() -> str:
    """Every CJK character OpenCC's s2t changes, in code point order (regenerates the table)."""
    converter = _converter("s2t")
    code_points = [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]
    return "".join(c for c in map(chr, code_points) if converter.convert(c) != c)


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    # A shipped table instead of OpenCC's s2t converter, whose dictionaries take ~45 ms to load
    # on every start; tests/search/test_text.py checks the table against OpenCC.
    lines = SIMPLIFIED_TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")))


def detect_script(text: str) -> Script:
    """Which script the text's Chinese characters are in; UNKNOWN if it has none or both agree."""
    if to_simplified(text) != text:
        return Script.TRADITIONAL
    simplified_only = _simplified_only()
    if any(char in simplified_only for char in text):
        return Script.SIMPLIFIED
    return Script.UNKNOWN


def convert_script(text: str, script: Script, *, source_script: Script) -> str:
    """Show `text` (written in `source_script`) in `script`; text already in that script stays as written.

    Converting traditional text with s2t again would "correct" characters the author chose
    (干警 -> 幹警), so only text of the other script is converted.
    """
    if script is Script.SIMPLIFIED and source_script is not Script.SIMPLIFIED:
        return to_simplified(text)
    if script is Script.TRADITIONAL and source_script is Script.SIMPLIFIED:
        return to_traditional(text)
    return text


def normalize(text: str) -> str:
    """Matching form: NFKC, traditional -> simplified, lower-case, whitespace runs -> one space."""
    folded = unicodedata.normalize("NFKC", text)
    folded = to_simplified(folded).lower()
    return _SPACE_RE.sub(" ", folded).strip()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise character by character, returning the text and, per output char, its source index.

    Used to map matches found in the matching form back onto the displayed text. NFKC and
    t2s are applied per character so every output char knows where it came from.
    """
    chars: list[str] = []
    offsets: list[int] = []
    whole = to_simplified(unicodedata.normalize("NFKC", text))
    same_length = len(whole) == len(text)
    for index, char in enumerate(text):
        folded = whole[index] if same_length else to_simplified(unicodedata.normalize("NFKC", char))
        for out in folded.lower():
            chars.append(out)
            offsets.append(index)
    return "".join(chars), offsets


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph."""
    return bool(_CJK_RE.match(char))
