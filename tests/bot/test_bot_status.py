"""/status through the real Application: admins see every skipped file and why, others are refused."""

from __future__ import annotations

from pathlib import Path

from bot.app import build_application
from bot.status import status_text
from qa.chat import Conversation
from qa.chat.voice import Voice
from qa.models import FileStatus, Script, SkipReason
from qa.search.index import ReportIndex
from qa.settings import Settings
from tests.bot.test_bot import TOKEN, RecordingRequest, feed, message_update


async def test_admins_see_skipped_files_with_reasons(tmp_path: Path, formats_index: ReportIndex) -> None:
    settings = Settings(telegram_token=TOKEN, cache_dir=tmp_path / "cache", admin_ids=frozenset({1}))
    fake = RecordingRequest()
    application = build_application(settings, Conversation(formats_index), request=fake)
    await application.initialize()
    await feed(application, message_update("/status"))
    stranger = message_update("/status")
    stranger["message"]["from"] = {"id": 2, "is_bot": False, "first_name": "Bob"}
    await feed(application, stranger)
    await application.shutdown()
    admin, refused = fake.sent()
    text = admin["text"]
    assert admin["parse_mode"] == refused["parse_mode"] == "HTML"  # the application's Defaults
    assert "<b>报告文件 8 个：已读入 5 个（26 句），跳过 3 个</b>" in text
    assert "• scanned.pdf：扫描图像，没有文字层：请先做 OCR 文字识别" in text
    assert "• encrypted.pdf：文件加了密码：请另存一份不加密的副本" in text
    assert "• corrupt.pdf：文件已损坏或不是这种格式，无法读取" in text
    assert "• report.pdf · pdf · 4 句" in text
    assert "管理员" in refused["text"]
    assert "scanned.pdf" not in refused["text"]


def test_status_of_a_huge_folder_fits_one_message() -> None:
    files = [FileStatus(f"报告{n:05d}.pdf", "pdf", skipped=SkipReason.SCANNED) for n in range(2000)]
    files += [FileStatus(f"good{n}.txt", "txt", sentences=3) for n in range(100)]
    text = status_text(files)
    assert len(text) <= 4096
    assert text.startswith("<b>报告文件 2100 个：已读入 100 个（300 句），跳过 2000 个</b>")


def test_an_oversize_file_says_its_size() -> None:
    status = FileStatus("big.pdf", "pdf", skipped=SkipReason.TOO_LARGE, message="80.0 MB is over the 50 MB limit")
    assert "文件太大（上限见 QA_MAX_REPORT_MB）（80.0 MB is over the 50 MB limit）" in status_text([status])


def test_a_file_served_in_part_says_what_is_missing() -> None:
    status = FileStatus(
        "mixed.pdf", "pdf", sentences=12, message="1 of 3 pages are scanned images without text (pages 2): OCR them"
    )
    assert "• mixed.pdf · pdf · 12 句（部分未读入：1 of 3 pages are scanned images" in status_text([status])


def test_a_traditional_admin_reads_the_status_in_traditional_with_file_names_as_written() -> None:
    files = [
        FileStatus("简体报告.pdf", "pdf", skipped=SkipReason.SCANNED),
        FileStatus("<b>&.txt", "txt", sentences=3),
    ]
    text = status_text(files, Voice(Script.TRADITIONAL))
    assert text.startswith("<b>報告文件 2 個：已讀入 1 個（3 句），跳過 1 個</b>")  # characters, not vocabulary
    assert "• 简体报告.pdf：掃描圖像" in text  # the name as written, the reason in the asker's script
    assert "• &lt;b&gt;&amp;.txt · txt · 3 句" in text  # names are escaped once, never read as markup
