"""The incident case UI, end to end, in a real browser against the real binary.

A fresh SQLite database gets an organisation and a DPO account through the CLI (`leaktrace org
add`, `leaktrace user add --password-stdin`); `leaktrace serve` then serves the case pages.
Headless Chromium (Debian's `chromium` and `chromium-driver`, driven by Selenium) signs in,
opens a case with an awareness time an hour ago, uploads an evidence file through the file
input, checks the SHA-256 the page shows against hashlib's (and the downloaded bytes), and reads
the deadlines panel: the PDPA Commissioner deadline is awareness + 72 h, rendered in
Asia/Kuala_Lumpur.

Nothing is skipped: a missing binary, browser or CLI command is a failure.
"""
from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import make_browser, replaced

KL = ZoneInfo("Asia/Kuala_Lumpur")
USER = "dpo.aminah"
PASSWORD = "synthetic pass phrase 2026"
CASE_TITLE = "Subscriber list offered on a forum (synthetic)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(binary: Path, args: list[str], env: dict[str, str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *args], input=stdin, capture_output=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def site(tmp_path_factory, leaktrace_bin):
    work = tmp_path_factory.mktemp("cases")
    key = work / "index.key"
    key.write_text(os.urandom(32).hex() + "\n")
    key.chmod(0o600)
    db = work / "cases.sqlite"
    env = dict(os.environ)
    env["LEAKTRACE_INDEX_KEY_FILE"] = str(key)
    env["HOME"] = str(work)

    for command, option in ((["org", "add", "--help"], b"--kind"), (["user", "add", "--help"], b"--password-stdin")):
        r = cli(leaktrace_bin, command, env)
        if r.returncode != 0 or option not in r.stdout:
            pytest.fail(f"this build has no `leaktrace {' '.join(command[:2])}` (the integrator's CLI commands "
                        f"are not merged yet): {r.stderr.decode(errors='replace')[-500:]}", pytrace=False)
    r = cli(leaktrace_bin, ["org", "add", "telco-synth", "--name", "Telco Synth Sdn Bhd", "--kind", "controller",
                            "--database", str(db)], env)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    r = cli(leaktrace_bin, ["user", "add", USER, "--org", "telco-synth", "--role", "dpo", "--admin",
                            "--password-stdin", "--database", str(db)], env, stdin=(PASSWORD + "\n").encode())
    assert r.returncode == 0, r.stderr.decode(errors="replace")

    port = free_port()
    log_path = work / "serve.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [str(leaktrace_bin), "serve", "--database", str(db), "--key-file", str(key),
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "debug"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(work))
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            req = urllib.request.Request(base + "/signin", headers={"User-Agent": "pytest"})
            with urllib.request.urlopen(req, timeout=2) as resp:
                if resp.status == 200:
                    break
        except urllib.error.HTTPError as e:
            server.terminate()
            log.close()
            pytest.fail(f"leaktrace serve answers /signin with {e.code}: the case UI is not wired into serve\n"
                        + log_path.read_text(errors="replace")[-3000:])
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            log.close()
            pytest.fail("leaktrace serve did not come up:\n" + log_path.read_text(errors="replace")[-3000:])
        time.sleep(0.3)
    try:
        yield {"base": base, "work": work, "log": log_path}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture()
def browser():
    b = make_browser()
    yield b
    b.quit()


def click_and_wait(browser, element) -> None:
    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 30).until(replaced(old))
    WebDriverWait(browser, 30).until(lambda b: b.execute_script("return document.readyState") == "complete")


def fill(browser, field_id: str, value: str) -> None:
    box = browser.find_element(By.ID, field_id)
    box.clear()
    box.send_keys(value)


def assert_self_contained(browser, base: str) -> None:
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith(base) for name in resources), resources
    assert "<script" not in browser.page_source.lower()


