"""The whole product path at scale: a folder of N sentences, `qa index`, then questions in a fresh process.

The folder is synthesised from real sentences (the bundled reports and the public sets in
../shared/eval/public), drawn with repeats, 40 to a report with a title line, so the vocabulary is
that of ~21k real sentences however large N is (said in the output). Measures the build (jieba on
both cores, four BM25 fields), the cache size, then in a new process: load + first answer,
`answer()` latency over real questions, and resident memory while serving.

Run: `python -m benchmarks.product_scale [--sentences 1000000] [--queries 200]`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.scale import real_texts

SENTENCES_PER_REPORT = 40

SERVE = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from qa.store import open_index
from qa.answer import answer
index = open_index(Path(sys.argv[1]), Path(sys.argv[2]))
loaded = time.perf_counter()
questions = json.load(open(sys.argv[3]))
answer(index, questions[0])
first = time.perf_counter()
times = []
for q in questions:
    t = time.perf_counter(); answer(index, q); times.append((time.perf_counter() - t) * 1000)
rss = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS')][0] / 1024
print(json.dumps(dict(load=loaded - start, first=first - start, times=times, rss=rss)))
"""


def write_folder(folder: Path, sentences: list[str], count: int, rng: random.Random) -> None:
    """`count` sentences drawn with repeats, in reports of SENTENCES_PER_REPORT under a title line."""
    folder.mkdir(parents=True)
    for number in range(0, count, SENTENCES_PER_REPORT):
        body = [rng.choice(sentences) for _ in range(min(SENTENCES_PER_REPORT, count - number))]
        title = f"报告{number // SENTENCES_PER_REPORT}"
        paragraphs = ["".join(body[i : i + 4]) for i in range(0, len(body), 4)]
        (folder / f"{number // SENTENCES_PER_REPORT:06d}.txt").write_text(
            title + "\n\n" + "\n".join(paragraphs) + "\n", encoding="utf-8"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Build and serve one synthetic folder; print a Markdown row."""
    parser = argparse.ArgumentParser(description="The product path at scale.")
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    sentences, questions = real_texts()
    sentences = [s for s in sentences if s.endswith(("。", "！", "？", "!", "?", "；"))]
    rng = random.Random(11)
    chosen = rng.sample(questions, args.queries)
    qa = str(Path(sys.executable).with_name("qa"))
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "reports", Path(tmp) / "cache"
        write_folder(folder, sentences, args.sentences, rng)
        start = time.perf_counter()
        subprocess.run([qa, "--reports", str(folder), "--cache-dir", str(cache), "index"], check=True)
        build = time.perf_counter() - start
        size = sum(p.stat().st_size for p in cache.rglob("index-*/**/*") if p.is_file()) / 2**20
        questions_file = Path(tmp) / "questions.json"
        questions_file.write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
        served = json.loads(
            subprocess.run(
                [sys.executable, "-c", SERVE, str(folder), str(cache), str(questions_file)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        shutil.rmtree(folder, ignore_errors=True)
    times = sorted(served["times"])
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"# {args.sentences:,} sentences drawn from {len(sentences):,} real ones; {len(chosen)} questions")
    print(
        "| sentences | build (s) | cache (MB) | load (s) | load + first answer (s) "
        "| answer median / p95 (ms) | RSS serving (MB) |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {args.sentences:,} | {build:.0f} | {size:.0f} | {served['load']:.2f} | {served['first']:.2f} "
        f"| {statistics.median(times):.1f} / {p95:.1f} | {served['rss']:.0f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
