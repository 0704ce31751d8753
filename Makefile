# `make run`: install everything into .venv and start the app on the sample data.
# `make test`: install everything into .venv and run the whole test suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench sample clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs Python 3.11 ($(PYTHON)); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.address=127.0.0.1 --server.headless=true

test: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -q tests

bench: $(STAMP)
	$(PY) bench/run_all.py

sample: $(STAMP)
	$(PY) sample_data/generate.py

clean:
	rm -rf $(VENV) listening_data
