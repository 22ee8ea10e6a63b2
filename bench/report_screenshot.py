"""Take the README's screenshot of a report: the page with one figure's card open.

    python bench/report_screenshot.py report.html docs/report.png --figure p1-m84

Drives the system's headless Chromium (/usr/bin/chromium, /usr/bin/chromedriver)
with Selenium, as the browser tests do; it downloads nothing.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", type=Path, help="the report's HTML file")
    parser.add_argument("png", type=Path, help="where to write the screenshot")
    parser.add_argument("--figure", help="open the card of this mark (its element id, e.g. p1-m84)")
    parser.add_argument("--size", default="1400,1000", help="window width,height in pixels")
    args = parser.parse_args()

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in (*FLAGS, f"--window-size={args.size}", f"--user-data-dir={profile}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
        try:
            url = args.page.resolve().as_uri() + (f"#{args.figure}" if args.figure else "")
            driver.get(url)
            driver.save_screenshot(str(args.png))
        finally:
            driver.quit()
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
