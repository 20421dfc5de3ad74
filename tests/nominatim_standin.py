"""A stand-in for Nominatim's search API on 127.0.0.1, so tests exercise geopy's real client over HTTP."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def place(latitude, longitude, display_name):
    """One result as Nominatim's JSON format gives it (numbers as strings)."""
    return {"place_id": 1, "lat": str(latitude), "lon": str(longitude), "display_name": display_name}


@dataclass
class Reply:
    """What the stand-in answers: `places` as JSON with status 200, else an error status; after `delay`."""

    status: int = 200
    places: list = field(default_factory=list)
    delay: float = 0.0


@dataclass
class ReceivedRequest:
    path: str
    params: dict
    user_agent: str
    received_at: float


class NominatimStandIn:
    """Use as a context manager; read `requests` (in the order they arrived).

    `reply` is a Reply for every request, or a function of the request's parameters returning one.
    """

    def __init__(self):
        self.reply = Reply()
        self.requests = []
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                standin._answer(self)

            def log_message(self, format, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A handler still sleeping for a timeout test must not hold up the end of the test.
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def domain(self):
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, handler):
        url = urlsplit(handler.path)
        self.requests.append(
            ReceivedRequest(
                path=url.path,
                params=dict(parse_qsl(url.query)),
                user_agent=handler.headers.get("User-Agent", ""),
                received_at=time.monotonic(),
            )
        )
        reply = self.reply(self.requests[-1].params) if callable(self.reply) else self.reply
        time.sleep(reply.delay)
        body = json.dumps(reply.places if reply.status == 200 else {"error": "stand-in error"}).encode()
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # The client stopped waiting (timeout test).
