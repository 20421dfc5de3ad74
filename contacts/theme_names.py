"""Themes named in the reader's admin language in the engagement log's forms and filters.

Engagements are tagged with a theme's original (default-language) row, so the fields choose among the
originals; they show each one under its translation in the active language where one exists
(cities.themes.theme_labels), sorted by that name, and still give the original's id. The names cost one
query per field, or per request where the field knows it (filters).
"""

import django_filters
from django import forms
from django.utils.functional import cached_property

from cities.themes import name_in, original_themes, request_theme_labels


class InLabelOrder:
    """A choice iterator's themes in the alphabetical order of their names; the empty choice first.

    The empty choice (and a filter's null choice) comes before any query: a select widget reads the first
    choice alone to decide on its `required` attribute, which would otherwise read the themes twice. The
    themes are then read with one plain query, all of them at once since they are sorted anyway (Django's
    iterator would open a server-side cursor on PostgreSQL: three round trips for a dozen rows).
    """

    def leading_choices(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)

    def __iter__(self):
        yield from self.leading_choices()
        order = {theme_id: index for index, theme_id in enumerate(self.field.theme_labels)}
        for theme in sorted(self.queryset, key=lambda theme: order.get(theme.pk, len(order))):
            yield self.choice(theme)


class ThemeNames:
    """For a model choice field of original themes: each named in the active language."""

    request = None

    @cached_property
    def theme_labels(self):
        return request_theme_labels(self.request)

    def label_from_instance(self, obj):
        return name_in(self.theme_labels, obj)


class ThemeChoiceIterator(InLabelOrder, forms.models.ModelChoiceIterator):
    pass


class ThemeMultipleChoiceField(ThemeNames, forms.ModelMultipleChoiceField):
    iterator = ThemeChoiceIterator


class ThemeFilterIterator(InLabelOrder, django_filters.fields.ModelChoiceIterator):
    """A filter's choices are every original theme (its queryset), so they are its names' themes: offered
    from the names alone, in their order, with no query of the themes (the chosen one is still validated
    against the queryset). The empty and null choices first, as InLabelOrder gives them."""

    def __iter__(self):
        yield from self.leading_choices()
        for theme_id, label in self.field.theme_labels.items():
            yield (theme_id, label.name)

    def __len__(self):
        return len(list(self.leading_choices())) + len(self.field.theme_labels)


class ThemeFilterField(ThemeNames, django_filters.fields.ModelChoiceField):
    iterator = ThemeFilterIterator


class ThemeFilter(django_filters.ModelChoiceFilter):
    """A listing's or report's theme: engagements are tagged with the original, never a translation."""

    field_class = ThemeFilterField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=original_themes(), **kwargs)

    @property
    def field(self):
        """The field shares the request's theme names with the page's other names (one query)."""
        field = super().field
        field.request = self.get_request()
        return field


def named_themes(field):
    """A copy of a form's themes field (a model many-to-many field's own) naming the themes."""
    return ThemeMultipleChoiceField(
        queryset=field.queryset,
        required=field.required,
        label=field.label,
        help_text=field.help_text,
        widget=field.widget,
    )
