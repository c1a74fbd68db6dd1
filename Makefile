# Kerngericht: `make run` opens the app on demo data, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench tools clean demo

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kerngericht heeft Python 3.11 of nieuwer nodig.")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## run: set up and open the app (a fresh database gets the demo festival)
run: $(STAMP)
	@$(BIN)/festival demo --if-empty
	$(BIN)/festival

## tools: system tools the end-to-end tests drive (tmux; Debian's chromium for the browser test)
tools:
	@command -v tmux >/dev/null 2>&1 || { \
		echo "tmux ontbreekt: installeren via apt"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq tmux >/dev/null; }
	@test -x /usr/bin/chromium || { \
		echo "chromium ontbreekt (browsertest van festival serve): installeren via apt"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

## lint: ruff (lint + format check), mypy, import contracts
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## test: lint, then every test tier (core, ui, e2e, reliability)
test: $(STAMP) tools lint
	$(BIN)/pytest -q

## bench: print the figures the issues ask for (median, p95)
bench: $(STAMP)
	$(BIN)/python -m bench

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
