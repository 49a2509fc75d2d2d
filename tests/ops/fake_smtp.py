"""A minimal SMTP server for tests: it keeps every message it accepted (the mail log) and can
be told to hang instead of answering the end of a message's data (a send whose outcome the
sender never learns)."""
import email
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        self.wfile.write(b"220 fake.example ESMTP\r\n")
        data, lines = False, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if data:
                if line in (b".\r\n", b".\n"):
                    data = False
                    message = email.message_from_bytes(b"".join(lines))
                    lines = []
                    with server.lock:
                        server.log.append(message)
                        hang = len(server.log) in server.hang_after
                    if hang:
                        server.hanging.set()
                        server.release.wait(120)
                        return
                    self.wfile.write(b"250 2.0.0 queued\r\n")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-fake.example\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 end with .\r\n")
                data = True
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 OK\r\n")


class FakeSMTP(socketserver.ThreadingTCPServer):
    """``FakeSMTP(hang_after={2})`` hangs on the 2nd message, after storing it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, hang_after=()):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log: list = []
        self.lock = threading.Lock()
        self.hang_after = set(hang_after)
        self.hanging = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.shutdown()
        self.server_close()

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"] for m in self.log]
