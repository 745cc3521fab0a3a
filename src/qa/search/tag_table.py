"""Part-of-speech tags of a whole dictionary as sorted, memory-mapped columns: a look-up reads ~20 strings.

jieba keeps its tags in dict.txt, which takes ~0.3 s to read: a question naming a word no report
uses (「贵港市」) would pay that once in every process. Written once next to jieba's own cache,
the table maps in well under a millisecond.
"""

from __future__ import annotations

import bisect
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from qa.table import StringTable, load_arrays, save_arrays

_WORDS = "words"
_NAMES = "tag_names"
_CODES = "tag_codes"
_ARRAYS = (f"{_WORDS}_blob", f"{_WORDS}_offsets", f"{_NAMES}_blob", f"{_NAMES}_offsets", _CODES)


class TagTable:
    """Words in sorted order, each with the code of its tag among the table's distinct tags."""

    def __init__(self, words: StringTable, names: StringTable, codes: np.ndarray) -> None:
        if len(words) != len(codes):
            raise ValueError("a tag table's words and codes disagree in length")
        self._words = words
        self._names = names
        self._codes = codes

    @classmethod
    def of(cls, tags: Mapping[str, str]) -> TagTable:
        """The table of a word -> tag mapping (at most 256 distinct tags)."""
        words = sorted(tags)
        names = sorted(set(tags.values()))
        code_of = {name: code for code, name in enumerate(names)}
        codes = np.array([code_of[tags[word]] for word in words], dtype=np.uint8)
        return cls(StringTable.from_strings(words), StringTable.from_strings(names), codes)

    def tag(self, word: str) -> str | None:
        """The word's tag; None if the table does not hold the word."""
        position = bisect.bisect_left(self._words, word)
        if position == len(self._words) or self._words[position] != word:
            return None
        return self._names[int(self._codes[position])]

    def save(self, folder: Path) -> None:
        """Write the table into `folder` whole or not at all (a temporary folder renamed into place)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        try:
            save_arrays(work, {**self._words.arrays(_WORDS), **self._names.arrays(_NAMES), _CODES: self._codes})
            work.replace(folder)
        except OSError:
            if not folder.is_dir():  # another process may have written the same table first
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> TagTable:
        """Memory-map a saved table; OSError or ValueError if it is missing or damaged."""
        arrays = load_arrays(folder, _ARRAYS)
        return cls(StringTable.from_arrays(arrays, _WORDS), StringTable.from_arrays(arrays, _NAMES), arrays[_CODES])
