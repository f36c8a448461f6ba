"""The operators' dashboard page (`/dashboard`) in a real browser: Debian's Chromium driven by
Playwright, against the whole sandbox served over HTTP.

The page must work offline: every request it makes goes to the sandbox itself (no CDN, no web
fonts), and it runs without a console error. The figures it shows are compared with what the
API answers for the same day. One sandbox (SQLite) serves the whole module, with the clock
pinned to 2023-03-10 so that 2023's plan is mid-way: some agencies on time, some at risk, some
overdue. Screenshots go to `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Request, expect, sync_playwright

from ccvc.clock import Clock, get_clock, set_clock
from ccvc.db import get_engine, session_scope
from ccvc.migrate import upgrade
from ccvc.seeding import seed_all
from ccvc.settings import Settings
from gateway.auth.models import Role
from gateway.auth.service import issue_credentials
from gateway.onboarding.plan import STATUS_TITLES, Status
from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import (
    auth,
    staff_record_from_citizen,
    submit,
    token_for,
    wait_for_status,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"

TODAY = date(2023, 3, 10)  # the sandbox's clock: mid-way through 2023's plan
REPLAY = "2023-06-30"
HAI_PHONG = "UBND-031"  # cohort 26, appendix 2 deadline 2023-03-15: everything sent
DA_NANG = "UBND-048"  # cohort 26: part of its headcount sent
HA_NOI = "UBND-001"  # cohort 70
CONFLICT = ("VKSNDTC-26", "VKSNDTC-70")
CONFIRMATION_NOTE = "Công văn số 123/STTTT ngày 09/3/2023 xác nhận đã chạy kịch bản thử nghiệm"
TIMEOUT_MS = 15_000

STATUS_VI = {s.value: vi for s, (vi, _en) in STATUS_TITLES.items()}
STATUS_EN = {s.value: en for s, (_vi, en) in STATUS_TITLES.items()}


# --- the sandbox, with some onboarding done through the real API ---------------------------


@dataclass
class Onboarded:
    sandbox: Sandbox
    operator: dict[str, str]  # client_id / client_secret for the page
    bearer: str  # an operator token for the API comparisons
    agency_tokens: dict[str, str]

    @property
    def base(self) -> str:
        return self.sandbox.base_url

    def api(self, path: str, **params: str) -> Any:
        response = httpx.get(
            f"{self.base}{path}", params=params, headers=auth(self.bearer), timeout=30
        )
        assert response.status_code == 200, response.text
        return response.json()

    def fragment_url(self) -> str:
        return (
            f"{self.base}/dashboard#client_id={self.operator['client_id']}"
            f"&client_secret={self.operator['client_secret']}"
        )


def _citizens(base: str, n: int, offset: int) -> list[dict[str, Any]]:
    page = httpx.get(
        f"{base}/dancu/sandbox/citizens",
        params={"limit": n, "offset": offset, "status": "alive"},
        timeout=30,
    ).json()
    return list(page["citizens"])


def _send(onboarded: Onboarded, agency: str, n: int, offset: int) -> None:
    token = onboarded.agency_tokens[agency]
    records = [
        staff_record_from_citizen(c, agency=agency) for c in _citizens(onboarded.base, n, offset)
    ]
    batch = submit(onboarded.base, token, agency, records)
    assert batch.status_code == 202, batch.text
    done = wait_for_status(onboarded.base, token, batch.json()["batch_id"], {"completed"})
    assert done["counts"]["accepted"] == n, done


@pytest.fixture(scope="module")
def onboarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Onboarded]:
    set_clock(Clock(as_of=TODAY))
    try:
        path = tmp_path_factory.mktemp("dashboard-page") / "ccvc.db"
        database = Database("sqlite", f"sqlite:///{path}")
        upgrade(database.url)
        seed_all(settings=Settings(database_url=database.url), clock=get_clock())
        with start_sandbox(
            database,
            worker_poll_seconds=0.1,
            worker_backoff_max_seconds=1.0,
            dashboard_cache_seconds=0,
        ) as sandbox:
            with session_scope(database.url) as session:
                issued = issue_credentials(session=session, clock=get_clock(), role=Role.OPERATOR)
            onboarded = Onboarded(
                sandbox=sandbox,
                operator={"client_id": issued.client_id, "client_secret": issued.client_secret},
                bearer=token_for(sandbox.base_url, sandbox.settings),
                agency_tokens={},
            )
            for agency, headcount in ((HAI_PHONG, 6), (DA_NANG, 10), (HA_NOI, 2)):
                token = token_for(sandbox.base_url, sandbox.settings, agency=agency)
                onboarded.agency_tokens[agency] = token
                declared = httpx.put(
                    f"{sandbox.base_url}/v1/agencies/{agency}/headcount",
                    json={"headcount": headcount, "note": "Biên chế thử nghiệm"},
                    headers=auth(token),
                )
                assert declared.status_code == 200, declared.text
            _send(onboarded, HAI_PHONG, 6, 7000)
            _send(onboarded, DA_NANG, 3, 7100)
            _send(onboarded, HA_NOI, 2, 7200)
            # what the gateway cannot observe, an operator confirms (audited)
            confirmed = httpx.post(
                f"{sandbox.base_url}/v1/onboarding/agencies/{HAI_PHONG}/confirmations",
                json={"step": "sandbox_passed", "note": CONFIRMATION_NOTE},
                headers=auth(onboarded.bearer),
            )
            assert confirmed.status_code == 201, confirmed.text
            yield onboarded
        get_engine(database.url).dispose()
    finally:
        set_clock(None)


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # CI installs Debian's chromium; without it the page is untested, which must fail loudly.
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A fresh page (own context: empty sessionStorage) and what it did."""

    page: Page
    base: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console_errors == [], self.console_errors
        own = (f"{self.base}/", f"blob:{self.base}/", "data:")
        foreign = [url for url in self.requests if not url.startswith(own)]
        assert foreign == [], f"requests to other hosts: {foreign}"
        assert self.failed == [], self.failed


