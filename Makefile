# incident-stream: `make demo` and `make test` work on a machine with only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install lock demo test test-quick soak lint typecheck eval eval-geo eval-events eval-language eval-ner train-events bench gazetteer-layer clean

# Runtime and test dependencies, pinned with hashes (`make lock` refreshes the lock files).
TEST_LOCK := requirements-test.lock
LOCK_VENV := .venv-lock
UV_VERSION := 0.13.9
LOCK_ARGS ?=
UV_COMPILE := $(LOCK_VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --native-tls --quiet --custom-compile-command "make lock" $(LOCK_ARGS)

$(STAMP): pyproject.toml $(TEST_LOCK)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or make PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# Re-resolve pyproject.toml's ranges into the lock files, keeping today's pins where they still fit;
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest release, `LOCK_ARGS="--upgrade-package X"` one.
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra test -c requirements.lock -o $(TEST_LOCK)

demo: $(STAMP)
	$(BIN)/incident-stream demo --seeds seeds

test: $(STAMP)
	$(BIN)/python -m pytest -m "unit or integration or deploy or eval" -q -rs

# The fault suite at soak size (hundreds of articles, a minute of connection cuts, repeated kills).
soak: $(STAMP)
	INCIDENT_STREAM_SOAK=1 $(BIN)/python -m pytest -m faults -q -rs

test-quick: $(STAMP)
	$(BIN)/python -m pytest -m unit -q

lint: $(STAMP)
	$(BIN)/ruff check services tests
	$(BIN)/mypy services

eval: eval-language eval-ner eval-geo eval-events

eval-language: $(STAMP)
	$(BIN)/incident-stream eval language

eval-ner: $(STAMP)
	$(BIN)/incident-stream eval ner

eval-geo: $(STAMP)
	$(BIN)/incident-stream eval geo

eval-events: $(STAMP)
	$(BIN)/incident-stream eval events
	$(BIN)/incident-stream eval fatalities

train-events: $(STAMP)
	$(BIN)/python -m services.incidents.train_classifier

GEONAMES_FILES ?= $(wildcard ../shared/gazetteer/geonames/*.txt)

gazetteer-layer: $(STAMP)
	$(BIN)/incident-stream gazetteer regional $(GEONAMES_FILES)

# The end-to-end benchmark (a few minutes): prints one table, writes bench/results/latest.json and its README.md.
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/incident-stream bench all $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(LOCK_VENV) .incident-stream .pytest_cache
