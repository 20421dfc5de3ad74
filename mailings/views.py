"""The admin views of segments and mailings: who is in a segment, what a mailing did, and "Send".

Why this module is long: the mailing's pages (its page, editor, preview and send page) share its rules
(a draft only is changed, who may send, where each leads next), and each is a few small overrides of
Wagtail's views; kept together they read as one path from writing a mailing to sending it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView

from contacts.edit_forms import colleague_label
from network.inspect_views import ReadableInspectView

from .models import VERSION_TAGS, Delivery, Mailing
from .recipients import audience
from .sending import SITE_LANGUAGE, AlreadySent, message_text, queue_mailing
from .state import delivery_state

MEMBERS_PER_PAGE = 50
NOT_DELIVERED_PER_PAGE = 50
NOT_DELIVERED = [Delivery.Status.FAILED, Delivery.Status.INTERRUPTED, Delivery.Status.SKIPPED]
CRM_READ_PERMISSION = "contacts.view_contact"
SEND_PERMISSION = "mailings.send_mailing"
SEND_ACTION = "mailings.send"
PREVIEW_URL_NAME = "wagtailsnippets_mailings_mailing:preview"
# The editor's actions that save the draft, then go on to its preview or its send page (wagtail_hooks.py).
SAVE_AND_PREVIEW = "action-save-and-preview"
SAVE_AND_SEND = "action-save-and-send"


def preview_button(mailing):
    return HeaderButton(_("Preview"), url=reverse(PREVIEW_URL_NAME, args=[mailing.pk]), icon_name="view")


def everyone_in(segment, figures=None):
    """The warning that a segment without criteria holds every contact; None when it has criteria."""
    if segment.has_criteria():
        return None
    figures = figures or audience(segment.members())
    return _(
        "“%(segment)s” has no criteria, so it holds every contact in the CRM: %(total)s now, %(reachable)s "
        "of whom a mailing would reach. Add criteria to the segment to narrow it down."
    ) % {"segment": segment.name, **figures}


class SegmentSavedMixin:
    """After a segment is saved, a warning beside Wagtail's confirmation when it holds every contact."""

    def save_action(self):
        if not self.expects_json_response and (warning := everyone_in(self.object)):
            messages.warning(self.request, warning)
        return super().save_action()


class SegmentCreateView(SegmentSavedMixin, CreateView):
    pass


class SegmentEditView(SegmentSavedMixin, EditView):
    pass


class DashForEmptyMixin:
    """Every empty field reads "—" (Wagtail shows an empty list as "-" and an empty text as nothing)."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in ("", "-") else value


class SegmentInspectView(DashForEmptyMixin, ReadableInspectView):
    """The segment's members, paginated, with how many a mailing would reach."""

    template_name = "mailings/admin/segment_inspect.html"

    def get_countries_display_value(self):
        # django-countries' display method is for one country; a segment may name several.
        return ", ".join(str(country.name) for country in self.object.countries)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = self.object.members()
        context["audience"] = audience(members)
        context["everyone"] = everyone_in(self.object, context["audience"])
        context["members"] = Paginator(
            members.select_related("organisation", "city").order_by("family_name", "given_name", "pk"),
            MEMBERS_PER_PAGE,
        ).get_page(self.request.GET.get("p"))
        # Which mailings keep the segment from being deleted (on_delete=PROTECT), newest first.
        if self.request.user.has_perm("mailings.view_mailing"):
            context["mailings"] = self.object.mailings.all()
        return context


