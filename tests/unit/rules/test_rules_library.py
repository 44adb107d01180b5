"""Every library rule: a scenario that must fire and near-misses that must not.

Near-misses sit just under a threshold, just outside a window, or in a
different country or channel.
"""

from __future__ import annotations

import pytest

from rules.engine import RuleEngine
from tests.unit.rules.conftest import Run

hit = Run.hit


def card(country: str, channel: str = "card", **extra):
    return dict(channel=channel, terminal_country=country, beneficiary={"name": "Shop", "type": "organization",
                                                                         "account": None, "country": country}, **extra)


# --- R3 keywords --------------------------------------------------------------------------------


def test_r3_slogan_in_reference_alerts_with_the_keyword_as_evidence(run):
    h = hit(run.tx(remittance_info="Support the Mujahedeen brothers"), "R3")
    assert h is not None and h.score == 85
    assert h.evidence["keywords"][0]["term"] == "mujahideen"
    assert h.evidence["keywords"][0]["field"] == "remittance_info"


def test_r3_group_in_beneficiary_name_and_arabic_script(run):
    assert hit(run.tx(beneficiary={"name": "Al Shabaab Relief"}), "R3").score == 85
    assert hit(run.tx(remittance_info="تبرع لداعش"), "R3").score == 85


def test_r3_ambiguous_word_is_review_only(run):
    assert hit(run.tx(remittance_info="Isis Pharmacy invoice 22"), "R3").score == 50


@pytest.mark.parametrize("text", ["Hamasaki Trading Co", "rent March", "Dash cam repair", "Isisford farm"])
def test_r3_near_misses(run, text):
    assert hit(run.tx(remittance_info=text), "R3") is None


# --- R4 card or ATM in or next to a conflict zone -----------------------------------------------


def test_r4_cash_inside_a_conflict_zone_alerts_once(run):
    assert hit(run.tx(**card("SY", "atm")), "R4").score == 75
    assert hit(run.tx(day=1, **card("SY")), "R4").score == 35  # same trip: no second alert


def test_r4_neighbour_first_use_then_repeated_cash(run):
    assert hit(run.tx(**card("TR")), "R4").score == 35
    assert hit(run.tx(day=1, **card("TR")), "R4") is None  # not the first use, no cash pattern
    run.tx(day=2, **card("TR", "atm"))
    run.tx(day=3, **card("TR", "atm"))
    assert hit(run.tx(day=4, **card("TR", "atm")), "R4").score == 55


def test_r4_near_misses(run):
    assert hit(run.tx(**card("ES")), "R4") is None  # different country
    resident = {"account": "TR9RESIDENT", "country": "TR"}
    assert hit(run.tx(originator=resident, **card("TR")), "R4") is None  # at home
    assert hit(run.tx(**card("SY", "wire")), "R4") is None  # not a card or ATM


def test_r4_cash_count_outside_window(run):
    run.tx(day=0, **card("TR", "atm"))
    run.tx(day=1, **card("TR", "atm"))
    assert hit(run.tx(day=31, **card("TR", "atm")), "R4") is None  # two of three left the 30-day window


# --- R5 travel for several people --------------------------------------------------------------


def ticket(country="TR", mcc="4511"):
    return dict(channel="card", mcc=mcc, terminal_country=country, amount="240.00",
                beneficiary={"name": f"{country} Air", "type": "organization", "account": f"{country}AIR1", "country": country})


def test_r5_three_tickets_in_two_days(run):
    assert hit(run.tx(0, **ticket()), "R5") is None
    assert hit(run.tx(0.5, **ticket(mcc="4722")), "R5") is None
    h = hit(run.tx(1.5, **ticket(mcc="3007")), "R5")
    assert h.score == 70 and h.evidence["features"]["tickets"]["count"] == 3


@pytest.mark.parametrize("days,country", [((0, 1), "TR"), ((0, 4, 8), "TR"), ((0, 0.5, 1), "ES")])
def test_r5_near_misses(run, days, country):
    hits = [run.tx(d, **ticket(country)) for d in days]
    assert all(hit(h, "R5") is None for h in hits)


