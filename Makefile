# The two commands a newcomer runs: `make demo` and `make test`.
.PHONY: demo test setup setup-test bench corpus

demo: setup
	.venv/bin/parcours demo

test: setup-test
	scripts/with-postgres.sh .venv/bin/pytest -n auto --dist loadfile --no-loadscope-reorder --durations=15

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh test

# Every example of the DSFR and GOV.UK Frontend under every profile (the suite replays a selection).
corpus: setup-test
	PARCOURS_CORPUS=full .venv/bin/pytest -n auto -s tests/browser/test_design_systems.py

bench: setup-test
	.venv/bin/python benchmarks/replay_overhead.py
	.venv/bin/python benchmarks/checks_cost.py
	.venv/bin/python benchmarks/panel_import.py
	.venv/bin/python benchmarks/committee_report.py
	.venv/bin/python benchmarks/app_load.py
	.venv/bin/python benchmarks/parallel_replays.py
