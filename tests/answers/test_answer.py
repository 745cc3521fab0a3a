"""Answers quote a sentence with its source, in the asker's script, or refuse honestly."""

from __future__ import annotations

from qa.answers.answer import MAX_QUESTION_CHARS, Refusal, answer, clean_question
from qa.models import Script
from qa.script import normalize
from qa.search.index import ReportIndex


def test_answer_quotes_the_sentence_and_its_source(tiny_index: ReportIndex) -> None:
    result = answer(tiny_index, "港口货物吞吐量达到多少?")
    assert result.found
    top = result.items[0]
    assert "1.2亿吨" in top.text
    assert top.article.id == "harbor"
    assert top.article.publisher == "海港日报"


def test_off_topic_questions_are_refused(seed_index: ReportIndex) -> None:
    for question in (
        "今天天气怎么样?",
        "推荐一部好看的电影",
        "How do I reset my password?",
        "北京到上海的高铁票多少钱?",
        "帮我写一首关于春天的诗",
    ):
        result = answer(seed_index, question)
        assert not result.found, question
        assert result.refusal == Refusal.NOT_COVERED


def test_questions_about_absent_topics_are_refused(tiny_index: ReportIndex) -> None:
    for question in ("推荐一部好看的电影", "How do I reset my password?", "北京到上海的高铁票多少钱?"):
        assert not answer(tiny_index, question).found, question


def test_a_place_missing_from_every_report_is_named_and_not_answered_for(tiny_index: ReportIndex) -> None:
    # The reports give 海港市's figure; a question about 上海's is not answered with it.
    result = answer(tiny_index, "上海港口货物吞吐量达到多少?")
    assert not result.found
    assert result.refusal is Refusal.NOT_COVERED
    assert result.missing_terms == ("上海",)


def test_article_context_answers_what_the_sentence_leaves_out(tiny_index: ReportIndex) -> None:
    # The sentence says 果農 but not 果园镇; the title does.
    result = answer(tiny_index, "果园镇培训了多少果农?")
    assert result.found
    assert "860" in result.items[0].text


def test_reply_is_in_the_askers_script(tiny_index: ReportIndex) -> None:
    simplified = answer(tiny_index, "节水灌溉覆盖果园面积多少?")
    traditional = answer(tiny_index, "節水灌溉覆蓋果園面積多少?")
    assert simplified.script is Script.SIMPLIFIED
    assert traditional.script is Script.TRADITIONAL
    assert "覆盖果园面积" in simplified.items[0].display
    assert "覆蓋果園面積" in traditional.items[0].display
    assert simplified.items[0].text == traditional.items[0].text  # the source text is kept


def test_highlights_mark_matched_words_on_the_displayed_text(tiny_index: ReportIndex) -> None:
    item = answer(tiny_index, "节水灌溉覆盖果园面积多少?").items[0]
    marked = {item.display[span.start : span.end] for span in item.highlights}
    assert any("灌溉" in piece for piece in marked)
    assert all(normalize(piece) for piece in marked)
    assert all(a.end <= b.start for a, b in zip(item.highlights, item.highlights[1:], strict=False))


def test_context_holds_the_neighbouring_sentence(tiny_index: ReportIndex) -> None:
    item = answer(tiny_index, "港口集团召开了什么会?").items[0]
    assert "新闻发布会" in item.text
    assert "吞吐量" in "".join(item.context_after)


def test_empty_and_symbol_only_questions_get_the_empty_refusal(tiny_index: ReportIndex) -> None:
    for question in ("", "   ", "?!。", "😀😀😀", "\x00\x07"):
        result = answer(tiny_index, question)
        assert not result.found
        assert result.refusal == Refusal.EMPTY


def test_over_long_questions_are_cut_with_a_flag(tiny_index: ReportIndex) -> None:
    result = answer(tiny_index, "港口" * 60_000)
    assert result.truncated
    assert len(result.question) == MAX_QUESTION_CHARS


def test_control_characters_are_removed() -> None:
    assert clean_question("港口\x00吞吐量\n\t多少") == ("港口 吞吐量 多少", False)


def test_seed_reports_answer_a_question_from_the_right_article(seed_index: ReportIndex) -> None:
    result = answer(seed_index, "梧州全市法院的当场立案率是多少?")
    assert result.items[0].article.id == "001_e9e67510d88d065b"
    assert "97.64%" in result.items[0].text


def test_spoken_pointing_words_no_report_writes_do_not_sink_an_answer(seed_index: ReportIndex) -> None:
    # 那边 / 这边 name no topic; unused by any report, they would weigh as the rarest word.
    for question, fragment in (
        ("梧州那边召开了多少场座谈会?", "426场"),
        ("黑龙江这边公证视频办理了多少件啊?", "846件"),
    ):
        result = answer(seed_index, question)
        assert result.found, question
        assert fragment in normalize(result.items[0].text), question


def test_a_pronoun_does_not_cover_for_a_topic_the_reports_lack(seed_index: ReportIndex) -> None:
    assert not answer(seed_index, "那边的天气怎么样?").found


def test_a_spoken_pointing_word_does_not_name_an_article(seed_index: ReportIndex) -> None:
    result = answer(seed_index, "这是哪个网站报道的?")
    assert result.found
    assert {item.article.publisher for item in result.items} == {article.publisher for article in seed_index.articles}
