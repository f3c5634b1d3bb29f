"""Take the screenshots of the web explorer shown in the README's "Workbench" section.

    python scripts/workbench-screenshots.py            # writes docs/workbench-*.png

Loads the sample digests (``data/digests/``) into a new store in a temporary folder, serves it with
``policygraph serve``'s app on a free loopback port, and photographs a few pages in headless Chromium (Selenium;
Debian: ``apt-get install chromium chromium-driver``). The pages are chosen by what they show, not by IRI, so
the script keeps working when the samples change.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: (file name, path on the server, what must be on the page, a button to press then, what must follow)
PAGES = (
    ("workbench-digests.png", "/", "Digests", None, None),
    ("workbench-agency.png", "/agency/miit", "Policies by year", None, None),
    ("workbench-policy.png", None, "Source passages", None, None),
    ("workbench-query.png", "/queries/policies-by-agency-and-sector?agency=MIIT&sector=batteries", "Lithium",
     None, None),
    ("workbench-yasgui.png", "/yasgui", "Query", ".yasqe_queryButton", "Showing"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder for the PNG files")
    args = parser.parse_args()
    from policygraph import resources
    from policygraph.ingest import ingest_file
    from policygraph.queries import get_query
    from policygraph.serve import create_app
    from policygraph.store import open_store
    from policygraph.vocabularies import load_reference_graphs

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "store")
        load_reference_graphs(store)
        for path in resources.sample_digest_paths():
            ingest_file(store, path)
        rows = get_query("policies-by-agency-and-sector").run(store, {"agency": "MIIT", "sector": "batteries"})
        policy = next(str(r["policy"]) for r in rows if r.get("title_zh"))
        with served(create_app(store)) as base, chromium() as driver:
            for name, path, needle, button, result in PAGES:
                url = base + (path or "/policy/" + policy.rsplit("/", 1)[-1])
                driver.get(url)
                wait_for(driver, needle)
                if button:
                    driver.find_element("css selector", button).click()
                    wait_for(driver, result)
                args.out.mkdir(parents=True, exist_ok=True)
                driver.save_screenshot(str(args.out / name))
                print(f"{args.out / name}: {url}")
        store.close()


@contextmanager
def served(app: object) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not (binary and driver_path):
        sys.exit("needs chromium and chromedriver (Debian: apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp(prefix="policygraph-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--hide-scrollbars", f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver: object, text: str, seconds: float = 15) -> None:
    """Wait until the page's text holds ``text`` (the editor and tables fill in after load)."""
    deadline = time.monotonic() + seconds
    while text not in driver.find_element("tag name", "body").text:  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            sys.exit(f"{driver.current_url}: {text!r} never appeared")  # type: ignore[attr-defined]
        time.sleep(0.2)
    time.sleep(0.5)


if __name__ == "__main__":
    main()
