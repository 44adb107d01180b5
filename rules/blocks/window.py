"""Per-account sliding windows and in-then-out sequences.

State lives in the account's record (see ``rules/README.md``, "State keys")
as lists of events ``[ts, amount_eur, counterparty, country, id_hash]``,
oldest first, each list under ``"<rule id>.<feature>"`` (a sequence keeps two
lists, with ``">in"`` and ``">out"`` appended). An event is recorded on the
account whose flow it is: ``flow: out`` on the originator's record while the
originator's side is evaluated, ``flow: in`` on the beneficiary's record on
the beneficiary's side. Lists are pruned to their window and capped at
``max_events`` (oldest dropped) on every write. ``id_hash`` (CRC-32 of the
transaction id) makes recording idempotent: a redelivered payment is not
counted twice.

Window measures: ``count sum max min mean distinct_counterparties
distinct_countries max_per_counterparty span_hours same_counterparty``, where
``same_counterparty`` counts the events with this payment's counterparty (1
means a new counterparty when the payment itself is in the window).

Sequence measures (evaluated at an outflow): ``in_count in_sum in_distinct
out_count out_sum share hours_since_first_in hours_since_last_in``, where
``share`` = out_sum / in_sum is the share of inflow forwarded.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Any

from rules.blocks.base import format_duration
from rules.blocks.predicate import Pred
from rules.fields import TxView, party_id

Event = list  # [ts, amount_eur, counterparty, country, id_hash]
WINDOW_MEASURES = frozenset({
    "count", "sum", "max", "min", "mean", "distinct_counterparties", "distinct_countries",
    "max_per_counterparty", "span_hours", "same_counterparty",
})
SEQUENCE_MEASURES = frozenset({
    "in_count", "in_sum", "in_distinct", "out_count", "out_sum", "share",
    "hours_since_first_in", "hours_since_last_in",
})
EVIDENCE_LIST = 10  # counterparties listed in evidence, at most


def make_event(view: TxView, flow: str, country_field: Any = None) -> Event:
    tx = view.tx
    other = tx.beneficiary if flow == "out" else tx.originator
    country = country_field(view) if country_field is not None else other.country
    amount = view.amount_eur if view.amount_eur is not None else view.amount
    return [view.ts, amount, party_id(other), country, view.id_hash]


def add_event(events: list[Event], event: Event, window: int, cap: int) -> bool:
    """Insert in time order, prune to the window before the newest event, cap.

    False (nothing changed) when the event is too old or already recorded (same time and id hash).
    """
    ts = event[0]
    newest = events[-1][0] if events else ts
    if ts < newest - window:
        return False
    i = bisect_right(events, ts, key=lambda e: e[0])
    j = i
    while j > 0 and events[j - 1][0] == ts:
        j -= 1
        if events[j][-1] == event[-1]:
            return False  # a redelivery
    if i == len(events):
        events.append(event)
    else:
        events.insert(i, event)
    prune_events(events, max(newest, ts) - window)
    if len(events) > cap:
        del events[: len(events) - cap]
    return True


def _append(rec: dict, key: str, event: Event, window: int, cap: int) -> bool:
    events = rec.get(key)
    if events is None:
        rec[key] = [event]
        return True
    return add_event(events, event, window, cap)


def prune_events(events: list[Event], oldest: int) -> bool:
    """Drop events before ``oldest``; True if any were dropped."""
    if events and events[0][0] < oldest:
        del events[: bisect_left(events, oldest, key=lambda e: e[0])]
        return True
    return False


def in_range(events: list[Event], start: int, end: int) -> list[Event]:
    lo = bisect_left(events, start, key=lambda e: e[0])
    out = events[lo:]
    if out and out[-1][0] > end:
        out = [e for e in out if e[0] <= end]
    return out


def _first_distinct(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v is not None))[:EVIDENCE_LIST]


def window_figures(events: list[Event], counterparty: str | None = None) -> dict[str, Any]:
    n = len(events)
    if not n:
        return {"count": 0, "sum": 0.0, "max": None, "min": None, "mean": None, "distinct_counterparties": 0,
                "distinct_countries": 0, "max_per_counterparty": 0, "span_hours": 0.0, "same_counterparty": 0}
    amounts = [e[1] for e in events]
    per_cp = Counter(e[2] for e in events)
    countries = {e[3] for e in events if e[3]}
    total = round(sum(amounts), 2)
    return {
        "count": n,
        "sum": total,
        "max": max(amounts),
        "min": min(amounts),
        "mean": round(total / n, 2),
        "distinct_counterparties": len(per_cp),
        "distinct_countries": len(countries),
        "max_per_counterparty": max(per_cp.values()),
        "span_hours": round((events[-1][0] - events[0][0]) / 3600, 2),
        "same_counterparty": per_cp.get(counterparty, 0),
        "counterparties": _first_distinct([e[2] for e in events]),
        "countries": sorted(countries),
    }


class Feature(ABC):
    """Base of every stateful block. ``key`` is its prefix inside an account record.

    Each kind (window, sequence, closeness, round trip) says what it measures in ``measure``."""

    kind = ""
    measures: frozenset[str] = frozenset()
    uses_carry = False
    sides: tuple[str, ...] = ("originator", "beneficiary")  # sides whose hook does something

    def __init__(self, rule_id: str, name: str, window: int) -> None:
        self.rule_id = rule_id
        self.name = name
        self.key = f"{rule_id}.{name}"
        self.window = window
        self.window_text = format_duration(window)

    # Hooks; each returns True when it changed the record.
    def record_originator(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        return False

    def record_beneficiary(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        return False

    def after(self, side: str, view: TxView, rec: dict | None, carry: dict, hits: list) -> bool:
        return False

    @abstractmethod
    def measure(self, view: TxView, rec: dict | None, carry: dict) -> dict[str, Any]:
        """The figures a rule's condition reads for this payment."""

    def prune(self, rec: dict, now: int) -> bool:
        """Drop what is older than the window; True if the record changed."""
        changed = False
        for key in [k for k in rec if k == self.key or k.startswith(self.key + ">")]:
            value = rec[key]
            if isinstance(value, list) and value and isinstance(value[0], list):
                changed |= prune_events(value, now - self.window)
                if not value:
                    del rec[key]
                    changed = True
        return changed

    def describe(self) -> dict[str, Any]:
        return {"type": self.kind, "window": self.window_text}


