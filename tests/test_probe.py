"""Questions worded as users word them, on hand-written reports in the header forms real pages use.

`tests/data/probe/` holds a provincial notice (发文机关, 索引号, 文号), a city paper's page
(【来源：…】, a closing 「（记者 … 通讯员 …）」), a Taiwan item (〔記者…／台北報導〕), a Hong Kong
item (「記者 陳大文 香港報道」), a 发布时间/来源/作者 line and a file with no header at all;
`probe_questions.jsonl` says, per question, what the answer must be (from which article and
field), or that it is refused, or which words its notice names. The questions are colloquial,
short, in both scripts, with 吗/呢/啊 and English punctuation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.answers.answer import answer
from qa.models import Answer, Refusal
from qa.reports.corpus import load_corpus
from qa.script import normalize
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA, assert_every_turn_right

PROBE = DATA / "probe"
QUESTIONS = [json.loads(line) for line in (DATA / "probe_questions.jsonl").read_text("utf-8").splitlines() if line]
# Three more reports (a water-cut notice, a road opening, a Taiwan typhoon item) and questions
# written before any was run: which of them are answered, refused or told what is missing.
UNSEEN = DATA / "unseen"
UNSEEN_QUESTIONS = [
    json.loads(line) for line in (DATA / "unseen_questions.jsonl").read_text("utf-8").splitlines() if line
]


@pytest.fixture(scope="module")
def probe_index() -> ReportIndex:
    return build_index(load_corpus(PROBE))


@pytest.mark.parametrize(
    ("article", "date", "publisher", "authors", "editor"),
    [
        ("zj_notice", "2026-03-18", "浙江省人民政府办公厅", (), None),
        ("hz_metro", "2026-03-20", "杭州日报", ("王晓明", "李红"), "陈静"),
        ("tw_news", "2026-04-02", None, ("林志明",), "張雅婷"),
        ("hk_news", "2026-04-02", None, ("陳大文",), "黃小明"),
        ("people_daily", "2026-03-25", "人民网", ("赵刚",), "孙丽"),
        ("noheader", None, None, (), None),
    ],
)
def test_each_header_form_is_read(
    probe_index: ReportIndex,
    article: str,
    date: str | None,
    publisher: str | None,
    authors: tuple[str, ...],
    editor: str | None,
) -> None:
    found = next(a for a in probe_index.articles if a.id == article)
    assert (found.date, found.publisher, found.authors, found.editor) == (date, publisher, authors, editor)


def test_header_lines_are_never_headings_or_sentences(probe_index: ReportIndex) -> None:
    sentences = probe_index.corpus.sentences
    shown = [(sentences[n].heading or "") + sentences[n].text for n in range(len(sentences))]
    for header in ("索引号", "文号", "发文机关", "記者", "记者", "來源", "来源", "台北報導", "編輯"):
        assert not any(header in text for text in shown), header
    assert any(text.startswith("台北市政府今（2）日宣布") for text in shown)  # the by-line cut off, the text kept


def _top_text(result: Answer) -> str:
    top = result.items[0]
    return normalize(top.display + "".join(top.context_before + top.context_after))


@pytest.fixture(scope="module")
def unseen_index() -> ReportIndex:
    return build_index(load_corpus(UNSEEN))


@pytest.mark.parametrize("item", QUESTIONS, ids=[item["question"] for item in QUESTIONS])
def test_probe_question(probe_index: ReportIndex, item: dict[str, object]) -> None:
    _check(answer(probe_index, str(item["question"])), item)


@pytest.mark.parametrize("item", UNSEEN_QUESTIONS, ids=[item["question"] for item in UNSEEN_QUESTIONS])
def test_unseen_question(unseen_index: ReportIndex, item: dict[str, object]) -> None:
    _check(answer(unseen_index, str(item["question"])), item)


def _check(result: Answer, item: dict[str, object]) -> None:
    """The answer as the item expects: its article and field, a refusal, or the words its notice names."""
    expect = item["expect"]
    listed = item.get("words")
    words = [str(word) for word in listed] if isinstance(listed, list) else []
    if expect == "not_stated":  # a fact the article's header does not state is said to be missing
        assert not result.found
        assert result.refusal is Refusal.NOT_STATED
        return
    if expect == "not_said":  # the reports mention the subject but do not give what is asked of it
        assert not result.found
        assert result.refusal is Refusal.NOT_SAID
        assert all(word in result.mentioned for word in words)
        return
    if expect == "refuse":
        assert not result.found
        assert result.refusal is not Refusal.NOT_STATED
        assert all(word in result.missing_terms for word in words)
        return
    if expect == "not_in_named":
        assert not result.found
        assert result.refusal is Refusal.NOT_IN_NAMED
        assert result.named is not None
        assert result.named.id == item["article"]
        assert all(word in result.absent_terms for word in words)
        return
    assert result.found
    top = result.items[0]
    if expect == "list":
        assert result.listing
        assert sorted(i.article.id for i in result.items) == item["articles"]
        assert all(i.field == item["field"] for i in result.items)
        return
    assert top.article.id == item["article"]
    assert top.kind.value == item["kind"]
    assert top.field == item.get("field")
    if top.field == "date":
        assert top.article.date == item["contains"]
    else:
        assert normalize(str(item["contains"])) in _top_text(result)
    if expect == "answer":
        assert not result.listing
        assert not result.missing_terms
        assert not result.absent_terms
    else:  # a notice naming what the named article lacks, before its closest content
        assert all(word in result.absent_terms + result.missing_terms for word in words)


@pytest.mark.parametrize("dialogs", ["probe_dialogs.jsonl", "probe_talk_dialogs.jsonl"])
def test_probe_conversations(dialogs: str) -> None:
    assert_every_turn_right(build_index(load_corpus(PROBE)), Path(DATA / dialogs))
