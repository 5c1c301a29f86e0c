#!/usr/bin/env python3
"""Drives the officers' workspace in headless Chromium (Debian's, through Playwright for Python) and checks it as
its users would meet it, with axe-core on every page.

    workspace_check.py BASE_URL SEED_OUTPUT OUT_DIR [--full]

Walks one application per programme kind (the short run: the equipment grant only) from submitted to closed
through the pages alone, an officer and an approver in two sessions, and its twin through the REST API; the two
must end alike (states, events, ledgers). Then: a stale form and a form without its token change nothing; a
disabled user's session stops at its next click; keyboard-only sign-in; no sideways scrolling at 360 pixels.
Screenshots of the queue and a case page at phone and desktop widths go to OUT_DIR. Exits 1 on any failed check.
"""
import json, os, re, sys, urllib.error, urllib.request
from playwright.sync_api import sync_playwright
from axe_playwright_python.sync_playwright import Axe

base, seed, out = sys.argv[1:4]
full = "--full" in sys.argv[4:]
os.makedirs(out, exist_ok=True)
failures = []
passwords = dict(line.split()[:2] for line in open(seed, encoding="utf-8")
                 if re.match(r"^[a-z0-9.]+\s+\S{12,}$", line.strip()))
OFFICER, APPROVER, ADMIN, AUDITOR = "canbo.hoa", "lanhdao.minh", "admin", "thanhtra.son"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def check(condition, what, detail=""):
    print(("  ok   " if condition else "  FAIL ") + what + ("" if condition or not detail else "\n" + detail),
          flush=True)
    if not condition:
        failures.append(what)


def rest(method, path, token=None, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else {}), response.headers
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text.startswith("{") else {}), error.headers


def token(username):
    status, body, _ = rest("POST", "/v1/sessions", body={"username": username, "password": passwords[username]})
    assert status == 201, f"{username} could not sign in: {status} {body}"
    return body["token"]


tokens = {name: token(name) for name in (OFFICER, APPROVER, ADMIN, AUDITOR)}
programmes = {p["kind"]: p for p in rest("GET", "/v1/programmes", tokens[ADMIN])[1]["items"]}
kinds = ["equipmentGrant", "training", "preferentialLoan", "digitalBranding"] if full else ["equipmentGrant"]
amount = {"training": 1, "equipmentGrant": 2_000_000, "preferentialLoan": 5_000_000, "digitalBranding": 3_000_000}
used = set()


def submitted(kind):
    """A fresh application of that kind, submitted by a cooperative that may apply."""
    programme = programmes[kind]
    for n in range(1, 53):
        username = f"htx{n:02d}"
        if username in used or username not in passwords:
            continue
        applicant = token(username)
        status, created, _ = rest("POST", "/v1/applications", applicant, {
            "programme": programme["code"],
            "request": {"amount": amount[kind], "purpose": "Chuyển đổi số", "documents": programme["requiredDocuments"]}})
        if status != 201:
            continue
        reference = created["application"]["reference"]
        status, _, _ = rest("POST", f"/v1/applications/{reference}/actions/submit", applicant,
                            headers={"If-Match": '"1"'})
        if status == 200:
            used.add(username)
            return reference
    raise SystemExit(f"no cooperative could apply to {programme['code']}")


def evidence(kind):
    return {
        "training": {"attendees": 1, "sessionsAttended": 4},
        "equipmentGrant": {"amount": amount[kind], "items": [{"name": "Máy tính", "serialNumber": "SN-2026-01"}]},
        # The day the page's date field names, at its start in Vietnam.
        "preferentialLoan": {"reference": "GN-2026-01", "date": "2026-11-19T17:00:00Z", "amount": amount[kind],
                             "lender": "NHCSXH Kinh Môn"},
        "digitalBranding": {"amount": amount[kind], "liveUrl": "https://htx.example.vn"},
    }[kind]


def rest_walk(reference, kind):
    steps = [("startReview", OFFICER, None),
             ("recommend", OFFICER, {"recommendation": "award", "amount": amount[kind], "reason": "Đủ điều kiện"}),
             ("approve", APPROVER, {"amount": amount[kind], "reason": "Đồng ý",
                                    "legalBasis": "Nghị quyết 12/2025/NQ-HĐND (ví dụ)"}),
             ("fulfil", OFFICER, {"evidence": evidence(kind)}), ("close", OFFICER, None)]
    for action, who, body in steps:
        _, _, headers = rest("GET", f"/v1/applications/{reference}", tokens[who])
        status, reply, _ = rest("POST", f"/v1/applications/{reference}/actions/{action}", tokens[who], body,
                                {"If-Match": headers["ETag"]})
        assert status == 200, f"REST {action} on {reference}: {status} {reply}"


