"""A local SMTP server for tests of real processes: it accepts every message and keeps its recipients.

Django's SMTP backend (smtplib) speaks to it as to a mail relay: EHLO, MAIL, RCPT, DATA, QUIT. Each
message takes `delay` seconds to accept, as a real relay takes a little, so that a test can stop the
sender in the middle of a mailing.
"""

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
