# Two commands for a fresh machine:
#   make demo   set up (virtualenv + install) and run editlint on the seed draft
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv

.PHONY: setup demo test bench clean

$(VENV)/.installed: pyproject.toml
	@echo "==> Creating $(VENV) and installing editlint with pip (about a minute on a fresh machine)..."
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --progress-bar off -e '.[test]' | grep -E '^(Successfully|ERROR)' || true
	@$(VENV)/bin/editlint --version >/dev/null && touch $@

# The compiled core (native/, Rust through PyO3 and maturin): built when cargo
# is on the machine, else editlint runs its pure-Python code (same output).
$(VENV)/.native: $(VENV)/.installed native/Cargo.toml native/Cargo.lock native/pyproject.toml native/src/lib.rs
	@if command -v cargo >/dev/null 2>&1; then \
	  echo "==> Building the compiled core (native/, Rust; crates from crates.io, under a minute)..."; \
	  $(VENV)/bin/pip install --quiet 'maturin>=1.5,<2' && \
	  PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/pip install --quiet --no-build-isolation --force-reinstall --no-deps ./native && \
	  $(VENV)/bin/python -c 'import editlint_native' && touch $@ || { echo "==> The compiled core did not build; editlint runs in pure Python (slower, same output)."; }; \
	else \
	  echo "==> No Rust toolchain (cargo): editlint runs in pure Python (slower, same output)."; \
	fi

setup: $(VENV)/.installed $(VENV)/.native
	@echo "==> Installed: $$($(VENV)/bin/editlint --version)"

demo: setup
	@echo "==> editlint seeds/   (the seed draft: a real, badly edited news article)"
	@$(VENV)/bin/editlint seeds/ || true
	@if $(VENV)/bin/python -c 'import os; from editlint.languagetool.server import installed_dir as d; raise SystemExit(d() is None or os.environ.get("EDITLINT_NO_GRAMMAR", "") not in ("", "0"))'; then \
	  echo "==> Grammar: LanguageTool is installed, so its alerts (LanguageTool.*) are included."; \
	else \
	  echo "==> Grammar was off: LanguageTool is not installed (the last command below adds it) or EDITLINT_NO_GRAMMAR is set."; \
	fi
	@echo "==> Next steps:"
	@echo "      $(VENV)/bin/editlint explain Editorial.Hedges    what a rule checks, with examples"
	@echo "      $(VENV)/bin/editlint rules                       the rules in force here"
	@echo "      $(VENV)/bin/editlint init                        write a commented .editlint.yaml"
	@echo "      $(VENV)/bin/editlint languagetool install        grammar checks (Maven Central; needs Java 17 and Maven)"

test: setup
	VENV=$(VENV) scripts/test

bench: setup
	$(VENV)/bin/pip install --quiet -e '.[bench]'
	$(VENV)/bin/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache native/target
