#!/usr/bin/env python3
"""End-to-end check of `jifen serve` in headless Chromium (selenium).

Fills the applicant form for an example applicant, submits it, checks every city's total against
`jifen compare` on the same profile, saves a screenshot, and opens the rule explorer; then fills
the planner for a small quota curve and checks each median cutoff against `jifen quota-curve`
with the same seed.
Usage: serve-browser.py JIFEN_BINARY BASE_URL SCREENSHOT.png
"""
import json
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

jifen, base, screenshot = sys.argv[1:4]

# A debug server on a loaded machine can take many seconds per page (a result page scores every
# city; the planner draws pools): wait for the result element explicitly and generously.
RESULT_WAIT_SECONDS = 180


def wait_for(driver, css):
    return WebDriverWait(driver, RESULT_WAIT_SECONDS).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


# The young graduate of datasets/profiles/young-graduate-renting.yaml, as far as the form goes.
FIELDS = {
    "birth_date": "2000-05-12", "insured_months": "52", "provident_fund_months": "52", "residence_months": "52",
    "employed_months": "52", "employer_months": "20", "rented_months": "50", "settle_district": "xihu",
    "income_tax_yuan": "12000", "volunteer_hours": "30", "donation_yuan": "500", "as_of": "2024-06-01",
}
CHOICES = {"education": "bachelor", "title": "none", "skill": "none", "married": "false", "place": "hangzhou",
           "occupation_tier": "general"}
PROFILE = """birth_date: 2000-05-12
education: {level: bachelor, full_time: true, diploma: true, degree: true}
title: none
skill: none
married: false
places:
  hangzhou: {insured_months: 52, provident_fund_months: 52, residence_months: 52, employed: true, employed_months: 52,
             employer_months: 20, occupation_tier: general, income_tax_yuan: 12000, rented_months: 50, settle_district: xihu}
volunteer_hours: 30
donation_yuan: 500
"""

with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
    f.write(PROFILE)
cli = json.loads(subprocess.run([jifen, "compare", "--profile", f.name, "--as-of", "2024-06-01", "--format", "json"],
                                check=True, capture_output=True, text=True).stdout)
expected = {c["city"]: c["total"] for c in cli["cities"]}

options = Options()
for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,2400"]:
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(base + "/")
    for name, value in FIELDS.items():
        box = driver.find_element(By.NAME, name)
        if box.get_attribute("type") == "date":
            # Date inputs take keystrokes in the locale's order; set the value the way a form posts it.
            driver.execute_script("arguments[0].value = arguments[1]", box, value)
        else:
            box.clear()
            box.send_keys(value)
    for name, value in CHOICES.items():
        Select(driver.find_element(By.NAME, name)).select_by_value(value)
    for name in ["home_since", "home_district"]:
        driver.find_element(By.NAME, name).clear()
    driver.find_element(By.CSS_SELECTOR, "form.profile button[type=submit]").click()
    wait_for(driver, "#results")
    for city, total in expected.items():
        card = driver.find_element(By.ID, "city-" + city)
        shown = float(card.find_element(By.CLASS_NAME, "total").text)
        assert abs(shown - total) < 1e-9, f"{city}: page shows {shown}, jifen compare says {total}"
    assert "Simulation, not an official result" in driver.page_source
    driver.save_screenshot(screenshot)
    driver.get(base + "/rules")
    assert driver.find_elements(By.CSS_SELECTOR, "a[href='/rules/tianjin/2018']"), "rule explorer lists tianjin/2018"
    driver.get(base + "/rules/tianjin/2018")
    assert "verbatim" in driver.page_source or "paraphrased" in driver.page_source
    print(f"browser: totals match jifen compare for {', '.join(sorted(expected))}; screenshot {screenshot}")

    plan = {"from": "200", "to": "1200", "step": "200", "pool": "3000", "replicates": "12", "seed": "7"}
    curve = json.loads(subprocess.run([jifen, "quota-curve", "--edition", "tianjin/2018", "--quotas", "200:1200:200", "--pool", "3000",
                                       "--replicates", "12", "--seed", "7", "--format", "json", "--no-store"],
                                      check=True, capture_output=True, text=True).stdout)
    driver.get(base + "/planner")
    Select(driver.find_element(By.NAME, "edition")).select_by_value("tianjin/2018")
    for name, value in plan.items():
        box = driver.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "form.profile button[type=submit]").click()
    wait_for(driver, "#curve")
    cells = driver.find_elements(By.CSS_SELECTOR, "#curve td.cutoff")
    medians = [p["median"] for p in curve["points"]]
    assert len(cells) == len(medians), f"planner shows {len(cells)} quotas, jifen quota-curve {len(medians)}"
    for cell, median in zip(cells, medians):
        assert abs(float(cell.text) - median) <= 0.005 + 1e-9, f"planner shows {cell.text}, jifen quota-curve says {median}"
    assert "Simulation, not an official result" in driver.page_source and "covers" in driver.page_source
    print(f"browser: planner cutoffs match jifen quota-curve (seed 7) at {len(medians)} quotas")
finally:
    driver.quit()
