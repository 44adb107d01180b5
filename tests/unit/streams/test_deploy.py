"""docker-compose, Prometheus and Grafana files agree with the code (no Docker engine needed)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess

import pytest
import yaml
from prometheus_client import generate_latest

from streams.metrics import Metrics
from tests.conftest import ROOT
from tfscreen.config import Settings

DEPLOY = ROOT / "deploy"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "tfscreen.json"
# Metrics that come from outside tfscreen's own code.
EXTERNAL_PREFIXES = ("kafka_",)


SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",), "info": ("_info",)}


def exported_names() -> set[str]:
    """Every series name the worker can export, including labelled ones not yet set."""
    names = set()
    for family in Metrics().registry.collect():
        for suffix in SUFFIXES.get(family.type, ("",)):
            names.add(family.name + suffix)
    return names


def dashboard_exprs() -> list[str]:
    dash = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dash["panels"] for t in p["targets"]]


def rule_exprs() -> list[str]:
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    return [r["expr"] for g in rules["groups"] for r in g["rules"]]


def metric_names(expr: str) -> set[str]:
    return set(re.findall(r"\b((?:tfscreen|process|kafka)_[a-z0-9_]+)\b", expr))


@pytest.mark.parametrize("expr", dashboard_exprs() + rule_exprs())
def test_every_query_uses_an_exported_metric(expr):
    exported = exported_names()
    names = metric_names(expr)
    assert names, f"no metric in {expr!r}"
    for name in names:
        if not name.startswith(EXTERNAL_PREFIXES):
            assert name in exported, f"{name} in {expr!r} is not exported by streams/metrics.py"


def test_dashboard_covers_the_required_panels():
    titles = " ".join(p["title"].lower() for p in json.loads(DASHBOARD.read_text())["panels"])
    for word in ("throughput", "latency", "severity", "reason", "dead letters", "lag"):
        assert word in titles
    text = DASHBOARD.read_text()
    for q in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({q}, sum by (le) (rate(tfscreen_end_to_end_latency_seconds_bucket" in text


def test_metric_names_follow_conventions():
    for family in Metrics().registry.collect():
        if not family.name.startswith("process_") and not family.name.startswith(("python_", "tfscreen_")):
            pytest.fail(f"{family.name} lacks the tfscreen_ prefix")
        if family.name.startswith("tfscreen_"):
            assert not re.search(r"_(ms|milliseconds|minutes|kb|mb)(_|$)", family.name), family.name
    text = generate_latest(Metrics().registry).decode()
    for banned in ("account", "transaction_id", "alert_id", "entry_id", "name="):
        assert banned not in text


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (scripts/bootstrap.sh installs it)")
def test_promtool_accepts_prometheus_config_and_rules():
    for args in (["check", "config", "prometheus.yml"], ["check", "rules", "alerts.yml"]):
        done = subprocess.run(["promtool", *args], cwd=DEPLOY / "prometheus", capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_stack():
    services = compose()["services"]
    assert {"kafka", "worker-1", "worker-2", "prometheus", "grafana", "kafka-exporter"} <= set(services)
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"


def test_compose_worker_settings_are_real_settings():
    known = {f"TFSCREEN_{f.name.upper()}" for f in dataclasses.fields(Settings)}
    for name in ("worker-1", "worker-2"):
        env = compose()["services"][name]["environment"]
        assert set(env) <= known, set(env) - known
        assert env["TFSCREEN_KAFKA_BOOTSTRAP"] == "kafka:9092"


def test_compose_mounts_exist_and_prometheus_scrapes_the_workers():
    services = compose()["services"]
    for svc in ("prometheus", "grafana"):
        for vol in services[svc]["volumes"]:
            src = vol.split(":")[0]
            if src.startswith("./"):
                assert (ROOT / src).exists(), src
    prom = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    targets = {t for job in prom["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    port = services["worker-1"]["environment"]["TFSCREEN_METRICS_PORT"]
    assert {f"worker-1:{port}", f"worker-2:{port}", "kafka-exporter:9308"} <= targets


def test_dockerfile_copies_every_package():
    text = (ROOT / "Dockerfile").read_text()
    for pkg in ("tfscreen", "watchlists", "rules", "streams"):
        assert f"COPY {pkg} ./{pkg}" in text
