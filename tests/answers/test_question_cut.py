"""jieba's cut of a question is mended where it glues words across a line the reports draw."""

from __future__ import annotations

import pytest

from qa.answers.question_cut import mended
from qa.search.index import ReportIndex


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("梧州市长是谁", ("梧州", "市长")),  # 梧州市 + 长是: the office vanished
        ("黑龍江偵破了多少起食藥環案件", ("食药环",)),  # 起食 + 药环 across the report's 食药环
    ],
)
def test_the_mended_cut_holds_the_words_the_question_means(
    seed_index: ReportIndex, question: str, wanted: tuple[str, ...]
) -> None:
    words = mended(seed_index, seed_index.analyze_question(question)).words
    assert all(word in words for word in wanted)


def test_a_question_jieba_cut_well_is_left_as_it_is(seed_index: ReportIndex) -> None:
    analysis = seed_index.analyze_question("全省检察机关办理回复了多少件群众信访事项?")
    assert mended(seed_index, analysis) is analysis
