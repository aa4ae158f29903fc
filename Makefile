# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := samples/seeker_iran_russia_alliance.txt
OUT := demo-output

.PHONY: demo test venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	@mkdir -p $(OUT)
	$(BIN)/transcript-tools info $(SAMPLE)
	$(BIN)/transcript-tools convert $(SAMPLE) -o $(OUT)/transcript.json
	$(BIN)/transcript-tools convert $(SAMPLE) -o $(OUT)/transcript.txt
	@echo "demo: wrote $(OUT)/transcript.json and $(OUT)/transcript.txt from $(SAMPLE)"

test: venv
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
