"""Selects written in Python for the engagement log's filters and forms.

Through the form templates (`FORM_RENDERER` is `TemplatesSetting`) every option costs a template
render: for the 5,000 cities and 3,000 contacts of a large network that was most of a page's time.
The markup is that of Django's select templates.
"""

from functools import lru_cache
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django_filters.conf import settings as filter_settings

from cities.city_list import city_list


def option_html(value, label, selected):
    marked = " selected" if selected else ""
    return f'<option value="{escape(str(value))}"{marked}>{escape(str(label))}</option>'


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        options = "".join(
            option_html(option, label, str(option) in selected) for option, label in self.choices
        )
        return self.select_html(name, options, attrs)

    def select_html(self, name, options, attrs):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>')


class PlainSelectMultiple(PlainSelect, forms.SelectMultiple):
    pass


@lru_cache(maxsize=1)
def city_options_html(cities):
    """The options of the city list the process keeps, written once per list."""
    return "".join(option_html(pk, title, False) for pk, title in cities.choices)


class CitySelect(PlainSelect):
    """Every city's original as the process keeps them written (cities/city_list.py), with the chosen
    ones marked: neither page objects nor a pass over the field's choices."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        cities = city_list()
        options = city_options_html(cities)
        for pk in selected & cities.ids:
            options = options.replace(f'<option value="{pk}">', f'<option value="{pk}" selected>', 1)
        if not self.allow_multiple_selected:
            options = option_html("", filter_settings.EMPTY_CHOICE_LABEL, "" in selected) + options
        return self.select_html(name, options, attrs)


class CitySelectMultiple(CitySelect, forms.SelectMultiple):
    pass
