#!/usr/bin/env bash
# Install ofsted-kg with its test extras (and, when run as root and missing, Debian's Chromium
# for the browser test and a Java runtime for the two ontology tests that run owlready2's
# HermiT reasoner), lint with ruff (settings in pyproject.toml), then run the whole test suite.
# Arguments go to pytest (e.g. --regen-goldens, -n 2, tests/parse).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if ! command -v java >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's default-jre-headless for the HermiT reasoner tests" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
    || echo "warning: could not install Java; the two HermiT tests will be skipped" >&2
fi
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser test" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; the browser test will be skipped" >&2
fi
.venv/bin/ruff check src tests benchmarks
.venv/bin/python -m pytest "$@"
