"""Real SQL dumps: MariaDB `mysqldump` and PostgreSQL `pg_dump` output read by `leaktrace scan`.

A throwaway MariaDB server and a throwaway PostgreSQL cluster (data in a temporary directory, Unix
sockets only, no TCP) are loaded with the same synthetic subscriber rows that `leaktrace synth`
writes as CSV. Each dump variant is scanned and must give exactly the identifiers (emitted files)
and the person count of scanning the CSV itself.

The servers come from Debian's `mariadb-server` and `postgresql` packages, which
`scripts/install-test-deps` installs. A missing server binary is a FAILURE naming that script,
never a skip.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import FIGURES

ROWS = 2000
SEED = 5
IDENTIFIER_TYPES = ["mykad", "phone_mobile", "email", "imsi", "iccid", "imei"]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _need(*names: str) -> str:
    for name in names:
        for d in ("", "/usr/sbin/", "/usr/bin/", f"{PG_BIN}/"):
            path = shutil.which(name) if not d else (d + name if os.access(d + name, os.X_OK) else None)
            if path:
                return path
    pytest.fail(f"{' / '.join(names)} not found: run scripts/install-test-deps (installs mariadb-server, "
                f"mariadb-client and postgresql with apt-get)", pytrace=False)


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    kw.setdefault("timeout", 120)
    result = subprocess.run(cmd, capture_output=True, **kw)
    if result.returncode != 0:
        raise AssertionError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.decode(errors='replace')[-2000:]}")
    return result


@pytest.fixture(scope="module")
def work() -> Path:
    # Not pytest's tmp_path: the PostgreSQL server runs as `postgres` and must reach its directory.
    base = Path(tempfile.mkdtemp(prefix="leaktrace-sql-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def synthetic(run, work) -> tuple[Path, list[str]]:
    out = work / "x.csv"
    result = run(["synth", "--rows", str(ROWS), "--format", "csv", "--seed", str(SEED), "--clean", "--out", str(out)])
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    out.chmod(0o644)
    with out.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    return out, header


def _create_table_sql(table: str, header: list[str], quote: str, binary_column: str | None = None, binary_type: str = "") -> str:
    cols = []
    for name in header:
        kind = binary_type if name == binary_column else "varchar(255)"
        cols.append(f"  {quote}{name}{quote} {kind}")
    return f"CREATE TABLE {quote}{table}{quote} (\n  id integer NOT NULL PRIMARY KEY,\n" + ",\n".join(cols) + "\n);"


# A second, non-personal table: every dump holds two tables, and the scan must keep them apart.
PLANS = [(1, "Celcom First Gold", "38.00"), (2, "Maxis One Plan 98", "98.00"), (3, "Digi Postpaid 80", "80.00")]


@pytest.fixture(scope="module")
def mariadb(work, synthetic):
    install_db = _need("mariadb-install-db", "mysql_install_db")
    server = _need("mariadbd", "mysqld")
    client = _need("mariadb", "mysql")
    _need("mariadb-dump", "mysqldump")
    datadir = work / "mariadb"
    sock = work / "mariadb.sock"
    _run([install_db, "--no-defaults", f"--datadir={datadir}", "--auth-root-authentication-method=normal",
          "--user=root", "--skip-test-db"], timeout=120)
    log = work / "mariadb.err"
    proc = subprocess.Popen([server, "--no-defaults", f"--datadir={datadir}", f"--socket={sock}", "--skip-networking",
                             "--user=root", f"--log-error={log}", f"--pid-file={work / 'mariadb.pid'}",
                             "--local-infile=1", "--innodb-buffer-pool-size=32M", "--skip-log-bin"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            ping = subprocess.run([client, f"--socket={sock}", "-uroot", "-e", "SELECT 1"], capture_output=True)
            if ping.returncode == 0:
                break
            if proc.poll() is not None:
                raise AssertionError(f"mariadbd exited: {log.read_text(errors='replace')[-2000:] if log.exists() else ''}")
            time.sleep(0.3)
        else:
            raise AssertionError("mariadbd did not answer within 60 s")
        csv_path, header = synthetic
        # imei as VARBINARY: --hex-blob then writes it as 0x... hex, which the reader decodes.
        ddl = _create_table_sql("subscribers", header, "`", binary_column="imei", binary_type="varbinary(64)")
        ddl = ddl.replace("  id integer NOT NULL PRIMARY KEY,\n", "  id integer NOT NULL AUTO_INCREMENT PRIMARY KEY,\n")
        cols = ",".join(f"`{c}`" for c in header)
        script = f"""
            CREATE DATABASE telco CHARACTER SET utf8mb4;
            USE telco;
            {ddl}
            LOAD DATA LOCAL INFILE '{csv_path}' INTO TABLE subscribers CHARACTER SET utf8mb4
              FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' ESCAPED BY ''
              LINES TERMINATED BY '\\n' IGNORE 1 LINES ({cols});
            UPDATE subscribers SET email = NULL WHERE email = '';
            CREATE TABLE plans (id int PRIMARY KEY, name varchar(64), price decimal(8,2));
            INSERT INTO plans VALUES {",".join(f"({i},'{n}',{p})" for i, n, p in PLANS)};
        """
        _run([client, f"--socket={sock}", "-uroot", "--local-infile=1", "-e", script])
        count = _run([client, f"--socket={sock}", "-uroot", "-N", "-e", "SELECT COUNT(*) FROM telco.subscribers"]).stdout
        assert int(count) == ROWS, f"MariaDB loaded {count!r} rows"
        yield sock
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres(work, synthetic):
    initdb = _need("initdb")
    pg_ctl = _need("pg_ctl")
    psql = _need("psql")
    _need("pg_dump")
    runuser = _need("runuser")
    pgdir = work / "pg"
    data = pgdir / "data"
    sockdir = pgdir / "sock"
    for d in (pgdir, sockdir):
        d.mkdir()
    shutil.chown(pgdir, "postgres", "postgres")
    shutil.chown(sockdir, "postgres", "postgres")
    as_pg = [runuser, "-u", "postgres", "--"]
    _run(as_pg + [initdb, "-D", str(data), "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], timeout=120)
    port = _free_port()
    logfile = pgdir / "server.log"
    _run(as_pg + [pg_ctl, "-D", str(data), "-l", str(logfile), "-w", "-t", "60",
                  "-o", f"-p {port} -k {sockdir} -c listen_addresses=''", "start"], timeout=90)
    try:
        csv_path, header = synthetic
        base = [psql, "-h", str(sockdir), "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        _run(base + ["-c", "CREATE DATABASE telco"])
        ddl = _create_table_sql("subscribers", header, '"').replace("id integer NOT NULL PRIMARY KEY", "id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
        cols = ", ".join(f'"{c}"' for c in header)
        _run(base + ["-d", "telco", "-c", ddl])
        _run(base + ["-d", "telco", "-c", f"\\copy subscribers ({cols}) FROM '{csv_path}' WITH (FORMAT csv, HEADER true)"])
        _run(base + ["-d", "telco", "-c", "UPDATE subscribers SET email = NULL WHERE email = ''"])
        _run(base + ["-d", "telco", "-c", "CREATE TABLE plans (id int PRIMARY KEY, name text, price numeric(8,2)); "
                     + "INSERT INTO plans VALUES " + ",".join(f"({i},'{n}',{p})" for i, n, p in PLANS)])
        count = _run(base + ["-d", "telco", "-At", "-c", "SELECT COUNT(*) FROM subscribers"]).stdout
        assert int(count) == ROWS, f"PostgreSQL loaded {count!r} rows"
        yield {"host": str(sockdir), "port": str(port)}
    finally:
        subprocess.run(as_pg + [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True, timeout=60)


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


@pytest.fixture(scope="module")
def csv_truth(run, work, synthetic):
    csv_path, _ = synthetic
    report = _scan(run, csv_path, work / "emit-csv")
    ids = _identifiers(work / "emit-csv")
    assert all(ids[t] for t in IDENTIFIER_TYPES), {t: len(v) for t, v in ids.items()}
    return report, ids


def _check_dump(run, work: Path, dump: Path, expected_format: str, csv_truth, label: str):
    report, ids = csv_truth
    emit = work / f"emit-{label}"
    dumped = _scan(run, dump, emit)
    got = _identifiers(emit)
    file_report = dumped["files"][0]
    assert file_report.get("format") == expected_format, file_report.get("format")
    warnings = dumped["totals"].get("warnings")
    assert warnings == report["totals"].get("warnings") == 0, (
        f"{label}: {warnings} warnings reading the dump: {[f.get('warnings') for f in dumped['files']]}")
    for t in IDENTIFIER_TYPES:
        missing, extra = ids[t] - got[t], got[t] - ids[t]
        assert not missing and not extra, (
            f"{label}: {t} differs from the CSV scan: {len(missing)} missing, {len(extra)} extra "
            f"(e.g. missing {sorted(missing)[:3]}, extra {sorted(extra)[:3]}); warnings {warnings}")
    assert dumped["totals"]["uniquePersons"] == report["totals"]["uniquePersons"], (
        f"{label}: uniquePersons {dumped['totals']['uniquePersons']} vs CSV {report['totals']['uniquePersons']}")
    FIGURES.append(f"sql dump {label}: {dump.stat().st_size} bytes, identifiers and {dumped['totals']['uniquePersons']} persons "
                   f"equal to the CSV scan")


MYSQLDUMP_VARIANTS = {
    "extended": [],
    "skip-extended-insert": ["--skip-extended-insert"],
    "complete-insert": ["--complete-insert"],
    "hex-blob": ["--hex-blob"],
    "net-buffer-4096": ["--net-buffer-length=4096"],
}


@pytest.mark.parametrize("variant", list(MYSQLDUMP_VARIANTS))
def test_mysqldump_scans_like_the_csv(run, work, mariadb, csv_truth, variant):
    dump = work / f"mysqldump-{variant}.sql"
    tool = _need("mariadb-dump", "mysqldump")
    with dump.open("wb") as f:
        r = subprocess.run([tool, f"--socket={mariadb}", "-uroot", *MYSQLDUMP_VARIANTS[variant], "telco"],
                           stdout=f, stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    text = dump.read_bytes()
    inserts = text.count(b"INSERT INTO `subscribers`")
    if variant == "skip-extended-insert":
        assert inserts == ROWS
    elif variant == "net-buffer-4096":
        assert inserts > 50, inserts  # split at net_buffer_length: many statements
    if variant == "hex-blob":
        assert b",0x3" in text  # the VARBINARY imei column as hex
    if variant == "complete-insert":
        assert b"INSERT INTO `subscribers` (`id`, `msisdn`" in text or b"INSERT INTO `subscribers` (`id`,`msisdn`" in text
    _check_dump(run, work, dump, "mysqldump", csv_truth, f"mysqldump-{variant}")


PG_DUMP_VARIANTS = {
    "copy": [],
    "inserts": ["--inserts"],
    "column-inserts": ["--column-inserts"],
}


@pytest.mark.parametrize("variant", list(PG_DUMP_VARIANTS))
def test_pg_dump_scans_like_the_csv(run, work, postgres, csv_truth, variant):
    dump = work / f"pg_dump-{variant}.sql"
    tool = _need("pg_dump")
    r = subprocess.run([tool, "-h", postgres["host"], "-p", postgres["port"], "-U", "postgres",
                        *PG_DUMP_VARIANTS[variant], "-f", str(dump), "telco"], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    text = dump.read_bytes()
    if variant == "copy":
        assert b"FROM stdin;" in text
    else:
        assert text.count(b"INSERT INTO public.subscribers") == ROWS
    _check_dump(run, work, dump, "pgdump", csv_truth, f"pg_dump-{variant}")
