#!/usr/bin/env bash
# Install what tfscreen needs on a fresh Debian/Ubuntu machine, then the
# Python environment. Idempotent: skips what is already there.
#   - Java 17 and Maven: run the local Kafka broker (jars from Maven Central)
#   - prometheus (promtool and server): checks of deploy/prometheus and the
#     Grafana dashboard's queries against a real Prometheus in the tests
#   - .venv with tfscreen and its test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
need=()
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need+=(maven)
if [ "${TFSCREEN_SKIP_PROMETHEUS:-0}" != 1 ]; then
  command -v promtool >/dev/null || need+=(prometheus)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "bootstrap: please install: ${need[*]}" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "bootstrap: installing ${need[*]}" >&2
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  # The Debian package starts a Prometheus service; tfscreen runs its own.
  if [[ " ${need[*]} " == *" prometheus "* ]]; then
    $SUDO systemctl stop prometheus 2>/dev/null || $SUDO service prometheus stop 2>/dev/null || true
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
# Fetch the broker's jars once (cached under ${TFSCREEN_HOME:-~/.cache/tfscreen}).
.venv/bin/tfscreen kafka fetch >/dev/null
