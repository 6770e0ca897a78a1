# Trợ lý Dịch vụ công: `make run` starts the assistant, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV := .venv
SVENV := .venv-service
CVENV := .venv-console
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
SPY := $(SVENV)/bin/python
CPY := $(CVENV)/bin/python
MODEL := models/assistant.tar.gz
LOG := var/log
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

TRAIN_INPUTS := config.yml $(shell find data bot/domain bot/nlu dvc_common -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null | sort)
LINT_PATHS := actions bot console dvc_common dossier_service scripts tests

# $(call step,description,log name,command): runs a step quietly, names its log on failure.
define step
	@mkdir -p $(LOG); echo "==> $(1)"; \
	if ! ( $(3) ) > $(LOG)/$(2).log 2>&1; then \
	  echo "error: step '$(1)' failed; read $(LOG)/$(2).log (last lines below)" >&2; \
	  tail -n 25 $(LOG)/$(2).log >&2; exit 1; fi
endef

.PHONY: help setup system-packages run train test lint unit validate conversations browser rules long-examples eval-nlu eval-composite bench memory-profile clean audit staff-user deploy-check test-scale

# Debian packages the browser tests need (no browser download is possible here), and
# those of the deployment checks (nginx -t) and the replica test (PostgreSQL, Redis).
SYSTEM_PACKAGES := chromium fonts-noto-core nginx openssl postgresql-15 redis-server
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

help:
	@echo "make run    set up, train if needed, start the assistant (Ctrl-C stops it)"
	@echo "make test   set up and run every check CI runs"
	@echo "make check  the quick tier: format, lint, types, widget lint, unit tests, data (no model, no servers)"
	@echo "make train | lint | unit | validate | stories | conversations | eval-nlu | eval-composite | bench | bench-quick | bench-profile | memory-profile | audit | clean"
	@echo "make staff-user NAME=lan   create a staff account for the console"
	@echo "make deploy-check | test-scale   deployment checks, replicas on PostgreSQL and Redis"

$(VENV)/.installed: requirements.in requirements.lock .python-version
	$(call step,setup: Python 3.10 virtual environment $(VENV),setup-venv,\
	  scripts/make_venv.sh $(VENV) -r requirements.in -c requirements.lock)
	@touch $@

$(SVENV)/.installed: dossier_service/requirements.lock .python-version
	$(call step,setup: dossier service virtual environment $(SVENV),setup-service-venv,\
	  scripts/make_venv.sh $(SVENV) -r dossier_service/requirements.lock)
	@touch $@

$(CVENV)/.installed: console/requirements.lock .python-version
	$(call step,setup: staff console virtual environment $(CVENV),setup-console-venv,\
	  scripts/make_venv.sh $(CVENV) -r console/requirements.lock)
	@touch $@

setup: $(VENV)/.installed $(SVENV)/.installed $(CVENV)/.installed

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "==> setup: Debian packages $$missing (log: $(LOG)/setup-apt.log)"; mkdir -p $(LOG); \
	  if ! ( $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing ) > $(LOG)/setup-apt.log 2>&1; then \
	    echo "error: step 'setup: Debian packages' failed; read $(LOG)/setup-apt.log" >&2; tail -n 25 $(LOG)/setup-apt.log >&2; exit 1; fi; \
	fi

# Retrain only when the configuration, the training data, the domain or the custom
# NLU code changed since the last model.
$(MODEL): $(VENV)/.installed $(TRAIN_INPUTS)
	$(call step,train: Rasa model (a few minutes),train,\
	  $(RASA) train --config config.yml --domain bot/domain --data data \
	    --out models --fixed-model-name assistant)
	@touch $@

train: $(MODEL)

run: setup $(MODEL)
	@$(PY) scripts/stack.py run

rules: $(VENV)/.installed
	$(PY) scripts/gen_interruption_rules.py

