"""Drives the sim2real viewer in headless Chromium and prints one JSON object of what it saw.

Usage: browser_check.py URL. The Swift test (BrowserTests) serves a fixture runs folder at URL and checks the
observations; this script only looks and reports, it asserts nothing itself. Waits have no time limit: each one
waits for something the page does on its own, so a slow machine only makes the check slower.
"""
import http.client
import json
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def wait_for(driver, condition):
    """Polls until condition(driver) is truthy and returns its value."""
    while True:
        value = condition(driver)
        if value:
            return value
        time.sleep(0.05)


def pane_states(driver):
    """Each player pane's shown step and image address."""
    return driver.execute_script("""
        return [...document.querySelectorAll('.pane')].map(p => ({
            step: p.dataset.step, src: p.querySelector('img.image').getAttribute('src'),
            loaded: p.querySelector('img.image').complete && p.querySelector('img.image').naturalWidth,
            masks: getComputedStyle(p.querySelector('img.masks')).display,
            masksLoaded: p.querySelector('img.masks').complete && p.querySelector('img.masks').naturalWidth}));""")


def raw_status(url, path):
    """The status of a request sent exactly as written (a browser would normalize '..' away)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return {"status": response.status, "leaked": b"secret" in body}


def main():
    url = sys.argv[1]
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    observations = {}
    try:
        driver.get(url)
        rows = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#runs tr.run"))
        observations["runs"] = [row.text for row in rows]
        observations["looks"] = [row.text for row in wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#looks tr.look"))]

        rows[0].find_element(By.TAG_NAME, "a").click()
        links = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "a.dataset"))
        observations["datasets"] = [link.text for link in links]
        observations["references"] = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "a.references")]
        observations["reports"] = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "a.report")]
        run_page = driver.current_url

        # One dataset: its episode list, then the player.
        links[-1].click()
        episodes = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#episodes tr.episode"))
        observations["episodes"] = len(episodes)
        episodes[0].find_element(By.TAG_NAME, "a").click()
        first = wait_for(driver, lambda d: (lambda s: s if s and s[0]["loaded"] else None)(pane_states(d)))[0]
        driver.find_element(By.ID, "play").click()
        played = wait_for(driver, lambda d: (lambda s: s if s[0]["step"] != first["step"] and s[0]["loaded"] else None)(pane_states(d)))[0]
        driver.find_element(By.ID, "play").click()
        image = driver.find_element(By.CSS_SELECTOR, "img.image")
        observations["play"] = {
            "before": first, "after": played,
            "framesDiffer": driver.execute_script("""
                const [a, b] = arguments;
                const pixels = src => new Promise(done => { const i = new Image(); i.onload = () => {
                    const c = document.createElement('canvas'); c.width = i.width; c.height = i.height;
                    const g = c.getContext('2d'); g.drawImage(i, 0, 0); done(c.toDataURL()); }; i.src = src; });
                return Promise.all([pixels(a), pixels(b)]).then(([x, y]) => x !== y);""", first["src"], played["src"]),
            "rendering": image.value_of_css_property("image-rendering"),
            "shownWidth": image.size["width"],
            "naturalWidth": driver.execute_script("return arguments[0].naturalWidth", image),
            "numbers": driver.find_element(By.CSS_SELECTOR, ".numbers").text,
        }

        # The mask overlay: hidden, shown and loaded, hidden again.
        overlay = {"initial": pane_states(driver)[0]["masks"]}
        driver.find_element(By.ID, "overlay").click()
        shown = wait_for(driver, lambda d: (lambda s: s if s[0]["masks"] != "none" and s[0]["masksLoaded"] else None)(pane_states(d)))[0]
        overlay["on"] = shown["masks"]
        overlay["onWidth"] = shown["masksLoaded"]
        driver.find_element(By.ID, "overlay").click()
        overlay["off"] = pane_states(driver)[0]["masks"]
        observations["overlay"] = overlay

        # Compare: both datasets of the run in sync.
        driver.get(run_page)
        picks = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "input.pick"))
        for pick in picks:
            pick.click()
        driver.find_element(By.ID, "compare").click()
        wait_for(driver, lambda d: len(pane_states(d)) == len(picks) and all(s["loaded"] for s in pane_states(d)))
        for _ in range(3):
            driver.find_element(By.ID, "next").click()
        after_next = pane_states(driver)
        driver.find_element(By.ID, "play").click()
        wait_for(driver, lambda d: all(s["step"] not in ("3", None) for s in pane_states(d)))
        driver.find_element(By.ID, "play").click()
        after_play = pane_states(driver)
        observations["compare"] = {
            "panes": len(after_next),
            "stepsAfterNext": [s["step"] for s in after_next],
            "stepsAfterPlay": [s["step"] for s in after_play],
            "sources": [s["src"] for s in after_play],
        }

        # A reference set: its picture, and its label image as a mask layer.
        driver.get(run_page)
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "a.references"))[0].click()
        loaded = """const i = document.querySelector(arguments[0]); return !!i && i.complete && i.naturalWidth;"""
        observations["referenceWidth"] = wait_for(driver, lambda d: d.execute_script(loaded, "figure.reference img.image"))
        driver.find_element(By.ID, "overlay").click()
        observations["referenceLayerWidth"] = wait_for(driver, lambda d: d.execute_script(loaded, "figure.reference img.masks"))

        # Traversal, sent raw and through the browser.
        observations["traversal"] = {path: raw_status(url, path) for path in [
            "/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E%2Fsecret.txt", "/files//etc/passwd",
            "/files/fixture/escape", "/files/fixture/../../secret.txt", "/frame/..%2F..%2Fsecret.txt?episode=0&step=0"]}
        driver.get(url + "files/%2e%2e/secret.txt")
        observations["browserTraversal"] = driver.find_element(By.TAG_NAME, "body").text
        observations["consoleErrors"] = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
                                         and "secret.txt" not in entry["message"]]
    finally:
        driver.quit()
    print(json.dumps(observations))


if __name__ == "__main__":
    main()
