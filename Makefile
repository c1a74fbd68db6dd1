# Kerngericht: `make run` opens the app on demo data, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench tools fonts print-tools clean demo

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kerngericht heeft Python 3.11 of nieuwer nodig.")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## run: set up and open the app (a fresh database gets the demo festival)
run: $(STAMP) fonts
	@$(BIN)/festival demo --if-empty
	$(BIN)/festival

## tools: system tools the end-to-end tests drive (tmux; Debian's chromium for the browser test),
## the badge fonts, and CUPS with a PDF printer for the printing tests
tools: print-tools
	@command -v tmux >/dev/null 2>&1 || { \
		echo "tmux ontbreekt: installeren via apt"; $(APT_INSTALL) tmux >/dev/null; }
	@test -x /usr/bin/chromium || { \
		echo "chromium ontbreekt (browsertest van festival serve): installeren via apt"; \
		$(APT_SUDO) apt-get update -qq && $(APT_SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium >/dev/null; }

# Badge fonts for names in every script: Noto per script (Arabic, Hebrew, Ethiopic, Thai …)
# and Noto CJK (Chinese, Japanese, Korean). DejaVu (Latin, Greek, Cyrillic) ships with the app.
FONT_PACKAGES := fonts-noto-core fonts-noto-cjk
FONT_PROBES := /usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf \
	/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
# cupsd and lp, and cups-pdf: a printer queue that writes PDFs, so tests read back what printed.
PRINT_PACKAGES := cups cups-client printer-driver-cups-pdf
PRINT_PROBES := /usr/sbin/cupsd /usr/bin/lp /usr/sbin/lpadmin /usr/lib/cups/backend/cups-pdf
# Root installs directly; anyone else through sudo, without a password prompt (-n).
APT_SUDO := $(shell [ "$$(id -u)" = 0 ] || echo "sudo -n")
APT_INSTALL = $(APT_SUDO) apt-get update -qq && $(APT_SUDO) env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends

## fonts: the badge fonts, via apt where missing; without apt the app runs with DejaVu alone
fonts:
	@for f in $(FONT_PROBES); do test -f $$f || missing=1; done; \
	[ -z "$$missing" ] || { \
		echo "Lettertypen voor alle schriften ontbreken: installeren via apt ($(FONT_PACKAGES))"; \
		{ command -v apt-get >/dev/null 2>&1 && $(APT_INSTALL) $(FONT_PACKAGES) >/dev/null; } || \
		echo "Let op: de lettertypen konden niet worden geïnstalleerd. Badges gebruiken DejaVu" \
			"(Latijn, Grieks, Cyrillisch); voor andere schriften waarschuwt de balie vóór het printen."; }

## print-tools: the badge fonts and CUPS with cups-pdf, which the tests need (fails without)
print-tools:
	@for f in $(FONT_PROBES) $(PRINT_PROBES); do test -e $$f || missing=1; done; \
	[ -z "$$missing" ] || { \
		echo "Lettertypen of CUPS ontbreken: installeren via apt"; \
		$(APT_INSTALL) $(FONT_PACKAGES) $(PRINT_PACKAGES) >/dev/null; }

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
