"""report.html: one self-contained file per run, checked as a file and in a real browser.

The browser test opens the report of every subcommand in headless Chromium (Debian's
``chromium`` and ``chromium-driver``, driven by Selenium), checks that the page logs no console
errors and that every table and image is present and visible, and saves a screenshot at desktop
width to ``$LOYALTYMODELS_SCREENSHOTS`` (CI keeps that folder). Without Chromium it is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from loyaltymodels.cli import main
from loyaltymodels.report import AnalysisReport

DESKTOP_WIDTH = 1366


def test_report_html_is_self_contained_with_facts_warnings_tables_and_figures(
    tmp_path: Path,
) -> None:
    report = AnalysisReport("demo", "Demo <report>", root=tmp_path)
    report.fact("N used", 2357)
    report.warn("the estimation did not converge")
    frame = pd.DataFrame(
        {"clv_mean": [1234.5678], "p_alive": [0.4567], "n_customers": [1500]}, index=["a"]
    )
    report.table(frame, "table", "A table", formats={"clv_mean": "money", "p_alive": "percent"})
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    report.figure(fig, "line", "A line")
    plt.close(fig)
    report.write()
    page = (tmp_path / "demo" / "report.html").read_text()
    assert "<title>Demo &lt;report&gt;</title>" in page
    assert "<dt>N used</dt><dd>2,357</dd>" in page
    assert "class='warnings'" in page and "did not converge" in page
    assert "<th scope='col'>CLV mean</th>" in page and "<th scope='col'>P(alive)</th>" in page
    assert "1,234.57" in page and "45.7%" in page and ">1,500<" in page
    assert page.count("src='data:image/png;base64,") == 1
    assert "<figcaption>A line</figcaption>" in page
    # nothing is fetched: no external references and no scripts
    assert not re.search(r"(src|href)=['\"]?(https?:|//)", page)
    assert "<script" not in page
    markdown = (tmp_path / "demo" / "report.md").read_text()
    assert "- **N used**: 2,357" in markdown and "## Warnings (1)" in markdown


# ----------------------------------------------------------------------------- browser


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.skip("headless Chromium (apt: chromium chromium-driver) is not installed")
    pytest.importorskip("selenium")
    return browser, driver


PLAN = """customers = 1000
margin = [100.0, 5.0]
discount_rate = 0.1
horizon = 3
retention = 0.8
retention_effect = [0.5, 0.05]

[satisfaction_effect]
reliability = [0.5, 0.05]

[plans.reliability]
gap_change = { reliability = 0.8 }
investment = 5000.0
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report.html of every subcommand, from small inputs."""
    from loyaltymodels.datasets import (
        load_cdnow_summary,
        load_cdnow_transactions,
        load_holzinger_swineford,
        load_retention,
        simulate_hotel_survey,
        simulate_servqual_survey,
    )
    from loyaltymodels.pls import load_mobi

    _chromium()
    folder = tmp_path_factory.mktemp("reports")
    load_holzinger_swineford().to_csv(folder / "hs.csv", index=False)
    (folder / "model.txt").write_text("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n")
    summary = load_cdnow_summary(with_spend=True)
    summary.to_csv(folder / "summary.csv", index=False)
    load_retention().rename_axis("period").to_csv(folder / "renewals.csv")
    survey = simulate_servqual_survey(60, random_seed=1)
    survey.expectations.to_csv(folder / "e.csv", index=False)
    survey.perceptions.to_csv(folder / "p.csv", index=False)
    pd.DataFrame({"ltr": [10, 9, 3, 7, 8, 10, 2, 9, None], "region": list("aabbbaabb")}).to_csv(
        folder / "answers.csv", index=False
    )
    (folder / "plan.toml").write_text(PLAN)
    load_cdnow_transactions().to_csv(folder / "log.csv", index=False)
    load_mobi().to_csv(folder / "mobi.csv", index=False)
    (folder / "pls.txt").write_text(
        "Image =~ IMAG1 + IMAG2 + IMAG3\nSatisfaction =~ CUSA1 + CUSA2 + CUSA3\n"
        "Loyalty =~ CUSL1 + CUSL2 + CUSL3\nSatisfaction ~ Image\nLoyalty ~ Image + Satisfaction\n"
    )
    simulate_hotel_survey(300, random_seed=1).survey.to_csv(folder / "hotel.csv", index=False)
    runs = {
        "invariance": ["invariance", "model.txt", "hs.csv", "--group", "school"],
        "pls": ["pls", "pls.txt", "mobi.csv", "--bootstrap", "200", "--seed", "1"],
        "drivers": [
            *["drivers", "hotel.csv", "--outcome", "overall"],
            *["--drivers", "booking,check_in,room,check_out"],
        ],
        "sem": ["sem", "model.txt", "hs.csv"],
        "clv": ["clv", "summary.csv", "--time-unit", "W", "--method", "mle", "--spend"],
        "retention": ["retention", "renewals.csv"],
        "servqual": ["servqual", "e.csv", "p.csv"],
        "nps": ["nps", "answers.csv", "--column", "ltr", "--segment-col", "region"],
        "returns": ["returns", "plan.toml", "--draws", "500", "--seed", "1"],
        "rfm": [
            *["rfm", "log.csv", "--customer-col", "customer_id", "--datetime-col", "date"],
            *["--monetary-col", "spend", "--segments", "--report", "rfm_report"],
        ],
    }
    paths = {}
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        for name, args in runs.items():
            extra = ["--missing", "exclude"] if name == "nps" else []
            out = "summary_rfm.csv" if name == "rfm" else name
            assert main([*args, *extra, "--out", out]) == 0, name
            paths[name] = folder / ("rfm_report" if name == "rfm" else name) / "report.html"
    finally:
        os.chdir(cwd)
    return paths


@pytest.fixture(scope="module")
def browser(reports: dict[str, Path]):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={DESKTOP_WIDTH},900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def test_every_report_opens_in_a_browser_with_its_tables_and_figures(
    reports: dict[str, Path],
    browser,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from selenium.webdriver.common.by import By

    shots = Path(os.environ.get("LOYALTYMODELS_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    for name, path in reports.items():
        browser.get(path.as_uri())
        assert browser.execute_script("return document.readyState") == "complete"
        errors = [
            entry["message"]
            for entry in browser.get_log("browser")
            if entry["level"] in {"SEVERE", "ERROR"}
        ]
        assert not errors, (name, errors)
        facts = browser.find_element(By.CSS_SELECTOR, "dl.facts")
        assert facts.is_displayed() and "Package" in facts.text, name
        tables = browser.find_elements(By.TAG_NAME, "table")
        assert tables, name
        for table in tables:
            assert table.is_displayed(), (name, table.text[:80])
            assert table.find_elements(By.CSS_SELECTOR, "tbody tr"), (name, table.text[:80])
        images = browser.find_elements(By.TAG_NAME, "img")
        assert images, name
        for image in images:
            assert image.is_displayed(), name
            loaded = browser.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", image
            )
            assert loaded, (name, image.get_attribute("alt"))
            assert image.size["width"] > 100, name
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= DESKTOP_WIDTH, (name, width)  # no horizontal overflow at desktop width
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(DESKTOP_WIDTH, min(int(height) + 100, 16000))
        assert browser.save_screenshot(str(shots / f"report_{name}.png"))
        browser.set_window_size(DESKTOP_WIDTH, 900)
        assert (shots / f"report_{name}.png").stat().st_size > 10_000
    nps_page = reports["nps"].read_text()
    assert "missing answer(s) excluded" in nps_page
