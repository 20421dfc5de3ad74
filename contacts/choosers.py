"""Choosers of the engagement log: Wagtail's chooser modals, for UIL staff only, with a search box and
the columns that tell records apart.

- Cities: every city once, by its original page (`CityPage.objects.originals()`), searched by name or
  region. Registered as the widget of every foreign key to a city (a contact's city, a role's city, an
  organisation's city) and used by the listings' city filters and the engagement form.
- Contacts (with organisation, city and e-mail), organisations and engagements: the snippet choosers,
  searched in the database (these models are not in Wagtail's search index).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as generic_chooser
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from cities.models import CityPage
from cities.ordering import by_name
from network.admin_search import matching_words
from network.choosers import NamedChooseView, TolerantChooser, TolerantSnippetChooser

from .models import Contact, Organisation
from .permissions import works_with_the_log


class SearchForm(BaseFilterForm):
    """Wagtail's search box for a chooser, answered by the database: every word of the query is found
    in one of `lookups`, case and accents aside (network/admin_search.py)."""

    q = SearchFilterMixin.base_fields["q"]
    lookups = ()

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
        return matching_words(objects, query, self.lookups)


class ChooserListing:
    """The modal's listing: the title, then the viewset's columns; searched through `search_lookups`."""

    extra_columns = ()
    search_lookups = ()

    def get_filter_form_class(self):
        return type("SearchForm", (SearchForm,), {"lookups": self.search_lookups})

    @property
    def columns(self):
        return [self.title_column, *self.extra_columns]


class ChooseView(ChooserListing, generic_chooser.ChooseView):
    pass


class ChooseResultsView(ChooserListing, generic_chooser.ChooseResultsView):
    pass


class SnippetChooseView(ChooserListing, NamedChooseView):
    pass


class SnippetChooseResultsView(ChooserListing, snippet_chooser.ChooseResultsView):
    pass


class StaffChooserMixin:
    """Wagtail's chooser views check only the permission to create: each view of these choosers first
    asks `user_may_choose`."""

    extra_columns = ()
    search_lookups = ()

    def user_may_choose(self, user):
        return policy_registry.get_by_type(self.model).user_has_permission(user, "view")

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            extra_columns=self.extra_columns, search_lookups=self.search_lookups, **kwargs
        )

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not self.user_may_choose(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded


class CityChooserViewSet(StaffChooserMixin, ChooserViewSet):
    model = CityPage
    base_widget_class = TolerantChooser
    icon = "site"
    page_title = CityPage._meta.verbose_name_plural
    # Lazy, so that each user reads them in their language (ChooserViewSet's own are translated at import).
    choose_one_text = _("Choose a city")
    choose_another_text = _("Choose another city")
    edit_item_text = _("Edit this city")
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    per_page = 25
    search_lookups = ("title", "region")
    extra_columns = (
        Column("region", label=_("Region")),
        Column("country", label=_("Country"), accessor="country.name"),
    )

    def get_object_list(self):
        return CityPage.objects.originals().only("title", "region", "country").order_by(by_name(), "pk")

    def get_urlpatterns(self):
        """No "create" view: cities are added to the directory in the page tree."""
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "create"]

    def user_may_choose(self, user):
        return works_with_the_log(user)


city_chooser = CityChooserViewSet("contacts_city_chooser", url_prefix="engagement-log/choose-city")
CityChooser = city_chooser.widget_class


class SnippetChooserBase(StaffChooserMixin, SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser
    choose_view_class = SnippetChooseView
    choose_results_view_class = SnippetChooseResultsView


class EngagementChooserViewSet(SnippetChooserBase):
    choose_one_text = _("Choose an engagement")
    choose_another_text = _("Choose another engagement")
    edit_item_text = _("Edit this engagement")
    search_lookups = ("title",)
    extra_columns = (Column("kind", label=_("Kind"), accessor="get_kind_display"),)


class ContactChooserViewSet(SnippetChooserBase):
    choose_one_text = _("Choose a contact")
    choose_another_text = _("Choose another contact")
    edit_item_text = _("Edit this contact")
    search_lookups = ("given_name", "family_name", "job_title", "emails__address", "organisation__name")
    extra_columns = (
        Column("organisation", label=_("Organisation")),
        Column("city", label=_("City")),
        Column("email_list", label=_("E-mail addresses")),
    )

    def get_object_list(self):
        # By name as a dictionary orders them (cities/ordering.py), not by code point: Álvarez before Zapata.
        return (
            Contact.objects.select_related("organisation", "city")
            .prefetch_related("emails")
            .order_by(by_name("family_name"), by_name("given_name"), "pk")
        )


class OrganisationChooserViewSet(SnippetChooserBase):
    choose_one_text = _("Choose an organisation")
    choose_another_text = _("Choose another organisation")
    edit_item_text = _("Edit this organisation")
    search_lookups = ("name",)
    extra_columns = (
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("country", label=_("Country"), accessor="country.name"),
        Column("city", label=_("City")),
    )

    def get_object_list(self):
        return Organisation.objects.select_related("city").order_by(by_name("name"), "pk")


class ContactChooser(TolerantSnippetChooser):
    model = Contact
    choose_one_text = ContactChooserViewSet.choose_one_text
    choose_another_text = ContactChooserViewSet.choose_another_text
    link_to_chosen_text = ContactChooserViewSet.edit_item_text


class OrganisationChooser(TolerantSnippetChooser):
    model = Organisation
    choose_one_text = OrganisationChooserViewSet.choose_one_text
    choose_another_text = OrganisationChooserViewSet.choose_another_text
    link_to_chosen_text = OrganisationChooserViewSet.edit_item_text