@pytest.fixture
def watched(browser: Browser, onboarded: Onboarded) -> Iterator[Watched]:
    context = browser.new_context(
        viewport={"width": 1360, "height": 900}, accept_downloads=True, locale="vi-VN"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    result = Watched(page=page, base=onboarded.base)
    page.on(
        "console",
        lambda message: (
            result.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: result.console_errors.append(f"pageerror: {error}"))
    page.on("request", lambda request: result.requests.append(request.url))

    def failed(request: Request) -> None:
        # A refresh superseded by a newer one is aborted on purpose.
        if request.failure != "net::ERR_ABORTED":
            result.failed.append(f"{request.url}: {request.failure}")

    page.on("requestfailed", failed)
    yield result
    context.close()


def screenshot(page: Page, name: str, *, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


# --- helpers on the page ----------------------------------------------------------------------


def rows(page: Page) -> Locator:
    return page.locator("[data-testid=agency-row]")


def sign_in_by_fragment(watched: Watched, onboarded: Onboarded) -> Page:
    page = watched.page
    page.goto(onboarded.fragment_url())
    expect(rows(page)).to_have_count(96)
    return page


def shown_as_of(page: Page, day: str) -> None:
    """Wait until the page shows the figures of `day`."""
    expect(page.locator(f"[data-testid=as-of-shown] time[datetime='{day}']")).to_have_count(1)


def row_statuses(page: Page) -> dict[str, str]:
    pairs: list[list[str]] = page.locator("[data-testid=agency-row]").evaluate_all(
        "rows => rows.map(r => [r.dataset.code, r.dataset.status])"
    )
    return dict((code, status) for code, status in pairs)


def codes(page: Page) -> list[str]:
    found: list[str] = page.locator("[data-testid=agency-row]").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    return found


def column(page: Page, index: int) -> list[str]:
    found: list[str] = page.locator("[data-testid=agency-row]").evaluate_all(
        f"rows => rows.map(r => r.cells[{index}].innerText.trim())"
    )
    return found


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text.split("\n")[0]) or 0)


# --- the tests --------------------------------------------------------------------------------


def test_signs_in_and_shows_the_national_picture_offline(
    watched: Watched, onboarded: Onboarded
) -> None:
    page = watched.page
    page.goto(f"{onboarded.base}/dashboard")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Mã ứng dụng (client_id)").fill(onboarded.operator["client_id"])
    page.get_by_label("Khóa bí mật (client_secret)").fill(onboarded.operator["client_secret"])
    page.get_by_role("button", name="Đăng nhập").click()

    expect(rows(page)).to_have_count(96)
    expect(page.get_by_test_id("agency-count")).to_have_text("96 cơ quan")
    api = onboarded.api("/v1/dashboard")
    assert api["as_of"] == TODAY.isoformat()
    shown_as_of(page, api["as_of"])
    expect(page.get_by_test_id("last-updated")).to_contain_text("Cập nhật lúc")

    # the token is kept for the session; the secret is not kept anywhere
    stored = page.evaluate("JSON.stringify(sessionStorage)")
    assert "access_token" in stored and onboarded.operator["client_secret"] not in stored

    # the source conflict, both codes
    conflict = page.get_by_test_id("conflict")
    expect(conflict).to_have_count(1)
    for code in CONFLICT:
        expect(conflict).to_contain_text(code)
    expect(page.locator("[data-testid=agency-row][data-code='VKSNDTC-26']")).to_contain_text(
        "VKSNDTC-70"
    )

    # three cards with the API's counts by status
    cards = page.get_by_test_id("track-card")
    expect(cards).to_have_count(3)
    for track in api["tracks"]:
        card = page.locator(f"[data-testid=track-card][data-track='{track['track']}']")
        expect(card.get_by_test_id("track-agencies")).to_have_text(f"{track['agencies']} cơ quan")
        for status, count in track["by_status"].items():
            expect(card.locator(f"li[data-status={status}] .status-counts__n")).to_have_text(
                str(count)
            )

    # charts: SVG with a title, a deadline line per milestone date, a text alternative
    burnup = page.get_by_test_id("burnup-chart")
    expect(burnup.locator("svg[role=img] > title")).to_have_text(
        "Số cơ quan hoàn thành theo thời gian"
    )
    deadlines = sorted({m["deadline"] for t in api["tracks"] for m in t["milestones"]})
    drawn = burnup.locator("g.milestone").evaluate_all("gs => gs.map(g => g.dataset.deadline)")
    assert sorted(drawn) == deadlines
    expect(burnup.locator("path.series")).to_have_count(3)
    expect(burnup.locator("details table")).to_have_count(1)
    bars = sum(v is not None for t in api["tracks"] for v in t["pass_share"].values())
    expect(page.get_by_test_id("quality-chart").locator("svg rect")).to_have_count(bars)
    expect(page.get_by_test_id("progress-chart").locator("svg[role=img]")).to_have_count(1)
    overdue = page.get_by_test_id("overdue-item")
    expect(overdue).to_have_count(min(10, len(api["overdue"])))
    assert api["overdue"], "the plan on 2023-03-10 has agencies past their own dates"
    expect(overdue.first).to_have_attribute("data-code", api["overdue"][0]["code"])
    expect(overdue.first).to_contain_text(f"{api['overdue'][0]['days_overdue']} ngày")

    # the table agrees with the API row by row
    assert row_statuses(page) == {a["code"]: a["status"] for a in api["agencies"]}
    hai_phong = page.locator(f"[data-testid=agency-row][data-code='{HAI_PHONG}']")
    expect(hai_phong).to_contain_text(STATUS_VI[row_status(api, HAI_PHONG)])
    expect(hai_phong).to_contain_text("6 / 6")

    screenshot(page, "dashboard-full-page", full_page=True)
    watched.assert_clean()


def row_status(api: dict[str, Any], code: str) -> str:
    return str(next(a["status"] for a in api["agencies"] if a["code"] == code))


CONTRAST_SCRIPT = """
(selectors) => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (node) => {
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  let checked = 0;
  for (const node of document.querySelectorAll(selectors)) {
    if (!node.getClientRects().length || !node.textContent.trim()) continue;
    const style = getComputedStyle(node);
    const fg = rgb(node instanceof SVGElement ? style.fill : style.color).slice(0, 3);
    // SVG text over a bar (the segment it labels) or over the chart's panel
    const bg = !(node instanceof SVGElement) ? background(node)
      : node.classList.contains("seg-label")
        ? rgb(getComputedStyle(node.previousElementSibling).fill).slice(0, 3)
      : background(node.closest("svg").parentElement);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    checked += 1;
    if (ratio < 4.5) {
      const name = node.className.baseVal ?? node.className;
      failures.push(`${name} "${node.textContent.trim().slice(0, 30)}": ${ratio.toFixed(2)}`);
    }
  }
  return { checked, failures };
}
"""
TEXT_SELECTORS = ", ".join(
    [
        "h1",
        "h2",
        "h3",
        ".brand__subtitle",
        ".badge__text",
        ".muted",
        ".link",
        ".sort",
        ".tag",
        ".code-chip",
        ".card__label",
        ".card__count",
        ".chip",
        ".legend li",
        ".status-line span",
        ".notice p",
        ".past-due",
        ".count",
        ".btn",
        ".lang-switch__btn",
        "label",
        "td",
        "svg text",
    ]
)


def test_text_contrast_and_status_not_by_colour_alone(
    watched: Watched, onboarded: Onboarded
) -> None:
    page = sign_in_by_fragment(watched, onboarded)
    for language in ("vi", "en"):
        page.locator(f"button[data-lang={language}]").click()
        result = page.evaluate(CONTRAST_SCRIPT, TEXT_SELECTORS)
        assert result["checked"] > 500, result
        assert result["failures"] == [], result["failures"]
    # every coloured status carries its name as text
    badges = page.locator("[data-testid=agency-row] .badge")
    expect(badges).to_have_count(96)
    texts = set(badges.locator(".badge__text").all_inner_texts())
    assert texts and texts <= set(STATUS_EN.values())
    # every input has a label
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input, select')]"
        ".filter(e => !e.labels || !e.labels.length).map(e => e.id)"
    )
    assert unlabelled == []
    watched.assert_clean()


