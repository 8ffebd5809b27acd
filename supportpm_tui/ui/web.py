"""The dashboard in a browser: textual-serve runs one dashboard per browser tab and draws it in the page.

:func:`listen` takes the address first, so a bad host or a port in use is one
clear error before anything is served; :func:`serve` then serves on those
sockets until Ctrl+C (or SIGTERM), and stops every dashboard it started.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket
from dataclasses import dataclass, field
from typing import Any

from supportpm_tui.core.errors import UserError

_ANY = {"0.0.0.0", "::", ""}


@dataclass
class Listening:
    """The sockets bound for ``host`` and ``port``, not yet served."""

    host: str
    port: int
    sockets: list[socket.socket] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def local_only(self) -> bool:
        """Whether only this machine can reach it (a loopback address, or a name that means one)."""
        return all(_is_loopback(s.getsockname()[0]) for s in self.sockets)

    @property
    def everywhere(self) -> bool:
        """Whether it listens on every address of this machine (``0.0.0.0`` or ``::``)."""
        return self.host in _ANY

    def close(self) -> None:
        """Close the sockets (again is harmless)."""
        for sock in self.sockets:
            sock.close()


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> Listening:
    """Bind ``host``:``port`` (every address a name stands for); raise :class:`UserError` saying why it cannot be."""
    if not 1 <= port <= 65535:
        raise UserError(f"--port must be a number from 1 to 65535, not {port}")
    if not host.strip():
        raise UserError("--host is empty: give an address such as 127.0.0.1, or 0.0.0.0 for every address")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)
        raise UserError(f"--host {host} is not an address or a name this machine knows ({reason})") from None
    listening = Listening(host, port)
    seen: set[tuple[Any, ...]] = set()
    for family, kind, proto, _name, address in found:
        if address in seen:
            continue
        seen.add(address)
        sock = socket.socket(family, kind, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6 and len(found) > 1:  # its IPv4 twin is bound on its own
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
        except OSError as exc:
            sock.close()
            listening.close()
            raise UserError(_bind_problem(host, port, exc)) from None
        listening.sockets.append(sock)
    if not listening.sockets:
        raise UserError(f"--host {host} has no address to listen on")
    return listening


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is in use on {host}: choose another with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host} is not an address of this machine"
    if exc.errno == errno.EACCES:
        return f"port {port} needs administrator rights: choose one above 1023 with --port"
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}"


def serve(listening: Listening, command: str, title: str = "SupportPM") -> None:
    """Serve the dashboard that ``command`` runs (one per browser tab) on ``listening`` until stopped."""
    from aiohttp import web

    server = _server_class()(command, host=listening.host, port=listening.port, title=title)
    logging.basicConfig(level=logging.WARNING, format="supportpm serve: %(message)s")
    try:
        web.run_app(
            server.make_app(),
            sock=listening.sockets,
            shutdown_timeout=5.0,
            print=lambda *_: None,
            access_log=None,
            handle_signals=True,
        )
    finally:
        listening.close()


def _server_class() -> Any:
    """The textual-serve server, with the page's addresses taken from each request and a clean stop."""
    import aiohttp_jinja2
    from aiohttp import WSCloseCode, web
    from textual_serve.server import Server

    class DashboardServer(Server):
        """textual-serve's server: quiet at start (the command line says where it listens) and stopping its tabs."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[web.WebSocketResponse] = set()
            self.services: set[Any] = set()

        async def make_app(self) -> web.Application:
            return await self._make_app()

        async def on_startup(self, app: web.Application) -> None:
            """Say nothing: the command line has said where it listens."""

        async def on_shutdown(self, app: web.Application) -> None:
            """Close every browser tab's connection, which stops its dashboard."""
            for websocket in list(self.sessions):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"The server is stopping")
            # Wait for each tab's dashboard to end, so no process is left for the closing event loop to tidy.
            processes = [p for p in (getattr(s, "_process", None) for s in self.services) if p is not None]
            if processes:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.gather(*(p.wait() for p in processes)), timeout=5)

        async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
            self.sessions.add(websocket)
            self.services = {s for s in self.services if getattr(s, "_task", None) is not None}  # drop ended tabs
            self.services.add(app_service)
            try:
                await super()._process_messages(websocket, app_service)
            finally:
                self.sessions.discard(websocket)

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            """The page, its links made from the address the browser used (right for 0.0.0.0 too)."""
            base = f"{request.scheme}://{request.host}"
            websocket = ("wss:" if request.scheme == "https" else "ws:") + f"//{request.host}/ws"
            font_size = request.query.get("fontsize", "16")
            return {
                "font_size": int(font_size) if font_size.isdigit() else 16,
                "app_websocket_url": websocket,
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": self.title},
            }

    return DashboardServer
