# Two commands: `make` sets everything up and runs every analysis on bundled data
# (results in results/); `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all install analyses quick-analyses test test-slow lint bench clean references

all: analyses

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,bench,spark]"
	touch $(STAMP)

install: $(STAMP)

analyses: install
	@set -e; for script in analyses/[0-9]*.py; do \
		echo "== $$script"; $(PY) $$script; \
	done

quick-analyses: install
	@set -e; for script in analyses/[0-9]*.py; do \
		echo "== $$script (quick)"; LOYALTYMODELS_QUICK=1 $(PY) $$script; \
	done

test: install
	$(PY) -m pytest -n 2

test-slow: install
	$(PY) -m pytest -m slow -n 2 --durations=8 || [ $$? -eq 5 ]

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy loyaltymodels

PEERS := .venv-peers

$(PEERS)/.installed:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS)/bin/python -m pip install --quiet pymc-marketing lifetimes nutpie pyarrow
	touch $(PEERS)/.installed

bench: install $(PEERS)/.installed
	@set -e; for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script; done

clean:
	rm -rf $(VENV) $(PEERS) results .pytest_cache .mypy_cache .ruff_cache

# Regenerate the stored lavaan reference outputs (needs R with lavaan 0.6-14; tests need no R)
references:
	@set -e; for script in tests/reference/lavaan/[a-z]*.R; do \
		case $$script in */common.R) continue;; esac; \
		echo "== $$script"; Rscript $$script tests/reference/lavaan; \
	done