# --- R6 depletion ------------------------------------------------------------------------------


def _depletion(run: Run, last_amount: str, spread: float = 2.0):
    employer = {"name": "Werk BV", "type": "organization", "account": "NL02EMPL", "country": "NL", "customer_type": "business"}
    me = {"name": "Jan de Vries", "type": "person", "account": "NL01CUST", "country": "NL", "customer_type": "individual"}
    run.tx(-60, originator=employer, beneficiary=me, channel="ach", amount="2600.00")
    run.tx(-30, originator=employer, beneficiary=me, channel="ach", amount="2600.00")
    run.tx(-5, originator={**employer, "name": "Car buyer", "account": "NL03BUY", "type": "person"},
           beneficiary=me, amount="5000.00")
    for i in range(4):
        run.tx(i * spread, channel="atm", amount="1200.00", terminal_country="NL",
               beneficiary={"name": "ATM", "type": "organization", "account": None, "country": "NL"})
    return run.tx(4 * spread + 1, channel="mvts", amount=last_amount)


def test_r6_account_emptied_in_two_weeks(run):
    h = hit(_depletion(run, "4500.00"), "R6")
    assert h is not None and h.score == 75  # part went to Türkiye
    debits = h.evidence["features"]["debits"]
    assert debits["count"] == 5 and debits["sum"] == 9300.0
    assert h.evidence["features"]["credits"]["sum"] == 10200.0


def test_r6_near_miss_under_the_share(run):
    assert hit(_depletion(run, "2500.00"), "R6") is None  # 7,300 < 80% of 10,200


def test_r6_near_miss_outside_the_window(run):
    assert hit(_depletion(run, "4500.00", spread=4.0), "R6") is None  # debits spread over 17 days


# --- R8 MVTS remittances near a conflict zone --------------------------------------------------


def test_r8_second_remittance_to_the_same_person(run):
    bene = {"name": "Omar Khalil", "account": "SY01OMAR", "country": "SY"}
    assert hit(run.tx(0, channel="mvts", amount="400.00", beneficiary=bene), "R8") is None
    assert hit(run.tx(20, channel="mvts", amount="400.00", beneficiary=bene), "R8").score == 45
    assert hit(run.tx(40, channel="mvts", amount="400.00", beneficiary=bene), "R8").score == 60


@pytest.mark.parametrize("case", ["other person", "outside window", "other country", "too large", "wire"])
def test_r8_near_misses(run, case):
    first = {"name": "Omar Khalil", "account": "LB01OMAR", "country": "LB"}
    second = dict(first)
    day, amount, channel = 20, "400.00", "mvts"
    if case == "other person":
        second.update(name="Rana Khalil", account="LB02RANA")
    elif case == "outside window":
        day = 91
    elif case == "other country":
        first.update(country="IN", account="IN01")
        second = dict(first)
    elif case == "too large":
        amount = "6000.00"
    elif case == "wire":
        channel = "wire"
    run.tx(0, channel=channel, amount=amount, beneficiary=first)
    assert hit(run.tx(day, channel=channel, amount=amount, beneficiary=second), "R8") is None


# --- R9 fan-out ----------------------------------------------------------------------------------


def recipient(i: int, country: str = "TR"):
    return {"name": f"Person {i}", "account": f"{country}0{i}", "country": country}


def test_r9_third_distinct_recipient_alerts_and_repeats_do_not(run):
    assert hit(run.tx(0, channel="mvts", beneficiary=recipient(1)), "R9") is None
    assert hit(run.tx(5, channel="mvts", beneficiary=recipient(2, "LB")), "R9") is None
    h = hit(run.tx(10, channel="mvts", beneficiary=recipient(3, "JO")), "R9")
    assert h.score == 70 and h.evidence["features"]["recipients"]["distinct_counterparties"] == 3
    assert hit(run.tx(11, channel="mvts", beneficiary=recipient(3, "JO")), "R9") is None  # known recipient


