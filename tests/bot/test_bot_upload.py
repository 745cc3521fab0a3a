"""Adding reports from the chat and /remove, through the real Application with a recording HTTP layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, file_url
from bot.handlers import AnyApplication
from qa.chat import Conversation
from qa.reports.folder import safe_name
from qa.search.store import open_index
from qa.settings import Settings
from tests.bot.test_bot import TOKEN, USER, RecordingRequest, feed, message_update
from tests.conftest import FORMATS


class FileServingRequest(RecordingRequest):
    """RecordingRequest that also answers getFile and serves the files' bytes, as the Bot API does."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}

    async def do_request(self, url: str, method: str, request_data: Any = None, **kwargs: Any) -> tuple[int, bytes]:
        if "/file/bot" in url:
            self.calls.append(("download", {"url": url}))
            return 200, self.files[url.rsplit("/", 1)[-1]]
        return await super().do_request(url, method, request_data, **kwargs)

    def _result(self, api: str, params: dict[str, Any]) -> object:
        if api == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}",
            }
        return super()._result(api, params)


def document_update(
    path: Path, file_id: str, *, user: dict[str, Any] = USER, name: str | None = None
) -> dict[str, Any]:
    update = message_update(
        "", document={"file_id": file_id, "file_unique_id": file_id, "file_name": name or path.name}
    )
    del update["message"]["text"]
    update["message"]["from"] = user
    return update


@pytest.fixture
def folder(tiny_reports: Path) -> Path:
    """The writable reports folder the bot adds to and removes from."""
    return tiny_reports


@pytest.fixture
def fake() -> FileServingRequest:
    return FileServingRequest()


@pytest.fixture
async def app(folder: Path, tmp_path: Path, fake: FileServingRequest) -> AnyApplication:
    settings = Settings(
        telegram_token=TOKEN, reports_dir=folder, cache_dir=tmp_path / "cache", admin_ids=frozenset({1})
    )
    conversation = Conversation(open_index(folder, settings.cache_dir))
    application = build_application(settings, conversation, request=fake)
    await application.initialize()
    return application


def _files(folder: Path, pattern: str = "*") -> list[str]:
    """Names of the folder's entries matching `pattern` (a sync helper: the tests' checks are not I/O-bound)."""
    return sorted(path.name for path in folder.glob(pattern))


def _texts(fake: FileServingRequest) -> list[str]:
    """Every text the bot sent or edited in, in order."""
    return [str(params["text"]) for name, params in fake.calls if name in ("sendMessage", "editMessageText")]


async def test_an_admin_adds_a_pdf_and_can_ask_about_it(
    app: AnyApplication, fake: FileServingRequest, folder: Path
) -> None:
    fake.files["f1"] = (FORMATS / "report.pdf").read_bytes()
    await feed(app, document_update(FORMATS / "report.pdf", "f1"))
    texts = _texts(fake)
    assert texts[0] == "正在下载 report.pdf……"
    assert "已保存 report.pdf，正在重建索引……" in texts
    assert texts[-1].startswith(
        "已添加：《新北市法律扶助基金會2023年度工作報告》 · 新北市法律扶助基金會 · 2024-03-08 · 4 句"
    )
    assert (folder / "report.pdf").read_bytes() == fake.files["f1"]
    assert not _files(folder, ".upload-*")
    await feed(app, message_update("新北市法律扶助基金會受理多少件法律扶助申請?"))
    assert "1,234件" in _texts(fake)[-1]
    await app.shutdown()


async def test_an_existing_name_is_never_overwritten(
    app: AnyApplication, fake: FileServingRequest, folder: Path
) -> None:
    original = folder / _files(folder, "*.txt")[0]
    before = original.read_bytes()
    fake.files["f2"] = "港口新闻\n全市港口今年新增泊位八个，货物吞吐量同比增长百分之九。\n".encode()
    await feed(app, document_update(original, "f2"))
    assert original.read_bytes() == before
    assert (folder / f"{original.stem}-2.txt").read_bytes() == fake.files["f2"]
    assert f"（已有同名文件，保存为 {original.stem}-2.txt）" in _texts(fake)[-1]
    fake.files["f3"] = fake.files["f2"]
    await feed(app, document_update(original, "f3", name="again.txt"))
    assert _texts(fake)[-1] == f"没有添加 again.txt：和已有的 {original.stem}-2.txt 是同一个文件。"
    assert not (folder / "again.txt").exists()
    await app.shutdown()


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("scanned.pdf", "扫描图像，没有文字层：请先做 OCR 文字识别"),
        ("encrypted.pdf", "文件加了密码：请另存一份不加密的副本"),
    ],
)
async def test_an_unreadable_upload_is_refused_and_not_saved(
    app: AnyApplication, fake: FileServingRequest, folder: Path, fixture: str, reason: str
) -> None:
    before = _files(folder)
    fake.files["bad"] = (FORMATS / fixture).read_bytes()
    await feed(app, document_update(FORMATS / fixture, "bad"))
    assert _texts(fake)[-1] == f"没有添加 {fixture}：{reason}"
    assert _files(folder) == before
    await app.shutdown()


async def test_an_upload_over_the_size_limit_is_refused_before_downloading(
    folder: Path, tmp_path: Path, fake: FileServingRequest
) -> None:
    settings = Settings(
        telegram_token=TOKEN,
        reports_dir=folder,
        cache_dir=tmp_path / "cache",
        admin_ids=frozenset({1}),
        max_report_mb=0.01,
    )
    application = build_application(settings, Conversation(open_index(folder, None)), request=fake)
    await application.initialize()
    update = document_update(FORMATS / "report.pdf", "big")
    update["message"]["document"]["file_size"] = 31_603
    await feed(application, update)
    assert _texts(fake) == ["没有添加 report.pdf：文件太大（上限见 QA_MAX_REPORT_MB）"]
    assert not [name for name, _ in fake.calls if name in ("getFile", "download")]
    await application.shutdown()


async def test_uploads_from_others_and_unsupported_formats_are_refused(
    app: AnyApplication, fake: FileServingRequest
) -> None:
    fake.files["f4"] = (FORMATS / "report.pdf").read_bytes()
    await feed(app, document_update(FORMATS / "report.pdf", "f4", user={"id": 2, "is_bot": False, "first_name": "Bob"}))
    await feed(app, document_update(Path("minutes.doc"), "f5"))
    refused, unsupported = _texts(fake)
    assert refused == "抱歉，只有管理员可以添加报告。"
    assert unsupported.startswith("没有添加 minutes.doc：不支持这种格式。")
    assert not [name for name, _ in fake.calls if name in ("getFile", "download")]
    await app.shutdown()


async def test_remove_moves_the_report_out_and_rebuilds(
    app: AnyApplication, fake: FileServingRequest, folder: Path
) -> None:
    before = _files(folder)
    await feed(app, message_update("/remove 1"))
    assert "（文件移到了 removed/ 子文件夹）。\n现在共 2 篇报告（" in _texts(fake)[-1]
    (gone,) = set(before) - set(_files(folder))
    assert _files(folder / "removed") == [gone]
    await feed(app, message_update("/remove 99"))
    assert _texts(fake)[-1] == "用法：/remove N（N 是 /sources 列表里的编号）"
    await app.shutdown()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("~$报告.DOCX", "报告.docx"),
        (".hidden.pdf", "hidden.pdf"),
        ("a:b*c?.pdf", "a_b_c_.pdf"),
    ],
)
def test_upload_names_stay_inside_the_folder(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_the_file_url_sits_beside_the_api_url() -> None:
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:9000/bot") == "http://127.0.0.1:9000/file/bot"
