"""What a mailing that left the draft state has done so far: its deliveries counted by state, the reasons
of those not sent and the mail server's problem, for its page (views.MailingInspectView) and for the
fragment that page reads again while the mailing is queued or being sent (`StateView`,
templates/mailings/admin/mailing_state.html, static/mailings/js/mailing-state.js).

Two queries at most, counted by the database: the page is read every few seconds while a mailing goes out.
"""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .models import Delivery, Mailing

IN_PROGRESS = (Mailing.Status.QUEUED, Mailing.Status.SENDING)


def delivery_state(mailing):
    """The context of templates/mailings/admin/mailing_state.html for a mailing past its draft."""
    counts = dict(mailing.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    reasons = {}
    if counts.get(Delivery.Status.SKIPPED):
        reasons = dict(
            mailing.deliveries.filter(status=Delivery.Status.SKIPPED)
            .values_list("reason")
            .annotate(n=Count("pk"))
            .order_by()
        )
    state = {
        "in_progress": mailing.status in IN_PROGRESS,
        "delivery_counts": [
            (label, counts[value]) for value, label in Delivery.Status.choices if counts.get(value)
        ],
        "skipped_reasons": [
            (label, reasons[value]) for value, label in Delivery.Reason.choices if reasons.get(value)
        ],
    }
    if mailing.server_error and mailing.status != Mailing.Status.SENT:
        state["server_problem"] = server_problem(mailing, counts.get(Delivery.Status.PENDING, 0))
    return state


def server_problem(mailing, waiting):
    """Why a mailing being sent is not going out: the mail server could not be reached."""
    since = date_format(timezone.localtime(mailing.server_failing_since), "DATETIME_FORMAT")
    text = ngettext(
        "The mail server could not be reached (since %(since)s): %(error)s. %(count)s message is waiting: "
        "it goes out when the server answers, without sending anyone the message twice.",
        "The mail server could not be reached (since %(since)s): %(error)s. %(count)s messages are "
        "waiting: they go out when the server answers, without sending anyone the message twice.",
        waiting,
    ) % {"since": since, "error": mailing.server_error, "count": waiting}
    if mailing.retry_at:
        text += " " + _("Next try: %(time)s") % {
            "time": date_format(timezone.localtime(mailing.retry_at), "DATETIME_FORMAT")
        }
    return text


@method_decorator(never_cache, name="dispatch")
class StateView(PermissionCheckedMixin, TemplateView):
    """The mailing's state alone, for whoever may open its page; a draft has none (404)."""

    model = Mailing
    any_permission_required = ["add", "change", "delete", "view"]
    template_name = "mailings/admin/mailing_state.html"

    def get_context_data(self, **kwargs):
        mailing = get_object_or_404(Mailing.objects.exclude(status=Mailing.Status.DRAFT), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "object": mailing, **delivery_state(mailing)}