@pytest.mark.parametrize("days,country", [((0, 5), "TR"), ((0, 20, 35), "TR"), ((0, 5, 10), "FR")])
def test_r9_near_misses(run, days, country):
    hits = [run.tx(d, channel="mvts", beneficiary=recipient(i, country)) for i, d in enumerate(days)]
    assert all(hit(h, "R9") is None for h in hits)


# --- R10 funnel ----------------------------------------------------------------------------------


def _funnel(run: Run, credits: int = 10, spacing: float = 0.3, forward: str = "800.00", country: str = "TR",
            forward_day: float | None = None):
    me = {"name": "Collector", "type": "person", "account": "NL05COLL", "country": "NL"}
    for i in range(credits):
        sender = {"name": f"Sender {i % 5}", "type": "person", "account": f"NL9SEND{i % 5}", "country": "NL"}
        run.tx(i * spacing, channel="p2p", amount="100.00", originator=sender, beneficiary=me)
    day = forward_day if forward_day is not None else credits * spacing + 1
    return run.tx(day, channel="mvts", amount=forward, originator=me,
                  beneficiary={"name": "Abu X", "account": f"{country}77", "country": country})


def test_r10_collected_then_forwarded(run):
    h = hit(_funnel(run), "R10")
    assert h is not None and h.score == 75
    f = h.evidence["features"]["funnel"]
    assert (f["in_count"], f["in_distinct"], f["in_sum"], f["out_sum"], f["share"]) == (10, 5, 1000.0, 800.0, 0.8)


@pytest.mark.parametrize("kwargs", [
    {"credits": 9},  # one credit short
    {"forward": "600.00"},  # 60% forwarded
    {"country": "DE"},  # not a risk jurisdiction
    {"spacing": 0.9, "forward_day": 9.5},  # credits spread beyond seven days
])
def test_r10_near_misses(run, kwargs):
    assert hit(_funnel(run, **kwargs), "R10") is None


# --- R11 and R12 non-profits -----------------------------------------------------------------


NPO = {"name": "Stichting Hulp", "type": "organization", "account": "NL06NPO", "country": "NL", "customer_type": "npo"}


def test_r11_charity_pays_individuals_abroad(run):
    assert hit(run.tx(0, originator=NPO, beneficiary=recipient(1, "LB")), "R11") is None
    assert hit(run.tx(10, originator=NPO, beneficiary=recipient(2, "SY")), "R11").score == 60
    assert hit(run.tx(20, originator=NPO, beneficiary=recipient(3, "LB")), "R11").score == 75


@pytest.mark.parametrize("case", ["partner org", "not a charity", "domestic"])
def test_r11_near_misses(run, case):
    orig, bene = dict(NPO), [recipient(1, "LB"), recipient(2, "LB")]
    if case == "partner org":
        bene = [{**b, "type": "organization"} for b in bene]
    elif case == "not a charity":
        orig.update(customer_type="business")
    elif case == "domestic":
        bene = [recipient(1, "NL"), recipient(2, "NL")]
    run.tx(0, originator=orig, beneficiary=bene[0])
    assert hit(run.tx(10, originator=orig, beneficiary=bene[1]), "R11") is None


def _donations(run: Run, n: int = 5, start: float = 0.0):
    for i in range(n):
        donor = {"name": f"Donor {i}", "type": "person", "account": f"NL7DON{i}", "country": "NL"}
        run.tx(start + i * 2, channel="p2p", amount="700.00", originator=donor, beneficiary=NPO)


def _cash(run: Run, amount: str, day: float):
    return run.tx(day, channel="cash", amount=amount, originator=NPO,
                  beneficiary={"name": "CASH", "type": "organization", "account": None, "country": "NL"})


def test_r12_charity_cashes_out_half_of_its_donations(run):
    _donations(run)
    h = hit(_cash(run, "2000.00", 12), "R12")
    assert h is not None and h.score == 70
    assert h.evidence["features"]["cash_out"]["share"] == pytest.approx(2000 / 3500, abs=1e-3)


