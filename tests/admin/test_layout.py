"""The admin's lists on a 1366 px screen, measured in a real browser (headless Chromium): every
column of every list is on the screen, none cut off behind the filters."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from project.pipeline.build import FIXTURE_MODELS
from tests.chromium import chromium, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium, pytest.mark.django_db(transaction=True)]
WIDTH, HEIGHT = 1366, 900
# The right edge of the list's last column, and of the box the list is shown in.
MEASURE = """
const table = document.querySelector('#result_list');
const box = table.parentElement;
return {
    overflow: box.scrollWidth - box.clientWidth,
    page: document.documentElement.scrollWidth - window.innerWidth,
    columns: [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()),
};
"""


@pytest.fixture
def browser():
    with chromium(WIDTH, HEIGHT) as driver:
        yield driver


def test_every_list_fits_a_1366_px_screen(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_seed", verbosity=0)
    User.objects.create_superuser("layout", "layout@example.org", "password")
    browser.get(live_server.url + reverse("admin:login"))
    browser.find_element(By.NAME, "username").send_keys("layout")
    browser.find_element(By.NAME, "password").send_keys("password")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # The click returns before the login's answer arrives; on a busy machine the next page would
    # otherwise be asked for without the session cookie and answer with the login form.
    WebDriverWait(browser, 60).until(lambda driver: driver.find_elements(By.ID, "user-tools"))
    measured = {}
    for model in FIXTURE_MODELS:
        if model._meta.model_name.endswith("alias"):
            continue  # edited inline on their actor's or place's page
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        browser.get(live_server.url + url)
        measured[model._meta.label] = browser.execute_script(MEASURE)
    assert {"events.Event", "events.Reaction"} <= set(measured)
    for label, sizes in measured.items():
        assert sizes["columns"], label
        assert sizes["overflow"] <= 0 and sizes["page"] <= 0, (label, sizes)
