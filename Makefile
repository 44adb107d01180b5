# tfscreen: the two commands a new machine needs are `make demo` and `make test`.
.PHONY: help setup demo test test-unit test-broker bench bench-match bench-rules bench-lists check-deploy clean

PY := .venv/bin/python

help:
	@echo "make demo         run the live demo (local Kafka, worker, real lists, sample traffic)"
	@echo "make test         run every test (unit + real-broker integration)"
	@echo "make test-unit    run the fast unit tests only"
	@echo "make bench        pipeline throughput and latency through a real broker"
	@echo "make bench-match  name-matching accuracy and speed"
	@echo "make bench-rules  typology rules: caught scenarios, alert rate, throughput"
	@echo "make bench-lists  parse time and memory per sample list file"

setup:
	@bash scripts/bootstrap.sh

demo: setup
	.venv/bin/tfscreen demo

test: setup
	$(PY) -m pytest -q

test-unit: setup
	$(PY) -m pytest -q -m "not broker"

test-broker: setup
	$(PY) -m pytest -q -m broker

bench: setup
	.venv/bin/tfscreen bench

bench-match: setup
	$(PY) benchmarks/bench_match.py

bench-rules: setup
	$(PY) benchmarks/bench_rules.py

bench-lists: setup
	$(PY) benchmarks/bench_lists.py

clean:
	rm -rf .venv .pytest_cache build *.egg-info
