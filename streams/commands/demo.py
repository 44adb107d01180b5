"""``tfscreen demo``: the whole pipeline on this machine, live."""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from kafka import KafkaConsumer

from streams.broker import LocalBroker
from streams.local import WorkerProcess, jsonl, paced_produce, percentile, with_topic_suffix
from streams.render import alert_text
from tfscreen.config import Settings

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
# Real published list files shipped beside the project (never copied into it).
SAMPLE_LISTS = [
    "un/UN_consolidated_2026-02-27.xml",
    "ofac/sdn_csv_2021-07/sdn.csv",
    "ofac/xml/CONSOLIDATED_2026-01-08.xml",
    "eu/eu_fsf_excerpt_2026-08-05.xml",
    "uk/UK-Sanctions-List_excerpt_2026-03-26.xml",
    "interpol/red_notices_list_2021-12-11.json",
]
OFFICIAL = ["un", "ofac", "eu", "uk"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="run the whole pipeline locally and watch alerts live",
        description=(
            "Start a local Kafka broker and a screening worker, load real sanctions lists "
            "(official downloads when online, else the published samples in ../shared/data/lists), "
            "stream generated payments with planted hits and typology scenarios, show alerts as "
            "they arrive and a summary, then keep the metrics endpoint up until Ctrl-C."
        ),
    )
    p.add_argument("-n", "--count", type=int, default=3000, help="payments to stream (default 3000)")
    p.add_argument("--rate", type=float, default=300.0, help="payments per second (default 300)")
    p.add_argument("--seed", type=int, default=42, help="traffic generator seed")
    p.add_argument("--offline", action="store_true", help="do not try the official list downloads")
    p.add_argument("--no-wait", action="store_true", help="exit after the summary instead of waiting for Ctrl-C")
    p.add_argument("--quiet-alerts", action="store_true", help="do not print each alert, only the summary")
    p.set_defaults(func=run)


def sample_dir() -> Path:
    return Path(os.environ.get("TFSCREEN_SAMPLE_LISTS") or ROOT.parent / "shared" / "data" / "lists")


def resolve_lists(work: Path, offline: bool) -> tuple[list[str], str]:
    """Official downloads if they all succeed, else the shipped samples. Returns (paths, origin)."""
    if not offline:
        try:
            from watchlists.fetch import fetch_list

            dest = work / "lists"
            paths = [r.path for name in OFFICIAL for r in fetch_list(name, dest, timeout=10, retries=0)]
            return paths, f"official downloads into {dest}"
        except Exception as exc:  # offline, blocked or a publisher down: fall back
            log.info("official list download not possible (%s); using the published samples", exc)
    base = sample_dir()
    paths = [str(base / rel) for rel in SAMPLE_LISTS if (base / rel).exists()]
    if not paths:
        raise SystemExit(f"tfscreen demo: no list samples found in {base}; set TFSCREEN_SAMPLE_LISTS")
    return paths, f"published samples in {base}"


def planted_names(paths: list[str], n: int, seed: int) -> list[str]:
    """Names of terrorism-listed people and groups to plant, some written differently."""
    from streams.engines import load_lists

    entries = [e for p in load_lists(paths[:1]) for e in p.entries if e.terrorism and len(e.name.split()) >= 2]
    rnd = random.Random(seed)
    chosen = rnd.sample(entries, min(n, len(entries)))
    out = []
    for i, e in enumerate(chosen):
        name = e.name
        if i % 3 == 1:
            name = name.title()
        elif i % 3 == 2 and e.aliases:
            name = e.aliases[0].name
        out.append(name)
    return out


def run(args: argparse.Namespace) -> int:
    from tfscreen.simulate import generate

    base = Settings.from_env()
    broker = LocalBroker.from_settings(base)
    we_started_broker = broker.pid() is None
    print(f"== starting local Kafka {base.kafka_version} on 127.0.0.1:{base.kafka_port} ...", flush=True)
    bootstrap = broker.start()
    work = Path(tempfile.mkdtemp(prefix="tfscreen-demo-"))
    settings = with_topic_suffix(base, f"demo{int(time.time())}")
    worker = None
    try:
        lists, origin = resolve_lists(work, args.offline)
        print(f"== lists: {origin}", flush=True)
        for path in lists:
            print(f"   {path}")
        settings = Settings(**{**vars(settings), "kafka_bootstrap": bootstrap, "lists": os.pathsep.join(lists)})
        names = planted_names(lists, 12, args.seed)
        txs, labels = generate(args.count, seed=args.seed, planted_names=names)
        print(f"== generated {len(txs)} payments ({len(labels)} planted scenarios incl. {len(names)} listed names)")
        print(f"== starting worker (log {work / 'worker.log'}) ...", flush=True)
        worker = WorkerProcess.spawn(settings, work / "worker.log")
        worker.wait_ready()
        metrics_url = f"http://127.0.0.1:{settings.metrics_port}/metrics"
        print(f"== worker ready; metrics at {metrics_url}")
        print(f"== streaming to topic {settings.topic_transactions} at {args.rate:.0f}/s; alerts:\n", flush=True)
        summary = stream_and_watch(settings, jsonl(txs), args)
        print_summary(summary, settings, worker, metrics_url)
        if not args.no_wait:
            print(f"\nMetrics stay up at {metrics_url} (worker and broker running). Press Ctrl-C to stop.", flush=True)
            while worker.proc.poll() is None:
                time.sleep(1)
    except KeyboardInterrupt:
        print("\n== stopping ...", flush=True)
    finally:
        if worker is not None:
            worker.stop()
        if we_started_broker:
            broker.stop()
        print("== stopped cleanly", flush=True)
    return 0


