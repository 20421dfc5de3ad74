"""The choosers of the framework's parts (a cycle's framework, an area's framework, a focus area's area, a
question's focus area and feature), worded in each user's language and tolerant of a tampered value
(network/choosers.py): before, English and Portuguese editors could read "Seleccionar marco de referencia
para informes", and a value that is no id gave HTTP 500.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from network.choosers import NamedChooseView, TolerantSnippetChooser


class FrameworkChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_view_class = NamedChooseView
    choose_one_text = _("Choose a reporting framework")
    choose_another_text = _("Choose another reporting framework")
    edit_item_text = _("Edit this reporting framework")


class AreaChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_view_class = NamedChooseView
    choose_one_text = _("Choose an area")
    choose_another_text = _("Choose another area")
    edit_item_text = _("Edit this area")


class FocusAreaChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_view_class = NamedChooseView
    choose_one_text = _("Choose a focus area")
    choose_another_text = _("Choose another focus area")
    edit_item_text = _("Edit this focus area")


class FeatureChooserViewSet(SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_view_class = NamedChooseView
    choose_one_text = _("Choose a feature")
    choose_another_text = _("Choose another feature")
    edit_item_text = _("Edit this feature")
