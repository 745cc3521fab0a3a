"""Each fix in emulator.js is needed: the stock telegram-test-api 4.2.1 gets it wrong, the wrapper right."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_bot_e2e import free_port

E2E = Path(__file__).resolve().parent
TOKEN = "123456:fixes-token"
STOCK = (
    "const S = require('telegram-test-api');"
    "const s = new S({port: Number(process.argv[1]), host: '127.0.0.1'});"
    "s.start().then(() => process.stdout.write('ready\\n'));"
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed"),
    pytest.mark.skipif(not (E2E / "node_modules" / "telegram-test-api").is_dir(), reason="run `make test` (npm ci)"),
]


def _start(args: list[str]) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    process = subprocess.Popen([*args, str(port)], cwd=E2E, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().startswith("ready")
    return process, port


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, int]]:
    stock, stock_port = _start(["node", "-e", STOCK])
    fixed, fixed_port = _start(["node", str(E2E / "emulator.js")])
    yield {"stock": stock_port, "fixed": fixed_port}
    for process in (stock, fixed):
        process.terminate()
        process.wait(10)
        assert process.stdout is not None
        process.stdout.close()


def call(port: int, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST a Bot API call form-encoded, as python-telegram-bot does."""
    data = urllib.parse.urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/bot{TOKEN}/{method}", data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def client(port: int, path: str, payload: dict[str, Any]) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).close()


def test_get_me_needs_is_bot(servers: dict[str, int]) -> None:
    assert "is_bot" not in call(servers["stock"], "getMe")[1]["result"]
    assert call(servers["fixed"], "getMe")[1]["result"]["is_bot"] is True


def test_send_message_date_must_be_seconds_and_fields_objects(servers: dict[str, int]) -> None:
    params = {"chat_id": "5", "text": "hi", "link_preview_options": {"is_disabled": True}}
    stock = call(servers["stock"], "sendMessage", **params)[1]["result"]
    fixed = call(servers["fixed"], "sendMessage", **params)[1]["result"]
    assert stock["date"] > time.time() * 100  # milliseconds
    assert isinstance(stock["link_preview_options"], str)
    assert abs(fixed["date"] - time.time()) < 60
    assert "link_preview_options" not in fixed or isinstance(fixed["link_preview_options"], dict)


def test_edit_must_return_the_message(servers: dict[str, int]) -> None:
    for name in ("stock", "fixed"):
        sent = call(servers[name], "sendMessage", chat_id="6", text="one")[1]["result"]
        edited = call(servers[name], "editMessageText", chat_id="6", message_id=str(sent["message_id"]), text="two")
        if name == "stock":
            assert edited[1]["result"] is None
        else:
            assert edited[1]["result"]["text"] == "two"


@pytest.mark.parametrize("method", ["setMyCommands", "sendChatAction", "getWebhookInfo"])
def test_methods_ptb_calls_must_not_fail(servers: dict[str, int], method: str) -> None:
    params = {"commands": [{"command": "start", "description": "s"}], "chat_id": "5", "action": "typing"}
    assert call(servers["stock"], method, **params)[0] == 500
    assert call(servers["fixed"], method, **params)[0] == 200


def test_get_updates_must_honour_offset_and_timeout(servers: dict[str, int]) -> None:
    message = {
        "botToken": TOKEN,
        "from": {"id": 1, "is_bot": False, "first_name": "U"},
        "chat": {"id": 1, "type": "private"},
    }
    for name in ("stock", "fixed"):
        client(servers[name], "/sendMessage", {**message, "date": 1, "text": "x"})
    stock_first = call(servers["stock"], "getUpdates")[1]["result"]
    stock_again = call(servers["stock"], "getUpdates", offset=str(stock_first[0]["update_id"]))[1]["result"]
    assert stock_again == []  # offset ignored: the update is gone although it was not confirmed
    fixed_first = call(servers["fixed"], "getUpdates")[1]["result"]
    fixed_again = call(servers["fixed"], "getUpdates", offset=str(fixed_first[0]["update_id"]))[1]["result"]
    assert fixed_again == fixed_first
    started = time.monotonic()
    call(servers["stock"], "getUpdates", timeout="1")
    assert time.monotonic() - started < 0.5  # timeout ignored: busy polling
    started = time.monotonic()
    call(servers["fixed"], "getUpdates", timeout="1", offset=str(fixed_first[0]["update_id"] + 1))
    assert time.monotonic() - started >= 0.9


def test_callback_updates_need_chat_instance(servers: dict[str, int]) -> None:
    callback = {
        "botToken": TOKEN,
        "from": {"id": 2, "is_bot": False, "first_name": "U"},
        "data": "p:x:1",
        "message": {"message_id": 1, "date": 1, "chat": {"id": 2, "type": "private"}, "text": "t"},
    }
    found = {}
    for name in ("stock", "fixed"):
        client(servers[name], "/sendCallback", callback)
        updates = call(servers[name], "getUpdates")[1]["result"]
        found[name] = next(u["callback_query"] for u in updates if "callback_query" in u)
    assert "chat_instance" not in found["stock"]
    assert "chat_instance" in found["fixed"]


def test_html_and_length_are_checked(servers: dict[str, int]) -> None:
    bad = {"chat_id": "9", "text": "<b>unclosed", "parse_mode": "HTML"}
    assert call(servers["stock"], "sendMessage", **bad)[0] == 200
    assert call(servers["fixed"], "sendMessage", **bad)[0] == 400
    long = {"chat_id": "9", "text": "字" * 4097}
    assert call(servers["fixed"], "sendMessage", **long)[0] == 400
