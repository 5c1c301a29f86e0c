#!/usr/bin/env python3
"""Prepares the HTTP benchmarks through the API itself: one open programme with room for every approval,
COUNT applications from the demo cooperatives taken to `underReview` (create, submit, startReview), and the
path files the wrk scripts read.

    prepare.py BASE_URL PASSWORDS_JSON COUNT OUT_DIR
"""
import http.client, json, sys, threading, time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

base, passwords_file, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
passwords = json.load(open(passwords_file))["passwords"]
host = urlparse(base)
local = threading.local()


def call(method, path, token=None, body=None, headers=None):
    if not hasattr(local, "connection"):
        local.connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    try:
        return send(method, path, token, body, headers)
    except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
        # The server closes keep-alive connections left idle; open a new one (the request was not processed).
        local.connection.close()
        local.connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        return send(method, path, token, body, headers)


def send(method, path, token, body, headers):
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    if data:
        sent["Content-Type"] = "application/json"
    local.connection.request(method, path, body=data, headers=sent)
    response = local.connection.getresponse()
    raw = response.read()
    return response.status, (json.loads(raw) if raw else None)


def login(username):
    status, body = call("POST", "/v1/sessions", body={"username": username, "password": passwords[username]})
    assert status in (200, 201), (username, status, body)
    return body["token"]


admin, officer = login("admin"), login("canbo.hoa")
code = f"BENCH-{int(time.time())}"
now = time.time()
status, body = call("POST", "/v1/programmes", token=admin, body={
    "code": code, "name": {"vi": "Thử tải", "en": "Load test"}, "kind": "digitalBranding", "fiscalYear": 2026,
    "opensAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 86400)),
    "closesAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 30 * 86400)),
    "budget": 10 ** 15, "ceilingPerApplication": 20_000_000, "capPerCooperative": 10 ** 15,
    "terms": {"deliverables": ["Trang web sản phẩm"]}, "requiredDocuments": [], "reviewDeadlineWorkingDays": 10,
    "rules": []})
assert status == 201, (status, body)
status, body = call("POST", f"/v1/programmes/{code}/status", token=admin, body={"status": "open"})
assert status == 200, (status, body)
applicants = [login(f"htx{n:02d}") for n in range(1, 53)]


def one(index):
    token = applicants[index % len(applicants)]
    status, created = call("POST", "/v1/applications", token=token, body={
        "programme": code, "request": {"amount": 10_000_000, "purpose": "Trang web bán hàng"}})
    assert status == 201, (status, created)
    reference = created["application"]["reference"]
    assert call("POST", f"/v1/applications/{reference}/actions/submit", token=token,
                headers={"If-Match": '"1"'})[0] == 200
    assert call("POST", f"/v1/applications/{reference}/actions/startReview", token=officer,
                headers={"If-Match": '"2"'})[0] == 200
    return reference, created["accessCode"]


started = time.time()
with ThreadPoolExecutor(max_workers=8) as pool:
    made = []
    for done, item in enumerate(pool.map(one, range(count)), 1):
        made.append(item)
        if done % 2000 == 0:
            print(f"  {done}/{count} applications under review", file=sys.stderr, flush=True)
print(f"  {count} applications under review in {time.time() - started:.0f} s", file=sys.stderr)
with open(f"{out}/refs.txt", "w") as f:
    f.writelines(f"{r}\n" for r, _ in made)
with open(f"{out}/paths-app.txt", "w") as f:
    f.writelines(f"/v1/applications/{r}\n" for r, _ in made)
with open(f"{out}/paths-bare.txt", "w") as f:
    f.writelines(f"/applications/{r}\n" for r, _ in made)
with open(f"{out}/paths-status.txt", "w") as f:
    f.writelines(f"/v1/status/{r}?code={c}\n" for r, c in made)
# Lists: the first page of a filtered list, and pages further on reached by keyset cursors.
lists = [f"/v1/applications?programme={code}&state=underReview&limit=50"]
cursor = None
for _ in range(20):
    path = lists[0] + (f"&cursor={cursor}" if cursor else "")
    status, page = call("GET", path, token=officer)
    assert status == 200, (status, page)
    cursor = page.get("nextCursor")
    if not cursor:
        break
    lists.append(lists[0] + f"&cursor={cursor}")
with open(f"{out}/paths-list.txt", "w") as f:
    f.writelines(f"{p}\n" for p in lists)
json.dump({"programme": code, "officer": officer, "approver": login("lanhdao.minh")}, open(f"{out}/bench.json", "w"))