def test_credentials_in_the_fragment_sign_in_and_leave_the_address_bar(
    watched: Watched, onboarded: Onboarded
) -> None:
    page = sign_in_by_fragment(watched, onboarded)
    assert page.evaluate("location.hash") == ""
    assert onboarded.operator["client_secret"] not in page.url
    assert page.url == f"{onboarded.base}/dashboard"
    expect(page.get_by_test_id("signin")).to_be_hidden()
    watched.assert_clean()


def test_filters_search_and_count(watched: Watched, onboarded: Onboarded) -> None:
    page = sign_in_by_fragment(watched, onboarded)

    page.get_by_label("Nhóm", exact=True).select_option("26")
    expect(rows(page)).to_have_count(26)
    expect(page.get_by_test_id("agency-count")).to_have_text("26 cơ quan")
    assert "cohort=26" in page.url  # the view can be shared as a link
    expect(
        page.locator("[data-testid=track-card][data-track='70-I'] [data-testid=track-agencies]")
    ).to_have_text("0 cơ quan")

    at_risk = onboarded.api("/v1/dashboard", cohort="26", status="at_risk")["agencies"]
    assert at_risk, "some cohort 26 agencies are at risk on 2023-03-10"
    page.get_by_label("Trạng thái", exact=True).select_option("at_risk")
    expect(rows(page)).to_have_count(len(at_risk))
    assert sorted(codes(page)) == sorted(a["code"] for a in at_risk)
    assert set(row_statuses(page).values()) == {"at_risk"}

    page.get_by_role("button", name="Xóa bộ lọc").click()
    expect(rows(page)).to_have_count(96)

    # client-side search on code or name, without diacritics too
    search = page.get_by_label("Tìm theo mã hoặc tên")
    search.fill("hai phong")
    expect(rows(page)).to_have_count(1)
    assert codes(page) == [HAI_PHONG]
    expect(page.get_by_test_id("agency-count")).to_have_text("1 / 96 cơ quan")
    search.fill("VKSNDTC")
    expect(rows(page)).to_have_count(2)
    assert sorted(codes(page)) == list(CONFLICT)
    search.fill("no such agency")
    expect(rows(page)).to_have_count(0)
    expect(page.get_by_test_id("agency-table")).to_contain_text("Không có cơ quan nào khớp bộ lọc")
    search.fill("")
    expect(rows(page)).to_have_count(96)
    watched.assert_clean()


