"""The `qa` command end to end on the bundled seeds (in-process, output captured)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from qa.cli import ProgressBar, main
from tests.conftest import DATA, SEED_QUESTIONS, SEEDS


def run(args: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str]:
    out = io.StringIO()
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args, out=out)
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("QA_REPORTS_DIR", str(SEEDS))


def test_ask_prints_answer_and_source() -> None:
    code, output = run(["ask", "梧州全市法院的当场立案率是多少?"])
    assert code == 0
    assert "97.64%" in output
    assert "梧州零距離網-梧州日報 · 2022-02-24" in output


def test_ask_k_shows_several_answers() -> None:
    _, output = run(["ask", "-k", "3", "梧州检察机关办结了多少件公益诉讼案件?"])
    assert "[1/3]" in output
    assert "[3/3]" in output


def test_ask_json_from_stdin_gives_one_object_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "梧州发放了多少份调查问卷?\n\n今天天气怎么样?\n\x00\x01\n"
    code, output = run(["ask", "--json"], lines, monkeypatch)
    assert code == 0
    records = [json.loads(line) for line in output.splitlines()]
    assert len(records) == 4
    assert records[0]["answers"][0]["source"]["id"] == "001_e9e67510d88d065b"
    assert "2萬余份" in records[0]["answers"][0]["text"]
    assert "2万余份" in records[0]["answers"][0]["display"]
    assert set(records[0]["answers"][0]["source"]) == {"id", "title", "date", "publisher"}
    assert isinstance(records[0]["answers"][0]["score"], float)
    assert records[1]["answers"] == []
    assert records[2]["answers"] == []
    assert records[2]["notice"]


def test_sources_json() -> None:
    _, output = run(["sources", "--json"])
    records = json.loads(output)
    assert [r["id"] for r in records] == ["000_ac913a60e2e490e0", "001_e9e67510d88d065b"]
    assert records[1]["authors"] == ["李繼遠", "高寒", "廖敬生"]


def test_reports_option_points_at_another_folder() -> None:
    _, output = run(["--reports", str(DATA / "reports"), "sources"])
    assert "海港市发布会介绍港口建设成果" in output
    assert "黑龍江" not in output


def test_chat_harness_reads_piped_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run(["chat"], "/sources\n梧州发放了多少份调查问卷?\n/next\n/source 9\n", monkeypatch)
    assert code == 0
    assert "1. 《黑龍江" in output
    assert "2万余份" in output
    assert "[2/" in output
    assert "1 到 2" in output


def test_chat_json_is_one_object_per_line_in_one_session(monkeypatch: pytest.MonkeyPatch) -> None:
    messages = [
        "/start",
        "青山市公安机关抓获了多少犯罪嫌疑人?",
        "那白河县呢?",
        "还有呢",
        "",
        "谢谢",
        "How many?",
        "/source 9",
    ]
    code, output = run(["--reports", str(DATA / "cities"), "chat", "--json"], "\n".join(messages) + "\n", monkeypatch)
    assert code == 0
    replies = [json.loads(line) for line in output.splitlines()]
    assert [reply["input"] for reply in replies] == messages
    assert [reply["type"] for reply in replies] == [
        "welcome", "answer", "answer", "page", "no_answer", "smalltalk", "not_chinese", "notice",
    ]  # fmt: skip
    for reply in replies:
        assert set(reply) == {"input", "type", "text", "answers", "position", "total", "notice", "understood_as"}
        assert reply["text"]
    first, swapped, page = replies[1:4]
    assert (first["position"], first["total"], first["understood_as"]) == (0, len(first["answers"]), None)
    assert "420人" in first["answers"][0]["text"]
    assert swapped["understood_as"] == "白河县公安机关抓获了多少犯罪嫌疑人?"
    assert swapped["answers"][0]["source"]["id"] == "baihe"
    assert len(page["answers"]) == 1
    assert page["position"] == 1
    assert page["answers"][0] == swapped["answers"][1]
    _, ask_output = run(
        ["--reports", str(DATA / "cities"), "ask", "--json"], "白河县公安机关抓获了多少犯罪嫌疑人?\n", monkeypatch
    )
    assert json.loads(ask_output)["answers"][0].keys() == swapped["answers"][0].keys()  # items exactly as in qa ask
    assert replies[4]["notice"]
    assert replies[7]["notice"] == replies[7]["text"]


def test_eval_dialogs_prints_turn_and_conversation_accuracy_and_the_misses() -> None:
    code, output = run(["--reports", str(DATA / "cities"), "eval", "--dialogs", str(DATA / "cities_dialogs.jsonl")])
    assert code == 0
    assert "turns right              8/9 = 88.9%" in output
    assert "conversations right      2/3 = 66.7%" in output
    assert (
        "miss c03 turn 3: 青山市检察院办理了多少件公益诉讼案件? — expected '999件'; got answer: 青山市检察院" in output
    )


@pytest.mark.skipif(not SEED_QUESTIONS.exists(), reason="shared evaluation data not present")
def test_eval_on_the_seed_questions() -> None:
    code, output = run(["eval", str(SEED_QUESTIONS)])
    assert code == 0
    assert "top-1 hit" in output
    assert "out-of-scope refused" in output


def test_missing_reports_folder_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(["--reports", str(tmp_path / "none"), "sources"])
    assert code == 1
    assert capsys.readouterr().err.strip().startswith("error: reports folder not found")


def test_bad_setting_is_one_error_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QA_MAX_RESULTS", "many")
    code, _ = run(["sources"])
    err = capsys.readouterr().err
    assert code == 1
    assert "QA_MAX_RESULTS" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2() -> None:
    assert run(["frobnicate"])[0] == 2


def test_env_example_lists_every_setting_and_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.settings import Settings, load_settings

    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"QA_{name.upper()}=" in example, name
    (tmp_path / ".env").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(f"QA_{name.upper()}", raising=False)
    settings = load_settings()
    assert settings.telegram_token is None
    assert settings.rate_limit_per_minute == 20


@pytest.mark.parametrize(("value", "forms"), [("taiwan", "裡"), ("HK", "裏"), ("hong-kong", "裏"), ("tw", "裡")])
def test_traditional_standard_setting(monkeypatch: pytest.MonkeyPatch, value: str, forms: str) -> None:
    monkeypatch.setenv("QA_TRADITIONAL_STANDARD", value)
    _, output = run(["--reports", str(DATA / "cities"), "chat", "--json"], "謝謝，你好\n你好\n", monkeypatch)
    greeting = json.loads(output.splitlines()[1])
    assert greeting["type"] == "smalltalk"
    assert forms in greeting["text"]  # 你好 is the same in both scripts: the chat's last script decides


def test_a_bad_traditional_standard_is_one_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QA_TRADITIONAL_STANDARD", "martian")
    code, _ = run(["sources"])
    assert code == 1
    assert "QA_TRADITIONAL_STANDARD" in capsys.readouterr().err


def test_chat_json_answers_undecodable_bytes_too(tmp_path: Path) -> None:
    import subprocess

    environment = {**os.environ, "QA_CACHE_DIR": str(tmp_path / "cache"), "QA_REPORTS_DIR": str(DATA / "cities")}
    done = subprocess.run(
        [sys.executable, "-m", "qa", "chat", "--json"],
        input=b"\xff\xfe\xfd\n" + "青山市法院受理了多少件案件?\n".encode(),
        capture_output=True,
        env=environment,
        check=True,
    )
    replies = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(replies) == 2
    assert replies[0]["input"] == "\ufffd\ufffd\ufffd"
    assert replies[1]["type"] == "answer"
    assert "1200件" in replies[1]["answers"][0]["text"]


def test_chat_can_act_as_a_telegram_language(monkeypatch: pytest.MonkeyPatch) -> None:
    _, output = run(
        ["--reports", str(DATA / "cities"), "chat", "--json", "--language", "zh-hant"], "/start\n", monkeypatch
    )
    assert "我是報告問答機器人" in json.loads(output)["text"]
    _, output = run(["--reports", str(DATA / "cities"), "chat", "--language", "zh-hant"], "/help\n", monkeypatch)
    assert "列出所有報告" in output


def _shown(steps: list[tuple[str, int, int]]) -> list[str]:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    for stage, done, total in steps:
        bar.begin(stage)
        bar(done, total)
    return [line.split()[0] for line in stream.getvalue().replace("\r", "\n").splitlines() if line.strip()]


def test_an_update_of_a_big_folder_shows_its_reading_and_merging() -> None:
    steps = [("reading", 25_000, 25_000), ("analysing", 40, 40), ("merging", 1, 1), ("saving", 1, 1)]
    assert _shown(steps) == ["reading", "merging", "saving"]  # 40 sentences analysed: no line of their own


def test_a_small_folder_shows_no_progress() -> None:
    assert _shown([("reading", 5, 5), ("analysing", 90, 90), ("merging", 1, 1), ("saving", 1, 1)]) == []
