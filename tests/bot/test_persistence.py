"""The bot's persistence: the conversation's state written to a JSON file and read back, as PTB drives it."""

from __future__ import annotations

import json
from pathlib import Path

from telegram import Update

from bot.app import build_application
from bot.persistence import ConversationPersistence
from qa.chat.conversation import AnswerPage, Conversation
from qa.chat.state import SNAPSHOT_VERSION
from qa.search.index import ReportIndex
from qa.settings import Settings
from tests.bot.test_bot import TOKEN, RecordingRequest, message_update


async def test_state_round_trips_through_the_file(city_index: ReportIndex, tmp_path: Path) -> None:
    path = tmp_path / "state" / "conversation-state.json"
    before = Conversation(city_index, max_results=3)
    answer = before.handle("青山市公安机关抓获了多少犯罪嫌疑人?", "chat:1")
    assert isinstance(answer, AnswerPage)
    await ConversationPersistence(before, path).flush()
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == SNAPSHOT_VERSION

    after = Conversation(city_index, max_results=3)
    assert await ConversationPersistence(after, path).get_bot_data() == {}
    page = after.page(answer.query_id, 1, "chat:1")
    assert isinstance(page, AnswerPage)
    assert page.answer.items[1].text == answer.answer.items[1].text
    assert after.stats.answered == 1


async def test_a_missing_or_broken_file_starts_afresh(city_index: ReportIndex, tmp_path: Path) -> None:
    conversation = Conversation(city_index)
    persistence = ConversationPersistence(conversation, tmp_path / "none.json")
    assert not persistence.load()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert not ConversationPersistence(conversation, broken).load()
    broken.write_text('{"version": 0}', encoding="utf-8")
    assert not ConversationPersistence(conversation, broken).load()
    assert conversation.stats.questions == 0


async def test_an_unwritable_place_is_a_warning_not_a_crash(city_index: ReportIndex, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    conversation = Conversation(city_index)
    conversation.handle("青山市法院受理了多少件案件?")
    await ConversationPersistence(conversation, blocker / "state.json").flush()  # parent is a file
    assert blocker.read_text(encoding="utf-8") == ""


async def test_the_application_loads_it_at_start_and_saves_it_at_stop(city_index: ReportIndex, tmp_path: Path) -> None:
    path = tmp_path / "conversation-state.json"
    conversation = Conversation(city_index)
    conversation.handle("青山市法院受理了多少件案件?", "chat:1")
    await ConversationPersistence(conversation, path).flush()

    restarted = Conversation(city_index)
    settings = Settings(telegram_token=TOKEN, cache_dir=tmp_path / "cache", state_file=path, state_save_seconds=3600)
    application = build_application(settings, restarted, request=RecordingRequest())
    await application.initialize()
    assert restarted.stats.questions == 1
    await application.process_update(Update.de_json(message_update("白河县法院受理了多少件案件?"), application.bot))
    assert restarted.stats.questions == 2
    await application.start()  # the persistence loop runs only while started
    await application.stop()  # PTB's stop: update_persistence() and flush()
    await application.shutdown()
    assert json.loads(path.read_text(encoding="utf-8"))["stats"][0] == 2
