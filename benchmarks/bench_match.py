"""Name-matching benchmark: accuracy, cross-script recall, false alerts, speed.

Run: ``.venv/bin/python benchmarks/bench_match.py [--quick] [--curve]``
(``make bench-match``). Every figure printed is computed by this run from the
evaluation files under ``../shared/data`` (see ``shared/data/eval/PROVENANCE.md``);
nothing is cached or copied into the project.

Sections:
1. OpenSanctions name_bench pairs: precision, recall, F1 at the threshold,
   overall and by quality tier, next to the upstream logic-v2 scores for the
   same rows; every failing STRONG row is listed. ``--curve`` adds the
   precision/recall curve used to choose the default threshold.
2. UN closed world: the UN list alone, yente UN positives (untreated and
   treated): recall at the threshold and recall@5.
3. Cross-script recall of the Latin form from the native form.
4. False alerts per 1,000 negative names, all sample lists loaded together.
5. Speed and memory: queries per second on one core and peak memory against
   all sample lists and against a generated list of 1,000,000 entries.

Speed and memory figures come from child processes, so each peak is that
run's own.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from watchlists.loader import load_list  # noqa: E402
from watchlists.matcher import Matcher, NameQuery  # noqa: E402
from watchlists.model import Alias, DateOfBirth, ListEntry, ListVersion, ParsedList  # noqa: E402
from watchlists.normalize import fold_text  # noqa: E402
from watchlists.scorer import compare_names  # noqa: E402

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "data" / "eval"
NAMES = EVAL / "names"
NEGATIVES = EVAL / "false_positive"
LISTS = SHARED / "data" / "lists"

# One file per list and format; the OFAC consolidated list is loaded from its
# XML only (its CSV copy holds the same entries).
SAMPLE_LISTS = [
    "un/UN_consolidated_2026-02-27.xml",
    "ofac/sdn_csv_2021-07",
    "ofac/xml/CONSOLIDATED_2026-01-08.xml",
    "eu/eu_fsf_excerpt_2026-08-05.xml",
    "uk/UK-Sanctions-List_excerpt_2026-03-26.xml",
    "uk/ofsi_sanctionsconlist_2018-04-13.csv",
    "interpol/red_notices_list_2021-12-11.json",
    "opensanctions/interpol_red_notices.targets.simple.csv",
    "opensanctions/eu_fsf_sample.entities.ftm.json",
    "opensanctions/sanctions_sample.entities.delta.json",
]


def out(line: str = "") -> None:
    print(line, flush=True)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def version(list_id: str, count: int) -> ListVersion:
    return ListVersion(list_id=list_id, source="benchmark", format="generated", published=None,
                       content_hash="0" * 64, entry_count=count)


def parsed(list_id: str, entries: list[ListEntry]) -> ParsedList:
    return ParsedList(version=version(list_id, len(entries)), entries=tuple(entries))


def progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r  {label}: {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


# --- 1. name_bench ----------------------------------------------------------


def kind_of(schema: str) -> str:
    return "person" if schema == "Person" else "organization"


def section_name_bench(threshold: float, curve: bool) -> dict[str, float]:
    rows = read_csv(NAMES / "opensanctions_name_bench_cases.csv")
    scored = []
    for row in rows:
        result = compare_names(row["name1"], row["name2"], kind_of(row["schema"]))
        scored.append((result.score if result else 0.0, row["is_match"] == "true", row))

    def counts(items: Iterable, t: float) -> tuple[int, int, int]:
        tp = fp = fn = 0
        for score, truth, _row in items:
            if score >= t and truth:
                tp += 1
            elif score >= t:
                fp += 1
            elif truth:
                fn += 1
        return tp, fp, fn

    frozen = {
        (r["case_group"], r["schema"], r["name1"], r["name2"]): r
        for r in read_csv(NAMES / "opensanctions_name_bench_logicv2_frozen_scores.csv")
    }
    out(f"## 1. OpenSanctions name_bench ({len(rows)} labelled pairs), threshold {threshold:g}")
    out()
    out("| slice | rows | P | R | F1 | logic-v2 rows | logic-v2 P | logic-v2 R | logic-v2 F1 |")
    out("|---|---|---|---|---|---|---|---|---|")
    result: dict[str, float] = {}
    for tier in ("all", "STRONG", "MEDIUM", "WEAK"):
        items = [x for x in scored if tier == "all" or x[2]["quality"] == tier]
        p, r, f = prf(*counts(items, threshold))
        ref = [frozen.get((x[2]["case_group"], x[2]["schema"], x[2]["name1"], x[2]["name2"])) for x in items]
        ref = [x for x in ref if x]
        rtp = sum(1 for x in ref if x["outcome"] == "TP")
        rfp = sum(1 for x in ref if x["outcome"] == "FP")
        rfn = sum(1 for x in ref if x["outcome"] == "FN")
        rp, rr, rf = prf(rtp, rfp, rfn)
        out(f"| {tier} | {len(items)} | {p:.3f} | {r:.3f} | {f:.3f} | {len(ref)} | {rp:.3f} | {rr:.3f} | {rf:.3f} |")
        if tier == "all":
            result = {"precision": p, "recall": r, "f1": f}
    out()
    strong_fail = [x for x in scored if x[2]["quality"] == "STRONG" and (x[0] >= threshold) != x[1]]
    out(f"STRONG rows failing at {threshold:g}: {len(strong_fail)}")
    for score, truth, row in strong_fail:
        out(f"- {'missed' if truth else 'false hit'} {score:.1f}: {row['name1']!r} / {row['name2']!r}")
    result["strong_failures"] = len(strong_fail)
    # Calibration: mean score by tier and label (should fall monotonically).
    out()
    means = []
    for tier, label in (("STRONG", True), ("MEDIUM", True), ("WEAK", True), ("WEAK", False),
                        ("MEDIUM", False), ("STRONG", False)):
        vals = [s for s, t, r in scored if r["quality"] == tier and t == label]
        means.append(f"{tier.lower()}-{'match' if label else 'non-match'} {sum(vals) / max(1, len(vals)):.1f}")
    out("Mean score by tier (calibration): " + ", ".join(means))
    if curve:
        out()
        out("Precision/recall curve (all rows):")
        out()
        out("| threshold | P | R | F1 | TP | FP | FN | STRONG failures |")
        out("|---|---|---|---|---|---|---|---|")
        for t in range(70, 100, 2):
            c = counts(scored, t)
            p, r, f = prf(*c)
            sf = sum(1 for s, tr, row in scored if row["quality"] == "STRONG" and (s >= t) != tr)
            out(f"| {t} | {p:.3f} | {r:.3f} | {f:.3f} | {c[0]} | {c[1]} | {c[2]} | {sf} |")
    out()
    return result


# --- 2. UN closed world -----------------------------------------------------


def name_key(text: str) -> str:
    return " ".join(fold_text(text).split())


def un_query(row: dict[str, str]) -> NameQuery:
    return NameQuery(
        name=row["full_name"],
        kind="person",
        date_of_birth=row.get("date_of_birth") or None,
        nationality=row.get("nationality") or None,
    )


def section_un(threshold: float) -> dict[str, float]:
    un = load_list(LISTS / "un" / "UN_consolidated_2026-02-27.xml")
    matcher = Matcher([un], threshold=threshold)
    expected: dict[str, set[str]] = {}
    for entry in un.entries:
        for name, _quality in entry.all_names():
            expected.setdefault(name_key(name), set()).add(entry.entry_id)
    untreated = read_csv(NAMES / "yente_positives_un_untreated.csv")
    out(f"## 2. UN closed world (UN list only: {len(un.entries)} entries, {matcher.name_count} names)")
    out()
    excluded = [r["full_name"] for r in untreated if name_key(r["full_name"]) not in expected]
    out(f"Excluded: {len(excluded)} rows whose name is on no UN entry (delisted): {', '.join(excluded)}")
    out()
    out("| query set | rows | recall at threshold | recall@5 (any score) |")
    out("|---|---|---|---|")
    result = {}
    for label in ("untreated", "treated"):
        rows = read_csv(NAMES / f"yente_positives_un_{label}.csv")
        total = hits = hits5 = 0
        for base, row in zip(untreated, rows):
            ids = expected.get(name_key(base["full_name"]))
            if not ids:
                continue
            total += 1
            query = un_query(row)
            if any(m.entry_id in ids for m in matcher.match(query)):
                hits += 1
            if any(m.entry_id in ids for m in matcher.match(query, threshold=0.0, limit=5)):
                hits5 += 1
        out(f"| {label} | {total} | {hits / total:.4f} ({hits}/{total}) | {hits5 / total:.4f} ({hits5}/{total}) |")
        result[label] = hits / total
    out()
    return result


# --- 3. cross-script ----------------------------------------------------------


def closed_world_recall(pairs: list[tuple[str, str]], threshold: float, label: str) -> tuple[int, int]:
    """Index every distinct Latin form as a one-name entry; query each native form."""
    forms = sorted({latin for _native, latin in pairs})
    ids = {form: str(i) for i, form in enumerate(forms)}
    entries = [ListEntry(list_id="bench", entry_id=ids[f], kind="person", name=f) for f in forms]
    matcher = Matcher([parsed("bench", entries)], threshold=threshold)
    hits = 0
    for n, (native, latin) in enumerate(pairs):
        found = matcher.match(NameQuery(name=native), limit=10)
        if any(m.entry_id == ids[latin] for m in found):
            hits += 1
        if n % 500 == 0:
            progress(n, len(pairs), label)
    progress(len(pairs), len(pairs), label)
    return hits, len(pairs)


def read_watchman() -> list[tuple[str, str]]:
    pairs = []
    for line in (NAMES / "watchman_cross_script_pairs.csv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        native, latin = line.split(",")[:2]
        pairs.append((native.strip(), latin.strip()))
    return pairs


def read_tsv_pairs(path: Path, native_first: bool, joined: bool, limit: int | None) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        bits = line.split("\t")
        if len(bits) < 2:
            continue
        if native_first:
            native, latin = bits[0], bits[1]
        else:
            latin, native = bits[0], bits[1]
        if joined:
            native = native.replace(" ", "")
        if native.strip() and latin.strip():
            pairs.append((native.strip(), latin.strip()))
    if limit and len(pairs) > limit:
        pairs = random.Random(7).sample(pairs, limit)
    return pairs


def section_cross_script(threshold: float, quick: bool) -> dict[str, float]:
    out("## 3. Cross-script recall (Latin form found from the native form)")
    out()
    out("Each set is a closed world: every distinct Latin form is one entry; each native form is")
    out("screened and counts as found when its Latin form is among the matches at the threshold.")
    out()
    out("| set | pairs | recall |")
    out("|---|---|---|")
    result = {}
    limit = 2000 if quick else None
    sets = [
        ("watchman_cross_script_pairs", read_watchman()),
        ("google_transliteration_ar2en_test (Arabic)",
         read_tsv_pairs(NAMES / "google_transliteration_ar2en_test.tsv", True, False, limit)),
        ("netransliteration_wd_arabic_20",
         read_tsv_pairs(NAMES / "netransliteration_wd_arabic_20.tsv", False, True, limit)),
        ("netransliteration_wd_hebrew_20",
         read_tsv_pairs(NAMES / "netransliteration_wd_hebrew_20.tsv", False, True, limit)),
        ("netransliteration_wd_russian_20",
         read_tsv_pairs(NAMES / "netransliteration_wd_russian_20.tsv", False, True, limit)),
    ]
    for label, pairs in sets:
        hits, total = closed_world_recall(pairs, threshold, label)
        out(f"| {label} | {total} | {hits / total:.4f} ({hits}/{total}) |")
        result[label] = hits / total
    # Putin: 80 variants against one record with its Latin and Russian names.
    variants = [v.strip() for v in (NAMES / "opensanctions_putin_name_variants.txt").read_text("utf-8").splitlines()]
    variants = [v for v in variants if v]
    putin = ListEntry(list_id="bench", entry_id="putin", kind="person", name="Vladimir Vladimirovich PUTIN",
                      aliases=(Alias(name="Владимир Владимирович Путин", script="Cyrl", original_script=True),))
    matcher = Matcher([parsed("bench", [putin])], threshold=threshold)
    hits = sum(1 for v in variants if matcher.match(NameQuery(name=v)))
    out(f"| opensanctions_putin_name_variants (one record: Latin name + Russian original-script name) "
        f"| {len(variants)} | {hits / len(variants):.4f} ({hits}/{len(variants)}) |")
    result["putin"] = hits / len(variants)
    if quick:
        out()
        out(f"(--quick: the token sets are random samples of {limit} pairs)")
    out()
    return result


# --- 4. false alerts ----------------------------------------------------------


def load_sample_lists() -> list[ParsedList]:
    return [load_list(LISTS / p) for p in SAMPLE_LISTS]


def negative_queries(quick: bool) -> dict[str, list[NameQuery]]:
    rows = read_csv(NEGATIVES / "yente_negatives_global.csv")
    if quick:
        rows = rows[:5000]
    congress = read_csv(NEGATIVES / "yente_us_congress_members.csv")

    def q(row: dict[str, str], attrs: bool) -> NameQuery:
        return NameQuery(
            name=row["full_name"],
            kind="person",
            date_of_birth=(row.get("date_of_birth") or None) if attrs else None,
            nationality=(row.get("nationality") or None) if attrs else None,
        )

    return {
        "yente_negatives_global, name only": [q(r, False) for r in rows],
        "yente_negatives_global, with birth date and nationality": [q(r, True) for r in rows],
        "US Congress members, name only": [q(r, False) for r in congress],
        "US Congress members, with birth year": [q(r, True) for r in congress],
    }


def section_false_alerts(matcher: Matcher, quick: bool) -> dict[str, float]:
    out(f"## 4. False alerts, all sample lists together ({len(matcher)} entries, {matcher.name_count} names), "
        f"threshold {matcher.threshold:g}")
    out()
    out("| query set | names | names with an alert per 1,000 | alerts per 1,000 |")
    out("|---|---|---|---|")
    result = {}
    examples: list[str] = []
    for label, queries in negative_queries(quick).items():
        alerted = alerts = 0
        for n, query in enumerate(queries):
            found = matcher.match(query)
            if found:
                alerted += 1
                alerts += len(found)
                if len(examples) < 12 and "with" in label:
                    examples.append(f"{query.name} -> {found[0].name} ({found[0].list_id}) {found[0].score}")
            if n % 2000 == 0:
                progress(n, len(queries), label)
        progress(len(queries), len(queries), label)
        rate = 1000 * alerted / len(queries)
        out(f"| {label} | {len(queries)} | {rate:.2f} | {1000 * alerts / len(queries):.2f} |")
        result[label] = rate
    out()
    if examples:
        out("Examples of false alerts: " + "; ".join(examples))
        out()
    return result


# --- 5. speed and memory (child processes) --------------------------------------


FIRST_NAMES_FILE = NEGATIVES / "sigpwned_common_forenames_by_country.csv"
SURNAMES_FILE = NEGATIVES / "sigpwned_common_surnames_by_country.csv"
CENSUS_LAST = NEGATIVES / "us_census1990_dist.all.last"


def _name_pools() -> tuple[list[str], list[str]]:
    firsts = [r["Romanized Name"] or r["Localized Name"] for r in read_csv(FIRST_NAMES_FILE)]
    lasts = [r["Romanized Name"] or r["Localized Name"] for r in read_csv(SURNAMES_FILE)]
    for line in CENSUS_LAST.read_text(encoding="utf-8").splitlines()[:20000]:
        bits = line.split()
        if bits:
            lasts.append(bits[0].title())
    firsts = [f for f in firsts if f and f.isascii()]
    lasts = [x for x in lasts if x and x.isascii()]
    return firsts, lasts


_ORG_WORDS = ["Trading", "Group", "Holding", "International", "Shipping", "Industries", "Capital", "Energy",
              "Logistics", "Investment", "General", "Global", "Technologies", "Marine", "Petroleum"]
_FORMS = ["LLC", "Ltd", "JSC", "GmbH", "Co.", "FZE", "S.A.", "Inc."]


def generated_list(size: int, seed: int = 11) -> ParsedList:
    """A synthetic list: persons from real first names and surnames (Zipf-like
    reuse), 10 % organisations, a third with an alias, half with a birth year."""
    rng = random.Random(seed)
    firsts, lasts = _name_pools()
    entries = []
    for i in range(size):
        if i % 10 == 9:
            name = f"{rng.choice(lasts)} {rng.choice(_ORG_WORDS)} {rng.choice(_ORG_WORDS)} {rng.choice(_FORMS)}"
            entries.append(ListEntry(list_id="gen", entry_id=str(i), kind="organization", name=name))
            continue
        first = firsts[int(len(firsts) * rng.random() ** 2)]
        last = lasts[int(len(lasts) * rng.random() ** 2)]
        middle = f" {rng.choice(firsts)}" if rng.random() < 0.3 else ""
        aliases = ()
        if rng.random() < 0.33:
            aliases = (Alias(name=f"{last.upper()}, {first}{middle}"),)
        dobs = (DateOfBirth(value=str(rng.randint(1940, 2000))),) if rng.random() < 0.5 else ()
        entries.append(ListEntry(list_id="gen", entry_id=str(i), kind="person", name=f"{first}{middle} {last}",
                                 aliases=aliases, dates_of_birth=dobs))
    return parsed("gen", entries)


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 6:
        return name
    i = rng.randrange(1, len(name) - 2)
    op = rng.random()
    if op < 0.4 and name[i] != " " and name[i + 1] != " ":
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if op < 0.7:
        return name[:i] + name[i + 1:]
    return name[:i] + name[i] + name[i:]


def speed_queries(entries: tuple[ListEntry, ...], count: int) -> list[tuple[NameQuery, str | None]]:
    """Half negatives (yente global, as written), half listed names with a typo,
    each with the entry id it was made from (None for a negative)."""
    rng = random.Random(5)
    negatives = read_csv(NEGATIVES / "yente_negatives_global.csv")
    half = count // 2
    queries: list[tuple[NameQuery, str | None]] = [(NameQuery(name=r["full_name"]), None) for r in negatives[:half]]
    for entry in rng.sample(list(entries), min(count - half, len(entries))):
        queries.append((NameQuery(name=_typo(entry.name, rng)), entry.entry_id))
    rng.shuffle(queries)
    return queries


def peak_mib() -> float:
    """Peak resident memory of this process. On Linux VmHWM, which restarts at exec;
    ru_maxrss of a child process can keep the peak of the parent it was forked from."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child(mode: str, size: int, queries: int) -> None:
    """Run in a child process; print one JSON line."""
    gc.collect()
    base = peak_mib()
    started = time.perf_counter()
    lists = load_sample_lists() if mode == "samples" else [generated_list(size)]
    loaded = time.perf_counter()
    matcher = Matcher(lists)
    built = time.perf_counter()
    gc.freeze()
    entries = tuple(e for p in lists for e in p.entries)
    qs = speed_queries(entries, queries)
    for q, _source in qs[:200]:  # warm caches as a worker would at start-up
        matcher.match(q)
    began = time.perf_counter()
    alerts = typos = found = 0
    for q, source in qs:
        # A generated list repeats frequent names: ask for every match, not the top 10.
        matches = matcher.match(q, limit=1000)
        alerts += len(matches)
        if source is not None:
            typos += 1
            found += any(m.entry_id == source for m in matches)
    elapsed = time.perf_counter() - began
    print(json.dumps({
        "entries": len(matcher), "names": matcher.name_count, "load_s": loaded - started,
        "build_s": built - loaded, "queries": len(qs), "qps": len(qs) / elapsed,
        "peak_mib": peak_mib(), "start_mib": base, "alerts": alerts, "typo_recall": found / max(1, typos),
    }))


