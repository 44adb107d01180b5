"""Graph blocks over the flows seen in a window, kept one account at a time.

The engine may touch only the two accounts of the transaction, each on its own
side (see README "State keys"). So graph facts travel with the money: the
originator's side reads the originator's record and passes what it knows in
the *carry* (a small JSON dict) to the beneficiary's side.

``closeness``: each account record keeps two tracks, the nearest listed seed
(``l``) and the nearest alerted seed (``a``), each ``[hops, since_ts, via,
seed]``. An account is a listed seed (0 hops) when the watchlist matched it
(``listed_min_score``), an alerted seed when a non-graph rule with score >=
``seed_min_score`` fired with it as subject. Only payments that pass ``where``
are links (the library keeps person-to-person style transfers, so shops,
employers and utilities do not become hubs). Distances flow with the money,
originator to beneficiary (hops + 1); against the flow only direct payment to
a listed party counts (1 hop), because the originator's side cannot read the
beneficiary's record. Entries expire after ``window``; only distances up to
``max_hops`` are kept. Measures, from distances known *before* this payment:
``listed_hops`` and ``alerted_hops`` (the payer's distance to each kind of
seed; ``alerted_hops`` is also 0 when the payee is an alerted account),
``originator_hops``, ``beneficiary_hops`` and ``hops`` (the smallest).
A payer that is itself listed is left to the name screening.

``round_trip``: each record holds up to ``max_origins`` upstream origins
``[origin, hops, start_ts]`` whose money reached the account within
``window``. A payment to an account that is itself upstream of the payer
closes a cycle of at least ``min_length`` edges. Measures: ``cycle_length``
(edges, e.g. 3 for A->B->C->A) and ``cycle_hours``.
"""

from __future__ import annotations

from typing import Any

from rules.blocks.base import format_duration
from rules.blocks.window import Feature
from rules.fields import TxView, party_id

CLOSENESS_MEASURES = frozenset({"hops", "listed_hops", "alerted_hops", "originator_hops", "beneficiary_hops"})
ROUND_TRIP_MEASURES = frozenset({"cycle_length", "cycle_hours"})


def _listed(ctx: Any, role: str, min_score: float) -> str | None:
    """'listed:<list>/<entry>' when the watchlist matched this role well enough."""
    best = None
    for m in (getattr(ctx, "watchlist_hits", None) or {}).get(role, ()):
        if m.score >= min_score and (best is None or m.score > best.score):
            best = m
    return f"listed:{best.list_id}/{best.entry_id}" if best is not None else None


