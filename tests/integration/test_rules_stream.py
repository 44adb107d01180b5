"""Stateful typology rules in the stream give the same alerts as ``tfscreen screen`` offline.

Across two workers sharing the partitions, and across a worker killed and restarted
mid-stream (its account state comes back from the table's changelog).
"""

from __future__ import annotations

import json
import signal
import time

import pytest

from streams.engines import build_screener, load_lists
from tests.integration.harness import Env, Worker, collect, values
from tfscreen.codec import decode_transaction
from tfscreen.simulate import generate

pytestmark = [pytest.mark.broker, pytest.mark.slow]

N = 2500
RATE = 250.0  # paced, as payments arrive in life; see README "Typology rules in the stream"


def offline_alerts(env: Env, lines: list[bytes]) -> dict[str, set[str]]:
    """Transaction id -> typology rule refs, from the same engines run offline in file order."""
    screener = build_screener(env.settings(), load_lists(env.lists))
    state: dict = {}
    out: dict[str, set[str]] = {}
    for raw in lines:
        result = screener.screen(decode_transaction(raw), raw, state=state)
        if result.alert is not None:
            out[result.alert.transaction_id] = {r.rule for r in result.alert.reasons if r.__struct_config__.tag == "typology"}
    return out


def paced(bootstrap: str, topic: str, lines: list[bytes], rate: float, on_progress=None) -> None:
    from streams.local import paced_produce

    paced_produce(bootstrap, topic, lines, rate, on_progress)


def stream_alerts(env: Env, n_decisions: int, timeout: float) -> tuple[dict[str, set[str]], list[dict]]:
    decisions = values(collect(env.bootstrap, env.decisions, lambda r: len({json.loads(x.value)["transaction_id"] for x in r}) >= n_decisions, timeout))
    n_alerted = len({d["transaction_id"] for d in decisions if d["decision"] == "alert"})
    alerts = values(collect(env.bootstrap, env.alerts, lambda r: len({json.loads(x.value)["transaction_id"] for x in r}) >= n_alerted, 60))
    out = {a["transaction_id"]: {r["rule"] for r in a["reasons"] if r["kind"] == "typology"} for a in alerts}
    return out, decisions


@pytest.mark.parametrize("restart", [False, True], ids=["two-workers", "kill-and-restart"])
def test_stream_matches_offline(kafka_bootstrap, un_list, tmp_path, restart):
    env = Env(kafka_bootstrap, lists=[str(un_list)], partitions=4)
    env.create_topics()
    txs, labels = generate(N, seed=21)
    lines = [json.dumps(t).encode() for t in txs]
    expected = offline_alerts(env, lines)
    assert sum(1 for refs in expected.values() if refs) >= 5, "the traffic plants too few typology scenarios"

    workers = [Worker(env, tmp_path / "w1.log"), Worker(env, tmp_path / "w2.log")]
    try:
        time.sleep(8)  # both join the group before traffic starts

        def maybe_restart(i: int, _t: float) -> None:
            if restart and i == N // 3:
                workers[1].stop(signal.SIGKILL)
            if restart and i == N // 2:
                workers.append(Worker(env, tmp_path / "w3.log"))

        paced(kafka_bootstrap, env.transactions, lines, RATE, maybe_restart)
        got, decisions = stream_alerts(env, N, 240)
    finally:
        for w in workers:
            w.stop()

    assert {d["transaction_id"] for d in decisions} == {t["id"] for t in txs}
    missing = {k: v for k, v in expected.items() if got.get(k) != v}
    extra = {k: v for k, v in got.items() if k not in expected}
    print(f"\noffline alerts {len(expected)}, stream alerts {len(got)}, differing {len(missing)}, extra {len(extra)}")
    assert not missing and not extra, {"offline only or different": dict(list(missing.items())[:10]),
                                       "stream only": dict(list(extra.items())[:10])}
