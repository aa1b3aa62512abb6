"""Open a page in headless Chromium and print what a reader would see, as JSON.

Run with the replay tools' Python (``.venv-replay``, which has selenium):
    python browser_check.py URL
Prints ``{"background", "headline", "rules", "stylesheets", "images": [{src, width, complete}], "title"}``
once the page has loaded (images decoded or failed).  Chromium and its driver
are Debian's (``chromium``, ``chromium-driver``); their paths can be given in
``CHROMIUM`` and ``CHROMEDRIVER``.
"""

import json
import os
import shutil
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

PROBE = """
const rules = Array.from(document.styleSheets).map(s => { try { return s.cssRules.length } catch (e) { return -1 } });
const h1 = document.querySelector('h1');
return {
  background: getComputedStyle(document.body).backgroundColor,
  headline: h1 ? getComputedStyle(h1).color : null,
  stylesheets: Array.from(document.styleSheets).map(s => s.href),
  rules: rules,
  images: Array.from(document.images).map(i => ({src: i.currentSrc || i.src, width: i.naturalWidth, complete: i.complete})),
  title: document.title,
};
"""


def main(url: str) -> int:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking"):
        options.add_argument(arg)
    driver_path = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        driver.set_page_load_timeout(60)
        driver.get(url)
        deadline = time.monotonic() + 20
        # pywb shows the archived page in an iframe under its banner: look inside it
        while time.monotonic() < deadline:
            frames = driver.find_elements(By.ID, "replay_iframe")
            if frames:
                driver.switch_to.frame(frames[0])
                break
            if driver.execute_script("return document.readyState") == "complete" and \
                    not driver.execute_script("return !!document.querySelector('#app, .app')"):
                break
            time.sleep(0.2)
        while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
            time.sleep(0.2)
        while True:
            seen = driver.execute_script(PROBE)
            if all(i["complete"] for i in seen["images"]) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        print(json.dumps(seen, ensure_ascii=False))
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