def test_sorting_by_column_headers_with_mouse_and_keyboard(
    watched: Watched, onboarded: Onboarded
) -> None:
    page = sign_in_by_fragment(watched, onboarded)
    records_header = page.get_by_test_id("col-records")
    expect(records_header).not_to_have_attribute("aria-sort", re.compile(".*"))

    page.get_by_test_id("sort-records").click()
    expect(records_header).to_have_attribute("aria-sort", "ascending")
    ascending = [number(v) for v in column(page, 5)]
    assert ascending == sorted(ascending)
    page.get_by_test_id("sort-records").click()
    expect(records_header).to_have_attribute("aria-sort", "descending")
    descending = [number(v) for v in column(page, 5)]
    assert descending == sorted(descending, reverse=True)
    assert descending[0] == 6 and codes(page)[0] == HAI_PHONG  # the most records
    assert descending != ascending

    # keyboard: Tab from the search box reaches the first sortable header; Enter sorts
    page.get_by_label("Tìm theo mã hoặc tên").focus()
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "sort-code":
            break
    else:
        pytest.fail("the first sortable column header is not reachable with Tab")
    page.keyboard.press("Enter")
    code_header = page.get_by_test_id("col-code")
    expect(code_header).to_have_attribute("aria-sort", "ascending")
    expect(records_header).not_to_have_attribute("aria-sort", re.compile(".*"))
    ordered = codes(page)
    page.keyboard.press("Enter")  # focus stays on the header: sort the other way
    expect(code_header).to_have_attribute("aria-sort", "descending")
    assert codes(page) == list(reversed(ordered))
    watched.assert_clean()


