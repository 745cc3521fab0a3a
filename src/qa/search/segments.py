"""Merge BM25 segments (built from batches of documents) into one index, with exact global statistics.

A big folder is indexed in batches whose size a setting bounds: each batch's postings are written
to disk as a segment (`Bm25Builder.save_segment`) and dropped from memory. Merging reads the
segments back term range by term range, the way search engines merge segments: document
frequencies, the average length and the IDF floor are those of the whole corpus (IDFs summed in
rank-bm25's first-seen order), so the merged arrays equal the ones one builder would produce,
bit for bit. Output is written sequentially to .npy files (nothing the size of the index is
held in memory), and the result is memory-mapped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from qa.search.bm25 import Bm25Index, Bm25Params, document_norms, idf_first_seen, upper_bounds
from qa.table import StringTable, load_arrays, save_arrays

SEGMENT_ARRAYS = ("vocab_blob", "vocab_offsets", "offsets", "doc_ids", "tfs", "lengths", "first_seen")
# Written beside a merged index: each segment's terms' ids in the merged vocabulary, segment after
# segment, so that the next merge of mostly the same segments need not compare their terms again.
SEGMENT_TERMS = ("segment_terms", "segment_term_offsets")
MERGE_CHUNK_POSTINGS = 4_000_000
COPY_BYTES = 1 << 22

Progress = Callable[[int, int], None]


class _Segment:
    """One saved segment, with its terms' ids in the merged vocabulary.

    Postings are read with pread, a slice at a time, not memory-mapped: mapped pages count as the
    merging process's resident memory, which would then grow with the folder.
    """

    def __init__(self, folder: Path) -> None:
        arrays = load_arrays(folder, ("vocab_blob", "vocab_offsets", "offsets", "lengths", "first_seen"))
        self.vocab_blob = arrays["vocab_blob"]
        self.vocab_offsets: npt.NDArray[np.int64] = np.asarray(arrays["vocab_offsets"])
        self.offsets: npt.NDArray[np.int64] = np.asarray(arrays["offsets"])
        self.lengths: npt.NDArray[np.int64] = np.array(arrays["lengths"])
        self.first_seen: npt.NDArray[np.int64] = np.array(arrays["first_seen"])
        self.doc_ids = NpyReader(folder / "doc_ids.npy")
        self.tfs = NpyReader(folder / "tfs.npy")
        self.global_ids: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)

    def term(self, number: int) -> bytes:
        """One term of the segment's vocabulary as UTF-8 bytes (the vocabulary is sorted: bytes sort as strings do)."""
        return bytes(self.vocab_blob[int(self.vocab_offsets[number]) : int(self.vocab_offsets[number + 1])])

    def __len__(self) -> int:
        return len(self.vocab_offsets) - 1


class NpyReader:
    """Slices of a 1-d .npy file read with pread (the page cache holds them, not this process)."""

    def __init__(self, path: Path) -> None:
        mapped = np.load(path, mmap_mode="r")  # only for the header: no page of data is touched
        self.offset = int(mapped.offset)
        self.dtype = mapped.dtype
        self.length = len(mapped)
        del mapped
        self.path = path

    def read(self, start: int, end: int) -> np.ndarray:
        """Values [start, end)."""
        size = self.dtype.itemsize
        with self.path.open("rb") as handle:
            data = os.pread(handle.fileno(), (end - start) * size, self.offset + start * size)
        return np.frombuffer(data, dtype=self.dtype)

    def copy_to(self, out: BinaryIO) -> None:
        """Append every value's bytes to `out`, file to file."""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            shutil.copyfileobj(handle, out, COPY_BYTES)


@dataclass(frozen=True, slots=True)
class KnownTerms:
    """A previous merge's vocabulary and, for each segment of this merge that it also merged, its terms' ids there.

    `ids[i]` is None for a segment the previous merge did not hold. Kept segments' terms are then
    placed by their ids alone: only the previous vocabulary and new segments' terms are sorted.
    """

    vocabulary: StringTable
    ids: Sequence[npt.NDArray[np.int64] | None]


