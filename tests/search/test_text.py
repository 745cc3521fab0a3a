"""Normalisation, script handling, sentence splitting and segmentation."""

from __future__ import annotations

import pytest

from qa.models import Script
from qa.reports.sentences import split_sentences
from qa.script import convert_script, detect_script, normalize, normalize_with_offsets
from qa.search.text import analyze, char_grams, segment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３，", "abc123,"),
        ("發佈會", "发布会"),
        ("黑龍江  政法\u3000隊伍", "黑龙江 政法 队伍"),
        ("  Hello World ", "hello world"),
    ],
)
def test_normalize_folds_width_script_case_and_space(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_segmenting_after_conversion_keeps_words_whole() -> None:
    assert "发布会" in segment(normalize("新聞發佈會"))


def test_segment_drops_punctuation_and_keeps_numbers() -> None:
    words = segment(normalize("全市法院當場立案率97.64%,減少9天。"))
    assert "," not in words
    assert "。" not in words
    assert any(word.startswith("97.64") for word in words)
    assert "9" in words


def test_question_and_report_share_one_pipeline() -> None:
    assert analyze("梧州發放了多少份調查問卷?").words == analyze("梧州发放了多少份调查问卷?").words


def test_function_and_question_words_are_not_content() -> None:
    words = analyze("黑龙江的新闻发布会是哪个单位召开的?").words
    assert "的" not in words
    assert "哪个" not in words
    assert "发布会" in words


def test_char_grams_break_at_stopwords() -> None:
    grams = char_grams(["推出", "多少", "项"])
    assert "推出" in grams
    assert "出项" not in grams
    assert "少项" not in grams


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一句。第二句!第三句?", ["第一句。", "第二句!", "第三句?"]),
        ("“檢察院這事辦得好!”京梧小區住戶稱讚。", ["“檢察院這事辦得好!”", "京梧小區住戶稱讚。"]),
        ("甲；乙;丙", ["甲；", "乙;", "丙"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("   ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("黑龍江政法隊伍", Script.TRADITIONAL),
        ("黑龙江政法队伍", Script.SIMPLIFIED),
        ("123 abc", Script.UNKNOWN),
    ],
)
def test_detect_script(text: str, script: Script) -> None:
    assert detect_script(text) is script


def test_convert_script_leaves_text_already_in_that_script() -> None:
    assert convert_script("政法干警", Script.TRADITIONAL, source_script=Script.TRADITIONAL) == "政法干警"
    assert convert_script("發佈會", Script.SIMPLIFIED, source_script=Script.TRADITIONAL) == "发布会"
    assert convert_script("发布会", Script.TRADITIONAL, source_script=Script.SIMPLIFIED) == "發佈會"


def test_normalize_with_offsets_maps_back_to_source() -> None:
    text = "Ａ發佈會"
    normalized, offsets = normalize_with_offsets(text)
    assert normalized == "a发布会"
    assert offsets == [0, 1, 2, 3]


def test_corpus_dictionary_segments_report_text_like_the_full_one() -> None:
    import jieba

    from qa.reports.corpus import load_corpus
    from qa.search.text import DictionaryCollector, prepare_segmenter
    from tests.conftest import SEEDS

    prepare_segmenter()
    texts = [normalize(s.text) for s in load_corpus(SEEDS).sentences]
    full = [jieba.lcut(text) for text in texts]
    sliced = jieba.Tokenizer()
    collector = DictionaryCollector()
    for words in full:
        collector.add(words)
    dictionary = collector.finish()
    sliced.FREQ, sliced.total = dictionary.freq, dictionary.total
    sliced.initialized = True
    assert [sliced.lcut(text) for text in texts] == full
    assert len(sliced.FREQ) < len(jieba.dt.FREQ) / 5
    assert dictionary.tags["梧州"] == "ns"


def test_header_names_stay_whole_and_leave_jieba_as_it_was() -> None:
    import jieba

    from qa.search.text import known_words, prepare_segmenter

    prepare_segmenter()
    before = (jieba.lcut("香港商报网报道"), jieba.dt.total, len(jieba.dt.FREQ))
    with known_words([("香港商报网", "nt")]):
        assert "香港商报网" in jieba.lcut("香港商报网报道")
    assert (jieba.lcut("香港商报网报道"), jieba.dt.total, len(jieba.dt.FREQ)) == before


def test_shipped_simplified_table_matches_opencc() -> None:
    from qa.script import SIMPLIFIED_TABLE, simplified_only_characters

    lines = SIMPLIFIED_TABLE.read_text(encoding="utf-8").splitlines()
    assert "".join(line for line in lines if not line.startswith("#")) == simplified_only_characters()


@pytest.mark.parametrize(
    "question",
    ["梧州全市法院的当场立案率是多少?", "全省政法機關致力打造什麼服務圈?", "梧州", "2021年", "郝伟夫担任什么职务?"],
)
def test_detect_script_agrees_with_opencc_s2t(question: str) -> None:
    from qa.script import to_simplified, to_traditional

    expected = (
        Script.TRADITIONAL
        if to_simplified(question) != question
        else Script.SIMPLIFIED
        if to_traditional(question) != question
        else Script.UNKNOWN
    )
    assert detect_script(question) is expected
