# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup lock e2e-deps run test lint typecheck unit bench eval clean

# Bytecode for the package, as pip makes for an installed one: the service runs from a read-only
# checkout (deploy/qa-bot.service), where Python could not write __pycache__ and would compile
# every module anew at each start (~0.04 s of `qa ask`). Files already compiled are skipped.
setup: $(STAMP)
	$(BIN)/python -m compileall -q src bot

# requirements.lock pins every package (and pip itself) to the versions the tests passed with;
# `make lock` re-resolves from pyproject.toml and writes it anew. The editable install also
# compiles the query kernel (setup.py) into src/qa/search/, so editing its C source reinstalls.
$(STAMP): pyproject.toml requirements.lock setup.py src/qa/search/_kernel.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[dev]"
	(echo "# Every package make setup installs, pinned (pip constraints; regenerate with \`make lock\`)."; \
		.venv-lock/bin/python -m pip freeze --all --exclude-editable | grep -v "^report-qa") > requirements.lock
	rm -rf .venv-lock

# The Bot API emulator for the end-to-end tests (skipped, with a reason, where Node.js is absent).
E2E_STAMP := tests/e2e/node_modules/.installed
e2e-deps: $(E2E_STAMP)

$(E2E_STAMP): tests/e2e/package.json tests/e2e/package-lock.json
	if command -v npm >/dev/null 2>&1; then \
		cd tests/e2e && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else echo "npm not found: end-to-end bot tests will be skipped"; fi

run: setup
	$(BIN)/python -m bot --chat-if-no-token

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy

unit: setup e2e-deps
	$(BIN)/pytest

test: lint typecheck unit

bench: setup
	$(BIN)/python -m benchmarks.startup
	$(BIN)/python -m benchmarks.scale
	$(BIN)/python -m benchmarks.roundtrip
	$(BIN)/python -m benchmarks.product_scale --sentences 100000
	$(BIN)/python -m benchmarks.readers

eval: setup
	$(BIN)/qa eval ../shared/eval/seed_questions.jsonl

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache tests/e2e/node_modules build *.egg-info src/qa/search/*.so
