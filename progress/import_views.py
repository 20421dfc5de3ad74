"""A reporting framework to and from a file: the project's import views (network/imports/views.py) with
the framework's importer, under `progress_import:`, and the download of a version as the file the import
reads (progress/framework_export.py), under the frameworks' snippet URLs, for whoever may import one."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.widgets.button import Button

from network.imports import views

from . import framework_export
from .framework_import import FrameworkImporter
from .models import Framework

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
        return reverse("wagtailsnippets_progress_framework:list")


def may_download(user):
    """Who may load a framework file may download one: the very same permission."""
    return IMPORTERS["framework"].user_may_import(user)


class FrameworkDownloadView(View):
    """A framework version as a CSV or XLSX file to load back."""

    def get(self, request, pk, file_format):
        if not may_download(request.user):
            raise PermissionDenied
        framework = get_object_or_404(Framework, pk=pk)
        write, content_type = framework_export.WRITERS[file_format]
        disposition = content_disposition_header(True, framework_export.filename(framework, file_format))
        return HttpResponse(
            write(framework), content_type=content_type, headers={"Content-Disposition": disposition}
        )


def download_urlpatterns():
    """For the frameworks' snippet viewset: `download_csv` and `download_xlsx`, by the version's id."""
    view = FrameworkDownloadView.as_view()
    return [
        path(
            f"download/<int:pk>/{file_format}/",
            view,
            {"file_format": file_format},
            name=f"download_{file_format}",
        )
        for file_format in framework_export.WRITERS
    ]


DOWNLOAD_LABELS = {
    "csv": gettext_lazy("Download as CSV"),
    "xlsx": gettext_lazy("Download as XLSX"),
}


def download_buttons(framework, user, priority=50):
    """The version's downloads, for a menu of its row in the listing or of its edit page: none for whoever
    may not load a framework file."""
    if not may_download(user):
        return []
    return [
        Button(
            DOWNLOAD_LABELS[file_format],
            url=reverse(f"wagtailsnippets_progress_framework:download_{file_format}", args=[framework.pk]),
            icon_name="download",
            priority=priority + number,
        )
        for number, file_format in enumerate(framework_export.WRITERS)
    ]
