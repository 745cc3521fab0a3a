"""Property: no text whatsoever makes `answer` or the conversation raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.answer import MAX_QUESTION_CHARS, answer
from qa.chat import Conversation
from qa.index import ReportIndex

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