class MailingInspectView(DashForEmptyMixin, ReadableInspectView):
    template_name = "mailings/admin/mailing_inspect.html"

    @cached_property
    def header_buttons(self):
        return [*super().header_buttons, preview_button(self.object)]

    # Each version is read in its own language; the messages keep their lines, as the editor and the e-mail
    # show them (Wagtail joins them).
    def get_field_display_value(self, field_name, field):
        kind, _underscore, code = field_name.rpartition("_")
        is_version = kind in ("subject", "body") and code in VERSION_TAGS
        text = getattr(self.object, field_name) if is_version else None
        if not text:
            return super().get_field_display_value(field_name, field)
        return format_html('<span lang="{}">{}</span>', VERSION_TAGS[code], linebreaksbr(text))

    # Colleagues by name, with the username that tells two apart, as the engagement log names them.
    def get_created_by_display_value(self):
        return colleague_label(self.object.created_by) if self.object.created_by else "—"

    def get_sent_by_display_value(self):
        return colleague_label(self.object.sent_by) if self.object.sent_by else "—"

    def get_edit_url(self):
        return super().get_edit_url() if self.object.is_draft else None  # a record: see DraftOnlyMixin

    def get_delete_url(self):
        return super().get_delete_url() if self.object.is_draft else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mailing = self.object
        if mailing.is_draft:
            context["audience"] = audience(mailing.segment.members())
            context["everyone"] = everyone_in(mailing.segment, context["audience"])
        else:
            context.update(delivery_state(mailing))
            if self.request.user.has_perm(CRM_READ_PERMISSION):
                context["not_delivered"] = not_delivered(mailing, self.request.GET.get("p"))
        context["send_url"] = (
            mailing.is_draft
            and self.request.user.has_perm(SEND_PERMISSION)
            and reverse("wagtailsnippets_mailings_mailing:send", args=[mailing.pk])
        )
        return context


def not_delivered(mailing, page_number):
    """A page of the deliveries that did not reach their person: failed, interrupted, then not sent, each
    by name. Names and addresses are the CRM's: the caller checks that the user may read it."""
    order = Case(*(When(status=status, then=rank) for rank, status in enumerate(NOT_DELIVERED)))
    deliveries = (
        mailing.deliveries.filter(status__in=NOT_DELIVERED)
        .select_related("contact")
        .order_by(order, "contact__family_name", "contact__given_name", "pk")
    )
    return Paginator(deliveries, NOT_DELIVERED_PER_PAGE).get_page(page_number)


class DraftOnlyMixin:
    """A mailing that left the draft state is a record: it is neither edited nor deleted."""

    def dispatch(self, request, *args, **kwargs):
        mailing = get_object_or_404(Mailing, pk=kwargs.get("pk"))
        if not mailing.is_draft:
            messages.error(
                request,
                _("This mailing is no longer a draft (%(status)s): it can no longer be changed.")
                % {"status": mailing.get_status_display()},
            )
            return redirect("wagtailsnippets_mailings_mailing:inspect", mailing.pk)
        return super().dispatch(request, *args, **kwargs)


class SegmentDeleteView(DeleteView):
    """A segment that mailings use is kept (on_delete=PROTECT). Wagtail's confirmation page says so and offers
    no button; a delete sent from a confirmation opened before the mailing was written gets the reason, where
    Wagtail would answer "no permission"."""

    def form_valid(self, form):
        if self.usage and self.usage.is_protected:
            messages.error(self.request, _("Mailings use this segment: it was not deleted."))
            return redirect(self.request.path)
        return super().form_valid(form)


class NextStepMixin:
    """After a save, the step the editor chose: the draft's preview or its send page (SAVE_AND_…)."""

    def get_success_url(self):
        for action, step in ((SAVE_AND_PREVIEW, "preview"), (SAVE_AND_SEND, "send")):
            if action in self.request.POST:
                return reverse(f"wagtailsnippets_mailings_mailing:{step}", args=[self.object.pk])
        return super().get_success_url()


