"""Start-up benchmark on the bundled reports: process start -> first answer, and per-question latency.

Naive path: import everything, segment every sentence with jieba, build rank-bm25, answer.
Ours: `qa ask` with a warm index cache (first run builds it; later runs load it).
Each path runs in fresh processes; medians over --runs. Also jieba's dictionary load alone.
Both paths import the `qa` package from a copy whose bytecode is compiled first, as an installed
package's is (pip compiles at install), so the figures do not depend on whether this interpreter
may write `__pycache__` (PYTHONDONTWRITEBYTECODE=1, as in many containers, makes every start of a
source checkout compile ~40 modules anew). The same two paths from a copy without bytecode, under
PYTHONDONTWRITEBYTECODE=1, are the second pair of rows.

Run: `python -m benchmarks.startup [--runs 7]`.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.answers.answer import answer
from qa.reports.corpus import load_corpus
from qa.search.index import build_index

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
QUESTION = "梧州全市法院的当场立案率是多少?"
UNSEEN_QUESTION = "贵港市的污水处理率是多少?"  # names words no bundled report uses (their tags are looked up)

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


Command = tuple[list[str], dict[str, str]]  # argv and environment


@dataclass(frozen=True)
class Timing:
    """Medians over fresh processes: wall-clock seconds, and the CPU seconds (user + system) they used."""

    wall: float
    cpu: float


def timed_runs(commands: dict[str, Command], runs: int) -> dict[str, Timing]:
    """Medians of `runs` fresh processes of each command, taken in turn.

    Taking them in turn (one of each, then again) keeps a change of the shared machine's load
    from favouring the command that happened to run while it was quiet; the CPU time moves
    less with the load than the wall-clock time does.
    """
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            walls[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {name: Timing(statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands}


def package_copy(target: Path, *, compiled: bool) -> dict[str, str]:
    """The environment of processes that import `qa` from a copy in `target`, with its bytecode or none."""
    shutil.copytree(ROOT / "src" / "qa", target / "qa", ignore=shutil.ignore_patterns("__pycache__"))
    if compiled:
        compileall.compile_dir(target / "qa", quiet=1)
    env = {**os.environ, "PYTHONPATH": str(target)}
    if not compiled:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def with_cache(env: dict[str, str], cache: Path) -> dict[str, str]:
    """`env` for `qa ask` on the bundled reports with its index cache in `cache`."""
    return {**env, "QA_CACHE_DIR": str(cache), "QA_REPORTS_DIR": str(SEEDS)}


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
    ask = [qa, "ask", QUESTION]
    with tempfile.TemporaryDirectory() as tmp:
        compiled = package_copy(Path(tmp) / "compiled", compiled=True)
        source = package_copy(Path(tmp) / "source", compiled=False)
        cache = Path(tmp) / "cache"
        cold = timed_runs({"cold": (ask, with_cache(compiled, cache))}, 1)["cold"]
        commands: dict[str, Command] = {
            "warm": (ask, with_cache(compiled, cache)),
            "warm_unseen": ([qa, "ask", UNSEEN_QUESTION], with_cache(compiled, cache)),
            "naive": ([python, "-c", NAIVE], compiled),
            "warm_source": (ask, with_cache(source, cache)),
            "naive_source": ([python, "-c", NAIVE], source),
            "jieba": ([python, "-c", JIEBA_ONLY], compiled),
            "bare": ([python, "-c", PYTHON_ONLY], compiled),
        }
        timed_runs(commands, 1)  # untimed: each copy's settings memo and the page cache, as on a second start
        median = {"cold": cold, **timed_runs(commands, args.runs)}
    rows = [  # label, timing, the naive path it is compared with
        ("naive: import, jieba every sentence, rank-bm25, answer", "naive", None),
        ("ours, cold cache (builds and saves the index)", "cold", None),
        ("**ours, warm cache (`qa ask`)**", "warm", "naive"),
        ("ours, warm cache, a question naming words no report uses", "warm_unseen", "naive"),
        ("naive, no bytecode for `qa` (PYTHONDONTWRITEBYTECODE=1)", "naive_source", None),
        ("ours, warm cache, no bytecode for `qa`", "warm_source", "naive_source"),
        ("python alone", "bare", None),
        ("jieba's dictionary load alone (from jieba's own cache), python included", "jieba", None),
    ]
    print(f"| path (median of {args.runs} fresh processes each) | process start -> first answer | CPU (user + sys) |")
    print("|---|---|---|")
    for label, name, base in rows:
        timing = median[name]
        wall, cpu = f"{timing.wall:.2f} s", f"{timing.cpu:.2f} s"
        if base is not None:
            wall += f" ({timing.wall / median[base].wall:.0%} of naive)"
            cpu += f" ({timing.cpu / median[base].cpu:.0%})"
        print(f"| {label} | {wall} | {cpu} |")
    median_ms, p95_ms, count = question_latency()
    print()
    print(f"per question, in process, {count} seed questions x5: median {median_ms:.1f} ms, p95 {p95_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
