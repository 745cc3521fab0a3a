"""What the cache checksums cost: the sampled check every load does, and the full check (`qa index --verify`).

Builds the index of a folder of distinct sentences (as benchmarks.product_scale does), then times, over a warm
page cache: the sampled check alone, a whole load_index (which includes it), and the full CRC-32
of every file. Run: `python -m benchmarks.integrity [--sentences 100000]`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.product_scale import clause_pools, distinct_sentences, write_folder
from benchmarks.scale import real_texts
from qa.search.index import RankingConfig
from qa.search.store import MANIFEST, cached_index_folder, load_index, open_index, verify_files, verify_index


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """Median seconds of `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    """Print one Markdown row: sentences, cache size, sampled check, load, full verify."""
    parser = argparse.ArgumentParser(description="The cost of the cache checksums.")
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    real, _ = real_texts()
    inner, closing = clause_pools(real)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "reports", Path(tmp) / "cache"
        write_folder(folder, distinct_sentences(args.sentences, inner, closing, rng), inner, rng)
        open_index(folder, cache, workers=2)
        target = cached_index_folder(folder, cache)
        sums = json.loads((target / MANIFEST).read_text(encoding="utf-8"))["checksums"]
        size = sum(entry["size"] for entry in sums.values())
        sampled = best_of(args.repeats, lambda: verify_files(target, sums, full=False))
        load = best_of(args.repeats, lambda: load_index(target, RankingConfig()))
        full = best_of(args.repeats, lambda: verify_index(target))
    print("| sentences | files | cache MB | sampled check (every load) | load_index | full verify |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.sentences:,} | {len(sums)} | {size / 1e6:.1f} | {sampled * 1000:.2f} ms | "
        f"{load * 1000:.1f} ms | {full * 1000:.1f} ms |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