def test_r12_near_miss_under_the_share(run):
    _donations(run)
    assert hit(_cash(run, "1700.00", 12), "R12") is None  # 49%


def test_r12_near_miss_too_few_donations(library):
    run = Run(library)
    _donations(run, n=4)
    assert hit(_cash(run, "2000.00", 10), "R12") is None


def test_r12_near_miss_donations_outside_window(library):
    run = Run(library)
    _donations(run, start=-45)
    assert hit(_cash(run, "2000.00", 0), "R12") is None


# --- R16 crypto ----------------------------------------------------------------------------------


def test_r16_mixer_and_designated_wallet(library, tmp_path):
    run = Run(library)
    h = hit(run.tx(channel="crypto", beneficiary={"name": "Tornado Cash", "type": "organization",
                                                 "account": "0xabc1", "country": "NL"}), "R16")
    assert h.score == 70 and h.evidence["keywords"][0]["category"] == "mixer"
    engine = RuleEngine.load(extra_reference={"crypto_designated": ["0xDEADBEEF00"]}, only=["R16"])
    assert engine.version != library.version
    h = hit(Run(engine).tx(channel="crypto", beneficiary={"name": "wallet", "account": "0xdeadbeef00"}), "R16")
    assert h.score == 95


def test_r16_near_misses(run):
    assert hit(run.tx(channel="crypto", beneficiary={"name": "Coinbase Europe", "account": "0x1"}), "R16") is None
    assert hit(run.tx(channel="wire", beneficiary={"name": "Tornado Cash", "account": "0x2"}), "R16") is None


# --- R17 structuring -----------------------------------------------------------------------------


def test_r17_three_splits_to_one_wallet(run):
    wallet = {"name": "wallet", "type": "unknown", "account": "bc1qsplit", "country": "AE"}
    run.tx(0, channel="crypto", amount="900.00", beneficiary=wallet)
    run.tx(0.2, channel="crypto", amount="950.00", beneficiary=wallet)
    h = hit(run.tx(0.4, channel="crypto", amount="999.99", beneficiary=wallet), "R17")
    assert h.score == 70 and h.evidence["features"]["splits"]["same_counterparty"] == 3


@pytest.mark.parametrize("case", ["at threshold", "outside window", "other wallets", "other currency"])
def test_r17_near_misses(run, case):
    amounts, days, wallets, currency = ["900.00"] * 3, [0, 0.2, 0.4], ["w1"] * 3, "EUR"
    if case == "at threshold":
        amounts[2] = "1000.00"
    elif case == "outside window":
        days[2] = 1.1
    elif case == "other wallets":
        wallets = ["w1", "w2", "w3"]
    elif case == "other currency":
        currency = "GBP"
    hits = [run.tx(d, channel="crypto", amount=a, currency=currency, beneficiary={"account": w})
            for a, d, w in zip(amounts, days, wallets)]
    assert hit(hits[-1], "R17") is None


# --- R19-R22 commodities -------------------------------------------------------------------------


ORG = {"type": "organization", "customer_type": "business"}


def test_r19_oil(run):
    seller = {**ORG, "name": "Furat Transport", "account": "SY01FUR", "country": "SY"}
    assert hit(run.tx(remittance_info="crude oil delivery", beneficiary={**seller, "country": "IQ"}), "R19").score == 65
    assert hit(run.tx(remittance_info="diesel by tanker trucks", beneficiary=seller), "R19").score == 75
    assert hit(run.tx(remittance_info="crude oil", channel="cash", beneficiary=seller), "R19").score == 80


def test_r19_near_misses(run):
    norway = {**ORG, "name": "Nordic Trading AS", "account": "NO01", "country": "NO"}
    assert hit(run.tx(remittance_info="crude oil cargo", beneficiary=norway), "R19") is None
    assert hit(run.tx(remittance_info="olive oil", beneficiary={**norway, "country": "SY"}), "R19") is None


