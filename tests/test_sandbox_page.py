"""The vendors' page (`/sandbox`) in a real browser (Debian's Chromium through Playwright):
offline, no console errors, the scenario and persona tables equal to the API, sign-in with an
agency's credentials, the conformance report turning green after the reference client's
journey, and the English toggle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ccvc.clock import get_clock
from ccvc.demo import earn_conformance
from ccvc.migrate import upgrade
from ccvc.seeding import seed_all
from ccvc.settings import Settings
from ccvc.vendor import VendorClient, WebhookReceiver
from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import credentials_for
from tests.test_dashboard_page import CHROMIUM, CHROMIUM_ARGS, CONTRAST_SCRIPT, SCREENSHOTS

AGENCY = "UBND-004"  # cohort 70: every behaviour is required
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    url = f"sqlite:///{tmp_path_factory.mktemp('sandbox-page') / 'ccvc.db'}"
    upgrade(url)
    seed_all(settings=Settings(database_url=url), clock=get_clock())
    with start_sandbox(
        Database("sqlite", url), worker_backoff_max_seconds=1.0, worker_poll_seconds=0.1
    ) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, sandbox: Sandbox) -> tuple[Page, list[str], set[str]]:
    page = browser.new_page()
    errors: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.goto(f"{sandbox.base_url}/sandbox")
    return page, errors, hosts


def test_public_tables_equal_the_api(running: Sandbox, browser: Browser) -> None:
    page, errors, hosts = open_page(browser, running)
    scenarios = httpx.get(f"{running.base_url}/v1/sandbox/scenarios").json()
    outcomes = httpx.get(f"{running.base_url}/v1/sandbox/persona-outcomes").json()
    expect(page.locator("#scenario-rows tr")).to_have_count(len(scenarios), timeout=TIMEOUT_MS)
    expect(page.locator("#persona-rows tr")).to_have_count(len(outcomes))
    for outcome in outcomes:
        cell = page.locator(f'tr[data-persona="{outcome["persona"]}"] td[data-outcome]')
        expect(cell).to_have_attribute("data-outcome", outcome["status"])
    expect(page.locator('tr[data-scenario="gateway-unavailable"]')).to_contain_text("503")
    page.get_by_role("button", name="English").click()
    expect(
        page.get_by_role("heading", name="Test personas and the gateway's outcome")
    ).to_be_visible()
    expect(page.locator('tr[data-persona="deceased"]')).to_contain_text("Rejected")
    assert errors == [] and hosts == {urlsplit(running.base_url).netloc}
    page.close()


def test_sign_in_and_watch_the_report_turn_green(running: Sandbox, browser: Browser) -> None:
    issued = credentials_for(running.settings, agency=AGENCY)
    page, errors, _ = open_page(browser, running)
    page.get_by_label("Mã ứng dụng (client_id)").fill(issued.client_id)
    page.get_by_label("Khóa bí mật (client_secret)").fill("wrong")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page.get_by_role("alert")).to_contain_text("Đăng nhập không thành công")
    errors.clear()  # the browser logs the refused token request itself
    page.get_by_label("Khóa bí mật (client_secret)").fill(issued.client_secret)
    page.get_by_role("button", name="Xem báo cáo").click()
    behaviours = page.locator("#behaviours > li")
    expect(behaviours).to_have_count(7, timeout=TIMEOUT_MS)
    expect(page.locator('#behaviours > li[data-status="not_tried"]')).to_have_count(7)

    citizens = httpx.get(
        f"{running.base_url}/dancu/sandbox/citizens", params={"limit": 8, "offset": 100}
    ).json()["citizens"]
    with (
        VendorClient(
            running.base_url, client_id=issued.client_id, client_secret=issued.client_secret
        ) as client,
        WebhookReceiver() as receiver,
    ):
        journey = earn_conformance(
            client,
            agency=AGENCY,
            citizens=citizens,
            now=datetime.now(UTC),
            say=lambda _: None,
            receiver=receiver,
        )
    assert journey.ok, journey.steps
    page.get_by_role("button", name="Làm mới").click()
    expect(page.locator('#behaviours > li[data-status="passed"]')).to_have_count(7)
    expect(page.locator("#report-summary")).to_contain_text("ĐẠT")
    page.locator('li[data-behaviour="stale-write-412"] summary').click()
    expect(page.locator('li[data-behaviour="stale-write-412"] table')).to_contain_text(
        "/v1/agencies/{code}/records/{person_id}"
    )
    contrast = page.evaluate(CONTRAST_SCRIPT, "h1, h2, h3, p, td, th, .badge, summary, a")
    assert contrast["checked"] > 20 and contrast["failures"] == [], contrast
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sandbox-conformance.png"), full_page=True)
    assert errors == [], errors
    page.close()
