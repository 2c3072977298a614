#!/usr/bin/env python3
"""Independent test-data generator for LeakTrace's evaluation suite.

This generator does NOT call leaktrace. It uses Python's `random` with a seed, its own small
lists of names, streets and towns, and two independent oracles:

* python-stdnum (`stdnum.my.nric`, `stdnum.imsi`, `stdnum.imei`, `stdnum.luhn`) for MyKad,
  IMSI, IMEI and ICCID validity;
* phonenumbers (region MY) for phone validity, type and the E.164 canonical form.

Every value that goes into the ground truth is checked by an oracle, and every value injected as
"invalid" is checked to FAIL its oracle (see `self_check`).

It writes:

(a) structured dumps with ground truth (one `<variant>.truth.json` per dump):
    malay.csv      Malay headers (Nama, No KP, No HP, Emel, Alamat, Poskod, Negeri, IMSI, ICCID,
                   IMEI, Tarikh Aktif, Tel Rumah), CRLF line ends, phones in every spelling
    english.csv    snake_case headers, MSISDN column in 60... form, created_at (yyMMddHHmmss)
                   and order_no (12 digits) look-alike columns, home_phone (fixed lines)
    dump.tsv       tab-separated, Malay/English mixed headers
    cryptic.csv    headers c01..c12, including the look-alike columns
    noheader.csv   the Malay column order without a header row
    dump.ndjson    one flat JSON object per line
(b) free text (`chat.txt`) with `chat.truth.json`: spans with type, canonical value and UTF-8
    byte offsets, plus distractors (order numbers, longer digit runs containing a MyKad or a
    phone, timestamps).

Ground truth per type is the set of distinct canonical values: MyKad 12 digits, phones E.164
(`+60...`, from phonenumbers), email lower-cased, IMSI/ICCID/IMEI digits only. The true number
of unique persons is: distinct valid MyKads, plus distinct phones of rows without a valid MyKad
whose phone is not the phone of any row with a valid MyKad.

Usage:  python3 gen_independent.py --out DIR [--rows 20000] [--seed 1] [--text-lines 1500]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import io
import json
import os
import random
import sys
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from stdnum import imei as std_imei
from stdnum import imsi as std_imsi
from stdnum import luhn as std_luhn
from stdnum.my import nric as std_nric

# --------------------------------------------------------------------------------------------
# Small reference lists (our own; postcodes/towns/states are public geography, not personal data)
# --------------------------------------------------------------------------------------------

MALAY_MALE = ["Ahmad", "Muhammad", "Mohd", "Ali", "Hassan", "Ismail", "Azman", "Faizal", "Hafiz",
              "Rizal", "Amirul", "Syafiq", "Zulkifli", "Kamal", "Razak", "Iskandar"]
MALAY_FEMALE = ["Siti", "Nur", "Aisyah", "Farah", "Nurul", "Aminah", "Zainab", "Hidayah",
                "Syazwani", "Liyana", "Fatimah", "Amira", "Balqis", "Izzati"]
MALAY_FATHER = ["Abdullah", "Ibrahim", "Osman", "Yusof", "Hamid", "Rahman", "Salleh", "Ismail",
                "Hashim", "Kassim", "Mahmud", "Omar"]
CHINESE_SURNAME = ["Tan", "Lim", "Lee", "Wong", "Ng", "Chan", "Ong", "Teo", "Goh", "Chong", "Yap",
                   "Low"]
CHINESE_GIVEN = ["Wei Ming", "Mei Ling", "Kah Wai", "Siew Lan", "Chee Keong", "Hui Min",
                 "Jia Hao", "Li Ting", "Boon Huat", "Pei Shan"]
INDIAN_MALE = ["Muthu", "Ravi", "Suresh", "Ganesh", "Kumar", "Arjun", "Vijay", "Prakash"]
INDIAN_FEMALE = ["Priya", "Kavitha", "Devi", "Lakshmi", "Anitha", "Meena", "Shanti"]
INDIAN_FATHER = ["Ramasamy", "Subramaniam", "Krishnan", "Arumugam", "Gopal", "Rajendran",
                 "Muniandy"]

STREETS = ["Jalan Ampang", "Jalan SS 2/24", "Jalan Tun Razak", "Jalan Bukit Bintang",
           "Lorong Maarof", "Jalan Sultan Ismail", "Jalan Merdeka", "Persiaran Gurney",
           "Jalan Kebun Teh", "Jalan Tebrau", "Jalan Padang Tembak", "Lorong Kenari 3",
           "Jalan Mawar 5", "Taman Desa Jaya, Jalan 7", "Jalan Dato Onn", "Jalan Tanjung"]

# (postcode, town, state as commonly written)
TOWNS = [("50450", "Kuala Lumpur", "WP Kuala Lumpur"), ("47300", "Petaling Jaya", "Selangor"),
         ("40000", "Shah Alam", "Selangor"), ("43000", "Kajang", "Selangor"),
         ("10200", "George Town", "Pulau Pinang"), ("80100", "Johor Bahru", "Johor"),
         ("81300", "Skudai", "Johor"), ("30000", "Ipoh", "Perak"),
         ("93000", "Kuching", "Sarawak"), ("88000", "Kota Kinabalu", "Sabah"),
         ("75000", "Melaka", "Melaka"), ("25000", "Kuantan", "Pahang"),
         ("39000", "Tanah Rata", "Pahang"), ("15000", "Kota Bharu", "Kelantan"),
         ("20000", "Kuala Terengganu", "Terengganu"), ("05000", "Alor Setar", "Kedah"),
         ("01000", "Kangar", "Perlis"), ("70000", "Seremban", "Negeri Sembilan"),
         ("62000", "Putrajaya", "WP Putrajaya"), ("87000", "Labuan", "WP Labuan")]

EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com",
                 "example.com.my"]

# MyKad place-of-birth codes (spec §3.4): states + alternates, foreign groups, 82, 98, 99.
PB_VALID = ([f"{i:02d}" for i in range(1, 17)] + [f"{i:02d}" for i in range(21, 60)]
            + [f"{i:02d}" for i in range(60, 69)] + ["71", "72"]
            + [f"{i:02d}" for i in range(74, 80)] + [f"{i:02d}" for i in range(82, 94)]
            + ["98", "99"])
# Mostly Malaysian-born, like a real dump.
PB_WEIGHTS = [8.0 if int(pb) <= 16 else (1.0 if int(pb) < 60 else 0.15) for pb in PB_VALID]
PB_INVALID = ["00", "17", "18", "19", "20", "69", "70", "73", "80", "81", "94", "95", "96", "97"]

# IMSI: MCC 502 + operational MNCs of spec §5.1 (2-digit, and 3-digit 15x).
IMSI_MNC = ["10", "11", "12", "13", "16", "17", "18", "19", "150", "152", "153", "156", "157"]
# Plausible TAC prefixes (8-digit TACs are built from these + random digits; never 00000000).
TAC_PREFIXES = ["35", "86", "01", "99", "49", "45"]

MOBILE_PREFIXES = ["10", "11", "12", "13", "14", "16", "17", "18", "19"]
FIXED_AREAS = ["3", "4", "5", "6", "7", "9", "82", "83", "84", "85", "86", "87", "88", "89"]

SCORED_TYPES = ["mykad", "phone_mobile", "email", "imsi", "iccid", "imei"]
ALL_TRUTH_TYPES = SCORED_TYPES + ["phone_fixed"]


# --------------------------------------------------------------------------------------------
# Oracle helpers
# --------------------------------------------------------------------------------------------

def luhn_digit(body: str) -> str:
    return std_luhn.calc_check_digit(body)


@functools.lru_cache(maxsize=None)
def phone_canonical(spelling: str) -> str | None:
    """E.164 per phonenumbers (region MY), or None when phonenumbers says it is not valid."""
    try:
        n = phonenumbers.parse(spelling, "MY")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(n):
        return None
    return phonenumbers.format_number(n, PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=None)
def phone_kind(e164: str) -> str:
    t = phonenumbers.number_type(phonenumbers.parse(e164, None))
    if t == PhoneNumberType.MOBILE:
        return "phone_mobile"
    if t == PhoneNumberType.FIXED_LINE:
        return "phone_fixed"
    return "other"


def mykad_ok(digits: str) -> bool:
    return std_nric.is_valid(digits)


def is_placeholder_mykad(d: str) -> bool:
    return len(set(d)) == 1 or d[8:] == "0000" or "123456" in d


# --------------------------------------------------------------------------------------------
# Value generators
# --------------------------------------------------------------------------------------------

class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.used: dict[str, set[str]] = {k: set() for k in ALL_TRUTH_TYPES}

    def _unique(self, kind: str, make) -> str:
        for _ in range(10000):
            v = make()
            if v is not None and v not in self.used[kind]:
                self.used[kind].add(v)
                return v
        raise RuntimeError(f"cannot make a unique {kind}")

    # --- persons ---
    def name(self, male: bool) -> str:
        r = self.r
        kind = r.random()
        if kind < 0.55:
            given = r.choice(MALAY_MALE if male else MALAY_FEMALE)
            if r.random() < 0.4:
                given += " " + r.choice(MALAY_FEMALE if not male else MALAY_MALE)
            conn = r.choice(["BIN", "bin"]) if male else r.choice(["BINTI", "binti", "BT"])
            return f"{given} {conn} {r.choice(MALAY_FATHER)}"
        if kind < 0.8:
            return f"{r.choice(CHINESE_SURNAME)} {r.choice(CHINESE_GIVEN)}"
        given = r.choice(INDIAN_MALE if male else INDIAN_FEMALE)
        conn = "A/L" if male else "A/P"
        return f"{given} {conn} {r.choice(INDIAN_FATHER)}"

    def mykad(self, male: bool) -> str:
        r = self.r

        def make():
            born = dt.date(1940, 1, 1) + dt.timedelta(days=r.randrange(0, 68 * 365))
            pb = r.choices(PB_VALID, PB_WEIGHTS)[0]
            serial = f"{r.randrange(0, 1000):03d}"
            g = r.choice("13579" if male else "02468")
            d = born.strftime("%y%m%d") + pb + serial + g
            if not mykad_ok(d) or is_placeholder_mykad(d):
                return None
            return d
        return self._unique("mykad", make)

    def invalid_mykad(self) -> str:
        """Structurally MyKad-shaped but invalid: wrong PB, or a day that does not exist."""
        r = self.r
        while True:
            if r.random() < 0.5:
                born = dt.date(1950, 1, 1) + dt.timedelta(days=r.randrange(0, 50 * 365))
                d = born.strftime("%y%m%d") + r.choice(PB_INVALID) + f"{r.randrange(1000, 10000)}"
            else:
                yy = r.choice([y for y in range(50, 100) if y % 4 != 0])
                mmdd = r.choice(["0230", "0231", "0229", "0431", "0631", "0931", "1131"])
                d = f"{yy:02d}{mmdd}" + r.choice(PB_VALID[:16]) + f"{r.randrange(1000, 10000)}"
            if not mykad_ok(d):
                return d

    def mobile_nsn(self) -> tuple[str, str]:
        r = self.r

        def make():
            p = r.choice(MOBILE_PREFIXES)
            length = 10 if p == "11" else (10 if p == "19" and r.random() < 0.15 else 9)
            nsn = p + "".join(r.choice("0123456789") for _ in range(length - 2))
            e = phone_canonical("+60" + nsn)
            if e is None or phone_kind(e) != "phone_mobile":
                return None
            return e
        e = self._unique("phone_mobile", make)
        return e[3:], e

    def fixed_nsn(self) -> tuple[str, str]:
        r = self.r

        def make():
            a = r.choice(FIXED_AREAS)
            sub = 8 if a == "3" else (7 if len(a) == 1 else 6)
            nsn = a + "".join(r.choice("0123456789") for _ in range(sub))
            e = phone_canonical("+60" + nsn)
            if e is None or phone_kind(e) != "phone_fixed":
                return None
            return e
        e = self._unique("phone_fixed", make)
        return e[3:], e

    def imsi(self) -> str:
        r = self.r

        def make():
            mnc = r.choice(IMSI_MNC)
            head = "502" + mnc
            # Validity (stdnum.imsi) is checked for every value in self_check.
            return head + "".join(r.choice("0123456789") for _ in range(15 - len(head)))
        return self._unique("imsi", make)

    def iccid(self) -> str:
        r = self.r

        def make():
            body = "8960" + r.choice(["12", "13", "16", "18", "19", "10"]) + \
                "".join(r.choice("0123456789") for _ in range(12))
            return body + luhn_digit(body)        # checked by stdnum.luhn in self_check
        return self._unique("iccid", make)

    def imei(self) -> str:
        r = self.r

        def make():
            body = r.choice(TAC_PREFIXES) + "".join(r.choice("0123456789") for _ in range(12))
            if body.startswith("00000000"):
                return None
            return body + luhn_digit(body)        # checked by stdnum.imei in self_check
        return self._unique("imei", make)

    def bad_imei(self) -> str:
        good = self.imei()
        self.used["imei"].discard(good)
        bad = good[:-1] + str((int(good[-1]) + 1 + self.r.randrange(9)) % 10)
        assert not std_luhn.is_valid(bad)
        return bad

    def email(self, name: str) -> str:
        r = self.r

        def make():
            toks = [t.lower() for t in name.replace("/", " ").split()
                    if t.lower() not in ("bin", "binti", "bt", "a", "l", "p")]
            local = r.choice([".", "_", ""]).join(toks[:2]) + str(r.randrange(1, 999))
            return f"{local}@{r.choice(EMAIL_DOMAINS)}"
        return self._unique("email", make)

    def address(self) -> tuple[str, str, str]:
        r = self.r
        postcode, town, state = r.choice(TOWNS)
        house = r.choice(["No. ", "", "Lot ", "No "]) + str(r.randrange(1, 300))
        street = r.choice(STREETS)
        sep = "\n" if r.random() < 0.12 else " "          # embedded newlines in quoted fields
        addr = f"{house}, {street},{sep}{postcode} {town}"
        return addr, postcode, state

    def timestamp12(self) -> str:
        """yyMMddHHmmss between 2012 and 2015 (a MyKad look-alike: §3.7)."""
        t = dt.datetime(2012, 1, 1) + dt.timedelta(seconds=self.r.randrange(0, 4 * 365 * 86400))
        return t.strftime("%y%m%d%H%M%S")

    def order_no(self) -> str:
        return str(self.r.randrange(10 ** 11, 10 ** 12))

    def activation_date(self, fmt: str) -> str:
        d = dt.date(2012, 1, 1) + dt.timedelta(days=self.r.randrange(0, 3 * 365))
        return d.strftime(fmt)


# --------------------------------------------------------------------------------------------
# Spellings (spec §4.7, except the bare 9-digit form)
# --------------------------------------------------------------------------------------------

MOBILE_SPELLINGS = [
    "0{a}-{r1} {r2}", "0{a}-{rest}", "0{nsn}", "0{a} {r1} {r2}", "+60 {a}-{r1} {r2}",
    "+60{a}-{rest}", "+60{nsn}", "60{nsn}", "60 {a} {r1} {r2}", "0060{nsn}",
    "+60 (0){a}-{r1} {r2}", "(0{a}) {r1} {r2}", "tel:+60{nsn}",
]


def split_nsn(nsn: str, mobile: bool) -> dict[str, str]:
    if mobile:
        a = nsn[:2]
    else:
        a = nsn[:1] if nsn[0] in "345679" else nsn[:2]
    rest = nsn[len(a):]
    cut = 3 if len(rest) in (6, 7) else 4
    return {"a": a, "rest": rest, "r1": rest[:cut], "r2": rest[cut:], "nsn": nsn}


def spell_phone(r: random.Random, nsn: str, e164: str, mobile: bool = True,
                spellings: list[str] | None = None) -> str:
    parts = split_nsn(nsn, mobile)
    spellings = spellings or MOBILE_SPELLINGS
    for _ in range(20):
        s = r.choice(spellings).format(**parts)
        if phone_canonical(s) == e164:
            return s
    return "0" + nsn


def spell_mykad(r: random.Random, d: str, dash_rate: float = 0.5) -> str:
    x = r.random()
    if x < dash_rate:
        return f"{d[:6]}-{d[6:8]}-{d[8:]}"
    if x < dash_rate + 0.05:
        return f"{d[:6]} {d[6:8]} {d[8:]}"
    return d


# --------------------------------------------------------------------------------------------
# Structured dumps
# --------------------------------------------------------------------------------------------

@dataclass
class Row:
    name: str = ""
    mykad: str = ""          # cell text
    mykad_canon: str | None = None
    phone: str = ""          # cell text
    phone_canon: str | None = None
    email: str = ""
    email_canon: str | None = None
    address: str = ""
    postcode: str = ""
    state: str = ""
    imsi: str = ""
    iccid: str = ""
    imei: str = ""
    imei_valid: bool = True
    activated: str = ""
    created_at: str = ""
    order_no: str = ""
    home: str = ""
    home_canon: str | None = None
    extra: dict = field(default_factory=dict)


def make_rows(g: Gen, n_rows: int, msisdn_form: bool, with_home: bool,
              date_fmt: str = "%Y-%m-%d") -> list[Row]:
    r = g.r
    rows: list[Row] = []
    mykad_rows: list[Row] = []
    while len(rows) < n_rows:
        male = r.random() < 0.5
        name = g.name(male)
        has_kad = r.random() > 0.08                      # ~8 % phone-only persons
        kad = g.mykad(male) if has_kad else None
        email = g.email(name) if r.random() < 0.8 else None
        addr, postcode, state = g.address()
        n_sims = 1 if not has_kad else r.choices([1, 2, 3, 4], [0.6, 0.25, 0.1, 0.05])[0]
        home = g.fixed_nsn() if (with_home and r.random() < 0.3) else None
        for _ in range(n_sims):
            nsn, e164 = g.mobile_nsn()
            row = Row(name=name, address=addr, postcode=postcode, state=state)
            if kad:
                row.mykad = spell_mykad(r, kad)
                row.mykad_canon = kad
            if msisdn_form:
                row.phone = "60" + nsn
            else:
                row.phone = spell_phone(r, nsn, e164)
            row.phone_canon = e164
            if email:
                shown = email
                if r.random() < 0.1:                     # domain case differs; truth is lower
                    local, dom = email.split("@")
                    shown = f"{local}@{dom.upper()}"
                row.email = shown
                row.email_canon = email.lower()
            row.imsi = g.imsi()
            row.iccid = g.iccid()
            if r.random() < 0.01:                        # Luhn-failing IMEI: never emitted
                row.imei = g.bad_imei()
                row.imei_valid = False
            else:
                row.imei = g.imei()
            row.activated = g.activation_date(date_fmt)
            row.created_at = g.timestamp12()
            row.order_no = g.order_no()
            if home:
                row.home = spell_phone(r, home[0], home[1], mobile=False,
                                       spellings=["0{a}-{r1} {r2}", "0{a}-{rest}", "0{nsn}",
                                                  "+60 {a}-{r1} {r2}", "+60{nsn}"])
                row.home_canon = home[1]
            rows.append(row)
            if kad:
                mykad_rows.append(row)
    rows = rows[:n_rows]
    # Invalid MyKads (wrong PB, 30 Feb, ...): a re-registration of an existing MyKad person's
    # SIM (same phone) with a damaged IC. Not in the truth; does not add a person.
    for _ in range(max(1, n_rows // 100)):
        src = r.choice(mykad_rows)
        bad = Row(**{k: v for k, v in src.__dict__.items() if k != "extra"})
        bad.mykad = spell_mykad(r, g.invalid_mykad())
        bad.mykad_canon = None
        rows.append(bad)
    # Invalid mobile numbers (011 with a 7-digit subscriber number, 0130...): not in the truth.
    for _ in range(max(1, n_rows // 200)):
        src = r.choice(mykad_rows)
        bad = Row(**{k: v for k, v in src.__dict__.items() if k != "extra"})
        bad.phone = r.choice(["011-{} {}", "013-0{} {}"]).format(
            r.randrange(100, 1000), r.randrange(1000, 10000))
        if msisdn_form:
            bad.phone = "60" + "".join(c for c in bad.phone if c.isdigit())[1:]
        assert phone_canonical(bad.phone) is None, bad.phone
        bad.phone_canon = None
        bad.imsi, bad.iccid, bad.imei, bad.imei_valid = g.imsi(), g.iccid(), g.imei(), True
        rows.append(bad)
    r.shuffle(rows)
    return rows


def truth_of(rows: list[Row], include_home: bool) -> dict:
    t: dict[str, set[str]] = {k: set() for k in ALL_TRUTH_TYPES}
    kad_phones: set[str] = set()
    for row in rows:
        if row.mykad_canon:
            t["mykad"].add(row.mykad_canon)
            if row.phone_canon:
                kad_phones.add(row.phone_canon)
        if row.phone_canon:
            t["phone_mobile"].add(row.phone_canon)
        if row.email_canon:
            t["email"].add(row.email_canon)
        t["imsi"].add(row.imsi)
        t["iccid"].add(row.iccid)
        if row.imei_valid:
            t["imei"].add(row.imei)
        if include_home and row.home_canon:
            t["phone_fixed"].add(row.home_canon)
    phone_only = {row.phone_canon for row in rows
                  if not row.mykad_canon and row.phone_canon and row.phone_canon not in kad_phones}
    return {
        "records": len(rows),
        "unique_persons": len(t["mykad"]) + len(phone_only),
        "types": {k: sorted(v) for k, v in t.items()},
    }


def _write_csv(path: str, header: list[str] | None, table: list[list[str]], delimiter=",",
               lineterminator="\r\n") -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator=lineterminator,
                       quoting=csv.QUOTE_MINIMAL)
        if header:
            w.writerow(header)
        w.writerows(table)


MALAY_HEADER = ["Nama", "No KP", "No HP", "Emel", "Alamat", "Poskod", "Negeri", "IMSI", "ICCID",
                "IMEI", "Tarikh Aktif", "Tel Rumah"]


def malay_table(rows: list[Row]) -> list[list[str]]:
    return [[x.name, x.mykad, x.phone, x.email, x.address, x.postcode, x.state, x.imsi, x.iccid,
             x.imei, x.activated, x.home] for x in rows]


def write_variant(variant: str, out: str, n_rows: int, seed: int) -> dict:
    g = Gen(seed)
    if variant == "malay":
        rows = make_rows(g, n_rows, msisdn_form=False, with_home=True, date_fmt="%d/%m/%Y")
        path = os.path.join(out, "malay.csv")
        _write_csv(path, MALAY_HEADER, malay_table(rows))
        include_home = True
    elif variant == "english":
        rows = make_rows(g, n_rows, msisdn_form=True, with_home=True)
        path = os.path.join(out, "english.csv")
        header = ["customer_id", "full_name", "ic_no", "msisdn", "email", "address", "postcode",
                  "state", "imsi", "iccid", "imei", "activation_date", "created_at", "order_no",
                  "home_phone"]
        table = [[str(100000 + i), x.name, x.mykad, x.phone, x.email, x.address, x.postcode,
                  x.state, x.imsi, x.iccid, x.imei, x.activated, x.created_at, x.order_no,
                  x.home] for i, x in enumerate(rows)]
        _write_csv(path, header, table, lineterminator="\n")
        include_home = True
    elif variant == "tsv":
        rows = make_rows(g, n_rows, msisdn_form=False, with_home=False)
        path = os.path.join(out, "dump.tsv")
        header = ["nama_penuh", "no_kp", "tel_bimbit", "e-mel", "alamat", "poskod", "negeri",
                  "imsi", "iccid", "imei", "tarikh_aktif", "order_no"]
        table = [[x.name, x.mykad, x.phone, x.email, x.address.replace("\n", " "), x.postcode,
                  x.state, x.imsi, x.iccid, x.imei, x.activated, x.order_no] for x in rows]
        _write_csv(path, header, table, delimiter="\t", lineterminator="\n")
        include_home = False
    elif variant == "cryptic":
        rows = make_rows(g, n_rows, msisdn_form=False, with_home=False)
        path = os.path.join(out, "cryptic.csv")
        header = [f"c{i:02d}" for i in range(1, 13)]
        table = [[x.name, x.mykad, x.phone, x.email, x.address, x.postcode, x.state, x.imsi,
                  x.iccid, x.imei, x.created_at, x.order_no] for x in rows]
        _write_csv(path, header, table)
        include_home = False
    elif variant == "noheader":
        rows = make_rows(g, n_rows, msisdn_form=False, with_home=True)
        path = os.path.join(out, "noheader.csv")
        _write_csv(path, None, malay_table(rows), lineterminator="\n")
        include_home = True
    elif variant == "ndjson":
        rows = make_rows(g, n_rows, msisdn_form=False, with_home=False)
        path = os.path.join(out, "dump.ndjson")
        with open(path, "w", encoding="utf-8") as f:
            for x in rows:
                obj = {"name": x.name, "ic": x.mykad or None, "phone": x.phone,
                       "email": x.email or None, "address": x.address, "postcode": x.postcode,
                       "state": x.state, "imsi": x.imsi, "iccid": x.iccid,
                       # Some IMEIs as JSON numbers; never one with a leading zero (a number
                       # would drop it, and "lost zero" vs "no check digit" has no one answer).
                       "imei": int(x.imei) if (g.r.random() < 0.3 and x.imei[0] != "0")
                       else x.imei,
                       "activated_at": x.activated, "order_no": x.order_no}
                f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        include_home = False
    else:
        raise ValueError(variant)
    truth = truth_of(rows, include_home)
    truth["file"] = os.path.basename(path)
    truth["variant"] = variant
    truth["injected_invalid"] = {
        "mykad": sorted({x.mykad for x in rows if x.mykad and not x.mykad_canon}),
        "imei": sorted({x.imei for x in rows if not x.imei_valid}),
        "phone": sorted({x.phone for x in rows if x.phone and not x.phone_canon}),
    }
    truth["lookalikes"] = {
        "created_at": sorted({x.created_at for x in rows}) if variant in ("english", "cryptic") else [],
        "order_no": sorted({x.order_no for x in rows}) if variant in ("english", "tsv", "cryptic", "ndjson") else [],
    }
    with open(os.path.join(out, f"{variant}.truth.json"), "w") as f:
        json.dump(truth, f)
    return truth


VARIANTS = ["malay", "english", "tsv", "cryptic", "noheader", "ndjson"]


# --------------------------------------------------------------------------------------------
# Free text
# --------------------------------------------------------------------------------------------

# Spellings for free text whose extent is unambiguous; "(012) ..." and "tel:+60..." are also used,
# with both possible starts accepted by the scorer.
TEXT_SPELLINGS = ["0{a}-{r1} {r2}", "0{a}-{rest}", "0{nsn}", "0{a} {r1} {r2}", "+60 {a}-{r1} {r2}",
                  "+60{a}-{rest}", "+60{nsn}", "0060{nsn}", "+60 (0){a}-{r1} {r2}"]

KAD_BEFORE = ["No. KP: ", "IC ", "ic no ", "NRIC: ", "no kp ", "No. K/P ", "IC: ", "mykad ", ""]
PHONE_BEFORE = ["tel ", "Tel: ", "no hp ", "h/p ", "call ", "whatsapp ", "msisdn ", "hubungi ", ""]
EMAIL_BEFORE = ["emel: ", "email ", "e-mel ", "contact ", ""]

OPENERS = ["Salam semua 😊, ", "Hi all, ", "Tolong bantu, ", "FYI: ", "Urgent!! ", "Assalamualaikum, ",
           "Bro, ", "Sesiapa tahu? ", "Café meetup — ", "陈先生 said: ", "[12:04] Ali: ",
           "[09:15] Mei Ling: ", ""]
MIDDLES = [" saya nak daftar semula, ", " please update my record, ", " nama saya {name}, ",
           " my details: ", " kena scam ke? ", " — ", " / ", " (urgent) ", ". "]
CLOSERS = [" Terima kasih.", " Thanks!", " tq", "", " 🙏", " ok?", "."]


def _distractor(g: Gen) -> str:
    r = g.r
    kind = r.randrange(7)
    if kind == 0:                   # a longer digit run containing a valid MyKad
        d = g.mykad(r.random() < 0.5)          # stays "used": never also a true value
        pre, post = r.choice([("Ref:20", ""), ("ref no 1", ""), ("TXN", "7"), ("", "01")])
        return pre + d + post
    if kind == 1:                   # a longer digit run containing a mobile number
        nsn, e = g.mobile_nsn()
        return "Order 2024" + "0" + nsn + r.choice(["", "55"])
    if kind == 2:                   # a yyMMddHHmmss timestamp (MyKad-shaped) with a context word
        return r.choice(["log time ", "created ", "timestamp ", "masa "]) + g.timestamp12()
    if kind == 3:                   # order numbers
        return r.choice(["order no ", "No. pesanan ", "invoice #", "tracking "]) + \
            str(r.randrange(10 ** 9, 10 ** 10))
    if kind == 4:                   # an invalid MyKad (30 Feb / bad PB) with context
        return "IC " + spell_mykad(r, g.invalid_mykad(), dash_rate=0.8)
    if kind == 5:                   # a Luhn-failing 15-digit, or a date
        return r.choice(["serial ", "S/N "]) + g.bad_imei()
    return r.choice(["tarikh 2014-05-12", "jam 10:30", "RM 1,250.00", "bilik 12-3A"])


def make_text(g: Gen, n_lines: int) -> tuple[bytes, list[dict]]:
    r = g.r
    buf = bytearray()
    spans: list[dict] = []

    def put(s: str) -> None:
        buf.extend(s.encode("utf-8"))

    def put_span(typ: str, text: str, canon: str, alt_starts: tuple[int, ...] = ()) -> None:
        start = len(buf)
        put(text)
        spans.append({"type": typ, "canonical": canon, "start": start, "end": len(buf),
                      "alt_starts": [start + k for k in alt_starts], "text": text})

    for _ in range(n_lines):
        put(r.choice(OPENERS))
        items = r.sample(["kad", "phone", "email", "dis", "dis2"], k=r.randrange(2, 6))
        male = r.random() < 0.5
        name = g.name(male)
        for it in items:
            put(r.choice(MIDDLES).format(name=name))
            if it == "kad":
                while True:
                    d = g.mykad(male)
                    # Keep MyKads that are also valid MSISDNs out of the text truth (AMBIGUOUS).
                    if phone_canonical("+" + d) is None:
                        break
                put(r.choice(KAD_BEFORE))
                put_span("mykad", spell_mykad(r, d, dash_rate=0.7), d)
            elif it == "phone":
                nsn, e = g.mobile_nsn()
                before = r.choice(PHONE_BEFORE)
                put(before)
                spelled = spell_phone(r, nsn, e, spellings=TEXT_SPELLINGS)
                if r.random() < 0.08:
                    spelled = f"(0{nsn[:2]}) {nsn[2:5]} {nsn[5:]}" if len(nsn) == 9 else spelled
                if spelled.startswith("("):
                    put_span("phone_mobile", spelled, e, alt_starts=(1,))
                else:
                    put_span("phone_mobile", spelled, e)
            elif it == "email":
                em = g.email(name)
                put(r.choice(EMAIL_BEFORE))
                shown = em if r.random() > 0.1 else em.split("@")[0] + "@" + em.split("@")[1].upper()
                put_span("email", shown, em.lower())
                if r.random() < 0.3:
                    put(".")                              # sentence full stop after an email
            else:
                put(_distractor(g))
        put(r.choice(CLOSERS))
        put("\n")
    return bytes(buf), spans


def write_text(out: str, n_lines: int, seed: int) -> dict:
    g = Gen(seed)
    data, spans = make_text(g, n_lines)
    with open(os.path.join(out, "chat.txt"), "wb") as f:
        f.write(data)
    truth = {"file": "chat.txt", "spans": spans}
    with open(os.path.join(out, "chat.truth.json"), "w") as f:
        json.dump(truth, f, ensure_ascii=False)
    return truth


# --------------------------------------------------------------------------------------------
# Self-check: every truth value validated by the oracles; every injected invalid value fails
# --------------------------------------------------------------------------------------------

def self_check(truth: dict) -> None:
    t = truth["types"]
    for v in t["mykad"]:
        assert len(v) == 12 and mykad_ok(v), v
    for v in t["phone_mobile"]:
        assert phone_canonical(v) == v and phone_kind(v) == "phone_mobile", v
    for v in t["phone_fixed"]:
        assert phone_canonical(v) == v and phone_kind(v) == "phone_fixed", v
    for v in t["imsi"]:
        assert len(v) == 15 and std_imsi.is_valid(v) and std_imsi.info(v)["mcc"] == "502", v
    for v in t["iccid"]:
        assert len(v) == 19 and v.startswith("8960") and std_luhn.is_valid(v), v
    for v in t["imei"]:
        assert len(v) == 15 and std_imei.is_valid(v), v
    for v in t["email"]:
        assert v == v.lower() and v.split("@")[1] in EMAIL_DOMAINS, v
    for v in truth["injected_invalid"]["mykad"]:
        assert not mykad_ok(v), v
    for v in truth["injected_invalid"]["imei"]:
        assert not std_luhn.is_valid(v), v
    for v in truth["injected_invalid"]["phone"]:
        assert phone_canonical(v) is None, v


def self_check_text(data: bytes, truth: dict) -> None:
    for s in truth["spans"]:
        seg = data[s["start"]:s["end"]].decode("utf-8")
        assert seg == s["text"], (seg, s)
        if s["type"] == "mykad":
            assert mykad_ok(s["canonical"])
        elif s["type"] == "phone_mobile":
            assert phone_canonical(seg) == s["canonical"], (seg, s)
        # digit-run boundary (N8): truth spans are never next to an ASCII digit
        before = data[s["start"] - 1:s["start"]] if s["start"] else b""
        after = data[s["end"]:s["end"] + 1]
        assert not before.isdigit() and not after.isdigit(), s


def generate_all(out: str, rows: int, seed: int, text_lines: int,
                 variants: list[str] | None = None) -> dict:
    os.makedirs(out, exist_ok=True)
    result = {}
    for i, v in enumerate(variants or VARIANTS):
        truth = write_variant(v, out, rows, seed * 100 + i)
        self_check(truth)
        result[v] = truth
    if text_lines:
        tt = write_text(out, text_lines, seed * 100 + 99)
        with open(os.path.join(out, "chat.txt"), "rb") as f:
            self_check_text(f.read(), tt)
        result["text"] = tt
    return result


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--text-lines", type=int, default=1500)
    ap.add_argument("--variant", action="append", choices=VARIANTS)
    a = ap.parse_args(argv)
    res = generate_all(a.out, a.rows, a.seed, a.text_lines, a.variant)
    for v, t in res.items():
        if v == "text":
            print(f"text: {len(t['spans'])} spans")
        else:
            counts = ", ".join(f"{k}={len(x)}" for k, x in t["types"].items())
            print(f"{t['file']}: records={t['records']} persons={t['unique_persons']} {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
