# `make run` and `make test` work on a fresh machine with only Python: they install the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432
export FLASK_APP := app

.PHONY: install system-deps translations test test-sqlite test-postgres mutate run worker lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

# Debian packages: the CJK fonts for PDFs (HanaMin for CJK Extension B in names), pdftoppm/pdftotext, Chromium for browser tests,
# nginx for the two-server reliability test (run as a child process; the system service is not used).
system-deps:
	@missing=""; \
	fc-list 2>/dev/null | grep -qi wqy || missing="$$missing fonts-wqy-zenhei"; \
	[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || missing="$$missing fonts-hanazono"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "apt-get install$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "please install:$$missing (Debian packages)"; fi; \
	fi

translations: | $(VENV)/.installed
	$(BIN)/pybabel compile -d app/translations >/dev/null

test: install system-deps
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite:
	$(BIN)/pytest

# Runs the suite again on PostgreSQL when one answers, in a database made for this run.
test-postgres:
	@if $(BIN)/python -c "import psycopg; psycopg.connect('host=127.0.0.1 user=postgres dbname=postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  db=et_test_$$$$; \
	  $(BIN)/python -c "import psycopg,sys; c=psycopg.connect('host=127.0.0.1 user=postgres dbname=postgres', autocommit=True); c.execute('CREATE DATABASE ' + sys.argv[1])" $$db; \
	  TEST_DATABASE_URL=$(PG_URL)/$$db $(BIN)/pytest; rc=$$?; \
	  $(BIN)/python -c "import psycopg,sys; c=psycopg.connect('host=127.0.0.1 user=postgres dbname=postgres', autocommit=True); c.execute('DROP DATABASE IF EXISTS ' + sys.argv[1] + ' WITH (FORCE)')" $$db; \
	  exit $$rc; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL run skipped"; fi

# Mutation testing of the rule modules (not part of `make test`): a score per module.
# MODULES="compliance idcard" runs only the modules whose path contains one of the words.
mutate: install
	$(BIN)/python scripts/mutate.py $(MODULES)

run: install
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data --if-empty
	@echo "http://127.0.0.1:$(PORT)"
	$(BIN)/flask worker & $(BIN)/flask scheduler & \
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT INT TERM; \
	WEB_WORKERS=$${WEB_WORKERS:-2} PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py 'app:create_app()'

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance .pytest_cache
