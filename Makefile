# antq: `make run` serves the app, `make test` runs the whole suite. Both set themselves up.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= $(or $(ANTQ_PORT),8000)

.PHONY: run test setup bench fuzz lint messages clean

$(STAMP): pyproject.toml requirements.lock
	@bash scripts/ensure_system.sh
	@test -x $(BIN)/pip || { rm -rf $(VENV); $(PY) -m venv $(VENV) || python3 -m venv $(VENV) \
	    || { rm -rf $(VENV); echo "antq: could not create $(VENV)"; exit 1; }; }
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(STAMP) node_modules/.installed
	@bash scripts/setup.sh

# the job worker (imports, notifications, alerts, the daily scan) runs beside gunicorn and is stopped with it
run: setup
	@echo "antq: serving http://127.0.0.1:$(PORT) (sign in as admin; its first sign-in sets up a second factor, or: $(BIN)/antq recovery-code --username admin)"
	$(BIN)/antq worker & worker=$$!; trap 'kill -TERM $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c antq/gunicorn_conf.py antq.wsgi:application --bind 127.0.0.1:$(PORT) \
	    --workers 2 --threads 4

test: $(STAMP) node_modules/.installed
	@bash scripts/test.sh

bench: setup
	@bash scripts/bench.sh

fuzz: $(STAMP)
	@bash scripts/fuzz.sh

lint: $(STAMP)
	$(BIN)/ruff check antq antq_demo bench

messages: $(STAMP)
	cd antq && ../$(BIN)/antq makemessages -l vi -l ar --no-obsolete --no-location && ../$(BIN)/antq compilemessages

clean:
	rm -rf $(VENV) node_modules var
