# Set-up and checks. `make demo` and `make test` are all a fresh machine with python3 needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck pytest bench fuzz stress clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash examples/derby.sh maps/derby.json
	$(BIN)/mindmap -q --map maps/derby.json export docs/derby.svg
	NO_COLOR= $(BIN)/mindmap --map maps/derby.json tree

lint: $(STAMP)
	$(BIN)/ruff check mindmap tests bench
	$(BIN)/ruff format --check mindmap tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long MINDMAP_KILLS=1000 $(BIN)/pytest tests -k fuzz

# 8 processes x 50 edits, each edit its own `mindmap` process (minutes: each start-up costs ~0.4 s).
stress: $(STAMP)
	MINDMAP_EXECUTABLE_ROUNDS=16 $(BIN)/pytest tests/robustness -k processes -s

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
