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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from qa.search.bm25 import Bm25Index, Bm25Params, document_norms, idf_first_seen, posting_weights
from qa.table import StringTable, load_arrays, save_arrays

SEGMENT_ARRAYS = ("vocab_blob", "vocab_offsets", "offsets", "doc_ids", "tfs", "lengths", "first_seen")
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
        self.vocabulary = StringTable.from_arrays(arrays, "vocab")
        self.offsets: npt.NDArray[np.int64] = np.asarray(arrays["offsets"])
        self.lengths: npt.NDArray[np.int64] = np.array(arrays["lengths"])
        self.first_seen: npt.NDArray[np.int64] = np.array(arrays["first_seen"])
        self.doc_ids = NpyReader(folder / "doc_ids.npy")
        self.tfs = NpyReader(folder / "tfs.npy")
        self.global_ids: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)


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


def merge_segments(
    folders: Sequence[Path],
    params: Bm25Params,
    target: Path,
    progress: Progress | None = None,
    chunk_postings: int = MERGE_CHUNK_POSTINGS,
) -> Bm25Index:
    """One index over the segments' documents in order (segment i's documents after segment i-1's).

    Writes the index's arrays into `target` (which must exist) and memory-maps them. ValueError
    when the segments hold no document.
    """
    segments = [_Segment(folder) for folder in folders]
    vocabulary = sorted(set().union(*(set(segment.vocabulary) for segment in segments)))
    term_id = {term: number for number, term in enumerate(vocabulary)}
    document_frequency = np.zeros(len(vocabulary), dtype=np.int64)
    for segment in segments:
        # Both vocabularies are sorted, so each segment's ids rise with the merged ids.
        segment.global_ids = np.array([term_id[term] for term in segment.vocabulary], dtype=np.int64)
        document_frequency[segment.global_ids] += np.diff(segment.offsets)
    del term_id
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
            docs, tfs, terms = _chunk(segments, doc_base, start, end)
            weights = posting_weights(idf[terms], tfs, norm[docs], params)
            upper[start:end] = np.maximum.reduceat(weights, offsets[start:end] - offsets[start])
            docs_out.write(docs)
            tfs_out.write(tfs)
            if progress:
                progress(int(offsets[end]), total)
            start = end
    save_arrays(
        target,
        {
            **StringTable.from_strings(vocabulary).arrays("vocab"),
            "offsets": offsets,
            "idf": idf,
            "upper": upper,
            "norm": norm,
        },
    )
    return Bm25Index.load(target, params)


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
    segments: Sequence[_Segment], doc_base: npt.NDArray[np.int64], start: int, end: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """(documents, frequencies, term ids) of merged terms [start, end), grouped by term, documents ascending."""
    docs, tfs, terms = [], [], []
    for number, segment in enumerate(segments):
        low, high = np.searchsorted(segment.global_ids, [start, end])
        first, last = int(segment.offsets[low]), int(segment.offsets[high])
        docs.append(segment.doc_ids.read(first, last) + np.int32(doc_base[number]))
        tfs.append(segment.tfs.read(first, last))
        terms.append(np.repeat(segment.global_ids[low:high], np.diff(segment.offsets[low : high + 1])))
    all_terms = np.concatenate(terms)
    order = np.argsort(all_terms, kind="stable")  # segments in order within a term: documents ascending
    return np.concatenate(docs)[order], np.concatenate(tfs)[order], all_terms[order]


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


def concatenate_columns(parts: Sequence[Path], tables: Sequence[str], ids: str, target: Path) -> dict[str, np.ndarray]:
    """Join the parts' string tables (and one int64 column) into single .npy files; returns them memory-mapped."""
    names: list[str] = [ids]
    column = np.concatenate([np.load(part / f"{ids}.npy") for part in parts])
    np.save(target / f"{ids}.npy", column, allow_pickle=False)
    for table in tables:
        offsets_parts = [np.load(part / f"{table}_offsets.npy") for part in parts]
        sizes = [int(offsets[-1]) for offsets in offsets_parts]
        starts = np.cumsum([0, *sizes])
        offsets = np.concatenate([offsets_parts[0][:1]] + [o[1:] + starts[i] for i, o in enumerate(offsets_parts)])
        np.save(target / f"{table}_offsets.npy", offsets, allow_pickle=False)
        with _NpyWriter(target / f"{table}_blob.npy", np.uint8, int(starts[-1])) as blob:
            for part in parts:
                blob.append_file(NpyReader(part / f"{table}_blob.npy"))
        names += [f"{table}_offsets", f"{table}_blob"]
    return load_arrays(target, names)
