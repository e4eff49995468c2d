# One command for each job.  Each target that runs the book's Python installs what it
# needs into .venv first (a no-op when requirements.txt and pyproject.toml have not
# changed).
#
#   make book      build the HTML book into _build/html (executes every notebook)
#   make test      run every test: nnlib's unit tests, strict nbval on the stored
#                  notebook outputs, the built book and the notebooks in JupyterLab
#                  in headless Chromium
#   make test-notebooks   strict nbval on the stored notebook outputs only
#   make test-elsewhere   the same nbval as three older processors would run it
#                  (other OpenBLAS kernels and numpy loops); CI runs it after make test
#   make execute   re-execute every chapter notebook in place (after changing nnlib)
#   make lab       open the notebooks in JupyterLab with live widgets
#   make bench     run the benchmarks and print their figures
#   make serve     serve the built book at http://localhost:8000 (Python in the page needs
#                  a web server: browsers do not run it from file://)
#   make install   only install (into .venv)
#   make clean     remove the built book (_build)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install browser book test test-notebooks test-elsewhere execute lab bench serve clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@if [ -x $(BIN)/python ]; then py=$(BIN)/python; else py=$(PYTHON); fi; \
	command -v $$py > /dev/null || { \
	    echo "make: $$py is not found; name a Python 3.11 or later:"; \
	    echo "      make PYTHON=python3.11 $(MAKECMDGOALS)"; exit 1; }; \
	$$py -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	    echo "make: $$py is not Python 3.11 or later, which the book needs; with a newer one:"; \
	    echo "      rm -rf $(VENV); make PYTHON=python3.11 $(MAKECMDGOALS)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip --version > /dev/null 2>&1 || { \
	    echo "make: $(VENV) has no pip: it was made while Python's venv could not install"; \
	    echo "      one (on Debian and Ubuntu, python3-venv is a package of its own: sudo apt"; \
	    echo "      install python3-venv); then: rm -rf $(VENV); make $(MAKECMDGOALS)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	@echo "The book is in _build/html; open _build/html/index.html"

# The browser tests need a Chromium: the one $CHROMIUM names, or any of the names and
# macOS apps tests/conftest.py looks for.  As root on Debian we install Debian's;
# otherwise we say how, and the browser tests fail with the same advice while the other
# tests still run.  (Ubuntu has no such package: its chromium-browser installs a snap,
# which does not run in containers.)
browser:
	@test -n "$$CHROMIUM" && exit 0; \
	for name in chromium chromium-browser google-chrome google-chrome-stable; do \
	    command -v $$name >/dev/null 2>&1 && exit 0; \
	done; \
	for app in "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" \
	           /Applications/Chromium.app/Contents/MacOS/Chromium; do \
	    test -x "$$app" && exit 0; \
	done; \
	if [ "$$(id -u)" = 0 ] && grep -qs '^ID=debian' /etc/os-release; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	    || echo "make test: apt-get could not install chromium; the browser tests will fail"; \
	else \
	    echo "make test: no Chromium found; install Chromium or Google Chrome (on Debian: sudo apt-get install chromium), or name one with CHROMIUM=/path/to/chrome"; \
	fi

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with .nbval_sanitize.cfg

test: $(STAMP) browser
	$(BIN)/python -m pytest $(NBVAL)

# Re-running the notebooks must give the stored text on any machine, whatever order its
# matrix routines add in; `make test-elsewhere` runs this target as other machines would.
test-notebooks: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) chapters

# The same, as other machines would run them: older processors' OpenBLAS kernels and numpy
# loops, OpenBLAS's AVX-512 kernel, another maths library, every network started a hair
# off (tools/test_notebooks_elsewhere; CI runs it after `make test`).
test-elsewhere: $(STAMP)
	MAKE="$(MAKE)" bash tools/test_notebooks_elsewhere

# Re-executing an unchanged notebook changes nothing in it but the times that chapters 4
# and 7 measure (see tools/execute_notebooks.py), and on a processor of another kind the
# pictures of chaotic runs in chapters 5 and 6 (README); one notebook per core at a time.
execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py chapters/*.ipynb

# JupyterLab refuses to start as root unless told to (containers, CI machines).  Its
# first start asks, over the notebook, whether to fetch Jupyter's news from the web;
# this JupyterLab (the one in .venv) neither asks nor fetches news or updates.  LAB_ARGS
# passes options on (make lab LAB_ARGS="--no-browser --port 8899"); the kernels' traffic
# with JupyterLab is encrypted, as the build's is (see _ext/kernel_encryption.py).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
lab: $(STAMP)
	@mkdir -p $(LAB_SETTINGS)
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) \
	    --KernelManager.transport_encryption=auto $(LAB_ARGS) chapters

bench: $(STAMP)
	for f in benchmarks/*.py; do $(BIN)/python $$f || exit 1; done

serve:
	@test -f _build/html/index.html || { echo "no book yet: run make book first"; exit 1; }
	@echo "The book is at http://localhost:8000/ (Ctrl-C stops the server)"
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build
