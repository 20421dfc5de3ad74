"""A focal point's view of events: the people of their own city registered for events, their state and
the days they were present, and a form to register someone of their city (of their choice, for a focal
point of several cities) for an open event.

Nothing about other cities, and no contact details beyond what the focal point types in: no e-mail
addresses, accessibility needs or online links of anyone.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cities.focal_points import cities_of, city_language
from cities.models import CityPage, in_default_language
from cities.ordering import by_name
from contacts.models import ContactEmail

from . import registration as service
from .forms import NameField
from .models import SITE_LANGUAGE, EventLanguage, EventPage, Registration
from .not_invited import tell_not_invited


class RegisterSomeoneForm(forms.Form):
    event = forms.ModelChoiceField(label=gettext_lazy("Event"), queryset=EventPage.objects.none())
    given_name = NameField(label=gettext_lazy("Given name"), max_length=100)
    family_name = NameField(label=gettext_lazy("Family name"), max_length=100, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=255, required=False)
    role = forms.CharField(label=gettext_lazy("Role"), max_length=200, required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=EventLanguage.choices)
    city = forms.ModelChoiceField(
        label=gettext_lazy("City"), queryset=CityPage.objects.none(), empty_label=None
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        if len(cities) > 1:
            self.fields["city"].queryset = CityPage.objects.filter(
                pk__in=[city.pk for city in cities]
            ).order_by(by_name(), "pk")
        else:  # The focal point's one city, asked of nobody.
            del self.fields["city"]
        now = timezone.now()
        open_events = [
            event.pk
            for event in EventPage.objects.live().filter(ends_at__gt=now, **in_default_language())
            if event.registration_is_open(now)
        ]
        self.fields["event"].queryset = EventPage.objects.filter(pk__in=open_events).order_by("starts_at")


def titles_in(language_code, events):
    """Each event's title in a language of the site (its live translation's), by the event's id; the
    original's for an event not translated. One query for them all."""
    translated = dict(
        EventPage.objects.live()
        .filter(
            translation_key__in=[event.translation_key for event in events],
            locale__language_code=language_code,
        )
        .values_list("translation_key", "title")
    )
    return {event.pk: translated.get(event.translation_key, event.title) for event in events}


def city_of_address(email):
    """The city of the CRM contact an address finds (the oldest, as registering picks it), or None."""
    found = (
        ContactEmail.objects.filter(address__iexact=email.strip())
        .select_related("contact__city")
        .order_by("contact_id")
        .first()
    )
    return found.contact.city if found else None


def registered_elsewhere(event, email, cities):
    """Whether the address's registration for the event is of none of `cities`."""
    registrations = event.registrations.active().filter(email__iexact=email.strip())
    return not registrations.filter(city__in=cities).exists()


class CityRegistrationsView(WagtailAdminTemplateMixin, FormView):
    template_name = "events/admin/city_registrations.html"
    form_class = RegisterSomeoneForm
    page_title = gettext_lazy("Events: people of my city")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.cities = list(cities_of(request.user)) if request.user.is_authenticated else []
        if not self.cities:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        """The page's title as its visible heading, after "Home", as on our other admin pages."""
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_initial(self):
        """The person's e-mails in their city's language unless the focal point chooses another."""
        site_language = city_language(self.cities[0])
        return {"language": next(code for code, site in SITE_LANGUAGE.items() if site == site_language)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cities": self.cities}

    def get_context_data(self, **kwargs):
        registrations = (
            Registration.objects.filter(city__in=self.cities)
            .select_related("event", "city")
            .annotate(days_present=Count("check_ins__day", distinct=True))
            .order_by("-event__starts_at", "name", "pk")
        )
        registrations = list(registrations[:500])
        titles = titles_in(translation.get_language(), {registration.event for registration in registrations})
        for registration in registrations:
            registration.event_title = titles[registration.event_id]
        return super().get_context_data(cities=self.cities, registrations=registrations, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        event = data["event"]
        city = data.get("city") or self.cities[0]
        # An event's list may invite people of other cities: whether an address outside the focal point's
        # cities is on it is not theirs to learn, from the answer or from their list. Such an address
        # invited is registered for its own contact's city, as if it had registered itself.
        address_city = city_of_address(data["email"])
        own_people = address_city in self.cities
        if event.registration == EventPage.Registration.INVITATION and not own_people:
            city = address_city
        registrant = service.Registrant(
            given_name=data["given_name"],
            family_name=data["family_name"],
            email=data["email"],
            organisation=data["organisation"],
            role=data["role"],
            city=city,
            language=data["language"],
        )
        try:
            service.register(event, registrant)
        except service.AlreadyRegistered as refused:
            if not registered_elsewhere(event, data["email"], self.cities):
                form.add_error(None, str(refused))
                return self.form_invalid(form)
            # Another city's registration (or one without a city) is not the focal point's to know of:
            # as the public form does, the e-mail to the address says where it stands.
            service.tell_already_registered(event, data["email"])
        except service.NotInvited as refused:
            # Their own city's people on the list or not, the focal point sees in their list anyway.
            if own_people:
                form.add_error(None, str(refused))
                return self.form_invalid(form)
            tell_not_invited(event, data["email"], data["language"])
        except service.RegistrationRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        # The same words whether the address was registered now, already for another city, or is not on an
        # invitation list, so that they tell the focal point nothing of other cities' registrations or
        # invitations; their own list shows their own.
        messages.success(
            self.request,
            _(
                "%(email)s: we sent this address an e-mail about the event and its registration. Your "
                "city's registrations are listed below."
            )
            % data,
        )
        return redirect(reverse("events_city:registrations"))


city_registrations = CityRegistrationsView.as_view()