def merge_segments(
    folders: Sequence[Path],
    params: Bm25Params,
    target: Path,
    progress: Progress | None = None,
    chunk_postings: int = MERGE_CHUNK_POSTINGS,
    known: KnownTerms | None = None,
) -> Bm25Index:
    """One index over the segments' documents in order (segment i's documents after segment i-1's).

    Writes the index's arrays into `target` (which must exist) and memory-maps them, and beside
    them `SEGMENT_TERMS` (what the next merge's `known` is made of). ValueError when the
    segments hold no document.
    """
    segments = [_Segment(folder) for folder in folders]
    vocabulary = _merged_vocabulary(segments, known)
    document_frequency = np.zeros(len(vocabulary), dtype=np.int64)
    for segment in segments:
        document_frequency[segment.global_ids] += np.diff(segment.offsets)
    lengths = np.concatenate([segment.lengths for segment in segments]) if segments else np.zeros(0, np.int64)
    if len(lengths) == 0:
        raise ValueError("BM25 needs at least one document")
    idf = np.empty(len(vocabulary), dtype=np.float64)
    order = _first_seen_order(segments, len(vocabulary))
    idf[order] = idf_first_seen(document_frequency[order], len(lengths), params)
    norm = document_norms(lengths, params)
    offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(document_frequency, out=offsets[1:])
    upper = np.zeros(len(vocabulary), dtype=np.float64)
    doc_base = np.cumsum([0] + [len(segment.lengths) for segment in segments])
    total = int(offsets[-1])
    with (
        _NpyWriter(target / "doc_ids.npy", np.int32, total) as docs_out,
        _NpyWriter(target / "tfs.npy", np.int32, total) as tfs_out,
    ):
        start = 0
        while start < len(vocabulary):
            # A chunk of whole terms holding about `chunk_postings` postings (at least one term).
            end = int(np.searchsorted(offsets, offsets[start] + chunk_postings, side="right")) - 1
            end = min(max(end, start + 1), len(vocabulary))
            docs, tfs = _chunk(segments, doc_base, start, end, offsets)
            upper[start:end] = upper_bounds(
                idf[start:end], tfs, norm[docs], offsets[start:end] - offsets[start], params
            )
            docs_out.write(docs)
            tfs_out.write(tfs)
            if progress:
                progress(int(offsets[end]), total)
            start = end
    save_arrays(
        target,
        {
            **vocabulary.arrays("vocab"),
            "offsets": offsets,
            "idf": idf,
            "upper": upper,
            "norm": norm,
            "segment_terms": _joined([segment.global_ids for segment in segments]).astype(np.int32),  # < 2**31 terms
            "segment_term_offsets": np.cumsum([0, *(len(segment) for segment in segments)]).astype(np.int64),
        },
    )
    return Bm25Index.load(target, params)


def known_ids(folder: Path, sizes: Sequence[int]) -> list[npt.NDArray[np.int64]]:
    """The `SEGMENT_TERMS` a merge left in `folder`, one array per segment; ValueError if they disagree with `sizes`.

    `sizes` are the segments' vocabulary sizes, in the order they were merged.
    """
    arrays = load_arrays(folder, SEGMENT_TERMS)
    bounds = np.asarray(arrays["segment_term_offsets"]).tolist()
    if len(bounds) != len(sizes) + 1 or [b - a for a, b in pairwise(bounds)] != list(sizes):
        raise ValueError(f"{folder}: segment term ids do not match the segments")
    terms = arrays["segment_terms"]
    return [np.array(terms[low:high], dtype=np.int64) for low, high in pairwise(bounds)]


def segment_terms(folder: Path) -> int:
    """How many terms a saved segment holds (its vocabulary offsets' header only is read)."""
    return NpyReader(folder / "vocab_offsets.npy").length - 1


