"""Every Grafana panel query and alert rule, evaluated by a real Prometheus scraping a real worker."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import urllib.parse
import urllib.request

import pytest

from tests.conftest import free_port
from tests.integration.harness import Env, Worker, collect, produce, wait_for
from tests.integration.test_pipeline import un_names
from tests.integration.traffic import clean_transactions, malformed, plant
from tests.unit.streams.test_deploy import dashboard_exprs, rule_exprs

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(shutil.which("prometheus") is None, reason="prometheus not installed (scripts/bootstrap.sh installs it)"),
]


def query(port: int, expr: str) -> dict:
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    return json.loads(urllib.request.urlopen(url, timeout=10).read())


def test_dashboard_queries_return_data_from_a_real_prometheus(kafka_bootstrap, un_list, tmp_path):
    env = Env(kafka_bootstrap, lists=[str(un_list)], partitions=1)
    worker = Worker(env, tmp_path / "worker.log")
    port = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        "scrape_configs:\n"
        f"  - job_name: tfscreen\n    static_configs: [{{targets: ['127.0.0.1:{worker.metrics_port}']}}]\n"
    )
    prom = subprocess.Popen(
        ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{port}"],
        stdout=open(tmp_path / "prometheus.log", "wb"), stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(lambda: worker.metrics() is not None, 60), worker.log_tail()
        assert wait_for(lambda: query(port, "up")["status"] == "success", 60)
        # Traffic in two waves so rates over the window are non-zero.
        txs = clean_transactions(600, seed=3, prefix="dash")
        plant(txs, un_names(un_list, 10), every=50)
        for wave in (txs[:300], txs[300:]):
            produce(kafka_bootstrap, env.transactions, [(None, json.dumps(t).encode()) for t in wave])
            wait_for(lambda: False, 3)
        produce(kafka_bootstrap, env.transactions, [(None, m) for m in malformed(5)])
        collect(kafka_bootstrap, env.decisions, lambda r: len(r) >= 600, 120)
        assert wait_for(lambda: query(port, "tfscreen_transactions_consumed_total")["data"]["result"]
                        and float(query(port, "tfscreen_transactions_consumed_total")["data"]["result"][0]["value"][1]) >= 605, 60)
        wait_for(lambda: False, 3)

        empty = []
        for expr in dashboard_exprs() + rule_exprs():
            answer = query(port, expr)
            assert answer["status"] == "success", (expr, answer)
            if "kafka_" in expr:
                continue  # comes from kafka-exporter, not running here
            if not answer["data"]["result"] and "> " not in expr and "== 0" not in expr:
                empty.append(expr)
        assert not empty, f"queries with no data: {empty}"
    finally:
        prom.send_signal(signal.SIGTERM)
        prom.wait(30)
        worker.stop()
