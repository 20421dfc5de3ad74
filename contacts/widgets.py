"""A form widget that chooses several records through Wagtail's chooser modal.

For the engagement form's cities, organisations and participants (many-to-many fields with thousands
of candidates): the page carries the chosen few as hidden inputs, and more are chosen in the modal of
a chooser widget, in its multiple-choice mode, as Wagtail's MultipleChooserPanel does for inline
panels. The browser side is a Stimulus controller (contacts/static/contacts/js/multiple-chooser.js)
that unpacks the chooser through telepath: no inline script.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from wagtail.admin.telepath import JSContext


class MultipleChooser(forms.Widget):
    """`chooser`: the dotted path of a chooser widget class (a subclass of Wagtail's BaseChooser),
    resolved and instantiated when the form is shown, in the user's language."""

    template_name = "contacts/widgets/multiple_chooser.html"
    allow_multiple_selected = True

    def __init__(self, chooser, attrs=None):
        super().__init__(attrs)
        self.chooser_path = chooser

    def get_chooser(self):
        return import_string(self.chooser_path)()

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # as for a multiple select: nothing chosen is a value

    def use_required_attribute(self, initial):
        return False

    def format_value(self, value):
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        return [str(item) for item in value if item not in (None, "")]

    def chosen(self, values):
        """(id, label) of the chosen records that exist among the field's choices, in the given order."""
        queryset = self.choices.queryset
        keys = []
        for value in values:
            try:
                keys.append(queryset.model._meta.pk.to_python(value))
            except ValidationError:
                continue
        found = queryset.in_bulk(keys)
        label = self.choices.field.label_from_instance
        return [(found[key].pk, label(found[key])) for key in keys if key in found]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chooser = self.get_chooser()
        context["widget"].update(
            chosen=self.chosen(context["widget"]["value"]),
            chooser=chooser,
            chooser_definition=json.dumps(JSContext().pack(chooser)),
            title_key=chooser.display_title_key,
        )
        return context

    @property
    def media(self):
        context = JSContext()
        context.pack(self.get_chooser())
        return context.media + forms.Media(js=["contacts/js/multiple-chooser.js"])
