"""Issue 8 through the real binary: a case from bootstrap to court-ready checks, on SQLite and on
PostgreSQL.

- Accounts and organisations are bootstrapped (first org and first user need no administrator).
- A case opened with an awareness time shows the PDPA Commissioner deadline at awareness + 72 h,
  computed in Asia/Kuala_Lumpur (19:00 MYT on 2 March 2026 -> 19:00 MYT on 5 March = 11:00Z).
- A person of another organisation gets "no case", the same as for a case that does not exist.
- Evidence goes into the vault by SHA-256 (checked against hashlib), the triage report attached as
  evidence feeds the notification drafts' counts.
- Tampering: a changed byte in any stored audit entry (by SQL, behind the tool's back), a removed
  entry, or a flipped byte in an evidence file makes `audit verify` / `evidence verify` exit 1 and
  name the entry or evidence item.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

AWARE_LOCAL = "2026-03-02 19:00"
COMMISSIONER_DEADLINE_UTC = "2026-03-05T11:00:00Z"


class Env:
    """Runs the binary against one case database, vault and audit key."""

    def __init__(self, binary: Path, tmp: Path, database: str):
        self.binary = binary
        self.tmp = tmp
        self.database = database
        self.vault = tmp / "vault"
        self.key = tmp / "audit.key"

    def __call__(self, *args: str, user: str | None = "admin", stdin: str | None = None, ok: bool = True):
        full = [*args, "--database", self.database, "--vault", str(self.vault), "--audit-key", str(self.key)]
        if user:
            full += ["--as", user]
        p = subprocess.run([str(self.binary), *full], capture_output=True, timeout=300, input=(stdin or "").encode())
        if ok and p.returncode != 0:
            raise AssertionError(f"leaktrace {' '.join(args)} failed ({p.returncode}): {p.stderr.decode()[-2000:]}")
        return p


@pytest.fixture
def env_factory(leaktrace_bin, tmp_path):
    def make(database: str) -> Env:
        return Env(leaktrace_bin, tmp_path, database)
    return make


def _bootstrap(env: Env) -> None:
    env("org", "add", "telco-a", "--name", "Telco A", user=None)
    env("user", "add", "admin", "--org", "telco-a", "--role", "dpo", "--admin", "--password-stdin",
        "--bcrypt-cost", "4", user=None, stdin="correct horse battery\n")
    env("org", "add", "jpdp", "--name", "JPDP", "--kind", "regulator")
    env("user", "add", "regulator1", "--org", "jpdp", "--role", "regulator", "--password-stdin",
        "--bcrypt-cost", "4", stdin="another long passphrase\n")


def _case_flow(env: Env, run) -> tuple[str, dict]:
    _bootstrap(env)
    p = env("case", "new", "--title", "Subscriber records offered for sale", "--aware-at", AWARE_LOCAL,
            "--aware-source", "tip to a forum moderator", "--playbook", "data-leaked-for-sale",
            "--subjects", "5000", "--data-class", "mykad", "--data-class", "phone_mobile", "--json")
    case = json.loads(p.stdout)
    cid = case["id"]
    assert cid.startswith("LT-")

    show = json.loads(env("case", "show", cid, "--json").stdout)
    assert len(show["tasks"]) == 13
    commissioner = [c for c in show["clocks"] if c["regime"] == "my-pdpa-2024" and "ommissioner" in c["title"]]
    assert commissioner, show["clocks"]
    assert commissioner[0]["deadline"] == COMMISSIONER_DEADLINE_UTC, commissioner
    assert "+08" in commissioner[0]["deadlineLocal"]
    listed = json.loads(env("case", "list", "--json").stdout)
    assert [r["id"] for r in listed] == [cid]
    assert listed[0]["overdue"], "the 2026-03-05 deadline has passed and nothing was filed"

    # Another organisation's person: the same answer as for a case that does not exist.
    other = env("case", "show", cid, user="regulator1", ok=False)
    missing = env("case", "show", "LT-2026-9999", user="regulator1", ok=False)
    assert other.returncode != 0 and b"no case " + cid.encode() in other.stderr
    assert missing.returncode != 0 and b"no case LT-2026-9999" in missing.stderr
    assert json.loads(env("case", "list", "--json", user="regulator1").stdout) == []

    # Evidence: a listing capture and the triage report of a synthetic sample.
    sample = env.tmp / "sample.csv"
    r = run(["synth", "--rows", "400", "--seed", "8", "--out", str(sample)])
    assert r.returncode == 0, r.stderr
    triage = env.tmp / "triage.json"
    r = run(["scan", str(sample), "--json"])
    assert r.returncode == 0, r.stderr
    triage.write_bytes(r.stdout)
    ev1 = json.loads(env("case", "evidence", "add", cid, str(sample), "--description", "sample posted with the listing",
                         "--method", "download (curl 8.5)", "--source", "forum thread", "--json").stdout)
    assert ev1["sha256"] == hashlib.sha256(sample.read_bytes()).hexdigest()
    assert ev1["size"] == sample.stat().st_size
    env("case", "evidence", "add", cid, str(triage), "--kind", "triage-report", "--description", "triage of the sample",
        "--method", "leaktrace scan --json", "--source", "derived", "--derived-from", ev1["sha256"])
    env("case", "evidence", "custody", cid, ev1["id"], "--action", "transferred", "--from", "telco-a", "--to", "pdrm",
        "--reason", "police report", "--seal", "S-0001")

    draft = json.loads(env("case", "notify", cid, "--kind", "commissioner", "--lang", "en", "--json",
                           "--html", str(env.tmp / "commissioner.html")).stdout)
    persons = json.loads(triage.read_text())["totals"]["uniquePersons"]
    texts = " ".join(f["text"] for f in draft["fields"])
    assert f"{persons:,}" in texts or str(persons) in texts, texts[:800]
    html = (env.tmp / "commissioner.html").read_text()
    assert "@media print" in html and "DRAFT" in html.upper()
    ms = json.loads(env("case", "notify", cid, "--kind", "dataSubject", "--lang", "ms", "--json").stdout)
    assert ms["language"] == "ms" and "997" in " ".join(f["text"] for f in ms["fields"])
    revised = json.loads(env("case", "notify", cid, "--revise", draft["id"], "--set", "measures=Passwords rotated.", "--json").stdout)
    assert revised["version"] == 2 and revised["basedOn"] == draft["id"]

    assert env("audit", "verify").stdout.decode().strip() == "audit log intact"
    assert "intact" in env("evidence", "verify").stdout.decode()
    return cid, ev1


def _tamper_checks(env: Env, cid: str, ev1: dict, sql) -> None:
    seq = int(sql("SELECT min(seq) FROM audit_entry WHERE action = 'evidence.add'"))
    sql(f"UPDATE audit_entry SET detail = detail || 'x' WHERE seq = {seq}")
    p = env("audit", "verify", ok=False)
    assert p.returncode == 1
    assert f"audit entry {seq}:".encode() in p.stdout, p.stdout
    sql(f"UPDATE audit_entry SET detail = substr(detail, 1, length(detail) - 1) WHERE seq = {seq}")
    assert env("audit", "verify").returncode == 0
    sql(f"DELETE FROM audit_entry WHERE seq = {seq}")
    p = env("audit", "verify", ok=False)
    assert p.returncode == 1 and f"audit entry {seq + 1}:".encode() in p.stdout, p.stdout

    stored = env.vault / "sha256" / ev1["sha256"][:2] / ev1["sha256"]
    os.chmod(stored, 0o600)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x20
    stored.write_bytes(bytes(data))
    p = env("evidence", "verify", ok=False)
    assert p.returncode == 1 and ev1["id"].encode() in p.stdout, p.stdout


def test_case_flow_sqlite(env_factory, run, tmp_path):
    db = tmp_path / "cases.sqlite"
    env = env_factory(str(db))
    cid, ev1 = _case_flow(env, run)

    def sql(statement: str):
        con = sqlite3.connect(db)
        try:
            cur = con.execute(statement)
            row = cur.fetchone()
            con.commit()
            return row[0] if row else None
        finally:
            con.close()
    _tamper_checks(env, cid, ev1, sql)


def test_case_flow_postgres(env_factory, run):
    url = os.environ.get("POSTGRES_URL")
    if not url:
        pytest.fail("POSTGRES_URL is not set: scripts/test runs pytest inside scripts/with-postgres")
    name = "lt_cases_" + uuid.uuid4().hex[:8]
    subprocess.run(["psql", url, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    base, _, query = url.partition("?")
    db_url = base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")
    env = env_factory(db_url)
    cid, ev1 = _case_flow(env, run)
    _tamper_checks(env, cid, ev1, _pg_sql(db_url))


def _pg_sql(db_url: str):
    def sql(statement: str):
        out = subprocess.run(["psql", db_url, "-At", "-v", "ON_ERROR_STOP=1", "-c", statement], capture_output=True, check=True)
        lines = out.stdout.decode().strip().splitlines()
        return lines[0] if lines and not lines[0].startswith(("UPDATE", "DELETE")) else None
    return sql
