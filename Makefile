# incident-stream: `make demo` and `make test` work on a machine with only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-quick lint typecheck eval eval-geo eval-events eval-language eval-ner train-events bench gazetteer-layer clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or make PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/incident-stream demo --seeds seeds

test: $(STAMP)
	$(BIN)/python -m pytest -m "unit or integration or deploy or eval" -q -rs

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

bench: $(STAMP)
	$(BIN)/incident-stream bench

clean:
	rm -rf $(VENV) .incident-stream .pytest_cache
