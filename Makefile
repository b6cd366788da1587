# The two commands a new user needs: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-fast lint fixtures schema loadtest bench docs docs-serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs follow constraints.txt (the lock), so every fresh install gets the same versions.
$(VENV)/.installed-run: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# migrate also makes the database cache's table, where the throttles count requests unless
# REDIS_URL is set (project.api.etags, after every migrate).
# collectstatic: with DEBUG off every page needs the hashed names of the static manifest.
run: $(VENV)/.installed-run
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_seed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The working loop: all but the tests marked slow (fuzzing, generated clients, whole commands).
# One test file per worker (pytest-xdist), a worker per core: about 2 minutes on two cores.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow" -n auto --dist loadfile $(PYTEST_ARGS)

# The committed OpenAPI spec; a test fails when it is stale.
schema: $(VENV)/.installed-run
	$(BIN)/python manage.py spectacular --file openapi.yaml --validate --fail-on-warn

# 60 s of readers and curators against gunicorn on PostgreSQL; writes docs/reliability.md.
loadtest: $(VENV)/.installed-test
	$(BIN)/python -m tests.load.run --duration 60 --postgres $${LOADTEST_POSTGRES:-postgres://postgres@127.0.0.1:5432} --report

# The API against its floor under gunicorn (docs/development/bench.md); writes docs/benchmarks.md. Builds
# the synthetic databases on the first run (minutes per million events) and reuses them after.
BENCH_SQLITE ?= sqlite:///$(CURDIR)/.bench/bench-200k.sqlite3
BENCH_SQLITE_EVENTS ?= 200000
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432/coups_bench_1m
BENCH_POSTGRES_EVENTS ?= 1000000
BENCH_DURATION ?= 15
# The `bench` extra adds Datasette, the peer the SQLite run is measured beside.
$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,bench]'
	touch $@

bench: $(VENV)/.installed-bench
	mkdir -p .bench
	$(BIN)/python -m project.bench.run --duration $(BENCH_DURATION) --output docs/benchmarks.md \
		--database $(BENCH_POSTGRES) --events $(BENCH_POSTGRES_EVENTS) \
		--database $(BENCH_SQLITE) --events $(BENCH_SQLITE_EVENTS) $(if $(BENCH_REDIS),--redis $(BENCH_REDIS))

$(VENV)/.installed-docs: $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[docs]'
	touch $@

# The documentation site (mkdocs.yml) into site/: open site/index.html, no server needed (search
# included). docs-serve serves it with live reload at http://127.0.0.1:8001.
docs: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$${DOCS_PORT:-8001}

# lint-imports: the layers of docs/development.md ([tool.importlinter] in pyproject.toml).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

clean:
	rm -rf $(VENV) .bench site db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .pytest_cache .hypothesis
