"""Refusal in small folders, measured on public data: `python -m benchmarks.small_folders FILE`.

The refusal model was fitted on folders of thousands of sentences; folders of a few reports get
hand rules on top (`qa.answers.refusal.asks_unseen`, `title_word_idf`). This measures them: each of
`--folders` folders holds `--articles` articles of a SQuAD-format file (the first `--paragraphs`
paragraphs of each, one report file an article, its title as the title line); its questions are
in scope, as many questions of the file's other articles are out of scope — only questions sharing
a word of two or more characters (no frame word) with the folder's text, the ones a small folder
could mistake for its own (a report on courts and a question about tennis courts). Unanswerable
are the questions about the same articles' later paragraphs (not in the folder) whose gold answer
the folder's text does not hold: they name the folder's own subject and ask what it does not say
(「花莲有什么好吃的」 of a report on 花莲). Every question is asked
through `answer()` twice, as the product does and with the small-folder rule `asks_unseen` off,
and the script prints in-scope hit@1 (refusals counted wrong), in-scope answered, out-of-scope
refused and unanswerable refused for both. The folders are written under a temporary directory and deleted.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from qa.answers import answer as answering
from qa.evaluation import SquadQuestion, read_squad
from qa.reports.corpus import load_corpus
from qa.script import normalize, to_simplified
from qa.search.index import ReportIndex, build_index
from qa.search.stopwords import is_frame_word


@dataclass(slots=True)
class Tally:
    """Counts for one way of answering."""

    in_scope: int = 0
    right: int = 0
    answered: int = 0
    out_of_scope: int = 0
    refused: int = 0
    unanswerable: int = 0
    unanswered: int = 0

    def line(self, name: str) -> str:
        """One printed row."""
        return (
            f"{name:<24} in-scope hit@1 {self.right / max(self.in_scope, 1):6.1%}   "
            f"answered {self.answered / max(self.in_scope, 1):6.1%}   "
            f"out-of-scope refused {self.refused / max(self.out_of_scope, 1):6.1%}   "
            + (f"unanswerable refused {self.unanswered / self.unanswerable:6.1%}" if self.unanswerable else "")
        )


@contextmanager
def without_asks_unseen() -> Iterator[None]:
    """answer() with the small-folder rule off (the fitted model alone decides)."""
    with mock.patch.object(answering, "_asks_unseen", return_value=False):
        yield


def tally(
    index: ReportIndex,
    inside: list[SquadQuestion],
    outside: list[SquadQuestion],
    unanswerable: list[SquadQuestion],
    into: Tally,
) -> None:
    """Ask every question once and count the verdicts into `into`."""
    for item in inside:
        result = answering.answer(index, item.question, k=1)
        into.in_scope += 1
        into.answered += result.found
        into.right += result.found and any(gold in to_simplified(result.items[0].text) for gold in item.answers)
    for item in outside:
        into.out_of_scope += 1
        into.refused += not answering.answer(index, item.question, k=1).found
    for item in unanswerable:
        into.unanswerable += 1
        into.unanswered += not answering.answer(index, item.question, k=1).found


def shares_a_word(index: ReportIndex, item: SquadQuestion) -> bool:
    """Whether the question holds a word of two or more characters (no frame word) the folder's text holds."""
    words = index.analyze_question(normalize(item.question)).words
    return any(len(word) >= 2 and not is_frame_word(word) and index.contains_text(word) for word in words)


def write_folder(folder: Path, paragraphs: dict[int, list[str]], titles: dict[int, str], articles: list[int]) -> None:
    """One report file an article: its title line, then its paragraphs."""
    folder.mkdir(parents=True)
    for article in articles:
        body = "\n\n".join(paragraphs[article])
        (folder / f"a{article:04d}.txt").write_text(f"{titles[article]}\n\n{body}\n", encoding="utf-8")


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--folders", type=int, default=40)
    parser.add_argument("--articles", type=int, default=3)
    parser.add_argument("--paragraphs", type=int, default=2)
    parser.add_argument("--questions", type=int, default=15, help="in-scope (and out-of-scope) questions a folder")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    pairs, questions = read_squad(args.file)
    titles: dict[int, str] = {}
    paragraphs: dict[int, list[str]] = {}
    for paragraph_id, text in pairs:
        article, number = int(paragraph_id[:4]), int(paragraph_id[5:])
        title, _, context = text.partition("\n")
        titles[article] = title
        if number < args.paragraphs:
            paragraphs.setdefault(article, []).append(context)
    kept_ids = {f"{a:04d}_{p:03d}" for a in paragraphs for p in range(args.paragraphs)}
    asked = [item for item in questions if item.paragraph in kept_ids]
    later = [item for item in questions if item.paragraph not in kept_ids]
    product, plain = Tally(), Tally()
    sentences = 0
    with tempfile.TemporaryDirectory(prefix="qa-small-") as tmp:
        for number in range(args.folders):
            draw = random.Random(args.seed * 1000 + number)
            articles = draw.sample(sorted(paragraphs), args.articles)
            inside = [item for item in asked if item.article in articles]
            outside = [item for item in asked if item.article not in articles]
            folder = Path(tmp) / f"f{number:03d}"
            write_folder(folder, paragraphs, titles, articles)
            index = build_index(load_corpus(folder))
            inside = draw.sample(inside, min(args.questions, len(inside)))
            outside = [item for item in draw.sample(outside, min(400, len(outside))) if shares_a_word(index, item)]
            outside = outside[: args.questions]
            text = to_simplified("\n".join(p for a in articles for p in paragraphs[a]))
            beyond = [i for i in later if i.article in articles and not any(gold in text for gold in i.answers)]
            beyond = draw.sample(beyond, min(args.questions, len(beyond)))
            sentences += len(index.sentences)
            tally(index, inside, outside, beyond, product)
            with without_asks_unseen():
                tally(index, inside, outside, beyond, plain)
    out(
        f"{args.file.name}: {args.folders} folders of {args.articles} articles "
        f"(first {args.paragraphs} paragraphs), {sentences / args.folders:.0f} sentences a folder on average"
    )
    out(product.line("product"))
    out(plain.line("without asks_unseen"))


if __name__ == "__main__":
    main()
