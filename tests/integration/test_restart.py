"""A worker stopped mid-stream (SIGTERM or SIGKILL) leaves no valid transaction without a decision."""

from __future__ import annotations

import json
import signal
from collections import Counter

import pytest

from tests.integration.harness import Env, Worker, collect, produce, values
from tests.integration.traffic import clean_transactions

pytestmark = [pytest.mark.broker, pytest.mark.slow]

N = 6000


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_restart_mid_stream_loses_nothing(kafka_bootstrap, tmp_path, sig, record_property):
    # Frequent commits, so the stop lands between commits of a busy worker.
    env = Env(kafka_bootstrap, partitions=2, extra={"TFSCREEN_COMMIT_EVERY": "20"})
    env.create_topics()
    txs = clean_transactions(N, seed=11, prefix=f"r{sig.value}")
    produce(kafka_bootstrap, env.transactions, [(t["originator"]["account"].encode(), json.dumps(t).encode()) for t in txs])

    first = Worker(env, tmp_path / "first.log")
    partial = collect(kafka_bootstrap, env.decisions, lambda r: len(r) >= N // 10, 120)
    assert len(partial) >= N // 10, first.log_tail()
    first.stop(sig)
    before = len(collect(kafka_bootstrap, env.decisions, lambda r: False, 2))
    assert before < N, "the first worker finished before it was stopped; the test proves nothing"

    second = Worker(env, tmp_path / "second.log")
    try:
        ids = {t["id"] for t in txs}
        records = collect(
            kafka_bootstrap, env.decisions,
            lambda r: ids <= {json.loads(x.value)["transaction_id"] for x in r[-N * 2:]}, 240,
        )
    finally:
        second.stop(signal.SIGTERM)
    seen = Counter(d["transaction_id"] for d in values(records))
    duplicates = sum(c - 1 for c in seen.values())
    record_property("decisions_before_stop", before)
    record_property("duplicates", duplicates)
    print(f"\n{sig.name}: {before} decisions before the stop, {duplicates} duplicate decisions after restart")
    assert set(seen) == ids, second.log_tail()
