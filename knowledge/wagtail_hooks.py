"""The library's admin: its items are pages (the explorer, under the library), and files of items are
loaded at `knowledge_import:upload`, offered in the library page's header to those who may publish
there (a button rather than a menu item: no admin page pays for the check but the library's)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet

from .import_views import ImportPreviewView, ImportUploadView
from .models import ResourceIndexPage


class LibraryImportViewSet(ViewSet):
    name = "knowledge_import"
    url_prefix = "library/import"
    icon = "upload"

    def get_urlpatterns(self):
        return [
            path("", ImportUploadView.as_view(), name="upload"),
            path("<slug:token>/", ImportPreviewView.as_view(), name="preview"),
        ]


class ImportButton(PageMenuItem):
    label = _("Import library items")
    icon_name = "upload"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, ResourceIndexPage) and (
            self.page.permissions_for_user(user).can_publish_subpage()
        )

    @property
    def url(self):
        return reverse("knowledge_import:upload")


@hooks.register("register_admin_viewset")
def register_library_import():
    return LibraryImportViewSet()


@hooks.register("register_page_header_buttons")
def library_header_buttons(page, user, view_name, next_url=None):
    yield ImportButton(page=page, priority=70)
