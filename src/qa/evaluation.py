"""Measure answer quality: the seed question set, and public SQuAD-format sets as open retrieval."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qa.answers.answer import answer
from qa.answers.refusal import RefusalFeatures, is_refused
from qa.errors import EvaluationError
from qa.models import Answer
from qa.script import normalize, to_simplified
from qa.search.index import ReportIndex


@dataclass(slots=True)
class Miss:
    """A question the bot got wrong, with what it said instead."""

    id: str
    question: str
    expected: str | None
    got: str | None


@dataclass(slots=True)
class SeedReport:
    """Results on a seed-format question set."""

    in_scope: int = 0
    top1: int = 0
    hit3: int = 0
    reciprocal_rank: float = 0.0
    out_of_scope: int = 0
    refused: int = 0
    noticed: int = 0
    misses: list[Miss] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str]]:
        """(metric, value) rows for printing."""
        scope = max(self.in_scope, 1)
        return [
            ("questions in scope", str(self.in_scope)),
            ("top-1 hit", f"{self.top1}/{self.in_scope} = {100 * self.top1 / scope:.1f}%"),
            ("hit@3", f"{self.hit3}/{self.in_scope} = {100 * self.hit3 / scope:.1f}%"),
            ("MRR", f"{self.reciprocal_rank / scope:.3f}"),
            ("out-of-scope refused", f"{self.refused}/{self.out_of_scope}"),
            ("in scope with a notice", f"{self.noticed}/{self.in_scope}"),
        ]


def read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    """Objects of a JSON-lines file; EvaluationError naming the line if one is not JSON."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path}:{number} is not JSON") from exc


def _contains(haystack: str, needle: str) -> bool:
    return normalize(needle) in normalize(haystack)


def evaluate_seed(index: ReportIndex, path: Path) -> SeedReport:
    """Top-1, hit@3, MRR (answer or its context holds the fragment, from the right report) and refusals."""
    report = SeedReport()
    for record in read_jsonl(path):
        question = str(record.get("question", ""))
        source = record.get("source")
        expected = record.get("answer_contains")
        result = answer(index, question, k=3)
        got = result.items[0].display if result.found else None
        if source is None:
            report.out_of_scope += 1
            report.refused += not result.found
            if result.found:
                report.misses.append(Miss(str(record.get("id")), question, None, got))
            continue
        report.in_scope += 1
        # Every in-scope question is answerable, so a "not mentioned" warning on it is false.
        report.noticed += bool(result.found and (result.missing_terms or result.absent_terms))
        rank = next(
            (
                position
                for position, item in enumerate(result.items, 1)
                if item.article.id == source and _contains(item.context, str(expected))
            ),
            None,
        )
        report.top1 += rank == 1
        report.hit3 += rank is not None and rank <= 3
        report.reciprocal_rank += 1 / rank if rank else 0.0
        if rank != 1:
            report.misses.append(Miss(str(record.get("id")), question, str(expected), got))
    return report


Respond = Callable[[str, str], dict[str, object]]  # (message, session) -> a `qa chat --json` object


@dataclass(frozen=True, slots=True)
class DialogMiss:
    """A turn of a scripted conversation the bot got wrong, and why."""

    dialog: str
    turn: int
    message: str
    reason: str


@dataclass(slots=True)
class DialogReport:
    """Results on scripted conversations: turns right, conversations right in every turn."""

    turns: int = 0
    right_turns: int = 0
    dialogs: int = 0
    right_dialogs: int = 0
    misses: list[DialogMiss] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str]]:
        """(metric, value) rows for printing."""
        turns, dialogs = max(self.turns, 1), max(self.dialogs, 1)
        return [
            ("turns right", f"{self.right_turns}/{self.turns} = {100 * self.right_turns / turns:.1f}%"),
            ("conversations right", f"{self.right_dialogs}/{self.dialogs} = {100 * self.right_dialogs / dialogs:.1f}%"),
        ]


