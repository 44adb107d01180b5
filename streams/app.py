"""The faust app: topics, the three screening agents, their state, and the guarantee.

Topology (one payment's path):

1. ``screen`` reads ``transactions``: decodes and validates (bad
   messages go to the dead-letter topic), screens every name against the
   lists, and forwards to ``<app>-by-originator`` keyed by the originator's
   account state key;
2. ``outflows`` runs the originator's side of the typology rules on that
   account's state and forwards, with the rules' carry, to
   ``<app>-by-beneficiary`` keyed by the beneficiary's account;
3. ``inflows`` runs the beneficiary's side, scores, and writes the decision
   and any alert.

Both internal topics have the input's partition count and are keyed like the
``accounts`` table, so one account's record is always on one partition and
one worker, whichever side of a payment it is on. The table's changelog
topic makes that state survive a restart.

Processing guarantee: at-least-once. Acks are manual: an input offset is
acknowledged only after the agent is done with the message (``Pipeline._each``), and flushes the producer before
every commit, so outputs land before their input is committed. A crash can
redeliver: a decision may appear twice (same ``transaction_id`` and
``alert_id``; consumers de-duplicate), never zero times. Windowed rules
de-duplicate flows by transaction id. Agent concurrency is 1 (faust issue
#606: concurrency > 1 can commit past an in-flight message).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import faust
import msgspec

from rules.engine import state_key
from rules.model import RuleContext
from streams.consumer import App
from streams.metrics import Metrics
from tfscreen.codec import InvalidMessage, decode_transaction, encoder
from tfscreen.config import Settings
from tfscreen.model import Alert, Transaction
from tfscreen.screening import NameScreening, Screener

log = logging.getLogger(__name__)

SERVICE = "tfscreen"


class Staged(msgspec.Struct, frozen=True, kw_only=True):
    """A valid payment between stages."""

    raw: msgspec.Raw  # the original JSON, unchanged
    names: NameScreening
    input_ts: float  # input record timestamp, Unix seconds
    source: str  # "topic[partition]@offset" of the input record
    key: bytes | None = None  # the input record's key, for a dead letter
    ruleset: str = ""
    carry: dict[str, Any] | None = None


_staged = msgspec.json.Decoder(Staged)


def reason_kind(alert: Alert) -> str:
    kinds = {type(r).__name__ for r in alert.reasons}
    if len(kinds) > 1:
        return "both"
    return "watchlist" if "WatchlistReason" in kinds else "typology"


def dlq_headers(exc: Exception, stage: str, source: dict[str, Any]) -> list[tuple[str, bytes]]:
    error_class = exc.error_class if isinstance(exc, InvalidMessage) else type(exc).__name__
    reason = exc.reason if isinstance(exc, InvalidMessage) else str(exc)
    return [
        ("dlq.stage", stage.encode()),
        ("dlq.error.class", error_class.encode()),
        ("dlq.error.message", reason[:2000].encode("utf-8", "replace")),
        ("dlq.original.topic", str(source["topic"]).encode()),
        ("dlq.original.partition", str(source["partition"]).encode()),
        ("dlq.original.offset", str(source["offset"]).encode()),
        ("dlq.original.timestamp", str(source["timestamp"]).encode()),
        ("dlq.service", SERVICE.encode()),
    ]


def account_key(account: str | None, tx_id: str) -> bytes:
    """Stream key = the rules' state key, so topic partition and table partition agree."""
    return (state_key(account) if account else f"tx:{tx_id}").encode()


