"""End to end: an admin uploads a PDF to the real bot process and asks about it; a non-admin is refused."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FORMATS
from tests.e2e.test_bot_e2e import (
    ROOT,
    TOKEN,
    USER,
    BotProcess,
    Emulator,
    emulator,  # noqa: F401 - the module-scoped emulator fixture, shared
    private,
    pytestmark,
    start_bot,
    wait_for,
)

__all__ = ["pytestmark"]  # the e2e mark and its skips (no Node.js, no `npm ci`) apply here too
STRANGER = {"id": 8, "is_bot": False, "first_name": "Bob"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "reports"
    shutil.copytree(ROOT / "seeds", target)
    return target


@pytest.fixture
def bot(emulator: Emulator, tmp_path: Path, folder: Path) -> Iterator[BotProcess]:  # noqa: F811 - pytest fixture
    process = start_bot(emulator, tmp_path, QA_REPORTS_DIR=str(folder), QA_CACHE_DIR=str(tmp_path / "cache"))
    yield process
    assert process.stop() == 0
    assert "Traceback" not in process.text(), process.text()


def send_document(emulator: Emulator, path: Path, chat: dict[str, Any], user: dict[str, Any] = USER) -> None:  # noqa: F811
    uploaded = emulator.post("/uploadFile", {"content_base64": base64.b64encode(path.read_bytes()).decode()})
    document = {**uploaded, "file_name": path.name, "mime_type": "application/pdf"}
    emulator.post(
        "/sendMessage", {"botToken": TOKEN, "from": user, "chat": chat, "date": 1700000000, "document": document}
    )


@pytest.mark.usefixtures("bot")
def test_an_admin_uploads_a_pdf_then_asks_about_it(emulator: Emulator, folder: Path) -> None:  # noqa: F811
    send_document(emulator, FORMATS / "report.pdf", private(201))
    done = wait_for(lambda: next((m for m in emulator.messages(201) if m["text"].startswith("已添加")), None), 60)
    assert "《新北市法律扶助基金會2023年度工作報告》 · 新北市法律扶助基金會 · 2024-03-08 · 4 句" in done["text"]
    assert "现在共 3 篇报告" in done["text"]
    assert (folder / "report.pdf").read_bytes() == (FORMATS / "report.pdf").read_bytes()
    emulator.send("新北市法律扶助基金會全年受理多少件法律扶助申請?", private(201))
    answer = wait_for(lambda: next((m for m in emulator.messages(201) if "1,234件" in m["text"]), None))
    assert "新北市法律扶助基金會" in answer["text"]


@pytest.mark.usefixtures("bot")
def test_a_non_admin_upload_is_refused(emulator: Emulator, folder: Path) -> None:  # noqa: F811
    before = sorted(p.name for p in folder.iterdir())
    send_document(emulator, FORMATS / "report.pdf", private(202), user=STRANGER)
    (refusal,) = emulator.wait_messages(202, 1)
    assert refusal["text"] == "抱歉，只有管理员可以添加报告。"
    assert sorted(p.name for p in folder.iterdir()) == before
