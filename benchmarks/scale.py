"""Scale benchmark: this project's exact BM25Okapi against rank-bm25, from 1k to 1M sentences.

Corpus: real sentences from the bundled reports and the public sets in ../shared/eval/public,
split into clauses at commas; sizes beyond the real sentence count are synthesised by joining
2-3 random real clauses (said in the output). Each clause is segmented with jieba once, so a
synthetic sentence's tokens are its clauses' tokens: jieba's cost is measured separately, on
real sentences with both cores, and extrapolated. Queries: real DRCD/CMRC questions, the same
tokens for both engines (jieba, punctuation and function words dropped).

Run: `python -m benchmarks.scale [--sizes 1000,10000,100000,1000000] [--queries 200]`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rank_bm25 import BM25Okapi

from qa.reports.corpus import load_corpus
from qa.reports.sentences import split_sentences
from qa.search.bm25 import Bm25Index, Bm25Params
from qa.search.index import analyze_texts
from qa.search.text import analyze

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT.parent / "shared" / "eval" / "public"
RANK_BM25_LIMIT_SECONDS = 5.0
_CLAUSE_RE = re.compile(r"(?<=[,，、；;：:])")


@dataclass
class Row:
    """One corpus size's measurements."""

    size: int
    synthetic: bool
    build_s: float
    index_mb: float
    load_s: float
    first_answer_s: float
    rss_mb: float
    ours_median_ms: float
    ours_p95_ms: float
    exhaustive_median_ms: float
    rank_median_ms: float | None
    rank_p95_ms: float | None
    rank_note: str
    identical: bool | None


def real_texts() -> tuple[list[str], list[str]]:
    """(sentences, questions) from the bundled reports and the public reading-comprehension sets."""
    sentences = [s.text for s in load_corpus(ROOT / "seeds").sentences]
    questions: list[str] = []
    for name in ("DRCD_dev.json", "cmrc2018_dev.json"):
        path = PUBLIC / name
        if not path.exists():
            continue
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            for paragraph in article["paragraphs"]:
                sentences.extend(split_sentences(paragraph["context"]))
                questions.extend(qa["question"] for qa in paragraph["qas"])
    return sentences, questions


def clause_tokens(sentences: list[str], workers: int) -> list[list[str]]:
    """Content-word tokens of every clause (jieba on both cores)."""
    clauses = [c for s in sentences for c in _CLAUSE_RE.split(s) if c.strip()]
    return [list(a.words) for a in analyze_texts(clauses, workers=workers) if a.words]


def make_corpus(
    size: int, clauses: list[list[str]], real_count: int, rng: random.Random
) -> tuple[list[list[str]], bool]:
    """`size` token lists: joined clauses (2-3 each), real-sized or synthetic."""
    docs = []
    for _ in range(size):
        parts = rng.randint(2, 3)
        doc: list[str] = []
        for _ in range(parts):
            doc.extend(clauses[rng.randrange(len(clauses))])
        docs.append(doc)
    return docs, size > real_count


def time_queries(run: object, queries: Sequence[list[str]]) -> list[float]:
    """Per-query latency in milliseconds."""
    timings = []
    for query in queries:
        start = time.perf_counter()
        run(query)  # type: ignore[operator]  # a callable taking the query
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def p95(values: list[float]) -> float:
    """95th percentile."""
    return float(np.percentile(values, 95))


def serve_child(folder: Path, queries_file: Path, k: int) -> dict[str, Any]:
    """Load the saved index in a fresh process: load time, first answer, latencies, resident memory."""
    code = f"""
import json, time, sys
start = time.perf_counter()
from qa.search.bm25 import Bm25Index, Bm25Params
index = Bm25Index.load(__import__('pathlib').Path({str(folder)!r}), Bm25Params())
loaded = time.perf_counter()
queries = json.load(open({str(queries_file)!r}))
index.top_k(queries[0], {k})
first = time.perf_counter()
times = []
for q in queries:
    t = time.perf_counter(); index.top_k(q, {k}); times.append((time.perf_counter() - t) * 1000)
rss = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS')][0] / 1024
print(json.dumps(dict(load=loaded - start, first=first - start, times=times, rss=rss)))
"""
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(output)  # type: ignore[no-any-return]


