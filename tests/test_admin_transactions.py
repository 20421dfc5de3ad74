"""An admin form submission is saved all or nothing: a failing one leaves no trace."""

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from cities.models import Theme
from network.admin_transactions import AtomicAdminWritesMiddleware

pytestmark = pytest.mark.django_db


def submit(path, answer, method="post"):
    def view(request):
        Theme.objects.create(name="Tema a medias", slug="tema-a-medias")
        return answer

    request = getattr(RequestFactory(), method)(path)
    return AtomicAdminWritesMiddleware(view)(request)


def test_a_submission_that_fails_changes_nothing():
    response = submit("/admin/snippets/cities/theme/add/", HttpResponse(status=500))
    assert response.status_code == 500
    assert not Theme.objects.filter(slug="tema-a-medias").exists()


def test_a_submission_that_succeeds_is_saved():
    submit("/admin/snippets/cities/theme/add/", HttpResponseRedirect("/admin/"))
    assert Theme.objects.filter(slug="tema-a-medias").exists()


def test_outside_the_admin_nothing_is_wrapped():
    submit("/search/", HttpResponse(status=500))
    assert Theme.objects.filter(slug="tema-a-medias").exists()