# Regenerates data/nlu/long_messages.yml (questions wrapped as people really write).
long-examples: $(VENV)/.installed
	$(PY) scripts/gen_long_examples.py

lint: $(VENV)/.installed
	$(call step,lint: ruff,lint,$(VENV)/bin/ruff check $(LINT_PATHS))

# pytest fails on "no tests collected" (exit code 5), so an empty run cannot pass.
unit: setup
	@echo "==> unit tests: dossier service and staff console (side by side, one process each)"
	@mkdir -p $(LOG); \
	$(SPY) -m pytest -q tests/dossier_service > $(LOG)/unit-service.log 2>&1 & service=$$!; \
	$(CPY) -m pytest -q tests/console > $(LOG)/unit-console.log 2>&1; console=$$?; \
	wait $$service; service=$$?; \
	for part in service console; do \
	  if [ "$${!part}" = 0 ]; then echo "    $$part: $$(tail -n 1 $(LOG)/unit-$$part.log)"; \
	  else echo "error: $$part unit tests failed ($(LOG)/unit-$$part.log):" >&2; cat $(LOG)/unit-$$part.log >&2; fi; \
	done; [ $$service = 0 ] && [ $$console = 0 ]
	@echo "==> unit tests: actions, NLU components, scripts, held-out NLU set (2 processes)"
	$(PY) -m pytest -q -n 2 tests/actions tests/bot tests/dvc_common tests/scripts tests/nlu

validate: $(VENV)/.installed
	$(call step,rasa data validate,validate,\
	  $(PY) scripts/gen_interruption_rules.py --check && \
	  $(PY) scripts/gen_long_examples.py --check && scripts/validate_data.sh)

conversations: setup $(MODEL)
	@echo "==> conversation tests (real Rasa server, action server, dossier service)"
	$(PY) -m pytest -q tests/conversations

browser: setup system-packages $(MODEL)
	@echo "==> browser tests (Playwright driving Debian's Chromium against the real stack)"
	$(PY) -m pytest -q tests/browser

test: check system-packages $(MODEL) stories conversations browser deploy-check test-scale
	@echo "==> all checks passed"

clean:
	rm -rf models var .pytest_cache

# Held-out NLU evaluation against Rasa's default pipeline; writes docs/benchmarks.md.
eval-nlu: $(VENV)/.installed
	$(PY) scripts/eval_nlu.py

# The second question of composite messages, on the development sets; writes its
# section of docs/benchmarks.md.
eval-composite: $(VENV)/.installed $(MODEL)
	$(PY) scripts/eval_second_request.py --write

# The assistant against the `rasa init` recipe, side by side in one run (trains both
# once per input, cached in models/bench/); writes its section of docs/benchmarks.md.
.PHONY: bench-quick bench-profile
bench: setup
	$(PY) scripts/bench.py

# A short smoke run of the same (5 s per measurement, one round, no report written).
bench-quick: setup
	$(PY) scripts/bench.py --quick

# Where a turn's time goes: py-spy samples of the Rasa server under 20 users.
bench-profile: setup
	$(PY) scripts/bench_profile.py --write

# Where a loaded Rasa server's memory goes: resident memory added by each component.
memory-profile: setup $(MODEL)
	$(PY) scripts/memory_profile.py --write

# The Zalo channel without a Zalo OA: the stack plus the fake Zalo and its citizen page.
.PHONY: zalo-demo
zalo-demo: setup $(MODEL)
	@$(PY) scripts/zalo_demo.py

# Known vulnerabilities of both environments (pip-audit in its own .venv-audit). Needs an
# advisory database (OSV or PyPI's JSON API): exits 2 saying so where none is reachable.
AVENV := .venv-audit
$(AVENV)/.installed: scripts/audit-requirements.lock .python-version
	$(call step,setup: pip-audit virtual environment $(AVENV),setup-audit-venv,\
	  scripts/make_venv.sh $(AVENV) -r scripts/audit-requirements.lock)
	@touch $@