def test_drilldown_shows_the_checklist_and_its_evidence(
    watched: Watched, onboarded: Onboarded
) -> None:
    page = sign_in_by_fragment(watched, onboarded)
    api = onboarded.api(f"/v1/onboarding/agencies/{HAI_PHONG}", as_of=TODAY.isoformat())
    steps = {s["step"]: s for s in api["steps"]}
    issued = steps["credentials_issued"]
    assert issued["evidence"] is not None and issued["done_on"] == TODAY.isoformat()

    # a click anywhere on the row opens it
    page.locator(f"[data-testid=agency-row][data-code='{HAI_PHONG}'] td.name").click()
    dialog = page.get_by_test_id("drilldown")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("step")).to_have_count(len(api["steps"]))
    assert page.evaluate("!!document.activeElement.closest('dialog[open]')")
    expect(dialog.locator("h2")).to_have_text(api["name"])
    expect(dialog.get_by_test_id("drill-status")).to_have_attribute("data-status", api["status"])

    step = dialog.locator("[data-testid=step][data-step=credentials_issued]")
    expect(step).to_have_attribute("data-status", issued["status"])
    expect(step.get_by_test_id("step-status")).to_have_text(
        re.compile(re.escape(STATUS_VI[issued["status"]]))
    )
    expect(step.locator("[data-testid=step-done-on] time")).to_have_attribute(
        "datetime", issued["done_on"]
    )
    expect(step.locator("[data-testid=step-deadline] time")).to_have_attribute(
        "datetime", issued["deadline"]
    )
    expect(step.get_by_test_id("step-deadline")).to_contain_text(issued["milestone"])
    expect(step.get_by_test_id("step-basis")).to_have_attribute("data-basis", issued["basis"])
    evidence = step.get_by_test_id("evidence")
    expect(evidence).to_have_attribute("data-source", issued["evidence"]["source"])
    expect(evidence.get_by_test_id("evidence-observed-at")).to_have_attribute(
        "datetime", issued["evidence"]["observed_at"]
    )
    expect(evidence.locator("[data-testid=evidence-observed-on] time")).to_have_attribute(
        "datetime", issued["evidence"]["observed_on"]
    )

    # evidence details as key/values, e.g. the daily figures behind "headcount verified"
    for name, expected in steps.items():
        if not expected["evidence"] or not expected["evidence"]["detail"]:
            continue
        detail = dialog.locator(
            f"[data-testid=step][data-step={name}][data-track='{expected['track']}'] "
            "[data-testid=evidence-detail]"
        )
        for key, value in expected["evidence"]["detail"].items():
            shown = detail.locator(f"[data-key='{key}'] dd")
            wanted = json.dumps(value) if isinstance(value, dict | list) else str(value)
            actual = shown.get_attribute("data-value")
            assert actual is not None
            if isinstance(value, dict | list):
                assert json.loads(actual) == value, (name, key)
            else:
                assert actual == wanted, (name, key)
    batch = dialog.locator("[data-testid=step][data-step=first_api_batch]")
    expect(batch.locator("[data-key=channel] dd")).to_have_text("api")
    # a step confirmed by an operator: basis "manual", the confirmation and who made it
    confirmed = steps["sandbox_passed"]
    assert confirmed["basis"] == "manual" and confirmed["evidence"] is None
    manual = dialog.locator("[data-testid=step][data-step=sandbox_passed]")
    expect(manual.get_by_test_id("step-basis")).to_have_attribute("data-basis", "manual")
    expect(manual.get_by_test_id("step-basis")).to_have_text("Cán bộ vận hành xác nhận")
    expect(manual).to_contain_text("Chưa có bằng chứng do hệ thống ghi nhận")
    expect(manual.get_by_test_id("confirmations")).to_contain_text(CONFIRMATION_NOTE)
    expect(manual.get_by_test_id("confirmations")).to_contain_text(
        confirmed["confirmations"][0]["client_id"]
    )

    screenshot(page, "dashboard-drilldown")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # focus goes back to the row (restored by the dialog's `close` event, a task after Escape)
    page.wait_for_function(
        f"document.activeElement && document.activeElement.dataset.code === '{HAI_PHONG}'",
        timeout=TIMEOUT_MS,
    )

    # keyboard: Enter on the row's button opens another agency; the close button closes it
    opener = page.locator(f"[data-testid=agency-row][data-code='{DA_NANG}'] button")
    opener.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("drilldown-close")).to_be_focused()
    expect(dialog.get_by_test_id("drill-headcount")).to_contain_text("10")
    expect(dialog.get_by_test_id("drill-verified")).to_contain_text("3")
    page.get_by_test_id("drilldown-close").click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    watched.assert_clean()