def test_r20_charcoal(run):
    somali = {**ORG, "name": "Horn Export", "account": "SO01", "country": "SO"}
    assert hit(run.tx(remittance_info="charcoal 2 containers", beneficiary=somali), "R20").score == 80
    gulf_buyer = {**ORG, "name": "Dubai Trading", "account": "AE01", "country": "AE"}
    djibouti = {**ORG, "name": "Djibouti Fuel", "account": "DJ01", "country": "DJ"}
    assert hit(run.tx(remittance_info="shisha charcoal", originator=gulf_buyer, beneficiary=djibouti), "R20").score == 55
    assert hit(run.tx(remittance_info="charcoal ex Kismaayo", originator=gulf_buyer, beneficiary=djibouti), "R20").score == 80


def test_r20_near_misses(run):
    poland = {**ORG, "name": "Wegiel", "account": "PL01", "country": "PL"}
    assert hit(run.tx(remittance_info="hardwood charcoal", beneficiary=poland), "R20") is None
    assert hit(run.tx(remittance_info="coal", beneficiary={**poland, "country": "SO"}), "R20") is None


def test_r21_gold(run):
    mine = {**ORG, "name": "Sahel Mining", "account": "ML01", "country": "ML"}
    assert hit(run.tx(0, remittance_info="raw gold dore bars", beneficiary=mine), "R21").score == 55
    run.tx(5, remittance_info="raw gold dore bars", beneficiary=mine)
    assert hit(run.tx(10, remittance_info="raw gold", beneficiary=mine), "R21").score == 70
    assert hit(Run(run.engine).tx(remittance_info="gold", channel="cash", beneficiary=mine), "R21").score == 70


def test_r21_near_misses(run):
    antwerp = {**ORG, "name": "Antwerp Refiners", "account": "BE01", "country": "BE"}
    assert hit(run.tx(remittance_info="gold bars", beneficiary=antwerp), "R21") is None
    assert hit(run.tx(channel="card", mcc="5944", terminal_country="NL",
                      beneficiary={**antwerp, "country": "NL"}), "R21") is None


def test_r22_captagon(run):
    lebanon = {**ORG, "name": "Cedar Pharma", "account": "LB01", "country": "LB"}
    jordan = {**ORG, "name": "Amman Foods", "account": "JO01", "country": "JO"}
    assert hit(run.tx(remittance_info="pharmaceutical tablets", originator=lebanon, beneficiary=jordan), "R22").score == 50
    assert hit(run.tx(remittance_info="fenethylline 200kg", originator=lebanon, beneficiary=jordan), "R22").score == 85


def test_r22_near_miss(run):
    dutch = {**ORG, "name": "Pharma Export NL", "account": "NL08PH", "country": "NL"}
    jordan = {**ORG, "name": "Amman Medical", "account": "JO02", "country": "JO"}
    assert hit(run.tx(remittance_info="pharmaceuticals", originator=dutch, beneficiary=jordan), "R22") is None


# --- R23 kidnap for ransom ---------------------------------------------------------------------


def test_r23_large_urgent_payment(run):
    firm = {**ORG, "name": "Offshore BV", "account": "NL09OFF", "country": "NL"}
    h = hit(run.tx(originator=firm, amount="150000.00", beneficiary={"country": "ML", "account": "ML09"}), "R23")
    assert h.score == 80  # a business's first payment to the region
    assert hit(run.tx(amount="100000.00", beneficiary={"country": "YE", "account": "YE1"}), "R23").score == 70


@pytest.mark.parametrize("amount,country", [("85000.00", "ML"), ("150000.00", "FR")])
def test_r23_near_misses(run, amount, country):
    assert hit(run.tx(amount=amount, beneficiary={"country": country, "account": f"{country}1"}), "R23") is None


# --- R32 pass-through, R33 round trip ---------------------------------------------------------


def _relay(run: Run, out_amount: str, out_day: float):
    me = {"name": "Relay", "type": "person", "account": "NL10REL", "country": "NL"}
    run.tx(0, amount="5000.00", originator={"name": "Src", "account": "NL11SRC", "country": "NL"}, beneficiary=me)
    return run.tx(out_day, amount=out_amount, originator=me, beneficiary={"country": "AE", "account": "AE10"})


