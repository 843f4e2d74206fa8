# The newcomer's commands. `make run` starts the bot, `make test` runs every check CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run chat texts test lint format typecheck pytest migrate bench lock clean

$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed  ## create .venv with the pinned dependencies

run: install  ## start the bot (long polling); needs TELEGRAM_BOT_TOKEN
	$(BIN)/checkin-bot run

chat: install  ## try the bot in this terminal, no token needed
	$(BIN)/checkin-bot chat

migrate: install  ## apply database migrations
	$(BIN)/checkin-bot migrate

texts: install  ## after editing the English catalog: regenerate i18n/keys.py and messages.pot
	$(BIN)/python -m i18n.build

test: install lint typecheck pytest  ## everything CI runs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install
	$(BIN)/mypy i18n engine storage delivery telemetry handlers reminders inbox service bot

# The suite runs on PYTEST_WORKERS processes (pytest-xdist), each test file on one of them;
# PYTEST_WORKERS=0 runs it in this process.
PYTEST_WORKERS ?= 2
pytest: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

bench: install  ## the quick benchmarks; storage and fan-out ones: see docs/benchmarks.md
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/history.py

lock:  ## refresh requirements.lock from a clean resolve of pyproject.toml
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q --upgrade pip
	.lock-venv/bin/python -m pip install -q '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^spasm-checkin-bot' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
