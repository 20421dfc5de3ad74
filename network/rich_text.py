"""The admin's rich-text editor (Draftail), named by its field's label.

Wagtail 8.0.1 labels a rich-text field with a `<label for>` pointing at the hidden input that Draftail
replaces: the editable area that people type in (`role="textbox"`) has no accessible name, which a screen
reader announces as a bare "edit text" and axe reports (aria-input-field-name; Wagtail issue #14205).
Wagtail's field template gives the label the id `<field id>-label`, and Draftail takes the ids that name
its editable area as its `ariaLabelledBy` option: this widget passes that option, with the editor's own
options, for every rich-text field (`WAGTAILADMIN_RICH_TEXT_EDITORS` in the settings).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        if field_id:
            options = {**self.options, "ariaLabelledBy": f"{field_id}-label"}
            detail = json.dumps(options, cls=DjangoJSONEncoder)
            context["widget"]["attrs"]["data-w-init-detail-value"] = detail
        return context