def test_r32_pass_through(run):
    assert hit(_relay(run, "4500.00", 1), "R32").score == 40


@pytest.mark.parametrize("amount,day", [("3500.00", 1), ("4500.00", 2.2)])
def test_r32_near_misses(run, amount, day):
    assert hit(_relay(run, amount, day), "R32") is None


def acct(name: str) -> dict:
    return {"name": name, "type": "person", "account": f"NL{name}", "country": "NL"}


def test_r33_three_account_cycle(run):
    run.tx(0, originator=acct("A"), beneficiary=acct("B"), amount="5000.00")
    run.tx(2, originator=acct("B"), beneficiary=acct("C"), amount="4900.00")
    h = hit(run.tx(4, originator=acct("C"), beneficiary=acct("A"), amount="4800.00"), "R33")
    assert h.score == 30 and h.evidence["features"]["trip"]["cycle_length"] == 3


def test_r33_near_misses(library):
    run = Run(library)
    run.tx(0, originator=acct("A"), beneficiary=acct("B"))
    assert hit(run.tx(1, originator=acct("B"), beneficiary=acct("A")), "R33") is None  # back and forth
    run = Run(library)
    run.tx(0, originator=acct("A"), beneficiary=acct("B"))
    run.tx(20, originator=acct("B"), beneficiary=acct("C"))
    assert hit(run.tx(31, originator=acct("C"), beneficiary=acct("A")), "R33") is None  # 31 days


# --- G1 closeness ------------------------------------------------------------------------------


def test_g1_money_from_a_listed_party_passed_on(run):
    listed = {"name": "Abu Example", "type": "person", "account": "TR66LIST", "country": "TR"}
    run.tx(0, listed=("originator",), originator=listed, beneficiary=acct("B"))
    h = hit(run.tx(2, originator=acct("B"), beneficiary=acct("C"), channel="p2p"), "G1")
    assert h.score == 75
    near = h.evidence["features"]["near"]
    assert near["listed_hops"] == 1 and near["paths"][0]["seed"] == "listed:un/QDi.999"
    assert hit(run.tx(4, originator=acct("C"), beneficiary=acct("D"), channel="p2p"), "G1").score == 55
    assert hit(run.tx(6, originator=acct("D"), beneficiary=acct("E"), channel="p2p"), "G1") is None  # 3 hops


def test_g1_paying_a_listed_party_makes_the_payer_one_hop(run):
    run.tx(0, listed=("beneficiary",), beneficiary={"name": "Abu Example", "account": "TR66LIST"})
    assert hit(run.tx(1, beneficiary=acct("F"), channel="p2p"), "G1").score == 75


def test_g1_near_misses(run):
    listed = {"name": "Abu Example", "type": "person", "account": "TR66LIST", "country": "TR"}
    run.tx(0, listed=("originator",), originator=listed, beneficiary=acct("B"))
    shop = {"name": "Shop BV", "type": "organization", "account": "NL12SHOP", "country": "NL", "customer_type": "business"}
    assert hit(run.tx(1, originator=acct("B"), beneficiary=shop), "G1") is None  # not a person-to-person link
    assert hit(run.tx(91, originator=acct("B"), beneficiary=acct("C")), "G1") is None  # seed expired (90 days)


def test_g1_near_an_alerted_account_is_review_level(run):
    for i in range(3):  # R9 alerts on the third recipient, who becomes one hop from an alerted account
        run.tx(i, channel="mvts", beneficiary=recipient(i, "LB"))
    h = hit(run.tx(5, originator={**recipient(2, "LB"), "type": "person"}, beneficiary=acct("Z"), channel="p2p"), "G1")
    assert h.score == 55 and h.evidence["features"]["near"]["alerted_hops"] == 1
    assert h.evidence["features"]["near"]["paths"][0]["seed"] == "alerted:R9"
