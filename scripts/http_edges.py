#!/usr/bin/env python3
"""What an HTTP client library would never send, sent over a raw socket to a live server: bodies streamed past
their limit, malformed chunked encoding, over-long page forms. Each must be answered with the right 4xx, never a
5xx, and the server must keep serving.

    http_edges.py PORT
"""
import socket, sys

port = int(sys.argv[1])
failures = 0


def send(raw):
    connection = socket.create_connection(("127.0.0.1", port), timeout=20)
    connection.sendall(raw)
    answer = b""
    try:
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    except socket.timeout:
        pass
    connection.close()
    line = answer.split(b"\r\n")[0].decode(errors="replace")
    head = answer.split(b"\r\n\r\n")[0].decode(errors="replace").lower()
    return (int(line.split()[1]) if len(line.split()) > 1 else 0), head


def check(name, raw, status, content_type):
    global failures
    got, head = send(raw)
    ok = got == status and f"content-type: {content_type}" in head
    failures += 0 if ok else 1
    print(f"  {'ok  ' if ok else 'FAIL'} {name}: {got}" + ("" if ok else f" (expected {status}, {content_type})"))


def chunked(body, size=10_000):
    parts = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n" % len(p) + p + b"\r\n" for p in parts) + b"0\r\n\r\n"


def request(path, kind, body, chunk=True):
    head = f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: {kind}\r\n".encode()
    if chunk:
        return head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked(body)
    return head + b"Content-Length: %d\r\n\r\n" % len(body) + body


big = b'{"username":"' + b"x" * 300_000 + b'"}'
form = b"reference=" + b"A" * 5000 + b"&code=B"
print("HTTP edges a client library would not send:")
check("a chunked JSON body past 256 KiB", request("/v1/sessions", "application/json", big), 413, "application/problem+json")
check("a malformed chunk size", b"POST /v1/sessions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
      b"Transfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n", 400, "application/problem+json")
check("a 5 KB lookup form", request("/tra-cuu", "application/x-www-form-urlencoded", form, chunk=False), 413,
      "text/html")
check("a 5 KB receipt form, chunked", request("/bien-nhan", "application/x-www-form-urlencoded", form), 413,
      "text/html")
check("a chunked page form past 256 KiB", request("/tra-cuu", "application/x-www-form-urlencoded", big), 413,
      "text/html")
got, _ = send(b"GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n")
print(f"  {'ok  ' if got == 200 else 'FAIL'} the server still serves: {got}")
failures += 0 if got == 200 else 1
sys.exit(1 if failures else 0)
