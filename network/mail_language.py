"""Wagtail's moderation e-mails in each recipient's language, the site's for an account that chose none.

Wagtail writes each notification in the recipient's admin language, and for an account without one in the
language active while it sends: that of whoever submitted, approved or rejected the page, so staff who
chose no language read a Portuguese focal point's submission in Portuguese. Our own e-mails are sent by the
worker, where the site's language is active (LANGUAGE_CODE); Wagtail's are sent with it active too, and each
recipient's chosen language still wins.

Wagtail connects its notifiers to its workflow signals under dispatch_uids of its own; ours take their place
under the same ones, whichever of the two is connected first (a signal keeps the first receiver of a
dispatch_uid). Comment notifications, which Wagtail's editor sends without a signal, are left as they are.
"""

from django.conf import settings
from django.utils import translation
from wagtail.admin import signal_handlers as wagtail_notifications
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

# Each of Wagtail's e-mail notifiers: the signal and sender it answers, and the dispatch_uid it is connected
# with (wagtail/admin/signal_handlers.py).
WAGTAIL_NOTIFIERS = (
    (
        task_submitted,
        TaskState,
        wagtail_notifications.task_submission_email_notifier,
        "group_approval_task_submitted_email_notification",
    ),
    (
        workflow_submitted,
        WorkflowState,
        wagtail_notifications.workflow_submission_email_notifier,
        "workflow_state_submitted_email_notification",
    ),
    (
        workflow_rejected,
        WorkflowState,
        wagtail_notifications.workflow_rejection_email_notifier,
        "workflow_state_rejected_email_notification",
    ),
    (
        workflow_approved,
        WorkflowState,
        wagtail_notifications.workflow_approval_email_notifier,
        "workflow_state_approved_email_notification",
    ),
)


class InSiteLanguage:
    """A notifier run with the site's language active."""

    def __init__(self, notifier):
        self.notifier = notifier

    def __call__(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return self.notifier(*args, **kwargs)


def send_wagtail_notifications_in_site_language():
    for signal, sender, notifier, dispatch_uid in WAGTAIL_NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(InSiteLanguage(notifier), sender=sender, dispatch_uid=dispatch_uid, weak=False)