def evaluate_dialogs(path: Path, respond: Respond) -> DialogReport:
    """Send each conversation's turns to one session, in order, and judge each reply by its `expect`.

    `answer`: the first answer is from `source` and its text or context holds a fragment of
    `answer_contains` ("|"-separated); `refuse`: no answer; `refuse_or_notice`: no answer, or a
    notice naming a fragment; `next`: an answer other than the previous turn's first answer;
    `smalltalk`: a friendly word back (greeting, thanks, goodbye), no answer and no refusal.
    """
    report = DialogReport()
    for record in read_jsonl(path):
        dialog = str(record.get("id"))
        turns = record.get("turns")
        if not isinstance(turns, list):
            raise EvaluationError(f"{path}: conversation {dialog} has no turns")
        report.dialogs += 1
        all_right = True
        previous: dict[str, object] | None = None
        for number, turn in enumerate(turns, 1):
            message = str(turn.get("message", "")) if isinstance(turn, dict) else ""
            reply = respond(message, f"dialog:{dialog}")
            reason = judge_turn(turn if isinstance(turn, dict) else {}, reply, previous)
            report.turns += 1
            if reason is None:
                report.right_turns += 1
            else:
                all_right = False
                report.misses.append(DialogMiss(dialog, number, message, reason))
            first = _first_answer(reply)
            previous = first if first is not None else previous
        report.right_dialogs += all_right
    return report


def judge_turn(turn: dict[str, object], reply: dict[str, object], previous: dict[str, object] | None) -> str | None:
    """None if the reply meets the turn's expectation, else what went wrong."""
    expect = turn.get("expect")
    fragments = [f for f in str(turn.get("answer_contains") or "").split("|") if f]
    first = _first_answer(reply)
    shown = _answer_text(first) if first is not None else ""
    display = str(first.get("display")) if first is not None else str(reply.get("text", ""))
    got = f"got {reply.get('type')}: {display[:60]}"
    match expect:
        case "answer":
            if first is None:
                return f"expected an answer; {got}"
            source = first.get("source")
            source_id = source.get("id") if isinstance(source, dict) else None
            if source_id != turn.get("source"):
                return f"expected an answer from {turn.get('source')}; {got} (from {source_id})"
            if fragments and not any(_contains(shown, fragment) for fragment in fragments):
                return f"expected {'|'.join(fragments)!r}; {got}"
            return None
        case "refuse":
            return None if first is None else f"expected no answer; {got}"
        case "refuse_or_notice":
            notice = str(reply.get("notice") or "")
            if first is None or any(_contains(notice, fragment) for fragment in fragments):
                return None
            return f"expected no answer or a notice naming {'|'.join(fragments)!r}; {got}"
        case "next":
            if first is None:
                return f"expected the next answer; {got}"
            if previous is not None and _answer_key(first) == _answer_key(previous):
                return f"expected another answer than the last; {got}"
            return None
        case "smalltalk":
            return None if reply.get("type") == "smalltalk" else f"expected small talk; {got}"
    return f"unknown expectation {expect!r}"


def _first_answer(reply: dict[str, object]) -> dict[str, object] | None:
    answers = reply.get("answers")
    if isinstance(answers, list) and answers and isinstance(answers[0], dict):
        return answers[0]
    return None


def _answer_text(item: dict[str, object]) -> str:
    return " ".join(str(item.get(key) or "") for key in ("text", "display", "context"))


def _answer_key(item: dict[str, object]) -> tuple[str, str]:
    source = item.get("source")
    return str(item.get("text")), str(source.get("id") if isinstance(source, dict) else None)


@dataclass(frozen=True, slots=True)
class SquadQuestion:
    """One question of a SQuAD-format file and its gold answers (folded to simplified)."""

    id: str
    question: str
    answers: tuple[str, ...]
    paragraph: str
    article: int = 0


