"""The mail server as the background worker meets it: whether a failed send was the server's fault, whether
the message may have arrived anyway, and when to try again.

Mailings, registration e-mails and follow-up reminders all send through one SMTP connection per task.
When the server cannot be reached, or the connection breaks, every message after the failed one would
fail too: the task stops, leaves the messages it did not hand over waiting and is queued again for later
(`try_again_later`), instead of marking them failed and losing them. A refusal of one message or one recipient
is that message's fault only: it is marked failed and the others go on.
"""

import logging
import smtplib
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta

from django.core import mail
from django.utils import timezone

logger = logging.getLogger(__name__)

# While the server fails, the next try comes after as long as it has been failing, within these.
SHORTEST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


class ServerUnreachable(Exception):
    """The mail server could not be reached, or the connection to it broke: what was not sent waits."""

    def __init__(self, error, sent=0):
        super().__init__(error)
        self.error = error
        self.sent = sent


@contextmanager
def connection_to_the_server():
    """An open connection to the mail server, closed on leaving; raises ServerUnreachable when it cannot
    be opened (refused, no answer within EMAIL_TIMEOUT, a failed login)."""
    connection = mail.get_connection()
    try:
        connection.open()
    except Exception as error:
        raise ServerUnreachable(error) from error
    try:
        yield connection
    finally:
        # Closing a connection the server already dropped fails too; that failure says nothing new.
        with suppress(smtplib.SMTPException, OSError):
            connection.close()


def server_failed(error):
    """Whether a message's failure is the mail server's, which every message after it would meet too: the
    connection broke or timed out, the server is closing it (421), or it refused the sender. A refusal
    of this message or its recipient is not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return nothing_sent(error)
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPSenderRefused)):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def nothing_sent(error):
    """Whether the server turned the message away before its text: the sender refused, or the recipient
    with 421 (the server is closing the connection). Otherwise a broken connection leaves unknown whether
    the message arrived."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code == 421 for code, _reply in error.recipients.values())
    return isinstance(error, smtplib.SMTPSenderRefused)


def next_try(failing_since, now):
    """When to try again: after as long as the server has been failing, from SHORTEST_WAIT to
    LONGEST_WAIT, so that a long outage costs few tries and a short one delays little."""
    return now + min(max(now - failing_since, SHORTEST_WAIT), LONGEST_WAIT)


def try_again_later(task, args, error, failing_since_iso=None):
    """Queue `task` with `args` again, and when the server started failing as its last argument, for
    after as long as it has been failing. Without deferral (the immediate backend, as in tests) that would
    be now, again and again: nothing is queued then."""
    logger.warning("%s%s: the mail server failed (%s); tried again later", task.name, tuple(args), error)
    if not task.get_backend().supports_defer:
        return
    now = timezone.now()
    failing_since = datetime.fromisoformat(failing_since_iso) if failing_since_iso else now
    task.using(run_after=next_try(failing_since, now)).enqueue(*args, failing_since.isoformat())


def send_now_or_later(make_message, task, args, failing_since_iso=None):
    """Send the message `make_message(connection)` builds; when the server fails, queue `task` with
    `args` again for later (`try_again_later`). Returns whether it went out. For a message that may go
    twice rather than never: one whose hand-over broke is tried again too."""
    try:
        with connection_to_the_server() as connection:
            try:
                make_message(connection).send()
            except Exception as error:
                if server_failed(error):
                    raise ServerUnreachable(error) from error
                raise
    except ServerUnreachable as problem:
        try_again_later(task, args, problem.error, failing_since_iso)
        return False
    return True
