"""The report in a real browser: headless Chromium from the system's packages, driven by Selenium.

.ci/run installs Debian's ``chromium`` and ``chromium-driver``. Without them these
tests skip with a reason on a developer's machine and fail in CI (CI=true), so
that CI never passes without having run them. Selenium is pointed at
/usr/bin/chromedriver and /usr/bin/chromium, so it downloads nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jinsha_cli.core.figures import find_figures

from .report_files import IMG, SCRIPT, TEA_AFTER, TEA_FACT, bundled, hostile

CHROMIUM = Path(os.environ.get("JINSHA_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("JINSHA_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _report(facts: Path, out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "report", str(facts), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    return out


def _open(driver, page: Path) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    driver.get(page.as_uri())


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("broken")
    facts, article = bundled(folder, broken=True)
    return _report(facts, folder / "report.html"), article.read_text(encoding="utf-8")


def test_every_figure_is_marked_and_the_broken_one_fails(browser, broken) -> None:
    from selenium.webdriver.common.by import By

    page, text = broken
    _open(browser, page)
    marks = browser.execute_script(
        "return Array.from(document.querySelectorAll('.document a.fig[data-status]'), m =>"
        " ({text: m.textContent, status: m.dataset.status, facts: (m.dataset.fact || '').split(' ')}))"
    )
    assert len(marks) == len(find_figures(text)) > 100
    tea = [m for m in marks if TEA_FACT in m["facts"]]
    assert [m["text"] for m in tea] == [TEA_AFTER[2:5]]  # 50万
    assert tea[0]["status"] == "fail"
    # every figure of the failing rule (the 43328 digits) is marked as failing
    rule = browser.find_element(By.CSS_SELECTOR, 'section.rule[data-rule="industry.target-digits"]')
    facts = [a.text for a in rule.find_elements(By.CSS_SELECTOR, ".rule-facts td:first-child code")]
    assert len(facts) == 6
    for fact in facts:
        stating = [m for m in marks if fact in m["facts"]]
        assert stating, fact
        assert {m["status"] for m in stating} == {"fail"}, fact
    assert {m["status"] for m in marks} >= {"fail", "pass", "slack", "unused"}
    assert _errors(browser) == []


def test_clicking_a_failing_figure_shows_its_card(browser, broken) -> None:
    from selenium.webdriver.common.by import By

    page, _ = broken
    _open(browser, page)
    card = browser.find_element(By.ID, "card")
    assert not card.is_displayed()
    mark = browser.find_element(By.CSS_SELECTOR, f'.document a.fig[data-fact~="{TEA_FACT}"]')
    mark.click()
    assert card.is_displayed()
    shown = card.text
    assert "industry.target-digits" in shown
    assert "50万亩 cannot lead with 4 (it leads with 5)" in shown  # the verdict in numbers
    assert "43328: 4←50万亩" in shown
    assert TEA_FACT in shown and "[49.5, 50.5]万亩" in shown  # the fact's interval
    assert "tea target area" in shown  # its label
    assert browser.current_url == page.as_uri()  # the script showed the card instead of following the link
    browser.find_element(By.CSS_SELECTOR, ".card-close").click()
    assert not card.is_displayed()


def test_keyboard_focus_opens_a_card(browser, broken) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page, _ = broken
    _open(browser, page)
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(40):
        body.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if "fig" in (active.get_attribute("class") or "").split() and active.get_attribute("data-status"):
            break
    else:
        pytest.fail("tabbing never reached a figure")
    card = browser.find_element(By.ID, "card")
    assert card.is_displayed()
    assert active.text in card.text
    active.send_keys(Keys.ENTER)  # into the card, to reach its links
    assert browser.switch_to.active_element == card
    card.send_keys(Keys.ESCAPE)  # closed, and back on the figure
    assert not card.is_displayed()
    assert browser.switch_to.active_element == active


def test_every_finding_scrolls_to_its_place_in_the_text(browser, broken) -> None:
    from selenium.webdriver.common.by import By

    page, _ = broken
    _open(browser, page)
    findings = browser.find_elements(By.CSS_SELECTOR, ".finding")
    kinds = [f.get_attribute("data-kind") for f in findings]
    assert kinds[0] == "fail" and "industry.target-digits" in findings[0].text
    links = browser.find_elements(By.CSS_SELECTOR, ".finding a.goto")
    assert len(links) >= len(findings)
    for finding in findings:
        assert finding.find_elements(By.CSS_SELECTOR, "a.goto"), finding.text
    for link in links:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        where = browser.execute_script(
            "const target = document.getElementById(arguments[0].hash.slice(1));"
            "const r = target.getBoundingClientRect();"
            "return [target.closest('article.document') !== null, r.bottom > 0 && r.top < window.innerHeight];",
            link,
        )
        assert where == [True, True], link.get_attribute("href")
    assert _errors(browser) == []


def test_the_filter_hides_findings_by_status(browser, broken) -> None:
    from selenium.webdriver.common.by import By

    page, _ = broken
    _open(browser, page)
    unused = browser.find_elements(By.CSS_SELECTOR, '.finding[data-kind="unused"]')
    assert unused and all(f.is_displayed() for f in unused)
    browser.find_element(By.CSS_SELECTOR, 'input.show[data-kind="unused"]').click()
    assert not any(f.is_displayed() for f in unused)
    assert browser.find_element(By.CSS_SELECTOR, '.finding[data-kind="fail"]').is_displayed()


def test_no_network_request_and_no_console_error(browser, broken) -> None:
    from selenium.webdriver.common.by import By

    page, _ = broken
    _open(browser, page)
    browser.find_element(By.CSS_SELECTOR, ".document a.fig").click()
    requests = _requests(browser)
    assert page.as_uri() in requests
    assert [url for url in requests if url != page.as_uri() and not url.startswith("data:")] == []
    assert _errors(browser) == []


def test_it_reads_without_javascript(browser, broken) -> None:
    """Scripts off: the marks, legend and findings are there; a figure's link leads to its fact."""
    from selenium.webdriver.common.by import By

    page, text = broken
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _open(browser, page)
        marks = browser.find_elements(By.CSS_SELECTOR, ".document a.fig[data-status]")
        assert len(marks) == len(find_figures(text))
        mark = browser.find_element(By.CSS_SELECTOR, f'.document a.fig[data-fact~="{TEA_FACT}"]')
        mark.click()
        assert not browser.find_element(By.ID, "card").is_displayed()
        fact_id = browser.current_url.rsplit("#", 1)[1]
        fact = browser.find_element(By.ID, fact_id)
        assert fact.get_attribute("data-fact") == TEA_FACT and "tea target area" in fact.text
        fact.find_element(By.LINK_TEXT, "industry.target-digits").click()  # on to the rule, explained
        rule = browser.find_element(By.ID, browser.current_url.rsplit("#", 1)[1])
        assert "50万亩 cannot lead with 4" in rule.text
        browser.find_element(By.CSS_SELECTOR, 'input.show[data-kind="unused"]').click()  # the filter is CSS
        assert not any(f.is_displayed() for f in browser.find_elements(By.CSS_SELECTOR, '.finding[data-kind="unused"]'))
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_print_shows_the_text_and_every_finding_without_the_controls(browser, broken) -> None:
    from selenium.webdriver.common.by import By

    page, _ = broken
    _open(browser, page)
    browser.find_element(By.CSS_SELECTOR, 'input.show[data-kind="unused"]').click()
    browser.find_element(By.CSS_SELECTOR, ".document a.fig").click()  # a card open
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.ID, "card").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, ".filter").is_displayed()
        assert all(f.is_displayed() for f in browser.find_elements(By.CSS_SELECTOR, ".finding"))
        icon = browser.execute_script(
            "return getComputedStyle(document.querySelector('.document a.fig[data-status=fail]'), '::after').content"
        )
        assert "✗" in icon  # the icon prints, not only the colour
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_hostile_text_shows_as_text_and_never_runs(browser, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    facts, _ = hostile(tmp_path)
    page = _report(facts, tmp_path / "hostile.html")
    _open(browser, page)
    for mark in browser.find_elements(By.CSS_SELECTOR, ".document a.fig"):
        mark.click()
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    shown = browser.find_element(By.TAG_NAME, "body").text
    assert IMG in shown  # the title, the labels, the known reason
    assert SCRIPT in shown  # the document and the quote
    browser.find_element(By.CSS_SELECTOR, '.document a.fig[data-fact="people.total"]').click()
    card = browser.find_element(By.ID, "card").text
    assert SCRIPT in card and IMG in card  # the quote and the label, in the card
    assert browser.title.startswith(IMG)
    assert [url for url in _requests(browser) if url != page.as_uri() and not url.startswith("data:")] == []


def test_a_screenshot_is_not_blank(browser, broken, tmp_path: Path) -> None:
    import base64

    page, _ = broken
    _open(browser, page)
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # Count the screenshot's colours and dark (text) pixels: the browser decodes the file's own bytes.
    browser.get("about:blank")
    width, height, colours, dark = browser.execute_async_script(PIXEL_COUNT, base64.b64encode(data).decode())
    assert (width, height) == (1400, 1000) or width * height > 500_000
    assert colours > 20, "the screenshot is (nearly) one colour"
    assert dark > 2000, "no text in the screenshot"


PIXEL_COUNT = """
const done = arguments[arguments.length - 1];
const image = new Image();
image.onerror = () => done([0, 0, 0, 0]);
image.onload = () => {
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
    if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 200) { dark += 1; }
  }
  done([image.width, image.height, colours.size, dark]);
};
image.src = "data:image/png;base64," + arguments[0];
"""
