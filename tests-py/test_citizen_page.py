"""The citizen "was I in it?" page, end to end, in a real browser with a real mail server.

A synthetic dump (`leaktrace synth --clean`) is indexed twice into a fresh SQLite database with
`leaktrace breach add`: the whole file as an ordinary breach, its first rows again as a
*sensitive* one. A real SMTP server (aiosmtpd) listens on a free loopback port; `leaktrace
serve` is started with its SMTP flags pointing there. Headless Chromium (Debian's `chromium` and
`chromium-driver`, driven by Selenium) then goes through the page as a person would:

* the Malay and English front pages and the language switch;
* an email lookup: the ordinary breach with breach-level data classes, not the sensitive one;
* asking for a code, reading it from the message the SMTP server received, confirming it, and
  seeing the per-person view (sensitive breach included, "data about you");
* a MyKad: refused without proof, then proven through the email linked to it in the dump, and
  again through the linked mobile number, its code read from the SMS outbox spool;
* a 390 px wide phone viewport has no horizontal scroll; no page loads anything from elsewhere;
* no identifier ever appears in a URL, and none in the server's log.

The person looked up is read from the generated CSV (synthetic data). Nothing is skipped: a
missing binary, browser or command is a failure.
"""
from __future__ import annotations

import csv
import email
import json
import email.policy
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import run_leaktrace

from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import make_browser, replaced
ROWS = 400
SEED = 20261122
ORDINARY = "Telco Synth 2014"
SENSITIVE = "Klinik Synth 2016"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"

    def code_for(self, address: str, after: int) -> str:
        """The 6-digit code of the first message to `address` received after `after` messages."""
        deadline = time.time() + 20
        while time.time() < deadline:
            for rcpts, raw in self.messages[after:]:
                if address in rcpts:
                    msg = email.message_from_bytes(raw, policy=email.policy.default)
                    body = msg.get_body(preferencelist=("plain",)).get_content()
                    m = re.search(r"\b(\d{6})\b", body)
                    assert m, f"no code in the message body: {body!r}"
                    return m.group(1)
            time.sleep(0.1)
        pytest.fail(f"no message reached the SMTP server for the contact (got {len(self.messages)})")


def pick_person(csv_path: Path) -> dict[str, str]:
    """A row with a 12-digit MyKad, an email and a mobile number, each appearing once in the dump."""
    with csv_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows, "synth wrote no rows"
    ic_count: dict[str, int] = {}
    mail_count: dict[str, int] = {}
    phone_count: dict[str, int] = {}
    for r in rows:
        phone = re.sub(r"\D", "", r.get("msisdn", ""))
        phone_count[phone] = phone_count.get(phone, 0) + 1
        ic = re.sub(r"\D", "", r.get("ic_no", ""))
        ic_count[ic] = ic_count.get(ic, 0) + 1
        mail = r.get("email", "").strip().lower()
        mail_count[mail] = mail_count.get(mail, 0) + 1
    for i, r in enumerate(rows[:50]):
        ic = re.sub(r"\D", "", r.get("ic_no", ""))
        mail = r.get("email", "").strip().lower()
        phone = re.sub(r"\D", "", r.get("msisdn", ""))
        if (len(ic) == 12 and "@" in mail and phone.startswith("601") and ic_count[ic] == 1
                and mail_count[mail] == 1 and phone_count[phone] == 1):
            return {"mykad": ic, "email": mail, "phone": "+" + phone, "row": str(i)}
    pytest.fail("no row among the first 50 has a unique 12-digit MyKad, email and mobile number")