def test_switching_to_english(watched: Watched, onboarded: Onboarded) -> None:
    page = sign_in_by_fragment(watched, onboarded)
    expect(page.locator("h1")).to_have_text("Tiến độ kết nối CSDLQG về CBCCVC")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("h1")).to_have_text("National civil-servant database: onboarding progress")
    expect(page.get_by_test_id("agency-count")).to_have_text("96 agencies")
    expect(page.get_by_test_id("sort-code")).to_have_text(re.compile("^Code"))
    expect(page.get_by_label("Search code or name")).to_be_visible()
    expect(page.get_by_test_id("signout")).to_have_text("Sign out")
    status = row_statuses(page)[HAI_PHONG]
    expect(
        page.locator(f"[data-testid=agency-row][data-code='{HAI_PHONG}'] .badge__text")
    ).to_have_text(STATUS_EN[status])
    expect(page.get_by_test_id("track-card").first.locator("h3")).to_have_text(
        "Cohort 26 (with HR software)"
    )

    page.reload()  # the choice is remembered, the session too
    expect(rows(page)).to_have_count(96)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("agency-count")).to_have_text("96 cơ quan")
    watched.assert_clean()


def test_replaying_a_day_changes_statuses_like_the_api(
    watched: Watched, onboarded: Onboarded
) -> None:
    page = sign_in_by_fragment(watched, onboarded)
    today = row_statuses(page)
    expect(page.get_by_test_id("as-of")).to_have_value(TODAY.isoformat())

    page.get_by_test_id("as-of-2023-06-30").click()
    shown_as_of(page, REPLAY)
    replay = onboarded.api("/v1/dashboard", as_of=REPLAY)
    assert row_statuses(page) == {a["code"]: a["status"] for a in replay["agencies"]}
    assert row_statuses(page) != today
    assert set(row_statuses(page).values()) != set(today.values())
    expect(page.get_by_test_id("as-of")).to_have_value(REPLAY)
    assert "as_of=2023-06-30" in page.url
    overdue_count = replay["totals"][Status.OVERDUE.value]
    expect(
        page.locator("[data-testid=progress-chart] details table tbody tr").first
    ).to_contain_text(str(overdue_count))

    page.get_by_test_id("as-of").fill("2023-02-20")
    shown_as_of(page, "2023-02-20")
    early = onboarded.api("/v1/dashboard", as_of="2023-02-20")
    assert row_statuses(page) == {a["code"]: a["status"] for a in early["agencies"]}

    page.get_by_test_id("as-of-today").click()
    shown_as_of(page, TODAY.isoformat())
    assert row_statuses(page) == today
    watched.assert_clean()