class Pipeline:
    """Wires the screening engines to Kafka topics through three faust agents."""

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
        n = s.topic_partitions
        faust_dir = Path(s.home) / "faust"
        faust_dir.mkdir(parents=True, exist_ok=True)  # faust creates only the last level
        self.app = App(
            s.app_id,
            broker=f"kafka://{s.kafka_bootstrap}",
            store="memory://",
            # faust keeps a small data directory per app id; keep it out of the working directory.
            datadir=str(faust_dir / "{conf.id}-data"),
            autodiscover=False,
            web_enabled=False,
            topic_partitions=n,
            topic_replication_factor=s.topic_replication,
            topic_disable_leader=True,
            consumer_auto_offset_reset="earliest",
            processing_guarantee="at_least_once",
            producer_acks=-1,
            broker_commit_every=s.commit_every,
            broker_commit_interval=s.commit_interval,
            producer_linger=s.producer_linger,
            broker_session_timeout=s.session_timeout,
            broker_heartbeat_interval=s.heartbeat_interval,
            table_cleanup_interval=300.0,
        )
        self.app.rewind_after = s.rewind_after
        raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
        self.transactions = self.app.topic(s.topic_transactions, partitions=n, **raw)
        self.dlq = self.app.topic(s.topic_dlq, partitions=n, **raw)
        self.decisions = self.app.topic(s.topic_decisions, partitions=n, **raw)
        self.alerts = self.app.topic(s.topic_alerts, partitions=n, **raw)
        self.by_originator = self.app.topic(f"{s.app_id}-by-originator", partitions=n, internal=True, **raw)
        self.by_beneficiary = self.app.topic(f"{s.app_id}-by-beneficiary", partitions=n, internal=True, **raw)
        # Per-account rule state (plain JSON records), shared by both sides of every payment.
        self.accounts = self.app.Table("accounts", default=None, partitions=n, key_type=str)
        self.app.agent(self.transactions, name="screen", concurrency=1)(self._screen)
        self.app.agent(self.by_originator, name="outflows", concurrency=1)(self._outflows)
        self.app.agent(self.by_beneficiary, name="inflows", concurrency=1)(self._inflows)
        self.metrics.set_build(screener.rules.version)
        for task in background:  # e.g. following list updates
            self.app.task(task)

    # -- stage 1: decode, validate, names --------------------------------------------------------

    @staticmethod
    async def _each(stream: faust.StreamT, handle: Callable[[Any], Awaitable[None]]) -> None:
        """Handle events one at a time and ack each only after ``handle`` returned.

        Acks are manual: faust's automatic ack sits in a ``finally`` around the
        generator's ``yield``, so a stop that interrupts the handler would still ack
        (and later commit) the unfinished event; ``take_events`` does the same for a
        whole batch. An interrupted event stays unacked here and is redelivered.
        """
        manual = stream.noack()
        async for event in manual.events():
            await handle(event)
            await manual.ack(event)

    async def _screen(self, stream: faust.StreamT) -> None:
        await self._each(stream, lambda event: self.stage_names(event.message))

    async def stage_names(self, message: Any) -> None:
        m = self.metrics
        m.consumed.inc()
        raw = message.value
        source = {"topic": message.topic, "partition": message.partition, "offset": message.offset,
                  "timestamp": message.timestamp}
        try:
            tx = decode_transaction(raw, self.settings.max_message_bytes)
        except InvalidMessage as exc:
            await self._dead_letter(message.key, raw, exc, exc.stage, source)
            return
        started = time.perf_counter()
        try:
            names = self.screener.screen_names(tx)
        except Exception as exc:  # an engine bug must not lose the payment
            log.exception("name screening failed for %s[%s]@%s", message.topic, message.partition, message.offset)
            await self._dead_letter(message.key, raw, exc, "screen", source)
            return
        m.processing.observe(time.perf_counter() - started)
        staged = Staged(raw=msgspec.Raw(raw), names=names, input_ts=message.timestamp or time.time(),
                        source=f"{message.topic}[{message.partition}]@{message.offset}", key=message.key)
        await self.by_originator.send(key=account_key(tx.originator.account, tx.id), value=encoder.encode(staged))

    # -- stage 2: the originator's side of the rules ---------------------------------------------

    async def _outflows(self, stream: faust.StreamT) -> None:
        await self._each(stream, self.stage_outflow)

    async def stage_outflow(self, event: Any) -> None:
        staged = _staged.decode(event.message.value)
        tx = decode_transaction(bytes(staged.raw), 1 << 62)
        rules = self.screener.rules
        try:
            carry = rules.evaluate_originator(tx, self._ctx(tx, staged))
        except Exception as exc:
            log.exception("originator rules failed for %s", staged.source)
            await self._dead_letter_staged(tx, staged, exc)
            return
        forward = msgspec.structs.replace(staged, carry=carry, ruleset=rules.version)
        await self.by_beneficiary.send(key=account_key(tx.beneficiary.account, tx.id), value=encoder.encode(forward))

    # -- stage 3: the beneficiary's side, scoring, outputs ---------------------------------------

    async def _inflows(self, stream: faust.StreamT) -> None:
        await self._each(stream, self.stage_inflow)

    async def stage_inflow(self, event: Any) -> None:
        staged = _staged.decode(event.message.value)
        raw = bytes(staged.raw)
        tx = decode_transaction(raw, 1 << 62)
        rules = self.screener.rules
        ruleset = staged.ruleset
        try:
            if rules.version != ruleset:  # rules reloaded between the two sides
                log.warning("rule set changed mid-payment (%s -> %s) for %s", ruleset, rules.version, staged.source)
            hits = rules.evaluate_beneficiary(tx, self._ctx(tx, staged), staged.carry or {})
            result = self.screener.decide(tx, raw, staged.names, hits, ruleset or rules.version)
        except Exception as exc:
            log.exception("beneficiary rules failed for %s", staged.source)
            await self._dead_letter_staged(tx, staged, exc)
            return
        await self._emit(tx, result, staged.input_ts)

    def _ctx(self, tx: Transaction, staged: Staged) -> RuleContext:
        return RuleContext(now=datetime.now(timezone.utc), state=self.accounts, watchlist_hits=staged.names.hits)

    async def _emit(self, tx: Transaction, result: Any, input_ts: float) -> None:
        m = self.metrics
        key = tx.id.encode()
        await self.decisions.send(key=key, value=encoder.encode(result.decision))
        m.decisions.labels(result.decision.decision).inc()
        if result.alert is not None:
            await self.alerts.send(key=key, value=encoder.encode(result.alert))
            m.alerts.labels(result.alert.severity, reason_kind(result.alert)).inc()
        now = time.time()
        m.e2e_latency.observe(max(0.0, now - input_ts))
        m.last_processed.set(now)

    # -- dead letters ----------------------------------------------------------------------------

    async def _dead_letter(self, key: bytes | None, value: bytes | None, exc: Exception, stage: str,
                           source: dict[str, Any]) -> None:
        log.warning("dead letter %s[%s]@%s stage=%s: %s", source["topic"], source["partition"], source["offset"],
                    stage, exc)
        await self.dlq.send(key=key, value=value, headers=dlq_headers(exc, stage, source))
        self.metrics.dead_letters.labels(stage).inc()

    async def _dead_letter_staged(self, tx: Transaction, staged: Staged, exc: Exception) -> None:
        topic, _, rest = staged.source.rpartition("[")
        partition, _, offset = rest.partition("]@")
        source = {"topic": topic, "partition": partition, "offset": offset, "timestamp": staged.input_ts}
        await self._dead_letter(staged.key, bytes(staged.raw), exc, "screen", source)
