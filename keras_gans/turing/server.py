"""Serving the app: werkzeug's ``make_server`` (threaded) on a socket bound
here first (so a port in use is one clear error, raised before anything
slow happens, instead of werkzeug's message and ``sys.exit``); port ``0``
picks a free one, read back from the socket. It stops cleanly
(``shutdown`` + ``server_close``)."""

import errno
import socket
import threading

from werkzeug.serving import get_sockaddr, make_server, \
    select_address_family

__all__ = ["TuringServer", "PortInUse"]

DEFAULT_HOST = "127.0.0.1"


class PortInUse(Exception):
    """The host/port cannot be bound."""


class TuringServer:
    """A bound, not yet serving, server for a WSGI ``app``.

    ``serve_forever()`` blocks (the CLI); ``start()`` serves from a daemon
    thread (tests, notebooks); ``stop()`` ends either and frees the port.
    """

    def __init__(self, app, host=DEFAULT_HOST, port=8000):
        port = int(port)
        try:
            family = select_address_family(host, port)
            sock = socket.socket(family, socket.SOCK_STREAM)
        except OSError as e:
            raise PortInUse(f"Cannot listen on {host}:{port}: "
                            f"{e.strerror or e}.") from None
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(get_sockaddr(host, port, family))
            sock.listen(128)
            self._server = make_server(host, port, app, threaded=True,
                                       fd=sock.fileno())
        except OSError as e:
            hint = (" (the port is in use)" if getattr(e, "errno", None) ==
                    errno.EADDRINUSE else "")
            raise PortInUse(
                f"Cannot listen on {host}:{port}: {e.strerror or e}{hint}. "
                "Pick another --port (0 picks a free one).") from None
        finally:
            sock.close()  # make_server holds its own duplicate
        self.host = host
        self.port = self._server.socket.getsockname()[1]
        self._thread = None

    @property
    def app(self):
        return self._server.app

    @app.setter
    def app(self, app):
        self._server.app = app

    @property
    def url(self):
        host = self.host
        if host in ("0.0.0.0", "", "::"):
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def serve_forever(self):
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="turing-server", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
