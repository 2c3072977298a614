"""The lookup API (`leaktrace serve`) from outside, as HIBP clients and API testers see it.

(a) pyhibp, an HIBP v3 client library from PyPI, queries the server unchanged: its base URL is
    the module constant `pyhibp.HIBP_API_BASE_URI`, read at every call.
(b) schemathesis runs the server's own /openapi.json against the live server: every status code
    and content type the server answers must be the documented ones.

The server runs on a free loopback port over a SQLite database in a temporary directory, with an
index key file written here (64 hex digits) and an API key made by `leaktrace apikey create`.
Three breaches are indexed with `leaktrace breach add` from a `leaktrace synth` dump (ordinary,
sensitive, unverified); ownership codes go to an aiosmtpd server on loopback.
"""
from __future__ import annotations

import csv
import email
import email.policy
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import http.client as httpclient
import urllib.parse
from pathlib import Path

import pytest

UA = "LeakTrace-pytest/1.0 (lookup API tests)"
ROWS = 300
SEED = 4242


class Inbox:
    """aiosmtpd handler: keeps every message the server sends."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"

    def code_for(self, address: str) -> str:
        deadline = time.time() + 20
        while time.time() < deadline:
            for rcpts, raw in reversed(self.messages):
                if address in rcpts:
                    msg = email.message_from_bytes(raw, policy=email.policy.default)
                    body = msg.get_body(preferencelist=("plain",)).get_content()
                    m = re.search(r"\b(\d{6})\b", body)
                    assert m, "no code in the message"
                    return m.group(1)
            time.sleep(0.1)
        pytest.fail("no message reached the SMTP server")


def pick_person(csv_path: Path) -> dict[str, str]:
    """A row among the first 40 whose email and 12-digit MyKad each appear once in the dump."""
    with csv_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ics: dict[str, int] = {}
    mails: dict[str, int] = {}
    for r in rows:
        ic = re.sub(r"\D", "", r.get("ic_no", ""))
        ics[ic] = ics.get(ic, 0) + 1
        m = r.get("email", "").strip().lower()
        mails[m] = mails.get(m, 0) + 1
    for r in rows[:40]:
        ic = re.sub(r"\D", "", r.get("ic_no", ""))
        m = r.get("email", "").strip().lower()
        if len(ic) == 12 and "@" in m and ics[ic] == 1 and mails[m] == 1:
            return {"mykad": ic, "email": m}
    pytest.fail("no row among the first 40 has a unique MyKad and a unique email")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method: str, url: str, headers: dict | None = None, body: bytes | None = None, timeout: float = 10):
    """One request with exactly these headers (http.client adds no user-agent of its own)."""
    u = urllib.parse.urlsplit(url)
    conn = httpclient.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request(method, u.path + ("?" + u.query if u.query else ""), body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(leaktrace_bin, run, tmp_path_factory):
    d = tmp_path_factory.mktemp("lookup-api")
    key_file = d / "index.key"
    key_file.write_text(secrets.token_hex(32) + "\n")
    os.chmod(key_file, 0o600)
    db = d / "index.sqlite"
    common = ["--database", str(db), "--key-file", str(key_file)]

    dump = d / "telco.csv"
    r = run(["synth", "--rows", str(ROWS), "--seed", str(SEED), "--clean", "--reference-date", "2014-07-01",
             "--out", str(dump), "--quiet"])
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    person = pick_person(dump)
    lines = dump.read_text(encoding="utf-8").splitlines(keepends=True)
    clinic = d / "clinic.csv"
    clinic.write_text("".join(lines[:41]), encoding="utf-8")
    forum = d / "forum.csv"
    forum.write_text("".join(lines[:21]), encoding="utf-8")
    for path, name, title, extra in [
        (dump, "TelcoSynth2014", "Telco (synthetic)", ["--domain", "telco.example", "--date", "2014-07-01"]),
        (clinic, "ClinicSynth2016", "Clinic (synthetic)", ["--sensitive", "--date", "2016-03-04"]),
        (forum, "ForumSynth2018", "Forum (synthetic)", ["--unverified", "--domain", "forum.example", "--date", "2018-01-01"]),
    ]:
        r = run(["breach", "add", str(path), "--name", name, "--title", title, *extra, *common, "--quiet"], timeout=300)
        assert r.returncode == 0, r.stderr.decode(errors="replace")

    r = run(["apikey", "create", *common, "--label", "pytest", "--rpm", "100000", "--json"], timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    created = json.loads(r.stdout)
    api_key = created["key"]
    assert len(api_key) == 32 and all(c in "0123456789abcdef" for c in api_key)

    listed = run(["apikey", "list", *common, "--json"], timeout=120)
    assert listed.returncode == 0, listed.stderr.decode()
    assert api_key not in listed.stdout.decode()
    assert [k["id"] for k in json.loads(listed.stdout)] == [created["id"]]

    from aiosmtpd.controller import Controller

    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    port = free_port()
    log = open(d / "server.log", "wb")
    proc = subprocess.Popen(
        [str(leaktrace_bin), "serve", *common, "--host", "127.0.0.1", "--port", str(port),
         "--public-rpm", "1000000", "--ownership-per-hour", "1000000",
         "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp_port), "--smtp-from", "noreply@leaktrace.test",
         "--sms-outbox", str(d / "sms-outbox")],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            status, _, _ = request("GET", base + "/api/v3/dataclasses", {"User-Agent": UA}, timeout=2)
            if status == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            smtp.stop()
            pytest.fail("leaktrace serve did not start: " + (d / "server.log").read_text(errors="replace"))
        time.sleep(0.2)
    yield {"base": base, "key": api_key, "dir": d, "common": common, "proc": proc, "log": d / "server.log",
           "person": person, "inbox": inbox}
    proc.terminate()  # SIGTERM: graceful shutdown
    try:
        assert proc.wait(timeout=20) == 0, "serve did not exit cleanly on SIGTERM"
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
        smtp.stop()


def test_http_basics(server):
    base, key = server["base"], server["key"]
    status, _, body = request("GET", base + "/api/v3/breaches")
    assert status == 403, "a missing user-agent is 403 (HIBP)"
    status, _, body = request("GET", base + "/api/v3/breachedaccount/someone%40example.com", {"User-Agent": UA})
    assert status == 401 and json.loads(body) == {"statusCode": 401, "message": "Access denied due to missing hibp-api-key."}
    status, _, body = request("GET", base + "/api/v3/breachedaccount/someone%40example.com", {"User-Agent": UA, "hibp-api-key": "x" * 32})
    assert status == 401 and "improperly formed" in json.loads(body)["message"]
    status, _, body = request("GET", base + "/api/v3/breachedaccount/someone%40example.com", {"User-Agent": UA, "hibp-api-key": key})
    assert status == 404 and body == b""
    status, _, body = request("GET", base + "/api/v3/breachedaccount/900101-14-5673", {"User-Agent": UA, "hibp-api-key": key})
    assert status == 403 and "proof of ownership" in json.loads(body)["message"]
    status, headers, body = request("GET", base + "/metrics", {"User-Agent": UA})
    assert status == 200 and "leaktrace_http_requests_total" in body.decode()
    assert "someone" not in body.decode() and "900101" not in body.decode()


def test_pyhibp_queries_the_server_unchanged(server):
    """pyhibp 4.2.0, unchanged: its module constant HIBP_API_BASE_URI is the base URL of every call."""
    import pyhibp

    pyhibp.HIBP_API_BASE_URI = server["base"] + "/api/v3/"
    pyhibp.set_user_agent(ua=UA)
    pyhibp.set_api_key(key=server["key"])
    person = server["person"]

    classes = pyhibp.get_data_classes()
    assert classes == sorted(classes, key=str.lower) and "Email addresses" in classes

    breaches = pyhibp.get_all_breaches()
    assert [b["Name"] for b in breaches] == ["ClinicSynth2016", "ForumSynth2018", "TelcoSynth2014"]  # by title
    assert [b["Name"] for b in pyhibp.get_all_breaches(domain="telco.example")] == ["TelcoSynth2014"]
    telco = pyhibp.get_single_breach(breach_name="TelcoSynth2014")
    assert telco["Title"] == "Telco (synthetic)" and telco["BreachDate"] == "2014-07-01"
    assert telco["PwnCount"] > 0 and telco["IsVerified"] is True and telco["Attribution"] is None
    assert "Email addresses" in telco["DataClasses"]
    assert pyhibp.get_single_breach(breach_name="NoSuchBreach") == {}

    # pyhibp sends includeUnverified=False and truncateResponse as asked, as Python spells booleans.
    got = pyhibp.get_account_breaches(account=person["email"], truncate_response=True)
    assert got == [{"Name": "TelcoSynth2014"}], "the sensitive breach is hidden, the unverified one excluded"
    got = pyhibp.get_account_breaches(account=" " + person["email"].upper() + " ", truncate_response=True, include_unverified=True)
    assert got == [{"Name": "ForumSynth2018"}, {"Name": "TelcoSynth2014"}]
    full = pyhibp.get_account_breaches(account=person["email"], truncate_response=False, include_unverified=True, domain="telco.example")
    assert [b["Name"] for b in full] == ["TelcoSynth2014"] and full[0]["PwnCount"] == telco["PwnCount"]
    assert pyhibp.get_account_breaches(account="nobody.at.all@example.org", truncate_response=True) == []
    with pytest.raises(RuntimeError, match="HTTP 400"):
        pyhibp.get_account_breaches(account="not-an-account", truncate_response=True)
    with pytest.raises(RuntimeError, match="HTTP 403"):
        pyhibp.get_account_breaches(account=person["mykad"], truncate_response=True)  # a MyKad needs a proof
    pyhibp.set_api_key(key="0" * 32)
    with pytest.raises(RuntimeError, match="HTTP 401"):
        pyhibp.get_account_breaches(account=person["email"], truncate_response=True)
    pyhibp.set_api_key(key=server["key"])


def test_ownership_proof_unlocks_sensitive_and_mykad(server):
    base, key, person = server["base"], server["key"], server["person"]
    j = {"User-Agent": UA, "Content-Type": "application/json"}
    status, _, body = request("POST", base + "/api/v3/ownership/challenge", j, json.dumps({"account": person["email"]}).encode())
    assert status == 202, body
    challenge = json.loads(body)
    code = server["inbox"].code_for(person["email"])
    wrong = "000000" if code != "000000" else "111111"
    status, _, body = request("POST", base + "/api/v3/ownership/verify", j, json.dumps({"challengeId": challenge["ChallengeId"], "code": wrong}).encode())
    assert status == 400 and json.loads(body)["AttemptsLeft"] == 4
    status, _, body = request("POST", base + "/api/v3/ownership/verify", j, json.dumps({"challengeId": challenge["ChallengeId"], "code": code}).encode())
    assert status == 200, body
    proof = json.loads(body)["Proof"]

    k = {"User-Agent": UA, "hibp-api-key": key}
    status, _, body = request("GET", base + "/api/v3/breachedaccount/" + urllib.parse.quote(person["email"]), {**k, "X-LeakTrace-Ownership": proof})
    assert status == 200 and [b["Name"] for b in json.loads(body)] == ["ClinicSynth2016", "ForumSynth2018", "TelcoSynth2014"]
    status, _, body = request("POST", base + "/api/v3/breachedaccount", {**k, "Content-Type": "application/json"},
                              json.dumps({"account": person["mykad"], "proof": proof}).encode())
    assert status == 200 and [b["Name"] for b in json.loads(body)] == ["ClinicSynth2016", "ForumSynth2018", "TelcoSynth2014"]
    log = server["log"].read_text(errors="replace")
    for secret in (person["email"], person["mykad"], key, code, proof):
        assert secret not in log, "the server log holds an identifier, a key, a code or a proof"


def test_schemathesis_finds_no_failure(server):
    exe = shutil.which("schemathesis") or shutil.which("st")
    assert exe, "schemathesis is not installed (pip install -r tests-py/requirements.txt)"
    report = server["dir"] / "schemathesis"
    # A schema-valid string that is no email, phone or MyKad is 400 by design (as HIBP's "the
    # account does not comply with an acceptable format"): a JSON schema cannot say which strings
    # are valid identifiers, so positive data may be rejected with 400 on the account operations.
    config = server["dir"] / "schemathesis.toml"
    config.write_text("""
[[operations]]
include-path-regex = "^/api/v3/(breachedaccount|ownership/challenge)"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "429", "5xx"]
""")
    cmd = [
        exe, "--config-file", str(config), "run", server["base"] + "/openapi.json",
        "-H", f"User-Agent: {UA}",
        "-H", f"hibp-api-key: {server['key']}",
        "--checks", "all",
        "--max-examples", os.environ.get("LEAKTRACE_SCHEMATHESIS_EXAMPLES", "40"),
        "--seed", "20240",
        "--report", "junit", "--report-dir", str(report),
    ]
    # In the temporary directory: schemathesis keeps a cache in its working directory.
    r = subprocess.run(cmd, capture_output=True, timeout=1200, cwd=str(server["dir"]))
    out = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    (server["dir"] / "schemathesis.out").write_text(out)
    tail = "\n".join(out.splitlines()[-80:])
    assert r.returncode == 0, "schemathesis found failures:\n" + tail
    assert server["proc"].poll() is None, "the server died during the run"
