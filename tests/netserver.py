"""A raw-socket HTTP server on 127.0.0.1 for the network-fault and size tests.

Each path has a behaviour (a function of the connected socket): answer, hang, stall the body, cut it
short, reset. Hung handlers wait on the server's stop event, so leaving the ``serve`` block ends them
all; the server answers at most ``max_requests`` requests, then closes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

Behaviour = Callable[[socket.socket, threading.Event], None]


def response(body: bytes, *, headers: Mapping[str, str] | None = None, status: str = "200 OK") -> Behaviour:
    """A complete answer, then the connection closes."""
    head = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body)), **(headers or {})}

    def send(conn: socket.socket, stop: threading.Event) -> None:
        lines = "".join(f"{name}: {value}\r\n" for name, value in head.items())
        conn.sendall(f"HTTP/1.1 {status}\r\n{lines}Connection: close\r\n\r\n".encode() + body)

    return send


def hang_before_headers(conn: socket.socket, stop: threading.Event) -> None:
    """Read the request, answer nothing."""
    stop.wait(60)


def hang_after_headers(body: bytes) -> Behaviour:
    """Send the headers and half the body, then stall."""

    def send(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[: len(body) // 2]
        )
        stop.wait(60)

    return send


def truncated(body: bytes, *, claimed: int) -> Behaviour:
    """Claim ``claimed`` bytes in Content-Length, send ``body`` (fewer), close."""

    def send(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {claimed}\r\nConnection: close\r\n\r\n".encode()
            + body
        )

    return send


def reset(conn: socket.socket, stop: threading.Event) -> None:
    """Close with a TCP RST (SO_LINGER 0) once the request is read."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def not_found(conn: socket.socket, stop: threading.Event) -> None:
    response(b"not found", status="404 Not Found")(conn, stop)


@dataclass
class Server:
    routes: Mapping[str, Behaviour]
    max_requests: int = 200
    requests: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def run(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set() and len(self.requests) < self.max_requests:
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            data = b""
            with contextlib.suppress(OSError):
                while b"\r\n\r\n" not in data and len(data) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
            parts = data.split(b" ", 2)
            if len(parts) < 2:
                return
            path = parts[1].decode("latin-1")
            self.requests.append(path)
            with contextlib.suppress(OSError):
                self.routes.get(path, not_found)(conn, self.stop)


@contextlib.contextmanager
def serve(routes: Mapping[str, Behaviour], max_requests: int = 200) -> Iterator[Server]:
    server = Server(routes, max_requests)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        thread.join(5)
        server.listener.close()
        for handler in server._threads:
            handler.join(5)