@pytest.fixture(scope="module")
def site(tmp_path_factory, leaktrace_bin):
    work = tmp_path_factory.mktemp("citizen")
    help_serve = run_leaktrace(leaktrace_bin, ["serve", "--help"], timeout=60)
    if help_serve.returncode != 0 or b"--smtp-host" not in help_serve.stdout:
        pytest.fail("this build has no `leaktrace serve` with --smtp-host (branch api not merged?)", pytrace=False)
    help_add = run_leaktrace(leaktrace_bin, ["breach", "add", "--help"], timeout=60)
    if help_add.returncode != 0:
        pytest.fail("this build has no `leaktrace breach add` (main not merged?)", pytrace=False)

    key = work / "index.key"
    key.write_text(os.urandom(32).hex() + "\n")
    key.chmod(0o600)
    db = work / "index.sqlite"
    dump = work / "telco.csv"
    r = run_leaktrace(leaktrace_bin, ["synth", "--rows", str(ROWS), "--seed", str(SEED), "--clean",
                                      "--reference-date", "2014-07-01", "--out", str(dump), "--quiet"])
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    person = pick_person(dump)
    # The sensitive breach: the header and the first 60 rows (the chosen person is among them).
    lines = dump.read_text(encoding="utf-8").splitlines(keepends=True)
    clinic = work / "klinik.csv"
    clinic.write_text("".join(lines[:61]), encoding="utf-8")
    common = ["--database", str(db), "--key-file", str(key), "--quiet"]
    for path, name, title, date, extra in [
        (dump, "TelcoSynth2014", ORDINARY, "2014-07-01", []),
        (clinic, "KlinikSynth2016", SENSITIVE, "2016-03-04", ["--sensitive"]),
    ]:
        r = run_leaktrace(leaktrace_bin, ["breach", "add", str(path), "--name", name, "--title", title,
                                          "--date", date, *extra, *common])
        assert r.returncode == 0, r.stderr.decode(errors="replace")

    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    http_port = free_port()
    outbox = work / "sms-outbox"
    log_path = work / "serve.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [str(leaktrace_bin), "serve", "--database", str(db), "--key-file", str(key),
         "--host", "127.0.0.1", "--port", str(http_port),
         "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp_port), "--smtp-from", "noreply@leaktrace.test",
         "--sms-outbox", str(outbox),
         "--log-level", "debug"],
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/?lang=en", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            log.close()
            smtp.stop()
            pytest.fail("leaktrace serve did not come up:\n" + log_path.read_text(errors="replace")[-3000:])
        time.sleep(0.3)
    try:
        yield {"base": base, "person": person, "inbox": inbox, "log": log_path, "outbox": outbox}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        smtp.stop()


@pytest.fixture()
def browser():
    b = make_browser()
    yield b
    b.quit()


def submit(browser, field_id: str, value: str) -> None:
    old = browser.find_element(By.TAG_NAME, "html")
    box = browser.find_element(By.ID, field_id)
    box.clear()
    box.send_keys(value)
    box.find_element(By.XPATH, "ancestor::form//button[@type='submit']").click()
    # The answer is a new document (no JavaScript on the page): wait for the old one to go.
    WebDriverWait(browser, 20).until(replaced(old))
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")


def text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def assert_self_contained(browser, base: str) -> None:
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith(base) for name in resources), resources
    html = browser.page_source
    others = [u for u in re.findall(r"https?://[^\s\"'<>]+", html) if not u.startswith(base)]
    assert not others, others


def assert_no_identifier_in_url(browser, person: dict[str, str]) -> None:
    url = browser.current_url.lower()
    for value in (person["email"], person["mykad"], person["email"].split("@")[0]):
        assert value not in url, url


# MARK: - Tests

def test_front_page_in_malay_and_english(site, browser):
    base = site["base"]
    browser.get(base + "/?lang=ms")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ms"
    assert "MyKad, nombor telefon atau e-mel" in text(browser)
    assert browser.find_element(By.CSS_SELECTOR, "#check-form button").text == "Semak"
    assert_self_contained(browser, base)
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "switch-lang").click()
    WebDriverWait(browser, 20).until(replaced(old))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "MyKad, phone number or email" in text(browser)
    assert browser.find_element(By.CSS_SELECTOR, "#check-form button").text == "Check"
    assert_self_contained(browser, base)


def test_default_language_follows_the_browser(site):
    for language, expected in (("en-US", "en"), ("ms", "ms")):
        b = make_browser(language=language)
        try:
            b.get(site["base"] + "/")
            assert b.find_element(By.TAG_NAME, "html").get_attribute("lang") == expected, language
        finally:
            b.quit()


def test_email_lookup_then_code_by_email_then_personal_view(site, browser):
    base, person, inbox = site["base"], site["person"], site["inbox"]
    browser.get(base + "/?lang=en")
    submit(browser, "q", person["email"].upper())
    page = text(browser)
    assert "Results for" in page
    assert ORDINARY in page
    assert SENSITIVE not in page, "a sensitive breach was shown without proof"
    assert "Data exposed in this breach" in page
    assert person["email"] not in browser.page_source.lower(), "the email was echoed in full"
    assert "What to do now" in page and "997" in page and "JPDP" in page
    assert_no_identifier_in_url(browser, person)
    assert_self_contained(browser, base)

    before = len(inbox.messages)
    submit(browser, "contact", person["email"])
    assert "Enter your code" in text(browser)
    masked = browser.find_element(By.ID, "masked-contact").text
    assert "***" in masked and person["email"] not in masked
    code = inbox.code_for(person["email"], before)
    submit(browser, "code", code)
    assert "Verified" in text(browser)
    cookie = browser.get_cookie("lt_proof")
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict" and cookie["path"] == "/"
    assert_no_identifier_in_url(browser, person)

    submit(browser, "q", person["email"])
    page = text(browser)
    assert browser.find_elements(By.ID, "proven")
    assert ORDINARY in page and SENSITIVE in page
    assert "Data about you in this breach" in page
    sensitive_cards = browser.find_elements(By.CSS_SELECTOR, ".breach[data-sensitive='true']")
    assert len(sensitive_cards) == 1 and SENSITIVE in sensitive_cards[0].text
    assert "Email addresses" in page
    assert_self_contained(browser, base)


