"""The Mailings listing: what each row offers (a draft is edited and sent, a record only read), and its
CSV and XLSX downloads, which hold the columns it shows, in words (network/exports.py); the Segments
listing's order."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.snippets.views.snippets import IndexView

from contacts.listing_order import AlphabeticalOrderingMixin
from network.admin_search import AccentInsensitiveIndexView, AccentInsensitiveSearchMixin
from network.exports import ReadableExportMixin

from .views import PREVIEW_URL_NAME, SEND_PERMISSION


class MailingIndexView(AccentInsensitiveSearchMixin, ReadableExportMixin, IndexView):
    """A mailing that left the draft state offers neither Edit nor Delete (DraftOnlyMixin): its title
    leads to its page, which shows what it did. Every mailing offers its preview, a draft also Send.
    The downloads follow the listing's search and filters and, like it, need the view permission."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("segment")

    def get_list_more_buttons(self, instance):
        buttons = [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Preview"), url=reverse(PREVIEW_URL_NAME, args=[instance.pk]), icon_name="view", priority=25
            ),
        ]
        if instance.is_draft and self.request.user.has_perm(SEND_PERMISSION):
            send_url = reverse("wagtailsnippets_mailings_mailing:send", args=[instance.pk])
            buttons.append(MenuItem(_("Send…"), url=send_url, icon_name="mail", priority=5))
        return buttons

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if instance.is_draft else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if instance.is_draft else None


class SegmentIndexView(AlphabeticalOrderingMixin, AccentInsensitiveIndexView):
    """Segments by name in a dictionary's order, accents and case aside, by default and by the Name column,
    as the contacts and organisations are (a plain ORDER BY puts "Zona andina" before "alcaldes")."""

    alphabetical_orderings = {None: ["name"], "name": ["name"]}
