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
echo "parcours setup: installing Python dependencies"
.venv/bin/pip install --quiet --disable-pip-version-check -e ".${extras}"

# A Playwright-managed Chromium is preferred when one is installed. Otherwise
# Debian's chromium is installed with apt (Playwright cannot download browsers
# on machines that reach only package registries); without apt, Playwright's
# own download is the ordinary route.
if ! .venv/bin/python -m harness.replay.browser --check >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "parcours setup: installing Debian's chromium"
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    else
        echo "parcours setup: downloading Playwright's Chromium"
        .venv/bin/python -m playwright install chromium
    fi
fi
.venv/bin/python -m harness.replay.browser --check