def test_sign_in_open_case_upload_evidence_read_deadlines(site, browser):
    base, work = site["base"], site["work"]

    # Not signed in: the case list sends the browser to the sign-in page.
    browser.get(base + "/cases")
    assert "/signin" in browser.current_url
    fill(browser, "username", USER)
    fill(browser, "password", "wrong password")
    click_and_wait(browser, browser.find_element(By.ID, "signin"))
    assert "Unknown user name or wrong password" in browser.find_element(By.TAG_NAME, "body").text
    fill(browser, "username", USER)
    fill(browser, "password", PASSWORD)
    click_and_wait(browser, browser.find_element(By.ID, "signin"))
    assert browser.current_url.rstrip("/").endswith("/cases"), browser.current_url
    cookie = browser.get_cookie("lt_session")
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", cookie
    assert_self_contained(browser, base)

    # Open a case; awareness an hour ago, in Kuala Lumpur time, to the minute.
    awareness = (datetime.now(KL) - timedelta(hours=1)).replace(second=0, microsecond=0)
    click_and_wait(browser, browser.find_element(By.ID, "new-case"))
    fill(browser, "title", CASE_TITLE)
    fill(browser, "summary", "Synthetic test case: a listing claims 40,000 subscriber records.")
    fill(browser, "timeZone", "Asia/Kuala_Lumpur")
    fill(browser, "awareness", awareness.strftime("%Y-%m-%d %H:%M"))
    fill(browser, "awarenessSource", "tip from a journalist")
    click_and_wait(browser, browser.find_element(By.ID, "open-case"))
    case_url = browser.current_url
    case_id = browser.find_element(By.ID, "case-id").text
    assert case_id.startswith("LT-"), case_id
    assert browser.find_element(By.ID, "case-title").text == CASE_TITLE
    assert_self_contained(browser, base)

    # Evidence: a file through the file input; the page shows hashlib's SHA-256.
    sample = work / "listing-capture.bin"
    data = os.urandom(200_000) + b"\r\n--boundary-lookalike\r\n" + os.urandom(1000)
    sample.write_bytes(data)
    expected_sha = hashlib.sha256(data).hexdigest()
    browser.find_element(By.ID, "evidence-file").send_keys(str(sample))
    fill(browser, "evidence-description", "capture of the listing")
    fill(browser, "evidence-method", "download with Chromium (test)")
    fill(browser, "evidence-source", "forum listing page")
    click_and_wait(browser, browser.find_element(By.ID, "evidence-submit"))
    assert browser.current_url.split("#")[0] == case_url.split("#")[0]
    shas = [e.text.strip() for e in browser.find_elements(By.CSS_SELECTOR, ".evidence .sha")]
    assert expected_sha in shas, shas
    sizes = [e.get_attribute("data-bytes") for e in browser.find_elements(By.CSS_SELECTOR, ".evidence .size")]
    assert str(len(data)) in sizes, sizes

    # The download link returns the same bytes (with the browser's session cookie).
    href = browser.find_element(By.CSS_SELECTOR, ".evidence a.download").get_attribute("href")
    req = urllib.request.Request(href, headers={"User-Agent": "pytest", "Cookie": f"lt_session={cookie['value']}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert hashlib.sha256(resp.read()).hexdigest() == expected_sha
    browser.get(case_url)
    custody = browser.find_element(By.CSS_SELECTOR, ".evidence table.custody").text
    assert "acquired" in custody and "accessed" in custody, custody

    # The deadlines panel: the Commissioner clock, awareness + 72 h in Asia/Kuala_Lumpur.
    expected_deadline = (awareness + timedelta(hours=72)).astimezone(KL).strftime("%Y-%m-%d %H:%M +08:00")
    rows = browser.find_elements(By.CSS_SELECTOR, "#clocks tr.clock")
    assert rows, "no clocks panel on the case page"
    commissioner = [r for r in rows
                    if "Notify the Personal Data Protection Commissioner" in r.find_element(By.CSS_SELECTOR, ".clock-title").text]
    assert commissioner, [r.text for r in rows]
    deadline_text = commissioner[0].find_element(By.CSS_SELECTOR, ".deadline").text
    assert expected_deadline in deadline_text, (deadline_text, expected_deadline)
    assert "overdue" not in commissioner[0].get_attribute("class")

    # The case list shows the case with its next deadline.
    browser.get(base + "/cases")
    row = browser.find_element(By.CSS_SELECTOR, f"tr.case-row[data-case='{case_id}']")
    assert CASE_TITLE in row.text
    assert "+08:00" in row.text

    # Sign out: the session cookie no longer opens the case.
    click_and_wait(browser, browser.find_element(By.ID, "signout"))
    assert "/signin" in browser.current_url
    req = urllib.request.Request(case_url, headers={"User-Agent": "pytest", "Cookie": f"lt_session={cookie['value']}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as err:
        opener.open(req, timeout=10)
    assert err.value.code == 303
    assert err.value.headers["Location"].startswith("/signin")