def read_squad(path: Path) -> tuple[list[tuple[str, str]], list[SquadQuestion]]:
    """(paragraph id, text) pairs with the article title first, and every question with answers.

    A paragraph id is 「AAAA_PPP」: the article's number in `data` and the paragraph's within it.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise EvaluationError(f"{path} is not a SQuAD-format JSON file") from exc
    paragraphs: list[tuple[str, str]] = []
    questions: list[SquadQuestion] = []
    for article_number, article in enumerate(data):
        title = str(article.get("title", "")).strip()
        for paragraph_number, paragraph in enumerate(article["paragraphs"]):
            paragraph_id = f"{article_number:04d}_{paragraph_number:03d}"
            context = str(paragraph["context"])
            paragraphs.append((paragraph_id, f"{title}\n{context}" if title else context))
            for qa in paragraph["qas"]:
                answers = tuple(
                    dict.fromkeys(
                        to_simplified(str(a["text"]).strip()) for a in qa["answers"] if str(a["text"]).strip()
                    )
                )
                if answers:
                    questions.append(
                        SquadQuestion(str(qa["id"]), str(qa["question"]), answers, paragraph_id, article_number)
                    )
    return paragraphs, questions


def write_reports(paragraphs: list[tuple[str, str]], folder: Path) -> None:
    """Write each paragraph as one report file (title line first), as a user would drop them in."""
    folder.mkdir(parents=True, exist_ok=True)
    for paragraph_id, text in paragraphs:
        (folder / f"{paragraph_id}.txt").write_text(text + "\n", encoding="utf-8")


def squad_reports_folder(path: Path, paragraphs: list[tuple[str, str]], cache_root: Path, variant: str = "") -> Path:
    """The folder of reports for a SQuAD file under the cache dir, written on first use.

    Keyed by the file's contents (and `variant`, e.g. 「even」 for the split measure), so a
    changed file gets a folder of its own.
    """
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    folder = cache_root / "squad" / "-".join(part for part in (path.stem, digest, variant) if part)
    if not folder.is_dir():
        write_reports(paragraphs, folder)
    return folder


def is_kept_article(article: int) -> bool:
    """The split measure's reports are the even-numbered articles of the file (data[0], data[2], …)."""
    return article % 2 == 0


