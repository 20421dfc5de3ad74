"""The background worker's start, which apps hook into to pick up what a stopped worker left undone.

`manage.py run_worker` sends `worker_starting` before it runs any queued task; each receiver returns a
line for the worker's output, or None when it had nothing to do.
"""

from django.dispatch import Signal

worker_starting = Signal()
