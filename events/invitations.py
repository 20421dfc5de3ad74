"""Inviting a segment to an event: a draft mailing (the CRM's mailings) that staff review and send.

The invitation names the event and links to its registration form in each language; for registration
by invitation, the segment is the event's invited segment, so that the people who receive it are the
people who may register.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Locale

from mailings.models import Mailing

from .models import SITE_LANGUAGE, EventPage

REQUIRED_PERMISSIONS = ("mailings.add_mailing",)
# Subjects written in each language (not through the catalogues): every version must exist in its own
# language, whatever language staff read the admin in.
SUBJECTS = {
    "es": "Invitación: %(title)s",
    "pt": "Convite: %(title)s",
    "en": "Invitation: %(title)s",
}


def may_invite(user):
    return all(user.has_perm(permission) for permission in REQUIRED_PERMISSIONS)


def invitation_mailing(event, user):
    """A new draft mailing to the event's invited segment, in the three languages."""
    texts = {}
    for code, subject in SUBJECTS.items():
        language = SITE_LANGUAGE[code]
        locale = Locale.objects.filter(language_code=language).first()
        page = event.get_translation_or_none(locale) or event
        with translation.override(language):
            context = {
                "event": page,
                "starts": timezone.localtime(event.starts_at, event.zone),
                "register_url": page.get_full_url() + "register/",
                "page_url": page.get_full_url(),
            }
            texts[f"body_{code}"] = render_to_string(f"events/admin/invitation_{code}.txt", context)
        texts[f"subject_{code}"] = subject % {"title": page.title}
    mailing = Mailing.objects.create(segment=event.invited_segment, created_by=user, **texts)
    log(mailing, "wagtail.create", user=user)
    return mailing


class InviteView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what the invitation will be; POST: write it as a draft mailing."""

    template_name = "events/admin/invite.html"
    page_title = gettext_lazy("Invite a segment")
    header_icon = "mail"

    def dispatch(self, request, event_id):
        if not may_invite(request.user):
            raise PermissionDenied
        self.event = get_object_or_404(EventPage, pk=event_id).original()
        return super().dispatch(request, event_id)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]), "label": self.event.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, segment=self.event.invited_segment, **kwargs)

    def post(self, request, event_id):
        event = self.event
        if event.invited_segment is None:
            messages.error(request, _("Choose the segment to invite in the event's Registration tab first."))
            return redirect("wagtailadmin_pages:edit", event.pk)
        mailing = invitation_mailing(event, request.user)
        messages.success(request, _("The invitation is a draft: review it, then send it."))
        return redirect("wagtailsnippets_mailings_mailing:edit", mailing.pk)


invite = InviteView.as_view()
