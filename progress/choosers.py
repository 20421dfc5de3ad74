"""The choosers of the framework's parts (a cycle's framework, an area's framework, a focus area's area, a
question's focus area and feature), worded in each user's language and tolerant of a tampered value.

Wagtail words a snippet chooser's buttons when the widget is made, and the admin's form classes are built
once per process: after a Spanish first request, English and Portuguese editors read "Seleccionar marco de
referencia para informes". And it looks a posted value up as an id, failing (HTTP 500) on one that is not a
number. (contacts/choosers.py does the same for the CRM's choosers; progress does not import contacts,
which imports progress.)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.widgets import AdminSnippetChooser


class TolerantSnippetChooser(AdminSnippetChooser):
    """The class's texts (lazy, set by the viewsets below) rather than those worded when the widget was
    made; a posted value that is no id chooses nothing, so the form says the field is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chooser = type(self)
        self.choose_one_text = chooser.choose_one_text
        self.choose_another_text = chooser.choose_another_text
        self.link_to_chosen_text = chooser.link_to_chosen_text

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


class FrameworkChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_one_text = _("Choose a reporting framework")
    choose_another_text = _("Choose another reporting framework")
    edit_item_text = _("Edit this reporting framework")


class AreaChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_one_text = _("Choose an area")
    choose_another_text = _("Choose another area")
    edit_item_text = _("Edit this area")


class FocusAreaChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_one_text = _("Choose a focus area")
    choose_another_text = _("Choose another focus area")
    edit_item_text = _("Edit this focus area")


class FeatureChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_one_text = _("Choose a feature")
    choose_another_text = _("Choose another feature")
    edit_item_text = _("Edit this feature")
