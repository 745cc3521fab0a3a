"""Start-up benchmark on the bundled reports: process start -> first answer, and per-question latency.

Naive path: import everything, segment every sentence with jieba, build rank-bm25, answer.
Ours: `qa ask` with a warm index cache (first run builds it; later runs load it).
Each path runs in fresh processes; medians over --runs. Also jieba's dictionary load alone.
Both paths start warm the same way: the package's bytecode is compiled first (as any install or
earlier run leaves it), since `PYTHONDONTWRITEBYTECODE` would otherwise make every run compile
every module it imports from source.

Run: `python -m benchmarks.startup [--runs 7]`.
"""

from __future__ import annotations

import argparse
import compileall
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from qa.answers.answer import answer
from qa.reports.corpus import load_corpus
from qa.search.index import build_index

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
QUESTION = "梧州全市法院的当场立案率是多少?"

NAIVE = f"""
import jieba, rank_bm25, opencc, numpy
from pathlib import Path
from qa.reports.corpus import load_corpus
corpus = load_corpus(Path({str(SEEDS)!r}))
texts = [s.text for s in corpus.sentences]
bm25 = rank_bm25.BM25Okapi([jieba.lcut(t) for t in texts])
scores = bm25.get_scores(jieba.lcut({QUESTION!r}))
print(texts[int(numpy.argmax(scores))])
"""
JIEBA_ONLY = "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.initialize()"
PYTHON_ONLY = "pass"


def timed_runs(command: list[str], runs: int, env_cache: Path | None = None) -> list[float]:
    """Wall-clock seconds of `runs` fresh processes."""
    env = None
    if env_cache is not None:
        import os

        env = {**os.environ, "QA_CACHE_DIR": str(env_cache), "QA_REPORTS_DIR": str(SEEDS)}
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        timings.append(time.perf_counter() - start)
    return timings


def question_latency() -> tuple[float, float, int]:
    """(median ms, p95 ms, count) of `answer` over the seed questions, in process."""
    index = build_index(load_corpus(SEEDS))
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    answer(index, questions[0])
    timings = []
    for _ in range(5):
        for question in questions:
            start = time.perf_counter()
            answer(index, question)
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), float(np.percentile(timings, 95)), len(questions)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the start-up comparison as a Markdown table."""
    parser = argparse.ArgumentParser(description="Start-up and per-question latency on the bundled reports.")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    python = sys.executable
    qa = str(Path(python).with_name("qa"))
    compileall.compile_dir(ROOT / "src", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        cold = timed_runs([qa, "ask", QUESTION], 1, cache)[0]
        warm = statistics.median(timed_runs([qa, "ask", QUESTION], args.runs, cache))
    naive = statistics.median(timed_runs([python, "-c", NAIVE], args.runs))
    jieba_load = statistics.median(timed_runs([python, "-c", JIEBA_ONLY], args.runs))
    bare = statistics.median(timed_runs([python, "-c", PYTHON_ONLY], args.runs))
    median_ms, p95_ms, count = question_latency()
    print(f"| path | process start -> first answer (median of {args.runs}) |")
    print("|---|---|")
    print(f"| naive: import, jieba every sentence, rank-bm25, answer | {naive:.2f} s |")
    print(f"| ours, cold cache (builds and saves the index) | {cold:.2f} s |")
    print(f"| ours, warm cache (`qa ask`) | {warm:.2f} s ({warm / naive:.0%} of naive) |")
    print(f"| python alone | {bare:.2f} s |")
    print(f"| jieba dictionary load alone (cached by jieba) | {jieba_load - bare:.2f} s above python |")
    print()
    print(f"per question, in process, {count} seed questions x5: median {median_ms:.1f} ms, p95 {p95_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
