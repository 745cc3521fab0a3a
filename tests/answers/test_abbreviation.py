"""Abbreviations are read as the phrases they shorten, on the seeds' real index."""

from __future__ import annotations

from qa.answers.abbreviation import abbreviates
from qa.answers.answer import answer
from qa.script import normalize
from qa.search.index import ReportIndex


def test_an_abbreviation_is_found_in_the_phrase_it_shortens(seed_index: ReportIndex) -> None:
    assert abbreviates(seed_index, "电诈", "开展治理电信网络诈骗行动")
    assert abbreviates(seed_index, "食药环", "打击食品药品环境领域犯罪")


def test_a_dictionary_word_or_a_broken_run_is_no_abbreviation(seed_index: ReportIndex) -> None:
    assert not abbreviates(seed_index, "人口", "人民群众出口")  # 人口 is a word of its own
    assert not abbreviates(seed_index, "电诈", "电信、网络诈骗")  # punctuation between


def test_the_named_report_writing_the_phrase_out_answers_the_abbreviation(seed_index: ReportIndex) -> None:
    result = answer(seed_index, "黑龙江电诈抓了多少人")  # only the 梧州 report writes 电诈
    assert result.found
    top = result.items[0]
    assert top.article.id.startswith("000_")
    assert "5568人" in normalize(top.display)
    assert result.absent_terms == ()
