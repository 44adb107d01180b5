"""Partitions moving between live workers again and again leave no payment without a decision.

Two workers share the stream; while payments flow, one worker at a time is stopped (SIGTERM,
and once SIGKILL) and a new one started, so partitions of every topic change owner many times
while the others keep working. Every valid payment must still get a decision.
``TFSCREEN_TEST_CHURN`` sets the number of stop-and-start rounds (default 4).
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter

import pytest

from streams.local import paced_produce
from tests.integration.harness import Env, Worker, collect, group_lag, values, where_lost
from tests.integration.traffic import clean_transactions

pytestmark = [pytest.mark.broker, pytest.mark.slow]

N = 4000
RATE = 250.0
ROUNDS = int(os.environ.get("TFSCREEN_TEST_CHURN", "4"))


def test_worker_churn_loses_nothing(kafka_bootstrap, un_list, tmp_path, record_property):
    # Screening against a real list keeps the workers busy, so fetched batches are still
    # being handed over when a rebalance starts (the case that used to lose a message).
    env = Env(kafka_bootstrap, lists=[str(un_list)], partitions=4, extra={"TFSCREEN_COMMIT_EVERY": "20"})
    env.create_topics()
    txs = clean_transactions(N, seed=5, prefix="churn")
    lines = [json.dumps(t).encode() for t in txs]

    started = [0]

    def new_worker() -> Worker:
        started[0] += 1
        return Worker(env, tmp_path / f"w{started[0]}.log")

    live = [new_worker(), new_worker()]
    stopped: list[Worker] = []
    due = {N * (k + 1) // (ROUNDS + 1): k for k in range(ROUNDS)}
    try:
        time.sleep(8)  # both join the group before traffic starts

        def churn(i: int, _t: float) -> None:
            if i not in due:
                return
            k = due[i]
            victim = live.pop(0)
            # One round kills without warning; the rest stop cleanly. Traffic goes on meanwhile.
            victim.proc.send_signal(signal.SIGKILL if k == ROUNDS // 2 else signal.SIGTERM)
            stopped.append(victim)
            live.append(new_worker())

        paced_produce(kafka_bootstrap, env.transactions, lines, RATE, churn)
        ids = {t["id"] for t in txs}
        records = collect(kafka_bootstrap, env.decisions,
                          lambda r: ids <= {json.loads(x.value)["transaction_id"] for x in r}, 300)
    finally:
        for w in stopped + live:
            w.stop()

    workers = stopped + live
    seen = Counter(d["transaction_id"] for d in values(records))
    missing = ids - set(seen)
    log_text = "".join(w.log_path.read_text(errors="replace") for w in workers)
    held, rewound = log_text.count("commit held back"), log_text.count("rewinding")
    record_property("duplicates", sum(c - 1 for c in seen.values()))
    record_property("commit_held_back", held)
    print(f"\nchurn x{ROUNDS}: {len(seen)} of {N} payments decided, "
          f"{sum(c - 1 for c in seen.values())} duplicate decisions, "
          f"commit held back {held} times, partitions rewound {rewound} times")
    if missing:
        lag = group_lag(env.bootstrap, f"tfscreen-{env.tag}")
        logs = "\n".join(f"--- {w.log_path.name}\n{w.log_tail(20)}" for w in workers)
        pytest.fail(f"{len(missing)} payments without a decision\n{where_lost(env, missing)}\n{lag}\n{logs}")