class ClosenessFeature(Feature):
    """Two tracks per account: ``l`` (nearest listed seed) and ``a`` (nearest alerted seed)."""

    kind = "closeness"
    measures = CLOSENESS_MEASURES
    uses_carry = True

    def __init__(self, rule_id: str, name: str, window: int, max_hops: int, listed_min_score: float,
                 seed_min_score: float | None, where: Any = None, where_text: Any = None) -> None:
        super().__init__(rule_id, name, window)
        self.max_hops = max_hops
        self.listed_min_score = listed_min_score
        self.seed_min_score = seed_min_score
        self.where = where
        self.where_text = where_text
        self._nothing: dict[str, Any] = {**{m: None for m in CLOSENESS_MEASURES}, "window": self.window_text}

    def _edge(self, view: TxView) -> bool:
        return self.where is None or self.where(view)

    def _load(self, rec: dict | None, now: int) -> tuple[dict, bool]:
        """The live tracks of a record, and whether expired ones were dropped."""
        value = (rec or {}).get(self.key)
        if not value:
            return {}, False
        live = {t: e for t, e in value.items() if now - e[1] <= self.window}
        if rec is not None and len(live) != len(value):
            if live:
                rec[self.key] = live
            else:
                del rec[self.key]
            return live, True
        return live, False

    def _offer(self, rec: dict | None, tracks: dict, track: str, candidate: list) -> bool:
        """Keep the nearer distance per track; at equal distance refresh the time."""
        entry = tracks.get(track)
        if entry is None or candidate[0] < entry[0] or (candidate[0] == entry[0] and candidate[1] > entry[1]):
            tracks[track] = candidate
            if rec is not None:
                rec[self.key] = dict(tracks)
            return True
        return False

    def prune(self, rec: dict, now: int) -> bool:
        return self._load(rec, now)[1]

    def record_originator(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        now, tx = view.ts, view.tx
        tracks, changed = self._load(rec, now)
        prior = {t: list(e) for t, e in tracks.items()}
        edge = self._edge(view)
        why = _listed(ctx, "originator", self.listed_min_score)
        if why:
            changed |= self._offer(rec, tracks, "l", [0, now, party_id(tx.originator), why])
        why = _listed(ctx, "beneficiary", self.listed_min_score) if edge else None
        if why:
            changed |= self._offer(rec, tracks, "l", [1, now, party_id(tx.beneficiary), why])
        carry[self.key] = {"prior": prior, "now": {t: list(e) for t, e in tracks.items()}, "edge": edge}
        return changed

    def record_beneficiary(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        now, tx = view.ts, view.tx
        tracks, changed = self._load(rec, now)
        info = carry.setdefault(self.key, {"prior": {}, "now": {}, "edge": self._edge(view)})
        info["bprior"] = {t: list(e) for t, e in tracks.items()}
        why = _listed(ctx, "beneficiary", self.listed_min_score)
        if why:
            changed |= self._offer(rec, tracks, "l", [0, now, party_id(tx.beneficiary), why])
        if info.get("edge"):
            payer = party_id(tx.originator)
            for track, upstream in (info.get("now") or {}).items():
                if upstream[0] + 1 <= self.max_hops:
                    changed |= self._offer(rec, tracks, track, [upstream[0] + 1, now, payer, upstream[3]])
        return changed

    def after(self, side: str, view: TxView, rec: dict | None, carry: dict, hits: list) -> bool:
        """Mark this side's account as alerted when another rule scored high enough on it."""
        if self.seed_min_score is None or rec is None:
            return False
        seed = next((h for h in hits if h.score >= self.seed_min_score), None)
        if seed is None:
            return False
        party = view.tx.originator if side == "originator" else view.tx.beneficiary
        tracks, _ = self._load(rec, view.ts)
        changed = self._offer(rec, tracks, "a", [0, view.ts, party_id(party), f"alerted:{seed.rule_id}"])
        if side == "originator":
            info = carry.setdefault(self.key, {"prior": {}, "edge": self._edge(view)})
            info["now"] = {t: list(e) for t, e in tracks.items()}
        return changed

    def measure(self, view: TxView, rec: dict | None, carry: dict) -> dict[str, Any]:
        info = carry.get(self.key) or {}
        prior, b_alerted = info.get("prior"), (info.get("bprior") or {}).get("a")
        if not info.get("edge") or (not prior and b_alerted is None):
            return self._nothing  # shared, never changed: no condition can hold on it
        out: dict[str, Any] = dict(self._nothing)
        b_id = party_id(view.tx.beneficiary)
        found: dict[str, tuple[int, str, list]] = {}  # track -> (hops, role, entry)
        for track, entry in (prior or {}).items():
            # The payer's distance counts up to max_hops, unless it comes from this same payee or the
            # payer is itself listed (the name screening reports that on this payment).
            if entry[0] <= self.max_hops and entry[2] != b_id and not (track == "l" and entry[0] == 0):
                found[track] = (entry[0], "originator", entry)
        if b_alerted is not None and b_alerted[0] == 0:
            found["a"] = (0, "beneficiary", b_alerted)  # paying an alerted account
        if not found:
            return out
        for track, name in (("l", "listed_hops"), ("a", "alerted_hops")):
            if track in found:
                out[name] = found[track][0]
        roles = {role: hops for hops, role, _ in found.values()}
        out["originator_hops"] = roles.get("originator")
        out["beneficiary_hops"] = roles.get("beneficiary")
        out["hops"] = min(h for h, _, _ in found.values())
        out["paths"] = [{"party": role, "hops": hops, "via": entry[2], "seed": entry[3], "since_ts": entry[1]}
                        for hops, role, entry in sorted(found.values(), key=lambda x: x[0])]
        return out

    def describe(self) -> dict[str, Any]:
        return {"type": "closeness", "window": self.window_text, "max_hops": self.max_hops,
                "listed_min_score": self.listed_min_score, "seed_min_score": self.seed_min_score,
                "where": self.where_text}


class RoundTripFeature(Feature):
    kind = "round_trip"
    measures = ROUND_TRIP_MEASURES
    uses_carry = True

    def __init__(self, rule_id: str, name: str, window: int, max_hops: int, max_origins: int,
                 min_length: int = 3, where: Any = None) -> None:
        super().__init__(rule_id, name, window)
        self.max_hops = max_hops
        self.min_length = min_length
        self.max_origins = max_origins
        self.where = where

    def _load(self, rec: dict | None, now: int) -> list[list]:
        entries = (rec or {}).get(self.key) or []
        return [e for e in entries if now - e[2] <= self.window]

    def record_originator(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        if self.where is not None and not self.where(view):
            return False
        entries = (rec or {}).get(self.key)
        live = self._load(rec, view.ts)
        carry[self.key] = {"up": live}
        if entries is not None and len(live) != len(entries):
            if live:
                rec[self.key] = live  # type: ignore[index]
            else:
                del rec[self.key]  # type: ignore[union-attr]
            return True
        return False

    def record_beneficiary(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> bool:
        info = carry.get(self.key)
        if info is None or rec is None:
            return False
        now, tx = view.ts, view.tx
        me, payer = party_id(tx.beneficiary), party_id(tx.originator)
        if me == payer:
            return False
        best: dict[str, list] = {e[0]: e for e in self._load(rec, now)}
        for origin, hops, start in info.get("up", ()):
            if origin == me:
                if hops + 1 < self.min_length:
                    continue
                if info.get("cycle") is None or hops + 1 < info["cycle"][0]:
                    info["cycle"] = [hops + 1, start]
                continue
            if hops + 1 <= self.max_hops:
                _merge(best, [origin, hops + 1, start])
        _merge(best, [payer, 1, now])
        kept = sorted(best.values(), key=lambda e: e[2])[-self.max_origins:]
        rec[self.key] = kept
        return True

    def measure(self, view: TxView, rec: dict | None, carry: dict) -> dict[str, Any]:
        cycle = (carry.get(self.key) or {}).get("cycle")
        if cycle is None:
            return {"cycle_length": None, "cycle_hours": None, "graph": True}
        return {"cycle_length": cycle[0], "cycle_hours": round((view.ts - cycle[1]) / 3600, 2),
                "window": self.window_text, "graph": True}

    def prune(self, rec: dict, now: int) -> bool:
        entries = rec.get(self.key)
        if entries is None:
            return False
        live = [e for e in entries if now - e[2] <= self.window]
        if len(live) == len(entries):
            return False
        if live:
            rec[self.key] = live
        else:
            del rec[self.key]
        return True

    def describe(self) -> dict[str, Any]:
        return {"type": "round_trip", "window": format_duration(self.window), "max_hops": self.max_hops,
                "min_length": self.min_length, "max_origins": self.max_origins}


def _merge(best: dict[str, list], entry: list) -> None:
    """Keep, per origin, the fewest hops; at equal hops the later start."""
    old = best.get(entry[0])
    if old is None or entry[1] < old[1] or (entry[1] == old[1] and entry[2] > old[2]):
        best[entry[0]] = entry
