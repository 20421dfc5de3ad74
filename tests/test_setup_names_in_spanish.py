"""The staff group and the collections setup makes are named in Spanish, the site's first language: Wagtail's
screens show their stored names as they are (privacy dialogs, the groups and collections listings, user
forms, choosers), in the admin's every language. A site set up with the former English names gets the Spanish
ones on its next setup, each the same row (its permissions, members and files kept), never a second one."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Collection

from cities.permissions import STAFF_GROUP_NAME
from contacts.attachments import ensure_engagement_files_collection
from contacts.models import Engagement
from progress.evidence import evidence_collection

pytestmark = pytest.mark.django_db


def setup_network():
    call_command("setup_network", "--no-cities", "--demo-accounts", stdout=io.StringIO())


def test_the_staff_group_is_named_in_spanish():
    assert Group.objects.filter(name="Equipo del UIL").exists()
    assert not Group.objects.filter(name="UIL staff").exists()


def test_a_staff_group_with_its_former_english_name_is_renamed_by_setup(staff_user, medellin):
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    Group.objects.filter(pk=group.pk).update(name="UIL staff")
    permissions = set(group.permissions.values_list("pk", flat=True))

    setup_network()

    (renamed,) = Group.objects.filter(name__in=["UIL staff", STAFF_GROUP_NAME])
    assert renamed.pk == group.pk and renamed.name == "Equipo del UIL"
    assert set(renamed.permissions.values_list("pk", flat=True)) == permissions
    assert set(renamed.user_set.values_list("username", flat=True)) == {staff_user.username, "staff"}


def test_a_city_s_first_evidence_finds_the_staff_group_by_its_former_name(medellin):
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    Group.objects.filter(pk=group.pk).update(name="UIL staff")

    restriction = evidence_collection(medellin).get_view_restrictions().get()

    assert set(restriction.groups.all()) == {group, medellin.access.group}
    assert set(Group.objects.filter(name__in=["UIL staff", STAFF_GROUP_NAME])) == {group}


COLLECTIONS = {
    "Learning Cities": "Ciudades del Aprendizaje",
    "Progress report evidence": "Evidencias de los informes de progreso",
}


def collections_of(city):
    """The city's media and evidence collections, by the former name of the collection they are under."""
    return {"Learning Cities": city.access.collection, "Progress report evidence": evidence_collection(city)}


def test_the_cities_and_evidence_collections_are_named_in_spanish(medellin):
    names = {former: child.get_parent().name for former, child in collections_of(medellin).items()}
    assert names == COLLECTIONS


@pytest.mark.parametrize(("former", "name"), COLLECTIONS.items())
def test_a_collection_with_its_former_english_name_is_renamed_by_setup(medellin, former, name):
    child = collections_of(medellin)[former]
    parent = child.get_parent()
    Collection.objects.filter(pk=parent.pk).update(name=former)

    setup_network()

    (renamed,) = Collection.objects.filter(name__in=[former, name])
    assert renamed.pk == parent.pk and renamed.name == name
    assert Collection.objects.get(pk=child.pk).get_parent() == renamed


@pytest.mark.parametrize(("former", "name"), COLLECTIONS.items())
def test_a_city_added_before_setup_ran_again_goes_under_the_former_collection(
    medellin, make_city, former, name
):
    """A city added, or its first evidence file uploaded, on a site not set up again yet: no second parent."""
    parent = collections_of(medellin)[former].get_parent()
    Collection.objects.filter(pk=parent.pk).update(name=former)

    added = collections_of(make_city("Cali"))[former]

    (renamed,) = Collection.objects.filter(name__in=[former, name])
    assert renamed.pk == parent.pk and added.get_parent() == renamed


def test_the_engagement_files_collection_is_named_in_spanish():
    assert ensure_engagement_files_collection().name == "Archivos del registro de interacciones"


def test_the_engagement_files_collection_with_its_former_english_name_is_renamed_by_setup():
    collection = ensure_engagement_files_collection()
    restriction = collection.get_view_restrictions().get()
    Collection.objects.filter(pk=collection.pk).update(name="Engagement log files")

    setup_network()

    (renamed,) = Collection.objects.filter(
        name__in=["Engagement log files", "Archivos del registro de interacciones"]
    )
    assert renamed.pk == collection.pk and renamed.name == "Archivos del registro de interacciones"
    assert list(renamed.get_view_restrictions()) == [restriction]
    assert set(restriction.groups.values_list("name", flat=True)) == {STAFF_GROUP_NAME}


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_an_engagement_s_files_field_names_the_collection_as_stored(language):
    with translation.override(language):
        help_text = str(Engagement._meta.get_field("documents").help_text)
    assert "“Archivos del registro de interacciones”" in help_text
