"""The page editor's form of the pages focal points edit: their city's page and its good practices."""

from wagtail.admin.forms import WagtailAdminPageForm

from network.chosen_media import ChosenMediaFormMixin
from network.withheld_fields import WithheldFieldsFormMixin


class FocalPointPageForm(WithheldFieldsFormMixin, ChosenMediaFormMixin, WagtailAdminPageForm):
    """Whatever revision the form starts from (a revert starts from an older one), a user without the
    permission of a staff-only field cannot change it; and they may use only the images and documents
    of their own collections (or those the page already has)."""
