from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contacts.widgets import MultipleChooser
from network.choosers import NamedChooseView, TolerantSnippetChooser
from network.snippet_breadcrumbs import LazyBreadcrumbsMixin

from . import views
from .bulk_actions import DeleteDraftsBulkAction, DeleteSegmentsBulkAction
from .forms import SegmentForm
from .listing import MailingIndexView, SegmentIndexView
from .models import Mailing, Segment
from .profile_reminders import profile_reminder_viewset
from .state import StateView
from .unsubscribe import UNSUBSCRIBE_ACTION


class SegmentChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_view_class = NamedChooseView
    choose_one_text = _("Choose a segment")
    choose_another_text = _("Choose another segment")
    edit_item_text = _("Edit this segment")


class SegmentViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    # No download of the listing (a name and a description per segment; ?export= is a 404 that says so,
    # network/exports.py): the people a segment reaches are on its inspect page and the contacts' listing.
    model = Segment
    index_view_class = SegmentIndexView
    chooser_viewset_class = SegmentChooserViewSet
    icon = "group"
    menu_label = _("Segments")
    menu_name = "segments"
    inspect_view_enabled = True
    inspect_view_class = views.SegmentInspectView
    add_view_class = views.SegmentCreateView
    edit_view_class = views.SegmentEditView
    delete_view_class = views.SegmentDeleteView
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("roles"),
            FieldPanel("current_roles_only"),
            FieldPanel("cities", widget=MultipleChooser("contacts.choosers.CityChooser")),
            FieldPanel("countries"),
            FieldPanel("themes"),
            FieldPanel("organisation_kinds"),
            FieldPanel("tags"),
        ],
        base_form_class=SegmentForm,
    )


class SaveAndPreviewMenuItem(ActionMenuItem):
    """Save the draft, then read its preview (views.NextStepMixin)."""

    name = views.SAVE_AND_PREVIEW
    label = _("Save and preview")
    icon_name = "view"


class SaveAndSendMenuItem(ActionMenuItem):
    """Save the draft, then go to its send page (views.NextStepMixin), for whoever may send."""

    name = views.SAVE_AND_SEND
    label = _("Save and send…")
    icon_name = "mail"

    def is_shown(self, context):
        return super().is_shown(context) and context["request"].user.has_perm(views.SEND_PERMISSION)


@hooks.register("register_snippet_action_menu_item")
def save_and_preview(model):
    return SaveAndPreviewMenuItem(order=10) if model is Mailing else None


@hooks.register("register_snippet_action_menu_item")
def save_and_send(model):
    return SaveAndSendMenuItem(order=20) if model is Mailing else None


class MailingViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    model = Mailing
    icon = "mail"
    menu_label = _("Mailings")
    menu_name = "mailings"
    index_view_class = MailingIndexView
    add_view_class = views.MailingCreateView
    edit_view_class = views.MailingEditView
    delete_view_class = views.MailingDeleteView
    inspect_view_enabled = True
    inspect_view_class = views.MailingInspectView
    # The mail server's error is shown above the fields while it matters, and the state as the heading of
    # the section above them (mailing_inspect.html); the database ID tells a reader nothing.
    inspect_view_fields_exclude = ["id", "status", "server_error", "server_failing_since", "retry_at"]
    copy_view_enabled = False
    list_display = ["subject_es", "segment", "status", "finished_at"]
    list_filter = ["status", "segment"]
    # The listing's columns, for its CSV and XLSX downloads (listing.MailingIndexView).
    list_export = list_display
    search_fields = ["subject_es", "subject_pt", "subject_en"]
    search_backend_name = None

    def get_urlpatterns(self):
        send = self.construct_view(views.SendView)
        preview = self.construct_view(views.PreviewView)
        state = self.construct_view(StateView)
        return super().get_urlpatterns() + [
            path("send/<int:pk>/", send, name="send"),
            path("preview/<int:pk>/", preview, name="preview"),
            path("state/<int:pk>/", state, name="state"),
        ]


class MailingsGroup(SnippetViewSetGroup):
    menu_label = _("Mailings")
    menu_name = "mailings"
    menu_icon = "mail"
    menu_order = 160
    items = (MailingViewSet, SegmentViewSet)


register_snippet(MailingsGroup)
# After Wagtail's bulk delete for every snippet (order 0), so that they stand in for it here.
hooks.register("register_bulk_action", DeleteDraftsBulkAction, order=1)
hooks.register("register_bulk_action", DeleteSegmentsBulkAction, order=1)


@hooks.register("register_log_actions")
def register_mailing_actions(actions):
    actions.register_action(views.SEND_ACTION, _("Send mailing"), _("Mailing queued for sending"))
    actions.register_action(UNSUBSCRIBE_ACTION, _("Unsubscribe"), _("Unsubscribed from mailings"))


@hooks.register("register_admin_viewset")
def register_profile_reminder_viewset():
    return profile_reminder_viewset
