# Two commands for a newcomer: `make run` and `make test`. Each creates .venv when missing.
# `make test` runs everything (CI runs exactly this, via .ci/run); `make test-fast` skips the tests
# marked slow (real processes, fault runs against a private PostgreSQL, SIGKILL crash tests).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: run test test-fast lint bench score clean jieba-table bytecode

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# The project's bytecode, written at install as pip writes it for every package it installs (an
# editable install is not compiled): a cold `duban extract` then does not compile ~30 modules from
# source on each start where Python may not write its own cache (PYTHONDONTWRITEBYTECODE, a
# read-only tree). A stale file is never used: Python checks it against the source.
bytecode:
	$(BIN)/python -m compileall -q bot extraction scheduler storage

run: $(STAMP)
	$(BIN)/duban run

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# Extraction figures (seed speech, cold start, hostile inputs, fuzz), time expressions beside jionlp,
# and the scheduler's (sweeps and confirmations at 10k/100k/1M open items; PostgreSQL too when
# DUBAN_BENCH_PG_URL or DUBAN_TEST_PG_URL names a server).
bench: $(BENCH_STAMP) bytecode
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/timex.py
	$(BIN)/python bench/scheduler.py

# After editing extraction/data/jieba_common.txt: rebuild the prefix table the tokenizer loads.
jieba-table: $(STAMP)
	$(BIN)/python scripts/jieba_table.py

score: $(STAMP)
	$(BIN)/python ../shared/eval/score.py --texts ../shared/seeds --gold ../shared/gold \
	    --cmd "$(BIN)/duban extract {file} --ref {ref} --json" --show-misses

clean:
	rm -rf $(VENV)
