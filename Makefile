# Single entry point. `make run` and `make test` are the two README commands.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SIZE ?= 10000

.PHONY: setup run test soak fuzz bench notebook
.DEFAULT_GOAL := run

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Pinned, hash-checked dependencies (requirements.lock, from pyproject.toml by `uv pip compile
# --generate-hashes`), then the project itself without touching the pins.
$(VENV)/.installed: requirements-pip.lock requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The Neo4j launcher and its jars (downloaded once into ~/.m2, offline afterwards).
target/lib/.built: pom.xml graph_service/neo4j_launcher/src/main/java/Neo4jLauncher.java
	mvn -B -q package || mvn -B -q -o package
	touch $@

# The operations console and the docs pages' assets, from the npm packages pinned in
# console/package-lock.json (served by the API from console/dist; no CDN at run time).
console/node_modules/.package-lock.json: console/package.json console/package-lock.json
	cd console && npm ci

console/dist/index.html: console/node_modules/.package-lock.json console/index.html console/vite.config.js \
		console/scripts/copy-docs-assets.mjs $(wildcard console/src/*)
	cd console && npm run build

# The console's browser tests drive Debian's chromium (never a browser download).
/usr/bin/chromium:
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

setup: $(VENV)/.installed target/lib/.built console/dist/index.html /usr/bin/chromium

run: setup
	$(BIN)/nexus neo4j start
	$(BIN)/nexus demo
	$(BIN)/nexus serve

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not soak" -q

soak: setup
	$(BIN)/python -m pytest -m soak -q

# Coverage-guided fuzzing of the marking and access-expression parsers, FUZZ_SECONDS each.
FUZZ_SECONDS ?= 600
fuzz: setup
	$(BIN)/python -m bench.fuzz --target markings --seconds $(FUZZ_SECONDS)
	$(BIN)/python -m bench.fuzz --target expressions --seconds $(FUZZ_SECONDS)

bench: setup
	$(BIN)/nexus neo4j start
	$(BIN)/python -m bench --size $(SIZE)

# The investigation notebook: the service on the sample corpus, then Jupyter Lab, both on
# 127.0.0.1. The demo keys go to $(KEYS) (mode 0600), which the notebook reads from the
# environment. Ctrl-C stops Jupyter, then the API this target started.
KEYS ?= var/demo-keys.env
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)  # Jupyter refuses root unless told
notebook: setup
	$(BIN)/nexus neo4j start
	$(BIN)/nexus demo --no-hold-back --keys-file $(KEYS)
	set -a; . $(abspath $(KEYS)); set +a; \
	$(BIN)/nexus serve & api=$$!; trap 'kill $$api' EXIT; \
	$(BIN)/jupyter lab --ip 127.0.0.1 --no-browser $(LAB_ROOT) notebooks/investigation.ipynb
