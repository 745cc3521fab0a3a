"""What a question names, on the real seeds: the report it points to and the topics that report must hold."""

from __future__ import annotations

from qa.answers.answer import answer
from qa.answers.article_answers import naming_words
from qa.search.index import ReportIndex

HEILONGJIANG = "000_ac913a60e2e490e0"


def test_a_spoken_pointing_word_names_no_article_nor_topic(seed_index: ReportIndex) -> None:
    # 咱们 is a pronoun no report writes: it names nothing, wherever naming words are read.
    words = naming_words(seed_index, seed_index.analyze_question("咱们梧州的公益诉讼办了多少件"))
    assert "咱们" not in words
    assert "梧州" in words


def test_a_campaign_name_cut_into_verbs_is_missed_as_one_topic(seed_index: ReportIndex) -> None:
    # jieba cuts 扫黑除恶 into the verbs 扫黑 + 除恶; the Heilongjiang report lacks the campaign, which the
    # 梧州 report writes as one run: the reply says so rather than quote another campaign's figure quietly.
    result = answer(seed_index, "黑龙江扫黑除恶打掉多少团伙")
    assert result.found
    assert result.items[0].article.id == HEILONGJIANG
    assert "扫黑除恶" in result.absent_terms


def test_a_topic_whose_pieces_the_named_report_words_otherwise_is_not_missed(seed_index: ReportIndex) -> None:
    # 电诈案件 is one run of the 梧州 report; the Heilongjiang one writes 电信网络诈骗 and 案件.
    result = answer(seed_index, "黑龙江那边电诈案子立了多少案")
    assert result.found
    assert result.items[0].article.id == HEILONGJIANG
    assert not result.absent_terms
