"""A TCP proxy that can cut a database off: every open connection dropped, new ones refused.

What the app sees is what it sees when PostgreSQL stops: connections that die
mid-query and connection attempts that are refused. Used by the reliability
tests, which must not stop the server other tests share.
"""
import socket
import threading
from contextlib import suppress


class Proxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """Drop every connection and refuse new ones until restore()."""
        self.open.clear()
        with self.lock:
            for s in self.sockets:
                _close(s)
            self.sockets.clear()

    def restore(self) -> None:
        self.open.set()

    def close(self) -> None:
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                _close(client)  # refused: the client sees the connection end at once
                continue
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.sockets |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):     # either side closed: the pair ends
            while data := source.recv(65536):
                sink.sendall(data)
        _close(source)
        _close(sink)
        with self.lock:
            self.sockets -= {source, sink}


def _close(s: socket.socket) -> None:
    with suppress(OSError):         # already closed by the other end
        s.shutdown(socket.SHUT_RDWR)
    s.close()
