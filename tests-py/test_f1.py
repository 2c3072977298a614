"""Detection quality on independently generated dumps and text (not from `leaktrace synth`).

Judged: per-type F1 >= 0.99 over distinct canonical values for mykad, phone_mobile, email, imsi,
iccid and imei; `totals.uniquePersons` within 1 % of the truth; per file variant. For free text:
F1 of (type, canonical) spans with correct UTF-8 byte offsets for mykad, phone_mobile, email.

The data comes from gen_independent.py (python-stdnum and phonenumbers as oracles).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import gen_independent as gi
from conftest import EVAL_ROWS, EVAL_SEED, EVAL_TEXT_LINES, FIGURES

F1_MIN = 0.99
PERSONS_TOL = 0.01
SCORED = ["mykad", "phone_mobile", "email", "imsi", "iccid", "imei"]
REPORTED_ONLY = ["phone_fixed"]            # emitted by contract; figure printed, not judged
TEXT_SCORED = ["mykad", "phone_mobile", "email"]
# When a text span counts as reported: VALID and VALID+WARN always (the type is clear); AMBIGUOUS
# and CONTEXT only when nearby keywords raised the confidence to >= 0.5; INVALID, NOT-PII and
# MANGLED never.
TEXT_VALID = {"VALID", "VALID+WARN"}
TEXT_NEEDS_CONFIDENCE = {"AMBIGUOUS", "CONTEXT"}
TEXT_MIN_CONFIDENCE = 0.5


def text_reported(s: dict) -> bool:
    v = s.get("verdict")
    if v in TEXT_VALID:
        return True
    return v in TEXT_NEEDS_CONFIDENCE and float(s.get("confidence", 0.0)) >= TEXT_MIN_CONFIDENCE


def prf(truth: set[str], found: set[str]) -> tuple[float, float, float, int, int, int]:
    tp = len(truth & found)
    fp = len(found - truth)
    fn = len(truth - found)
    p = tp / (tp + fp) if tp + fp else (1.0 if not truth else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def _examples(values: set[str], n: int = 5) -> str:
    return ", ".join(sorted(values)[:n]) if values else "-"


# ------------------------------------------------------------------------------------------
# Fixtures: generate once per variant, scan once per variant
# ------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("independent")


_scans: dict[str, dict] = {}


@pytest.fixture(scope="session")
def scanned(data_dir, run):
    def _get(variant: str) -> dict:
        if variant in _scans:
            return _scans[variant]
        idx = gi.VARIANTS.index(variant)
        truth = gi.write_variant(variant, str(data_dir), EVAL_ROWS, EVAL_SEED * 100 + idx)
        gi.self_check(truth)
        path = data_dir / truth["file"]
        emit = data_dir / f"emit-{variant}"
        proc = run(["scan", str(path), "--json", "--quiet", "--emit-identifiers", str(emit)],
                   timeout=900)
        result = {"truth": truth, "path": path, "emit": emit, "proc": proc, "report": None,
                  "emitted": {}, "error": None}
        if proc.returncode != 0:
            result["error"] = (f"`leaktrace scan {path.name} --json --emit-identifiers` exited "
                               f"{proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}")
        else:
            try:
                result["report"] = json.loads(proc.stdout)
            except json.JSONDecodeError as e:
                result["error"] = f"--json output is not one JSON document: {e}"
            for t in SCORED + REPORTED_ONLY:
                f = emit / f"{t}.txt"
                vals = set()
                if f.is_file():
                    vals = {ln.strip() for ln in f.read_text(encoding="utf-8", errors="replace")
                            .splitlines() if ln.strip()}
                result["emitted"][t] = vals
        _scans[variant] = result
        return result
    return _get


def _figures(variant: str, res: dict) -> tuple[str, dict]:
    truth = res["truth"]
    lines = []
    table = {}
    for t in SCORED + REPORTED_ONLY:
        tv = set(truth["types"][t])
        fv = res["emitted"].get(t, set())
        if t in REPORTED_ONLY and not tv:
            continue
        p, r, f, tp, fp, fn = prf(tv, fv)
        table[t] = (p, r, f, fp, fn, fv - tv, tv - fv)
        mark = "" if t in SCORED else " (not judged)"
        lines.append(f"  {t:13s} P={p:.4f} R={r:.4f} F1={f:.4f}  truth={len(tv)} emitted={len(fv)}"
                     f" FP={fp} FN={fn}{mark}")
    return "\n".join(lines), table


# ------------------------------------------------------------------------------------------
# Structured dumps
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", gi.VARIANTS)
def test_identifier_f1(variant, scanned):
    res = scanned(variant)
    assert res["error"] is None, res["error"]
    text, table = _figures(variant, res)
    FIGURES.append(f"[{variant}] {res['truth']['file']} ({res['truth']['records']} records)\n{text}")
    missing = [t for t in SCORED if not (res["emit"] / f"{t}.txt").is_file()]
    failures = []
    for t in SCORED:
        p, r, f, fp, fn, fps, fns = table[t]
        if f < F1_MIN:
            failures.append(f"{t}: F1={f:.4f} (P={p:.4f}, R={r:.4f}); false positives e.g. "
                            f"[{_examples(fps)}]; missed e.g. [{_examples(fns)}]")
    assert not failures, (f"{variant}: per-type F1 below {F1_MIN}"
                          + (f" (no file emitted for {missing})" if missing else "")
                          + "\n" + "\n".join(failures) + "\nAll figures:\n" + text)


@pytest.mark.parametrize("variant", gi.VARIANTS)
def test_unique_persons(variant, scanned):
    res = scanned(variant)
    assert res["error"] is None, res["error"]
    totals = (res["report"] or {}).get("totals", {})
    got = totals.get("uniquePersons")
    want = res["truth"]["unique_persons"]
    FIGURES.append(f"[{variant}] uniquePersons={got} truth={want} records={totals.get('records')}"
                   f" (truth {res['truth']['records']})")
    assert isinstance(got, int), f"totals.uniquePersons missing or not an integer: {got!r}"
    err = abs(got - want) / want
    assert err <= PERSONS_TOL, (f"{variant}: uniquePersons={got}, truth={want} "
                                f"(off by {err:.2%}, tolerance {PERSONS_TOL:.0%})")


@pytest.mark.parametrize("variant", gi.VARIANTS)
def test_invalid_and_lookalikes_not_emitted(variant, scanned):
    """Wrong-PB / impossible-date MyKads, Luhn-failing IMEIs, invalid mobiles, yyMMddHHmmss
    timestamps and 12-digit order numbers must never come out as identifiers."""
    res = scanned(variant)
    assert res["error"] is None, res["error"]
    truth = res["truth"]
    digits = lambda s: "".join(c for c in s if c.isdigit())
    emitted_all = set().union(*res["emitted"].values())
    bad_kad = {digits(v) for v in truth["injected_invalid"]["mykad"]} & res["emitted"]["mykad"]
    bad_imei = set(truth["injected_invalid"]["imei"]) & res["emitted"]["imei"]
    true_kads = set(truth["types"]["mykad"])
    ts = (set(truth["lookalikes"]["created_at"]) - true_kads) & emitted_all
    orders = (set(truth["lookalikes"]["order_no"]) - true_kads) & emitted_all
    problems = []
    if bad_kad:
        problems.append(f"{len(bad_kad)} invalid MyKads emitted, e.g. {_examples(bad_kad)}")
    if bad_imei:
        problems.append(f"{len(bad_imei)} Luhn-failing IMEIs emitted, e.g. {_examples(bad_imei)}")
    if ts:
        problems.append(f"{len(ts)} created_at timestamps emitted as identifiers, e.g. {_examples(ts)}")
    if orders:
        problems.append(f"{len(orders)} order numbers emitted as identifiers, e.g. {_examples(orders)}")
    assert not problems, f"{variant}: " + "; ".join(problems)


# ------------------------------------------------------------------------------------------
# Free text
# ------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def text_scan(data_dir, run):
    truth = gi.write_text(str(data_dir), EVAL_TEXT_LINES, EVAL_SEED * 100 + 99)
    path = data_dir / "chat.txt"
    gi.self_check_text(path.read_bytes(), truth)
    proc = run(["scan", "--text", str(path), "--json"], timeout=600)
    return truth, path, proc


def _parse_spans(proc) -> list[dict]:
    spans = []
    for ln in proc.stdout.decode("utf-8", errors="replace").splitlines():
        ln = ln.strip()
        if ln:
            spans.append(json.loads(ln))
    return spans


def test_text_spans_f1(text_scan):
    truth, path, proc = text_scan
    assert proc.returncode == 0, (f"`leaktrace scan --text {path.name} --json` exited "
                                  f"{proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}")
    try:
        spans = _parse_spans(proc)
    except json.JSONDecodeError as e:
        pytest.fail(f"--text --json output is not NDJSON: {e}")
    data = path.read_bytes()
    reported = [s for s in spans if s.get("type") in TEXT_SCORED and text_reported(s)]
    # Truth keyed by (type, canonical, end); the start may be any accepted start.
    tkeys = {}
    for s in truth["spans"]:
        tkeys[(s["type"], s["canonical"], s["end"])] = {s["start"], *s["alt_starts"]}
    lines, failures = [], []
    for t in TEXT_SCORED:
        tspans = {(s["canonical"], s["end"]) for s in truth["spans"] if s["type"] == t}
        tcanon = {s["canonical"] for s in truth["spans"] if s["type"] == t}
        tp = fp = 0
        fps, offset_wrong = [], []
        matched = set()
        for s in (x for x in reported if x["type"] == t):
            key = (t, s.get("canonical"), s.get("end"))
            if key in tkeys and s.get("start") in tkeys[key] and key not in matched:
                tp += 1
                matched.add(key)
            else:
                fp += 1
                st, en = s.get("start"), s.get("end")
                snippet = data[max(0, (st or 0) - 12):(en or 0) + 4].decode("utf-8", "replace") \
                    if isinstance(st, int) and isinstance(en, int) else "?"
                entry = f"{s.get('canonical')}@{st}-{en} [{snippet!r}] {s.get('verdict')}"
                (offset_wrong if s.get("canonical") in tcanon else fps).append(entry)
        fn = len(tspans) - tp
        missed = [f"{c}@{e}" for (c, e) in sorted(tspans) if (t, c, e) not in matched]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / len(tspans) if tspans else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"  {t:13s} P={p:.4f} R={r:.4f} F1={f:.4f}  truth={len(tspans)} "
                     f"reported={tp + fp} FP={fp} (offset/duplicate mismatches {len(offset_wrong)}) FN={fn}")
        if f < F1_MIN:
            miss_snips = []
            for m in [s for s in truth["spans"] if s["type"] == t
                      and (t, s["canonical"], s["end"]) not in matched][:5]:
                ctx = data[max(0, m["start"] - 14):m["end"] + 4].decode("utf-8", "replace")
                miss_snips.append(f"{m['canonical']}@{m['start']}-{m['end']} [{ctx!r}]")
            failures.append(f"{t}: F1={f:.4f} (P={p:.4f}, R={r:.4f}); false positives e.g. "
                            f"{fps[:5]}; wrong offsets e.g. {offset_wrong[:3]}; missed e.g. {miss_snips}")
    # Not judged: the text holds no true identifier of any other type, so every other-type span
    # reported is on a distractor (order numbers, serials, timestamps).
    others = {}
    for s in spans:
        if s.get("type") not in TEXT_SCORED and text_reported(s):
            others[s["type"]] = others.get(s["type"], 0) + 1
    lines.append("  other types reported on distractors (not judged): "
                 + (", ".join(f"{k}={v}" for k, v in sorted(others.items())) or "none"))
    text = "\n".join(lines)
    FIGURES.append(f"[text] chat.txt ({len(truth['spans'])} true spans, {len(spans)} spans output)\n{text}")
    assert not failures, "free-text span F1 below 0.99\n" + "\n".join(failures) + "\nAll figures:\n" + text


def test_text_spans_well_formed(text_scan):
    """Every span object has the contract's fields; offsets are in range and on UTF-8 boundaries."""
    truth, path, proc = text_scan
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    data = path.read_bytes()
    spans = _parse_spans(proc)
    assert spans, "no spans output for a text full of identifiers"
    bad = []
    for s in spans:
        missing = [k for k in ("file", "type", "verdict", "start", "end", "confidence") if k not in s]
        if missing:
            bad.append(f"missing {missing}: {s}")
            continue
        st, en = s["start"], s["end"]
        if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(data)):
            bad.append(f"offsets out of range: {s}")
            continue
        try:
            data[st:en].decode("utf-8")
        except UnicodeDecodeError:
            bad.append(f"offsets not on UTF-8 boundaries: {s}")
        if not 0.0 <= float(s["confidence"]) <= 1.0:
            bad.append(f"confidence out of [0,1]: {s}")
    assert not bad, f"{len(bad)} malformed spans, e.g. {bad[:5]}"


