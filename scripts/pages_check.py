#!/usr/bin/env python3
"""Loads the cooperative pages in headless Chromium from a live server, checks what a person would see,
and saves screenshots at phone and desktop widths.

    pages_check.py BASE_URL REFERENCE ACCESS_CODE OUT_DIR

Drives Chromium over the DevTools protocol (websocket-client from PyPI). Exits 1 on any failed check.
"""
import base64, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request
import websocket

base, reference, code, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
failures = []


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="coopcase-chromium-")
        port = free_port()
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--hide-scrollbars", f"--remote-debugging-port={port}", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2))
                url = next(p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page")
                break
            except Exception:
                if time.time() > deadline:
                    raise SystemExit("chromium did not start")
                time.sleep(0.2)
        self.ws = websocket.create_connection(url, timeout=30)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for_load(self, action):
        """Runs `action` (which starts a navigation) and waits for the new page's load event."""
        action()
        deadline = time.time() + 20
        while time.time() < deadline:
            message = json.loads(self.ws.recv())
            if message.get("method") == "Page.loadEventFired":
                return
        raise RuntimeError("page did not load")

    def go(self, url):
        self.wait_for_load(lambda: self.ws.send(json.dumps(
            {"id": 0, "method": "Page.navigate", "params": {"url": url}})))

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def click(self, selector):
        self.wait_for_load(lambda: self.ws.send(json.dumps({"id": 0, "method": "Runtime.evaluate", "params": {
            "expression": f"document.querySelector({json.dumps(selector)}).click()"}})))

    def screenshot(self, name):
        metrics = self.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": metrics["width"], "height": metrics["height"], "scale": 1})
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"  saved {path}")

    def key(self, key, code, keycode):
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=keycode)

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


CONTRAST = """(() => {
  const rgb = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
    if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  let worst = 99, where = '';
  for (const el of document.querySelectorAll('h1, h2, p, label, .hint, a, button, li, dt, dd')) {
    if (!el.offsetParent && el.tagName !== 'BODY') continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(background(el)));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst) { worst = ratio; where = el.tagName + '.' + el.className; }
  }
  return [Math.round(worst * 100) / 100, where];
})()"""

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"

browser = Browser()
try:
    for label, width, height, mobile in (("phone", 360, 740, True), ("desktop", 1280, 900, False)):
        print(f"{label} ({width}px):")
        browser.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                     mobile=mobile)
        browser.call("Emulation.setEmulatedMedia", media="screen")
        browser.go(f"{base}/tra-cuu")
        text = browser.js("document.body.innerText")
        check("Tra cứu tình trạng hồ sơ" in text, "the lookup page is in Vietnamese")
        check(browser.js("document.documentElement.lang") == "vi", "the page declares lang=vi")
        check(browser.js("[...document.querySelectorAll('input[type=text]')].every(i => "
                         "document.querySelector('label[for=' + i.id + ']'))"), "every field has a label")
        check(browser.js("document.scripts.length") == 0, "no scripts")
        check(browser.js(NO_SIDEWAYS_SCROLL), "no sideways scrolling")
        worst, where = browser.js(CONTRAST)
        check(worst >= 4.5, f"text contrast at least 4.5:1 (lowest {worst} on {where})")
        browser.screenshot(f"lookup-{label}.png")
        # Keyboard only: Tab reaches the reference field, then the code field, then the button.
        browser.js("document.activeElement && document.activeElement.blur()")
        order = []
        for _ in range(8):
            browser.key("Tab", "Tab", 9)
            order.append(browser.js("document.activeElement.id || document.activeElement.tagName"))
        check(order.index("reference") < order.index("code") < order.index("BUTTON"),
              f"keyboard order reaches reference, code, button ({order})")
        # Larger text, as a person with weak eyes sets it: still no sideways scrolling.
        browser.js("document.documentElement.style.fontSize = '200%'")
        check(browser.js(NO_SIDEWAYS_SCROLL), "no sideways scrolling at 200% text")
        browser.js("document.documentElement.style.fontSize = ''")

        browser.js(f"document.getElementById('reference').value = {json.dumps(reference)};"
                   f"document.getElementById('code').value = {json.dumps(code.lower())}")
        browser.click("form.lookup button")
        text = browser.js("document.body.innerText")
        check(reference in text and "Đã nộp" in text, "the result shows the reference and the state")
        check("Bước tiếp theo" in text and "Nơi liên hệ" in text and "Hạn trả lời" in text,
              "the result says what happens next, who to contact and the deadline")
        check(browser.js("document.querySelectorAll('ol.history li').length") >= 2, "the history of public steps")
        check(browser.js(NO_SIDEWAYS_SCROLL), "no sideways scrolling on the result")
        browser.screenshot(f"result-{label}.png")

        browser.click("form.actions button")
        text = browser.js("document.body.innerText")
        check("BIÊN NHẬN HỒ SƠ" in text.upper() and reference in text and code.upper() in text,
              "the receipt shows the reference and the access code")
        check(browser.js(NO_SIDEWAYS_SCROLL), "no sideways scrolling on the receipt")
        browser.screenshot(f"receipt-{label}.png")
        browser.call("Emulation.setEmulatedMedia", media="print")
        check(browser.js("[...document.querySelectorAll('.no-print, header .switch, footer')]"
                         ".every(e => getComputedStyle(e).display === 'none')"),
              "printing leaves out the links and the footer")
        browser.screenshot(f"receipt-print-{label}.png")
        browser.call("Emulation.setEmulatedMedia", media="screen")

        browser.go(f"{base}/tra-cuu")
        browser.js("document.getElementById('reference').value = " + json.dumps(reference) + ";"
                   "document.getElementById('code').value = 'AAAA-AAAA'")
        browser.click("form.lookup button")
        check("Không tìm thấy hồ sơ" in browser.js("document.body.innerText"), "a wrong code is told plainly")
        check(browser.js("!!document.querySelector('[role=alert]')"), "the error is announced to screen readers")

    print("English:")
    browser.go(f"{base}/tra-cuu?lang=en")
    text = browser.js("document.body.innerText")
    check("Check your application" in text and browser.js("document.documentElement.lang") == "en",
          "the English switch")
    browser.screenshot("lookup-en-desktop.png")
finally:
    browser.close()

if failures:
    print(f"{len(failures)} page check(s) failed")
    sys.exit(1)
print(f"all page checks passed; screenshots in {out}")
