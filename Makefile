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
# The test extras include the audio aligner (pocketsphinx), so its tests run too.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,align]'
	touch $@

venv: $(VENV)/.installed

# The main job on the shipped sample (raw YouTube auto-caption text, 3:37 long):
# read it, restore punctuation and casing, build captions, check them, index
# them and find a misremembered quote.
demo: venv
	@rm -rf $(OUT) && mkdir -p $(OUT)
	$(BIN)/transcript-tools info $(SAMPLE)
	$(BIN)/transcript-tools normalize $(SAMPLE) -o $(OUT)/transcript.txt
	$(BIN)/transcript-tools normalize $(SAMPLE) -o $(OUT)/transcript.json
	$(BIN)/transcript-tools captions $(SAMPLE) --duration 3:37 -o $(OUT)/captions.vtt
	$(BIN)/transcript-tools check $(OUT)/captions.vtt
	$(BIN)/transcript-tools captions $(SAMPLE) --duration 3:37 --profile bbc -o $(OUT)/captions.srt
	$(BIN)/transcript-tools check $(OUT)/captions.srt --profile bbc
	$(BIN)/transcript-tools index $(OUT)/captions.vtt --index $(OUT)/index
	$(BIN)/transcript-tools quote "Russia and Iran have both had unfriendly relations with the US for decades" --index $(OUT)/index
	$(BIN)/transcript-tools search "sanctions" --index $(OUT)/index --limit 2
	@echo
	@echo "demo: wrote to $(OUT)/:"
	@echo "  transcript.txt   punctuated, cased text, one sentence per line"
	@echo "  transcript.json  the same with every word (lossless)"
	@echo "  captions.vtt     WebVTT captions, Netflix profile"
	@echo "  captions.srt     SRT captions, BBC profile"
	@echo "  index/           search index (transcript-tools search/quote --index $(OUT)/index)"

test: venv
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
