"""Evidence files of progress reports are private and stay as they were sent: each city's go to its own
evidence collection, which only UIL staff and the city's focal points may open, and which a focal point
can neither change nor delete; files uploaded before are moved there by `setup_network`."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from progress import reports
from progress.evidence import FORMER_EVIDENCE_COLLECTION, evidence_collection, move_evidence
from progress.models import Answer, EvidenceCollection
from tests.private_world import body_of
from tests.progress_data import make_cycle, make_framework, question

pytestmark = pytest.mark.django_db

PLAN = b"%PDF-1.4 plan de ciudad del aprendizaje"


@pytest.fixture
def files_on_disk(settings, tmp_path):
    """Wagtail serves documents from a file path: the in-memory storage of the tests has none."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def report(medellin, framework, focal_point_a):
    return reports.start_report(medellin, make_cycle(framework), focal_point_a)


def upload_plan(client, report, framework):
    """The focal point saves the report with a file for question 3.3-d; returns the stored document."""
    report.refresh_from_db()
    data = {"version": report.version, "action": "save", f"q{question(framework, '1.1-a').pk}": "2"}
    data[f"q{question(framework, '3.3-d').pk}"] = SimpleUploadedFile("plan.pdf", PLAN, "application/pdf")
    assert client.post(reverse("progress_city:edit", args=[report.pk]), data).status_code == 302
    return Answer.objects.get(report=report, question__code="3.3-d").document


def test_an_evidence_file_goes_to_the_city_s_evidence_collection_and_stays_on_a_save(
    client, focal_point_a, medellin, report, framework
):
    client.force_login(focal_point_a)
    document = upload_plan(client, report, framework)
    assert document.collection == evidence_collection(medellin)
    assert document.collection != medellin.access.collection
    report.refresh_from_db()
    data = {"version": report.version, "action": "save", f"q{question(framework, '1.1-a').pk}": "3"}
    client.post(reverse("progress_city:edit", args=[report.pk]), data)
    assert Answer.objects.get(report=report, question__code="3.3-d").document == document


@pytest.mark.usefixtures("files_on_disk")
def test_only_staff_and_the_city_s_focal_points_open_an_evidence_file(
    client, focal_point_a, focal_point_b, staff_user, report, framework
):
    client.force_login(focal_point_a)
    document = upload_plan(client, report, framework)
    assert body_of(client.get(document.url)) == PLAN.decode()
    client.force_login(staff_user)
    assert body_of(client.get(document.url)) == PLAN.decode()
    for visitor in (focal_point_b, None):
        client.logout()
        if visitor:
            client.force_login(visitor)
        response = client.get(document.url)
        assert response.status_code in (302, 403)
        assert PLAN.decode() not in body_of(response)


def test_a_focal_point_can_neither_change_nor_delete_an_evidence_file_nor_list_it(
    client, focal_point_a, report, framework
):
    client.force_login(focal_point_a)
    document = upload_plan(client, report, framework)
    listing = client.get(reverse("wagtaildocs:index"))
    assert listing.status_code == 200 and document.title not in listing.content.decode()
    replaced = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 REPLACED", "application/pdf")
    client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "otro", "collection": document.collection_id, "file": replaced, "tags": ""},
    )
    client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    document.refresh_from_db()
    assert document.title.endswith("plan.pdf") and document.file.read() == PLAN


def test_a_restriction_admitting_the_city_elsewhere_does_not_move_its_evidence(
    client, focal_point_a, bogota, report, framework
):
    """An administrator admits Medellín's group to Bogotá's evidence collection too: Medellín's files
    still go to Medellín's own collection, and Bogotá's collection stays Bogotá's."""
    bogota_evidence = evidence_collection(bogota)
    bogota_evidence.get_view_restrictions().get().groups.add(report.city.access.group)
    client.force_login(focal_point_a)
    document = upload_plan(client, report, framework)
    assert document.collection != bogota_evidence
    assert document.collection == evidence_collection(report.city)
    assert evidence_collection(bogota) == bogota_evidence


def test_evidence_collections_made_before_their_link_are_linked_to_their_city(medellin, bogota):
    """Before the link existed, a city's evidence collection was the first one restricted to its group, under
    the evidence collection's former English name."""
    made_before = evidence_collection(medellin)
    EvidenceCollection.objects.all().delete()
    Collection.objects.filter(pk=made_before.get_parent().pk).update(name=FORMER_EVIDENCE_COLLECTION)
    link_migration = importlib.import_module("progress.migrations.0004_evidencecollection")

    link_migration.link_existing_collections(django_apps, schema_editor=None)

    assert EvidenceCollection.objects.get().city == medellin
    assert evidence_collection(medellin) == made_before
    assert evidence_collection(bogota) not in (made_before, medellin.access.collection)


def test_a_city_s_evidence_collection_cannot_be_deleted_while_linked(client, superuser, medellin):
    collection = evidence_collection(medellin)
    client.force_login(superuser)
    response = client.post(reverse("wagtailadmin_collections:delete", args=[collection.pk]), follow=True)
    assert "Other records still use this (Evidence collections)" in body_of(response)
    assert EvidenceCollection.objects.get(city=medellin).collection == collection


def test_setup_moves_earlier_evidence_out_of_the_city_s_media_collection(
    focal_point_a, staff_user, medellin, report, framework
):
    Document = get_document_model()
    media = medellin.access.collection

    def stored(title, name):
        return Document.objects.create(title=title, file=ContentFile(PLAN, name=name), collection=media)

    in_answer, only_submitted = stored("Plan", "plan.pdf"), stored("Anterior", "anterior.pdf")
    photo = stored("Foto", "foto.pdf")
    reports.save_answers(
        report,
        {
            question(framework, "1.1-a"): reports.Value(3),
            question(framework, "3.3-a"): reports.Value(True),
            question(framework, "3.3-d"): reports.Value(only_submitted.pk),
        },
        report.version,
        focal_point_a,
    )
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    report = reports.return_for_corrections(report, report.version, {}, "Otro archivo", staff_user)
    new_file = {question(framework, "3.3-d"): reports.Value(in_answer.pk)}
    reports.save_answers(report, new_file, report.version, focal_point_a)

    assert move_evidence() == 2

    evidence = evidence_collection(medellin)
    for document in (in_answer, only_submitted, photo):
        document.refresh_from_db()
    assert in_answer.collection == only_submitted.collection == evidence
    assert photo.collection == media, "the city's other files stay where they are"
    assert move_evidence() == 0


def test_a_file_sent_with_a_refused_save_is_not_kept(client, focal_point_a, staff_user, report, framework):
    client.force_login(focal_point_a)
    opened_at = report.version
    reports.save_answers(report, {question(framework, "1.1-a"): reports.Value(4)}, report.version, staff_user)
    data = {"version": opened_at, "action": "save", f"q{question(framework, '1.1-a').pk}": "2"}
    data[f"q{question(framework, '3.3-d').pk}"] = SimpleUploadedFile(
        "plan-refused-save.pdf", PLAN, "application/pdf"
    )

    response = client.post(
        reverse("progress_city:edit", args=[report.pk]), data, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 409
    assert not get_document_model().objects.exists()
    _folders, files = default_storage.listdir("documents")
    assert not [name for name in files if name.startswith("plan-refused-save")]
