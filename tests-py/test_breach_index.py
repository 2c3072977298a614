"""The breach index (issue 4): crash-resume and leak-proofing, on the real binary.

- Crash-resume: `breach add` is killed with SIGKILL at random points (>= 10 trials), re-run until it
  finishes, and the resulting index must equal, entry for entry, the index of an uninterrupted run.
- Leak-proof: after indexing a synthetic dump, neither the SQLite file (with its WAL) nor the
  PostgreSQL tables (when POSTGRES_URL is set) nor the command's output contain any canonical
  identifier, a common spelling of it, or its unkeyed SHA-1/SHA-256/MD5 (hex or raw).
- Without the key the database answers nothing: another key is refused.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import FIGURES

ROWS = int(os.environ.get("LEAKTRACE_INDEX_ROWS", "20000"))
SEED = 4404
TRIALS = int(os.environ.get("LEAKTRACE_RESUME_TRIALS", "12"))


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="module")
def dump(run, work) -> Path:
    out = work / "dump.csv"
    r = run(["synth", "--rows", str(ROWS), "--format", "csv", "--seed", str(SEED), "--out", str(out)])
    assert r.returncode == 0, r.stderr.decode()
    return out


@pytest.fixture(scope="module")
def key_file(run, work) -> Path:
    path = work / "keys" / "index.key"
    r = run(["key", "init", "--key-file", str(path)])
    assert r.returncode == 0, r.stderr.decode()
    assert (path.stat().st_mode & 0o777) == 0o600
    # Never overwritten.
    again = run(["key", "init", "--key-file", str(path)])
    assert again.returncode != 0 and b"never overwritten" in again.stderr
    return path


def _add(leaktrace_bin: Path, db: Path | str, key: Path, dump: Path, *extra: str) -> list[str]:
    return [str(leaktrace_bin), "breach", "add", str(dump), "--name", "SynthTelco2014", "--database", str(db),
            "--key-file", str(key), "--quiet",
            # Small batches: many transactions, so kills land between checkpoints.
            "--batch-bytes", "65536", *extra]


def _entries(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT hash, breach_id, person, classes FROM index_entry ORDER BY hash, breach_id").fetchall()
    finally:
        con.close()


def _breach(db: Path) -> dict:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        row = con.execute("SELECT * FROM breach WHERE name = 'SynthTelco2014'").fetchone()
        return dict(row) if row else {}
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(leaktrace_bin, work, key_file, dump):
    """One uninterrupted ingest: the index every resumed run must equal."""
    db = work / "reference.sqlite"
    started = time.monotonic()
    r = subprocess.run(_add(leaktrace_bin, db, key_file, dump, "--json"), capture_output=True, timeout=900)
    seconds = time.monotonic() - started
    assert r.returncode == 0, r.stderr.decode()
    summary = json.loads(r.stdout)
    assert summary["records"] == ROWS
    assert summary["pwnCount"] > 0 and summary["entries"] >= summary["pwnCount"]
    FIGURES.append(f"index: {ROWS} rows -> {summary['entries']} identifiers, {summary['pwnCount']} persons, "
                   f"{seconds:.1f} s uninterrupted (debug build)")
    return db, seconds, summary


def test_reference_ingest_is_complete_and_idempotent(leaktrace_bin, reference, key_file, dump):
    db, _, summary = reference
    entries = _entries(db)
    assert len(entries) == summary["entries"]
    b = _breach(db)
    assert b["status"] == "ready" and b["pwn_count"] == summary["pwnCount"]
    assert "Government issued IDs" in summary["dataClasses"] and "Phone numbers" in summary["dataClasses"]
    # The same command again changes nothing.
    r = subprocess.run(_add(leaktrace_bin, db, key_file, dump, "--json"), capture_output=True, timeout=600)
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["alreadyIndexed"] is True
    assert _entries(db) == entries


def test_kill_at_random_points_then_resume_gives_the_same_index(leaktrace_bin, work, key_file, dump, reference):
    ref_db, ref_seconds, summary = reference
    expected = _entries(ref_db)
    expected_breach = _breach(ref_db)
    rng = random.Random(SEED)
    killed_mid_ingest = 0
    resumed = 0
    for trial in range(TRIALS):
        db = work / f"trial-{trial}.sqlite"
        kills = 1 + (trial % 3 == 0)  # every third trial is killed twice
        for _ in range(kills):
            proc = subprocess.Popen(_add(leaktrace_bin, db, key_file, dump), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.02, max(0.1, ref_seconds * 0.95)))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                if db.exists() and _breach(db).get("status") == "indexing":
                    killed_mid_ingest += 1
            else:
                proc.wait()
        final = subprocess.run(_add(leaktrace_bin, db, key_file, dump, "--json"), capture_output=True, timeout=900)
        assert final.returncode == 0, final.stderr.decode()
        result = json.loads(final.stdout)
        if result["resumedFromRecord"] > 0:
            resumed += 1
        got = _entries(db)
        assert len(got) == len(expected), f"trial {trial}: {len(got)} entries, expected {len(expected)}"
        assert got == expected, f"trial {trial}: entries differ from the uninterrupted run"
        b = _breach(db)
        assert b["status"] == "ready"
        assert b["pwn_count"] == expected_breach["pwn_count"]
        assert b["records"] == expected_breach["records"]
        assert json.loads(b["data_classes"]) == json.loads(expected_breach["data_classes"])
    FIGURES.append(f"crash-resume: {TRIALS} trials, {killed_mid_ingest} kills landed mid-ingest, "
                   f"{resumed} runs resumed from a checkpoint; every index equal to the uninterrupted one")
    assert killed_mid_ingest >= TRIALS // 2, "too few kills landed during the ingest to test resuming"


# MARK: - Leak-proofing


def _canonical_identifiers(run, work: Path, dump: Path) -> dict[str, set[str]]:
    emit = work / "emit"
    r = run(["scan", str(dump), "--emit-identifiers", str(emit), "--quiet", "--json"])
    assert r.returncode == 0, r.stderr.decode()
    values: dict[str, set[str]] = {}
    for f in emit.glob("*.txt"):
        values[f.stem] = {line for line in f.read_text().splitlines() if line}
    return values


def _spellings(kind: str, value: str) -> set[str]:
    out = {value}
    if kind == "mykad" and len(value) == 12:
        out |= {f"{value[:6]}-{value[6:8]}-{value[8:]}"}
    if kind.startswith("phone") and value.startswith("+60"):
        national = "0" + value[3:]
        out |= {value[1:], national}
    if kind == "email":
        out |= {value.upper()}
    return out


def _needles(values: dict[str, set[str]]) -> tuple[set[bytes], set[bytes], set[str]]:
    """Plain spellings (bytes), raw digests (first 8 bytes), hex digests (lower-case)."""
    plain: set[bytes] = set()
    raw_prefixes: set[bytes] = set()
    hexes: set[str] = set()
    for kind, vals in values.items():
        for v in vals:
            for s in _spellings(kind, v):
                b = s.encode()
                plain.add(b)
                for algo in (hashlib.sha1, hashlib.sha256, hashlib.md5):
                    d = algo(b).digest()
                    raw_prefixes.add(d[:8])
                    hexes.add(d.hex())
    return plain, raw_prefixes, hexes


def _find_leaks(blob: bytes, plain: set[bytes], raw_prefixes: set[bytes], hexes: set[str]) -> list[str]:
    leaks: list[str] = []
    # Plain values: every digit run, email-like token and +digits token in the blob.
    for m in re.finditer(rb"\+?[0-9][0-9-]{8,16}[0-9]|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+", blob):
        if m.group(0) in plain:
            leaks.append("plain value at byte %d" % m.start())
    # Hex digests.
    for m in re.finditer(rb"[0-9a-fA-F]{32,64}", blob):
        h = m.group(0).decode().lower()
        for size in (32, 40, 64):
            for i in range(0, len(h) - size + 1):
                if h[i:i + size] in hexes:
                    leaks.append("hex digest at byte %d" % m.start())
    # Raw digests: any 8-byte window equal to a digest's first 8 bytes.
    mv = memoryview(blob)
    for i in range(len(blob) - 7):
        if bytes(mv[i:i + 8]) in raw_prefixes:
            leaks.append("raw digest at byte %d" % i)
    return leaks


def test_sqlite_file_and_output_hold_no_identifier_nor_unkeyed_hash(run, leaktrace_bin, work, key_file, dump, reference):
    db, _, _ = reference
    values = _canonical_identifiers(run, work, dump)
    assert values.get("mykad") and values.get("email") and (values.get("phone_mobile") or values.get("phone_fixed"))
    plain, raw_prefixes, hexes = _needles(values)
    # Self-check of the detector: it finds a planted value and a planted digest.
    some = next(iter(values["mykad"]))
    assert _find_leaks(b"xx" + some.encode() + b"yy", plain, raw_prefixes, hexes)
    assert _find_leaks(b"xx" + hashlib.sha256(some.encode()).digest() + b"yy", plain, raw_prefixes, hexes)
    # Checkpoint the WAL into the file, then read every byte of the database and its side files.
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    blobs = [p.read_bytes() for p in db.parent.glob(db.name + "*")]
    total = sum(len(b) for b in blobs)
    leaks = [leak for b in blobs for leak in _find_leaks(b, plain, raw_prefixes, hexes)]
    FIGURES.append(f"leak check (SQLite): {len(plain)} spellings and {3 * len(plain)} unkeyed digests searched in "
                   f"{total} bytes: {len(leaks)} found")
    assert leaks == []
    # What the commands print holds no identifier either.
    listing = run(["breach", "list", "--json", "--database", str(db), "--key-file", str(key_file)])
    show = run(["breach", "show", "SynthTelco2014", "--database", str(db), "--key-file", str(key_file)])
    for out in (listing, show):
        assert out.returncode == 0, out.stderr.decode()
        assert _find_leaks(out.stdout + out.stderr, plain, raw_prefixes, hexes) == []


def test_postgres_tables_hold_no_identifier_nor_unkeyed_hash(run, leaktrace_bin, work, key_file, dump):
    url = os.environ.get("POSTGRES_URL")
    if not url:
        pytest.fail("POSTGRES_URL is not set: scripts/test runs pytest inside scripts/with-postgres")
    r = subprocess.run(_add(leaktrace_bin, url, key_file, dump, "--json"), capture_output=True, timeout=900)
    assert r.returncode == 0, r.stderr.decode()
    values = _canonical_identifiers(run, work, dump)
    plain, raw_prefixes, hexes = _needles(values)
    dumped = b""
    for table in ("breach", "index_entry", "api_key", "ownership_challenge", "setting"):
        out = subprocess.run(["psql", url, "-At", "-c", f"COPY {table} TO STDOUT"], capture_output=True, timeout=300)
        assert out.returncode == 0, out.stderr.decode()
        dumped += out.stdout
    # bytea comes out as \x-hex: decode those to raw bytes so raw digests are searched too.
    raw = b"".join(bytes.fromhex(m.group(1).decode()) for m in re.finditer(rb"\\\\x([0-9a-f]+)", dumped))
    leaks = _find_leaks(dumped, plain, raw_prefixes, hexes) + _find_leaks(raw, plain, raw_prefixes, hexes)
    FIGURES.append(f"leak check (PostgreSQL): {len(dumped)} bytes of table text: {len(leaks)} found")
    assert leaks == []


def test_another_key_is_refused(run, work, reference):
    db, _, _ = reference
    other = work / "other.key"
    assert run(["key", "init", "--key-file", str(other)]).returncode == 0
    r = run(["breach", "list", "--database", str(db), "--key-file", str(other)])
    assert r.returncode != 0
    assert b"key" in r.stderr.lower()


def test_server_logs_hold_no_identifier_nor_unkeyed_hash(run, leaktrace_bin, work, key_file, dump, reference):
    """Lookups of hundreds of identifiers (GET and POST, every spelling, hits and misses), with the
    server logging at its most verbose level: the log holds none of them, nor a digest of one."""
    import socket
    import urllib.error
    import urllib.parse
    import urllib.request

    db, _, _ = reference
    values = _canonical_identifiers(run, work, dump)
    plain, raw_prefixes, hexes = _needles(values)
    created = run(["apikey", "create", "--label", "log-check", "--rpm", "100000", "--json", "--database", str(db), "--key-file", str(key_file)])
    assert created.returncode == 0, created.stderr.decode()
    api_key = json.loads(created.stdout)["key"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = work / "serve-trace.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([str(leaktrace_bin), "serve", "--port", str(port), "--database", str(db), "--key-file", str(key_file),
                                 "--log-level", "trace"], stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(urllib.request.Request(base + "/api/v3/dataclasses", headers={"user-agent": "t"}), timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            rng = random.Random(5)
            asked = 0
            for kind, vals in values.items():
                if kind not in ("mykad", "phone_mobile", "phone_fixed", "email"):
                    continue
                for v in rng.sample(sorted(vals), min(60, len(vals))):
                    for spelled in sorted(_spellings(kind, v)):
                        headers = {"user-agent": "log-check", "hibp-api-key": api_key}
                        get = urllib.request.Request(base + "/api/v3/breachedaccount/" + urllib.parse.quote(spelled, safe="") + "?truncateResponse=false", headers=headers)
                        post = urllib.request.Request(base + "/api/v3/breachedaccount", data=json.dumps({"account": spelled}).encode(),
                                                      headers={**headers, "content-type": "application/json"}, method="POST")
                        for req in (get, post):
                            try:
                                urllib.request.urlopen(req, timeout=10).read()
                            except urllib.error.HTTPError as e:
                                assert e.code in (403, 404), f"unexpected {e.code}"
                            asked += 1
            # The citizen page's form too.
            form = urllib.parse.urlencode({"identifier": next(iter(values["mykad"]))}).encode()
            try:
                urllib.request.urlopen(urllib.request.Request(base + "/check", data=form, headers={"user-agent": "t", "content-type": "application/x-www-form-urlencoded"}), timeout=10).read()
            except urllib.error.HTTPError:
                pass
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    text = log_path.read_bytes()
    assert b"breachedaccount" in text, "the trace log should record the lookups (by route pattern)"
    leaks = _find_leaks(text, plain, raw_prefixes, hexes)
    FIGURES.append(f"leak check (server log, trace level): {asked} lookups, {len(text)} log bytes: {len(leaks)} found")
    assert leaks == []
    assert api_key.encode() not in text
