"""Score a fresh question set written before any was run: `python -m benchmarks.fresh_questions FILE`.

Each line: {"id", "folder" (reports folder, relative to the repository), "question", "source"
(report id, or null when the honest reply is a refusal), "answer_contains"}. A question is right
when it is refused and `source` is null, or when an answer (a listed one, for a listing) comes
from `source`, its text or shown context holds the fragment and no "not mentioned" notice is
attached. Prints one line a question and the score; the sets are tests/data/fresh_questions_*.jsonl.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qa.answers.answer import answer
from qa.models import Answer
from qa.reports.corpus import load_corpus
from qa.script import normalize
from qa.search.index import ReportIndex, build_index

ROOT = Path(__file__).resolve().parent.parent


def is_right(result: Answer, source: str | None, fragment: str | None) -> bool:
    """The verdict on one reply, as the module docstring says."""
    if source is None:
        return not result.found
    if not result.found or fragment is None or result.missing_terms or result.absent_terms:
        return False
    items = result.items if result.listing else result.items[:1]
    return any(item.article.id == source and normalize(fragment) in normalize(item.context) for item in items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    args = parser.parse_args()
    indexes: dict[str, ReportIndex] = {}
    rows = [json.loads(line) for line in args.file.read_text("utf-8").splitlines() if line.strip()]
    right = 0
    for row in rows:
        folder = str(row["folder"])
        if folder not in indexes:
            indexes[folder] = build_index(load_corpus(ROOT / folder))
        result = answer(indexes[folder], str(row["question"]), k=3)
        ok = is_right(result, row["source"], row["answer_contains"])
        right += ok
        shown = result.items[0].display[:60] if result.found else f"refused ({result.refusal})"
        print(f"{'ok  ' if ok else 'FAIL'} {row['id']} {row['question']} => {shown}")
    print(f"{right}/{len(rows)}")


if __name__ == "__main__":
    main()
