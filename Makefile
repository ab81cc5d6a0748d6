# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The PostgreSQL + Redis pass of the suite; CI=true makes an unreachable server a failure, not a skip.
# A Redis URL naming no database number gives each run one of its own (tests/support/stores.py).
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379

.PHONY: js-clients ts-types run test install lock lint typecheck unit unit-servers schema bench clean migrations

# uv installs exactly the versions in uv.lock (what CI tested); it is bootstrapped with pip into the venv,
# so a fresh machine needs only python3. --locked fails when pyproject.toml changed without `make lock`;
# --inexact keeps pip and uv themselves, the only packages in the venv that the lock does not list.
UV_VERSION := 0.13.9
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(BIN)/uv

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --quiet --locked --extra dev --inexact --python $(BIN)/python
	touch $(STAMP)

install: $(STAMP)

# After changing dependencies in pyproject.toml: resolve again and commit uv.lock (`uv lock --upgrade` moves every pin).
lock:
	test -x $(BIN)/uv || $(MAKE) install
	$(UV) lock --python $(BIN)/python

run: $(STAMP)
	$(BIN)/luojiang migrate
	$(BIN)/luojiang seed
	$(BIN)/luojiang serve

test: $(STAMP) js-clients ts-types lint typecheck unit unit-servers

# the ecosystem's own protocol clients (graphql-http audit, graphql-ws) for tests/conformance
js-clients:
	@if command -v npm >/dev/null; then cd tests/conformance && npm ci --no-audit --no-fund --silent; \
	else echo "node/npm not found: the protocol conformance tests are skipped (CI never skips them)"; fi

# TypeScript types of the published operations (graphql-codegen into graphql/typescript/generated/),
# type-checked with tsc: proves the operations and the schema give front ends types that compile
ts-types:
	@if command -v npm >/dev/null; then cd graphql/typescript && npm ci --no-audit --no-fund --silent && npm run --silent check; \
	elif [ "$$CI" = true ]; then echo "npm not found: CI must type-check the operations"; exit 1; \
	else echo "node/npm not found: the operations' TypeScript types are not checked (CI never skips them)"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Embedded stores: SQLite in a temporary file, the in-process Redis. Branch coverage is measured on
# this pass and must stay at or above fail_under in pyproject.toml (pytest-cov prints the total).
unit: $(STAMP)
	$(BIN)/pytest -q --cov --cov-report=

# The same suite on PostgreSQL + Redis (skipped with a notice when they are unreachable, except in CI).
unit-servers: $(STAMP)
	@if $(BIN)/python tests/servers_reachable.py $(TEST_PG_URL) $(TEST_REDIS_URL); then \
		TEST_DATABASE_URL=$(TEST_PG_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest -q; \
	else echo "PostgreSQL or Redis unreachable: the server pass is skipped (CI never skips it)"; fi

schema: $(STAMP)
	$(BIN)/luojiang schema

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

# After changing models: write the migration for every app that changed (review it before committing).
migrations: $(STAMP)
	DATABASE_URL=sqlite://:memory: $(BIN)/tortoise -c luojiang.core.db.TORTOISE_ORM makemigrations
