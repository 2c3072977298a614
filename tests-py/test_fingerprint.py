"""Transfer fingerprinting end to end through the CLI (issue 6).

Export one synthetic table to 3 recipients, check every exported row against the source with
independent oracles (python-stdnum for MyKad, phonenumbers for phones), pool two copies and trace
them, then tamper with the ledger and check that `ledger verify` names the entry.
"""
from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

import phonenumbers
from stdnum.my import nric

ROWS = 3000
CANARY = ["--canary-phones", "+601130000000..+601130099999", "--canary-email-domain", "mail.example.my"]


def _phone(v: str) -> str | None:
    v = v.strip()
    if v.startswith("60"):
        v = "+" + v  # the msisdn column's international spelling without the plus
    try:
        n = phonenumbers.parse(v, "MY")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) if phonenumbers.is_possible_number(n) else None


def _ic(v: str) -> str | None:
    try:
        return nric.compact(nric.validate(v))
    except Exception:
        return None


def _canon(header: list[str], row: list[str]) -> tuple:
    out = []
    for h, v in zip(header, row):
        if h in ("msisdn", "no_tel"):
            out.append(_phone(v) or v)
        elif h == "ic_no":
            out.append(_ic(v) or v)
        elif h == "nama":
            out.append(" ".join(v.lower().split()))
        elif h.startswith("alamat"):
            words = {"jln": "jalan", "jln.": "jalan", "tmn": "taman", "lrg": "lorong", "kg": "kampung", "kg.": "kampung",
                     "bdr": "bandar", "bkt": "bukit", "sg": "sungai", "psn": "persiaran", "lbh": "lebuh", "lkr": "lingkaran",
                     "spg": "simpang", "mdn": "medan", "kaw": "kawasan", "p/puri": "pangsapuri"}
            toks = []
            for t in v.split():
                core = t.rstrip(",")
                toks.append(words.get(core.lower(), core.lower()) + t[len(core):])
            out.append(" ".join(toks))
        else:
            out.append(v)
    return tuple(out)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def test_export_pool_trace_and_tamper(run, tmp_path: Path):
    src = tmp_path / "customers.csv"
    assert run(["synth", "--rows", str(ROWS), "--seed", "606", "--clean", "--out", str(src), "--quiet"]).returncode == 0
    key, ledger = tmp_path / "org.key", tmp_path / "t.ledger"
    assert run(["key", "init", "--key-file", str(key)]).returncode == 0
    common = ["--key-file", str(key), "--ledger", str(ledger)]
    for r in ["alpha", "beta", "gamma"]:
        p = run(["export", "--recipient", r, "--purpose", "test", "--in", str(src), "--out", str(tmp_path / f"{r}.csv"),
                 "--canaries", "30", *CANARY, *common, "--json"])
        assert p.returncode == 0, p.stderr.decode()
        assert json.loads(p.stdout)["canaries"] == 30

    header, source = _read(src)
    want = {}
    for row in source:
        k = _canon(header, row)
        want[k] = want.get(k, 0) + 1
    for r in ["alpha", "beta", "gamma"]:
        h, rows = _read(tmp_path / f"{r}.csv")
        assert h == header
        left = dict(want)
        extra = 0
        for row in rows:
            k = _canon(h, row)
            if left.get(k, 0) > 0:
                left[k] -= 1
            else:
                extra += 1
                # Not a source row: must be a canary with an owned number.
                assert re.sub(r"\D", "", row[h.index("msisdn")]).startswith("60113"), "exported row changed a value"
        assert extra == 30
        assert all(v == 0 for v in left.values())

    # Pool alpha and beta (interleaved rows, 400 of them), trace.
    _, a = _read(tmp_path / "alpha.csv")
    _, b = _read(tmp_path / "beta.csv")
    pool = [a[i] if i % 2 == 0 else b[i] for i in range(400)]
    random.Random(1).shuffle(pool)
    leak = tmp_path / "leak.csv"
    with open(leak, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(pool)
    p = run(["trace", str(leak), *common, "--json", "--population", "1000"])
    assert p.returncode == 0, p.stderr.decode()
    report = json.loads(p.stdout)
    accused = {s["recipient"] for s in report["recipients"] if s["accused"]}
    assert accused and accused <= {"alpha", "beta"}
    assert {h["recipient"] for h in report["canaryHits"]} <= {"alpha", "beta"}

    # The trace as a section of the leak's triage report.
    (tmp_path / "trace.json").write_bytes(p.stdout)
    page = tmp_path / "triage.html"
    r = run(["scan", str(leak), "--trace", str(tmp_path / "trace.json"), "--html", str(page), "--quiet"])
    assert r.returncode == 0, r.stderr.decode()
    html = page.read_text()
    assert "LeakTrace triage" in html and "Canary hits" in html and html.index("Trace:") < html.index("</main>")
    assert any(f"<td>{name}</td>" in html for name in accused)

    # The ledger verifies; a changed entry is named.
    assert run(["ledger", "verify", "--ledger", str(ledger), "--key-file", str(key)]).returncode == 0
    lines = ledger.read_text().splitlines()
    lines[2] = lines[2].replace('"purpose":"test"', '"purpose":"tset"')
    ledger.write_text("\n".join(lines) + "\n")
    p = run(["ledger", "verify", "--ledger", str(ledger), "--key-file", str(key)])
    assert p.returncode != 0
    assert "entry 2" in p.stdout.decode()
