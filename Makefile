# Two commands for a fresh machine:
#   make demo   set up (virtualenv + install) and run editlint on the seed draft
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv

.PHONY: setup demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/editlint seeds/ || true

test: setup
	VENV=$(VENV) scripts/test

bench: setup
	$(VENV)/bin/pip install --quiet -e '.[bench]'
	$(VENV)/bin/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