class MailingCreateView(NextStepMixin, CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class MailingEditView(NextStepMixin, DraftOnlyMixin, EditView):
    @cached_property
    def header_buttons(self):
        return [*super().header_buttons, preview_button(self.object)]


class MailingDeleteView(DraftOnlyMixin, DeleteView):
    pass


def nobody_to_reach():
    """Why a mailing is not sent: it would be spent on nobody, since a mailing goes out once."""
    return _(
        "Nobody in the segment would receive it: it was not sent and is still a draft. Add people to the "
        "segment, or their addresses and legal basis under Contacts, then send it."
    )


def not_a_draft(mailing):
    """Why a mailing cannot be sent (again): it is queued, being sent or sent."""
    return _("This mailing is no longer a draft (%(status)s): it goes out only once.") % {
        "status": mailing.get_status_display()
    }


class MailingPageMixin:
    """A page of one mailing (send, preview) under the mailing in the breadcrumbs, so that its title and
    the mailing's are in view and lead back, as on Wagtail's own pages of a snippet."""

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {
                "url": reverse("wagtailsnippets_mailings_mailing:list"),
                "label": capfirst(Mailing._meta.verbose_name_plural),
            },
            {
                "url": reverse("wagtailsnippets_mailings_mailing:inspect", args=[self.mailing.pk]),
                "label": str(self.mailing),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class SendView(MailingPageMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: what will be sent to how many people; POST: queue it. The request sends no e-mail."""

    model = Mailing
    permission_required = "view"
    template_name = "mailings/admin/mailing_send.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SEND_PERMISSION):
            raise PermissionDenied
        self.mailing = get_object_or_404(Mailing, pk=kwargs["pk"])
        if not self.mailing.is_draft:
            messages.error(request, not_a_draft(self.mailing))
            return redirect("wagtailsnippets_mailings_mailing:inspect", self.mailing.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Send mailing")

    def get_page_subtitle(self):
        return self.mailing.subject_es

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = audience(self.mailing.segment.members())
        context.update(
            mailing=self.mailing,
            audience=figures,
            everyone=everyone_in(self.mailing.segment, figures),
            nobody_to_reach=nobody_to_reach(),
        )
        return context

    def post(self, request, pk):
        if not audience(self.mailing.segment.members())["reachable"]:
            messages.error(request, nobody_to_reach())
            return redirect("wagtailsnippets_mailings_mailing:inspect", self.mailing.pk)
        try:
            queue_mailing(self.mailing, request.user)
        except AlreadySent:
            self.mailing.refresh_from_db()
            messages.error(request, not_a_draft(self.mailing))
        else:
            log(self.mailing, SEND_ACTION, user=request.user)
            messages.success(
                request,
                _("“%(subject)s” is queued: it goes out in the background; this page shows its progress.")
                % {"subject": self.mailing.subject_es},
            )
        return redirect("wagtailsnippets_mailings_mailing:inspect", self.mailing.pk)


# The versions of a mailing, in the editor's order: code, language tag of the text, heading, who reads it,
# and what happens when it is not written (Spanish is always written).
VERSIONS = [
    (
        "es",
        "es",
        gettext_lazy("Spanish"),
        gettext_lazy("For people who read Spanish, and for anyone whose language has no version of its own."),
        None,
    ),
    (
        "pt",
        "pt-BR",
        gettext_lazy("Portuguese"),
        gettext_lazy("For people who read Portuguese."),
        gettext_lazy("Not written in Portuguese: people who read Portuguese receive the Spanish version."),
    ),
    (
        "en",
        "en",
        gettext_lazy("English"),
        gettext_lazy("For people who read English."),
        gettext_lazy("Not written in English: people who read English receive the Spanish version."),
    ),
]


def preview_text(mailing, code):
    """A version's text as sending renders it, with a placeholder where each person's own unsubscribe
    link goes."""
    language, _subject, body = mailing.version_for(code)
    with translation.override(SITE_LANGUAGE[language]):
        link = _("[personal link to unsubscribe: each person receives their own]")
    return message_text(body, language, link)


class PreviewView(MailingPageMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each language's version as its recipients read it, footer included; readable by whoever may see
    the mailing (staff), in any state: for a draft, what will go out; afterwards, what went out."""

    model = Mailing
    permission_required = "view"
    template_name = "mailings/admin/mailing_preview.html"
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        self.mailing = get_object_or_404(Mailing, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Preview of the mailing")

    def get_page_subtitle(self):
        return self.mailing.subject_es

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = []
        for code, tag, name, readers, not_written in VERSIONS:
            written, subject, _body = self.mailing.version_for(code)
            versions.append(
                {
                    "code": code,
                    "tag": tag,
                    "name": name,
                    "written": written == code,
                    "readers": readers,
                    "not_written": not_written,
                    "subject": subject,
                    "text": preview_text(self.mailing, code) if written == code else "",
                }
            )
        context.update(
            mailing=self.mailing,
            versions=versions,
            inspect_url=reverse("wagtailsnippets_mailings_mailing:inspect", args=[self.mailing.pk]),
            edit_url=self.mailing.is_draft
            and self.request.user.has_perm("mailings.change_mailing")
            and reverse("wagtailsnippets_mailings_mailing:edit", args=[self.mailing.pk]),
            send_url=self.mailing.is_draft
            and self.request.user.has_perm(SEND_PERMISSION)
            and reverse("wagtailsnippets_mailings_mailing:send", args=[self.mailing.pk]),
        )
        return context
