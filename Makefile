# orus-rpy: the Orus language as an RPython interpreter with a meta-tracing JIT.
#   make setup          project-local Python 2.7 toolchain (.py2/, pinned, from PyPI)
#   make test           the test suite on the untranslated interpreter (incl. JIT trace tests)
#   make test-fast      the same without the slow JIT trace tests
#   make check-rpython  annotation + rtyping only (is it RPython?), ~1 min
#   make build          rpython -Ojit targetorus.py -> bin/orus (10-20 min)
#   make run FILE=x     build bin/orus if missing or stale, then run FILE
#   make test-binary    the program suite on bin/orus with the JIT forced on early
#   make fuzz           differential fuzzing, untranslated vs bin/orus
#                       (FUZZ_EXAMPLES=N or FUZZ_SECONDS=S)
#   make test-hostile   hostile input for the front end and the binary
#   make bench          benchmark runner (Python 3 + pyperf)

# RPython needs Python 2.7: pyenv's 2.7.18 (the `python2.7` shim does not work
# on these machines), else a python2.7 on PATH.  Override with PYTHON2=...
PYTHON2 ?= $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/2.7.18/bin/python2.7) \
                       $(wildcard $(HOME)/.pyenv/versions/2.7.18/bin/python2.7) \
                       $(shell command -v python2.7 2>/dev/null))
PYDIR   := .py2
RUNPY   := PYTHONPATH=$(CURDIR)/$(PYDIR):$(CURDIR) $(PYTHON2)
SOURCES := targetorus.py $(shell find orus jit -name '*.py' 2>/dev/null)
FILE    ?= examples/tour.orus
PYTEST_ARGS ?=

.PHONY: setup test test-fast test-jit check-rpython build run test-binary fuzz test-hostile bench bench-quick bench-deps bench-venv clean

setup: $(PYDIR)/.stamp
$(PYDIR)/.stamp: requirements-py2.txt
	@test -n "$(PYTHON2)" || { echo "error: no Python 2.7 found (install pyenv's 2.7.18 or set PYTHON2=/path/to/python2.7)" >&2; exit 1; }
	@$(PYTHON2) -c 'import sys; sys.exit(sys.version_info[:2] != (2, 7))' || { echo "error: $(PYTHON2) is not Python 2.7" >&2; exit 1; }
	rm -rf $(PYDIR)
	$(PYTHON2) -m pip install -q --disable-pip-version-check --no-deps --target $(PYDIR) -r requirements-py2.txt 2>&1 | grep -v -e "is ignored" -e DEPRECATION || true
	@$(RUNPY) -c 'import rpython, pytest, hypothesis' || { echo "error: toolchain install failed" >&2; exit 1; }
	touch $@

test: setup
	$(RUNPY) -m pytest -q tests $(PYTEST_ARGS)

test-fast: setup
	$(RUNPY) -m pytest -q -m "not jit" tests $(PYTEST_ARGS)

test-jit: setup
	$(RUNPY) -m pytest -q -m jit tests $(PYTEST_ARGS)

check-rpython: setup
	cd $(CURDIR) && $(RUNPY) -m rpython --batch --rtype targetorus.py

bin/orus: $(PYDIR)/.stamp $(SOURCES)
	@mkdir -p bin
	@rm -f orus-c
	$(RUNPY) -m rpython --batch -Ojit targetorus.py 2>&1 | grep --line-buffered -v -e 'platform:WARNING' -e 'Wtautological' ; test -x orus-c
	mv orus-c bin/orus
	@echo "built bin/orus"

build: bin/orus

run: bin/orus
	bin/orus $(FILE)

test-binary: bin/orus setup
	ORUS_BINARY=$(CURDIR)/bin/orus $(RUNPY) -m pytest -q tests/test_binary.py $(PYTEST_ARGS)

# Differential fuzzing (tests/test_differential.py): generated programs run
# untranslated and on bin/orus (early JIT, small trace limit, JIT off) must
# agree; discrepancies are saved to tests/fuzz_corpus/.  The corpus is
# replayed first.  FUZZ_EXAMPLES=N programs (default 200), or FUZZ_SECONDS=S
# to run for S seconds; FUZZ_SEED=K to reproduce a run.
FUZZ_EXAMPLES ?= 200
FUZZ_SECONDS  ?=
FUZZ_SEED     ?=
fuzz: bin/orus setup
	ORUS_BINARY=$(CURDIR)/bin/orus ORUS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
	ORUS_FUZZ_SECONDS=$(FUZZ_SECONDS) ORUS_FUZZ_SEED=$(FUZZ_SEED) \
	$(RUNPY) -m pytest -q -s tests/test_differential.py $(PYTEST_ARGS)

# Hostile input (random bytes, truncated programs, deep nesting, huge
# literals, bad encodings) for the untranslated front end and the binary,
# plus run-time hostility on the binary (recursion, allocation, pipes).
test-hostile: bin/orus setup
	ORUS_BINARY=$(CURDIR)/bin/orus $(RUNPY) -m pytest -q tests/test_hostile.py $(PYTEST_ARGS)

# Benchmarks: Python 3 + pyperf + matplotlib in a project-local venv.
#   make bench-deps     the comparison runtimes (Debian packages; needs root)
#   make bench          full run -> benchmarks/results/{results.md,ratios.png,summary.json}
#   make bench-quick    one run of everything, checksums only (CI smoke check)
#   BENCH=fib,sieve make bench    some workloads only;  BENCH_ARGS='--runtimes orus,pypy,c'
BENCH_PYTHON3 ?= python3
BENCH_VENV    := .bench-venv
BENCH_PY      := $(BENCH_VENV)/bin/python
BENCH_ARGS    ?=

bench-venv: $(BENCH_VENV)/.stamp
$(BENCH_VENV)/.stamp: benchmarks/requirements.txt
	rm -rf $(BENCH_VENV)
	$(BENCH_PYTHON3) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install -q --disable-pip-version-check -r benchmarks/requirements.txt 2>&1 | grep -v -e "is ignored" || true
	@$(BENCH_PY) -c 'import pyperf, matplotlib' || { echo "error: benchmark venv install failed" >&2; exit 1; }
	touch $@

bench: bin/orus bench-venv
	$(BENCH_PY) benchmarks/run.py $(if $(BENCH),--only $(BENCH)) $(BENCH_ARGS)

bench-quick: bin/orus bench-venv
	$(BENCH_PY) benchmarks/run.py --quick $(if $(BENCH),--only $(BENCH)) $(BENCH_ARGS)

bench-deps:
	apt-get update -qq
	apt-get install -y luajit lua5.4 pypy3 hyperfine nodejs gcc

clean:
	rm -rf $(PYDIR) bin/orus orus-c .pytest_cache
	find . -name '*.pyc' -delete
