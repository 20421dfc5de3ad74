"""Loading a reporting framework from a file: the project's import views (network/imports/views.py) with
the framework's importer, under `progress_import:`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from network.imports import views

from .framework_import import FrameworkImporter

IMPORTERS = {"framework": FrameworkImporter()}


class FrameworkImport:
    importers = IMPORTERS
    url_namespace = "progress_import"
    heading = gettext_lazy("Import a reporting framework")


class ImportUploadView(FrameworkImport, views.ImportUploadView):
    template_name = "progress/admin/import_upload.html"


class ImportPreviewView(FrameworkImport, views.ImportPreviewView):
    nothing_to_import = gettext_lazy("Nothing to import: every question of this file is already as it says.")

    def listing_url(self, kind):
        return reverse("wagtailsnippets_progress_question:list")
