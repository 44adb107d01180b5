"""Event-time order for every account in the stream's rules stage. Pure: no faust, no Kafka.

A payment's two sides run on two partitions: the originator's and the beneficiary's. An
account's outflow reaches its partition straight from stage 1, but an earlier inflow comes one
hop later (after the other account's side), so without help the rules could see an account's
payments in another order than ``tfscreen screen`` does, whenever the stream runs behind.

The fix, per partition of the internal topic:

- Each payment has an order key: (event time in microseconds, transaction id).
- Stage 1 sends an ``out`` entry (the payment) to the originator's partition and an ``in``
  placeholder to the beneficiary's partition. It also tells every partition how far each input
  partition (a *source*) has got: its watermark is the key of the last payment it forwarded, or
  ``IDLE`` when it has nothing left to read.
- An entry is *admitted* once its key is at or below every source's watermark: nothing earlier
  can still come from stage 1. Admitted entries join their account's queue in key order.
- An account's queue runs from its head: an ``out`` entry at once; an ``in`` placeholder once
  the beneficiary record (the payment after its originator's side) has arrived.

So each account sees its payments in key order, and accounts never wait for each other's
payments. Liveness comes before order: an entry that has waited ``timeout`` seconds (for a
watermark or a beneficiary record that does not come) goes ahead anyway and is counted in
``stats``.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Key = tuple[int, str]  # (event time in microseconds, transaction id)
IDLE: Key = (1 << 62, "")  # the watermark of a source with nothing left to read

OUT, IN = "out", "in"


@dataclass(eq=False)
class Entry:
    """One side of one payment on one account's queue."""

    kind: str  # OUT or IN
    account: str
    key: Key
    tx_id: str
    record: Any = None  # OUT: the payment; IN: the beneficiary record, once it has arrived
    tokens: list = field(default_factory=list)  # acknowledged together when the entry is done
    since: float = 0.0  # when it was added or admitted (clock seconds)
    forced: str = ""  # why it went ahead out of order, if it did
    gave_up: bool = False  # an ``in`` placeholder that stopped waiting for its beneficiary record


