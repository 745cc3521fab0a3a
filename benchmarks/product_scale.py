"""The whole product path at scale over a folder of distinct sentences: build, load, answer, memory.

The folder is generated from real text (the bundled reports and the public sets in
../shared/eval/public): every real sentence is cut into clauses after its commas and other inner
marks (，、；：), and each generated sentence joins one to three inner clauses with one closing
clause (the last clause of a real sentence, with its 。！？), all drawn at random; a sentence
already generated is drawn again, so **no sentence repeats**. Reports hold 40 sentences in
paragraphs of 4 under a title made of a real clause. Questions are real DRCD/CMRC questions.

One run measures: `qa index` on all cores (wall time and the peak resident memory of its largest
process), the cache size, then (after one untimed start) in fresh processes: load, load + first
answer, `answer()` median and p95, resident memory while serving (the process's own memory
plus the index pages it holds mapped: whole posting lists are read with preadv and the maps a
ranking touched are released after it, so those pages stay in the kernel's page cache, shared
and reclaimable, and are not counted; the row shows both parts); and for comparison the bare
engine (`Bm25Index.top_k` on the sentence-words field, in a fresh process) and rank-bm25 on the
same tokens (where it finishes).

Run: `python -m benchmarks.product_scale [--sentences 1000000] [--queries 200] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.scale import real_texts

SENTENCES_PER_REPORT = 40
SENTENCES_PER_PARAGRAPH = 4
RANK_BM25_MAX_SENTENCES = 1_000_000
_INNER_RE = re.compile(r"(?<=[,，、；;：:])")
_CLOSING = ("。", "！", "？", "!", "?")

SERVE = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from qa.search.store import open_index
from qa.answers.answer import answer
index = open_index(Path(sys.argv[1]), Path(sys.argv[2]))
loaded = time.perf_counter()
questions = json.load(open(sys.argv[3]))
answer(index, questions[0])
first = time.perf_counter()
times, cpu = [], []
for q in questions:
    t, c = time.perf_counter(), time.process_time(); answer(index, q)
    times.append((time.perf_counter() - t) * 1000); cpu.append((time.process_time() - c) * 1000)
wanted = ('VmRSS', 'RssAnon', 'RssFile')
status = {l.split(':')[0]: int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith(wanted)}
print(json.dumps(dict(load=loaded - start, first=first - start, times=times, cpu=cpu, rss=status['VmRSS'],
                      anon=status['RssAnon'], mapped=status['RssFile'])))
"""

ENGINE = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from qa.search.store import open_index
index = open_index(Path(sys.argv[1]), Path(sys.argv[2]))
field = index.fields.sentence_words
queries = [list(index.analyze_question(q).words) for q in json.load(open(sys.argv[3]))]
field.top_k(queries[0], 10)
times = []
for q in queries:
    t = time.perf_counter(); field.top_k(q, 10); times.append((time.perf_counter() - t) * 1000)
print(json.dumps(dict(times=times, queries=queries)))
"""

RANK_BM25 = """
import json, sys, time
import numpy as np
from pathlib import Path
from rank_bm25 import BM25Okapi
from qa.search.store import open_index
index = open_index(Path(sys.argv[1]), Path(sys.argv[2]))
queries = json.load(open(sys.argv[3]))
titles = [index.analyze_question(article.title).words for article in index.articles]
docs = [index.sentence_words(i) + titles[int(a)] for i, a in enumerate(index.sentences.article)]
oracle = BM25Okapi([list(d) for d in docs], k1=0.4, b=0.4)
del docs
field = index.fields.sentence_words
times, identical, limit = [], True, time.perf_counter() + 60
for q in queries:
    t = time.perf_counter(); scores = oracle.get_scores(q); np.argsort(scores)[::-1][:10]
    times.append((time.perf_counter() - t) * 1000)
    identical = identical and bool(np.array_equal(scores, field.scores(q)))
    if time.perf_counter() > limit and len(times) >= 5:
        break
