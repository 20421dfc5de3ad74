"""A name is what people see on a certificate, a badge and every e-mail ("Hola, …"): the registration form
drops the invisible characters that come at its ends (zero-width spaces, direction marks, a byte-order
mark, any whitespace), and refuses a name with no letter to show as it refuses an empty one."""

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Contact
from events.city_views import RegisterSomeoneForm
from events.forms import RegistrationForm
from events.models import EventPage, Registration
from events.staff_views import AddAttendeeForm
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# Zero-width space, zero-width no-break space (a byte-order mark), left-to-right and right-to-left marks,
# word joiner, soft hyphen (all Unicode format characters), no-break and ideographic spaces, a tab.
INVISIBLE = "\u200b\ufeff\u200e\u200f\u2060\u00ad\u00a0\u3000\t"


def register_url(event):
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    return f"{english.url}register/"


def post(client, **names):
    event = EventFactory(capacity=10)
    data = {"email": "ana@example.org", "language": "en", "family_name": "", **names}
    return client.post(register_url(event), data)


@pytest.mark.parametrize(
    "given_name", [INVISIBLE, "\u200b", "\u200b \u200c\u200d", "\u3164", "\ufeff-\u200b"]
)
def test_a_name_with_nothing_to_show_is_refused_as_an_empty_one(client, given_name):
    empty = post(client, given_name="")
    response = post(client, given_name=given_name)

    assert response.status_code == empty.status_code == 400
    assert response.context["form"].errors["given_name"] == empty.context["form"].errors["given_name"]
    assert [error.code for error in response.context["form"].errors.as_data()["given_name"]] == ["required"]
    assert not Registration.objects.exists()
    assert not Contact.objects.exists()


def test_the_invisible_characters_at_the_ends_of_a_name_are_dropped(client):
    response = post(client, given_name=f"{INVISIBLE}Ana\u200b", family_name=f"\u200ePérez López{INVISIBLE}")

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.name == "Ana Pérez López"
    contact = Contact.objects.get()
    assert (contact.given_name, contact.family_name) == ("Ana", "Pérez López")


def test_a_family_name_of_invisible_characters_only_is_no_family_name(client):
    response = post(client, given_name="Ana", family_name=INVISIBLE)

    assert response.status_code == 302
    assert Registration.objects.get().name == "Ana"


def test_the_characters_inside_a_name_stay_as_written():
    # A zero-width non-joiner inside a word is spelling in some languages; only the ends are cleaned.
    form = RegistrationForm(
        {"given_name": "\u200bMe\u200cna\u200b", "email": "ana@example.org", "language": "es"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["given_name"] == "Me\u200cna"


@pytest.mark.parametrize("form_class", [AddAttendeeForm, RegisterSomeoneForm], ids=["staff", "focal point"])
def test_staff_and_focal_points_forms_read_names_the_same_way(form_class):
    given, family = form_class.base_fields["given_name"], form_class.base_fields["family_name"]

    with pytest.raises(ValidationError) as refused:
        given.clean(f"{INVISIBLE}\u200b")
    assert refused.value.code == "required"
    assert given.clean(f"\u200bAna{INVISIBLE}") == "Ana"
    assert family.clean(f"{INVISIBLE}-") == ""
