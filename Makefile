# Khabar: two commands do all the set-up on a fresh machine with Python 3.
#   make demo   create .venv, install, serve the bundled mirror, crawl it, report
#   make test   create .venv, install, run the test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: install demo test bench clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m crawler.demo

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/throughput.py
	$(PY) bench/extraction.py
	$(PY) bench/replay.py
	$(PY) bench/incremental.py
	$(PY) bench/cluster.py

clean:
	rm -rf $(VENV) archive .pytest_cache

# --- Packaging (issue 12): a wheel of Khabar in dist/ -------------------------
.PHONY: wheel
wheel: $(STAMP)
	$(PY) -m pip wheel --no-deps --no-build-isolation -w dist .