def _merged_vocabulary(segments: Sequence[_Segment], known: KnownTerms | None = None) -> StringTable:
    """The sorted union of the segments' vocabularies; sets each segment's `global_ids`.

    With `known`, the previous merge's vocabulary (less the terms no kept segment holds) stands
    in for the kept segments, whose ids are then mapped, so only it and the new segments are sorted.
    """
    if known is None or all(ids is None for ids in known.ids):
        union, ids = _bounded_union([(segment.vocab_blob, segment.vocab_offsets) for segment in segments])
        for segment, segment_ids in zip(segments, ids, strict=True):
            segment.global_ids = segment_ids
        return union
    old = known.vocabulary.arrays("vocab")
    old_blob, old_offsets = old["vocab_blob"], np.asarray(old["vocab_offsets"])
    present = np.zeros(len(old_offsets) - 1, dtype=bool)
    for kept_ids in known.ids:
        if kept_ids is not None:
            if len(kept_ids) and int(kept_ids.max()) >= len(present):
                raise ValueError("a kept segment's term ids exceed the previous vocabulary")
            present[kept_ids] = True
    kept = np.flatnonzero(present)
    fresh = [number for number, ids in enumerate(known.ids) if ids is None]
    tables = [_subset(old_blob, old_offsets, kept)]
    tables += [(segments[number].vocab_blob, segments[number].vocab_offsets) for number in fresh]
    union, union_ids = _union(tables)
    old_to_new = np.full(len(present), -1, dtype=np.int64)
    old_to_new[kept] = union_ids[0]
    for segment, kept_ids in zip(segments, known.ids, strict=True):
        if kept_ids is not None:
            segment.global_ids = old_to_new[kept_ids]
    for number, fresh_ids in zip(fresh, union_ids[1:], strict=True):
        segments[number].global_ids = fresh_ids
    return union


Terms = tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]  # a sorted vocabulary: UTF-8 blob and offsets


UNION_BATCH_TERMS = 4_000_000  # terms one sort of a full merge's vocabularies holds (with the union so far)


def _bounded_union(tables: Sequence[Terms]) -> tuple[StringTable, list[npt.NDArray[np.int64]]]:
    """`_union` of the tables, a batch of about UNION_BATCH_TERMS terms at a time joined to the union so far.

    The parts' vocabularies add up to ~7M terms a gram field at 1M sentences and ~20M at 3M:
    sorting all their keys at once took the 3M build's peak to 3.0 GB. A batch at a time keeps a
    sort to the union (~1.5M terms at 3M) and one batch; each batch's ids are remapped as the union grows.
    """
    if not tables:
        return StringTable(np.zeros(0, dtype=np.uint8), np.zeros(1, dtype=np.int64)), []
    union: StringTable | None = None
    ids: list[npt.NDArray[np.int64]] = []
    batch: list[Terms] = []
    size = 0
    for number, table in enumerate(tables):
        batch.append(table)
        size += len(table[1]) - 1
        if size < UNION_BATCH_TERMS and number < len(tables) - 1:
            continue
        so_far = [] if union is None else [(union.arrays("v")["v_blob"], union.arrays("v")["v_offsets"])]
        union, batch_ids = _union(so_far + batch)
        if so_far:
            ids = [batch_ids[0][previous] for previous in ids]
            batch_ids = batch_ids[1:]
        ids.extend(batch_ids)
        batch, size = [], 0
    assert union is not None  # noqa: S101 - the last table always closes a batch
    return union, ids


def _union(tables: Sequence[Terms]) -> tuple[StringTable, list[npt.NDArray[np.int64]]]:
    """The sorted union of sorted vocabularies, and each one's terms' ids in it.

    Every term gets an exact sort key of integers (`_term_keys`), so one lexsort of all the
    keys gives the union in byte order (which is string order), without a Python object per
    term: a full merge of a million-sentence folder lists ~7M terms a field.
    """
    tails = _long_terms(tables)
    keys = [_term_keys(blob, offsets, tails) for blob, offsets in tables]
    first, second, third = (np.concatenate([key[column] for key in keys]) for column in range(3))
    del keys
    order = np.lexsort((third, second, first))
    repeated = np.ones(len(order), dtype=bool)
    for column in (first, second, third):
        ordered = column[order]
        repeated[1:] &= ordered[1:] == ordered[:-1]
    del first, second, third, ordered
    starts = ~repeated
    starts[:1] = True
    ids = np.empty(len(order), dtype=np.int64)
    ids[order] = np.cumsum(starts) - 1
    bounds = np.cumsum([0, *(len(offsets) - 1 for _, offsets in tables)])
    return _gathered_terms(tables, order[starts]), [ids[low:high] for low, high in pairwise(bounds)]


TERM_KEY_BYTES = 16  # a term this long or shorter is keyed by its bytes alone (`_term_keys`)


