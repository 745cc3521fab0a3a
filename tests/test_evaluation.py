"""The evaluation commands on a small hand-written SQuAD-format file: open retrieval and the split measure."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from qa.answers.refusal import RefusalFeatures
from qa.cli import main
from qa.evaluation import (
    Decision,
    SquadQuestion,
    abstain_report,
    even_paragraphs,
    read_squad,
    split_questions,
)
from tests.conftest import DATA

SQUAD = DATA / "squad_small.json"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))


def run(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(args, out=out), out.getvalue()


def rows(output: str) -> dict[str, str]:
    """Metric name -> value of the printed table (names and values split by two or more spaces)."""
    table = {}
    for line in output.splitlines()[1:]:
        name, _, value = line.partition("  ")
        table[name.strip()] = value.strip()
    return table


def test_the_split_keeps_the_even_numbered_articles_as_reports() -> None:
    paragraphs, questions = read_squad(SQUAD)
    assert [paragraph_id for paragraph_id, _ in even_paragraphs(paragraphs)] == ["0000_000", "0002_000"]
    inside, outside = split_questions(questions, None, 13)
    assert {item.article for item in inside} == {0, 2}
    assert {item.article for item in outside} == {1, 3}
    assert len(inside) == len(outside) == 4


def test_the_split_sample_is_fixed_by_its_seed_and_halved() -> None:
    _, questions = read_squad(SQUAD)
    first = split_questions(questions, 4, 7)
    assert first == split_questions(questions, 4, 7)
    assert [len(half) for half in first] == [2, 2]


def test_abstain_command_prints_the_split_measure() -> None:
    code, output = run(["eval", "--squad", str(SQUAD), "--abstain"])
    assert code == 0
    assert "2 of 4 paragraphs as reports (even-numbered articles)" in output
    table = rows(output)
    assert table["questions in scope / out of scope"] == "4 / 4"
    assert table["in-scope hit@1, nothing refused"] == "100.0%"
    # Every out-of-scope question of the fixture is about a place no kept report mentions.
    assert table["out-of-scope refused"] == "100.0%"
    hit = float(table["in-scope hit@1 (refusals wrong)"].rstrip("%"))
    assert hit <= float(table["in-scope hit@1, nothing refused"].rstrip("%"))
    assert float(table["in-scope answered"].rstrip("%")) >= hit


def test_abstain_without_a_public_set_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["eval", "--abstain"])
    assert code == 2
    assert "--squad" in capsys.readouterr().err


def test_plain_squad_command_still_asks_every_question() -> None:
    code, output = run(["eval", "--squad", str(SQUAD)])
    assert code == 0
    assert "4 paragraphs as reports" in output
    assert rows(output)["questions"] == "8"


def decision(*, in_scope: bool, correct: bool, coverage: float | None) -> Decision:
    features = None if coverage is None else RefusalFeatures(coverage, coverage, 1.0, 0.0, 0.5, 0.8, 0.0, coverage)
    item = SquadQuestion("q", "问题?", ("答案",), "0000_000")
    return Decision(item, in_scope, ranked=True, correct=correct, features=features)


def test_abstain_report_counts_refusals_as_wrong_in_scope_and_right_out_of_scope() -> None:
    decisions = [
        decision(in_scope=True, correct=True, coverage=1.0),
        decision(in_scope=True, correct=True, coverage=0.1),
        decision(in_scope=True, correct=False, coverage=1.0),
        decision(in_scope=False, correct=False, coverage=0.1),
        decision(in_scope=False, correct=False, coverage=1.0),
        decision(in_scope=False, correct=False, coverage=None),  # answered by a path the model does not see
    ]
    report = abstain_report(decisions, refuse=lambda features: features.coverage < 0.5)
    assert (report.in_scope, report.hit, report.hit_unrefused, report.answered) == (3, 1, 2, 2)
    assert (report.out_of_scope, report.refused) == (3, 1)
