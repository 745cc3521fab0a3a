"""A full `qa index` of a big folder against the updates that follow it: one report added, changed, removed.

The folder is copied with hard links (the source is never written), built from scratch, then
changed one file at a time, each change followed by a timed `qa index` that reuses the kept
parts (`qa.search.parts`). The added report is generated like the folder's own (distinct sentences
recombined from real clauses, `benchmarks.product_scale`); "add between" puts it in the middle
of the folder's name order, "add last" after every other name. A changed file is replaced by a
new file renamed over it (a hard-linked file is never edited in place). Each step reports wall
time and the peak resident memory of the `qa index` process. With `--check`, the last folder is
also built from scratch and its index compared array for array with the updated one.

Run: `python -m benchmarks.incremental --reports DIR --work DIR [--check]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from benchmarks.product_scale import SENTENCES_PER_REPORT, clause_pools, distinct_sentences
from benchmarks.scale import real_texts
from qa.search.store import saved_arrays

TIME = "/usr/bin/time"


def _qa_index(folder: Path, cache: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `qa index` in a fresh process."""
    qa = str(Path(sys.executable).with_name("qa"))
    command = [qa, "--reports", str(folder), "--cache-dir", str(cache), "index"]
    start = time.perf_counter()
    result = subprocess.run([TIME, "-f", "%M", *command], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(result.stderr.strip().splitlines()[-1]) / 1024


def _new_report(seed: int) -> str:
    rng = random.Random(seed)
    inner, closing = clause_pools(real_texts()[0])
    sentences = distinct_sentences(SENTENCES_PER_REPORT, inner, closing, rng)
    title = inner[rng.randrange(len(inner))].rstrip("，、；：,;:")
    paragraphs = ["".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return title + "\n\n" + "\n".join(paragraphs) + "\n"


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _steps(folder: Path) -> list[tuple[str, Callable[[], None]]]:
    names = sorted(path.name for path in folder.iterdir() if path.suffix == ".txt")
    middle, last = names[len(names) // 2], names[-1]
    return [
        ("add last", lambda: _write(folder / f"{Path(last).stem}z.txt", _new_report(1))),  # "z" sorts after "."
        ("add between", lambda: _write(folder / f"{Path(middle).stem}-new.txt", _new_report(2))),
        ("change", lambda: _write(folder / names[len(names) // 4], _new_report(3))),
        ("remove", lambda: (folder / names[len(names) // 3]).unlink()),
    ]


def _same(first: Path, second: Path) -> bool:
    one, two = saved_arrays(next(first.glob("index-*"))), saved_arrays(next(second.glob("index-*")))
    return sorted(one) == sorted(two) and all(np.array_equal(values, two[name]) for name, values in one.items())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, required=True, help="the folder to copy (never written)")
    parser.add_argument("--work", type=Path, required=True, help="where the copy and its caches go (emptied)")
    parser.add_argument("--check", action="store_true", help="compare the updated index with a fresh build")
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    folder, cache = args.work / "reports", args.work / "cache"
    subprocess.run(["cp", "-al", str(args.reports), str(folder)], check=True)
    rows = []
    seconds, peak = _qa_index(folder, cache)
    rows.append({"step": "full build", "seconds": round(seconds, 1), "peak_rss_mb": round(peak)})
    print(json.dumps(rows[-1]), flush=True)
    for step, change in _steps(folder):
        change()
        seconds, peak = _qa_index(folder, cache)
        rows.append({"step": step, "seconds": round(seconds, 1), "peak_rss_mb": round(peak)})
        print(json.dumps(rows[-1]), flush=True)
    result: dict[str, object] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load": Path("/proc/loadavg").read_text().split()[:3],
        "steps": rows,
    }
    if args.check:
        seconds, peak = _qa_index(folder, args.work / "fresh")
        result["fresh build"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(peak)}
        result["identical"] = _same(cache, args.work / "fresh")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
