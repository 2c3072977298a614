"""XLSX workbooks written by openpyxl read by `leaktrace scan` like the CSV they were made from.

`leaktrace synth` writes a synthetic CSV; the same rows are written as an XLSX workbook with
openpyxl, typed as a real export would be: text where the CSV value has a leading zero (or is not
a plain number), numbers elsewhere. Scanning both must emit exactly the same identifiers (mykad,
phone_mobile, email, imsi, iccid, imei) and count the same unique persons.
"""
from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import FIGURES

import openpyxl  # noqa: E402  (tests-py/requirements.txt)

ROWS = 2000
SEED = 5
IDENTIFIER_TYPES = ["mykad", "phone_mobile", "email", "imsi", "iccid", "imei"]
PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def _scan(run, path: Path, emit: Path) -> dict:
    result = run(["scan", str(path), "--json", "--emit-identifiers", str(emit)])
    assert result.returncode == 0, f"scan {path.name} failed ({result.returncode}): {result.stderr.decode(errors='replace')[-2000:]}"
    return json.loads(result.stdout)


def _identifiers(emit: Path) -> dict[str, set[str]]:
    out = {}
    for t in IDENTIFIER_TYPES:
        f = emit / f"{t}.txt"
        out[t] = set(f.read_text().split()) if f.exists() else set()
    return out


def _cell(value: str):
    """A number where a spreadsheet would hold one (no leading zero, at most 15 digits), else text."""
    if PLAIN_NUMBER.fullmatch(value) and len(value.replace("-", "").replace(".", "")) <= 15:
        if "." in value:
            return float(value) if not value.endswith("0") else value
        return int(value)
    return value


def test_xlsx_scans_like_its_csv(run, tmp_path):
    csv_path = tmp_path / "x.csv"
    result = run(["synth", "--rows", str(ROWS), "--format", "csv", "--seed", str(SEED), "--clean", "--out", str(csv_path)])
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    with csv_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("subscribers")
    numbers = 0
    for r, row in enumerate(rows):
        cells = [value if r == 0 else _cell(value) for value in row]
        numbers += sum(isinstance(c, (int, float)) for c in cells)
        sheet.append([None if c == "" else c for c in cells])
    xlsx_path = tmp_path / "x.xlsx"
    book.save(xlsx_path)
    assert numbers > ROWS, "the workbook should hold numeric cells"

    report = _scan(run, csv_path, tmp_path / "emit-csv")
    ids = _identifiers(tmp_path / "emit-csv")
    assert all(ids[t] for t in IDENTIFIER_TYPES), {t: len(v) for t, v in ids.items()}
    workbook = _scan(run, xlsx_path, tmp_path / "emit-xlsx")
    got = _identifiers(tmp_path / "emit-xlsx")
    assert workbook["files"][0].get("format") == "xlsx", workbook["files"][0].get("format")
    assert workbook["files"][0].get("table") == "subscribers"
    for t in IDENTIFIER_TYPES:
        missing, extra = ids[t] - got[t], got[t] - ids[t]
        assert not missing and not extra, (
            f"{t} differs from the CSV scan: {len(missing)} missing, {len(extra)} extra "
            f"(e.g. missing {sorted(missing)[:3]}, extra {sorted(extra)[:3]})")
    assert workbook["totals"]["uniquePersons"] == report["totals"]["uniquePersons"], (
        f"uniquePersons {workbook['totals']['uniquePersons']} vs CSV {report['totals']['uniquePersons']}")
    FIGURES.append(f"xlsx (openpyxl, {numbers} numeric cells): identifiers and "
                   f"{workbook['totals']['uniquePersons']} persons equal to the CSV scan")

    # The same workbook shipped inside a zip (as leaks are): the same identifiers and persons,
    # reported under the archive and the entry.
    zip_path = tmp_path / "leak.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(xlsx_path, "export/x.xlsx")
        z.writestr("README.txt", "name\nsynthetic\n")
    zipped = _scan(run, zip_path, tmp_path / "emit-zip")
    entries = {f["path"]: f for f in zipped["files"]}
    entry = entries.get(f"{zip_path}!export/x.xlsx")
    assert entry is not None, list(entries)
    assert entry.get("format") == "xlsx" and entry.get("table") == "subscribers", entry
    got = _identifiers(tmp_path / "emit-zip")
    for t in IDENTIFIER_TYPES:
        assert got[t] == ids[t], f"{t} from the zipped workbook differs from the CSV scan"
    assert zipped["totals"]["uniquePersons"] == report["totals"]["uniquePersons"]
