"""`tfscreen demo` end to end: its own broker, a worker, sample lists, traffic, summary, clean stop."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest

from tests.conftest import ROOT, free_port

pytestmark = [pytest.mark.broker, pytest.mark.slow]


def test_demo_runs_and_stops_cleanly(shared_dir, tmp_path):
    kafka_port, controller_port, metrics_port = free_port(), free_port(), free_port()
    env = dict(os.environ, TFSCREEN_KAFKA_PORT=str(kafka_port), TFSCREEN_KAFKA_CONTROLLER_PORT=str(controller_port),
               TFSCREEN_METRICS_PORT=str(metrics_port), TFSCREEN_SAMPLE_LISTS=str(shared_dir / "data" / "lists"),
               PYTHONUNBUFFERED="1")
    done = subprocess.run(
        [sys.executable, "-m", "streams.cli", "demo", "--offline", "--no-wait", "-n", "800", "--rate", "400"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    assert "lists: published samples in" in out
    assert re.search(r"decisions\s+800 \(\d+ alert\)", out), out[-2000:]
    assert re.search(r"alerts by severity\s+\w+ \d+", out)
    assert "list un" in out  # planted listed names were caught through the UN list
    assert f"http://127.0.0.1:{metrics_port}/metrics" in out
    assert out.rstrip().endswith("== stopped cleanly")
    with socket.socket() as sock:  # the demo's broker is gone
        assert sock.connect_ex(("127.0.0.1", kafka_port)) != 0
