"""The library's admin: its items are pages (the explorer, under the library), and files of items are
loaded at `knowledge_import:upload` by those who may publish in the library."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .import_views import ImportPreviewView, ImportUploadView, may_import


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


class LibraryImportViewSet(ViewSet):
    name = "knowledge_import"
    url_prefix = "library/import"
    icon = "upload"
    menu_label = _("Import library items")
    menu_name = "library-import"
    menu_order = 170
    menu_item_class = ImportMenuItem
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", ImportUploadView.as_view(), name="upload"),
            path("<slug:token>/", ImportPreviewView.as_view(), name="preview"),
        ]

    @cached_property
    def menu_url(self):
        return reverse("knowledge_import:upload")


@hooks.register("register_admin_viewset")
def register_library_import():
    return LibraryImportViewSet()