def test_auto_refresh_without_reload_and_pause(watched: Watched, onboarded: Onboarded) -> None:
    page = watched.page
    page.clock.install()
    sign_in_by_fragment(watched, onboarded)
    page.evaluate("window.__notReloaded = true")
    da_nang = page.locator(f"[data-testid=agency-row][data-code='{DA_NANG}']")
    expect(da_nang.locator("td").nth(5)).to_have_text("3")
    updated = page.get_by_test_id("last-updated").inner_text()

    _send(onboarded, DA_NANG, 2, 7300)  # two more records arrive
    with page.expect_request(re.compile(r"/v1/dashboard(\?|$)")):
        page.clock.fast_forward(31_000)
    expect(da_nang.locator("td").nth(5)).to_have_text("5")
    expect(page.get_by_test_id("last-updated")).not_to_have_text(updated)
    assert page.evaluate("window.__notReloaded") is True

    page.get_by_label("Tự động cập nhật mỗi 30 giây").uncheck()
    expect(page.get_by_test_id("status")).to_have_text("Đã tạm dừng tự động cập nhật.")
    before = len([u for u in watched.requests if "/v1/dashboard" in u])
    page.clock.fast_forward(65_000)
    page.wait_for_timeout(300)
    assert len([u for u in watched.requests if "/v1/dashboard" in u]) == before
    watched.assert_clean()


def test_csv_download_with_the_token(watched: Watched, onboarded: Onboarded) -> None:
    page = sign_in_by_fragment(watched, onboarded)
    with page.expect_download() as info:
        page.get_by_test_id("csv-download").click()
    download = info.value
    assert download.suggested_filename == f"tien-do-{TODAY.isoformat()}.csv"
    saved = download.path()
    assert saved is not None
    text = Path(saved).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    lines = text.removeprefix("\ufeff").strip().splitlines()
    assert len(lines) == 97 and lines[0].startswith("Mã / code")
    assert any(line.startswith(HAI_PHONG) for line in lines)
    watched.assert_clean()


def test_an_invalid_session_returns_to_sign_in_with_a_bilingual_message(
    watched: Watched, onboarded: Onboarded
) -> None:
    page = watched.page
    # wrong credentials: the server's problem, in both languages
    page.goto(f"{onboarded.base}/dashboard")
    page.get_by_label("Mã ứng dụng (client_id)").fill(onboarded.operator["client_id"])
    page.get_by_label("Khóa bí mật (client_secret)").fill("wrong-" + uuid.uuid4().hex)
    page.get_by_label("Khóa bí mật (client_secret)").press("Enter")
    message = page.get_by_test_id("signin-message")
    expect(message).to_contain_text("Xác thực ứng dụng thất bại")
    expect(message).to_contain_text("Client authentication failed")

    # the page's token is revoked (RFC 7009): the next refresh gets 401 and goes back to the
    # form, with the message in both languages
    page.goto(onboarded.fragment_url())
    expect(rows(page)).to_have_count(96)
    token = page.evaluate("JSON.parse(sessionStorage.getItem('ccvc.dashboard.token')).access_token")
    revoked = httpx.post(f"{onboarded.base}/v1/oauth/revoke", data={"token": token})
    assert revoked.status_code == 200, revoked.text
    page.get_by_test_id("refresh-now").click()
    expect(page.get_by_test_id("signin")).to_be_visible()
    expect(page.get_by_test_id("dashboard")).to_be_hidden()
    expect(message).to_contain_text("Vui lòng đăng nhập lại")
    expect(message).to_contain_text("Please sign in again")
    expect(message.locator("[lang=en]")).to_have_count(1)
    assert page.evaluate("sessionStorage.getItem('ccvc.dashboard.token')") is None
    # the only errors are the two refused requests themselves
    assert all("401" in e for e in watched.console_errors), watched.console_errors
