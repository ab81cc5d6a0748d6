# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The PostgreSQL + Redis pass of the suite; CI=true makes an unreachable server a failure, not a skip.
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: js-clients run test install lint typecheck unit unit-servers schema bench clean migrations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/luojiang migrate
	$(BIN)/luojiang seed
	$(BIN)/luojiang serve

test: $(STAMP) js-clients lint typecheck unit unit-servers

# the ecosystem's own protocol clients (graphql-http audit, graphql-ws) for tests/conformance
js-clients:
	@if command -v npm >/dev/null; then cd tests/conformance && npm ci --no-audit --no-fund --silent; \
	else echo "node/npm not found: the protocol conformance tests are skipped (CI never skips them)"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Embedded stores: SQLite in a temporary file, the in-process Redis.
unit: $(STAMP)
	$(BIN)/pytest -q

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
