# OpenCSC: the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-postgres lint bench bench-smoke lock serve

# The runtime and the tests' and lint's tools, each locked with hashes (pip refuses a file that differs).
$(VENV)/.installed: requirements.lock requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	touch $@

# Migrate the embedded SQLite database under var/, seed a synthetic authority the first time only,
# and serve it as production would (DEBUG off, static files served by the app).
demo: $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	OPENCSC_DEMO=1 $(PY) manage.py seed --children 500 --seed 1 --if-empty --demo-users --ofsted-lists --sent-returns
	@echo "Serving on http://127.0.0.1:8000 with a background worker for returns, imports and sealing the audit trail (Ctrl-C to stop)"
	( while true; do OPENCSC_DEMO=1 $(PY) manage.py worker --interval 1; \
	    echo "The background worker stopped; starting it again"; sleep 2; done ) & worker=$$!; \
	  trap 'pkill -P $$worker 2>/dev/null; kill $$worker 2>/dev/null' EXIT INT TERM; \
	  OPENCSC_DEMO=1 $(VENV)/bin/gunicorn opencsc.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

# The whole suite, on SQLite unless DATABASE_URL names another database. Browser tests need
# Debian's chromium at /usr/bin/chromium (apt-get install chromium).
# pytest's "no tests collected" (exit 5) is a failure here: a suite that finds nothing proves nothing.
# PYTEST_ARGS adds options (CI: --cov, with the floor in pyproject.toml).
test: $(VENV)/.installed
	mkdir -p var/static
	$(VENV)/bin/pytest $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure, not a pass"; exit 1; fi; exit $$status

# ruff; the layers (import-linter contracts in pyproject.toml); types (mypy with django-stubs).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The benchmarks at full size (results go in docs/benchmarks.md with the command that made them).
bench: $(VENV)/.installed
	$(PY) bench/seed_and_pages.py
	$(PY) bench/cin_census.py
	$(PY) bench/ssda903.py
	$(PY) bench/ssda903_where_time_goes.py
	$(PY) bench/search_quality/run.py

# Every benchmark at a tiny size, in a throwaway directory: it must finish and its assertions hold
# (CI runs it; its timings mean nothing there).
bench-smoke: $(VENV)/.installed
	set -e; dir=$$(mktemp -d); mkdir -p $$dir/static; trap 'rm -rf $$dir' EXIT; \
	  export OPENCSC_BENCH_DIR=$$dir OPENCSC_VAR_DIR=$$dir; unset DATABASE_URL; \
	  $(PY) bench/seed_and_pages.py --children 150 --samples 10; \
	  $(PY) bench/page_cpu.py --db $$dir/bench.sqlite3; \
	  $(PY) bench/cin_census.py --children 150 --runs 1; \
	  $(PY) bench/ssda903.py --children 150 --runs 1; \
	  $(PY) bench/ssda903_where_time_goes.py --children 150 --runs 1; \
	  $(PY) bench/search_quality/run.py --people 300 --queries 40; \
	  $(PY) bench/load.py --children 60 --users 4,8 --seconds 8; \
	  $(PY) bench/seed_fingerprint.py --children 40 --save $$dir/fingerprint.json; \
	  $(PY) bench/seed_fingerprint.py --children 40 --compare $$dir/fingerprint.json

lock:
	$(PYTHON) -m venv /tmp/opencsc-lock && /tmp/opencsc-lock/bin/pip install -q pip-tools
	/tmp/opencsc-lock/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements.lock requirements.in
	/tmp/opencsc-lock/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements-dev.lock requirements-dev.in
