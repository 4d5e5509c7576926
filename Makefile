# The two set-up commands are `make run` and `make test`; each builds .venv when it is missing.
# Every package is pinned in requirements.lock (runtime) and requirements-dev.lock (runtime + dev
# tools), compiled by pip-tools from pyproject.toml. Installing never resolves: the locks are
# installed with --no-deps and checked with `pip check`. `make lock` re-resolves and rewrites them.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH_VERSION ?= 2.13.0
PIP_VERSION := 26.3
PIP_TOOLS_VERSION := 7.7.0
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# A digest of the dependency lists of pyproject.toml (not the whole file: tool settings may change
# without a new lock). Each lock records the digest it was compiled from.
DEPS_DIGEST = $(PY) -c 'import tomllib,hashlib,json; p=tomllib.load(open("pyproject.toml","rb"))["project"]; print(hashlib.sha256(json.dumps([p["requires-python"],p["dependencies"],p["optional-dependencies"]],sort_keys=True).encode()).hexdigest()[:16])'

.PHONY: run test lint typecheck contracts pytest deps-check lock check-lock bench bench-quick catalog-data intent-model clean

# Fails loudly, before pip runs, when pyproject.toml's dependencies changed after the last `make lock`.
check-lock:
	@want="$$($(DEPS_DIGEST))"; for f in $(LOCK) $(DEV_LOCK); do \
	  if ! grep -q "^# deps-digest: $$want$$" $$f; then \
	    echo "$$f is stale: pyproject.toml's dependencies changed since it was compiled."; \
	    echo "Run \`make lock\` and commit $(LOCK) and $(DEV_LOCK)."; exit 1; fi; done

# torch goes in first: on a machine without a GPU `torch==2.13.0` resolves to the local CPU build,
# and installing it before the locks stops pip from pulling the multi-gigabyte CUDA build. The
# locks pin torch without a local label (2.13.0), which both the CPU and the CUDA build satisfy.
$(STAMP): $(LOCK) $(DEV_LOCK) pyproject.toml | check-lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --no-deps pip==$(PIP_VERSION)
	$(BIN)/python -m pip show torch >/dev/null 2>&1 || $(BIN)/python -m pip install -q torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install -q --no-deps -r $(DEV_LOCK)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# Re-resolve every dependency from pyproject.toml (in a throwaway venv holding pip-tools) and
# rewrite both locks. torch is held at TORCH_VERSION so the lock matches the build installed first.
lock:
	test -x .venv-lock/bin/pip-compile || ($(PY) -m venv .venv-lock && .venv-lock/bin/pip install -q pip==$(PIP_VERSION) pip-tools==$(PIP_TOOLS_VERSION))
	echo "torch==$(TORCH_VERSION)" > .venv-lock/torch.txt
	.venv-lock/bin/pip-compile -q --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  -c .venv-lock/torch.txt -o $(LOCK) pyproject.toml
	.venv-lock/bin/pip-compile -q --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  --extra dev -c $(LOCK) -o $(DEV_LOCK) pyproject.toml
	@digest="$$($(DEPS_DIGEST))"; for f in $(LOCK) $(DEV_LOCK); do \
	  sed -i -E 's/^torch==([0-9.]+)\+[a-z0-9]+/torch==\1/; s|-c .venv-lock/torch.txt|-c torch==$(TORCH_VERSION)|' $$f; \
	  sed -i "1i # deps-digest: $$digest" $$f; done
	@echo "locks rewritten; commit $(LOCK) and $(DEV_LOCK)"

deps-check: $(STAMP)
	$(BIN)/python -m pip check

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

test: deps-check lint contracts typecheck pytest

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; HF_HUB_OFFLINE=1 $(BIN)/python $$b || exit 1; done
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -m slow

# Rebuild the starter catalog's shipped vectors and DNA (tools/retrieval/data/starter_points.npz)
# after a catalog, offline-extractor or vector-layout change; a test fails while it is stale.
catalog-data: $(STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m bot.starter_data

intent-model: $(STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m bot.intent_model

bench-quick: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; HF_HUB_OFFLINE=1 $(BIN)/python $$b --quick || exit 1; done

clean:
	rm -rf $(VENV) .venv-lock .mypy_cache .ruff_cache .pytest_cache
