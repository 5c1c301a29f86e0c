#!/usr/bin/env python3
"""Fault tests under load: PostgreSQL killed (SIGKILL) and restarted, the server killed (SIGKILL) and
restarted, a flood of slow and idle connections, and SIGTERM with a slow download in flight. Afterwards
every acknowledged action must be in the database with its event, every application's version must
equal its event count, and the audit chains must verify.

    faults.py --bin PATH --port N --passwords FILE [--seconds S] [--workers W]

Started by bench/faults.sh, which prepares a throwaway PostgreSQL cluster and database and exports
COOPCASE_* for the server. Loopback only; every wait is bounded.
"""
import argparse, atexit, http.client, json, os, signal, socket, subprocess, sys, threading, time, uuid

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True)
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--passwords", required=True)
parser.add_argument("--seconds", type=float, default=3)
parser.add_argument("--workers", type=int, default=8)
parser.add_argument("--pg-kill", required=True, help="shell command that SIGKILLs PostgreSQL")
parser.add_argument("--pg-start", required=True, help="shell command that starts PostgreSQL")
parser.add_argument("--sql", required=True, help="shell command that runs SQL from stdin as the owner, prints rows")
args = parser.parse_args()
passwords = json.load(open(args.passwords))["passwords"]
failures, figures = [], []
server_log = open(os.environ.get("COOPCASE_FAULT_SERVER_LOG", "/dev/null"), "ab")


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def request(method, path, token=None, body=None, headers=None, timeout=10):
    """One request on a fresh connection: (status, headers, parsed JSON or None); raises on transport errors."""
    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=timeout)
    try:
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return response.status, dict(response.getheaders()), parsed
    finally:
        connection.close()


def wait_until(predicate, seconds, step=0.2):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        time.sleep(step)
    return False


