# Tandem: two commands. `make demo` builds and serves the fictional area; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_SEED ?= 1
DEMO_PEOPLE ?= 3000
TEST_STATIC := $(CURDIR)/.test-static

.PHONY: demo test lint types checks unit browser assets install serve clean bench

install: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(PYTHON) -m uv sync --locked --python $(shell command -v $(PYTHON))
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/govuk/.built: node_modules/.installed frontend/build.mjs frontend/tandem.scss
	npm run --silent build
	@touch $@

assets: static/govuk/.built

demo: $(VENV)/.synced static/govuk/.built
	@if [ "$$DJANGO_ENV" = "production" ]; then echo "make demo refuses to run when DJANGO_ENV=production" >&2; exit 1; fi
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo --seed $(DEMO_SEED) --people $(DEMO_PEOPLE)
	@echo "Serving Tandem on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	exec $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --timeout 120 \
		--access-logfile - --log-level warning

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

unit: $(VENV)/.synced static/govuk/.built
	rm -rf $(TEST_STATIC) && STATIC_ROOT=$(TEST_STATIC) $(PY) manage.py collectstatic --noinput -v0
	STATIC_ROOT=$(TEST_STATIC) $(PY) -m pytest -m "not browser" -n 2 -q

browser: $(VENV)/.synced static/govuk/.built
	rm -rf $(TEST_STATIC) && STATIC_ROOT=$(TEST_STATIC) $(PY) manage.py collectstatic --noinput -v0
	STATIC_ROOT=$(TEST_STATIC) DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser -q -p no:xdist

test: lint types checks unit browser

bench: $(VENV)/.synced
	$(PYTHON) -m uv sync --locked --extra linkage --python $(shell command -v $(PYTHON))
	@echo "Run the benchmarks in bench/ (see bench/README.md)"

clean:
	rm -rf $(VENV) node_modules static/govuk staticfiles $(TEST_STATIC)