def stream_and_watch(s: Settings, lines: list[bytes], args: argparse.Namespace) -> dict:
    """Produce paced traffic in a thread; print alerts live; return figures at the end."""
    sent_at: dict[str, float] = {}
    ids = [json.loads(line)["id"] for line in lines]

    def produce() -> None:
        times = paced_produce(s.kafka_bootstrap, s.topic_transactions, lines, args.rate)
        sent_at.update({ids[i]: t for i, t in times.items()})

    producer = threading.Thread(target=produce, daemon=True)
    consumer = KafkaConsumer(s.topic_decisions, s.topic_alerts, s.topic_dlq, bootstrap_servers=s.kafka_bootstrap,
                             auto_offset_reset="earliest", enable_auto_commit=False, metadata_max_age_ms=2000, fetch_max_bytes=900_000)
    started = time.time()
    producer.start()
    decisions: dict[str, dict] = {}
    decided_at: dict[str, float] = {}
    alerts: list[dict] = []
    dead = 0
    colour = sys.stdout.isatty()
    deadline = time.monotonic() + len(lines) / max(args.rate, 1) + 120
    try:
        while len(decisions) + dead < len(lines) and time.monotonic() < deadline:
            for tp, records in consumer.poll(timeout_ms=500).items():
                for rec in records:
                    if tp.topic == s.topic_decisions:
                        d = json.loads(rec.value)
                        decisions[d["transaction_id"]] = d
                        decided_at[d["transaction_id"]] = rec.timestamp / 1000
                    elif tp.topic == s.topic_alerts:
                        a = json.loads(rec.value)
                        alerts.append(a)
                        if not args.quiet_alerts:
                            print(alert_text(a, colour), flush=True)
                    else:
                        dead += 1
    finally:
        consumer.close()
    producer.join(timeout=5)
    latencies = [decided_at[i] - sent_at[i] for i in decided_at if i in sent_at]
    return {"sent": len(lines), "decisions": decisions, "alerts": alerts, "dead": dead,
            "elapsed": time.time() - started, "latencies": latencies}


def print_summary(r: dict, s: Settings, worker: WorkerProcess, metrics_url: str) -> None:
    decisions, alerts = r["decisions"], r["alerts"]
    by_sev = Counter(a["severity"] for a in alerts)
    by_reason: Counter[str] = Counter()
    for a in alerts:
        for reason in a["reasons"]:
            by_reason[f"list {reason['list']}" if reason["kind"] == "watchlist" else f"rule {reason['rule']}"] += 1
    lat = r["latencies"]
    rss = worker.peak_rss_bytes()
    print("\n== summary")
    print(f"   payments sent        {r['sent']}")
    print(f"   decisions            {len(decisions)} ({sum(d['decision'] == 'alert' for d in decisions.values())} alert)")
    print(f"   dead letters         {r['dead']}")
    print(f"   alerts by severity   " + ", ".join(f"{k} {v}" for k, v in sorted(by_sev.items())) if by_sev else "   alerts               0")
    for reason, n in by_reason.most_common(12):
        print(f"     {n:5d}  {reason}")
    if lat:
        print(f"   latency (sent -> decision written) p50 {percentile(lat, .5)*1000:.0f} ms, "
              f"p95 {percentile(lat, .95)*1000:.0f} ms, p99 {percentile(lat, .99)*1000:.0f} ms")
    print(f"   elapsed              {r['elapsed']:.1f} s")
    if rss:
        print(f"   worker peak memory   {rss / 2**20:.0f} MiB")
    print(f"   topics               {s.topic_decisions}, {s.topic_alerts}, {s.topic_dlq}")
    print(f"   metrics              {metrics_url}")