class WindowFeature(Feature):
    kind = "window"
    measures = WINDOW_MEASURES

    def __init__(self, rule_id: str, name: str, window: int, flow: str, where: Pred, cap: int,
                 country_field: Any = None, where_text: Any = None) -> None:
        super().__init__(rule_id, name, window)
        self.flow, self.where, self.cap = flow, where, cap
        self.sides = ("originator",) if flow == "out" else ("beneficiary",)
        self.country_field = country_field
        self.where_text = where_text

    def _record(self, view: TxView, rec: dict | None) -> bool:
        if rec is None or not self.where(view):
            return False
        return _append(rec, self.key, make_event(view, self.flow, self.country_field), self.window, self.cap)

    def record_originator(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        return self.flow == "out" and self._record(view, rec)

    def record_beneficiary(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        return self.flow == "in" and self._record(view, rec)

    def measure(self, view: TxView, rec: dict | None, carry: dict) -> dict[str, Any]:
        events = in_range((rec or {}).get(self.key) or [], view.ts - self.window, view.ts)
        other = view.tx.beneficiary if self.flow == "out" else view.tx.originator
        figures = window_figures(events, party_id(other))
        figures["window"] = self.window_text
        figures["flow"] = self.flow
        return figures

    def describe(self) -> dict[str, Any]:
        return {"type": "window", "flow": self.flow, "window": self.window_text, "where": self.where_text}


class SequenceFeature(Feature):
    """Inflows within ``in_window`` before now, then outflows within ``out_window``."""

    kind = "sequence"
    measures = SEQUENCE_MEASURES

    def __init__(self, rule_id: str, name: str, in_window: int, in_where: Pred, out_window: int,
                 out_where: Pred, cap: int, in_text: Any = None, out_text: Any = None) -> None:
        super().__init__(rule_id, name, max(in_window, out_window))
        self.in_window, self.out_window = in_window, out_window
        self.in_where, self.out_where, self.cap = in_where, out_where, cap
        self.in_key, self.out_key = self.key + ">in", self.key + ">out"
        self.in_text, self.out_text = in_text, out_text

    def record_originator(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        if rec is None or not self.out_where(view):
            return False
        return _append(rec, self.out_key, make_event(view, "out"), self.out_window, self.cap)

    def record_beneficiary(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        if rec is None or not self.in_where(view):
            return False
        return _append(rec, self.in_key, make_event(view, "in"), self.in_window, self.cap)

    def prune(self, rec: dict, now: int) -> bool:
        changed = False
        for key, window in ((self.in_key, self.in_window), (self.out_key, self.out_window)):
            events = rec.get(key)
            if events is not None:
                changed |= prune_events(events, now - window)
                if not events:
                    del rec[key]
                    changed = True
        return changed

    def measure(self, view: TxView, rec: dict | None, carry: dict) -> dict[str, Any]:
        rec = rec or {}
        now = view.ts
        ins = in_range(rec.get(self.in_key) or [], now - self.in_window, now)
        out: dict[str, Any] = {"in_window": format_duration(self.in_window),
                               "out_window": format_duration(self.out_window)}
        if not ins:
            out.update(in_count=0, in_sum=0.0, in_distinct=0, out_count=0, out_sum=0.0, share=None,
                       hours_since_first_in=None, hours_since_last_in=None)
            return out
        first_in = ins[0][0]
        outs = in_range(rec.get(self.out_key) or [], max(now - self.out_window, first_in), now)
        in_sum = round(sum(e[1] for e in ins), 2)
        out_sum = round(sum(e[1] for e in outs), 2)
        out.update(
            in_count=len(ins),
            in_sum=in_sum,
            in_distinct=len({e[2] for e in ins}),
            out_count=len(outs),
            out_sum=out_sum,
            share=round(out_sum / in_sum, 4) if in_sum > 0 else None,
            hours_since_first_in=round((now - first_in) / 3600, 2),
            hours_since_last_in=round((now - ins[-1][0]) / 3600, 2),
            in_counterparties=_first_distinct([e[2] for e in ins]),
            out_counterparties=_first_distinct([e[2] for e in outs]),
            out_countries=sorted({e[3] for e in outs if e[3]}),
        )
        return out

    def describe(self) -> dict[str, Any]:
        return {"type": "sequence", "in": {"window": format_duration(self.in_window), "where": self.in_text},
                "out": {"window": format_duration(self.out_window), "where": self.out_text}}
