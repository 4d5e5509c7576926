# The two set-up commands are `make run` and `make test`; each builds .venv when it is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH_VERSION ?= 2.13.0

.PHONY: run test lint typecheck contracts pytest bench bench-quick clean

# torch goes in first: on a machine without a GPU `torch==2.13.0` resolves to the local CPU build,
# and installing it before the project stops pip from pulling the multi-gigabyte CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip show torch >/dev/null 2>&1 || $(BIN)/python -m pip install -q torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$DISCORD_TOKEN" ]; then $(BIN)/studio bot; else $(BIN)/studio console; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

contracts: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Long variants (the full load burst, kill -9 of the bot process) are marked slow: `make bench`.
pytest: $(STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -m "not slow"

test: lint contracts typecheck pytest

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; HF_HUB_OFFLINE=1 $(BIN)/python $$b || exit 1; done
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -m slow

bench-quick: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; HF_HUB_OFFLINE=1 $(BIN)/python $$b --quick || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
