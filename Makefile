# The two quickstart commands: `make demo` runs the main job, `make test` runs the tests.
# Both install what they need first (apt packages and .venv) via scripts/bootstrap.sh.
VENV := .venv
PY := $(VENV)/bin/python
export OMP_THREAD_LIMIT := 1

.PHONY: bootstrap demo test test-all lint format bench

bootstrap:
	bash scripts/bootstrap.sh

demo: bootstrap
	bash scripts/demo.sh

test: bootstrap
	$(PY) -m pytest -m "not slow" -q

test-all: bootstrap
	$(PY) -m pytest -q

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: bootstrap
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