axe = Axe()
checked_pages = set()


def accessible(page, name):
    results = axe.run(page, options=WCAG)
    check(results.violations_count == 0, f"axe (WCAG 2.1 AA) on {name}: {results.violations_count} violations",
          results.generate_report()[:3000] if results.violations_count else "")
    checked_pages.add(name)


def sign_in(context, username):
    page = context.new_page()
    page.goto(base + "/workspace")
    check(page.url.endswith("/workspace/sign-in"), f"{username}: an anonymous visit is sent to sign in")
    page.fill("#username", username)
    page.fill("#password", passwords[username])
    page.click("form.stack button[type=submit]")
    check(page.url == base + "/workspace", f"{username}: signed in, at the queue ({page.url})")
    return page


def act(page, reference, action, fields=None, radio=None):
    page.goto(f"{base}/workspace/applications/{reference}")
    form = page.locator(f'form[action$="/{reference}/{action}"]')
    check(form.count() == 1, f"{reference}: the {action} form is offered")
    for name, value in (fields or {}).items():
        form.locator(f"#{action}-{name}").fill(str(value))
    if radio:
        form.locator(f"#{action}-{radio}").check()
    form.locator("button[type=submit]").click()
    check(f"done={action}" in page.url, f"{reference}: {action} done through the page ({page.url})")


def page_walk(officer, approver, reference, kind):
    act(officer, reference, "startReview")
    act(officer, reference, "recommend", {"amount": f"{amount[kind]:,}".replace(",", "."), "reason": "Đủ điều kiện"},
        radio="recommendation-award")
    act(approver, reference, "approve", {"amount": amount[kind], "reason": "Đồng ý",
                                          "legalBasis": "Nghị quyết 12/2025/NQ-HĐND (ví dụ)"})
    fields = {
        "training": {"attendees": 1, "sessionsAttended": 4},
        "equipmentGrant": {"itemName": "Máy tính", "itemSerial": "SN-2026-01", "amount": amount[kind]},
        "preferentialLoan": {"evidenceReference": "GN-2026-01", "evidenceDate": "2026-11-20", "amount": amount[kind],
                             "lender": "NHCSXH Kinh Môn"},
        "digitalBranding": {"liveUrl": "https://htx.example.vn", "amount": amount[kind]},
    }[kind]
    act(officer, reference, "fulfil", fields)
    act(officer, reference, "close")


def shape(reference):
    """What must match between the two walks: the application's outcome and its events, without times, hashes or
    the channel they came by."""
    _, application, _ = rest("GET", f"/v1/applications/{reference}", tokens[AUDITOR])
    _, events, _ = rest("GET", f"/v1/applications/{reference}/events", tokens[AUDITOR])
    outcome = {key: application.get(key) for key in ("state", "recommendation", "decision", "evidence", "version")}
    for key in ("recommendation", "decision"):
        if outcome[key]:
            outcome[key] = {k: v for k, v in outcome[key].items() if k not in ("at", "by")}
    # The twins come from two cooperatives: their own steps are compared by role.
    steps = [(e["action"], e.get("from"), e["to"], e["role"], e["actor"] if e["role"] != "applicant" else "")
             for e in events["items"]]
    return outcome, steps