# ------------------------------------------------------------------------------------------
# Per-column profile and record counts
# ------------------------------------------------------------------------------------------

# Column index -> the type the profile must give it; look-alike columns must not be mykad.
_MALAY_ORDER = {1: "mykad", 2: "phone_mobile", 3: "email", 7: "imsi", 8: "iccid", 9: "imei"}
EXPECTED_COLUMNS = {
    "malay": (_MALAY_ORDER, []),
    "english": ({2: "mykad", 3: "phone_mobile", 4: "email", 8: "imsi", 9: "iccid", 10: "imei"},
                [12, 13]),                                   # created_at, order_no
    "tsv": (_MALAY_ORDER, [11]),                             # order_no
    "cryptic": (_MALAY_ORDER, [10, 11]),                     # c11 timestamps, c12 order numbers
    "noheader": (_MALAY_ORDER, []),
    "ndjson": (_MALAY_ORDER, [11]),                          # order_no
}


@pytest.mark.parametrize("variant", gi.VARIANTS)
def test_column_types(variant, scanned):
    res = scanned(variant)
    assert res["error"] is None, res["error"]
    files = (res["report"] or {}).get("files") or []
    assert files, "no files[] in the JSON report"
    cols = files[0].get("columns") or []
    by_index = {c.get("index", i): c for i, c in enumerate(cols)}
    want, lookalikes = EXPECTED_COLUMNS[variant]
    wrong = []
    for idx, t in want.items():
        c = by_index.get(idx)
        if c is None or c.get("type") != t:
            wrong.append(f"column {idx} ({c and c.get('header')!r}) typed {c and c.get('type')!r}, want {t}")
    for idx in lookalikes:
        c = by_index.get(idx)
        if c is not None and c.get("type") == "mykad":
            wrong.append(f"look-alike column {idx} ({c.get('header')!r}) typed mykad")
    profile = ", ".join(f"{c.get('header')}={c.get('type')}" for c in cols)
    assert not wrong, f"{variant}: " + "; ".join(wrong) + f"\nprofile: {profile}"


@pytest.mark.parametrize("variant", gi.VARIANTS)
def test_records_counted(variant, scanned):
    """Every data row is one record; a header row (even a cryptic c01..c12 one) is not."""
    res = scanned(variant)
    assert res["error"] is None, res["error"]
    report = res["report"] or {}
    got = (report.get("totals") or {}).get("records")
    want = res["truth"]["records"]
    f0 = (report.get("files") or [{}])[0]
    assert got == want, (f"{variant}: totals.records={got}, truth {want} "
                         f"(hasHeader={f0.get('hasHeader')}, invalidRows={f0.get('invalidRows')})")
