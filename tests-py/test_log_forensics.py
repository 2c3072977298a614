"""End to end: `leaktrace logs correlate` finds the exfiltrating session and address from real logs.

A real nginx (Debian's package, run in the foreground with a config and prefix of its own) listens
on loopback in front of a small record-serving app (Python, below), which reads a real PostgreSQL
cluster started for this test with `log_statement = all` into a csvlog. Clients with distinct
loopback source addresses (127.0.0.x) browse normally; one of them walks a slice of the customer
table slowly. The leak file is what that client received (CSV). The tool must rank the thief's
session, account and address first from the nginx log alone, from the PostgreSQL log alone, and
from both; bad lines added to a log must be counted with their line numbers, never fatal.

All data is synthetic (generated here). Missing nginx or PostgreSQL is a failure, never a skip.
"""
from __future__ import annotations

import base64
import csv
import gzip
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from pathlib import Path

import pytest

from conftest import FIGURES

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROWS = 2000
THIEF_ADDRESS = "127.0.0.66"
THIEF_SLICE = range(700, 880)  # 180 records, read 6 at a time
NORMAL = [f"127.0.0.{i}" for i in range(10, 22)]


def _need(name: str) -> str:
    for d in ("", "/usr/sbin/", "/usr/bin/", f"{PG_BIN}/"):
        path = shutil.which(name) if not d else (d + name if os.access(d + name, os.X_OK) else None)
        if path:
            return path
    pytest.fail(f"{name} not found: run scripts/install-test-deps (installs nginx and postgresql with apt-get)",
                pytrace=False)


def _run(cmd, **kw):
    kw.setdefault("timeout", 120)
    r = subprocess.run(cmd, capture_output=True, **kw)
    if r.returncode != 0:
        raise AssertionError(f"{cmd[0]} failed ({r.returncode}): {r.stderr.decode(errors='replace')[-2000:]}")
    return r


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, timeout: float = 30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


APP = r'''
import json, os, re, subprocess, sys, base64
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

PORT, PGHOST, PGPORT = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def query(sql, appname):
    env = dict(os.environ, PGAPPNAME=appname)
    out = subprocess.run(["psql", "-h", PGHOST, "-p", PGPORT, "-U", "postgres", "-d", "shop", "-At", "-F", "\t",
                          "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, env=env, timeout=30)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode())
    rows = []
    for line in out.stdout.decode().splitlines():
        i, name, mykad, phone = line.split("\t")
        rows.append({"id": int(i), "name": name, "mykad": mykad, "phone": phone})
    return rows

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        url = urlsplit(self.path)
        user = "-"
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            user = base64.b64decode(auth[6:]).decode().split(":")[0]
        sid = re.search(r"sid=([0-9a-f]+)", self.headers.get("Cookie", ""))
        app = f"web sid={sid.group(1) if sid else '-'} user={user} ip={self.headers.get('X-Real-IP', '-')}"
        m = re.fullmatch(r"/customers/(\d+)", url.path)
        if m:
            rows = query(f"SELECT id, name, mykad, phone FROM customers WHERE id = {int(m.group(1))}", app)
        elif url.path == "/api/customers":
            ids = [int(x) for x in parse_qs(url.query).get("ids", [""])[0].split(",") if x.isdigit()]
            rows = query("SELECT id, name, mykad, phone FROM customers WHERE id IN (" + ",".join(map(str, ids)) + ") ORDER BY id", app) if ids else []
        elif url.path == "/health":
            rows = []
        else:
            self.send_response(404); self.end_headers(); return
        body = json.dumps(rows).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
'''

NGINX_CONF = """
{user}
daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    log_format withcookie '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                          '"$http_referer" "$http_user_agent" "$http_cookie"';
    access_log {prefix}/access.log withcookie;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header Cookie $http_cookie;
            proxy_set_header Authorization $http_authorization;
        }}
    }}
}}
"""


