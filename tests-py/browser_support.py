"""Headless Chromium for the page tests (Debian's chromium and chromium-driver, Selenium):
starting a browser, and waiting for a page to be replaced after a click or a submit."""
from __future__ import annotations

import os
import shutil
import time

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service

# Selenium Manager must not try to download a browser or a driver: Debian provides both.
os.environ.setdefault("SE_OFFLINE", "true")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def make_browser(mobile: bool = False, language: str | None = None) -> webdriver.Chrome:
    assert os.path.exists(CHROMIUM), "chromium is not installed (scripts/install-test-deps)"
    assert os.path.exists(CHROMEDRIVER), "chromium-driver is not installed (scripts/install-test-deps)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-background-networking"]:
        options.add_argument(arg)
    if mobile:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0},
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/156.0 Mobile Safari/537.36"})
    else:
        options.add_argument("--window-size=1280,900")
    if language:
        options.add_argument(f"--lang={language}")
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
    # Starting Chromium can fail on a loaded machine (DevTools port not up in time): that is the
    # harness, not the page, so the start alone is tried a second time.
    try:
        return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    except WebDriverException:
        time.sleep(1)
        return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def replaced(old):
    """A wait condition: the element's document has been replaced by a new one.

    Chromium answers a query on a node of a document being torn down either with a stale-element
    error or, in a race, with "Node with given id does not belong to the document" (a plain
    WebDriverException); both mean the old document is gone. Any other error is raised.
    """
    def gone(_browser) -> bool:
        try:
            old.is_enabled()
            return False
        except (StaleElementReferenceException, NoSuchElementException):
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise
    return gone
