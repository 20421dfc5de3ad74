"""A file answer replaced in a report being written (a new file uploaded, or "Remove the file" ticked): the
file it replaced is deleted once the save commits, when nothing refers to it any more; one that a
submission of the report, another report, an engagement or a page still names stays, and a refused save
deletes nothing."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from progress import reports
from progress.models import Answer
from tests.factories import EngagementFactory, EventFactory
from tests.progress_data import make_cycle, make_framework, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("files_on_disk")]

PLAN, NEW_PLAN = b"%PDF-1.4 plan de la ciudad", b"%PDF-1.4 plan nuevo de la ciudad"


@pytest.fixture
def files_on_disk(settings, tmp_path):
    """Files in a folder, so that a deleted document's file can be seen gone (the tests' in-memory storage
    is not the one Wagtail's clean-up task builds from its settings)."""
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


@pytest.fixture
def saves(client, focal_point_a, django_capture_on_commit_callbacks):
    """Save the report's editor as its focal point, with what is run once the save commits: (report, extra
    form fields, expected status) → the response."""
    client.force_login(focal_point_a)

    def save(report, fields, status=302, version=None):
        report.refresh_from_db()
        framework = report.cycle.framework
        data = {
            "version": report.version if version is None else version,
            "action": "save",
            f"q{question(framework, '1.1-a').pk}": "2",
            f"q{question(framework, '3.3-a').pk}": "yes",
        }
        data.update({f"{name}{question(framework, '3.3-d').pk}": value for name, value in fields.items()})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("progress_city:edit", args=[report.pk]), data)
        assert response.status_code == status
        return response

    return save


def upload(name, content=PLAN):
    return {"q": SimpleUploadedFile(name, content, "application/pdf")}


def file_answer(report):
    return Answer.objects.get(report=report, question__code="3.3-d").document


def still_there(document):
    return get_document_model().objects.filter(pk=document.pk).exists() and default_storage.exists(
        document.file.name
    )


def test_a_file_replaced_in_a_draft_is_deleted_with_its_file(saves, report):
    saves(report, upload("plan.pdf"))
    first = file_answer(report)

    saves(report, upload("plan-nuevo.pdf", NEW_PLAN))

    assert file_answer(report).file.read() == NEW_PLAN
    assert not get_document_model().objects.filter(pk=first.pk).exists()
    assert not default_storage.exists(first.file.name)


def test_a_file_removed_from_a_draft_is_deleted_with_its_file(saves, report):
    saves(report, upload("plan.pdf"))
    first = file_answer(report)

    saves(report, {"clear_": "on"})

    assert file_answer(report) is None
    assert not get_document_model().objects.filter(pk=first.pk).exists()
    assert not default_storage.exists(first.file.name)


def test_a_file_the_report_was_submitted_with_stays_when_replaced_after_its_return(
    saves, report, focal_point_a, staff_user
):
    saves(report, upload("plan.pdf"))
    submitted = file_answer(report)
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    reports.return_for_corrections(report, report.version, {}, "Otro plan, por favor", staff_user)

    saves(report, upload("plan-nuevo.pdf", NEW_PLAN))

    assert file_answer(report).file.read() == NEW_PLAN
    assert still_there(submitted)


def test_a_file_of_the_accepted_version_stays_when_replaced_in_a_new_version(
    saves, report, focal_point_a, staff_user
):
    saves(report, upload("plan.pdf"))
    accepted = file_answer(report)
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    report = reports.accept(report, report.version, staff_user)
    reports.reopen(report, report.version, focal_point_a)

    saves(report, {"clear_": "on"})

    assert file_answer(report) is None
    assert still_there(accepted)


def test_a_file_carried_over_from_the_accepted_report_stays_when_replaced(
    saves, report, framework, medellin, focal_point_a, staff_user
):
    saves(report, upload("plan.pdf"))
    accepted = file_answer(report)
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    reports.accept(report, report.version, staff_user)
    later_cycle = make_cycle(framework, name="2028–2029", opens_in_days=-1, due_in_days=90)
    later = reports.start_report(medellin, later_cycle, focal_point_a)
    assert file_answer(later) == accepted

    saves(later, upload("plan-nuevo.pdf", NEW_PLAN))

    assert file_answer(later).file.read() == NEW_PLAN
    assert file_answer(report) == accepted
    assert still_there(accepted)


def test_a_file_an_engagement_holds_stays_when_replaced(saves, report, medellin):
    saves(report, upload("plan.pdf"))
    attached = file_answer(report)
    engagement = EngagementFactory(cities=[medellin])
    engagement.documents.add(attached)
    engagement.save()  # a ClusterableModel's many-to-many values reach the database when it is saved

    saves(report, {"clear_": "on"})

    assert file_answer(report) is None
    assert still_there(attached)


def test_a_file_a_page_links_to_stays_when_replaced(saves, report):
    saves(report, upload("plan.pdf"))
    linked = file_answer(report)
    EventFactory(materials=[("document", {"document": linked, "title": "Plan"})])

    saves(report, upload("plan-nuevo.pdf", NEW_PLAN))

    assert still_there(linked)


def test_a_file_outside_the_evidence_collections_stays_when_replaced(saves, report, medellin, staff_user):
    """A file of the city's media (answers named such files before the evidence collections existed)."""
    media_file = get_document_model().objects.create(
        title="Foto", file=ContentFile(PLAN, name="foto.pdf"), collection=medellin.access.collection
    )
    reports.save_answers(
        report,
        {question(report.cycle.framework, "3.3-d"): reports.Value(media_file.pk)},
        report.version,
        staff_user,
    )

    saves(report, upload("plan-nuevo.pdf", NEW_PLAN))

    assert still_there(media_file)


def test_a_save_refused_as_stale_deletes_nothing(saves, report, staff_user):
    saves(report, upload("plan.pdf"))
    kept = file_answer(report)
    report.refresh_from_db()
    opened_at = report.version
    reports.save_answers(
        report, {question(report.cycle.framework, "1.1-a"): reports.Value(4)}, opened_at, staff_user
    )

    saves(report, {"clear_": "on"}, status=409, version=opened_at)

    assert file_answer(report) == kept
    assert still_there(kept)


def test_a_save_with_a_file_and_its_removal_deletes_nothing(saves, report):
    saves(report, upload("plan.pdf"))
    kept = file_answer(report)

    saves(report, {**upload("plan-nuevo.pdf", NEW_PLAN), "clear_": "on"}, status=400)

    assert file_answer(report) == kept
    assert still_there(kept)
