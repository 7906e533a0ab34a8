# Two commands for a newcomer: `make run` and `make test`. Each creates .venv when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench score clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/duban run

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/extract.py

score: $(STAMP)
	$(BIN)/python ../shared/eval/score.py --texts ../shared/seeds --gold ../shared/gold \
	    --cmd "$(BIN)/duban extract {file} --ref {ref} --json" --show-misses

clean:
	rm -rf $(VENV)
