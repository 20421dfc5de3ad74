"""Importing contacts or engagements: the project's import views (network/imports/views.py) with the
CRM's importers, under `contacts_import:`."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.imports import views

from .importers import IMPORTERS

LISTING_URLS = {
    "contacts": "wagtailsnippets_contacts_contact:list",
    "engagements": "wagtailsnippets_contacts_engagement:list",
}


def importable_kinds(user):
    """The kinds of import this user may run: contacts, engagements, both or neither."""
    return views.importable_kinds(IMPORTERS, user)


class CrmImport:
    importers = IMPORTERS
    url_namespace = "contacts_import"
    heading = gettext_lazy("Import contacts or engagements")


class ImportUploadView(CrmImport, views.ImportUploadView):
    template_name = "contacts/admin/import_upload.html"


class ImportPreviewView(CrmImport, views.ImportPreviewView):
    nothing_to_import = gettext_lazy(
        "Nothing to import: everything in this file is already in the engagement log."
    )
    new_records_label = gettext_lazy("New organisations to create:")

    def listing_url(self, kind):
        return reverse(LISTING_URLS[kind])

    def imported_message(self, plan):
        message = super().imported_message(plan)
        if plan.new_records:
            message += " " + _("New organisations: %(names)s.") % {
                "names": ", ".join(new.name for new in plan.new_records)
            }
        return message
