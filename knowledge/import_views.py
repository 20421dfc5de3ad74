"""Loading library items from a file: the project's import views (network/imports/views.py) with the
library's importer, under `knowledge_import:`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from network.imports import views

from .imports import ResourceImporter, library

IMPORTERS = {"resources": ResourceImporter()}


class LibraryImport:
    importers = IMPORTERS
    url_namespace = "knowledge_import"
    heading = gettext_lazy("Import library items")


class ImportUploadView(LibraryImport, views.ImportUploadView):
    template_name = "knowledge/admin/import_upload.html"


class ImportPreviewView(LibraryImport, views.ImportPreviewView):
    nothing_to_import = gettext_lazy("Nothing to import: every item of this file is already in the library.")

    def listing_url(self, kind):
        return reverse("wagtailadmin_explore", args=(library().pk,))
