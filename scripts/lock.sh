#!/usr/bin/env bash
# Writes requirements.lock: the exact version of every Python package Parcours and its tests install,
# resolved afresh within pyproject.toml's lower bounds. scripts/setup.sh installs through it
# (`pip install -c requirements.lock`), so that `make demo`, `make test` and CI run what was tested.
# Update it on purpose, then run `make test`:   scripts/lock.sh && make test
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip setuptools
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check ".[test,postgres]"
{
    echo "# The exact versions scripts/setup.sh installs (a pip constraints file), resolved by scripts/lock.sh"
    echo "# within pyproject.toml's lower bounds on $(date -u +%Y-%m-%d) with $("$python" --version);"
    echo "# pip and setuptools are the installers setup.sh brings first."
    "$scratch/venv/bin/pip" freeze --all --disable-pip-version-check --exclude parcours
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
