"""QA_WATCH_SECONDS: the job that swaps in a new index when the reports folder changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from telegram.ext import CallbackContext

from bot.app import build_application
from bot.watch import FolderWatch, folder_signature
from qa.answers.answer import answer
from qa.chat import Conversation
from qa.search.store import open_index
from qa.settings import Settings
from tests.bot.test_bot import TOKEN, RecordingRequest
from tests.conftest import FORMATS


async def test_a_new_file_is_served_after_the_next_check(tiny_reports: Path, tmp_path: Path) -> None:
    settings = Settings(telegram_token=TOKEN, reports_dir=tiny_reports, cache_dir=tmp_path / "cache", watch_seconds=30)
    conversation = Conversation(open_index(tiny_reports, settings.cache_dir))
    application = build_application(settings, conversation, request=RecordingRequest())
    assert application.job_queue is not None
    assert "watch" in [job.name for job in application.job_queue.jobs()]
    watch = FolderWatch.from_settings(settings, conversation)
    context = CallbackContext(application)
    assert not await watch.check(context)
    shutil.copy(FORMATS / "report.docx", tiny_reports)
    assert await watch.check(context)
    best = answer(conversation.index, "浦江区检察院2023年受理案件数是多少?").items[0]
    assert best.text == "受理案件数：2022年 5,310件，2023年 5,872件。"
    assert not await watch.check(context)


def test_the_signature_changes_with_names_sizes_and_times(tiny_reports: Path) -> None:
    before = folder_signature(tiny_reports)
    (tiny_reports / "new.txt").write_text("全市新建公园十二座。\n", encoding="utf-8")
    added = folder_signature(tiny_reports)
    assert added != before
    # Another size: a rewrite of the same size within one clock tick keeps its mtime (coarse
    # file timestamps), and is seen at the next change instead.
    (tiny_reports / "new.txt").write_text("全市新建公园一十三座。\n", encoding="utf-8")
    assert folder_signature(tiny_reports) not in (before, added)
    assert folder_signature(tiny_reports / "missing") == ()


def test_no_job_without_the_setting(tiny_reports: Path, tmp_path: Path) -> None:
    settings = Settings(telegram_token=TOKEN, reports_dir=tiny_reports, cache_dir=tmp_path / "cache")
    application = build_application(settings, Conversation(open_index(tiny_reports, None)), request=RecordingRequest())
    assert application.job_queue is not None
    assert "watch" not in [job.name for job in application.job_queue.jobs()]
