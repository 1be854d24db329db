# Tandem: two commands. `make demo` builds and serves the fictional area; `make test` runs the whole suite.
#
# Both set up what they need first: the virtual environment (.venv, from uv.lock, on the system Python 3.11) and
# the front-end assets (npm ci, then sass into static/govuk). Each step is skipped when it is already up to date,
# so a second `make demo` goes straight to serving.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_SEED ?= 1
DEMO_PEOPLE ?= 3000
TEST_STATIC := $(CURDIR)/.test-static
CHROMIUM := /usr/bin/chromium

.PHONY: demo demo-allowed test lint types checks unit browser test-static chromium assets install clean bench

# --- Set-up ------------------------------------------------------------------------------------------------------

install: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v $(PYTHON) >/dev/null || { echo "Tandem needs $(PYTHON) (Python 3.11) on the PATH" >&2; exit 1; }
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(PYTHON) -m uv sync --locked --python "$$(command -v $(PYTHON))"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/govuk/.built: node_modules/.installed frontend/build.mjs frontend/tandem.scss
	npm run --silent build
	@touch $@

assets: static/govuk/.built

# --- make demo ---------------------------------------------------------------------------------------------------

# The demo uses the same database as a plain `.venv/bin/python manage.py …` in this checkout (db.sqlite3, or
# DATABASE_URL when it is set), so commands run by hand see the demo's data.
demo: demo-allowed $(VENV)/.synced assets staticfiles/staticfiles.json
	$(PY) manage.py prepare_demo --seed $(DEMO_SEED) --people $(DEMO_PEOPLE)
	@echo "Serving Tandem on http://127.0.0.1:$(PORT) (Ctrl+C to stop). Sign in with a DEMO LOGIN above."
	exec $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --timeout 120 \
		--access-logfile - --log-level warning

# Collected again only when a static file (ours, or an installed package's) has changed.
staticfiles/staticfiles.json: static/govuk/.built $(shell find static -type f 2>/dev/null) $(VENV)/.synced
	$(PY) manage.py collectstatic --noinput -v0

# Refuse before anything is installed or migrated (prepare_demo repeats this with the settings, .env included).
demo-allowed:
	@if [ "$${DJANGO_ENV:-}" = "production" ] || grep -Eq '^\s*DJANGO_ENV\s*=\s*"?production' .env 2>/dev/null; then \
		echo "make demo refuses to run when DJANGO_ENV=production: demo accounts must never reach a live system" >&2; \
		exit 1; \
	fi

# --- make test ---------------------------------------------------------------------------------------------------

test: lint types checks unit browser

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(VENV)/.synced
	$(VENV)/bin/mypy .

checks: $(VENV)/.synced
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-secret-key-value-0123456789 \
		TANDEM_AUDIT_HMAC_KEY=check-deploy-audit-key DJANGO_ALLOWED_HOSTS=tandem.example \
		$(PY) manage.py check --deploy --fail-level WARNING

# Tests run against collected static files, as production serves them (WhiteNoise's manifest storage).
test-static: $(VENV)/.synced assets
	rm -rf $(TEST_STATIC)
	STATIC_ROOT=$(TEST_STATIC) $(PY) manage.py collectstatic --noinput -v0

unit: test-static
	STATIC_ROOT=$(TEST_STATIC) $(PY) -m pytest -m "not browser" -n 2 -q

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation; \
		else \
			echo "The browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2; exit 1; \
		fi; \
	fi

# On SQLite the live server and the browser's overlapping requests need a file database (WAL), not the shared
# in-memory one, which answers "database table is locked" when two requests overlap. Ignored on PostgreSQL.
BROWSER_SQLITE := $(CURDIR)/.test-browser.sqlite3

browser: test-static chromium
	rm -f $(BROWSER_SQLITE) $(BROWSER_SQLITE)-wal $(BROWSER_SQLITE)-shm
	STATIC_ROOT=$(TEST_STATIC) TANDEM_SQLITE_TEST_NAME=$(BROWSER_SQLITE) DJANGO_ALLOW_ASYNC_UNSAFE=true \
		$(PY) -m pytest -m browser -q -p no:xdist

# --- Other -------------------------------------------------------------------------------------------------------

bench: $(VENV)/.synced
	$(PYTHON) -m uv sync --locked --extra linkage --python "$$(command -v $(PYTHON))"
	@echo "Run the benchmarks in bench/ (see bench/README.md)"

clean:
	rm -rf $(VENV) node_modules static/govuk staticfiles $(TEST_STATIC)
