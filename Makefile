# newscompare: two commands on a fresh machine.
#   make demo   install, migrate, load the seed story, serve http://127.0.0.1:8000/
#   make test   install everything the tests need (incl. Debian's chromium) and run them all
#   make serve  production: gunicorn + a Celery worker + celery beat against DATABASE_URL and
#               REDIS_URL, under honcho (Procfile); Ctrl-C stops them all
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_STORY := seed-syria-2015
PORT ?= 8000
export HF_HUB_OFFLINE := 1

.PHONY: demo test lint install install-dev chromium serve pgvector eval bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

demo: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 $(PY) manage.py ingest demo/$(DEMO_STORY) --story $(DEMO_STORY)
	@echo
	@echo "newscompare is running: http://127.0.0.1:8000/stories/$(DEMO_STORY)/"
	@echo
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Debian's pgvector package for the local PostgreSQL server, where apt has one (the PGDG
# repository does; Debian 12's own archive does not). Without it the in-process search runs.
pgvector:
	@for dir in /usr/lib/postgresql/*/; do \
	  v=$$(basename $$dir); pkg=postgresql-$$v-pgvector; \
	  if [ -f $$dir/lib/vector.so ]; then echo "pgvector: $$pkg is installed"; \
	  elif apt-cache policy $$pkg 2>/dev/null | grep -q 'Candidate: [0-9]'; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$pkg >/dev/null && echo "pgvector: installed $$pkg"; \
	  else echo "pgvector: apt has no $$pkg; alignment uses the in-process search (deploy/README.md)"; fi; \
	done; true

serve: install pgvector
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { \
	  echo "make serve needs DATABASE_URL=postgres://... and REDIS_URL=redis://... (see deploy/README.md)"; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start --no-colour -f Procfile -p $(PORT)

# Formatting and lint (pyproject.toml) first: a violation stops `make test`, and so .ci/run.
lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

test: lint install-dev chromium
	$(PY) -m bandit -c pyproject.toml -r newscompare -q --severity-level high && echo "bandit: no high-severity finding"
	$(PY) -m pytest

eval: install
	$(PY) benchmarks/eval.py

# make bench BENCH="--quick overhead scaling": pass a flag or a choice of sections through
bench: install-dev
	$(PY) benchmarks/run.py $(BENCH)

clean:
	rm -rf var test-output