def run_child(mode: str, size: int, queries: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--size", str(size),
           "--queries", str(queries)]
    # One core: pin the child to CPU 0 where the platform allows it.
    if sys.platform.startswith("linux"):
        cmd = ["taskset", "-c", "0", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def section_speed(quick: bool) -> dict[str, dict]:
    out("## 5. Speed and memory (one process pinned to one core)")
    out()
    out("| list | entries | names indexed | load s | index build s | queries | queries/s | peak memory MiB "
        "| typo recall |")
    out("|---|---|---|---|---|---|---|---|---|")
    result = {}
    size = 200_000 if quick else 1_000_000
    for label, mode, n, q in (("all sample lists", "samples", 0, 20_000), (f"generated, {size:,} entries", "generated", size, 10_000)):
        r = run_child(mode, n, q)
        out(f"| {label} | {r['entries']:,} | {r['names']:,} | {r['load_s']:.1f} | {r['build_s']:.1f} | {r['queries']:,} "
            f"| {r['qps']:,.0f} | {r['peak_mib']:,.0f} | {r['typo_recall']:.3f} |")
        result[mode] = r
    out()
    out("Queries: half yente negatives, half listed names with one typo; peak memory is the")
    out("child's maximum resident set size, including the parsed lists themselves. Typo recall:")
    out("share of the typo queries whose own entry is among the matches at the threshold.")
    out()
    return result


# --- main ---------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sample the large sets; 200,000-entry scale test")
    parser.add_argument("--curve", action="store_true", help="print the name_bench precision/recall curve")
    parser.add_argument("--threshold", type=float, default=Matcher.DEFAULT_THRESHOLD)
    parser.add_argument("--skip", action="append", default=[], help="skip a section by number (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=int, default=10_000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.size, args.queries)
        return 0

    started = time.time()
    t = args.threshold
    out(f"# tfscreen name matching benchmark (threshold {t:g}{', quick' if args.quick else ''})")
    out()
    summary: dict[str, object] = {}
    if "1" not in args.skip:
        summary["name_bench"] = section_name_bench(t, args.curve)
    if "2" not in args.skip:
        summary["un"] = section_un(t)
    if "3" not in args.skip:
        summary["cross"] = section_cross_script(t, args.quick)
    if "4" not in args.skip:
        matcher = Matcher(load_sample_lists(), threshold=t)
        summary["false"] = section_false_alerts(matcher, args.quick)
        del matcher
    if "5" not in args.skip:
        summary["speed"] = section_speed(args.quick)
    out(targets(summary))
    out(f"(benchmark ran {time.time() - started:.0f} s)")
    return 0


def targets(s: dict) -> str:
    lines = ["## Targets", "", "| target | result | met |", "|---|---|---|"]

    def row(name: str, value: str, ok: bool) -> None:
        lines.append(f"| {name} | {value} | {'yes' if ok else 'NO'} |")

    if "name_bench" in s:
        nb = s["name_bench"]
        row("name_bench F1 >= 0.88", f"{nb['f1']:.3f}", nb["f1"] >= 0.88)
        row("no STRONG-tier failure", str(nb["strong_failures"]), nb["strong_failures"] == 0)
    if "un" in s:
        row("UN untreated recall 100 %", f"{100 * s['un']['untreated']:.2f} %", s["un"]["untreated"] >= 1.0)
        row("UN treated recall >= 99 %", f"{100 * s['un']['treated']:.2f} %", s["un"]["treated"] >= 0.99)
    if "cross" in s:
        c = s["cross"]
        w = c["watchman_cross_script_pairs"]
        row("watchman cross-script recall >= 95 %", f"{100 * w:.1f} %", w >= 0.95)
        for key in ("google_transliteration_ar2en_test (Arabic)", "netransliteration_wd_arabic_20"):
            row(f"{key} recall >= 90 %", f"{100 * c[key]:.1f} %", c[key] >= 0.90)
    if "false" in s:
        for key, value in s["false"].items():
            row(f"<= 5 false alerts per 1,000 ({key})", f"{value:.2f}", value <= 5)
    if "speed" in s:
        sp = s["speed"]
        row(">= 5,000 queries/s, all sample lists", f"{sp['samples']['qps']:,.0f}", sp["samples"]["qps"] >= 5000)
        g = sp["generated"]
        row(f">= 1,000 queries/s, {g['entries']:,} entries", f"{g['qps']:,.0f}", g["qps"] >= 1000)
        row(f"peak memory <= 2 GiB at {g['entries']:,} entries", f"{g['peak_mib']:,.0f} MiB", g["peak_mib"] <= 2048)
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