class Sequencer:
    """The entries of one partition: admission by watermarks, then per-account queues."""

    def __init__(self, sources: int, timeout: float, clock: Callable[[], float] = time.monotonic,
                 remember: int = 100_000) -> None:
        self.sources = sources
        self.timeout = timeout
        self.clock = clock
        self.remember = remember
        self.marks: dict[int, Key] = {}
        self.frontier: Key | None = None  # the highest key admitted so far
        self.closed = False
        self.stats: Counter[str] = Counter()
        self._pending: list[tuple[Key, int, Entry]] = []  # heap of entries not yet admitted
        self._n = 0
        self._queues: dict[str, list[Entry]] = {}
        self._open: dict[tuple[str, str, str], Entry] = {}  # (kind, account, tx id) -> entry not done
        self._orphans: dict[tuple[str, str], Entry] = {}  # beneficiary records before their placeholder
        self._done: OrderedDict[tuple[str, str, str], None] = OrderedDict()
        self._runnable: deque[str] = deque()
        self._waiting: dict[str, float] = {}  # accounts whose head waits for its beneficiary record

    # -- input ------------------------------------------------------------------------------------

    def low(self) -> Key | None:
        """The lowest watermark over all sources; None until every source has reported."""
        if len(self.marks) < self.sources:
            return None
        return min(self.marks.values())

    def mark(self, source: int, key: Key) -> None:
        """Source ``source`` has forwarded everything up to ``key`` (or is ``IDLE``)."""
        self.marks[source] = key
        self._admit()

    def add(self, kind: str, account: str, key: Key, tx_id: str, record: Any, token: Any,
            source: int | None = None) -> bool:
        """An ``out`` entry or an ``in`` placeholder from stage 1. False: already done here
        (a redelivery); the caller acknowledges ``token`` at once."""
        ident = (kind, account, tx_id)
        if ident in self._done:
            return False
        entry = self._open.get(ident)
        if entry is not None:  # a second copy (a rewind, or stage 1 redelivered it)
            entry.tokens.append(token)
            if source is not None:
                self.mark(source, key)
            return True
        entry = Entry(kind, account, key, tx_id, record if kind == OUT else None, [token], self.clock())
        if kind == IN:
            orphan = self._orphans.pop((account, tx_id), None)
            if orphan is not None:
                entry.record = orphan.record
                entry.tokens.extend(orphan.tokens)
        self._open[ident] = entry
        self._n += 1
        heapq.heappush(self._pending, (key, self._n, entry))
        if source is not None:
            self.marks[source] = key  # records from one source come in key order
        self._admit()
        return True

    def arrive(self, account: str, tx_id: str, record: Any, token: Any, applied: bool = False) -> str:
        """The beneficiary record of a payment. Returns:

        - ``"matched"``: its placeholder is here; it runs from the account's queue;
        - ``"duplicate"``: already done here; acknowledge ``token``;
        - ``"now"``: no placeholder will come (``applied``: the account's state already holds this
          inflow, so its placeholder was committed before a restart); run it at once;
        - ``"waiting"``: held until its placeholder comes (or ``timeout``).
        """
        ident = (IN, account, tx_id)
        if ident in self._done:
            return "duplicate"
        entry = self._open.get(ident)
        if entry is not None:
            if entry.record is None:
                entry.record = record
                queue = self._queues.get(account)
                if queue and queue[0] is entry:
                    self._waiting.pop(account, None)
                    self._push(account)
            entry.tokens.append(token)
            return "matched"
        orphan = self._orphans.get((account, tx_id))
        if orphan is not None:
            orphan.tokens.append(token)
            return "waiting"
        if applied:
            return "now"
        self._orphans[(account, tx_id)] = Entry(IN, account, IDLE, tx_id, record, [token], self.clock())
        return "waiting"

    # -- output -----------------------------------------------------------------------------------

    def pop(self) -> Entry | None:
        """The next entry to run, or None. Run it to the end before the next ``pop``."""
        while self._runnable and not self.closed:
            account = self._runnable.popleft()
            queue = self._queues.get(account)
            if not queue:
                continue
            head = queue[0]
            if not _ready(head):
                continue
            queue.pop(0)
            if queue:
                self._head_changed(account, queue[0])
            else:
                del self._queues[account]
            return self._finish(head)
        return None

    def expire(self) -> list[Entry]:
        """Let entries that waited ``timeout`` seconds go ahead; returns beneficiary records
        whose placeholder never came, to run at once."""
        now = self.clock()
        limit = now - self.timeout
        while self._pending and self._pending[0][2].since <= limit:
            _, _, entry = heapq.heappop(self._pending)
            entry.forced = "watermark"
            self.stats["forced_watermark"] += 1
            self._enqueue(entry)
        for account, since in list(self._waiting.items()):
            if since <= limit:
                del self._waiting[account]
                head = self._queues[account][0]
                head.forced, head.gave_up = "no beneficiary record", True
                self.stats["forced_placeholder"] += 1
                self._push(account)
        lone: list[Entry] = []
        for ident, orphan in list(self._orphans.items()):
            if orphan.since <= limit:
                del self._orphans[ident]
                orphan.forced = "no placeholder"
                self.stats["forced_orphan"] += 1
                lone.append(orphan)
        return lone

    def close(self) -> list[Any]:
        """Stop (the partition was revoked); returns the tokens of every entry still held."""
        self.closed = True
        tokens = [t for e in self._open.values() for t in e.tokens]
        tokens.extend(t for e in self._orphans.values() for t in e.tokens)
        self._open.clear()
        self._orphans.clear()
        self._queues.clear()
        self._pending.clear()
        self._runnable.clear()
        return tokens

    def __len__(self) -> int:
        """Entries and orphan records held."""
        return len(self._open) + len(self._orphans)

    # -- inside -----------------------------------------------------------------------------------

    def _admit(self) -> None:
        low = self.low()
        if low is None:
            return
        while self._pending and self._pending[0][0] <= low:
            _, _, entry = heapq.heappop(self._pending)
            self._enqueue(entry)

    def _enqueue(self, entry: Entry) -> None:
        entry.since = self.clock()
        if self.frontier is not None and entry.key < self.frontier:
            self.stats["late"] += 1  # a source went back (a rebalance re-read it) or was idle
        else:
            self.frontier = entry.key
        queue = self._queues.setdefault(entry.account, [])
        i = len(queue)
        while i > 0 and queue[i - 1].key > entry.key:
            i -= 1
        queue.insert(i, entry)
        if i == 0:
            self._head_changed(entry.account, entry)

    def _head_changed(self, account: str, head: Entry) -> None:
        if not _ready(head):
            self._waiting[account] = self.clock()
        else:
            self._waiting.pop(account, None)
            self._push(account)

    def _push(self, account: str) -> None:
        self._runnable.append(account)

    def _finish(self, entry: Entry) -> Entry:
        ident = (entry.kind, entry.account, entry.tx_id)
        self._open.pop(ident, None)
        self._done[ident] = None
        if len(self._done) > self.remember:
            self._done.popitem(last=False)
        self.stats[entry.kind] += 1
        return entry


