"""Synthetic payment traffic with planted terrorist-financing scenarios.

``generate(n, seed)`` returns ``n`` contract-valid transactions (dicts, in
time order, unique ids) and one label per planted scenario. The background is
a Dutch retail bank over about two months: salaries, rent and utility bills,
card spending at home and on holiday, ATM cash, P2P transfers between friends,
family remittances (also to conflict-affected countries), crypto purchases,
charities with donations and programme grants, and businesses trading
commodities with ordinary partners. Planted scenarios use their own accounts,
so everything else counts as background when measuring false alerts.

The background also holds benign look-alikes at assumed rates, so the false-
alert figures mean something: families with several relatives in Türkiye,
Lebanon or Syria; families booking separate tickets on a foreign carrier; aid
workers and business travellers in Iraq or Afghanistan; a refugee charity's
cash assistance to individuals in Lebanon and Jordan; gold imports from
Türkiye; large trade payments to Nigeria; people emigrating who empty their
account. The rates (``GREY``) are guesses, not measurements.

Label rows (one per scenario)::

    {"scenario": "R10-1", "kind": "typology", "rule": "R10", "title": ...,
     "accounts": [...], "transaction_ids": [...], "trigger_ids": [...]}
    {"scenario": "watchlist-1", "kind": "watchlist", "name": ..., "account": ...,
     "transaction_ids": [...], "roles": {"<tx id>": "beneficiary"}}

``trigger_ids`` are the transactions on which the rule is expected to fire.
Nothing here is real data: names are drawn from small built-in pools.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

HOME = "NL"
BANK_BIC = "TFSBNL2A"
SPAN_DAYS = 60
TX_PER_PERSON_DAY = 1.55  # background rate, used to size the population

FIRST = {
    "NL": ["Jan", "Sanne", "Pieter", "Lotte", "Daan", "Emma", "Bram", "Fleur", "Joost", "Anouk", "Ruud", "Iris"],
    "TR": ["Mehmet", "Ayse", "Emre", "Zeynep", "Murat", "Elif", "Burak", "Hatice"],
    "MA": ["Mohamed", "Fatima", "Youssef", "Khadija", "Karim", "Nadia", "Said", "Samira"],
    "SY": ["Ahmad", "Rana", "Omar", "Lina", "Khaled", "Hiba", "Bassel", "Dima"],
    "SO": ["Abdi", "Hodan", "Mahad", "Ayaan", "Farah", "Sahra", "Liban", "Hibo"],
    "PK": ["Bilal", "Ayesha", "Usman", "Sana", "Hamza", "Mariam", "Faisal", "Nida"],
    "NG": ["Chinedu", "Ngozi", "Emeka", "Funmi", "Tunde", "Amaka", "Segun", "Bisi"],
    "PL": ["Piotr", "Anna", "Tomasz", "Katarzyna", "Marek", "Agnieszka"],
    "IN": ["Rahul", "Priya", "Arjun", "Deepa", "Vikram", "Anjali"],
    "PH": ["Maria", "Jose", "Ana", "Mark", "Grace", "Paolo"],
    "AF": ["Ahmad", "Zahra", "Farid", "Mina", "Nasir", "Shabnam"],
    "LB": ["Karim", "Layla", "Georges", "Rima", "Fadi", "Nour"],
}
LAST = {
    "NL": ["de Vries", "Bakker", "Jansen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters"],
    "TR": ["Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Ozturk", "Aydin", "Arslan"],
    "MA": ["El Amrani", "Benali", "Bouzid", "El Idrissi", "Tahiri", "Ouali", "Haddou"],
    "SY": ["Al-Hassan", "Khalil", "Haddad", "Al-Ahmad", "Darwish", "Sabbagh", "Nasser"],
    "SO": ["Warsame", "Farah", "Hassan", "Abdullahi", "Mohamud", "Jama", "Osman"],
    "PK": ["Ahmed", "Malik", "Hussain", "Qureshi", "Chaudhry", "Butt", "Raza"],
    "NG": ["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Bello"],
    "PL": ["Nowak", "Kowalska", "Wisniewski", "Wojcik", "Kaminska"],
    "IN": ["Sharma", "Patel", "Singh", "Iyer", "Nair", "Reddy"],
    "PH": ["Santos", "Reyes", "Cruz", "Bautista", "Garcia"],
    "AF": ["Rahimi", "Ahmadi", "Karimi", "Sultani", "Noori", "Hakimi"],
    "LB": ["Haddad", "Khoury", "Nasser", "Aoun", "Salameh", "Frangieh"],
}
# Share of customers by origin, and where migrants send family money.
ORIGINS = [("NL", 0.62), ("TR", 0.08), ("MA", 0.08), ("SY", 0.04), ("SO", 0.03), ("PK", 0.03), ("NG", 0.03),
           ("PL", 0.04), ("IN", 0.02), ("PH", 0.01), ("AF", 0.01), ("LB", 0.01)]
CURRENCY_OF = {"TR": "EUR", "MA": "EUR"}
HOLIDAYS = [("ES", 0.25), ("FR", 0.1), ("IT", 0.1), ("GR", 0.1), ("PT", 0.08), ("TR", 0.15), ("EG", 0.07),
            ("MA", 0.07), ("JO", 0.03), ("TH", 0.05)]
MERCHANTS = [
    ("5411", "Albert Market", 0.34, (8, 95)), ("5411", "Dirk Supermarkt", 0.14, (6, 80)),
    ("5812", "Cafe de Hoek", 0.12, (9, 70)), ("5814", "Snackbar Zuid", 0.07, (4, 25)),
    ("5541", "Tankstation Noord", 0.08, (30, 95)), ("5912", "Apotheek Centrum", 0.04, (5, 60)),
    ("5651", "Mode & Co", 0.05, (20, 150)), ("5732", "Elektro Shop", 0.03, (25, 600)),
    ("5999", "Webwinkel Online", 0.08, (10, 200)), ("4111", "OV Reizen", 0.05, (2, 40)),
]
ABROAD_MCC = [("5812", "Restaurant", (10, 80)), ("5411", "Market", (5, 60)), ("5999", "Souvenir shop", (5, 90)),
              ("4121", "Taxi", (8, 40)), ("7011", "Hotel", (60, 300))]
# Assumed rates of benign look-alikes (per customer over the two months, or per day).
GREY = {
    "family_recipients": [1, 1, 1, 1, 2, 2, 3],  # relatives a migrant supports
    "foreign_carrier": 0.35,  # holiday to TR/EG/JO booked with a local carrier
    "separate_tickets": 0.25,  # ... and one ticket per traveller
    "work_trip_conflict": 0.004,  # aid worker, journalist or engineer in IQ/AF/SO
    "emigrant": 0.003,  # empties the account to move abroad
    "gold_import_tr": 0.06,  # per day: jeweller buys from Istanbul
    "nigeria_trade": 0.02,  # per day: large payment to a Nigerian supplier
    "cash_assistance": 4,  # refugees paid monthly by the refugee charity
}
P2P_TEXT = ["dinner", "thanks!", "concert tickets", "rent share", "birthday gift", "groceries", "football",
            "loan back", "holiday costs", "petrol", None]


@dataclass
class Acct:
    name: str
    account: str | None
    country: str
    type: str = "person"
    customer_type: str = "individual"
    bic: str | None = None
    origin: str = "NL"
    extra: dict[str, Any] = field(default_factory=dict)

    def party(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "country": self.country}
        if self.account:
            out["account"] = self.account
        if self.customer_type != "unknown":
            out["customer_type"] = self.customer_type
        if self.bic:
            out["bank_bic"] = self.bic
        return out


def cash_point(country: str) -> Acct:
    """Where cash goes: an ATM or counter, no account."""
    return Acct(f"CASH WITHDRAWAL {country}", None, country, "organization", "unknown")


class _World:
    def __init__(self, seed: int, start: datetime) -> None:
        self.rnd = random.Random(seed)
        self.start = start
        self.events: list[tuple[datetime, dict[str, Any], str | None]] = []  # (time, doc, scenario)
        self._serial = 0

    # --- helpers -------------------------------------------------------------------------------
    def pick(self, weighted: Sequence[tuple[Any, float]]) -> Any:
        items, weights = zip(*weighted)
        return self.rnd.choices(items, weights=weights)[0]

    def money(self, lo: float, hi: float) -> str:
        return f"{self.rnd.uniform(lo, hi):.2f}"

    def iban(self, country: str) -> str:
        self._serial += 1
        digits = "".join(self.rnd.choice(string.digits) for _ in range(10))
        if country == HOME:
            return f"NL{self.rnd.randint(10, 99)}TFSB{digits}"
        bank = "".join(self.rnd.choice(string.ascii_uppercase) for _ in range(4))
        return f"{country}{self.rnd.randint(10, 99)}{bank}{digits}{self._serial:04d}"

    def wallet(self) -> str:
        return "bc1q" + "".join(self.rnd.choice("023456789acdefghjklmnpqrstuvwxyz") for _ in range(38))

    def person(self, origin: str, country: str | None = None, home_bank: bool = True) -> Acct:
        name = f"{self.rnd.choice(FIRST[origin])} {self.rnd.choice(LAST[origin])}"
        country = country or (HOME if home_bank else origin)
        return Acct(name, self.iban(country), country, "person", "individual" if home_bank else "unknown",
                    BANK_BIC if country == HOME and home_bank else None, origin)

    def org(self, name: str, country: str = HOME, customer_type: str = "business") -> Acct:
        return Acct(name, self.iban(country), country, "organization", customer_type,
                    BANK_BIC if country == HOME else None)

    def at(self, day: float, hour: float | None = None) -> datetime:
        if hour is None:
            hour = self.rnd.uniform(7, 22)
        return self.start + timedelta(days=day, hours=hour, seconds=self.rnd.randint(0, 3599))

    def tx(self, when: datetime, orig: Acct, bene: Acct, amount: str, channel: str,
           scenario: str | None = None, **extra: Any) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": "",
            "timestamp": "",
            "amount": amount,
            "currency": "EUR",
            "channel": channel,
            "direction": "outgoing" if orig.bic == BANK_BIC else "incoming",
            "originator": orig.party(),
            "beneficiary": bene.party(),
        }
        if orig.bic == BANK_BIC and bene.bic == BANK_BIC:
            doc["direction"] = "internal"
        doc.update({k: v for k, v in extra.items() if v is not None})
        self.events.append((when, doc, scenario))
        return doc


# --- background -----------------------------------------------------------------------------------


def _background(w: _World, persons_n: int, days: int) -> None:
    rnd = w.rnd
    employers = [w.org(n) for n in ("Havenbedrijf BV", "Zorggroep Oost", "TechNL BV", "Gemeente Zuidstad",
                                    "Bouwbedrijf Kok", "Logistiek Plus BV", "Retail Groep NL", "Universiteit Midden")]
    landlords = [w.org(n) for n in ("Woonstede", "Vesteda Huur", "Stadswonen", "Huismeester BV")]
    utilities = [w.org(n) for n in ("Energie Direct", "Waterbedrijf Noord", "KPN Telecom", "Zorgverzekeraar ZN")]
    merchants = {m[1]: w.org(m[1]) for m in MERCHANTS}
    travel = {"airline": w.org("SkyHolland Airlines"), "agency": w.org("Zonvakanties Reisbureau")}
    exchange = w.org("Bitvavo-like Exchange BV", customer_type="vasp")
    mvts_note = ["family support", "for mother", "school fees", "medical costs", "household", "for the family", None]

    persons: list[Acct] = []
    for _ in range(persons_n):
        origin = w.pick(ORIGINS)
        p = w.person(origin)
        p.extra.update(
            employer=rnd.choice(employers), salary=round(rnd.uniform(1900, 5200), 2),
            landlord=rnd.choice(landlords), rent=round(rnd.uniform(650, 1450), 2),
            payday=rnd.choice([20, 23, 25, 28]),
            card_rate=rnd.uniform(0.6, 1.8),
        )
        if origin != "NL" and rnd.random() < 0.55:
            fam = [w.person(origin, home_bank=False) for _ in range(rnd.choice(GREY["family_recipients"]))]
            p.extra["family"] = fam
            p.extra["remit"] = round(rnd.uniform(120, 600), 2)
        if rnd.random() < 0.22:
            dest = w.pick(HOLIDAYS)
            p.extra["holiday"] = (dest, rnd.uniform(3, days - 12), rnd.randint(5, 12))
            if dest in ("TR", "EG", "JO") and rnd.random() < GREY["foreign_carrier"]:
                p.extra["carrier"] = w.org(f"{dest} National Airlines", dest)
                p.extra["tickets"] = rnd.randint(3, 5) if rnd.random() < GREY["separate_tickets"] else 1
        elif rnd.random() < GREY["work_trip_conflict"] * 1.3:
            p.extra["holiday"] = (rnd.choice(["IQ", "IQ", "AF", "SO"]), rnd.uniform(3, days - 12), rnd.randint(4, 9))
        if rnd.random() < GREY["emigrant"]:
            p.extra["emigrate"] = rnd.uniform(20, days - 12)
        if rnd.random() < 0.06:
            p.extra["crypto"] = w.wallet()
        persons.append(p)
    for p in persons:
        p.extra["friends"] = rnd.sample(persons, min(4, len(persons)))

    charities = []
    for name, partners in (("Stichting Waterputten", [("KE", "Maji Safi Trust"), ("ET", "Tigray Water Partners")]),
                           ("Stichting Vluchtelingenhulp", [("JO", "Amman Relief Society"), ("LB", "Beqaa Aid Network")]),
                           ("Moskee Al-Fath Zuidstad", [("MA", "Association Ennour"), ("TR", "Yardim Eli Dernegi")]),
                           ("Stichting Kinderboeken", [("UG", "Kampala Reading Trust")])):
        c = w.org(name, customer_type="npo")
        c.extra["partners"] = [w.org(pn, country=pc, customer_type="npo") for pc, pn in partners]
        c.extra["staff"] = rnd.sample(persons, min(3, len(persons)))
        charities.append(c)
    refugees = [w.person(rnd.choice(["SY", "SY", "LB"]), rnd.choice(["LB", "JO"]), home_bank=False)
                for _ in range(GREY["cash_assistance"])]
    charities[1].extra["cash_assistance"] = refugees
    traders = [
        (w.org("Brandstofhandel Delta BV"), w.org("Rotterdam Fuel Terminal BV"), "diesel delivery batch {n}", (8000, 60000)),
        (w.org("Juwelier Goudsmid"), w.org("Antwerp Gold Refiners NV", "BE"), "gold bars 24k invoice {n}", (5000, 40000)),
        (w.org("Sieraden Import Oost"), w.org("Istanbul Kuyumculuk AS", "TR"), "gold jewellery order {n}", (3000, 25000)),
        (w.org("Cacao Handel Zaandam BV"), w.org("Lagos Cocoa Exporters Ltd", "NG"), "cocoa beans contract {n}",
         (60000, 350000)),
        (w.org("BBQ Groothandel NL"), w.org("Polska Wegiel Drzewny", "PL"), "hardwood charcoal pallets inv {n}", (2000, 12000)),
        (w.org("Pharma Export NL BV"), w.org("Amman Medical Supplies", "JO"), "pharmaceuticals order {n}", (10000, 90000)),
        (w.org("Dutch Dairy Export BV"), w.org("Gulf Foods Trading LLC", "AE"), "dairy products shipment {n}", (20000, 150000)),
    ]
    big_supplier = w.org("Siemens-like Industrie GmbH", "DE")

    for day in range(days):
        for p in persons:
            ex = p.extra
            # card spending at home (skipped while on holiday)
            hol = ex.get("holiday")
            away = hol is not None and hol[1] <= day < hol[1] + hol[2]
            k = _poisson(rnd, ex["card_rate"] * (0.35 if away else 1.0))
            for _ in range(k):
                mcc, mname, _wt, (lo, hi) = w.pick([(m, m[2]) for m in MERCHANTS])
                w.tx(w.at(day), p, merchants[mname], w.money(lo, hi), "card", mcc=mcc, terminal_country=HOME)
            if rnd.random() < 0.05:
                w.tx(w.at(day), p, cash_point(HOME), w.money(20, 300), "atm", terminal_country=HOME, mcc="6011")
            if rnd.random() < 0.07:
                f = rnd.choice(ex["friends"])
                if f is not p:
                    w.tx(w.at(day), p, f, w.money(5, 150), "p2p", remittance_info=rnd.choice(P2P_TEXT))
            # monthly cycle
            dom = (w.start + timedelta(days=day)).day
            if dom == ex["payday"]:
                w.tx(w.at(day, 6), ex["employer"], p, f"{ex['salary']:.2f}", "ach", remittance_info="salary",
                     purpose_code="SALA")
            if dom == 1:
                w.tx(w.at(day, 8), p, ex["landlord"], f"{ex['rent']:.2f}", "ach", remittance_info="rent")
                for u in rnd.sample(utilities, 3):
                    w.tx(w.at(day, 9), p, u, w.money(25, 180), "ach", remittance_info="monthly invoice")
            if "family" in ex and dom == min(28, ex["payday"] + 2):
                for fam in ex["family"]:
                    w.tx(w.at(day), p, fam, f"{ex['remit'] * rnd.uniform(0.8, 1.2):.2f}",
                         rnd.choice(["mvts", "mvts", "wire"]), remittance_info=rnd.choice(mvts_note), purpose_code="FAMI")
            if "crypto" in ex and rnd.random() < 0.03:
                w.tx(w.at(day), p, exchange, w.money(50, 900), "wire", remittance_info="deposit")
                if rnd.random() < 0.5:
                    own = Acct(p.name, ex["crypto"], HOME, "person", "individual")
                    w.tx(w.at(day, 23), exchange, own, w.money(40, 700), "crypto", remittance_info="withdrawal")
            if hol is not None and day == max(0, int(hol[1]) - 14):
                if "carrier" in ex:
                    for _ in range(ex["tickets"]):
                        w.tx(w.at(day, rnd.uniform(19, 22)), p, ex["carrier"], w.money(120, 380), "card", mcc="4511",
                             terminal_country=ex["carrier"].country, remittance_info="e-ticket")
                else:
                    seller = travel["airline"] if rnd.random() < 0.5 else travel["agency"]
                    w.tx(w.at(day), p, seller, w.money(300, 2400), "card",
                         mcc="4511" if seller is travel["airline"] else "4722", terminal_country=HOME,
                         remittance_info=f"booking {hol[0]}")
            if "emigrate" in ex and int(ex["emigrate"]) <= day < int(ex["emigrate"]) + 10 and rnd.random() < 0.45:
                if rnd.random() < 0.6:
                    w.tx(w.at(day), p, cash_point(HOME), w.money(500, 1000), "atm", terminal_country=HOME, mcc="6011")
                else:
                    own = Acct(p.name, ex.setdefault("abroad", w.iban("ES")), "ES", "person", "unknown")
                    w.tx(w.at(day), p, own, w.money(1500, 4000), "wire", remittance_info="moving abroad - own account")
            if away:
                country = hol[0]
                for _ in range(_poisson(rnd, 2.2)):
                    mcc, label, (lo, hi) = rnd.choice(ABROAD_MCC)
                    shop = Acct(f"{label} {country}", "M" + w.iban(country)[2:12], country, "organization", "business")
                    w.tx(w.at(day), p, shop, w.money(lo, hi), "card", mcc=mcc, terminal_country=country)
                if rnd.random() < 0.35:
                    w.tx(w.at(day), p, cash_point(country), w.money(50, 300), "atm", terminal_country=country,
                         mcc="6011")
        # charities: donations, staff, suppliers, programme grants
        for c in charities:
            for _ in range(_poisson(rnd, 1.2)):
                donor = rnd.choice(persons)
                w.tx(w.at(day), donor, c, w.money(10, 250), rnd.choice(["p2p", "wire", "ach"]),
                     remittance_info=rnd.choice(["donation", "gift", "zakat", "monthly donation", None]), purpose_code="CHAR")
            dom = (w.start + timedelta(days=day)).day
            if dom == 25:
                for s in c.extra["staff"]:
                    w.tx(w.at(day, 6), c, s, w.money(400, 1500), "ach", remittance_info="allowance", purpose_code="SALA")
            if dom == 10:
                partner = rnd.choice(c.extra["partners"])
                w.tx(w.at(day, 10), c, partner, w.money(3000, 15000), "wire", remittance_info="programme grant Q",
                     purpose_code="CHAR")
            if dom == 15:
                for r in c.extra.get("cash_assistance", ()):
                    w.tx(w.at(day, 10), c, r, w.money(150, 300), "mvts", remittance_info="cash assistance",
                         purpose_code="CHAR")
        # businesses: payroll is above; commodity trade and large supplier payments
        for buyer, seller, text, (lo, hi) in traders:
            rate = {"TR": GREY["gold_import_tr"], "NG": GREY["nigeria_trade"]}.get(seller.country, 0.12)
            if rnd.random() < rate:
                w.tx(w.at(day, rnd.uniform(8, 17)), buyer, seller, w.money(lo, hi), "wire",
                     remittance_info=text.format(n=rnd.randint(1000, 9999)), purpose_code="GDDS")
        if rnd.random() < 0.05:
            w.tx(w.at(day, 11), rnd.choice(employers), big_supplier, w.money(95000, 400000), "wire",
                 remittance_info=f"machinery invoice {rnd.randint(10000, 99999)}", purpose_code="GDDS")


def _poisson(rnd: random.Random, lam: float) -> int:
    n, p, limit = 0, 1.0, pow(2.718281828459045, -lam)
    while True:
        p *= rnd.random()
        if p <= limit:
            return n
        n += 1


# --- planted scenarios ----------------------------------------------------------------------------


class _Plant:
    """Collects one scenario's transactions and its label."""

    def __init__(self, w: _World, sid: str, rule: str, title: str, day0: float) -> None:
        self.w, self.sid, self.rule, self.title, self.day0 = w, sid, rule, title, day0
        self.accounts: list[Acct] = []
        self.docs: list[dict[str, Any]] = []
        self.triggers: list[dict[str, Any]] = []

    def acct(self, a: Acct) -> Acct:
        self.accounts.append(a)
        return a

    def tx(self, day: float, orig: Acct, bene: Acct, amount: str, channel: str, trigger: bool = False,
           hour: float | None = None, **extra: Any) -> dict[str, Any]:
        doc = self.w.tx(self.w.at(self.day0 + day, hour), orig, bene, amount, channel, self.sid, **extra)
        self.docs.append(doc)
        if trigger:
            self.triggers.append(doc)
        return doc

    def label(self) -> dict[str, Any]:
        return {"scenario": self.sid, "kind": "typology", "rule": self.rule, "title": self.title,
                "accounts": [a.account for a in self.accounts], "transaction_ids": self.docs,
                "trigger_ids": self.triggers}


