"""The operator's kit: the systemd unit passes `systemd-analyze verify`, and the lock file pins what setup installs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "qa-bot.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / "bin" / "qa-bot").exists():
        pytest.skip("run `make setup` first (the unit's ExecStart must exist)")
    unit = tmp_path / "qa-bot.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace("/opt/report-qa", str(ROOT)), encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "qa-bot.service" not in result.stderr, result.stderr


def test_the_unit_is_sandboxed_and_stops_cleanly() -> None:
    text = UNIT.read_text(encoding="utf-8")
    settings = dict(re.findall(r"^(\w+)=(.*)$", text, flags=re.MULTILINE))
    for option in ("NoNewPrivileges", "PrivateTmp", "ProtectHome", "RestrictSUIDSGID", "LockPersonality"):
        assert settings[option] == "yes"
    assert settings["ProtectSystem"] == "strict"
    assert settings["Restart"] == "on-failure"  # exit 1 is a failure; SIGTERM's exit 0 is not
    assert settings["KillSignal"] == "SIGTERM"


def test_the_lock_pins_every_dependency_exactly() -> None:
    lines = [
        line
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line) for line in lines), lines
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in lines}
    for needed in ("python-telegram-bot", "jieba", "numpy", "pydantic-settings", "ruff", "mypy", "pytest", "pip"):
        assert needed in pinned
    assert "-c requirements.lock" in (ROOT / "Makefile").read_text(encoding="utf-8")