audit: setup $(AVENV)/.installed
	@$(AVENV)/bin/python scripts/audit.py

# 20 simulated users for 60 s on loopback, with lookups (starts and stops its own
# stack); prints latency percentiles and memory. Not part of `make test`.
.PHONY: loadtest
loadtest: setup $(MODEL)
	$(PY) scripts/loadtest.py

# A staff account for the console: make staff-user NAME=lan [FULL_NAME="Nguyễn Thị Lan"]
# (asks the password; or set CONSOLE_STAFF_PASSWORD).
staff-user: $(CVENV)/.installed
	@test -n "$(NAME)" || { echo "usage: make staff-user NAME=username [FULL_NAME=\"Full name\"]" >&2; exit 2; }
	@$(CPY) -m console staff add "$(NAME)" $(if $(FULL_NAME),--name "$(FULL_NAME)")

# --- The quick tier ----------------------------------------------------------------
# `make check`: no trained model, no servers, a few minutes. `make test` runs it first.
# Cheapest first: formatting, lint, types and the widget fail within seconds.
.PHONY: check format-check typecheck jslint test-folders stories
NODE_TOOLS := tools/node_modules/.installed
MYPY_RASA := actions bot dvc_common
JS_PATHS := bot/web/static

$(NODE_TOOLS): tools/package.json tools/package-lock.json
	$(call step,setup: ESLint from the npm registry (tools/),setup-npm,\
	  cd tools && npm ci --no-audit --no-fund)
	@touch $@

format-check: $(VENV)/.installed
	$(call step,format: ruff format --check,format,$(VENV)/bin/ruff format --check $(LINT_PATHS))

# Each tree in the environment it runs in; the console only once it exists.
typecheck: setup
	$(call step,types: mypy $(MYPY_RASA),mypy,$(VENV)/bin/mypy $(MYPY_RASA))
	$(call step,types: mypy dossier_service,mypy-service,$(SVENV)/bin/mypy dossier_service)
	$(if $(wildcard console),$(call step,types: mypy console,mypy-console,.venv-console/bin/mypy console))

jslint: $(NODE_TOOLS)
	$(call step,lint: ESLint $(JS_PATHS),eslint,\
	  tools/node_modules/.bin/eslint --config tools/eslint.config.js --max-warnings 0 $(JS_PATHS))

check: format-check lint typecheck jslint test-folders unit validate
	@echo "==> quick checks passed"

test-folders: $(VENV)/.installed
	$(call step,every test folder is run by make test,test-folders,$(PY) scripts/check_test_folders.py)

# Rasa test stories (tests/stories/): the dialogue policies against the trained model.
stories: $(VENV)/.installed $(MODEL)
	$(call step,rasa test core (tests/stories),stories,\
	  $(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors \
	    --out var/stories-results)

# Deployment checks: nginx -t (Debian's nginx) and nginx running with the deployment's
# limits, docker-compose.yml, Kubernetes manifests against the schemas (own venv).
DVENV := .venv-deploy
$(DVENV)/.installed: deploy/requirements.lock .python-version
	$(call step,setup: deployment checks virtual environment $(DVENV),setup-deploy-venv,\
	  scripts/make_venv.sh $(DVENV) -r deploy/requirements.lock)
	@touch $@

deploy-check: $(DVENV)/.installed system-packages
	@echo "==> deployment checks: nginx, docker compose, Kubernetes manifests"
	$(DVENV)/bin/python -m pytest -q -p no:cacheprovider -W ignore::pytest.PytestConfigWarning tests/deploy

# Two Rasa servers sharing PostgreSQL 15 and Redis (both started unprivileged on loopback).
test-scale: setup system-packages $(MODEL)
	@echo "==> replica test (two Rasa servers, PostgreSQL, Redis)"
	$(PY) -m pytest -q tests/scale
