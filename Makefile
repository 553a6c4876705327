# crisisguide — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench soak messages check-deploy clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

run: export DJANGO_DEBUG = 1
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	$(PY) manage.py create_demo_users
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on two processes (pytest-xdist); TEST_WORKERS=0 runs it in this one.
TEST_WORKERS ?= 2
test: export DJANGO_SETTINGS_MODULE = crisisguide.test_settings
test: $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the translation catalogues after changing strings (needs GNU gettext); French
# punctuation gets its non-breaking spaces (playbooks/library/french_typography.py).
messages: export DJANGO_DEBUG = 1
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l fr --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	$(PY) manage.py tidy_french
	$(PY) manage.py compilemessages -l fr --ignore=.venv

# The benchmark is a tool, not part of `make test`: it checks itself, then measures.
bench: $(VENV)/.installed
	$(PY) -m pytest -q -p no:randomly tests/bench/check_bench.py
	$(PY) -m tests.bench.run $(BENCH_ARGS)

soak: $(VENV)/.installed
	$(PY) -m tests.bench.run --soak $(BENCH_ARGS)

check-deploy: export DJANGO_SECRET_KEY ?= check-deploy-only-$(shell date +%s)-0123456789abcdefghijklmnopqrstuvwxyz
check-deploy: $(VENV)/.installed
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