def _long_terms(tables: Sequence[Terms]) -> dict[bytes, int]:
    """Each distinct term longer than TERM_KEY_BYTES, with its rank among them in byte order (they are rare)."""
    found: set[bytes] = set()
    for blob, offsets in tables:
        for number in np.flatnonzero(np.diff(offsets) > TERM_KEY_BYTES).tolist():
            found.add(bytes(blob[int(offsets[number]) : int(offsets[number + 1])]))
    return {term: rank for rank, term in enumerate(sorted(found))}


def _term_keys(
    blob: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64], tails: Mapping[bytes, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An exact sort key for each term of a vocabulary: (bytes 0-7, bytes 8-15, tie).

    The first two are the term's first 16 bytes, zero-padded, as big-endian integers; the tie is
    its length for a short term (an equal padded prefix then means one term is the other with
    zero bytes appended, and the shorter sorts first), and TERM_KEY_BYTES + 1 + its rank among
    the long terms for a longer one (after any short term of the same prefix, as in byte order).
    """
    blob, offsets = np.asarray(blob), np.asarray(offsets)
    lengths = np.diff(offsets)
    columns = np.arange(TERM_KEY_BYTES)
    places = offsets[:-1, None] + columns
    padded = np.where(columns < lengths[:, None], blob[np.minimum(places, max(len(blob) - 1, 0))], 0)
    words = np.ascontiguousarray(padded, dtype=np.uint8).view(">u8").astype(np.uint64)
    tie = lengths.copy()
    for number in np.flatnonzero(lengths > TERM_KEY_BYTES).tolist():
        tie[number] = TERM_KEY_BYTES + 1 + tails[bytes(blob[int(offsets[number]) : int(offsets[number + 1])])]
    return words[:, 0], words[:, 1], tie


def _subset(blob: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64], keep: npt.NDArray[np.int64]) -> Terms:
    """The terms at `keep` (ascending) of a vocabulary, as a vocabulary of their own."""
    starts = np.asarray(offsets)[keep]
    lengths = np.asarray(offsets)[keep + 1] - starts
    kept_offsets = np.zeros(len(keep) + 1, dtype=np.int64)
    np.cumsum(lengths, out=kept_offsets[1:])
    places = np.repeat(starts - kept_offsets[:-1], lengths) + np.arange(int(kept_offsets[-1]), dtype=np.int64)
    return np.asarray(blob)[places], kept_offsets


def _gathered_terms(tables: Sequence[Terms], entries: npt.NDArray[np.int64]) -> StringTable:
    """The terms at `entries` (positions in the vocabularies listed one after another) as one table."""
    blobs = [np.asarray(blob) for blob, _ in tables]
    blob_bases = np.cumsum([0, *(len(blob) for blob in blobs)])
    term_starts = np.concatenate([np.asarray(offsets)[:-1] + blob_bases[n] for n, (_, offsets) in enumerate(tables)])
    term_lengths = np.concatenate([np.diff(offsets) for _, offsets in tables])
    lengths = term_lengths[entries]
    result = np.zeros(len(entries) + 1, dtype=np.int64)
    np.cumsum(lengths, out=result[1:])
    places = np.repeat(term_starts[entries] - result[:-1], lengths) + np.arange(int(result[-1]), dtype=np.int64)
    return StringTable(np.concatenate(blobs)[places] if blobs else np.zeros(0, dtype=np.uint8), result)


def _first_seen_order(segments: Sequence[_Segment], term_count: int) -> npt.NDArray[np.int64]:
    """Merged term ids in the order a single builder would first have seen them."""
    seen = np.zeros(term_count, dtype=bool)
    parts = []
    for segment in segments:
        ids = segment.global_ids[segment.first_seen]  # local first-seen order, as merged ids
        new = ids[~seen[ids]]
        seen[new] = True
        parts.append(new)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _chunk(
    segments: Sequence[_Segment], doc_base: npt.NDArray[np.int64], start: int, end: int, offsets: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """(documents, frequencies) of merged terms [start, end), grouped by term, documents ascending.

    Each segment's postings are scattered straight to their places (segments in order within a
    term, so documents ascend): no sort.
    """
    base = int(offsets[start])
    total = int(offsets[end]) - base
    docs = np.empty(total, dtype=np.int32)
    tfs = np.empty(total, dtype=np.int32)
    free = offsets[start:end] - base  # each term's next free place in the chunk
    for number, segment in enumerate(segments):
        low, high = (int(i) for i in np.searchsorted(segment.global_ids, [start, end]))
        first, last = int(segment.offsets[low]), int(segment.offsets[high])
        if first == last:
            continue
        counts = np.diff(segment.offsets[low : high + 1])
        terms = segment.global_ids[low:high] - start
        shift = free[terms] - (segment.offsets[low:high] - first)
        places = np.arange(last - first, dtype=np.int64) + np.repeat(shift, counts)
        docs[places] = segment.doc_ids.read(first, last) + np.int32(doc_base[number])
        tfs[places] = segment.tfs.read(first, last)
        free[terms] += counts
    return docs, tfs


class _NpyWriter:
    """Writes a 1-d .npy file front to back in pieces (np.save needs the whole array in memory)."""

    def __init__(self, path: Path, dtype: type[np.generic], length: int) -> None:
        self._path = path
        self._dtype = np.dtype(dtype)
        self._length = length
        self._written = 0
        self._handle: BinaryIO | None = None

    def __enter__(self) -> _NpyWriter:
        self._handle = self._path.open("wb")
        header = {"descr": np.lib.format.dtype_to_descr(self._dtype), "fortran_order": False, "shape": (self._length,)}
        np.lib.format.write_array_header_1_0(self._handle, header)
        return self

    def write(self, values: np.ndarray) -> None:
        assert self._handle is not None  # noqa: S101 - used inside `with` only
        self._handle.write(np.ascontiguousarray(values, dtype=self._dtype).tobytes())
        self._written += len(values)

    def append_file(self, source: NpyReader) -> None:
        """Append a whole .npy file's values, file to file."""
        assert self._handle is not None  # noqa: S101 - used inside `with` only
        source.copy_to(self._handle)
        self._written += source.length

    def __exit__(self, *exc: object) -> None:
        assert self._handle is not None  # noqa: S101
        self._handle.close()
        if exc[0] is None and self._written != self._length:
            raise ValueError(f"{self._path}: wrote {self._written} of {self._length} values")