def _synthetic_customers(rng: random.Random):
    first = ["Aminah", "Siti", "Ahmad", "Tan", "Lim", "Kumar", "Devi", "Wong", "Farid", "Nurul", "Chong", "Ravi"]
    last = ["Binti Ali", "Bin Hassan", "Wei Ling", "Ah Kow", "Subramaniam", "Mei Hua", "Abdullah", "Raj"]
    for i in range(1, ROWS + 1):
        yy, mm, dd = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
        mykad = f"{yy:02d}{mm:02d}{dd:02d}-{rng.choice([1, 5, 8, 10, 14]):02d}-{rng.randint(1000, 9999)}"
        phone = f"+6012{rng.randint(1000000, 9999999)}"
        yield i, f"{rng.choice(first)} {rng.choice(last)}", mykad, phone


@pytest.fixture(scope="module")
def stack():
    nginx = _need("nginx")
    initdb, pg_ctl, psql, runuser = _need("initdb"), _need("pg_ctl"), _need("psql"), _need("runuser")
    base = Path(tempfile.mkdtemp(prefix="leaktrace-logs-"))
    base.chmod(0o755)
    procs = []
    pg = base / "pg"
    data, sock, logdir = pg / "data", pg / "sock", pg / "log"
    for d in (pg, sock, logdir):
        d.mkdir()
    as_pg = []
    if os.geteuid() == 0:
        for d in (pg, sock, logdir):
            shutil.chown(d, "postgres", "postgres")
        as_pg = [runuser, "-u", "postgres", "--"]
    pg_port = _free_port()
    started = False
    try:
        _run(as_pg + [initdb, "-D", str(data), "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], timeout=120)
        opts = (f"-p {pg_port} -k {sock} -c listen_addresses='' -c fsync=off -c logging_collector=on "
                f"-c log_destination=csvlog -c log_directory={logdir} -c log_filename=postgresql.log "
                f"-c log_statement=all -c log_timezone=UTC")
        _run(as_pg + [pg_ctl, "-D", str(data), "-l", str(pg / "server.log"), "-w", "-t", "60", "-o", opts, "start"], timeout=90)
        started = True
        psql_base = [psql, "-h", str(sock), "-p", str(pg_port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        _run(psql_base + ["-c", "CREATE DATABASE shop"])
        rng = random.Random(20261123)
        rows = list(_synthetic_customers(rng))
        seed_csv = base / "seed.csv"
        with open(seed_csv, "w", newline="") as f:
            csv.writer(f).writerows(rows)
        seed_csv.chmod(0o644)
        _run(psql_base + ["-d", "shop", "-c", "CREATE TABLE customers (id int PRIMARY KEY, name text, mykad text, phone text)"])
        _run(psql_base + ["-d", "shop", "-c", f"\\copy customers FROM '{seed_csv}' WITH (FORMAT csv)"])

        app_port, web_port = _free_port(), _free_port()
        app_file = base / "app.py"
        app_file.write_text(APP)
        procs.append(subprocess.Popen([sys.executable, str(app_file), str(app_port), str(sock), str(pg_port)],
                                      stdout=subprocess.DEVNULL, stderr=open(base / "app.err", "wb")))
        _wait_port(app_port)
        prefix = base / "nginx"
        prefix.mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(user="user root;" if os.geteuid() == 0 else "", prefix=prefix,
                                          port=web_port, app_port=app_port))
        procs.append(subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        _wait_port(web_port)
        yield {"base": base, "web_port": web_port, "access_log": prefix / "access.log", "pg_logdir": logdir,
               "rows": rows}
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        if started:
            subprocess.run(as_pg + [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


class Client:
    """A browser at its own loopback address, with a session cookie and a login."""

    def __init__(self, port: int, address: str, user: str, rng: random.Random):
        self.port, self.address, self.user = port, address, user
        self.sid = "%016x" % rng.getrandbits(64)
        self.received: list[dict] = []

    def get(self, path: str):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.address, 0))
        token = base64.b64encode(f"{self.user}:secret".encode()).decode()
        conn.request("GET", path, headers={"Cookie": f"theme=light; sid={self.sid}", "Authorization": f"Basic {token}",
                                           "User-Agent": f"Mozilla/5.0 (LeakTrace test; {self.user})"})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        assert resp.status == 200, f"{path}: HTTP {resp.status}"
        rows = json.loads(body)
        self.received += rows
        return rows


@pytest.fixture(scope="module")
def traffic(stack):
    rng = random.Random(7)
    port = stack["web_port"]
    popular = [rng.randint(1, ROWS) for _ in range(40)]
    clients = [Client(port, a, f"clerk{i}", rng) for i, a in enumerate(NORMAL)]
    thief = Client(port, THIEF_ADDRESS, "mallory", rng)
    errors = []

    def browse(c: Client, seed: int):
        r = random.Random(seed)
        try:
            for _ in range(14):
                if r.random() < 0.2:
                    ids = sorted({r.randint(1, ROWS) for _ in range(r.randint(2, 5))})
                    c.get("/api/customers?ids=" + ",".join(map(str, ids)))
                else:
                    c.get(f"/customers/{r.choice(popular) if r.random() < 0.5 else r.randint(1, ROWS)}")
                time.sleep(r.uniform(0, 0.05))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    def exfiltrate():
        try:
            ids = list(THIEF_SLICE)
            for i in range(0, len(ids), 6):
                thief.get("/api/customers?ids=" + ",".join(map(str, ids[i:i + 6])))
                time.sleep(0.03)  # slowly, between the others' requests
                if i % 30 == 0:
                    thief.get(f"/customers/{rng.choice(popular)}")  # and some ordinary browsing
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=browse, args=(c, 100 + i)) for i, c in enumerate(clients)]
    threads.append(threading.Thread(target=exfiltrate))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    # The leak is the slice the thief received (as the thief would dump it).
    leak = stack["base"] / "leak.csv"
    got = {r["id"]: r for r in thief.received if r["id"] in THIEF_SLICE}
    assert len(got) == len(THIEF_SLICE)
    with open(leak, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "mykad", "phone"])
        for i in sorted(got):
            w.writerow([i, got[i]["name"], got[i]["mykad"], got[i]["phone"]])
    # Let nginx and the PostgreSQL log collector flush.
    time.sleep(1.5)
    pg_csv = stack["pg_logdir"] / "postgresql.csv"
    assert stack["access_log"].stat().st_size > 0 and pg_csv.stat().st_size > 0
    mapping = {
        "leak": {"column": "id"},
        "tableSize": ROWS,
        "sources": [
            {"name": "web", "format": "combined",
             "routes": [{"method": "GET", "path": "/customers/{key}"},
                        {"method": "GET", "path": "/api/customers", "query": "ids", "split": ","}],
             "session": {"fields": ["cookie:sid"]}, "account": "user", "address": "address"},
            {"name": "db", "format": "postgres-csv", "timezone": "UTC",
             "sql": {"tables": ["customers"], "columns": ["id"]},
             "session": {"fields": [{"field": "application_name", "pattern": "sid=([0-9a-f]+)"}]},
             "account": {"field": "application_name", "pattern": "user=(\\S+)"},
             "address": {"field": "application_name", "pattern": "ip=(\\S+)"}},
        ],
    }
    map_file = stack["base"] / "map.json"
    map_file.write_text(json.dumps(mapping, indent=2))
    return {"leak": leak, "map": map_file, "access": stack["access_log"], "pg": pg_csv, "thief": thief,
            "rows": stack["rows"]}


def _correlate(run, traffic, logs: list[str], extra: list[str] | None = None) -> dict:
    r = run(["logs", "correlate", str(traffic["leak"]), "--logs", *logs, "--map", str(traffic["map"]), "--json",
             *(extra or [])], timeout=300)
    assert r.returncode == 0, r.stderr.decode(errors="replace")[-3000:]
    return json.loads(r.stdout)


def _assert_thief_first(report: dict, source: str, traffic):
    thief = traffic["thief"]
    top = report["sessions"][0]
    assert top["label"].startswith(f"{source} | "), top
    assert thief.sid[:8] in top["label"], (top["label"], [s["label"] for s in report["sessions"][:5]])
    assert top["coverage"] == pytest.approx(1.0), top
    assert top["accounts"] == ["mallory"], top
    assert [a["address"] for a in top["addresses"]] == [THIEF_ADDRESS], top
    assert report["addresses"][0]["label"] == THIEF_ADDRESS, [a["label"] for a in report["addresses"][:5]]
    assert report["accounts"][0]["label"] == "mallory"
    second = report["sessions"][1]["specificity"] if len(report["sessions"]) > 1 else 0
    assert top["specificity"] > 10 * max(second, 1), (top["specificity"], second)
    assert report["cover"] and report["cover"][0]["session"] == top["label"]
    assert any(t["session"] == top["label"] and t["leakedReads"] > 0 for t in report["timeline"])
    FIGURES.append(f"log forensics ({source}): thief session first, specificity {top['specificity']:.0f} "
                   f"vs runner-up {second:.1f}; {report['sessionCount']} sessions")


def test_nginx_log_ranks_the_thief_first(run, traffic):
    report = _correlate(run, traffic, [f"web={traffic['access']}"])
    assert report["inputs"][0]["bad"]["total"] == 0
    assert report["inputs"][0]["lines"] >= 12 * 14
    _assert_thief_first(report, "web", traffic)
    # Countries come from Debian's tor-geoipdb, with its date; it has no AS numbers, and says so.
    assert report["geoip"] and report["geoip"]["generated"], report["geoip"]
    assert "not available" in report["geoip"]["asn"]
    assert report["sessions"][0]["addresses"][0]["country"] == "loopback"


def test_postgres_log_ranks_the_thief_first(run, traffic):
    report = _correlate(run, traffic, [f"db={traffic['pg']}"])
    _assert_thief_first(report, "db", traffic)


def test_both_logs_sniffed_and_gzipped_with_bad_lines(run, traffic, tmp_path):
    # The access log gzipped, with damage appended: a truncated line and a JSON line.
    access = tmp_path / "access.log.gz"
    original = traffic["access"].read_bytes()
    n = original.count(b"\n")
    with gzip.open(access, "wb") as f:
        f.write(original + b"127.0.0.9 - - [garbage\n" + b'{"mixed": "format"}\n')
    report = _correlate(run, traffic, [str(access), str(traffic["pg"])], ["--html", str(tmp_path / "r.html")])
    web = next(i for i in report["inputs"] if i["source"] == "web")
    assert web["bad"]["total"] == 2, web["bad"]
    assert sorted(e["line"] for e in web["bad"]["examples"]) == [n + 1, n + 2]
    labels = [s["label"] for s in report["sessions"][:2]]
    assert all(traffic["thief"].sid[:8] in l for l in labels), labels
    assert {l.split(" | ")[0] for l in labels} == {"web", "db"}
    assert report["addresses"][0]["label"] == THIEF_ADDRESS
    # Nothing personal in any rendering.
    text = run(["logs", "correlate", str(traffic["leak"]), "--logs", str(access), str(traffic["pg"]),
                "--map", str(traffic["map"])], timeout=300)
    assert text.returncode == 0
    html = (tmp_path / "r.html").read_text()
    out = text.stdout.decode() + json.dumps(report) + html
    assert "<script" not in html
    for _, name, mykad, phone in traffic["rows"]:
        assert mykad not in out and phone not in out
    assert "bad lines: 2" in text.stdout.decode()
