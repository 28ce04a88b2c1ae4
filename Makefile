# wijksim -- build / test scaffolding.
#   make install   create .venv and install the project + dev tools (locked by constraints.txt)
#   make test      import contracts + pytest (2 xdist workers); installs chromium if missing
#   make run       small overview experiment into results/overview
#   make bench     benchmarks/bench_model.py
#   make lint      ruff + import-linter
#   make lock      regenerate constraints.txt from pyproject.toml in a throwaway venv
#   make clean     remove .venv and results

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export MPLBACKEND := Agg

.PHONY: install run test browser bench lint lock clean app workshop

install: $(STAMP)

# Re-runs only when pyproject.toml or constraints.txt change; a no-op otherwise.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install -c constraints.txt -e ".[dev,dashboard]"
	touch $@

run: $(STAMP)
	$(VENV)/bin/wijksim overview --seeds 3 --years 2 --out results/overview

test: $(STAMP) browser
	$(VENV)/bin/ruff check .
	MPLBACKEND=Agg $(VENV)/bin/lint-imports
	MPLBACKEND=Agg $(PY) -m pytest -n 2

# Playwright's own browser download needs internet; use Debian's chromium instead
# (tests launch it via executable_path="/usr/bin/chromium").
browser:
	@if [ -x /usr/bin/chromium ]; then \
	    echo "browser: $$(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium present)"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	    echo "ERROR: /usr/bin/chromium is missing and apt-get is not available;" \
	         "install Chromium by hand so that /usr/bin/chromium exists." >&2; \
	    exit 1; \
	elif [ "$$(id -u)" -ne 0 ]; then \
	    echo "ERROR: /usr/bin/chromium is missing. Install it as root:" \
	         "sudo apt-get update && sudo apt-get install -y chromium" >&2; \
	    exit 1; \
	else \
	    echo "browser: installing Debian chromium"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -q && apt-get install -y -q chromium; \
	    test -x /usr/bin/chromium; \
	fi

bench: $(STAMP)
	$(PY) benchmarks/bench_model.py

# The what-if web app on http://127.0.0.1:8765/ (Ctrl-C stops it).
app: $(STAMP)
	$(VENV)/bin/wijksim app

# The workshop (classroom) app on http://127.0.0.1:8766/facilitator; LAN: wijksim workshop --lan.
workshop: $(STAMP)
	$(VENV)/bin/wijksim workshop

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Resolve pyproject.toml from scratch (no constraints) in a throwaway venv and pin
# everything it installed.
lock:
	@tmp="$$(mktemp -d /tmp/wijksim-lock.XXXXXX)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip install -e ".[dev,dashboard]"; \
	{ \
	  echo '# constraints.txt -- full version lock for wijksim (Python 3.11, Linux x86_64).'; \
	  echo '# Every package that `pip install -e ".[dev,dashboard]"` puts into a fresh venv, pinned.'; \
	  echo '# Used by `make install` as: pip install -c constraints.txt -e ".[dev,dashboard]"'; \
	  echo '#'; \
	  echo '# DO NOT EDIT BY HAND. Regenerate after changing dependencies in pyproject.toml with:'; \
	  echo '#     make lock'; \
	  echo '# (creates a throwaway venv under /tmp, runs pip install -e ".[dev,dashboard]" without'; \
	  echo '#  constraints, and writes `pip freeze --exclude-editable` here).'; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -vi '^wijksim'; \
	} > constraints.txt.new; \
	mv constraints.txt.new constraints.txt; \
	echo "constraints.txt: $$(grep -vc '^#' constraints.txt) pins"

clean:
	rm -rf $(VENV) results