def test_mykad_needs_a_linked_contact_then_shows_linked_breaches(site, browser):
    base, person, inbox = site["base"], site["person"], site["inbox"]
    browser.get(base + "/?lang=ms")
    mykad = person["mykad"]
    submit(browser, "q", f"{mykad[:6]}-{mykad[6:8]}-{mykad[8:]}")
    page = text(browser)
    assert "Nombor MyKad memerlukan bukti dahulu" in page
    assert ORDINARY not in page and SENSITIVE not in page
    assert mykad not in browser.page_source
    assert_no_identifier_in_url(browser, person)

    before = len(inbox.messages)
    submit(browser, "contact", person["email"])
    assert "Masukkan kod anda" in text(browser)
    submit(browser, "code", inbox.code_for(person["email"], before))
    assert "Disahkan" in text(browser)
    submit(browser, "q", mykad)
    page = text(browser)
    assert "bersama nombor telefon atau e-mel yang telah anda sahkan" in page
    assert ORDINARY in page and SENSITIVE in page
    assert "Data tentang anda dalam kebocoran ini" in page
    assert mykad not in browser.page_source
    assert "Apa perlu dibuat sekarang" in page and "997" in page
    assert_no_identifier_in_url(browser, person)


def sms_code(outbox: Path, phone: str, seen: set[str]) -> str:
    """The code in the first spooled SMS to `phone` not in `seen` (the gateway daemon's view)."""
    deadline = time.time() + 20
    while time.time() < deadline:
        for f in sorted(outbox.glob("*.json")) if outbox.exists() else []:
            if f.name in seen:
                continue
            assert f.stat().st_mode & 0o777 == 0o600, oct(f.stat().st_mode)
            message = json.loads(f.read_text(encoding="utf-8"))
            if message["to"] == phone:
                m = re.search(r"\b(\d{6})\b", message["text"])
                assert m, message["text"]
                return m.group(1)
        time.sleep(0.1)
    pytest.fail("no SMS was spooled for the phone")


def test_mykad_through_a_linked_phone_by_sms_outbox(site, browser):
    base, person, outbox = site["base"], site["person"], site["outbox"]
    seen = {f.name for f in outbox.glob("*.json")} if outbox.exists() else set()
    browser.get(base + "/?lang=en")
    submit(browser, "q", person["mykad"])
    assert "A MyKad number needs proof first" in text(browser)
    national = "0" + person["phone"][3:]
    submit(browser, "contact", f"{national[:3]}-{national[3:]}")
    assert "Enter your code" in text(browser)
    submit(browser, "code", sms_code(outbox, person["phone"], seen))
    assert "Verified" in text(browser)
    submit(browser, "q", person["mykad"])
    page = text(browser)
    assert "appears together with the phone number or email you verified" in page
    assert ORDINARY in page and SENSITIVE in page
    assert person["phone"] not in browser.page_source and national not in browser.page_source
    assert_no_identifier_in_url(browser, person)


def test_phone_width_has_no_horizontal_scroll(site):
    base, person = site["base"], site["person"]
    b = make_browser(mobile=True)
    try:
        b.get(base + "/")
        assert b.execute_script("return window.innerWidth") == 390
        for step in ("home", "results", "mykad"):
            if step == "results":
                submit(b, "q", person["email"])
            elif step == "mykad":
                b.get(base + "/")
                submit(b, "q", person["mykad"])
            overflow = b.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{step}: {overflow}px of horizontal scroll at 390px"
            assert_self_contained(b, base)
    finally:
        b.quit()


def test_server_log_holds_no_identifier(site):
    # Runs last in this module: every flow above has been through the server by now.
    person = site["person"]
    log = site["log"].read_text(errors="replace").lower()
    assert log, "the server wrote no log at all"
    for value in (person["email"], person["mykad"], person["phone"], person["phone"][3:]):
        assert value not in log
