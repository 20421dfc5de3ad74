"""The search's filters by type, theme and country: checked, applied, and offered with result counts.

The filters live in the query string (?type=event&theme=<slug>&country=MX). Like the directory's, a bad
value is reported next to its filter and ignored. Each filter's options are counted over the results of
the text with the other filters applied, so every option says how many results choosing it gives; the
counts take a few queries per searchable type, however many results or options there are.
"""

from collections import Counter
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .types import SEARCHABLE_TYPES, TYPES_BY_KEY

FACETS = ("type", "theme", "country")


class FacetForm(forms.Form):
    type = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=100)
    country = forms.CharField(label=_("Country"), required=False, max_length=2)

    def __init__(self, *args, theme_labels, **kwargs):
        """`theme_labels`: {original theme id: ThemeLabel} in the page's language (cities.themes)."""
        super().__init__(*args, **kwargs)
        self.theme_labels = theme_labels
        self.fields["type"].choices = [("", "")] + [(t.key, t.plural) for t in SEARCHABLE_TYPES]

    def clean_theme(self):
        slug = self.cleaned_data["theme"]
        if slug and slug not in {label.slug for label in self.theme_labels.values()}:
            raise forms.ValidationError(_("There is no theme “%(slug)s”."), params={"slug": slug})
        return slug

    def clean_country(self):
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(
                _("%(code)s is not a country code (ISO 3166-1 alpha-2, e.g. MX)."), params={"code": code}
            )
        return code

    @property
    def criteria(self):
        """The valid filters: {facet: value}, invalid or empty ones left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in FACETS if cleaned.get(name)}


def any_type(condition):
    """A filter of pages: those of any searchable type whose own model matches `condition(type)`."""
    return reduce(
        or_, (Q(pk__in=t.model.objects.filter(condition(t)).values("pk")) for t in SEARCHABLE_TYPES)
    )


FILTERS = {
    "type": lambda key: Q(content_type_id=TYPES_BY_KEY[key].content_type_id),
    "theme": lambda slug: any_type(lambda t: t.with_theme(slug)),
    "country": lambda code: any_type(lambda t: Q(**{t.country: code})),
}


def filtered(pages, criteria, leave_out=None):
    for name, value in criteria.items():
        if name != leave_out:
            pages = pages.filter(FILTERS[name](value))
    return pages


def types_in(criteria):
    return [TYPES_BY_KEY[criteria["type"]]] if "type" in criteria else list(SEARCHABLE_TYPES)


def type_counts(pages):
    per_content_type = dict(pages.order_by().values_list("content_type_id").annotate(count=Count("pk")))
    return {t.key: per_content_type.get(t.content_type_id, 0) for t in SEARCHABLE_TYPES}


def country_counts(pages, types):
    counts = Counter()
    ids = pages.order_by().values("pk")
    for searchable in types:
        rows = (
            searchable.model.objects.filter(pk__in=ids)
            .exclude(**{searchable.country: None})
            .values_list(searchable.country)
            .annotate(count=Count("pk", distinct=True))
            .order_by()
        )
        counts.update(dict(rows))
    return counts


def theme_counts(pages, types, theme_labels):
    counts = Counter()
    ids = pages.order_by().values("pk")
    for searchable in types:
        for theme_ids in searchable.theme_ids(searchable.model.objects.filter(pk__in=ids)).values():
            counts.update(theme_labels[pk].slug for pk in theme_ids if pk in theme_labels)
    return counts


def facet_options(pages, criteria, theme_labels, query):
    """Each facet's options with their counts and links, for the template.

    `pages`: every page matching the text (search.engine.pages_among); `query`: the request's QueryDict
    (the links keep its other parameters).
    """
    types = type_counts(filtered(pages, criteria, leave_out="type"))
    in_countries = country_counts(filtered(pages, criteria, leave_out="country"), types_in(criteria))
    themes = theme_counts(filtered(pages, criteria, leave_out="theme"), types_in(criteria), theme_labels)
    type_options = [(t.key, t.plural, types[t.key]) for t in SEARCHABLE_TYPES]
    country_options = sorted(
        ((code, countries.name(code), count) for code, count in in_countries.items()),
        key=lambda option: str(option[1]),
    )
    theme_options = [
        (label.slug, label.name, themes[label.slug])
        for label in theme_labels.values()
        if label.slug in themes
    ]
    return [
        facet("type", _("Kind"), _("All kinds"), type_options, criteria, query),
        facet("theme", _("Theme"), _("All themes"), theme_options, criteria, query),
        facet("country", _("Country"), _("All countries"), country_options, criteria, query),
    ]


def facet(name, label, everything, options, criteria, query):
    chosen = criteria.get(name, "")
    shown = [(value, text, count) for value, text, count in options if count or value == chosen]
    return {
        "name": name,
        "label": label,
        "options": [
            {"label": everything, "url": link(query, name, ""), "selected": not chosen, "count": None},
            *(
                {"label": text, "url": link(query, name, value), "selected": value == chosen, "count": count}
                for value, text, count in shown
            ),
        ],
    }


def link(query, name, value):
    """The query string with this facet set to `value` (or removed), back on the first page."""
    changed = query.copy()
    changed.pop("page", None)
    changed.pop(name, None)
    if value:
        changed[name] = value
    return f"?{changed.urlencode()}"