print(json.dumps(dict(times=times, identical=identical)))
"""


def clause_pools(sentences: Sequence[str]) -> tuple[list[str], list[str]]:
    """(inner clauses ending in ，、；：, closing clauses ending in 。！？) of real sentences, deduplicated."""
    inner: dict[str, None] = {}
    closing: dict[str, None] = {}
    for sentence in sentences:
        parts = [part.strip() for part in _INNER_RE.split(sentence) if part.strip()]
        if len(parts) < 2 or not parts[-1].endswith(_CLOSING):
            continue
        for part in parts[:-1]:
            inner.setdefault(part, None)
        closing.setdefault(parts[-1], None)
    return list(inner), list(closing)


def distinct_sentences(count: int, inner: Sequence[str], closing: Sequence[str], rng: random.Random) -> list[str]:
    """`count` different sentences, each 1-3 random inner clauses and a random closing clause."""
    seen: set[str] = set()
    result: list[str] = []
    while len(result) < count:
        parts = [inner[rng.randrange(len(inner))] for _ in range(rng.randint(1, 3))]
        sentence = "".join(parts) + closing[rng.randrange(len(closing))]
        if sentence not in seen:
            seen.add(sentence)
            result.append(sentence)
    return result


def write_folder(folder: Path, sentences: Sequence[str], titles: Sequence[str], rng: random.Random) -> int:
    """Reports of SENTENCES_PER_REPORT sentences under a real-clause title; returns how many were written."""
    folder.mkdir(parents=True)
    reports = 0
    for start in range(0, len(sentences), SENTENCES_PER_REPORT):
        body = sentences[start : start + SENTENCES_PER_REPORT]
        title = titles[rng.randrange(len(titles))].rstrip("，、；：,;:")
        paragraphs = [
            "".join(body[i : i + SENTENCES_PER_PARAGRAPH]) for i in range(0, len(body), SENTENCES_PER_PARAGRAPH)
        ]
        text = title + "\n\n" + "\n".join(paragraphs) + "\n"
        (folder / f"{reports:07d}.txt").write_text(text, encoding="utf-8")
        reports += 1
    return reports


def _child(code: str, *args: str) -> dict[str, Any]:
    output = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(output.stdout)  # type: ignore[no-any-return]


def _build(folder: Path, cache: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest process) of `qa index` on the folder."""
    qa = str(Path(sys.executable).with_name("qa"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([qa, "--reports", str(folder), "--cache-dir", str(cache), "index"], check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def _median_p95(times: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, build and serve one folder of distinct sentences; print a Markdown row."""
    parser = argparse.ArgumentParser(description="The product path at scale over distinct sentences.")
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder and cache, and keep them")
    parser.add_argument("--no-rank-bm25", action="store_true", help="skip the rank-bm25 comparison")
    parser.add_argument(
        "--serve-only", action="store_true", help="with --keep: serve the kept cache, do not build it again"
    )
    args = parser.parse_args(argv)
    real, questions = real_texts()
    inner, closing = clause_pools(real)
    rng = random.Random(11)
    chosen = rng.sample(questions, args.queries)
    work = args.keep or Path(tempfile.mkdtemp(prefix="product-scale-"))
    folder, cache = work / "reports", work / "cache"
    try:
        if not folder.is_dir():
            write_folder(folder, distinct_sentences(args.sentences, inner, closing, rng), inner, rng)
        build_s = build_rss = float("nan")
        if not (args.serve_only and args.keep is not None):
            shutil.rmtree(cache, ignore_errors=True)
            build_s, build_rss = _build(folder, cache)
        # One untimed start: files written within seconds of the build are re-hashed once (racily
        # clean), as on any machine; the timed starts below are the steady state.
        subprocess.run(
            [str(Path(sys.executable).with_name("qa")), "--reports", str(folder), "--cache-dir", str(cache), "index"],
            check=True,
            capture_output=True,
        )
        size = sum(p.stat().st_size for p in cache.rglob("index-*/**/*") if p.is_file()) / 2**20
        questions_file = work / "questions.json"
        questions_file.write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
        served = _child(SERVE, str(folder), str(cache), str(questions_file))
        engine = _child(ENGINE, str(folder), str(cache), str(questions_file))
        rank: dict[str, Any] | None = None
        if not args.no_rank_bm25 and args.sentences <= RANK_BM25_MAX_SENTENCES:
            tokens_file = work / "tokens.json"
            tokens_file.write_text(json.dumps(engine["queries"], ensure_ascii=False), encoding="utf-8")
            rank = _child(RANK_BM25, str(folder), str(cache), str(tokens_file))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    median, p95 = _median_p95(served["times"])
    # On a shared machine the wall-clock time includes waiting for a core; the CPU time does not.
    cpu_median, cpu_p95 = _median_p95(served["cpu"])
    engine_median, engine_p95 = _median_p95(engine["times"])
    rank_cell = "not run"
    if rank is not None:
        rank_median, rank_p95 = _median_p95(rank["times"])
        same = "identical" if rank["identical"] else "DIFFERENT"
        rank_cell = f"{rank_median:.0f} / {rank_p95:.0f} ({len(rank['times'])} q, scores {same})"
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f}; {args.sentences:,} distinct sentences "
        f"from {len(inner):,} inner and {len(closing):,} closing real clauses; {len(chosen)} questions"
    )
    print(
        "| sentences | build (s) | peak build RSS (MB) | cache (MB) | load (s) | load + first answer (s) "
        "| answer() median / p95 (ms) | answer() CPU median / p95 (ms) | RSS serving (MB) "
        "| engine alone median / p95 (ms) | rank-bm25 median / p95 (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.sentences:,} | {build_s:.0f} | {build_rss:.0f} | {size:.0f} | {served['load']:.2f} "
        f"| {served['first']:.2f} | {median:.1f} / {p95:.1f} | {cpu_median:.1f} / {cpu_p95:.1f} "
        f"| {served['rss']:.0f} ({served['anon']:.0f} + {served['mapped']:.0f} mapped) "
        f"| {engine_median:.2f} / {engine_p95:.2f} | {rank_cell} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
