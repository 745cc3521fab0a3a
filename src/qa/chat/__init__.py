"""The conversation both adapters share (sessions, follow-ups, paging), its wording and plain-text rendering."""

from qa.chat.conversation import (
    AnswerPage,
    Conversation,
    Help,
    NoAnswer,
    Notice,
    NoticeKind,
    Reply,
    SourceDetail,
    SourceEntry,
    SourceList,
    Welcome,
)
from qa.chat.state import Stats

__all__ = [
    "AnswerPage",
    "Conversation",
    "Help",
    "NoAnswer",
    "Notice",
    "NoticeKind",
    "Reply",
    "SourceDetail",
    "SourceEntry",
    "SourceList",
    "Stats",
    "Welcome",
]
