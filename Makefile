# OpenCSC: the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-postgres lint bench lock serve

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

# Migrate the embedded SQLite database under var/, seed a synthetic authority the first time only,
# and serve it as production would (DEBUG off, static files served by the app).
demo: $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	OPENCSC_DEMO=1 $(PY) manage.py seed --children 500 --seed 1 --if-empty --demo-users --ofsted-lists --sent-returns
	@echo "Serving on http://127.0.0.1:8000 with a background worker for returns and imports (Ctrl-C to stop)"
	( while true; do OPENCSC_DEMO=1 $(PY) manage.py db_worker --interval 1; \
	    echo "The background worker stopped; starting it again"; sleep 2; done ) & worker=$$!; \
	  trap 'pkill -P $$worker 2>/dev/null; kill $$worker 2>/dev/null' EXIT INT TERM; \
	  OPENCSC_DEMO=1 $(VENV)/bin/gunicorn opencsc.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

# The whole suite, on SQLite unless DATABASE_URL names another database. Browser tests need
# Debian's chromium at /usr/bin/chromium (apt-get install chromium).
test: $(VENV)/.installed
	mkdir -p var/static
	$(VENV)/bin/pytest; status=$$?; if [ $$status -eq 5 ]; then exit 0; fi; exit $$status

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed
	$(PY) bench/seed_and_pages.py

lock:
	$(PYTHON) -m venv /tmp/opencsc-lock && /tmp/opencsc-lock/bin/pip install -q -r requirements.in \
	  && /tmp/opencsc-lock/bin/pip freeze > requirements.lock
