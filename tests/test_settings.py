"""Settings: texts from the environment and .env become typed values, and bad ones are named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.settings import Secret, Settings, SettingsError, TraditionalForms, load_settings

TOKEN = "123456:settings-test-token-value"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No QA_ variable from the caller's environment, and a working folder without .env."""
    for name in [name for name in os.environ if name.upper().startswith("QA_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_environment_texts_become_typed_values(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("QA_MAX_RESULTS", " 7 ")
    clean_env.setenv("QA_ADMIN_IDS", "1, 2,,3")
    clean_env.setenv("QA_MAX_REPORT_MB", "0.5")
    clean_env.setenv("QA_TRADITIONAL_STANDARD", "HK")
    clean_env.setenv("QA_TELEGRAM_TOKEN", TOKEN)
    clean_env.setenv("QA_STATE_FILE", "")
    settings = load_settings()
    assert settings.max_results == 7
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.max_report_bytes == 512 * 1024
    assert settings.traditional_standard is TraditionalForms.HONG_KONG
    assert settings.telegram_token == Secret(TOKEN)
    assert settings.state_file is None
    assert settings.state_path == Path(".cache/qa/conversation-state.json")


def test_the_environment_wins_over_dotenv_and_names_ignore_case(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("QA_MAX_RESULTS=3\nqa_context_turns=9\nOTHER_THING=1\n", encoding="utf-8")
    clean_env.setenv("QA_MAX_RESULTS", "4")
    settings = load_settings()
    assert settings.max_results == 4
    assert settings.context_turns == 9


def test_overrides_win_over_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("QA_REPORTS_DIR", "elsewhere")
    assert load_settings(reports_dir=Path("here")).reports_dir == Path("here")


def test_every_bad_value_is_named_in_one_error(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("QA_MAX_RESULTS", "11")
    clean_env.setenv("QA_WEBHOOK_PORT", "https")
    clean_env.setenv("QA_ADMIN_IDS", "1,bob")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith("bad setting: ")
    assert "QA_MAX_RESULTS: must be at most 10" in message
    assert "QA_WEBHOOK_PORT: must be a whole number, not 'https'" in message
    assert "QA_ADMIN_IDS: must be a whole number, not 'bob'" in message


@pytest.mark.parametrize(
    "values",
    [{"max_results": 0}, {"max_results": True}, {"max_report_mb": 0}, {"log_level": "LOUD"}, {"reports_dir": 3}],
)
def test_values_given_in_code_are_checked_too(values: dict[str, object]) -> None:
    with pytest.raises(SettingsError, match="bad setting: QA_"):
        Settings(**values)  # type: ignore[arg-type]  # wrong values on purpose


def test_a_secret_never_shows_in_repr_or_str() -> None:
    settings = Settings(telegram_token=TOKEN, webhook_secret="hook-secret")  # type: ignore[arg-type]  # texts parse
    assert TOKEN not in repr(settings)
    assert "hook-secret" not in repr(settings)
    assert str(settings.telegram_token) == "**********"
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == TOKEN


def test_blank_texts_mean_not_configured() -> None:
    settings = Settings(telegram_token=" ", webhook_url="", webhook_secret="")  # type: ignore[arg-type]  # texts parse
    assert settings.telegram_token is None
    assert settings.webhook_url is None
    assert settings.webhook_secret is None
