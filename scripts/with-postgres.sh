#!/usr/bin/env bash
# Runs a command with a real PostgreSQL server available to the tests:
# installs Debian's postgresql when missing, starts it on 127.0.0.1, creates a
# fresh `parcours_test` database and exports PARCOURS_TEST_POSTGRES_URL.
set -euo pipefail

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    echo "parcours test: installing Debian's postgresql"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q " online"; then
    pg_lsclusters -h | grep -q "^$version main" || $sudo pg_createcluster "$version" main >/dev/null
    $sudo pg_ctlcluster "$version" main start
fi
port=$(pg_lsclusters -h | awk '$4 == "online" {print $3; exit}')

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'parcours') THEN
    CREATE ROLE parcours LOGIN PASSWORD 'parcours-test' CREATEDB;
  END IF;
END \$\$;
DROP DATABASE IF EXISTS parcours_test;
CREATE DATABASE parcours_test OWNER parcours;
SQL

export PARCOURS_TEST_POSTGRES_URL="postgresql+psycopg://parcours:parcours-test@127.0.0.1:${port}/parcours_test"
exec "$@"
