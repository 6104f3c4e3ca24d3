# `make lab` opens the first lecture; `make test` runs every test.
# Both build .venv first when it is missing (or when the pins changed).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root unless told; only pass the flag when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Extra arguments for `make lab`, e.g. LAB_ARGS="--no-browser --port 8890" on a remote machine or
# in WSL (README: "On a remote machine or in WSL"). The server listens on 127.0.0.1 only; from
# another machine, reach it through an SSH tunnel instead of opening another interface.
LAB_ARGS ?=
# the words of LAB_ARGS that would set the address: --ip, --ip=..., --ServerApp.ip, --ServerApp.ip=...
LAB_IP_ARGS = $(strip $(foreach a,$(LAB_ARGS),$(if $(or $(filter --ip --ip=%,$(a)),$(findstring .ip=,$(a)),$(filter %.ip,$(a))),$(a))))
LAB_IP_REFUSED = make lab keeps the server on 127.0.0.1; drop "$(LAB_IP_ARGS)" from LAB_ARGS and use an SSH tunnel (README: "On a remote machine or in WSL")

# `make notebooks` executes every lecture afresh and stores it with its outputs and widget state,
# then runs the stored-notebook checks on it; NB=notebooks/<name>.ipynb does one (INSTRUCTORS.md).
NB ?= $(sort $(wildcard notebooks/*.ipynb))
# `make student` writes answer-free copies of the lectures here (INSTRUCTORS.md).
STUDENT_DIR ?= build/student

.PHONY: lab test bench clean notebooks student book

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	touch $(STAMP)

# Kernel messages reach the page as they come (helpers/server.py: without it every slider move
# waits about 40 ms in the server's websocket).
PROMPT_KERNEL = --ServerApp.kernel_websocket_connection_class=helpers.server.PromptKernelConnection

# JupyterLab's settings for this course (binder/overrides.json, where JupyterLab reads them for
# this environment; Binder's postBuild puts the same file there): the kernel's progress shows in
# the status bar, not in the notebook's toolbar, which measures all its buttons again every time
# the kernel turns busy or idle, twice per slider move (about 4 ms of each move in a lecture).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

$(LAB_SETTINGS): binder/overrides.json $(STAMP)
	mkdir -p $(@D)
	cp binder/overrides.json $@

lab: $(STAMP) $(LAB_SETTINGS)
	$(if $(LAB_IP_ARGS),$(error $(LAB_IP_REFUSED)))
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.ip=127.0.0.1 $(PROMPT_KERNEL) $(LAB_ARGS) notebooks/00_start_here.ipynb

test: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/ruff check helpers tests benchmarks tools book
	$(BIN)/python -m pytest

bench: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/python benchmarks/run_all.py

notebooks: $(STAMP)
	$(BIN)/python tools/store_notebooks.py $(NB)

student: $(STAMP)
	$(BIN)/python tools/student_copies.py --out $(STUDENT_DIR)

# `make book` builds build/book/: the lectures as pages that read offline (README: "Read the book").
book: $(STAMP)
	$(BIN)/python book/build.py

clean:
	rm -rf $(VENV)
