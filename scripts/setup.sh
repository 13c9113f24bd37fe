#!/usr/bin/env bash
# Installs what Parcours needs on a fresh machine: a virtualenv with the package
# (and its test extras with "test"), and a Chromium for Playwright to drive.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "test" ] && extras="[test]"

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "parcours setup: creating .venv"
    "$python" -m venv .venv
fi
# The tests judge Parcours' checks on the markup public procedures are built with: the DSFR and GOV.UK
# Frontend, installed from npm at the versions tests/corpus's lock file pins. When npm is already there,
# that install (some ten thousand files) runs beside the Python one and is waited for at the end.
corpus_pid=""
if [ "${1:-}" = "test" ] && command -v npm >/dev/null 2>&1; then
    echo "parcours setup: installing the design systems' corpus (tests/corpus), alongside"
    npm ci --prefix tests/corpus --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null &
    corpus_pid=$!
fi

# The exact versions of requirements.lock (scripts/lock.sh writes it): what was tested is what runs.
# The installers first, at their locked versions: a Python's own pip can be years old, and an old pip
# spends most of an install matching wheel tags on the registry's index pages (about twice as long).
# Bytecode is compiled after the install on every core (pip compiles one file at a time, half the
# install's time), and always: where PYTHONDONTWRITEBYTECODE is set (CI images often set it), Python
# would otherwise compile every module again in every process. What no Parcours process imports is left
# out: the packages' own test suites (pandas' alone is a thousand files), the installers, mypy's compiler.
# The project itself is built with the locked setuptools, not in a throwaway environment.
echo "parcours setup: installing Python dependencies at the versions of requirements.lock"
.venv/bin/pip install --quiet --disable-pip-version-check -c requirements.lock pip setuptools
# (setuptools' warning that an editable install sees the working folder is what is meant here: not shown)
PYTHONWARNINGS="ignore:Editable installation" \
    .venv/bin/pip install --quiet --disable-pip-version-check --no-compile --no-build-isolation \
    -c requirements.lock -e ".${extras}"
.venv/bin/python -m compileall -q -j 0 -x '/site-packages/(pip|setuptools|mypyc)/|/site-packages/.+/tests?/' \
    "$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" harness >/dev/null
.venv/bin/python scripts/check_lock.py

# A Playwright-managed Chromium is preferred when one is installed. Otherwise
# Debian's chromium (headed replays) and chromium-headless-shell (headless
# replays: the same engine at about a third less CPU) are installed with apt
# (Playwright cannot download browsers on machines that reach only package
# registries); without apt, Playwright's own download is the ordinary route.
missing=$(.venv/bin/python -m harness.replay.browser --missing)
if [ -z "$missing" ] && checked=$(.venv/bin/python -m harness.replay.browser --check 2>/dev/null); then
    echo "$checked"  # launched once: nothing to install
else
    if command -v apt-get >/dev/null 2>&1; then
        [ -n "$missing" ] || missing="chromium chromium-headless-shell"
        echo "parcours setup: installing Debian's" $missing
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        # shellcheck disable=SC2086  # one package name per word
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
    elif ! .venv/bin/python -m harness.replay.browser --check >/dev/null 2>&1; then
        echo "parcours setup: downloading Playwright's Chromium"
        .venv/bin/python -m playwright install chromium
    fi
    .venv/bin/python -m harness.replay.browser --check
fi

# npm brings the axe-core that audits (harness/axe, the version its lock pins) and, for the tests, the
# markup public procedures are built with. Their install scripts are not run: only their files are used.
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "parcours setup: installing Debian's npm"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
fi
if command -v npm >/dev/null 2>&1; then
    npm ci --prefix harness/axe --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    echo "parcours setup: axe-core $(node -p "require('./harness/axe/node_modules/axe-core/package.json').version" 2>/dev/null || echo '?') audits (harness/axe/package-lock.json)"
else
    echo "parcours setup: no npm: the axe-core axe-playwright-python bundles audits (see docs/reports.md)"
fi

if [ "${1:-}" = "test" ]; then
    # `parcours record` opens a visible Chromium: its test runs it under a virtual display (xvfb-run)
    if ! command -v xvfb-run >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
        echo "parcours setup: installing Debian's xvfb (a virtual display, for the test of parcours record)"
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq xvfb xauth >/dev/null
    fi
    if [ -n "$corpus_pid" ]; then
        wait "$corpus_pid" || { echo "parcours setup: the design systems' corpus did not install (npm ci --prefix tests/corpus)" >&2; exit 1; }
    else
        echo "parcours setup: installing the design systems' corpus (tests/corpus)"
        npm ci --prefix tests/corpus --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    fi
fi
