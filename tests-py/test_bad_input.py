"""Bad input: never a crash or a hang.

For each input `leaktrace scan FILE --json --quiet` runs with a timeout. It must not die from a
signal or print a Swift fatal error / stack trace, and it must either
  * exit 0 with a JSON report whose `totals.warnings` is > 0 (per-row warning count), or
  * exit non-zero with exactly one `error:` line on stderr that names the file (and, for
    failures at a place in the file, a line or byte position: some number besides the name).
The wording is not checked beyond that.
"""
from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path

import pytest

TIMEOUT = 120
CRASH_MARKERS = ["Fatal error", "fatal error:", "Stack dump", "Current stack trace",
                 "Illegal instruction", "Segmentation fault", "Trace/breakpoint trap",
                 "Aborted (core dumped)", "Thread 0 crashed", "Swift runtime failure", "SIGSEGV", "SIGILL"]

HEADER = "nama,no_kp,no_hp,emel,poskod\n"


def _good_rows(r: random.Random, n: int) -> list[str]:
    rows = []
    for i in range(n):
        rows.append(f"Orang {i},{r.randrange(50, 99)}0{r.randrange(1, 10)}1{r.randrange(0, 10)}-"
                    f"{r.choice(['01', '10', '14'])}-{r.randrange(1000, 10000)},"
                    f"012-{r.randrange(100, 1000)} {r.randrange(1000, 10000)},"
                    f"orang{i}@example.com,{r.choice(['50450', '47300', '10200'])}\n")
    return rows


def make_binary(d: Path) -> Path:
    r = random.Random(1)
    p = d / "binary.bin"
    data = bytearray(r.getrandbits(8) for _ in range(1 << 20))
    for i in range(0, len(data), 97):          # plenty of NULs
        data[i] = 0
    p.write_bytes(bytes(data))
    return p


def make_empty(d: Path) -> Path:
    p = d / "empty.csv"
    p.write_bytes(b"")
    return p


def make_long_line(d: Path) -> Path:
    r = random.Random(2)
    p = d / "longline.csv"
    with p.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        f.writelines(_good_rows(r, 50))
        # One 50 MB line: an unquoted address-like field with no newline in it.
        chunk = "Jalan Panjang Sekali " * 1000
        f.write("Orang Panjang,900101-14-5678,012-345 6789,panjang@example.com,")
        written = 0
        while written < 50 * 1024 * 1024:
            f.write(chunk)
            written += len(chunk)
        f.write("\n")
        f.writelines(_good_rows(r, 50))
    return p


def make_invalid_utf8(d: Path) -> Path:
    r = random.Random(3)
    p = d / "badutf.csv"
    rows = _good_rows(r, 1000)
    body = HEADER.encode() + b"".join(x.encode() for x in rows[:500])
    body += b"Orang \xff\xfe\xc3\x28 Rosak,900101-14-5678,012-345 6789,\xed\xa0\x80@example.com,50450\n"
    body += b"".join(x.encode() for x in rows[500:])
    p.write_bytes(body)
    return p


def make_truncated_quote(d: Path) -> Path:
    r = random.Random(4)
    p = d / "truncated.csv"
    rows = _good_rows(r, 200)
    p.write_text(HEADER + "".join(rows)
                 + 'Orang Akhir,900101-14-5678,012-345 6789,akhir@example.com,"50450 Kuala Lum',
                 encoding="utf-8")
    return p


def make_field_200mb(d: Path) -> Path:
    """One quoted field of 200 MB (with line breaks in it) between ordinary rows."""
    r = random.Random(5)
    p = d / "field200.csv"
    with p.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        f.writelines(_good_rows(r, 20))
        f.write('Orang Besar,900101-14-5678,012-345 6789,besar@example.com,"')
        chunk = ("Jalan Panjang Sekali, " * 100 + "\n") * 10
        written = 0
        while written < 200 * 1024 * 1024:
            f.write(chunk)
            written += len(chunk)
        f.write('"\n')
        f.writelines(_good_rows(r, 20))
    return p


CASES = {
    "binary": (make_binary, False),          # (maker, error must carry a position)
    "empty": (make_empty, False),
    "line_50mb": (make_long_line, True),
    "invalid_utf8": (make_invalid_utf8, True),
    "truncated_quote": (make_truncated_quote, True),
    "field_200mb": (make_field_200mb, True),
}


def test_a_200mb_field_stops_at_its_record_in_bounded_memory(tmp_path, leaktrace_bin):
    """The exact message, at the record's line and byte offset, and the field never held whole."""
    path = make_field_200mb(tmp_path)
    proc = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb=%M", str(leaktrace_bin), "scan", str(path), "--quiet"],
                          capture_output=True, timeout=TIMEOUT)
    stderr = proc.stderr.decode("utf-8", errors="replace")
    offset = len(HEADER.encode()) + sum(len(x.encode()) for x in _good_rows(random.Random(5), 20))
    assert proc.returncode == 1, stderr[-1500:]
    assert stderr.splitlines()[0] == (
        f"error: {path}:22 (byte {offset}): record longer than 16777216 bytes (--max-record-bytes); "
        "skipped to the next line end; stopped at the first bad record (--keep-going skips bad records and counts them)")
    rss_kb = int(re.search(r"maxrss_kb=(\d+)", stderr).group(1))
    assert rss_kb < 256 * 1024, f"peak RSS {rss_kb} KiB for a 200 MB field: the field was held"


def _warnings(report: dict):
    w = (report.get("totals") or {}).get("warnings")
    if isinstance(w, list):
        return len(w)
    return w


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input(case, tmp_path, leaktrace_bin):
    maker, positional = CASES[case]
    path = maker(tmp_path)
    try:
        proc = subprocess.run([str(leaktrace_bin), "scan", str(path), "--json", "--quiet"],
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: `leaktrace scan {path.name}` did not finish within {TIMEOUT} s (hang)")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode >= 0, (f"{case}: killed by signal {-proc.returncode}; "
                                  f"stderr tail: {stderr[-1500:]}")
    crash = [m for m in CRASH_MARKERS if m in stderr]
    assert not crash, f"{case}: crash markers {crash} in stderr: {stderr[-1500:]}"
    # Stack traces: "#0 0x..." / "at /path/File.swift:123" frames
    assert not re.search(r"^\s*(#\d+\s+)?0x[0-9a-f]{6,}", stderr, re.M), \
        f"{case}: stack trace in stderr: {stderr[-1500:]}"

    if proc.returncode == 0:
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            pytest.fail(f"{case}: exit 0 but stdout is not one JSON document ({e}); "
                        f"stdout head: {proc.stdout[:300]!r}")
        w = _warnings(report)
        assert isinstance(w, int) and w > 0, (
            f"{case}: exit 0 but totals.warnings={w!r}; bad input must give a per-row warning "
            f"count > 0 or a one-line error. totals={report.get('totals')}")
        if case == "invalid_utf8":
            recs = (report.get("totals") or {}).get("records", 0)
            assert recs >= 990, f"{case}: only {recs} of 1001 records read around the bad bytes"
    else:
        errs = [ln for ln in stderr.splitlines() if ln.lower().startswith("error:")]
        assert len(errs) == 1, (f"{case}: exit {proc.returncode} with {len(errs)} `error:` lines "
                                f"(want exactly one); stderr: {stderr[-1500:]}")
        line = errs[0]
        assert path.name in line, f"{case}: the error line does not name the file: {line!r}"
        if positional:
            rest = line.replace(str(path), "").replace(path.name, "")
            assert re.search(r"[0-9]", rest), (
                f"{case}: the error line gives no line or byte position: {line!r}")
