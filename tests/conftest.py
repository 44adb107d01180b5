"""Shared fixtures: the real Kafka broker (once per run) and the shared data folder."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        # The parser, matching and broker tests read the real published files there; without
        # them they prove nothing, so a missing folder fails the run unless asked to skip.
        message = f"shared data folder not found at {SHARED} (real list and evaluation files)"
        if os.environ.get("TFSCREEN_TEST_SKIP_SHARED") == "1":
            pytest.skip(message + "; skipped because TFSCREEN_TEST_SKIP_SHARED=1")
        pytest.fail(message + "; set TFSCREEN_TEST_SKIP_SHARED=1 to skip the tests that need it")
    return SHARED


@pytest.fixture(scope="session")
def un_list(shared_dir: Path) -> Path:
    return shared_dir / "data" / "lists" / "un" / "UN_consolidated_2026-02-27.xml"


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    """host:port of a real Kafka broker.

    Uses TFSCREEN_TEST_KAFKA_BOOTSTRAP when set; otherwise starts a local
    broker on free ports for this test run and stops it afterwards.
    """
    preset = os.environ.get("TFSCREEN_TEST_KAFKA_BOOTSTRAP")
    if preset:
        yield preset
        return
    from streams.broker import LocalBroker
    from tfscreen.config import Settings

    settings = Settings.from_env()
    broker = LocalBroker(
        settings.kafka_version, settings.kafka_dir, free_port(), free_port(), "-Xms256m -Xmx768m"
    )
    bootstrap = broker.start(timeout=180)
    try:
        yield bootstrap
    finally:
        broker.stop()
