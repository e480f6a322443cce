# Two commands for a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
OBRAS_DB ?= data/obras.duckdb
export OBRAS_DB

.PHONY: run test install install-test browser demo bench clean docs

$(VENV)/bin/python:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv venv --python python3 $(VENV) || python3 -m venv $(VENV)

install: $(VENV)/bin/python
	uv pip install --python $(PY) -e . || $(PY) -m pip install -e .

install-test: $(VENV)/bin/python
	uv pip install --python $(PY) -e '.[test]' || $(PY) -m pip install -e '.[test]'

$(OBRAS_DB):
	$(PY) -m obras demo --db $(OBRAS_DB)

run: install $(OBRAS_DB)
	$(VENV)/bin/streamlit run app.py --server.address localhost --server.port 8501 --server.headless true

# The browser tests drive Debian's Chromium: installed here when missing and this user can (root, apt);
# elsewhere they skip with a message (and fail under CI=true).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "make: chromium not installed; the browser tests will skip"

test: install-test browser
	$(PY) -m pytest -q -rs $(PYTEST_ARGS)

demo: install
	$(PY) -m obras demo --db $(OBRAS_DB)

# Regenerate every generated file (methodology es/en, metrics/defaults.ini); tests/test_docs.py checks them.
docs: install
	$(PY) -m metrics.docs

bench: install-test
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) $(OBRAS_DB) data/demo
