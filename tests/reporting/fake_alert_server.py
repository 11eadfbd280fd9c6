"""A small HTTP server on loopback standing in for GOV.UK Notify and a Teams/Slack webhook.

Records every request (path, headers, JSON body); answers with `status` (201 by
default, as Notify does for a new notification).
"""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeAlertServer:
    def __init__(self):
        self.requests: list[dict] = []
        self.status = 201
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                server.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "raw": raw,
                        "json": json.loads(raw),
                    }
                )
                body = json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}).encode()
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def bodies(self) -> list[str]:
        return [request["raw"] for request in self.requests]


@contextmanager
def fake_alert_server():
    server = FakeAlertServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
