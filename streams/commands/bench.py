"""``tfscreen bench``: pipeline throughput and latency through a real broker and one worker."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import threading
import time
from pathlib import Path

from kafka import KafkaConsumer

from streams.broker import LocalBroker
from streams.commands.demo import SAMPLE_LISTS, sample_dir
from streams.topics import ensure_topics
from streams.local import WorkerProcess, jsonl, paced_produce, percentile, with_topic_suffix
from tfscreen.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="measure pipeline throughput, latency and memory",
        description=(
            "Push N generated payments through a real broker and one worker screening against the "
            "sample lists. Phase 1 (backlog): N payments are queued first, then the worker drains them: "
            "sustained throughput. Phase 2 (fixed load): payments at --rate per second for --seconds: "
            "end-to-end latency p50/p95/p99 (send -> decision written). Also the worker's peak memory. "
            "Uses TFSCREEN_KAFKA_BOOTSTRAP if --bootstrap is given, else starts the local broker."
        ),
    )
    p.add_argument("-n", "--count", type=int, default=20000, help="payments in the backlog phase (default 20000)")
    p.add_argument("--rate", type=float, default=500.0, help="offered load in the latency phase, per second (default 500)")
    p.add_argument("--seconds", type=float, default=20.0, help="length of the latency phase (default 20)")
    p.add_argument("--bootstrap", help="use this broker instead of starting the local one")
    p.add_argument("--no-lists", action="store_true", help="screen against no lists: the pipeline and rules alone")
    p.set_defaults(func=run)


def drain(s: Settings, ids: set[str], timeout: float) -> dict[str, float]:
    """Decision write time (Kafka record timestamp, seconds) for each id, until all are seen."""
    consumer = KafkaConsumer(s.topic_decisions, bootstrap_servers=s.kafka_bootstrap,
                             auto_offset_reset="earliest", enable_auto_commit=False, metadata_max_age_ms=2000, fetch_max_bytes=900_000)
    seen: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    try:
        while not ids <= seen.keys() and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                for rec in records:
                    seen.setdefault(json.loads(rec.value)["transaction_id"], rec.timestamp / 1000)
    finally:
        consumer.close()
    return seen


def run(args: argparse.Namespace) -> int:
    from tfscreen.simulate import generate

    base = Settings.from_env(kafka_bootstrap=args.bootstrap)
    broker = None
    if not args.bootstrap:
        broker = LocalBroker.from_settings(base)
        if broker.pid() is not None:
            broker = None  # someone else's; leave it running
        bootstrap = LocalBroker.from_settings(base).start()
    else:
        bootstrap = args.bootstrap
    base_dir = sample_dir()
    lists = [] if args.no_lists else [str(base_dir / rel) for rel in SAMPLE_LISTS if (base_dir / rel).exists()]
    s = with_topic_suffix(base, f"bench{int(time.time())}")
    s = Settings(**{**vars(s), "kafka_bootstrap": bootstrap, "lists": os.pathsep.join(lists), "topic_partitions": 1})
    work = Path(tempfile.mkdtemp(prefix="tfscreen-bench-"))
    latency_n = int(args.rate * args.seconds)
    txs, _ = generate(args.count + latency_n, seed=3)
    lines = jsonl(txs)
    backlog, live = lines[: args.count], lines[args.count:]
    ids = [json.loads(x)["id"] for x in lines]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus; lists: {len(lists)} sample files")
    worker = None
    try:
        asyncio.run(ensure_topics(s))
        paced_produce(bootstrap, s.topic_transactions, backlog, None)
        worker = WorkerProcess.spawn(s, work / "worker.log")
        print(f"worker log: {work / 'worker.log'}", flush=True)
        worker.wait_ready()
        seen = drain(s, set(ids[: args.count]), timeout=600)
        stamps = sorted(seen.values())
        if len(seen) < args.count:
            print(f"backlog phase incomplete: {len(seen)}/{args.count} decisions")
            return 1
        span = stamps[-1] - stamps[0]
        print(f"phase 1 backlog: {args.count} payments drained in {span:.2f} s -> {args.count / span:,.0f} tx/s sustained")

        sent: dict[int, float] = {}
        t = threading.Thread(target=lambda: sent.update(paced_produce(bootstrap, s.topic_transactions, live, args.rate)))
        t.start()
        live_ids = ids[args.count:]
        decided = drain(s, set(live_ids), timeout=args.seconds + 120)
        t.join()
        lat = [decided[i] - sent[k] for k, i in enumerate(live_ids) if i in decided and k in sent]
        print(
            f"phase 2 fixed load {args.rate:.0f} tx/s for {args.seconds:.0f} s ({len(lat)} payments): "
            f"latency p50 {percentile(lat, .5)*1000:.1f} ms, p95 {percentile(lat, .95)*1000:.1f} ms, "
            f"p99 {percentile(lat, .99)*1000:.1f} ms"
        )
        rss = worker.peak_rss_bytes()
        print(f"worker peak memory (VmHWM): {rss / 2**20:.0f} MiB" if rss else "worker peak memory: n/a")
    finally:
        if worker is not None:
            worker.stop()
        if broker is not None:
            broker.stop()
    return 0
