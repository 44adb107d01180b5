"""The faust app: topics, the screening agent and its processing guarantee.

Processing guarantee: at-least-once. The agent handles a batch, awaits the
producer flush of every decision, alert and dead letter, and only then acks
the batch's input offsets; faust commits acked offsets after another flush.
A crash can therefore redeliver a batch whose outputs were already written:
the duplicates carry the same transaction id and the same alert id (alert ids
are derived from the transaction and the list and rule versions), so
consumers de-duplicate on ``transaction_id``. Nothing valid is left without a
decision. Agent concurrency is 1 (faust issue #606: concurrency > 1 can commit
past an in-flight message).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence

import faust

from streams.metrics import Metrics
from tfscreen.codec import InvalidMessage, decode_transaction, encoder
from tfscreen.config import Settings
from tfscreen.model import Alert
from tfscreen.screening import Screener

log = logging.getLogger(__name__)

SERVICE = "tfscreen"


def reason_kind(alert: Alert) -> str:
    kinds = {type(r).__name__ for r in alert.reasons}
    if len(kinds) > 1:
        return "both"
    return "watchlist" if "WatchlistReason" in kinds else "typology"


def dlq_headers(exc: InvalidMessage | Exception, stage: str, message) -> list[tuple[str, bytes]]:  # noqa: ANN001
    error_class = exc.error_class if isinstance(exc, InvalidMessage) else type(exc).__name__
    reason = exc.reason if isinstance(exc, InvalidMessage) else str(exc)
    return [
        ("dlq.stage", stage.encode()),
        ("dlq.error.class", error_class.encode()),
        ("dlq.error.message", reason[:2000].encode("utf-8", "replace")),
        ("dlq.original.topic", str(message.topic).encode()),
        ("dlq.original.partition", str(message.partition).encode()),
        ("dlq.original.offset", str(message.offset).encode()),
        ("dlq.original.timestamp", str(message.timestamp).encode()),
        ("dlq.service", SERVICE.encode()),
    ]


class Pipeline:
    """Wires the screening engines to Kafka topics through one faust agent."""

    def __init__(
        self,
        settings: Settings,
        screener: Screener,
        metrics: Metrics | None = None,
        background: Sequence[Callable[[], Awaitable[None]]] = (),
    ) -> None:
        self.settings = settings
        self.screener = screener
        self.metrics = metrics or Metrics()
        s = settings
        self.app = faust.App(
            s.app_id,
            broker=f"kafka://{s.kafka_bootstrap}",
            store="memory://",
            autodiscover=False,
            web_enabled=False,
            topic_partitions=s.topic_partitions,
            topic_replication_factor=s.topic_replication,
            topic_disable_leader=True,
            consumer_auto_offset_reset="earliest",
            processing_guarantee="at_least_once",
            producer_acks=-1,
            broker_commit_every=s.batch_size,
            broker_commit_interval=1.0,
            broker_session_timeout=s.session_timeout,
            broker_heartbeat_interval=s.heartbeat_interval,
        )
        raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
        self.transactions = self.app.topic(s.topic_transactions, partitions=s.topic_partitions, **raw)
        self.dlq = self.app.topic(s.topic_dlq, partitions=s.topic_partitions, **raw)
        self.decisions = self.app.topic(s.topic_decisions, partitions=s.topic_partitions, **raw)
        self.alerts = self.app.topic(s.topic_alerts, partitions=s.topic_partitions, **raw)
        self.agent = self.app.agent(self.transactions, name="screen", concurrency=1)(self._run)
        self.metrics.set_build(screener.rules.version)
        for task in background:  # e.g. following list updates
            self.app.task(task)

    async def _run(self, stream: faust.StreamT) -> None:
        s = self.settings
        async for events in stream.take_events(s.batch_size, within=s.batch_seconds):
            await self.process_batch(events)

    async def process_batch(self, events: Sequence[faust.EventT]) -> None:
        """Screen a batch; return once every output is acknowledged by Kafka."""
        m = self.metrics
        m.batch_size.observe(len(events))
        written: list[float] = []  # input timestamps of the decisions in this batch
        for event in events:
            message = event.message
            raw = message.value
            m.consumed.inc()
            try:
                tx = decode_transaction(raw, self.settings.max_message_bytes)
            except InvalidMessage as exc:
                await self._dead_letter(message, exc, exc.stage)
                continue
            started = time.perf_counter()
            try:
                result = self.screener.screen(tx, raw)
            except Exception as exc:  # an engine bug must not lose the payment
                log.exception("screening failed for %s[%s]@%s", message.topic, message.partition, message.offset)
                await self._dead_letter(message, exc, "screen")
                continue
            m.processing.observe(time.perf_counter() - started)
            key = tx.id.encode()
            await self.decisions.send(key=key, value=encoder.encode(result.decision))
            m.decisions.labels(result.decision.decision).inc()
            if result.alert is not None:
                await self.alerts.send(key=key, value=encoder.encode(result.alert))
                m.alerts.labels(result.alert.severity, reason_kind(result.alert)).inc()
            written.append(message.timestamp)
        await self.app.producer.flush()
        now = time.time()
        for ts in written:
            if ts:
                m.e2e_latency.observe(max(0.0, now - ts))
        m.last_processed.set(now)

    async def _dead_letter(self, message, exc: Exception, stage: str) -> None:  # noqa: ANN001
        log.warning(
            "dead letter %s[%s]@%s stage=%s: %s", message.topic, message.partition, message.offset, stage, exc
        )
        await self.dlq.send(key=message.key, value=message.value, headers=dlq_headers(exc, stage, message))
        self.metrics.dead_letters.labels(stage).inc()
