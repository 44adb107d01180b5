"""The faust app: topics, the screening agents, their state, and the guarantee.

Topology (one payment's path):

1. ``screen`` reads ``transactions``: decodes and validates (bad messages go
   to the dead-letter topic), screens every name against the lists, and sends
   the payment to ``<app>-by-originator`` keyed by the originator's account,
   and a placeholder keyed by the beneficiary's account. A timer tells every
   partition of that topic how far each input partition has got (watermarks);
2. ``accounts`` reads ``<app>-by-originator`` and ``<app>-by-beneficiary``
   and runs each account's payments in event-time order
   (``streams/ordering.py``): the originator's side of the rules, forwarded with
   the rules' carry to ``<app>-by-beneficiary`` keyed by the beneficiary's
   account, and there, when the placeholder's turn comes, the beneficiary's
   side, the score, the decision and any alert.

Both internal topics have the input's partition count and are keyed like the
``accounts`` table, so one account's record is always on one partition and
one worker, whichever side of a payment it is on. The table's changelog
topic makes that state survive a restart.

Processing guarantee: at-least-once. Acks are manual: an input offset is
acknowledged only after the agent is done with the message, and faust flushes
the producer before every commit, so outputs land before their input is
committed. A crash can redeliver: a decision may appear twice (same
``transaction_id`` and ``alert_id``; consumers de-duplicate), never zero times.
Windowed rules de-duplicate flows by transaction id. Agent concurrency is 1
(faust issue #606: concurrency > 1 can commit past an in-flight message).
"""

from __future__ import annotations

import copy
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
from streams.ordering import IDLE, IN, OUT, Entry, Key, Sequencer, SourceClock
from streams.topics import ACCOUNTS_TABLE, internal_topics
from tfscreen.codec import InvalidMessage, decode_transaction, encoder
from tfscreen.config import Settings
from tfscreen.model import Alert, Transaction
from tfscreen.screening import NameScreening, Screener

log = logging.getLogger(__name__)

SERVICE = "tfscreen"


class Staged(msgspec.Struct, frozen=True, kw_only=True, tag="payment"):
    """A valid payment between stages."""

    raw: msgspec.Raw  # the original JSON, unchanged
    names: NameScreening
    input_ts: float  # input record timestamp, Unix seconds
    source: str  # "topic[partition]@offset" of the input record
    key: bytes | None = None  # the input record's key, for a dead letter
    ruleset: str = ""
    carry: dict[str, Any] | None = None
    order_ts: int = 0  # event time, microseconds: with the transaction id, the payment's order key
    src: int = -1  # input partition
    tx_id: str = ""
    placeholder: bool = False  # stage 1 sent the beneficiary's partition a placeholder
    cancelled: bool = False  # the originator's side dead-lettered it: release the placeholder only


def order_key(tx: Transaction) -> Key:
    """A payment's place in event time: (timestamp in microseconds, transaction id)."""
    d = tx.timestamp - _EPOCH
    return (d.days * 86_400_000_000 + d.seconds * 1_000_000 + d.microseconds, tx.id)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class Pending(msgspec.Struct, frozen=True, kw_only=True, tag="pending"):
    """Stage 1's notice to the beneficiary's partition: this payment's inflow is on its way."""

    tx_id: str
    order_ts: int
    src: int


class Mark(msgspec.Struct, frozen=True, kw_only=True, tag="mark"):
    """Input partition ``src`` has forwarded every payment up to (``order_ts``, ``tx_id``),
    or has nothing left to read (``idle``)."""

    src: int
    order_ts: int = 0
    tx_id: str = ""
    idle: bool = False


_staged = msgspec.json.Decoder(Staged)
_internal = msgspec.json.Decoder(Staged | Pending | Mark)


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