class Server:
    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen([args.bin, "serve"], stdout=server_log, stderr=server_log)
        ok = wait_until(lambda: request("GET", "/health/ready", timeout=2)[0] == 200, 60)
        check(ok, f"server {self.process.pid} ready")

    def rss_mib(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0


def login(username):
    status, _, body = request("POST", "/v1/sessions", body={"username": username, "password": passwords[username]})
    if status != 201 and status != 200:
        raise SystemExit(f"login {username}: {status} {body}")
    return body["token"]


server = Server()
atexit.register(lambda: server.process and server.process.poll() is None and server.process.kill())
server.start()
officer = login("canbo.hoa")
approver = login("lanhdao.minh")

# Applications to cycle: underReview → requestInfo → needsInfo → resubmit → underReview, forever. Information is asked
# for once per application unless an approver allows another, so each later round starts with that leave.
print("setting up applications under review", flush=True)
programmes = request("GET", "/v1/programmes", token=officer)[2]
programmes = programmes.get("items", programmes) if isinstance(programmes, dict) else programmes
owned = []  # (reference, applicant token)
for number in range(1, 53):
    if len(owned) >= args.workers * 2:
        break
    username = f"htx{number:02d}"
    token = login(username)
    for programme in programmes:
        amount = 1 if programme["kind"] == "training" else 5_000_000
        status, _, created = request("POST", "/v1/applications", token=token, body={
            "programme": programme["code"],
            "request": {"amount": amount, "purpose": "Thử tải", "documents": programme.get("requiredDocuments", [])}})
        if status != 201:
            continue
        reference = created["application"]["reference"]
        if request("POST", f"/v1/applications/{reference}/actions/submit", token=token,
                   headers={"If-Match": '"1"'})[0] != 200:
            continue
        if request("POST", f"/v1/applications/{reference}/actions/startReview", token=officer,
                   headers={"If-Match": '"2"'})[0] == 200:
            owned.append((reference, token))
            break
check(len(owned) >= args.workers, f"{len(owned)} applications under review for {args.workers} workers")

acknowledged = []  # (reference, version, state) for every 2xx action
acknowledged_lock = threading.Lock()
stop = threading.Event()
counts = {"ok": 0, "unavailable": 0, "other": 0, "transport": 0, "unanswered": 0}
phase = ["setup"]  # the step running, named in what went unanswered
unanswered = []


def step(number, title):
    phase[0] = number
    print(f"{number}. {title}", flush=True)

statuses = {}  # refusals by HTTP status


def worker(mine):
    versions = {}
    asked = set()  # references whose next request for information needs the approver's leave
    while not stop.is_set():
        for reference, token in mine:
            if stop.is_set():
                return
            try:
                doing = "read"
                if reference not in versions:
                    status, _, body = request("GET", f"/v1/applications/{reference}", token=officer, timeout=5)
                    if status != 200:
                        time.sleep(0.05)
                        continue
                    versions[reference] = (body["version"], body["state"])
                version, state = versions[reference]
                if state == "underReview" and reference in asked:
                    action, caller, payload = "allowFurtherRequest", approver, {"reason": "Cần thêm báo giá"}
                elif state == "underReview":
                    action, caller, payload = "requestInfo", officer, {"message": "Bổ sung báo giá"}
                elif state == "needsInfo":
                    action, caller, payload = "resubmit", token, {}
                else:
                    versions.pop(reference)
                    continue
                doing = action
                status, _, body = request(
                    "POST", f"/v1/applications/{reference}/actions/{action}", token=caller, body=payload,
                    headers={"If-Match": f'"{version}"'}, timeout=5)
                with acknowledged_lock:
                    if 200 <= status < 300:
                        counts["ok"] += 1
                        acknowledged.append((reference, body["version"], body["state"]))
                        versions[reference] = (body["version"], body["state"])
                        if action == "requestInfo":
                            asked.add(reference)
                        elif action == "allowFurtherRequest":
                            asked.discard(reference)
                    else:
                        # An outcome unknown to this worker (a lost answer) shows in the refusal's rule.
                        code = body.get("code") if isinstance(body, dict) else None
                        if code == "supplementAskedOnce":
                            asked.add(reference)
                        elif action == "allowFurtherRequest" and code == "invalidTransition":
                            asked.discard(reference)
                        counts["unavailable" if status == 503 else "other"] += 1
                        statuses[status] = statuses.get(status, 0) + 1
                        versions.pop(reference, None)  # unknown outcome: read it again
                        time.sleep(0.05)
            except (OSError, http.client.HTTPException) as error:
                with acknowledged_lock:
                    # No answer in 5 s, past the server's own 3 s deadline: a handler that never returned.
                    timed_out = isinstance(error, TimeoutError)
                    counts["unanswered" if timed_out else "transport"] += 1
                    if timed_out:
                        unanswered.append(f"step {phase[0]}, {doing} {reference} at {time.strftime('%H:%M:%S')}")
                versions.pop(reference, None)
                time.sleep(0.05)


threads = []


def start_load():
    stop.clear()
    threads.clear()
    for index in range(args.workers):
        mine = owned[index::args.workers]
        thread = threading.Thread(target=worker, args=(mine,), daemon=True)
        thread.start()
        threads.append(thread)


def stop_load():
    stop.set()
    for thread in threads:
        thread.join(timeout=15)


def acks():
    with acknowledged_lock:
        return counts["ok"]


def shell(command):
    subprocess.run(["bash", "-c", command], check=True, stdout=subprocess.DEVNULL)


# 1. Load, and memory idle vs under load.
step("1", "load")
idle = server.rss_mib()
start_load()
time.sleep(args.seconds)
loaded = server.rss_mib()
before = acks()
check(before > 0, f"actions acknowledged under load ({before} in {args.seconds:.0f} s)")
figures.append(f"server RSS idle {idle:.1f} MiB, under load ({args.workers} clients) {loaded:.1f} MiB")

# 2. PostgreSQL killed under load: 503 problems while down, recovery without restarting the server.
step("2", "PostgreSQL SIGKILL under load")
pid = server.process.pid
shell(args.pg_kill)
time.sleep(1)
status, headers, body = request("GET", "/health/ready", timeout=10)
check(status == 503, f"/health/ready answers 503 while the database is down (got {status})")
status, headers, body = request("GET", f"/v1/applications/{owned[0][0]}", token=officer, timeout=10)
check(status == 503 and (body or {}).get("code") == "unavailable" and "Retry-After" in headers,
      f"a read answers a 503 problem 'unavailable' with Retry-After while the database is down (got {status})")
status, _, body = request("POST", "/v1/sessions", body={"username": "canbo.hoa", "password": passwords["canbo.hoa"]})
check(status == 503, f"logging in answers 503 while the database is down (got {status})")
down_acks = acks()
time.sleep(args.seconds / 2)
check(acks() == down_acks, "nothing is acknowledged while the database is down")
shell(args.pg_start)
recovered = wait_until(lambda: acks() > down_acks, 60)
check(recovered, "actions are acknowledged again once the database is back")
check(server.process.poll() is None and server.process.pid == pid, "the same server process recovered by itself")
time.sleep(args.seconds)

# 3. The server killed under load, then started again.
step("3", "server SIGKILL under load")
server.process.send_signal(signal.SIGKILL)
server.process.wait(timeout=10)
time.sleep(0.5)
killed_acks = acks()
server.start()
check(wait_until(lambda: acks() > killed_acks, 30), "actions are acknowledged again after the restart")
time.sleep(args.seconds)

# 4. Slow clients and a flood of connections do not stop the server answering others.
step("4", "slow clients and a connection flood")
idle_sockets = []
for index in range(300):
    try:
        s = socket.create_connection(("127.0.0.1", args.port), timeout=5)
        if index % 2 == 0:
            s.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        idle_sockets.append(s)
    except OSError:
        break
check(len(idle_sockets) == 300, f"{len(idle_sockets)} slow or idle connections open")
flood_acks = acks()
latencies, answered = [], 0
for _ in range(20):
    started = time.time()
    answered += request("GET", f"/v1/applications/{owned[0][0]}", token=officer, timeout=5)[0] == 200
    latencies.append((time.time() - started) * 1000)
check(answered == 20, f"authenticated reads are answered during the flood ({answered} of 20)")
time.sleep(args.seconds / 2)
check(acks() > flood_acks, "the load keeps being served during the flood")
latencies.sort()
figures.append(f"authenticated read during the flood: median {latencies[len(latencies) // 2]:.1f} ms, "
               f"max {latencies[-1]:.1f} ms")
check(latencies[-1] < 5000, "every read during the flood answered within 5 s")
for s in idle_sockets:
    s.close()

# 5. SIGTERM under load with a slow download in flight: the download completes, then the server exits cleanly.
step("5", "SIGTERM under load with a slow export in flight")
auditor = login("thanhtra.son")
export = {"lines": 0, "last": None, "error": None}


def slow_export():
    try:
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        connection.request("GET", "/v1/exports/case-histories", headers={"Authorization": f"Bearer {auditor}"})
        response = connection.getresponse()
        export["status"] = response.status
        tail = b""  # only the last line (the summary) is read; the rest is counted and let go
        while True:
            chunk = response.read(2048)
            if not chunk:
                break
            export["lines"] += chunk.count(b"\n")
            tail = (tail + chunk)[-65536:]
            time.sleep(0.01)  # a slow reader: about 200 KB/s
        lines = tail.splitlines()
        export["last"] = json.loads(lines[-1]) if lines else None
    except Exception as error:  # noqa: BLE001 — reported below
        export["error"] = repr(error)


reader = threading.Thread(target=slow_export, daemon=True)
reader.start()
check(wait_until(lambda: export["lines"] > 0, 20), "the export started streaming")
server.process.send_signal(signal.SIGTERM)
terminated = time.time()
reader.join(timeout=120)
stop_load()
try:
    code = server.process.wait(timeout=60)
except subprocess.TimeoutExpired:
    code = None
    server.process.kill()
check(export["error"] is None and export.get("last", {}) and export["last"].get("type") == "summary",
      f"the in-flight export finished with its summary line ({export['lines']} lines, error {export['error']})")
check(code == 0, f"the server exited cleanly after SIGTERM (exit code {code}, "
                 f"{time.time() - terminated:.1f} s after the signal)")

# 6. Nothing acknowledged is lost; nothing is half done.
step("6", "consistency")
with acknowledged_lock:
    acknowledged_copy = list(acknowledged)
figures.append(f"{len(acknowledged_copy)} actions acknowledged; responses: {counts}; refusals by status {statuses}")
check(not any(500 <= code < 600 and code != 503 for code in statuses),
      f"no server error other than 503 under faults ({statuses})")
check(counts["unanswered"] == 0,
      f"every request was answered or refused within 5 s, whatever was down (not: {unanswered})")
values = ",".join(f"('{r}',{v},'{s}')" for r, v, s in acknowledged_copy) or "(NULL,NULL,NULL)"
missing = subprocess.run(["bash", "-c", args.sql], input=f"""
    SELECT count(*) FROM (VALUES {values}) AS ack(reference, version, state)
    WHERE ack.reference IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM applications a JOIN application_events e ON e.application_id = a.id
      WHERE a.reference = ack.reference AND e.seq = ack.version AND e.to_state = ack.state);
    """, capture_output=True, text=True, check=True).stdout.strip()
check(missing == "0", f"every acknowledged action is in the database with its event (missing: {missing})")
half = subprocess.run(["bash", "-c", args.sql], input="""
    SELECT count(*) FROM applications a
    WHERE a.version <> a.chain_seq
       OR a.chain_seq <> (SELECT count(*) FROM application_events e WHERE e.application_id = a.id)
       OR a.state <> (SELECT e.to_state FROM application_events e WHERE e.application_id = a.id
                      ORDER BY e.seq DESC LIMIT 1);
    """, capture_output=True, text=True, check=True).stdout.strip()
check(half == "0", f"no application has a state change without its event or the reverse (found: {half})")
verify = subprocess.run([args.bin, "audit", "verify", "--as", "thanhtra.son"], capture_output=True, text=True)
check(verify.returncode == 0, "audit verify: every chain recomputes")

print()
for line in figures:
    print("  " + line)
if failures:
    print(f"{len(failures)} fault check(s) failed")
    sys.exit(1)
print("all fault checks passed")
