#!/usr/bin/env bash
# Starts the external services the test suite needs (called by .ci/run before `npm test`).
# Idempotent and quiet: a service already up is left alone. Exits non-zero if one cannot be
# brought up, so CI fails here with a clear message instead of deep inside a test.
set -euo pipefail

# PostgreSQL at 127.0.0.1:5432 (trust auth, database `test`): the crash-injection harness's
# foreachBatch target (tests/integration/crash).
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 -t 2; }
if ! pg_up; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$version" ]; then
    echo "ci-services: PostgreSQL is not running and no cluster is configured under /etc/postgresql" >&2
    exit 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    if pg_up; then break; fi
    sleep 1
  done
  if ! pg_up; then
    echo "ci-services: PostgreSQL $version/main did not come up at 127.0.0.1:5432" >&2
    exit 1
  fi
fi
# The database the tests use (trust auth for local TCP connections is the cluster's set-up).
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1" test >/dev/null 2>&1; then
  if ! psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE test" postgres >/dev/null 2>&1; then
    echo "ci-services: cannot connect to or create database 'test' at 127.0.0.1:5432 as postgres" >&2
    exit 1
  fi
fi
