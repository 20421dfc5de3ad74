"""A template database built before the catalogues were compiled is not reused once they are.

The setup stores translated names (the site's pages, the themes), so a template built on a fresh clone
before `compilemessages` ran holds English where the site speaks Spanish. Both templates (the suite's and
the one production processes and browser servers start from) are named after a fingerprint that must change
when a compiled catalogue appears or changes.
"""

import pytest

from tests import suite_database, template_database


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with one app, a pin and a Spanish catalogue not yet compiled."""
    (tmp_path / "cities").mkdir()
    (tmp_path / "cities" / "__init__.py").write_text("")
    (tmp_path / "cities" / "models.py").write_text("CITY = 1\n")
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "base.txt").write_text("wagtail==8.0.1\n")
    messages = tmp_path / "locale" / "es" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid "Events"\nmsgstr "Eventos"\n')
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "suite_database.py").write_text("# the module itself counts\n")
    monkeypatch.setattr(template_database, "PROJECT_DIR", tmp_path)
    monkeypatch.setattr(suite_database, "PROJECT_DIR", tmp_path)
    monkeypatch.setattr(suite_database, "__file__", str(tmp_path / "tests" / "suite_database.py"))
    return tmp_path


@pytest.mark.parametrize("fingerprint", [template_database.fingerprint, suite_database.fingerprint])
def test_compiling_the_catalogues_changes_the_fingerprint(project, fingerprint):
    before = fingerprint()
    compiled = project / "locale" / "es" / "LC_MESSAGES" / "django.mo"
    compiled.write_bytes(b"compiled: Events -> Eventos")
    after_compiling = fingerprint()
    compiled.write_bytes(b"compiled: Events -> Actividades")

    assert after_compiling != before
    assert fingerprint() != after_compiling


@pytest.mark.parametrize("fingerprint", [template_database.fingerprint, suite_database.fingerprint])
def test_the_fingerprint_is_the_same_while_nothing_changes(project, fingerprint):
    (project / "locale" / "es" / "LC_MESSAGES" / "django.mo").write_bytes(b"compiled")

    assert fingerprint() == fingerprint()
