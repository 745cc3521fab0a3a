"""Column storage for strings and sentences: numpy arrays that persist as .npy and load with mmap.

A million sentences as Python objects take seconds to unpickle and hundreds of megabytes; as a
UTF-8 blob plus offsets they load in milliseconds and are decoded only when shown.
"""

from __future__ import annotations

import bisect
import json
import mmap
import os
import re
import shutil
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from itertools import islice, pairwise
from pathlib import Path
from typing import Literal, TypeVar, overload

import numpy as np
import numpy.typing as npt

from qa.models import Article, FileStatus, Script, Sentence, SkipReason

IntArray = npt.NDArray[np.int64]
NO_HEADING = -1
ITER_BLOCK = 65_536
CONTAINING_CHUNK = 256  # strings a containment search reads between checks of its limit
T = TypeVar("T")


class _Rows(Sequence[T]):
    """A sequence whose items are made from columns on access: subclasses define `__len__` and `_row`."""

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._row(index)

    def __iter__(self) -> Iterator[T]:
        return (self._row(i) for i in range(len(self)))

    def _row(self, index: int) -> T:
        raise NotImplementedError


class StringTable(Sequence[str]):
    """An immutable sequence of strings stored as one UTF-8 blob and int64 offsets."""

    def __init__(self, blob: npt.NDArray[np.uint8], offsets: IntArray) -> None:
        # Plain ndarray views of memory maps: np.memmap's __getitem__ costs ~1 µs more per call.
        self._blob = np.asarray(blob)
        self._offsets = np.asarray(offsets)
        self._search: tuple[bytes | mmap.mmap, int] | None = None
        self._bounds: memoryview | None = None  # the offsets as Python ints a probe reads fast

    @classmethod
    def from_strings(cls, strings: Iterable[str]) -> StringTable:
        """Pack strings into one table."""
        encoded = [item.encode("utf-8") for item in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(item) for item in encoded], out=offsets[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
        return cls(blob, offsets)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        start, end = int(self._offsets[index]), int(self._offsets[index + 1])
        return bytes(self._blob[start:end]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        # A block of strings decoded from one bytes copy: indexing one by one costs ~2 µs a string.
        for start in range(0, len(self), ITER_BLOCK):
            bounds = self._offsets[start : min(start + ITER_BLOCK, len(self)) + 1].tolist()
            blob, base = self._blob[bounds[0] : bounds[-1]].tobytes(), bounds[0]
            yield from (blob[low - base : high - base].decode("utf-8") for low, high in pairwise(bounds))

    def byte_strings(self) -> list[bytes]:
        """Every string as UTF-8 bytes, undecoded (a set of them costs a fraction of one of strings)."""
        blob, bounds = self._blob.tobytes(), self._offsets.tolist()
        return list(map(blob.__getitem__, map(slice, bounds[:-1], bounds[1:])))

    def slice(self, start: int, end: int) -> StringTable:
        """Strings [start, end) as a table of their own (views, nothing copied)."""
        offsets = self._offsets[start : end + 1]
        return StringTable(self._blob[int(offsets[0]) : int(offsets[-1])], offsets - offsets[0])

    def containing(self, needle: str, indices: npt.NDArray[np.int64], limit: int | None = None) -> list[int]:
        """Those of `indices` whose string contains `needle`, in the given order (at most `limit` of them)."""
        return list(islice(self.iter_containing(needle, indices), limit))

    def iter_containing(self, needle: str, indices: npt.NDArray[np.int64]) -> Iterator[int]:
        """Those of `indices` whose string contains `needle`, in the given order, found as they are asked for.

        Nothing is decoded: UTF-8 is self-synchronising, so the encoded needle matches the encoded
        string exactly where the needle occurs in it. Strings are read a chunk at a time, so a
        search that stops at its first match reads no further.
        """
        encoded = needle.encode("utf-8", "surrogatepass")
        haystack, base = self._haystack()
        for first in range(0, len(indices), CONTAINING_CHUNK):
            chunk = indices[first : first + CONTAINING_CHUNK]
            starts, ends = self._offsets.take(chunk).tolist(), self._offsets.take(chunk + 1).tolist()
            for index, start, end in zip(chunk.tolist(), starts, ends, strict=True):
                if haystack.find(encoded, base + start, base + end) >= 0:
                    yield index

    def find_sorted(self, needle: str) -> int | None:
        """The index of `needle` in this table of sorted strings, or None: a bisection on the UTF-8 bytes.

        UTF-8 orders as code points do, so the bytes sort as the strings; nothing is decoded, and a
        probe costs one slice of the blob instead of building a string.
        """
        encoded = needle.encode("utf-8", "surrogatepass")
        haystack, base = self._haystack()
        if self._bounds is None:
            self._bounds = np.ascontiguousarray(self._offsets, dtype=np.int64).data
        bounds = self._bounds
        low, high = 0, len(self)
        while low < high:
            middle = (low + high) // 2
            if haystack[base + bounds[middle] : base + bounds[middle + 1]] < encoded:
                low = middle + 1
            else:
                high = middle
        if low < len(self) and haystack[base + bounds[low] : base + bounds[low + 1]] == encoded:
            return low
        return None

    def _haystack(self) -> tuple[bytes | mmap.mmap, int]:
        """(a buffer with `find` holding the blob, where the blob starts in it), made once.

        A memory-mapped blob is searched in its map (no copy); another is copied to bytes once.
        """
        if self._search is None:
            mapped = _mapping_of(self._blob)
            self._search = mapped if mapped is not None else (bytes(self._blob.data), 0)
        return self._search

    def first_groups(self, pattern: re.Pattern[bytes]) -> list[bytes | None]:
        """For each string, group 1 of the pattern's first match inside it (None where none is found).

        One scan of the whole blob instead of a decode per string; a match that runs past its
        string's end is not taken.
        """
        ends = self._offsets.tolist()
        found: list[bytes | None] = [None] * len(self)
        for match in pattern.finditer(bytes(self._blob.data)):
            index = bisect.bisect_right(ends, match.start()) - 1
            if found[index] is None and match.end() <= ends[index + 1]:
                found[index] = match.group(1)
        return found

    def holds(self, strings: Sequence[str]) -> bool:
        """True when the table holds exactly these strings, in order (compared as bytes, nothing decoded)."""
        encoded = [item.encode("utf-8") for item in strings]
        if len(encoded) != len(self):
            return False
        lengths = np.diff(self._offsets)
        return bool(np.array_equal(lengths, [len(item) for item in encoded])) and self._blob.tobytes() == b"".join(
            encoded
        )

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The arrays to persist, named with a prefix."""
        return {f"{prefix}_blob": self._blob, f"{prefix}_offsets": self._offsets}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> StringTable:
        """Rebuild from `arrays(prefix)` output (possibly memory-mapped)."""
        return cls(arrays[f"{prefix}_blob"], arrays[f"{prefix}_offsets"])


class SentenceTable(_Rows[Sentence]):
    """All sentences of a corpus as columns; Sentence records are made on access."""

    ARRAY_NAMES = (
        "sentence_article",
        "sentence_paragraph",
        "sentence_heading",
        "sentence_text_blob",
        "sentence_text_offsets",
        "heading_text_blob",
        "heading_text_offsets",
    )

    def __init__(
        self,
        article: IntArray,
        paragraph: IntArray,
        heading: IntArray,
        texts: StringTable,
        headings: StringTable,
    ) -> None:
        self.article = article
        self.paragraph = paragraph
        self._heading = heading
        self._texts = texts
        self._headings = headings

    def __len__(self) -> int:
        return len(self.article)

    def _row(self, index: int) -> Sentence:
        heading_id = int(self._heading[index])
        return Sentence(
            article=int(self.article[index]),
            position=index,
            paragraph=int(self.paragraph[index]),
            text=self._texts[index],
            heading=None if heading_id == NO_HEADING else self._headings[heading_id],
        )

    def slice(self, start: int, end: int, *, article_base: int) -> SentenceTable:
        """Sentences [start, end) as a table of their own, article numbers less `article_base`."""
        return SentenceTable(
            np.asarray(self.article[start:end]) - article_base,
            self.paragraph[start:end],
            self._heading[start:end],
            self._texts.slice(start, end),
            self._headings,
        )

    @property
    def headings(self) -> StringTable:
        """The distinct section headings the sentences refer to."""
        return self._headings

    @property
    def texts(self) -> StringTable:
        """The sentence texts alone, as a sequence of strings."""
        return self._texts

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to persist."""
        return {
            "sentence_article": self.article,
            "sentence_paragraph": self.paragraph,
            "sentence_heading": self._heading,
            **self._texts.arrays("sentence_text"),
            **self._headings.arrays("heading_text"),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> SentenceTable:
        """Rebuild from `arrays()` output (possibly memory-mapped)."""
        return cls(
            arrays["sentence_article"],
            arrays["sentence_paragraph"],
            arrays["sentence_heading"],
            StringTable.from_arrays(arrays, "sentence_text"),
            StringTable.from_arrays(arrays, "heading_text"),
        )


class SentenceColumns:
    """Builds a SentenceTable one sentence at a time, straight into packed columns."""

    def __init__(self) -> None:
        self._article = array("q")
        self._paragraph = array("q")
        self._heading = array("q")
        self._text = bytearray()
        self._offsets = array("q", [0])
        self._headings: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._article)

    def append(self, article: int, paragraph: int, text: str, heading: str | None) -> None:
        """Add the next sentence (its position is its index)."""
        self._article.append(article)
        self._paragraph.append(paragraph)
        self._heading.append(NO_HEADING if heading is None else self._headings.setdefault(heading, len(self._headings)))
        self._text += text.encode("utf-8")
        self._offsets.append(len(self._text))

    def finish(self) -> SentenceTable:
        """The table of every sentence appended."""
        return SentenceTable(
            np.frombuffer(self._article, dtype=np.int64).copy(),
            np.frombuffer(self._paragraph, dtype=np.int64).copy(),
            np.frombuffer(self._heading, dtype=np.int64).copy(),
            StringTable(
                np.frombuffer(bytes(self._text), dtype=np.uint8), np.frombuffer(self._offsets, dtype=np.int64).copy()
            ),
            StringTable.from_strings(self._headings),
        )


class RecordTable(_Rows[T]):
    """Records as one JSON object each in a StringTable: maps in no time, decodes a record on first access.

    A folder of 25,000 reports loads without making 25,000 objects; most questions read a handful.
    """

    def __init__(self, records: StringTable, decode: Callable[[dict[str, object]], T]) -> None:
        self._records = records
        self._decode = decode
        self._made: dict[int, T] = {}

    @classmethod
    def from_items(
        cls, items: Iterable[T], encode: Callable[[T], dict[str, object]], decode: Callable[[dict[str, object]], T]
    ) -> RecordTable[T]:
        """Pack records."""
        return cls(StringTable.from_strings(json.dumps(encode(item), ensure_ascii=False) for item in items), decode)

    def __len__(self) -> int:
        return len(self._records)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence (a tuple of records, another table) holding equal records in order."""
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # compared by content, like a list

    def _row(self, index: int) -> T:
        item = self._made.get(index)
        if item is None:
            item = self._made[index] = self._decode(json.loads(self._records[index]))
        return item

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The arrays to persist."""
        return self._records.arrays(prefix)

    @classmethod
    def from_arrays(
        cls, arrays: dict[str, np.ndarray], prefix: str, decode: Callable[[dict[str, object]], T]
    ) -> RecordTable[T]:
        """Rebuild from `arrays(prefix)` output (possibly memory-mapped)."""
        return cls(StringTable.from_arrays(arrays, prefix), decode)


class ArticleTable(RecordTable[Article]):
    """The articles of an index as a RecordTable."""

    ARRAY_NAMES = ("article_record_blob", "article_record_offsets")

    def __init__(self, records: StringTable) -> None:
        super().__init__(records, _article_from_record)

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> ArticleTable:
        """Pack Article records."""
        return cls(StringTable.from_strings(json.dumps(_article_record(a), ensure_ascii=False) for a in articles))

    @classmethod
    def load(cls, arrays: dict[str, np.ndarray]) -> ArticleTable:
        """Rebuild from `arrays("article_record")` output (possibly memory-mapped)."""
        return cls(StringTable.from_arrays(arrays, "article_record"))

    def title_keys(self) -> list[bytes]:
        """Each article's title as its JSON text: equal exactly when the titles are, and no record decoded.

        A record is written by one json.dumps, so its title is the JSON encoding of the string
        (or null) after the only unescaped `"title": ` in it: a quote inside a value is escaped.
        """
        keys = self._records.first_groups(_TITLE_TOKEN)
        return [
            key if key is not None else json.dumps(self[number].title, ensure_ascii=False).encode("utf-8")
            for number, key in enumerate(keys)
        ]


_TITLE_TOKEN = re.compile(rb'"title": ("(?:[^"\\]|\\.)*"|null), ')


def title_keys(articles: Sequence[Article]) -> Sequence[object]:
    """Keys equal exactly when the articles' titles are, read without decoding a table's records."""
    if isinstance(articles, ArticleTable):
        return articles.title_keys()
    return [article.title for article in articles]


STATUS_PREFIX = "file_status"  # what became of each file (read, skipped and why): one JSON record each


class StatusTable(RecordTable[FileStatus]):
    """What became of each file of a folder, as a RecordTable."""

    def __init__(self, records: StringTable) -> None:
        super().__init__(records, _status_from_record)

    @classmethod
    def from_statuses(cls, statuses: Iterable[FileStatus]) -> StatusTable:
        """Pack FileStatus records."""
        return cls(StringTable.from_strings(json.dumps(_status_record(s), ensure_ascii=False) for s in statuses))

    @classmethod
    def load(cls, arrays: dict[str, np.ndarray], prefix: str = STATUS_PREFIX) -> StatusTable:
        """Rebuild from `arrays(prefix)` output (possibly memory-mapped)."""
        return cls(StringTable.from_arrays(arrays, prefix))


def _status_record(status: FileStatus) -> dict[str, object]:
    record = asdict(status)
    record["skipped"] = status.skipped.value if status.skipped is not None else None
    return record


def _status_from_record(record: dict[str, object]) -> FileStatus:
    skipped = record.get("skipped")
    return FileStatus(
        name=str(record["name"]),
        format=str(record["format"]),
        sentences=int(str(record.get("sentences", 0))),
        skipped=SkipReason(skipped) if isinstance(skipped, str) else None,
        message=str(record.get("message", "")),
    )


def _article_record(article: Article) -> dict[str, object]:
    record = asdict(article)
    record["path"] = str(article.path)
    record["script"] = article.script.value
    record["authors"] = list(article.authors)
    record["header_lines"] = [list(pair) for pair in article.header_lines]
    return record


def _article_from_record(record: dict[str, object]) -> Article:
    values = dict(record)
    values["path"] = Path(str(values["path"]))
    values["script"] = Script(values["script"])
    values["authors"] = tuple(values["authors"])  # type: ignore[arg-type]  # JSON list of names
    values["header_lines"] = tuple(tuple(pair) for pair in values["header_lines"])  # type: ignore[attr-defined]
    return Article(**values)  # type: ignore[arg-type]  # fields written by _article_record


def save_arrays(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write each array as `<name>.npy` in `folder`.

    An array that is a whole memory-mapped .npy file (a merged segment) is linked or copied file
    to file, never read through memory.
    """
    for name, values in arrays.items():
        target = folder / f"{name}.npy"
        source = _whole_npy_file(values)
        if source is None:
            np.save(target, values, allow_pickle=False)
            continue
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def _whole_npy_file(values: np.ndarray) -> Path | None:
    """The .npy file `values` maps in full (through views of it), or None.

    A slice of a memory map is itself an np.memmap carrying the file's name, so only the byte
    count tells a whole array from a part: the data after the header must be exactly its bytes.
    """
    base: object = values
    while isinstance(base, np.ndarray) and not isinstance(base, np.memmap):
        if base.base is None or base.shape != values.shape or base.dtype != values.dtype:
            return None
        base = base.base
    if not isinstance(base, np.memmap) or base.filename is None or not values.flags.c_contiguous:
        return None
    path = Path(base.filename)
    if path.suffix != ".npy" or base.dtype != values.dtype:
        return None
    try:
        whole = path.stat().st_size == base.offset + values.nbytes
    except OSError:
        return None
    return path if whole else None


class ColumnReader:
    """Slices of a 1-d array. A whole memory-mapped .npy file is read with preadv into fresh buffers.

    Pages read that way sit in the kernel's page cache (shared, reclaimable, reused by the next
    read) and are never mapped into this process: a query that reads long posting lists does
    not leave them in its resident memory. Other arrays are sliced.
    """

    def __init__(self, values: np.ndarray) -> None:
        self._values = values
        self._fd: int | None = None
        source = _whole_npy_file(values)
        if source is not None and values.ndim == 1:
            base: object = values
            while not isinstance(base, np.memmap):
                base = base.base  # type: ignore[attr-defined]  # _whole_npy_file walked the same chain
            self._offset = int(base.offset)
            self._fd = os.open(source, os.O_RDONLY)
            weakref.finalize(self, os.close, self._fd)

    def read(self, start: int, end: int) -> np.ndarray:
        """Values [start, end), as an array this call owns (or a view of an in-memory array)."""
        if self._fd is None:
            return np.asarray(self._values[start:end])
        out = np.empty(max(end - start, 0), dtype=self._values.dtype)
        if out.nbytes:
            got = os.preadv(self._fd, [out.data.cast("B")], self._offset + start * out.itemsize)
            if got != out.nbytes:
                raise OSError(f"short read of {self._values.dtype} values [{start}, {end})")
        return out


def _mapping_of(values: np.ndarray) -> tuple[mmap.mmap, int] | None:
    """(the mmap a 1-d uint8 array is a whole view of, where its data starts in it), or None."""
    node: object = values
    while isinstance(node, np.ndarray) and not isinstance(node, np.memmap):
        node = node.base
    if not isinstance(node, np.memmap) or not isinstance(node.base, mmap.mmap):
        return None
    if node.ctypes.data != values.ctypes.data or node.nbytes != values.nbytes or values.ndim != 1:
        return None
    mapping = node.base
    start = int(node.offset) % mmap.ALLOCATIONGRANULARITY  # np.memmap maps from an aligned offset
    sample = min(len(values), 64)
    if mapping[start : start + sample] != values[:sample].tobytes():
        return None
    return mapping, start


def release_pages(*arrays: np.ndarray) -> None:
    """Drop the pages of memory-mapped arrays from this process (they stay in the kernel's page cache).

    A sparse read of a map (a binary search) maps whole runs of pages around each page it
    touches, so a few hundred questions would leave most of a long posting file resident; after
    this, the next read maps them again from the page cache, without reading the disk.
    """
    for values in arrays:
        base = values.base
        while isinstance(base, np.ndarray):
            base = base.base
        if isinstance(base, mmap.mmap):
            base.madvise(mmap.MADV_DONTNEED)


def load_arrays(folder: Path, names: Iterable[str]) -> dict[str, np.ndarray]:
    """Memory-map the named arrays from `folder` (pages are read on first use)."""
    return {name: map_npy(folder / f"{name}.npy") for name in names}


NPY_MAGIC = b"\x93NUMPY"
# The header np.save writes: the repr of a dict in this key order, padded with spaces (numpy.lib.format).
_NPY_HEADER_RE = re.compile(
    r"\{'descr': '(?P<descr>[<>|=][a-zA-Z]\d*)', 'fortran_order': (?P<fortran>False|True), "
    r"'shape': \((?P<shape>(?:\d+, ?)*\d*)\), \} *\n"
)


def map_npy(path: Path) -> np.ndarray:
    """`np.load(path, mmap_mode="r")`: the same np.memmap, with a plain array's header read by a pattern.

    np.load parses every header with ast.literal_eval (a compile each), and a start from the cache
    maps ~60 files; a header of another form (a structured dtype, another writer) goes through np.load.
    """
    with path.open("rb") as handle:
        prefix = handle.read(12)
        major = prefix[6] if prefix[:6] == NPY_MAGIC and len(prefix) == 12 else 0
        if major == 1:
            start, length = 10, int.from_bytes(prefix[8:10], "little")
        elif major in (2, 3):
            start, length = 12, int.from_bytes(prefix[8:12], "little")
        else:
            return _load_npy(path)
        header = prefix[start:] + handle.read(max(length - (len(prefix) - start), 0))
    match = _NPY_HEADER_RE.fullmatch(header.decode("latin-1"))
    if match is None:
        return _load_npy(path)
    shape = tuple(int(size) for size in match["shape"].split(",") if size.strip())
    order: Literal["C", "F"] = "F" if match["fortran"] == "True" else "C"
    dtype = np.dtype(match["descr"])
    return np.memmap(path, dtype=dtype, mode="r", offset=start + length, shape=shape, order=order)


def _load_npy(path: Path) -> np.ndarray:
    values: np.ndarray = np.load(path, mmap_mode="r", allow_pickle=False)
    return values