def measure(size: int, clauses: list[list[str]], real_count: int, queries: list[list[str]], k: int) -> Row:
    """Build, save, reload and query one corpus size, with rank-bm25 beside it."""
    rng = random.Random(size)
    docs, synthetic = make_corpus(size, clauses, real_count, rng)
    start = time.perf_counter()
    index = Bm25Index.build(docs, Bm25Params())
    build_s = time.perf_counter() - start
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    try:
        index.save(folder)
        index_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        queries_file = folder / "queries.json"
        queries_file.write_text(json.dumps(queries), encoding="utf-8")
        child = serve_child(folder, queries_file, k)
        exhaustive = time_queries(lambda q: index.scores(q).argpartition(-k)[-k:], queries)
        rank_median, rank_p95, note, identical = _rank_bm25(docs, index, queries)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    times = child["times"]
    return Row(
        size,
        synthetic,
        build_s,
        index_mb,
        child["load"],
        child["first"],
        child["rss"],
        statistics.median(times),
        p95(times),
        statistics.median(exhaustive),
        rank_median,
        rank_p95,
        note,
        identical,
    )


def _rank_bm25(
    docs: list[list[str]], index: Bm25Index, queries: list[list[str]]
) -> tuple[float | None, float | None, str, bool | None]:
    oracle = BM25Okapi(docs)
    start = time.perf_counter()
    first = oracle.get_scores(queries[0])
    if time.perf_counter() - start > RANK_BM25_LIMIT_SECONDS:
        return None, None, f"skipped: one query took over {RANK_BM25_LIMIT_SECONDS:.0f} s", None
    sample = queries[: max(5, min(len(queries), int(20 / max(time.perf_counter() - start, 1e-3))))]
    identical = bool(np.array_equal(first, index.scores(queries[0])))
    timings = []
    for query in sample:
        t = time.perf_counter()
        scores = oracle.get_scores(query)
        np.argsort(scores)[::-1][:10]  # get_top_n's full sort
        timings.append((time.perf_counter() - t) * 1000)
        identical = identical and bool(np.array_equal(scores, index.scores(query)))
    del oracle
    gc.collect()
    return statistics.median(timings), p95(timings), f"{len(sample)} queries", identical


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("-k", type=int, default=10)
    args = parser.parse_args(argv)
    workers = os.cpu_count() or 1
    sentences, questions = real_texts()
    start = time.perf_counter()
    clauses = clause_tokens(sentences, workers)
    tokenise_s = time.perf_counter() - start
    per_second = len(sentences) / tokenise_s
    rng = random.Random(7)
    queries = [q for q in (list(analyze(text).words) for text in rng.sample(questions, args.queries * 2)) if q]
    queries = queries[: args.queries]
    today = time.strftime("%Y-%m-%d")
    print(f"# machine: {platform.machine()}, {workers} cores, Python {platform.python_version()}, {today}")
    print(f"real sentences: {len(sentences):,}; clauses: {len(clauses):,}; queries: {len(queries)}; top-{args.k}")
    print(
        f"jieba + normalisation: {per_second:,.0f} sentences/s on {workers} processes "
        f"(1M sentences ≈ {1_000_000 / per_second / 60:.1f} min)"
    )
    print()
    print(
        "| sentences | corpus | build (s) | index (MB) | load (s) | load + first answer (s) | RSS serving (MB) "
        "| ours median / p95 (ms) | exhaustive median (ms) | rank-bm25 median / p95 (ms) | ratio | scores identical |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, clauses, len(sentences), queries, args.k)
        rank = (
            f"{row.rank_median_ms:.1f} / {row.rank_p95_ms:.1f} ({row.rank_note})"
            if row.rank_median_ms
            else row.rank_note
        )
        ratio = f"{row.rank_median_ms / row.ours_median_ms:.0f}×" if row.rank_median_ms else "—"
        print(
            f"| {size:,} | {'synthetic' if row.synthetic else 'real'} | {row.build_s:.1f} | {row.index_mb:.0f} "
            f"| {row.load_s:.3f} | {row.first_answer_s:.3f} | {row.rss_mb:.0f} "
            f"| {row.ours_median_ms:.2f} / {row.ours_p95_ms:.2f} | {row.exhaustive_median_ms:.2f} | {rank} | {ratio} "
            f"| {'yes' if row.identical else ('—' if row.identical is None else 'NO')} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
