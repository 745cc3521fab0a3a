"""The refusal decision: pure, deterministic, and refusing what the reports do not cover."""

from __future__ import annotations

import pytest

from qa.answers.answer import answer
from qa.answers.refusal import (
    COEFFICIENTS,
    FEATURE_NAMES,
    SHARED_CHARACTER_CREDIT,
    RefusalFeatures,
    WordEvidence,
    answer_kind_words,
    answer_probability,
    character_coverage,
    features_from_evidence,
    held_character_share,
    is_refused,
    margin_to_other,
    names_title,
    unseen_word_weight,
    word_signals,
)
from qa.models import Refusal
from qa.search.index import ReportIndex
from tests.conftest import DATA

# In FEATURE_NAMES order: coverage, noun and name coverage, unknown share, article margin,
# cross-article margin, title named, character coverage.
COVERED = RefusalFeatures(1.0, 1.0, 1.0, 0.0, 0.6, 0.9, 0.0, 1.0)
NOT_COVERED = RefusalFeatures(0.3, 0.2, 0.5, 0.6, 0.05, 0.1, 0.0, 0.3)

# Questions that share a word or a place with the bundled reports but are not about them
# (issue 9; benchmarks.fit_refusal checks the fitted model on them too).
SHARED_WORD_OFF_TOPIC = (DATA / "off_topic_seed_questions.txt").read_text(encoding="utf-8").split()


def test_every_feature_has_a_coefficient() -> None:
    assert set(COEFFICIENTS) == set(FEATURE_NAMES)


def test_strong_evidence_is_answered_and_weak_evidence_refused() -> None:
    assert not is_refused(COVERED)
    assert is_refused(NOT_COVERED)
    assert answer_probability(COVERED) > answer_probability(NOT_COVERED)


def test_the_same_features_always_give_the_same_decision() -> None:
    twin = RefusalFeatures(*COVERED.vector())
    assert twin == COVERED
    assert {answer_probability(twin) for _ in range(3)} == {answer_probability(COVERED)}
    assert [is_refused(NOT_COVERED) for _ in range(3)] == [True, True, True]


def test_more_coverage_never_lowers_the_probability() -> None:
    lower = answer_probability(NOT_COVERED)
    for name in ("coverage", "noun_coverage", "article_margin", "cross_margin", "title_named", "char_coverage"):
        raised = RefusalFeatures(**{**dict(zip(FEATURE_NAMES, NOT_COVERED.vector(), strict=True)), name: 1.0})
        assert answer_probability(raised) > lower, name


def test_probability_is_finite_at_the_extremes() -> None:
    zeros = RefusalFeatures(*([0.0] * len(FEATURE_NAMES)))
    ones = RefusalFeatures(*([1.0] * len(FEATURE_NAMES)))
    assert 0.0 <= answer_probability(zeros) < answer_probability(ones) <= 1.0


def word(
    text: str, weight: float, credit: float, *, known: bool = True, tag: str | None = "n", characters: float = 0.0
) -> WordEvidence:
    return WordEvidence(text, weight, credit, known, tag, characters)


def features_of(evidence: list[WordEvidence]) -> RefusalFeatures:
    return features_from_evidence(evidence, tokens=[], sentence="", article_margin=0.2, cross_margin=0.2)


def test_coverage_weighs_words_by_idf() -> None:
    coverage, nouns, names, unknown = word_signals([word("港口", 3.0, 1.0), word("码头", 1.0, 0.0)], [], "")
    assert coverage == pytest.approx(0.75)
    assert nouns == pytest.approx(0.75)
    assert names == 1.0  # no proper name to miss
    assert unknown == 0.0


def test_a_question_word_glued_to_a_word_is_not_a_missing_topic() -> None:
    # jieba cuts 「于何年」 into a token no report holds: the frame, not the topic.
    evidence = [word("圜丘", 5.0, 1.0), word("何年", 9.0, 0.0, known=False, tag=None)]
    assert word_signals(evidence, [], "")[0] == 1.0