def _customer(p: _Plant, origin: str | None = None) -> Acct:
    w = p.w
    return p.acct(w.person(origin or w.pick(ORIGINS)))


def _abroad(p: _Plant, country: str, origin: str | None = None) -> Acct:
    return p.acct(p.w.person(origin or p.w.rnd.choice(["SY", "TR", "LB", "SO", "AF"]), country, home_bank=False))


def plant_r3(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    text = w.rnd.choice(["support the mujahideen", "sadaqa for the sisters in al-Hol", "tajheez al ghazi",
                         "for the brothers - jihad bil mal", "donation Hay'at Tahrir al-Sham"])
    b = _abroad(p, w.rnd.choice(["TR", "DE", "GB"]))
    p.tx(0, a, b, w.money(40, 400), w.rnd.choice(["p2p", "wire", "mvts"]), trigger=True, remittance_info=text)


def plant_r4(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    for d in range(3):
        p.tx(d * 2, a, cash_point("TR"), w.money(200, 400), "atm", trigger=d == 2, terminal_country="TR", mcc="6011")
    zone = w.rnd.choice(["SY", "IQ", "SO", "AF"])
    p.tx(8, a, cash_point(zone), w.money(100, 300), "atm", trigger=True, terminal_country=zone, mcc="6011")


def plant_r5(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    country = w.rnd.choice(["TR", "JO", "LB"])
    seller = p.acct(w.org(f"{country} Air Travel", country))
    for i in range(w.rnd.choice([3, 4])):
        p.tx(i * 0.4, a, seller, w.money(180, 450), "card", trigger=i >= 2, mcc=w.rnd.choice(["4511", "3007", "4722"]),
             terminal_country=country, remittance_info="one-way ticket")


def plant_r6(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    employer = p.acct(w.org("Schoonmaak Service BV"))
    credits = 0.0
    for m in range(2):
        p.tx(-50 + m * 30, employer, a, "2600.00", "ach", remittance_info="salary", purpose_code="SALA")
        credits += 2600
    buyer = p.acct(w.person("NL"))
    sale = w.rnd.uniform(4000, 7000)
    credits += sale
    p.tx(-5, buyer, a, f"{sale:.2f}", "wire", remittance_info="sale of car Golf")
    cash = 0.0
    for i in range(4):
        amount = w.rnd.uniform(1000, 1500)
        cash += amount
        p.tx(i * 2, a, cash_point(HOME), f"{amount:.2f}", "atm", terminal_country=HOME, mcc="6011")
    b = _abroad(p, "TR")
    rest = max(500.0, credits * w.rnd.uniform(0.86, 0.95) - cash)
    p.tx(8.5, a, b, f"{rest:.2f}", "mvts", trigger=True, remittance_info="for brother")


def plant_r8(p: _Plant) -> None:
    w = p.w
    a = _customer(p, "SY")
    b = _abroad(p, w.rnd.choice(["SY", "LB", "TR"]), "SY")
    for i in range(3):
        p.tx(i * 20, a, b, w.money(300, 1200), "mvts", trigger=i >= 1, remittance_info="family support")


def plant_r9(p: _Plant) -> Acct:
    w = p.w
    a = _customer(p)
    last = a
    for i in range(4):
        b = _abroad(p, w.rnd.choice(["TR", "LB", "JO", "SY"]))
        p.tx(i * 4, a, b, w.money(250, 1500), w.rnd.choice(["mvts", "wire"]), trigger=i >= 2,
             remittance_info=w.rnd.choice(["help", "gift", None]))
        last = b
    return last


def plant_r10(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    total = 0.0
    senders = [p.acct(w.person(w.pick(ORIGINS))) for _ in range(8)]
    for i in range(12):
        amount = w.rnd.uniform(30, 160)
        total += amount
        p.tx(i * 0.25, senders[i % len(senders)], a, f"{amount:.2f}", "p2p",
             remittance_info=w.rnd.choice(["for the cause", "help", None]))
    b = _abroad(p, w.rnd.choice(["TR", "SY", "LB"]))
    # Two days or more after the last credit: a stream that packs weeks into seconds must have
    # recorded the credits before the forward is evaluated (README "Offline and stream").
    p.tx(5.5, a, b, f"{total * w.rnd.uniform(0.8, 0.95):.2f}", "mvts", trigger=True)


def plant_r11(p: _Plant) -> None:
    w = p.w
    npo = p.acct(w.org("Stichting Hulp Oost", customer_type="npo"))
    for i in range(3):
        b = _abroad(p, w.rnd.choice(["LB", "SY", "TR"]))
        p.tx(i * 12, npo, b, w.money(1000, 3500), "wire", trigger=i >= 1, remittance_info="aid", purpose_code="CHAR")


def plant_r12(p: _Plant) -> None:
    w = p.w
    npo = p.acct(w.org("Stichting Weeshuis Hoop", customer_type="npo"))
    total = 0.0
    for i in range(9):
        amount = w.rnd.uniform(300, 900)
        total += amount
        donor = p.acct(w.person(w.pick(ORIGINS)))
        p.tx(i * 1.5, donor, npo, f"{amount:.2f}", "p2p", remittance_info="donation", purpose_code="CHAR")
    p.tx(15, npo, cash_point(HOME), f"{total * 0.35:.2f}", "cash", remittance_info="cash withdrawal")
    p.tx(17, npo, cash_point(HOME), f"{total * 0.3:.2f}", "cash", trigger=True, remittance_info="cash withdrawal")


def plant_r16(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    mixer = p.acct(Acct(w.rnd.choice(["Tornado Cash", "ChipMixer", "Sinbad.io", "Garantex"]), "0x" + "".join(
        w.rnd.choice("0123456789abcdef") for _ in range(40)), "NL", "organization", "vasp"))
    p.tx(0, a, mixer, w.money(300, 3000), "crypto", trigger=True, remittance_info="transfer")


def plant_r17(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    b = p.acct(Acct("wallet", w.wallet(), "AE", "unknown", "unknown"))
    for i in range(4):
        p.tx(0, a, b, w.money(850, 995), w.rnd.choice(["crypto", "wire"]), trigger=i >= 2, hour=9 + i * 3)


def plant_r19(p: _Plant) -> None:
    w = p.w
    buyer = p.acct(w.org("Eastern Energy Trading BV"))
    seller = p.acct(w.org("Al-Furat Petroleum Transport", w.rnd.choice(["SY", "IQ", "LY"])))
    p.tx(0, buyer, seller, w.money(20000, 90000), w.rnd.choice(["wire", "mvts"]), trigger=True,
         remittance_info="crude oil 3 tanker trucks")


def plant_r20(p: _Plant) -> None:
    w = p.w
    buyer = p.acct(w.org("Shisha Supplies Europe BV"))
    seller = p.acct(w.org("Horn Charcoal Export", w.rnd.choice(["SO", "DJ"])))
    p.tx(0, buyer, seller, w.money(8000, 30000), "wire", trigger=True,
         remittance_info="acacia charcoal 2 containers ex Kismayo")


def plant_r21(p: _Plant) -> None:
    w = p.w
    buyer = p.acct(w.org("Goud & Zilver Handel BV"))
    seller = p.acct(w.org("Sahel Mining Cooperative", w.rnd.choice(["ML", "BF", "SD"])))
    for i in range(3):
        p.tx(i * 6, buyer, seller, w.money(15000, 60000), "wire", trigger=True, remittance_info="raw gold dore bars")


def plant_r22(p: _Plant) -> None:
    w = p.w
    orig = p.acct(w.org("Cedar Pharma Trading SAL", "LB"))
    bene = p.acct(w.org("Amman Wholesale Foods", "JO"))
    inter = {"name": "TFS Bank NL", "type": "organization", "bank_bic": BANK_BIC, "country": "NL"}
    p.tx(0, orig, bene, w.money(30000, 120000), "wire", trigger=True, remittance_info="pharmaceutical tablets",
         intermediaries=[inter])
    p.tx(3, orig, bene, w.money(30000, 120000), "wire", trigger=True, remittance_info="fenethylline 200kg",
         intermediaries=[inter])


def plant_r23(p: _Plant) -> None:
    w = p.w
    firm = p.acct(w.org("Offshore Logistics NL BV"))
    fixer = _abroad(p, w.rnd.choice(["ML", "NE", "YE", "SO"]))
    p.tx(0, firm, fixer, w.money(150000, 900000), "wire", trigger=True, remittance_info="urgent - release costs")


def plant_r32(p: _Plant) -> None:
    w = p.w
    a = _customer(p)
    src = p.acct(w.person("NL"))
    amount = w.rnd.uniform(3000, 9000)
    p.tx(0, src, a, f"{amount:.2f}", "wire", remittance_info="loan")
    b = _abroad(p, w.rnd.choice(["AE", "GB", "US"]), "PK")
    p.tx(0.7, a, b, f"{amount * 0.9:.2f}", "wire", trigger=True)


def plant_r33(p: _Plant) -> None:
    w = p.w
    a, b, c = (_customer(p) for _ in range(3))
    amount = w.rnd.uniform(2000, 8000)
    p.tx(0, a, b, f"{amount:.2f}", "wire")
    p.tx(2, b, c, f"{amount * 0.97:.2f}", "wire")
    p.tx(4, c, a, f"{amount * 0.94:.2f}", "wire", trigger=True)


def plant_g1_alerted(p: _Plant) -> None:
    """A fan-out alerts on its sender; the last recipient then pays someone else (1 hop)."""
    last = plant_r9(p)
    p.triggers.clear()
    c = p.acct(p.w.person("TR", "DE", home_bank=False))
    p.tx(16, last, c, p.w.money(200, 900), "p2p", trigger=True, remittance_info="for you")


# rule -> (title, planter, days needed before day 0, days used from day 0)
PLANTERS: dict[str, tuple[str, Callable[[_Plant], Any], int, int]] = {
    "R3": ("TF slogan in a P2P reference", plant_r3, 0, 1),
    "R4": ("cash drawn next to and inside a conflict zone", plant_r4, 0, 9),
    "R5": ("several one-way tickets towards a risk area", plant_r5, 0, 2),
    "R6": ("account emptied before departure", plant_r6, 50, 8),
    "R8": ("repeated MVTS remittances to a person near a conflict zone", plant_r8, 0, 41),
    "R9": ("fan-out to four individuals in risk jurisdictions", plant_r9, 0, 13),
    "R10": ("small P2P credits collected and forwarded to Türkiye, Syria or Lebanon", plant_r10, 0, 7),
    "R11": ("charity paying individuals in risk jurisdictions", plant_r11, 0, 25),
    "R12": ("charity cashes out donations", plant_r12, 0, 18),
    "R16": ("crypto sent to a mixer or sanctioned service", plant_r16, 0, 1),
    "R17": ("transfers split under 1,000", plant_r17, 0, 1),
    "R19": ("crude oil bought from Syria, Iraq or Libya", plant_r19, 0, 1),
    "R20": ("charcoal shipped from Kismayo", plant_r20, 0, 1),
    "R21": ("raw gold from the Sahel", plant_r21, 0, 13),
    "R22": ("pharmaceuticals and fenethylline Lebanon to Jordan", plant_r22, 0, 4),
    "R23": ("large urgent payment to a kidnap-for-ransom region", plant_r23, 0, 1),
    "R32": ("money passed straight through abroad", plant_r32, 0, 2),
    "R33": ("money returns through two accounts", plant_r33, 0, 5),
    "G1": ("recipient of an alerted fan-out pays on", plant_g1_alerted, 0, 17),
}


def _plant_listed(w: _World, names: Sequence[str], days: int) -> list[dict[str, Any]]:
    labels = []
    for i, name in enumerate(names):
        sid = f"watchlist-{i + 1}"
        account = w.iban(w.rnd.choice(["TR", "SY", "LB", "AE", "SO", "PK"]))
        listed = Acct(name, account, account[:2], "unknown", "unknown")
        docs, roles = [], {}
        for _ in range(w.rnd.choice([1, 2, 3])):
            when = w.at(w.rnd.uniform(1, days - 2))
            if w.rnd.random() < 0.6:
                payer = w.person(w.pick(ORIGINS))
                doc = w.tx(when, payer, listed, w.money(100, 4000), w.rnd.choice(["wire", "mvts"]), sid,
                           remittance_info=w.rnd.choice(["support", "family", "invoice", None]))
                roles[id(doc)] = "beneficiary"
            else:
                payee = w.person(w.pick(ORIGINS))
                doc = w.tx(when, listed, payee, w.money(100, 4000), "wire", sid)
                roles[id(doc)] = "originator"
            docs.append(doc)
        labels.append({"scenario": sid, "kind": "watchlist", "name": name, "account": listed.account,
                       "transaction_ids": docs, "roles": roles})
    if names:
        # A chain from the first listed name: it pays B, B pays C, C pays D (G1 on B->C and C->D).
        sid = "G1-listed"
        first_label = labels[0]
        listed = Acct(names[0], first_label["account"], first_label["account"][:2], "unknown", "unknown")
        b, c, d = (w.person(o) for o in ("SY", "TR", "NL"))
        day = w.rnd.uniform(5, days - 20)
        first = w.tx(w.at(day), listed, b, w.money(500, 3000), "wire", sid, remittance_info="for expenses")
        first_label["transaction_ids"].append(first)
        first_label["roles"][id(first)] = "originator"
        second = w.tx(w.at(day + 3), b, c, w.money(300, 2000), "p2p", sid)
        third = w.tx(w.at(day + 6), c, d, w.money(200, 1500), "p2p", sid)
        labels.append({"scenario": sid, "kind": "typology", "rule": "G1",
                       "title": "money from a listed person passed on twice",
                       "accounts": [listed.account, b.account, c.account, d.account],
                       "transaction_ids": [first, second, third], "trigger_ids": [second, third],
                       "listed": {"name": names[0], "account": listed.account}})
    return labels


# --- entry point ----------------------------------------------------------------------------------


def generate(
    n: int,
    seed: int = 0,
    planted_names: Sequence[str] = (),
    scenarios: bool = True,
    start: datetime | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``n`` transactions (contract-valid dicts, time order, unique ids) and the labels.

    ``planted_names`` (listed people or organisations) each appear in one to three
    transactions as originator or beneficiary, labelled ``"watchlist"``. With
    ``scenarios`` the TF typology scenarios are planted too (about one of each rule per
    20,000 transactions, at least one).
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    start = (start or datetime(2026, 1, 5, tzinfo=timezone.utc)).astimezone(timezone.utc)
    w = _World(seed, start)
    days = SPAN_DAYS
    labels: list[dict[str, Any]] = []
    if scenarios:
        rounds = max(1, n // 20000)
        for r in range(rounds):
            for rule, (title, planter, lead, length) in PLANTERS.items():
                day0 = w.rnd.uniform(max(1, lead), days - length - 1)
                p = _Plant(w, f"{rule}-{r + 1}", rule, title, day0)
                planter(p)
                labels.append(p.label())
    labels.extend(_plant_listed(w, planted_names, days))
    planted = len(w.events)
    if planted > n:
        raise ValueError(f"n={n} is too small for the {planted} planted transactions; use n >= {planted * 3}")
    persons = max(12, round((n - planted) / (TX_PER_PERSON_DAY * days)))
    bg_start = len(w.events)
    _background(w, persons, days)
    _fit(w, bg_start, n)
    w.events.sort(key=lambda e: e[0])
    width = max(7, len(str(n)))
    last: datetime | None = None
    for i, (when, doc, _sid) in enumerate(w.events):
        when = when.replace(microsecond=0)
        if last is not None and when <= last:
            when = last + timedelta(seconds=1)
        last = when
        doc["timestamp"] = when.isoformat().replace("+00:00", "Z")
        doc["id"] = f"s{seed}-{i + 1:0{width}d}"
    txs = [doc for _, doc, _ in w.events]
    for label in labels:
        docs = sorted(label["transaction_ids"], key=lambda d: d["id"])  # ids follow time order
        roles = label.pop("roles", None)
        if roles is not None:
            label["roles"] = {d["id"]: roles[id(d)] for d in docs}
        label["transaction_ids"] = [d["id"] for d in docs]
        if "trigger_ids" in label:
            label["trigger_ids"] = sorted(d["id"] for d in label["trigger_ids"])
    return txs, labels


def _fit(w: _World, bg_start: int, n: int) -> None:
    """Make the event count exactly n: drop random home card payments, or add more."""
    excess = len(w.events) - n
    if excess > 0:
        card = [i for i in range(bg_start, len(w.events))
                if w.events[i][1]["channel"] == "card" and w.events[i][1].get("terminal_country") == HOME
                and w.events[i][1].get("mcc") not in ("4511", "4722")]
        drop = set(w.rnd.sample(card, min(excess, len(card))))
        if len(drop) < excess:
            others = [i for i in range(bg_start, len(w.events)) if i not in drop]
            drop |= set(w.rnd.sample(others, excess - len(drop)))
        w.events[:] = [e for i, e in enumerate(w.events) if i not in drop]
    elif excess < 0:
        persons = [e[1]["originator"] for e in w.events[bg_start:] if e[1]["channel"] == "card"
                   and e[1]["originator"].get("customer_type") == "individual"]
        shop = Acct("Albert Market", w.iban(HOME), HOME, "organization", "business", BANK_BIC)
        for _ in range(-excess):
            payer = w.rnd.choice(persons) if persons else {"name": "Jan Smit", "type": "person",
                                                           "account": w.iban(HOME), "country": HOME}
            doc = {"id": "", "timestamp": "", "amount": w.money(5, 90), "currency": "EUR", "channel": "card",
                   "direction": "outgoing", "originator": dict(payer), "beneficiary": shop.party(),
                   "mcc": "5411", "terminal_country": HOME}
            w.events.append((w.at(w.rnd.uniform(0, SPAN_DAYS - 1)), doc, None))