def _ready(entry: Entry) -> bool:
    return entry.kind == OUT or entry.record is not None or entry.gave_up


@dataclass
class _Source:
    key: Key | None = None
    last: float = 0.0
    sent: Key | None = None
    sent_at: float = -1e18


class SourceClock:
    """Stage 1's record of its input partitions, for the watermarks it sends downstream.

    A source's watermark is the key of the last payment forwarded from it. It is ``IDLE`` when no
    record has come for ``idle_after`` seconds while it was being read and the partition has
    nothing left to read.
    """

    def __init__(self, idle_after: float, heartbeat: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_after = idle_after
        self.heartbeat = heartbeat
        self.clock = clock
        self._sources: dict[int, _Source] = {}

    def assigned(self, sources: set[int]) -> None:
        now = self.clock()
        for s in list(self._sources):
            if s not in sources:
                del self._sources[s]
        for s in sources:
            self._sources.setdefault(s, _Source(last=now))

    def consumed(self, source: int, key: Key | None = None) -> None:
        """A record was handled (``key``: forwarded; None: a dead letter)."""
        src = self._sources.setdefault(source, _Source())
        src.last = self.clock()
        if key is not None:
            src.key = key

    def unread(self, sources: set[int]) -> None:
        """``sources`` are not being read now (a rebalance or a stop under way, or a partition
        not yet sought to its committed offset): their quiet time starts again. Their high
        watermark is stale then, so "nothing left to read" cannot be told, and their records may
        yet come from another worker, re-read from the committed offset."""
        now = self.clock()
        for s in sources:
            src = self._sources.get(s)
            if src is not None:
                src.last = now

    def quiet(self) -> set[int]:
        """Sources with no record for ``idle_after`` seconds: only these can be idle."""
        now = self.clock()
        return {s for s, src in self._sources.items() if now - src.last >= self.idle_after}

    def due(self, caught_up: set[int]) -> list[tuple[int, Key]]:
        """Watermarks to send now: changed ones, and all of them once a ``heartbeat``.

        ``caught_up``: the sources whose partition has nothing left to read.
        """
        now = self.clock()
        out: list[tuple[int, Key]] = []
        for s, src in sorted(self._sources.items()):
            mark = src.key
            if now - src.last >= self.idle_after and s in caught_up:
                mark = IDLE
            if mark is None:
                continue
            if mark != src.sent or now - src.sent_at >= self.heartbeat:
                src.sent, src.sent_at = mark, now
                out.append((s, mark))
        return out
