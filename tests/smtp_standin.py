"""A local SMTP server for tests of real processes: it accepts every message and keeps its recipients.

Django's SMTP backend (smtplib) speaks to it as to a mail relay: EHLO, MAIL, RCPT, DATA, QUIT. Each
message takes `delay` seconds to accept, as a real relay takes a little, so that a test can stop the
sender in the middle of a mailing. `RelayGoingDown` drops its connection after some messages and then
turns every new one away; `nothing_listening()` is a port that refuses connections; `SilentServer` takes
them and never answers.
"""

import socket
import socketserver
import threading
import time


class SMTPStandIn:
    def __init__(self, delay=0.0):
        self.delay = delay
        self.recipients = []
        self.lock = threading.Lock()
        standin = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                self.reply("220 stand-in ESMTP")
                envelope = []
                while line := self.rfile.readline():
                    command = line.decode("ascii", "replace").strip()
                    verb = command[:4].upper()
                    if verb == "EHLO":
                        self.reply("250-stand-in")
                        self.reply("250 8BITMIME")
                    elif verb == "RCPT":
                        envelope.append(command.partition(":")[2].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        while self.rfile.readline() not in (b".\r\n", b""):
                            pass
                        time.sleep(standin.delay)
                        with standin.lock:
                            standin.recipients.extend(envelope)
                        envelope = []
                        self.reply("250 OK: queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    elif verb == "RSET":
                        envelope = []
                        self.reply("250 OK")
                    else:  # HELO, MAIL, NOOP
                        self.reply("250 OK")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def received(self):
        with self.lock:
            return list(self.recipients)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()


class RelayGoingDown(SMTPStandIn):
    """The stand-in relay, which drops its connection after accepting `accept` messages and then answers
    every new one "421" (service not available) until `up()`."""

    def __init__(self, accept):
        super().__init__()
        self.accept = accept
        self.down = False
        relay = self

        class Handler(self.server.RequestHandlerClass):
            def handle(self):
                if relay.down:
                    self.reply("421 stand-in: service not available")
                    return
                super().handle()

            def reply(self, line):
                super().reply(line)
                accepted = len(relay.received())
                if line.startswith("250 OK: queued") and relay.accept and accepted >= relay.accept:
                    relay.down = True
                    self.connection.shutdown(socket.SHUT_RDWR)

        self.server.RequestHandlerClass = Handler

    def up(self):
        self.accept = None
        self.down = False


def nothing_listening():
    """A local port where no server listens: connecting to it is refused."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


class SilentServer:
    """A server that accepts connections and never says a word, as a mail server that hangs: a client
    without a time limit would wait for its greeting forever."""

    def __enter__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.port = self.socket.getsockname()[1]
        return self

    def __exit__(self, *exc_info):
        self.socket.close()
