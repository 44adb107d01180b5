"""Event-time order in the rules stage (streams/ordering.py), without a broker."""

from __future__ import annotations

from streams.ordering import IDLE, IN, OUT, Sequencer, SourceClock


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def drain(seq: Sequencer) -> list[tuple[str, str, str]]:
    out = []
    while (e := seq.pop()) is not None:
        out.append((e.kind, e.account, e.tx_id))
    return out


def test_nothing_is_admitted_until_every_source_has_reported():
    seq = Sequencer(sources=2, timeout=60, clock=Clock())
    assert seq.add(OUT, "A", (10, "t1"), "t1", "pay1", "tok1", source=0)
    assert drain(seq) == []  # source 1 could still send something earlier
    seq.mark(1, (5, "x"))
    assert drain(seq) == []  # source 1 is only at 5
    seq.mark(1, (20, "y"))
    assert drain(seq) == [(OUT, "A", "t1")]


def test_an_earlier_inflow_runs_before_a_later_outflow_of_the_same_account():
    """The case the ordering exists for: A's outflow (key 20) reaches A's partition before A's
    inflow (key 10) has come back from the originator's side."""
    seq = Sequencer(sources=1, timeout=60, clock=Clock())
    seq.add(IN, "A", (10, "t1"), "t1", None, "placeholder", source=0)
    seq.add(OUT, "A", (20, "t2"), "t2", "pay2", "tok2", source=0)
    seq.mark(0, IDLE)
    assert drain(seq) == []  # A's head waits for the beneficiary record of t1
    assert seq.arrive("A", "t1", "bene1", "tok1b") == "matched"
    assert drain(seq) == [(IN, "A", "t1"), (OUT, "A", "t2")]


def test_accounts_do_not_wait_for_each_other():
    seq = Sequencer(sources=1, timeout=60, clock=Clock())
    seq.add(IN, "A", (10, "t1"), "t1", None, "p", source=0)
    seq.add(OUT, "B", (20, "t2"), "t2", "pay2", "tok", source=0)
    seq.mark(0, IDLE)
    assert drain(seq) == [(OUT, "B", "t2")]


def test_entries_join_their_queue_in_key_order_whatever_the_arrival_order():
    seq = Sequencer(sources=2, timeout=60, clock=Clock())
    seq.add(OUT, "A", (30, "t3"), "t3", "p3", "k3", source=0)
    seq.add(OUT, "A", (10, "t1"), "t1", "p1", "k1", source=1)
    seq.add(OUT, "A", (20, "t2"), "t2", "p2", "k2", source=1)
    seq.mark(0, IDLE)
    seq.mark(1, IDLE)
    assert [t for _, _, t in drain(seq)] == ["t1", "t2", "t3"]


def test_a_beneficiary_record_before_its_placeholder_waits_for_it():
    seq = Sequencer(sources=1, timeout=60, clock=Clock())
    assert seq.arrive("A", "t1", "bene1", "tb") == "waiting"
    seq.add(IN, "A", (10, "t1"), "t1", None, "p", source=0)
    seq.mark(0, IDLE)
    entry = seq.pop()
    assert (entry.kind, entry.record, entry.tokens) == (IN, "bene1", ["p", "tb"])


def test_redeliveries_share_one_entry_and_done_ones_are_reported():
    seq = Sequencer(sources=1, timeout=60, clock=Clock())
    seq.add(OUT, "A", (10, "t1"), "t1", "p1", "first", source=0)
    seq.add(OUT, "A", (10, "t1"), "t1", "p1", "second", source=0)
    seq.mark(0, IDLE)
    entry = seq.pop()
    assert entry.tokens == ["first", "second"] and seq.pop() is None
    assert not seq.add(OUT, "A", (10, "t1"), "t1", "p1", "third", source=0)  # already done: ack it
    seq.add(IN, "B", (10, "t1"), "t1", None, "ph", source=0)
    seq.arrive("B", "t1", "bene", "tb")
    seq.pop()
    assert seq.arrive("B", "t1", "bene", "again") == "duplicate"


def test_a_beneficiary_record_whose_inflow_is_already_in_the_state_runs_at_once():
    seq = Sequencer(sources=1, timeout=60, clock=Clock())
    assert seq.arrive("A", "t1", "bene", "tb", applied=True) == "now"
    assert len(seq) == 0


def test_timeouts_let_waiting_entries_go_ahead_and_count_them():
    clock = Clock()
    seq = Sequencer(sources=2, timeout=60, clock=clock)
    seq.add(OUT, "A", (10, "t1"), "t1", "p1", "k1", source=0)  # source 1 never reports
    seq.add(IN, "B", (5, "t0"), "t0", None, "ph", source=0)
    seq.arrive("C", "t9", "orphan", "to")
    clock.t = 59
    assert seq.expire() == [] and drain(seq) == []
    clock.t = 61
    lone = seq.expire()
    assert [e.tx_id for e in lone] == ["t9"] and lone[0].forced == "no placeholder"
    assert drain(seq) == [(OUT, "A", "t1")]  # B's placeholder was admitted only now
    clock.t = 122
    seq.expire()
    entry = seq.pop()
    assert (entry.tx_id, entry.record, entry.forced) == ("t0", None, "no beneficiary record")
    assert seq.stats["forced_watermark"] == 2 and seq.stats["forced_orphan"] == 1


def test_an_entry_behind_the_frontier_is_counted_late_and_still_runs():
    seq = Sequencer(sources=1, timeout=60, clock=Clock())
    seq.add(OUT, "A", (20, "t2"), "t2", "p2", "k2", source=0)
    assert drain(seq) == [(OUT, "A", "t2")]
    seq.add(OUT, "A", (10, "t1"), "t1", "p1", "k1", source=0)  # the source went back (a rewind)
    assert drain(seq) == [(OUT, "A", "t1")] and seq.stats["late"] == 1


def test_close_returns_every_held_token_and_stops():
    seq = Sequencer(sources=2, timeout=60, clock=Clock())
    seq.add(OUT, "A", (10, "t1"), "t1", "p1", "k1", source=0)
    seq.arrive("B", "t2", "bene", "tb")
    assert sorted(seq.close()) == ["k1", "tb"]
    seq.mark(1, IDLE)
    assert seq.pop() is None


def test_source_clock_sends_changes_heartbeats_and_idle():
    clock = Clock()
    src = SourceClock(idle_after=1.0, heartbeat=5.0, clock=clock)
    src.assigned({0, 1})
    src.consumed(0, (100, "a"))
    assert src.due(set()) == [(0, (100, "a"))]  # 1 has forwarded nothing yet
    assert src.due(set()) == []
    clock.t = 2.0
    assert src.due({1}) == [(1, IDLE)]  # 0 still has records to read
    assert src.due({0, 1}) == [(0, IDLE)]
    clock.t = 8.0
    assert sorted(src.due({0, 1})) == [(0, IDLE), (1, IDLE)]  # heartbeat
    src.assigned({1})
    clock.t = 20.0
    assert src.due({0, 1}) == [(1, IDLE)]
