# The two commands a newcomer runs: `make demo` and `make test`.
.PHONY: demo test setup setup-test bench corpus

demo: setup
	.venv/bin/parcours demo

# One test worker more than the machine has cores: the tests often wait (a browser starting, a server, a
# slowed network, a timer), and a third worker on two cores fills those waits (a fresh clone's suite: 561 s
# against 646 s with two). TEST_WORKERS=N overrides it.
TEST_WORKERS ?= $(shell python3 -c 'import os; print((os.cpu_count() or 1) + 1)')

test: setup-test
	scripts/with-postgres.sh .venv/bin/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=15

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh test

# Every example of the DSFR and GOV.UK Frontend under every profile (the suite replays a selection).
corpus: setup-test
	PARCOURS_CORPUS=full .venv/bin/pytest -n auto -s tests/browser/test_design_systems.py

# Every benchmark at full size, each against its baseline in the same run (benchmarks/README.md has the figures).
bench: setup-test
	.venv/bin/python benchmarks/replay_overhead.py
	.venv/bin/python benchmarks/checks_cost.py
	.venv/bin/python benchmarks/panel_import.py
	.venv/bin/python benchmarks/committee_report.py
	scripts/with-postgres.sh .venv/bin/python benchmarks/app_load.py
	.venv/bin/python benchmarks/parallel_replays.py