def segment_documents(folder: Path) -> int:
    """How many documents a saved segment holds (its lengths' header only is read)."""
    return NpyReader(folder / "lengths.npy").length


def concatenate_columns(
    parts: Sequence[Path],
    tables: Sequence[str],
    ids: Mapping[str, Sequence[int]],
    target: Path,
    *,
    int_columns: Sequence[str] = (),
) -> dict[str, np.ndarray]:
    """Join the parts' string tables and int64 columns into single .npy files; returns them memory-mapped.

    Each `ids` column holds numbers within its part: part i's are shifted by the sum of the
    column's counts before i (negative values, "none", are kept). `int_columns` are joined as they are.
    """
    names: list[str] = [*ids, *int_columns]
    for column, counts in ids.items():
        bases = np.cumsum([0, *counts])
        pieces = [np.load(part / f"{column}.npy") for part in parts]
        shifted = [np.where(piece >= 0, piece + bases[number], piece) for number, piece in enumerate(pieces)]
        np.save(target / f"{column}.npy", _joined(shifted), allow_pickle=False)
    for column in int_columns:
        np.save(target / f"{column}.npy", _joined([np.load(part / f"{column}.npy") for part in parts]))
    for table in tables:
        offsets_parts = [np.load(part / f"{table}_offsets.npy") for part in parts]
        sizes = [int(offsets[-1]) for offsets in offsets_parts]
        starts = np.cumsum([0, *sizes])
        offsets = np.concatenate([np.zeros(1, np.int64)] + [o[1:] + starts[i] for i, o in enumerate(offsets_parts)])
        np.save(target / f"{table}_offsets.npy", offsets, allow_pickle=False)
        with _NpyWriter(target / f"{table}_blob.npy", np.uint8, int(starts[-1])) as blob:
            for part in parts:
                blob.append_file(NpyReader(part / f"{table}_blob.npy"))
        names += [f"{table}_offsets", f"{table}_blob"]
    return load_arrays(target, names)


def _joined(pieces: Sequence[np.ndarray]) -> np.ndarray:
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
