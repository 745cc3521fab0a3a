"""Shared fixtures: small hand-written reports and the index over the real bundled seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.answers.answer import answer
from qa.chat import Conversation
from qa.chat.conversation import Reply
from qa.cli import reply_json
from qa.evaluation import evaluate_dialogs
from qa.reports.corpus import load_corpus
from qa.script import normalize
from qa.search.index import ReportIndex, build_index

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
FORMATS = DATA / "formats"  # saved web pages, Word and PDF reports; see make_fixtures.py there
SEED_QUESTIONS = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"


def assert_answered(index: ReportIndex, question: str, article: str, fragment: str) -> None:
    """The question is answered from `article`, the fragment in its sentence or the sentences shown around it,
    with no "not mentioned" notice."""
    result = answer(index, question)
    assert result.found, result.refusal
    top = result.items[0]
    assert top.article.id == article
    assert normalize(fragment) in normalize(top.display + "".join(top.context_before + top.context_after))
    assert not result.missing_terms


def assert_every_turn_right(index: ReportIndex, dialogs: Path) -> None:
    """Hold the scripted conversations of `dialogs` (the eval format) with one Conversation: no turn missed."""
    conversation = Conversation(index)
    report = evaluate_dialogs(
        dialogs, lambda message, session: reply_json(message, conversation.handle(message, session))
    )
    assert report.misses == []
    assert report.right_turns == report.turns > 0


def converse(index: ReportIndex, *messages: str) -> Reply:
    """The reply to the last message, each message sent in turn to one chat of a new Conversation."""
    conversation = Conversation(index)
    for message in messages[:-1]:
        conversation.handle(message, "a")
    return conversation.handle(messages[-1], "a")


@pytest.fixture(autouse=True)
def settings_memos(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps the `qa` command's settings memos (qa.settings_memo) in a folder of its own, not ~/.cache."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def tiny_reports(tmp_path: Path) -> Path:
    """A copy of the hand-written test reports in a folder of their own."""
    folder = tmp_path / "reports"
    shutil.copytree(DATA / "reports", folder)
    return folder


@pytest.fixture(scope="session")
def tiny_index() -> ReportIndex:
    """The index over the hand-written test reports."""
    return build_index(load_corpus(DATA / "reports"))


@pytest.fixture(scope="session")
def formats_index() -> ReportIndex:
    """The index over the fixture folder of every format (and its broken files)."""
    return build_index(load_corpus(FORMATS))


@pytest.fixture(scope="session")
def seed_index() -> ReportIndex:
    """The index over the real bundled seeds."""
    return build_index(load_corpus(SEEDS))


@pytest.fixture(scope="session")
def firms_index() -> ReportIndex:
    """The index over four reports about companies and a club, assembled from DRCD paragraphs."""
    return build_index(load_corpus(DATA / "firms"))


@pytest.fixture(scope="session")
def city_index() -> ReportIndex:
    """The index over two hand-written reports about two places with the same kinds of figures."""
    return build_index(load_corpus(DATA / "cities"))