def test_a_question_phrase_cut_in_two_is_not_a_missing_topic() -> None:
    # 「有多大」 cut into 多 + 大: 大 is the frame 多大, not a topic no report holds.
    evidence = [word("湖面", 5.0, 1.0), word("大", 9.0, 0.0, known=False, tag="a")]
    assert word_signals(evidence, ["湖面", "有", "多", "大"], "")[0] == 1.0
    # 「案件数是多少」 cut as 数是: a particle glued on, not a topic.
    glued = [word("案件", 5.0, 1.0), word("数是", 9.0, 0.0, known=False, tag=None)]
    assert word_signals(glued, ["案件", "数是", "多少"], "")[0] == 1.0
    # 「好吃」 cut into 好 + 吃 spells no frame word: 吃 stays a topic.
    food = [word("梧州", 3.0, 1.0, tag="ns"), word("吃", 9.0, 0.0, known=False, tag="v")]
    assert word_signals(food, ["梧州", "有", "什么", "好", "吃", "的"], "")[0] == pytest.approx(0.25)


def test_a_word_no_report_holds_counts_against_coverage_and_as_a_topic() -> None:
    evidence = [word("梧州", 4.0, 1.0, tag="ns"), word("好吃", 8.0, 0.0, known=False, tag="v")]
    coverage, nouns, names, unknown = word_signals(evidence, [], "")
    assert coverage == pytest.approx(1 / 3)
    assert nouns == pytest.approx(1 / 3)
    assert names == 1.0
    assert unknown == pytest.approx(2 / 3)


def test_the_kind_of_answer_asked_for_is_not_demanded() -> None:
    tokens = ["乔治亚", "境内", "大多", "为", "哪", "一种", "地形"]
    tags = {"乔治亚": "nr", "境内": "s", "地形": "n"}
    assert answer_kind_words(tokens, tags) == {"地形"}
    evidence = [word("乔治亚", 5.0, 1.0, tag="nr"), word("地形", 7.0, 0.0)]
    assert word_signals(evidence, tokens, "")[0] == 1.0
    # Measures after the determiner are skipped (「哪一条河」), and a question ending on 是 asks for
    # the noun before it (「螭头的主要功能是?」).
    assert answer_kind_words(["欧洲", "河流", "是", "哪", "一条", "河"], {"一条": "m", "河": "ns"}) == {"一条", "河"}
    assert answer_kind_words(["螭", "头", "的", "主要", "功能", "是"], {"功能": "n", "主要": "b"}) == {"功能"}
    # A kind no report names at all (「什么旅游景点」) stays a topic the reports must cover.
    unseen = [word("乔治亚", 5.0, 1.0, tag="nr"), word("地形", 7.0, 0.0, known=False)]
    assert word_signals(unseen, tokens, "")[0] == pytest.approx(5 / 12)


def test_a_paraphrase_sharing_a_character_with_the_answer_half_counts() -> None:
    evidence = [word("施护", 8.0, 1.0, tag="nr"), word("朝代", 8.0, 0.0)]
    assert word_signals(evidence, [], "之后宋朝的施护还翻译出")[0] == pytest.approx(
        (8 + 8 * SHARED_CHARACTER_CREDIT) / 16
    )
    assert word_signals(evidence, [], "施护还翻译出佛经")[0] == pytest.approx(0.5)
    unknown = [word("施护", 8.0, 1.0, tag="nr"), word("朝代", 8.0, 0.0, known=False)]
    assert word_signals(unknown, [], "之后宋朝的施护")[0] == pytest.approx(0.5)


def test_no_topic_words_give_zero_signals() -> None:
    assert word_signals([], [], "") == (0.0, 0.0, 0.0, 0.0)
    assert character_coverage([], [], "") == 0.0


def test_a_paraphrase_keeps_the_characters_an_absent_topic_lacks() -> None:
    # 「鞋子」 asked of a report that writes 「鞋」: the word is missing, its rare character is not.
    paraphrase = [word("道士", 6.0, 1.0), word("鞋子", 10.0, 0.0, known=False, tag=None, characters=1.0)]
    absent = [word("道士", 6.0, 1.0), word("鞋子", 10.0, 0.0, known=False, tag=None, characters=0.0)]
    assert character_coverage(paraphrase, [], "") == 1.0
    assert character_coverage(absent, [], "") == pytest.approx(6 / 16)
    assert word_signals(paraphrase, [], "") == word_signals(absent, [], "")  # word coverage cannot tell them apart
    assert answer_probability(features_of(paraphrase)) > answer_probability(features_of(absent))


def test_character_share_is_weighted_and_skips_function_characters() -> None:
    weights = {"鞋": 3.0, "子": 1.0, "的": 1.0}
    assert held_character_share("鞋子", "脚上穿的鞋叫做云履", weights.__getitem__) == pytest.approx(0.75)
    assert held_character_share("的", "的", weights.__getitem__) == 0.0  # a function character shows nothing
    assert held_character_share("GDP", "GDP", weights.__getitem__) == 0.0