def ledger(kind):
    _, budget, _ = rest("GET", f"/v1/programmes/{programmes[kind]['code']}/budget", tokens[ADMIN])
    return {key: budget.get(key) for key in ("reserved", "committed", "spent")}


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--no-sandbox", "--disable-dev-shm-usage"])
    officer_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    approver_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")

    # Keyboard only: the skip link first, then the fields, Enter to sign in.
    keyboard = browser.new_context(viewport={"width": 1280, "height": 900})
    page = keyboard.new_page()
    page.goto(base + "/workspace/sign-in")
    accessible(page, "sign-in")
    page.keyboard.press("Tab")
    check(page.evaluate("document.activeElement.className") == "skip", "keyboard: the skip link comes first")
    page.focus("#username")
    page.keyboard.type(AUDITOR)
    page.keyboard.press("Tab")
    page.keyboard.type(passwords[AUDITOR])
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/workspace")
    check(page.url == base + "/workspace", "keyboard: signed in with Tab and Enter alone")
    page.goto(base + "/workspace/export")
    accessible(page, "export")
    keyboard.close()

    officer = sign_in(officer_context, OFFICER)
    approver = sign_in(approver_context, APPROVER)
    accessible(officer, "queue")

    for kind in kinds:
        through_pages, through_rest = submitted(kind), submitted(kind)
        before = ledger(kind)
        page_walk(officer, approver, through_pages, kind)
        middle = ledger(kind)
        rest_walk(through_rest, kind)
        after = ledger(kind)
        by_page, by_rest = shape(through_pages), shape(through_rest)
        check(by_page[0]["state"] == "closed", f"{kind}: the page walk ends closed")
        check(by_page == by_rest, f"{kind}: pages and REST end alike (outcome and events)",
              f"    pages: {by_page}\n    REST:  {by_rest}")
        delta = lambda a, b: {k: b[k] - a[k] for k in a}
        check(delta(before, middle) == delta(middle, after), f"{kind}: both walks move the ledger alike "
              f"{delta(before, middle)} / {delta(middle, after)}")
        _, events, _ = rest("GET", f"/v1/applications/{through_pages}/events", tokens[AUDITOR])
        check(all(e["channel"] == "web" for e in events["items"][2:]), f"{kind}: the page actions are on the web channel")

    # The case page of the last walk, its history with actors and hashes.
    officer.goto(f"{base}/workspace/applications/{through_pages}")
    check(officer.locator("code.hash").count() >= 7, "case page: each event shows its chain hash")
    accessible(officer, "case")

    # A stale form: two tabs, the first acts, the second's form is now old.
    reference = submitted("equipmentGrant")
    first, second = officer_context.new_page(), officer_context.new_page()
    for tab in (first, second):
        tab.goto(f"{base}/workspace/applications/{reference}")
    first.locator('form[action$="/startReview"] button').click()
    before = shape(reference)
    second.locator('form[action$="/startReview"] button').click()
    check("Không có thay đổi nào được lưu" in second.content(), "a stale form says nothing was saved")
    check(shape(reference) == before, "a stale form changes nothing")
    accessible(second, "case with a refusal")

    # A form without its token, sent with the session's cookie.
    reply = officer_context.request.post(f"{base}/workspace/applications/{reference}/requestInfo",
                                         form={"version": str(before[0]["version"]), "message": "Bổ sung"})
    check(reply.status == 403, f"a form without its token is refused ({reply.status})")
    check(shape(reference) == before, "a form without its token changes nothing")

    # The other pages, each through axe.
    for path, name in (("/workspace/cooperatives", "registry"), ("/workspace/programmes", "programmes"),
                       ("/workspace?state=underReview&q=hop%20tac", "queue filtered")):
        officer.goto(base + path)
        accessible(officer, name)
    officer.goto(base + "/workspace/cooperatives")
    officer.locator("table a").first.click()
    accessible(officer, "cooperative")
    officer.goto(base + "/workspace/language?to=en&next=/workspace")
    check(officer.locator("html").get_attribute("lang") == "en" and "Work queue" in officer.content(),
          "the English switch")
    accessible(officer, "queue (English)")
    officer.goto(base + "/workspace/language?to=vi&next=/workspace")

    # Screenshots, and 360 pixels without sideways scrolling.
    for width, label in ((360, "phone"), (1280, "desktop")):
        officer.set_viewport_size({"width": width, "height": 800})
        for path, name in (("/workspace", "queue"), (f"/workspace/applications/{through_pages}", "case")):
            officer.goto(base + path)
            scroll = officer.evaluate("document.documentElement.scrollWidth")
            check(scroll <= width, f"{name} at {width} px: no sideways scrolling ({scroll})")
            officer.screenshot(path=os.path.join(out, f"workspace-{name}-{label}.png"), full_page=(width > 400))
            if width == 360:
                accessible(officer, f"{name} (phone)")

    # The one-stop desk: a paper dossier for a cooperative without a computer, received by one officer, reviewed by
    # another, decided by the approver; its slips print on one A5 page each.
    def pages_in(pdf):
        return len(re.findall(rb"/Type\s*/Page[^s]", pdf))

    def printed(page, name):
        accessible(page, name)
        pdf = page.pdf(format="A5", prefer_css_page_size=True)
        check(pages_in(pdf) == 1, f"{name}: prints on one A5 page ({pages_in(pdf)})")
        page.screenshot(path=os.path.join(out, f"slip-{name.split()[0]}.png"), full_page=True)

    reviewer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    reviewer = sign_in(reviewer_context, "canbo.nam")
    # A cooperative the equipment grant accepts (one that applied online above).
    eligible = rest("GET", f"/v1/applications/{reference}", tokens[OFFICER])[1]["cooperativeId"].lower()
    officer.goto(f"{base}/workspace/cooperatives/{eligible}")
    accessible(officer, "cooperative with the desk form")
    equipment = programmes["equipmentGrant"]
    officer.select_option("#desk-programme", equipment["code"])
    officer.fill("#desk-amount", "3.000.000")
    officer.fill("#desk-purpose", "Mua máy tính cho kế toán")
    officer.fill("#desk-documents", ", ".join(equipment["requiredDocuments"]))
    officer.locator('form[action$="/applications"] button').click()
    check("Mã tra cứu" in officer.content(), "the desk: the draft opened, its access code shown once")
    desk_ref = officer.url.split("/")[-1] if "/applications/" in officer.url else None
    desk_ref = desk_ref or re.search(r"([A-Z]{3}-\d{4}-\d{6}-\d)", officer.locator("h1").inner_text()).group(1)
    act(officer, desk_ref, "submit", {"representative": "Nguyễn Văn Bình", "papers": "Đơn đề nghị hỗ trợ\nBáo giá thiết bị"})
    _, events, _ = rest("GET", f"/v1/applications/{desk_ref}/events", tokens[AUDITOR])
    check(events["items"][-1]["channel"] == "counter", "the desk's submission is on the counter channel")
    officer.goto(f"{base}/workspace/applications/{desk_ref}/slips/receipt")
    check("GIẤY TIẾP NHẬN HỒ SƠ" in officer.content().upper() and "Nguyễn Văn Bình" in officer.content(),
          "the receipt slip names the papers' bringer")
    printed(officer, "receipt slip")
    act(reviewer, desk_ref, "startReview")
    reviewer.goto(f"{base}/workspace/applications/{desk_ref}")
    check(reviewer.locator('form[action$="/recommend"]').count() == 1, "another officer may recommend")
    act(reviewer, desk_ref, "requestInfo", {"message": "Báo giá có đóng dấu của nhà cung cấp"})
    reviewer.goto(f"{base}/workspace/applications/{desk_ref}/slips/supplement")
    printed(reviewer, "supplement slip")
    act(officer, desk_ref, "resubmit", {"representative": "Nguyễn Văn Bình", "papers": "Báo giá có dấu"})
    officer.goto(f"{base}/workspace/applications/{desk_ref}")
    check(officer.locator('form[action$="/recommend"]').count() == 0, "the receiving officer is offered no recommendation")
    act(reviewer, desk_ref, "recommend", {"amount": "3.000.000", "reason": "Đủ điều kiện"}, radio="recommendation-award")
    act(approver, desk_ref, "approve", {"amount": "3000000", "reason": "Đồng ý", "legalBasis": "Nghị quyết 12/2025/NQ-HĐND (ví dụ)"})
    # The cooperative lost its receipt: a new code at the desk, the old one answered as unknown.
    officer.goto(f"{base}/workspace/applications/{desk_ref}")
    officer.locator('form[action$="/access-code"] button').click()
    new_code = officer.locator("strong.big").inner_text()
    accessible(officer, "new access code")
    status, _, _ = rest("GET", f"/v1/status/{desk_ref}?code={new_code}")
    check(status == 200, f"the reissued code opens the status ({status})")
    # A late case gets a new date and an apology slip.
    _, overdue, _ = rest("GET", "/v1/deadlines/overdue", tokens[OFFICER])
    late = next(item for item in overdue["items"] if item["clock"] == "review")
    act(officer, late["reference"], "reschedule", {"promisedOn": "2026-12-28", "reason": "Chờ ý kiến thẩm định giá"})
    officer.goto(f"{base}/workspace/applications/{late['reference']}/slips/apology")
    printed(officer, "apology slip")

    # An administrator disables the approver from the users page; the approver's next click stops.
    admin_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = sign_in(admin_context, ADMIN)
    admin.goto(base + "/workspace/users")
    accessible(admin, "users")
    admin.locator(f'form[action="/workspace/users/{APPROVER}/disable"] button').click()
    check("done=disable" in admin.url, "the administrator disabled the approver")
    approver.goto(base + "/workspace")
    check("/workspace/sign-in" in approver.url, f"the disabled approver's next click ends at sign-in ({approver.url})")
    admin.goto(base + "/workspace/users")
    admin.locator(f'form[action="/workspace/users/{APPROVER}/enable"] button').click()
    browser.close()

print(f"workspace: {len(checked_pages)} pages through axe, {len(kinds)} programme kind(s) walked; "
      f"{len(failures)} failed check(s)")
sys.exit(1 if failures else 0)
