"""Types of the compiled query kernel (_kernel.c); `qa.search.bm25.Kernel` documents each function."""

import numpy as np
import numpy.typing as npt

def accumulate(
    docs: npt.NDArray[np.int32],
    tfs: npt.NDArray[np.int32],
    norm: npt.NDArray[np.float64],
    idf: float,
    k1_plus_1: float,
    scale: float,
    partial: npt.NDArray[np.float64],
    fresh: npt.NDArray[np.int64] | None,
    marked: npt.NDArray[np.bool_] | None,
    /,
) -> int: ...
def add_weights_at(
    postings: npt.NDArray[np.int32],
    tfs: npt.NDArray[np.int32],
    norm: npt.NDArray[np.float64],
    idf: float,
    k1_plus_1: float,
    documents: npt.NDArray[np.int64],
    out: npt.NDArray[np.float64],
    /,
) -> None: ...
def prune(
    terms: list[tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], float, float, float]],
    k: int,
    threshold: float,
    keep_factor: float,
    norm: npt.NDArray[np.float64],
    k1_plus_1: float,
    candidates: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    origin: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    /,
) -> tuple[int, int, float]: ...
