"""The `qa` command's settings memo: the same settings as pydantic-settings gives, without importing it on a hit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.models import TraditionalStandard
from qa.settings import SettingsError, load_settings
from qa.settings_memo import CommandSettings, command_settings, memo_folder

ROOT = Path(__file__).resolve().parent.parent


def _clean_environment(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("QA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(folder)


def _memos() -> list[Path]:
    return sorted(memo_folder().glob("*.json"))


def test_a_memo_gives_what_validation_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("QA_MAX_RESULTS", "3")
    monkeypatch.setenv("QA_TRADITIONAL_STANDARD", "HK")
    first = command_settings()
    assert len(_memos()) == 1
    assert command_settings() == first == CommandSettings.of(load_settings())
    assert first.max_results == 3
    assert first.standard is TraditionalStandard.HONG_KONG


def test_a_changed_variable_or_env_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("QA_MAX_RESULTS", "3")
    assert command_settings().max_results == 3
    monkeypatch.setenv("QA_MAX_RESULTS", "4")
    assert command_settings().max_results == 4
    (tmp_path / ".env").write_text("QA_CONTEXT_TURNS=7\n", encoding="utf-8")
    assert command_settings().context_turns == 7
    (tmp_path / ".env").write_text("QA_CONTEXT_TURNS=8\n", encoding="utf-8")
    assert command_settings().context_turns == 8


def test_bad_settings_still_fail_and_leave_no_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch, tmp_path)
    command_settings()
    remembered = _memos()
    monkeypatch.setenv("QA_MAX_RESULTS", "0")
    with pytest.raises(SettingsError, match="QA_MAX_RESULTS"):
        command_settings()
    monkeypatch.delenv("QA_MAX_RESULTS")
    monkeypatch.setenv("QA_MAX_RESLTS", "3")
    with pytest.raises(SettingsError, match="did you mean QA_MAX_RESULTS"):
        command_settings()
    assert _memos() == remembered


def test_no_secret_is_written_to_a_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch, tmp_path)
    token = "123456:memo-canary-token-value"
    monkeypatch.setenv("QA_TELEGRAM_TOKEN", token)
    monkeypatch.setenv("QA_WEBHOOK_SECRET", "memo-canary-secret")
    command_settings()
    (memo,) = _memos()
    text = memo.read_text(encoding="utf-8") + memo.name
    assert "canary" not in text
    assert "123456" not in text


def test_a_damaged_memo_is_validated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("QA_MAX_RESULTS", "2")
    command_settings()
    (memo,) = _memos()
    memo.write_text('{"max_results": "lots"', encoding="utf-8")
    assert command_settings().max_results == 2
    assert CommandSettings.from_json(memo.read_text(encoding="utf-8")).max_results == 2


def test_an_unwritable_memo_folder_only_costs_the_shortcut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch, tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setenv("QA_MAX_RESULTS", "4")
    assert command_settings().max_results == 4


def test_a_warm_qa_ask_does_not_import_pydantic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch, tmp_path)
    monkeypatch.setenv("QA_REPORTS_DIR", str(ROOT / "tests" / "data" / "reports"))
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    probe = (
        "import sys, io; from qa.cli import main; code = main(['ask', '立案率是多少'], out=io.StringIO()); "
        "print(code, 'pydantic' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True) for _ in (1, 2)]
    assert [run.stdout.split() for run in runs] == [["0", "True"], ["0", "False"]]
