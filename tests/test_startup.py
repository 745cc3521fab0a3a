"""A start from a cached index loads only what the first answer needs (what `benchmarks.startup` times)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS

QUESTION = "梧州全市法院的当场立案率是多少?"
# Asks like `qa ask` in a fresh interpreter, then lists the modules that were imported.
ASK_AND_LIST = f"""
import io, json, sys
from qa.cli import main
out = io.StringIO()
code = main(["ask", {QUESTION!r}], out=out)
print(json.dumps({{"code": code, "answer": out.getvalue(), "modules": sorted(sys.modules)}}))
"""
# Only a build reads reports; nothing on the answer path needs pydantic or asyncio.
NOT_FOR_A_CACHED_START = (
    "qa.reports.corpus",
    "qa.reports.cleaning",
    "qa.reports.metadata",
    "qa.search.parts",
    "qa.search.segments",
    "pydantic",
    "pydantic_settings",
    "asyncio",
    "rank_bm25",
    "trafilatura",
    "docx",
    "pypdfium2",
)


def ask_in_a_fresh_process(cache: Path) -> tuple[int, str, set[str]]:
    """(exit code, output, imported modules) of one question asked by a new interpreter."""
    env = {**os.environ, "QA_CACHE_DIR": str(cache), "QA_REPORTS_DIR": str(SEEDS)}
    done = subprocess.run(
        [sys.executable, "-c", ASK_AND_LIST], env=env, capture_output=True, text=True, check=True, encoding="utf-8"
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return int(result["code"]), str(result["answer"]), set(result["modules"])


def test_a_start_from_the_cache_answers_without_the_readers_or_pydantic(tmp_path: Path) -> None:
    _, built, building_modules = ask_in_a_fresh_process(tmp_path / "cache")  # builds the cache
    assert "qa.reports.corpus" in building_modules
    code, answer, modules = ask_in_a_fresh_process(tmp_path / "cache")
    assert code == 0
    assert "97.64%" in answer
    assert answer == built
    assert modules.isdisjoint(NOT_FOR_A_CACHED_START), sorted(modules.intersection(NOT_FOR_A_CACHED_START))