def test_a_question_naming_the_reports_title_says_so() -> None:
    assert names_title("潜江", "潜江依照全球气候分类可以被归类为哪一种气候?")
    assert not names_title("潜江市", "潜江依照全球气候分类可以被归类为哪一种气候?")
    assert not names_title("江", "潜江在哪里?")  # one character names nothing
    evidence = [word("潜江", 6.0, 1.0, tag="ns"), word("气候", 4.0, 1.0)]
    named = features_from_evidence(
        evidence, tokens=[], sentence="", article_margin=0.1, cross_margin=0.1, title="潜江", question="潜江的气候?"
    )
    unnamed = features_from_evidence(
        evidence, tokens=[], sentence="", article_margin=0.1, cross_margin=0.1, title="潜江市", question="潜江的气候?"
    )
    assert (named.title_named, unnamed.title_named) == (1.0, 0.0)
    assert answer_probability(named) > answer_probability(unnamed)


def test_a_named_title_vouches_only_for_what_its_report_holds() -> None:
    # 「梧州有什么好吃的?」 of a report titled 梧州: naming it says nothing of 好吃, whose characters it lacks.
    food = [word("梧州", 4.0, 1.0, tag="ns"), word("好吃", 8.0, 0.0, known=False, tag="v", characters=0.0)]
    features = features_from_evidence(
        food, tokens=[], sentence="", article_margin=0.5, cross_margin=0.5, title="梧州", question="梧州有什么好吃的?"
    )
    assert features.title_named == pytest.approx(1 / 3)  # the share of the question its report holds
    assert is_refused(features)


def test_margins_ignore_rivals_with_the_answers_title() -> None:
    assert margin_to_other(["甲", "甲", "乙"], [2.0, 1.8, 1.0], "甲") == pytest.approx(0.5)
    assert margin_to_other(["甲", "甲"], [2.0, 1.0], "甲") == 1.0
    assert margin_to_other(["乙", "甲"], [2.0, 1.0], "甲") == 0.0  # another report ranks first
    assert margin_to_other([], [], "甲") == 0.0


def test_features_are_assembled_in_range() -> None:
    features = features_from_evidence(
        [word("港口", 3.0, 1.0), word("码头", 1.0, 0.0)], tokens=[], sentence="", article_margin=0.2, cross_margin=0.4
    )
    assert features == RefusalFeatures(0.75, 0.75, 1.0, 0.0, pytest.approx(0.15), pytest.approx(0.3), 0.0, 0.75)


def test_a_margin_without_evidence_counts_for_nothing() -> None:
    features = features_from_evidence(
        [word("高铁", 8.0, 0.0, known=False)], tokens=[], sentence="", article_margin=1.0, cross_margin=1.0
    )
    assert (features.article_margin, features.cross_margin) == (0.0, 0.0)
    assert is_refused(features)


def test_a_word_no_small_folder_holds_still_weighs_like_a_rare_word() -> None:
    assert unseen_word_weight(67) == unseen_word_weight(1000)
    assert unseen_word_weight(50_000) > unseen_word_weight(1000)


@pytest.mark.parametrize("question", SHARED_WORD_OFF_TOPIC)
def test_questions_sharing_a_word_with_the_seeds_are_refused(seed_index: ReportIndex, question: str) -> None:
    result = answer(seed_index, question)
    assert not result.found, result.items[0].display if result.items else ""
    assert result.refusal == Refusal.NOT_COVERED


@pytest.mark.parametrize(("question", "absent"), [("律师咨询要收费吗", ("收费",)), ("政法委是干什么的", ())])
def test_a_common_word_no_report_writes_stays_whole_and_is_refused(
    seed_index: ReportIndex, question: str, absent: tuple[str, ...]
) -> None:
    # 收费 and 干什么 are jieba words no seed report writes: the question slice keeps them whole,
    # instead of letting them fall apart into characters the reports do hold (收 + 费).
    result = answer(seed_index, question)
    assert not result.found, result.items[0].display if result.items else ""
    assert result.missing_terms == absent


def test_body_questions_on_the_seeds_are_still_answered(seed_index: ReportIndex) -> None:
    for question in (
        "梧州召开了多少场座谈会和征求意见会?",
        "京梧小区的陈阿姨为什么称赞检察机关?",
        "郝伟夫担任什么职务?",
    ):
        assert answer(seed_index, question).found, question
