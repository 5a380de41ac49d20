"""Runs one generated Python snippet against the real msgraph-sdk and reports what it sent.

Usage: run_python_snippet.py SNIPPET_FILE...

A loopback HTTP server (127.0.0.1, port chosen by the OS) stands in for Microsoft Graph: it
captures the first request and answers with a valid chat JSON body (201 for POST, 204 for
DELETE, 200 otherwise) so the SDK does not raise. One server and one event loop serve every
snippet of the run, one after the other. The snippet runs with `graph_client` bound to a
real GraphServiceClient whose GraphRequestAdapter (anonymous authentication) points at that
server; its top-level `await` is compiled with PyCF_ALLOW_TOP_LEVEL_AWAIT. On success the script
prints one JSON line per snippet, in argument order:
{"method": ..., "path": ... (percent-decoded), "query": [[name, value], ...] (decoded),
"headers": {lower-case name: value}, "body": ... or null}. A `$count` path is answered with a
plain-text number, as Graph does, and a `$ref` read with 204. Each snippet gets a fresh
client.
A snippet that raises prints {"error": "..."} instead and the next one runs.
Everything is bounded by timeouts; nothing leaves the loopback interface.
"""

import ast
import asyncio
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kiota_abstractions.authentication.anonymous_authentication_provider import (
    AnonymousAuthenticationProvider,
)
from msgraph import GraphServiceClient
from msgraph.graph_request_adapter import GraphRequestAdapter

SNIPPET_TIMEOUT_SECONDS = 30
CHAT_RESPONSE = {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats/$entity",
    "id": "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2",
    "topic": None,
    "createdDateTime": "2020-12-04T23:10:28.51Z",
    "lastUpdatedDateTime": "2020-12-04T23:10:28.51Z",
    "chatType": "oneOnOne",
}

captured = []


class Handler(BaseHTTPRequestHandler):
    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        split = urllib.parse.urlsplit(self.path)
        captured.append(
            {
                "method": self.command,
                "path": urllib.parse.unquote(split.path),
                "query": urllib.parse.parse_qsl(split.query, keep_blank_values=True),
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": json.loads(raw) if raw else None,
            }
        )
        if split.path.endswith("/$count"):
            payload = b"5"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        # A `$ref` read answers 204: the SDK reads a single reference as a primitive string and
        # a collection of references as an object, and the recorder cannot tell which.
        if self.command == "DELETE" or (self.command == "GET" and split.path.endswith("/$ref")):
            self.send_response(204)
            self.end_headers()
            return
        payload = json.dumps(CHAT_RESPONSE).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

    def log_message(self, *args):
        pass


async def run(source, port):
    adapter = GraphRequestAdapter(AnonymousAuthenticationProvider())
    adapter.base_url = f"http://127.0.0.1:{port}/v1.0"
    client = GraphServiceClient(request_adapter=adapter)
    code = compile(source, "<snippet>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    scope = {"graph_client": client, "__name__": "__snippet__"}
    result = eval(code, scope)
    if asyncio.iscoroutine(result):
        await asyncio.wait_for(result, SNIPPET_TIMEOUT_SECONDS)


def run_one(path, port, loop):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    captured.clear()
    try:
        loop.run_until_complete(run(source, port))
    except Exception as error:  # reported per snippet; the test names the snippet and the error
        message = f"{type(error).__name__}: {error}"
        if isinstance(error, AttributeError) and getattr(error, "obj", None) is not None:
            # the request builder's module, where a missing step would be generated
            message += f" [in {type(error.obj).__module__}]"
        print(json.dumps({"error": message}), flush=True)
        return
    if len(captured) != 1:
        print(json.dumps({"error": f"expected exactly one request, got {len(captured)}"}), flush=True)
        return
    print(json.dumps(captured[0]), flush=True)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    loop = asyncio.new_event_loop()
    try:
        for path in sys.argv[1:]:
            run_one(path, server.server_address[1], loop)
    finally:
        loop.close()
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
