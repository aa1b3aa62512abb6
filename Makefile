# Khabar: two commands do all the set-up on a fresh machine with Python 3.
#   make demo   create .venv, install, serve the bundled mirror, crawl it, report
#   make test   create .venv, install, run the test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: install demo test bench clean replay-tools bytecode

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP) bytecode

# Khabar's own modules compiled once, as pip leaves an installed package.
# Where PYTHONDONTWRITEBYTECODE is set (CI hosts, some containers) Python
# would otherwise compile the ~65 modules a crawl imports at every start:
# ~0.1 s of one core for each `scrapy crawl`.  Files already up to date are
# skipped, and a stale .pyc is never used (Python checks it against its source).
# (crawler/lifecycle.py compile_sources: only a file that does not compile is
# printed, with its error; the benchmarks call it too.)
bytecode: $(STAMP)
	$(PY) -m crawler.lifecycle

demo: install
	$(PY) -m crawler.demo

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) bench/throughput.py
	$(PY) bench/extraction.py
	$(PY) bench/replay.py
	$(PY) bench/incremental.py
	$(PY) bench/cluster.py

clean:
	rm -rf $(VENV) $(REPLAY_VENV) archive .pytest_cache
	find crawler pipelines mirror bench tests -name __pycache__ -type d -prune -exec rm -rf {} +

# pywb, py-wacz and selenium, to look at archives as a browser does (tests/replay).
# They pin old libraries (redis 2.10, brotlipy) that would break the crawler's,
# so they get a venv of their own.
REPLAY_VENV ?= .venv-replay
REPLAY_STAMP := $(REPLAY_VENV)/.installed-$(shell cksum < requirements-replay.txt | cut -d' ' -f1)
$(REPLAY_STAMP): requirements-replay.txt
	test -x $(REPLAY_VENV)/bin/python || $(PYTHON) -m venv $(REPLAY_VENV)
	$(REPLAY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-replay.txt
	rm -f $(REPLAY_VENV)/.installed-*
	touch $(REPLAY_STAMP)

replay-tools: $(REPLAY_STAMP)

# --- Packaging (issue 12): a wheel of Khabar in dist/ -------------------------
.PHONY: wheel
wheel: $(STAMP)
	$(PY) -m pip wheel --no-deps --no-build-isolation -w dist .