def even_paragraphs(paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The paragraphs of the even-numbered articles (ids as `read_squad` writes them)."""
    return [(paragraph_id, text) for paragraph_id, text in paragraphs if is_kept_article(int(paragraph_id[:4]))]


@dataclass(slots=True)
class SquadReport:
    """Open-retrieval results on a SQuAD-format file."""

    questions: int = 0
    top1: int = 0
    hit5: int = 0
    right_report: int = 0
    refused: int = 0

    def rows(self) -> list[tuple[str, str]]:
        """(metric, value) rows for printing."""
        n = max(self.questions, 1)
        return [
            ("questions", str(self.questions)),
            ("top-1 sentence holds a gold answer", f"{100 * self.top1 / n:.1f}%"),
            ("hit@5", f"{100 * self.hit5 / n:.1f}%"),
            ("top-1 from the right paragraph", f"{100 * self.right_report / n:.1f}%"),
            ("refused", f"{self.refused} ({100 * self.refused / n:.1f}%)"),
        ]


def sample_questions(questions: list[SquadQuestion], sample: int | None, seed: int) -> list[SquadQuestion]:
    """A fixed-seed sample (all questions when sample is None or larger than the set)."""
    if sample is None or sample >= len(questions):
        return questions
    return random.Random(seed).sample(questions, sample)


def evaluate_squad(index: ReportIndex, questions: list[SquadQuestion]) -> SquadReport:
    """Ask each question through the product's path; right when the top sentence holds a gold answer."""
    report = SquadReport()
    for item in questions:
        report.questions += 1
        result = answer(index, item.question, k=5)
        if not result.found:
            report.refused += 1
            continue
        texts = [to_simplified(candidate.text) for candidate in result.items]
        report.top1 += any(gold in texts[0] for gold in item.answers)
        report.hit5 += any(gold in text for text in texts for gold in item.answers)
        report.right_report += result.items[0].article.id == item.paragraph
    return report


DEFAULT_SPLIT_SAMPLE = 2000


def split_questions(
    questions: list[SquadQuestion], sample: int | None, seed: int
) -> tuple[list[SquadQuestion], list[SquadQuestion]]:
    """(in scope, out of scope): a fixed-seed sample of sample // 2 questions from each half.

    In scope are the questions about the kept (even-numbered) articles. `sample` None asks
    DEFAULT_SPLIT_SAMPLE; a half with fewer questions is asked whole.
    """
    half = (DEFAULT_SPLIT_SAMPLE if sample is None else sample) // 2
    kept = [item for item in questions if is_kept_article(item.article)]
    dropped = [item for item in questions if not is_kept_article(item.article)]
    return sample_questions(kept, half, seed), sample_questions(dropped, half, seed)


@dataclass(frozen=True, slots=True)
class Decision:
    """One question asked with refusal held back: what the refusal saw, and whether the answer was right.

    `features` is None when the question was refused before any refusal model ran (nothing to
    rank, or no sentence matched) or answered by a path that does not consult it.
    """

    question: SquadQuestion
    in_scope: bool
    ranked: bool
    correct: bool
    features: RefusalFeatures | None


def answer_unrefused(index: ReportIndex, question: str, k: int = 1) -> tuple[Answer, RefusalFeatures | None]:
    """The answer with the refusal model recorded but not applied, and the features it saw (None if it did not run)."""
    seen: list[RefusalFeatures] = []

    def record(features: RefusalFeatures) -> bool:
        seen.append(features)
        return False

    result = answer(index, question, k=k, refuse=record)
    return result, seen[0] if seen else None


def ask_without_refusal(index: ReportIndex, item: SquadQuestion, *, in_scope: bool) -> Decision:
    """Ask one question with the refusal model recorded but not applied."""
    result, features = answer_unrefused(index, item.question)
    correct = in_scope and result.found and any(gold in to_simplified(result.items[0].text) for gold in item.answers)
    return Decision(item, in_scope, result.found, correct, features)


def decide_all(
    index: ReportIndex, in_scope: Iterable[SquadQuestion], out_of_scope: Iterable[SquadQuestion]
) -> list[Decision]:
    """Every question of both halves asked once, refusal recorded but not applied."""
    return [ask_without_refusal(index, item, in_scope=True) for item in in_scope] + [
        ask_without_refusal(index, item, in_scope=False) for item in out_of_scope
    ]


@dataclass(slots=True)
class AbstainReport:
    """The split measure: in-scope hit@1 with and without refusal, answered share, out-of-scope refusal."""

    in_scope: int = 0
    hit: int = 0
    hit_unrefused: int = 0
    answered: int = 0
    out_of_scope: int = 0
    refused: int = 0

    def rows(self) -> list[tuple[str, str]]:
        """(metric, value) rows for printing."""
        scope, out = max(self.in_scope, 1), max(self.out_of_scope, 1)
        return [
            ("questions in scope / out of scope", f"{self.in_scope} / {self.out_of_scope}"),
            ("in-scope hit@1 (refusals wrong)", f"{100 * self.hit / scope:.1f}%"),
            ("in-scope hit@1, nothing refused", f"{100 * self.hit_unrefused / scope:.1f}%"),
            ("in-scope answered", f"{100 * self.answered / scope:.1f}%"),
            ("out-of-scope refused", f"{100 * self.refused / out:.1f}%"),
        ]


def is_answered(decision: Decision, refuse: Callable[[RefusalFeatures], bool] = is_refused) -> bool:
    """Whether the product answers: it ranked something and the refusal model lets it through."""
    return decision.ranked and (decision.features is None or not refuse(decision.features))


def abstain_report(
    decisions: Iterable[Decision], refuse: Callable[[RefusalFeatures], bool] = is_refused
) -> AbstainReport:
    """Score recorded decisions under a refusal model (the product's by default)."""
    report = AbstainReport()
    for decision in decisions:
        answered = is_answered(decision, refuse)
        if decision.in_scope:
            report.in_scope += 1
            report.answered += answered
            report.hit += answered and decision.correct
            report.hit_unrefused += decision.correct
        else:
            report.out_of_scope += 1
            report.refused += not answered
    return report
