"""Round-trip benchmark: user message -> bot reply through the Bot API emulator, and the bot's share.

Starts the emulator (tests/e2e/emulator.js) and the real bot process (`python -m bot`, polling),
asks --count seed questions one at a time as a user, and times each until the reply is stored.
The bot's share is the in-process `answer()` time for the same questions over the round trip.

Run: `python -m benchmarks.roundtrip [--count 100]` (needs Node.js and `make test`'s npm install).
"""

from __future__ import annotations

import argparse
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
from tests.e2e.test_bot_e2e import E2E, Emulator, free_port, start_bot

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    """Print median and p95 round-trip latency and the bot's share."""
    parser = argparse.ArgumentParser(description="Round-trip latency through the Bot API emulator.")
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [r["question"] for r in records if r["source"]]
    asked = [questions[i % len(questions)] for i in range(args.count)]

    port = free_port()
    node = subprocess.Popen(["node", str(E2E / "emulator.js"), str(port)], stdout=subprocess.PIPE, text=True)
    if node.stdout is None or not node.stdout.readline().startswith("ready"):
        print("the emulator did not start", file=sys.stderr)
        return 1
    emulator = Emulator(port, node)
    with tempfile.TemporaryDirectory() as tmp:
        bot = start_bot(emulator, Path(tmp))
        chat = {"id": 4242, "type": "private", "first_name": "Bench"}
        timings = []
        try:
            for number, question in enumerate(asked, 1):
                start = time.perf_counter()
                emulator.send(question, chat)
                while len(emulator.messages(4242)) < number:
                    time.sleep(0.001)
                timings.append((time.perf_counter() - start) * 1000)
        finally:
            bot.stop()
            node.terminate()
            node.wait(10)
            if node.stdout is not None:
                node.stdout.close()

    index = build_index(load_corpus(ROOT / "seeds"))
    own = []
    for question in asked:
        start = time.perf_counter()
        answer(index, question)
        own.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    print(f"round trip over {len(timings)} questions: median {median:.1f} ms, p95 {np.percentile(timings, 95):.1f} ms")
    own_median = statistics.median(own)
    print(f"answer() in process: median {own_median:.1f} ms ({own_median / median:.0%} of the round trip)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
