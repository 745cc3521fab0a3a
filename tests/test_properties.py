"""Property: no text whatsoever makes `answer` or the conversation raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.answers.answer import MAX_QUESTION_CHARS, answer
from qa.chat import Conversation
from qa.search.index import ReportIndex

_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=60),
    st.text(alphabet="/ @<>&*_[]()`\\\n\t\x00。，？！", max_size=40),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=_text)
def test_answer_never_raises(seed_index: ReportIndex, question: str) -> None:
    result = answer(seed_index, question, k=3)
    assert len(result.question) <= MAX_QUESTION_CHARS
    for item in result.items:
        assert item.text
        assert all(0 <= span.start < span.end <= len(item.display) for span in item.highlights)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=_text)
def test_conversation_never_raises(seed_index: ReportIndex, message: str) -> None:
    Conversation(seed_index).handle(message, "prop")


_follow_up = st.one_of(
    _text,
    st.sampled_from(["还有呢?", "下一个", "/next", "/prev", "这篇报道是谁写的?", "作者是谁?", "谢谢", "How many?"]),
    st.builds(lambda x: f"那{x}呢?", _text),
    st.builds(lambda x: f"{x}呢", st.text(max_size=8)),
    st.builds(lambda x: f"那么{x}怎么样?", _text),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(messages=st.lists(_follow_up, min_size=1, max_size=6), language=st.sampled_from([None, "zh-hant", "en", ""]))
def test_a_conversation_of_follow_ups_never_raises_and_always_renders(
    seed_index: ReportIndex, messages: list[str], language: str | None
) -> None:
    from bot.render import render
    from qa.chat.render_text import render_reply

    conversation = Conversation(seed_index, remembered_queries=3, context_turns=2)
    conversation.handle("梧州检察机关办结了多少件公益诉讼案件?", "prop", language)
    for message in messages:
        reply = conversation.handle(message, "prop", language)
        assert render_reply(reply)
        assert render(reply).messages
    restored = Conversation(seed_index, remembered_queries=3, context_turns=2)
    assert restored.restore(conversation.snapshot())
