"""A local single-node Apache Kafka (KRaft) for the demo, tests and benchmarks.

The broker is assembled from Maven Central jars (``kafka/pom.xml``) with Maven
and run with the installed Java 17 on 127.0.0.1. Jars are downloaded once into
``<home>/kafka/libs-<version>``; each start formats a fresh data directory.
Stopping is by PID (SIGTERM, then SIGKILL), never by process name.
"""

from __future__ import annotations

import base64
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from tfscreen.config import Settings
from tfscreen.errors import TfscreenError

log = logging.getLogger(__name__)

POM = Path(__file__).resolve().parent.parent / "kafka" / "pom.xml"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
READY_LINE = "Kafka Server started"


class BrokerError(TfscreenError):
    pass


@dataclass(frozen=True)
class LocalBroker:
    version: str
    home: Path
    port: int
    controller_port: int
    heap: str = "-Xms256m -Xmx512m"

    @classmethod
    def from_settings(cls, s: Settings) -> "LocalBroker":
        return cls(s.kafka_version, s.kafka_dir, s.kafka_port, s.kafka_controller_port, s.kafka_heap)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def libs(self) -> Path:
        return self.home / f"libs-{self.version}"

    @property
    def run_dir(self) -> Path:
        return self.home / f"run-{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "broker.pid"

    @property
    def log_file(self) -> Path:
        return self.run_dir / "broker.log"

    # -- jars -------------------------------------------------------------

    def fetch(self) -> None:
        """Resolve the broker's jars from Maven Central once."""
        if (self.libs / ".complete").exists():
            return
        for tool in ("mvn", "java"):
            if shutil.which(tool) is None:
                raise BrokerError(f"'{tool}' not found on PATH: install Java 17 and Maven (README: Requirements)")
        log.info("downloading Apache Kafka %s jars from Maven Central into %s", self.version, self.libs)
        shutil.rmtree(self.libs, ignore_errors=True)
        self.libs.mkdir(parents=True)
        cmd = [
            "mvn", "-B", "-q", "-f", str(POM), f"-Dkafka.version={self.version}",
            f"{DEPENDENCY_PLUGIN}:copy-dependencies", "-DincludeScope=runtime",
            f"-DoutputDirectory={self.libs}",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise BrokerError(f"Maven could not fetch the Kafka jars:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        if not (self.libs / f"kafka_2.13-{self.version}.jar").exists():
            raise BrokerError(f"kafka_2.13-{self.version}.jar missing after Maven ran")
        (self.libs / ".complete").touch()

    # -- config -----------------------------------------------------------

    def _write_config(self) -> Path:
        shutil.rmtree(self.run_dir, ignore_errors=True)
        (self.run_dir / "data").mkdir(parents=True)
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            # Static quorum: format without --standalone.
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "inter.broker.listener.name": "PLAINTEXT",
            "controller.listener.names": "CONTROLLER",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs": str(self.run_dir / "data"),
            "num.partitions": "1",
            "auto.create.topics.enable": "true",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "transaction.state.log.num.partitions": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "num.network.threads": "2",
            "num.io.threads": "2",
            "num.recovery.threads.per.data.dir": "1",
            # The cleaner's dedupe buffer is on the heap; 128 MiB by default.
            "log.cleaner.dedupe.buffer.size": str(32 * 1024 * 1024),
        }
        server = self.run_dir / "server.properties"
        server.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        (self.run_dir / "log4j2.properties").write_text(
            "status = warn\n"
            "appender.console.type = Console\n"
            "appender.console.name = STDOUT\n"
            "appender.console.layout.type = PatternLayout\n"
            "appender.console.layout.pattern = [%d] %p %m (%c)%n\n"
            "rootLogger.level = INFO\n"
            "rootLogger.appenderRef.stdout.ref = STDOUT\n"
            "logger.request.name = kafka.request.logger\n"
            "logger.request.level = WARN\n"
            "logger.statechange.name = state.change.logger\n"
            "logger.statechange.level = WARN\n"
        )
        return server

    @staticmethod
    def _cluster_id() -> str:
        # Kafka's Uuid text form: URL-safe base64 of 16 bytes, no padding, no leading '-'.
        while True:
            text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
            if not text.startswith("-"):
                return text

    def _java(self, main: str, *args: str, heap: list[str]) -> list[str]:
        return [
            "java", *heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self.run_dir / 'log4j2.properties'}",
            "-cp", f"{self.libs}/*", main, *args,
        ]

    # -- lifecycle --------------------------------------------------------

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except OSError:
            return None
        return pid

    def is_listening(self) -> bool:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def start(self, timeout: float = 120.0) -> str:
        """Start a fresh broker and wait until it serves clients; return bootstrap."""
        if self.pid() is not None:
            log.info("local Kafka already running (pid %s) at %s", self.pid(), self.bootstrap)
            return self.bootstrap
        if self.is_listening():
            raise BrokerError(f"port {self.port} is taken by another process; set TFSCREEN_KAFKA_PORT")
        self.fetch()
        server = self._write_config()
        fmt = subprocess.run(
            self._java("kafka.tools.StorageTool", "format", "-t", self._cluster_id(), "-c", str(server), heap=["-Xmx256m"]),
            capture_output=True, text=True,
        )
        if fmt.returncode != 0:
            raise BrokerError(f"formatting Kafka storage failed:\n{fmt.stdout[-2000:]}{fmt.stderr[-2000:]}")
        with open(self.log_file, "wb") as out:
            proc = subprocess.Popen(
                self._java("kafka.Kafka", str(server), heap=self.heap.split()),
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        log.info("starting local Kafka %s (pid %s), log %s", self.version, proc.pid, self.log_file)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if READY_LINE in self.log_file.read_text(errors="replace"):
                log.info("local Kafka ready at %s", self.bootstrap)
                return self.bootstrap
            if proc.poll() is not None:
                raise BrokerError(f"Kafka exited with {proc.returncode}:\n{self._tail()}")
            time.sleep(0.25)
        self.stop()
        raise BrokerError(f"Kafka not ready within {timeout:.0f} s:\n{self._tail()}")

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the broker started from this home and port; True if one was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
                # Reap it if it is our child; ignore otherwise.
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
            except OSError:
                break
            time.sleep(0.2)
        else:
            log.warning("Kafka did not stop in %.0f s; killing pid %s", timeout, pid)
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> dict[str, object]:
        pid = self.pid()
        return {
            "running": pid is not None,
            "pid": pid,
            "bootstrap": self.bootstrap,
            "version": self.version,
            "jars": str(self.libs) if (self.libs / ".complete").exists() else None,
            "log": str(self.log_file),
        }

    def _tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
