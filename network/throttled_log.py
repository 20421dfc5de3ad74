"""A log message written at most once per interval, whatever the number of requests that meet the problem.

A dependency that is down fails every request: one line per request would bury the log (thousands a
second under load). The next line after the interval says how many were left out.
"""

import threading
import time


class ThrottledLog:
    def __init__(self, logger, seconds=60):
        self.logger = logger
        self.seconds = seconds
        self.next_at = float("-inf")
        self.left_out = 0
        self.lock = threading.Lock()

    def warning(self, message, *args, **kwargs):
        now = time.monotonic()
        with self.lock:
            if now < self.next_at:
                self.left_out += 1
                return
            self.next_at = now + self.seconds
            left_out, self.left_out = self.left_out, 0
        if left_out:
            message = f"{message} (%d similar messages left out in the last %d s)"
            args = (*args, left_out, self.seconds)
        self.logger.warning(message, *args, **kwargs)

    def reset(self):
        with self.lock:
            self.next_at = float("-inf")
            self.left_out = 0