def _text(key: bytes | None) -> str:
    return key.decode() if key else ""


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
        names = internal_topics(s.app_id)  # made before start: streams.topics.topic_specs
        self.by_originator = self.app.topic(names[0], partitions=n, internal=True, **raw)
        self.by_beneficiary = self.app.topic(names[1], partitions=n, internal=True, **raw)
        # Per-account rule state (plain JSON records), shared by both sides of every payment.
        self.accounts = self.app.Table(ACCOUNTS_TABLE, default=None, partitions=n, key_type=str)
        self.app.agent(self.transactions, name="screen", concurrency=1)(self._screen)
        self.app.agent(self.app.topic(*names, partitions=n, internal=True, **raw), name="accounts",
                       concurrency=1)(self._accounts)
        # Event-time order (streams/ordering.py): stage 1's watermarks, the rules stage's queues.
        self.sources = SourceClock(s.source_idle_after)
        self.sequencers: dict[int, Sequencer] = {}
        self.app.revoke_hooks.append(self._release)
        self.app.timer(s.watermark_interval, on_leader=False)(self._send_marks)
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
            self.sources.consumed(message.partition)
            return
        started = time.perf_counter()
        try:
            names = self.screener.screen_names(tx)
        except Exception as exc:  # an engine bug must not lose the payment
            log.exception("name screening failed for %s[%s]@%s", message.topic, message.partition, message.offset)
            await self._dead_letter(message.key, raw, exc, "screen", source)
            self.sources.consumed(message.partition)
            return
        m.processing.observe(time.perf_counter() - started)
        key = order_key(tx)
        staged = Staged(raw=msgspec.Raw(raw), names=names, input_ts=message.timestamp or time.time(),
                        source=f"{message.topic}[{message.partition}]@{message.offset}", key=message.key,
                        order_ts=key[0], src=message.partition, tx_id=tx.id,
                        placeholder=bool(tx.beneficiary.account))
        await self.by_originator.send(key=account_key(tx.originator.account, tx.id), value=encoder.encode(staged))
        if staged.placeholder:  # the beneficiary's queue waits for this inflow in its turn
            notice = Pending(tx_id=tx.id, order_ts=key[0], src=message.partition)
            await self.by_originator.send(key=account_key(tx.beneficiary.account, tx.id), value=encoder.encode(notice))
        self.sources.consumed(message.partition, key)

    async def _send_marks(self) -> None:
        """Tell every partition of the rules stage how far each of our input partitions has got."""
        consumer = self.app.consumer
        mine = {tp for tp in consumer.assignment() if tp.topic == self.transactions.get_topic_name()}
        self.sources.assigned({tp.partition for tp in mine})
        # Only a partition being read can be idle: during a rebalance or a stop its high watermark
        # is stale and its records may yet come from another worker (streams/consumer.py).
        reading = getattr(consumer, "reading", None)
        if reading is not None:
            self.sources.unread({tp.partition for tp in mine if not reading(tp)})
        caught_up = set()
        quiet = self.sources.quiet()
        for tp in mine:
            if tp.partition not in quiet:
                continue
            if reading is not None and (not reading(tp) or consumer.in_flight(tp)):
                continue  # fetched is not forwarded: records may wait in the agent's buffer
            try:
                high = consumer.highwater(tp)
                pos = await consumer.position(tp)
            except Exception:  # not fetched yet, or revoked meanwhile
                continue
            if reading is not None and not reading(tp):
                continue  # a rebalance began meanwhile
            if high is not None and pos is not None and pos >= high:
                caught_up.add(tp.partition)
        for src, mark in self.sources.due(caught_up):
            value = encoder.encode(Mark(src=src, idle=True) if mark == IDLE
                                   else Mark(src=src, order_ts=mark[0], tx_id=mark[1]))
            for partition in range(self.settings.topic_partitions):
                await self.by_originator.send(key=None, value=value, partition=partition)

    # -- stage 2: each account's payments in event-time order ------------------------------------

    async def _accounts(self, stream: faust.StreamT) -> None:
        manual = stream.noack()
        checked = time.monotonic()
        async for event in manual.events():
            await self._take(event, manual)
            del event  # the sequencer holds what is still waiting; faust counts references
            now = time.monotonic()
            if now - checked >= 0.5:
                checked = now
                for seq in list(self.sequencers.values()):
                    for lone in seq.expire():
                        log.warning("beneficiary record of %s came without its placeholder for %.0f s; "
                                    "running it now", lone.tx_id, self.settings.order_timeout)
                        await self._run(seq, lone, manual)
                    await self._drain(seq, manual)

    def _sequencer(self, partition: int) -> Sequencer:
        seq = self.sequencers.get(partition)
        if seq is None:
            seq = self.sequencers[partition] = Sequencer(self.settings.topic_partitions, self.settings.order_timeout)
        return seq

    async def _take(self, event: Any, manual: Any) -> None:
        message = event.message
        record = _internal.decode(message.value)
        seq = self._sequencer(message.partition)
        if isinstance(record, Mark):
            seq.mark(record.src, IDLE if record.idle else (record.order_ts, record.tx_id))
            await manual.ack(event)
        elif message.topic == self.by_originator.get_topic_name():
            account = _text(message.key)
            if isinstance(record, Pending):
                kind, tx_id = IN, record.tx_id
                if self.screener.rules.inflow_applied(self.accounts.get(account), tx_id):
                    # Done before a restart; only this placeholder was not committed yet.
                    seq.mark(record.src, (record.order_ts, tx_id))
                    await manual.ack(event)
                    await self._drain(seq, manual)
                    return
            else:
                kind, tx_id = OUT, record.tx_id
            self._hold(message)
            if not seq.add(kind, account, (record.order_ts, tx_id), tx_id,
                           record if kind == OUT else None, event, record.src):
                await self._ack(manual, event)
        else:  # the beneficiary's side of a payment, back from the originator's partition
            account, tx_id = _text(message.key), record.tx_id
            outcome = "now"
            self._hold(message)
            if record.placeholder:
                applied = self.screener.rules.inflow_applied(self.accounts.get(account), tx_id)
                outcome = seq.arrive(account, tx_id, record, event, applied)
            if outcome == "duplicate":
                await self._ack(manual, event)
            elif outcome == "now":
                await self._run(seq, Entry(IN, account, (record.order_ts, tx_id), tx_id, record, [event]), manual)
        await self._drain(seq, manual)

    async def _drain(self, seq: Sequencer, manual: Any) -> None:
        while (entry := seq.pop()) is not None:
            await self._run(seq, entry, manual)

    async def _run(self, seq: Sequencer, entry: Entry, manual: Any) -> None:
        if entry.forced:
            log.warning("%s side of %s goes ahead out of order: %s (waited %.0f s)",
                        "originator's" if entry.kind == OUT else "beneficiary's", entry.tx_id, entry.forced,
                        self.settings.order_timeout)
        if entry.kind == OUT:
            await self.stage_outflow(entry.record)
        elif entry.record is not None and not entry.record.cancelled:
            await self.stage_inflow(entry.record)
        for token in entry.tokens:
            await self._ack(manual, token)

    def _hold(self, message: Any) -> None:
        self.app.held.setdefault(message.tp, set()).add(message.offset)

    async def _ack(self, manual: Any, event: Any) -> None:
        message = event.message
        held = self.app.held.get(message.tp)
        if held is not None:
            held.discard(message.offset)
        await manual.ack(event)

    def _release(self, revoked: Any) -> list[Any]:
        """Partitions are being revoked: drop every queue (faust revokes all partitions on a
        rebalance). The held messages stay unacknowledged and are read again from the committed
        offsets."""
        messages = []
        for seq in self.sequencers.values():
            messages.extend(e.message for e in seq.close())
        if messages:
            log.info("rebalance: %d held messages will be read again", len(messages))
        self.sequencers.clear()
        self.app.held.clear()
        return messages

    async def stage_outflow(self, staged: Staged) -> None:
        tx = decode_transaction(bytes(staged.raw), 1 << 62)
        rules = self.screener.rules
        try:
            carry = rules.evaluate_originator(tx, self._ctx(tx, staged))
        except Exception as exc:
            log.exception("originator rules failed for %s", staged.source)
            await self._dead_letter_staged(tx, staged, exc)
            if tx.beneficiary.account:  # release the placeholder waiting on the beneficiary's queue
                cancel = msgspec.structs.replace(staged, cancelled=True)
                await self.by_beneficiary.send(key=account_key(tx.beneficiary.account, tx.id),
                                               value=encoder.encode(cancel))
            return
        forward = msgspec.structs.replace(staged, carry=carry, ruleset=rules.version)
        await self.by_beneficiary.send(key=account_key(tx.beneficiary.account, tx.id), value=encoder.encode(forward))

    # -- stage 3: the beneficiary's side, scoring, outputs ---------------------------------------

    async def stage_inflow(self, staged: Staged) -> None:
        raw = bytes(staged.raw)
        tx = decode_transaction(raw, 1 << 62)
        rules = self.screener.rules
        ruleset = staged.ruleset
        try:
            if rules.version != ruleset:  # rules reloaded between the two sides
                log.warning("rule set changed mid-payment (%s -> %s) for %s", ruleset, rules.version, staged.source)
            hits = rules.evaluate_beneficiary(tx, self._ctx(tx, staged, self._inflow_state(tx)), staged.carry or {})
            result = self.screener.decide(tx, raw, staged.names, hits, ruleset or rules.version)
        except Exception as exc:
            log.exception("beneficiary rules failed for %s", staged.source)
            await self._dead_letter_staged(tx, staged, exc)
            return
        await self._emit(tx, result, staged.input_ts)

    def _ctx(self, tx: Transaction, staged: Staged, state: Any = None) -> RuleContext:
        return RuleContext(now=datetime.now(timezone.utc), state=self.accounts if state is None else state,
                           watchlist_hits=staged.names.hits)

    def _inflow_state(self, tx: Transaction) -> Any:
        """The state the beneficiary's side of ``tx`` runs on: the table, or for a redelivered
        payment whose inflow the beneficiary's record already holds, a copy of that record.

        After a rebalance a payment can run again. Its decision may then list other reasons
        (consumers keep the first), but its inflow must not be recorded again: the carry came
        from the originator's side run again on a later state, so the round-trip origins (R33)
        and closeness (G1) it brings are later than the payment, and recorded they showed the
        account's next payments a history the offline run never gives them."""
        account = tx.beneficiary.account
        if not account:
            return None
        key = state_key(account)
        record = self.accounts.get(key)
        if not self.screener.rules.inflow_applied(record, tx.id):
            return None
        return {key: copy.deepcopy(record)}

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
