"""A browser test's server starts from a cached copy of what its setup commands made, not from running them.

The commands (`SiteServer(setup_commands=…)`, e.g. `load_demo_engagements`) take seconds each at every
server start; what they make from the template database is kept in the temporary folder, with the media
files they wrote, under a name made of everything the result depends on: the template, the code, the
commands themselves and the date (demo records are dated relative to today). Here `manage` is a stand-in
that writes the command into the "database" file and a media file, so the copies tell which commands made
them.
"""

import datetime
import tempfile

import pytest

from tests import site_server
from tests.site_server import SiteServer

ENGAGEMENTS = [("load_demo_engagements",)]
REPORT = [("load_demo_progress_report",)]


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """The commands the stand-in `manage` ran; the cache lives in `tmp_path`."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    template = tmp_path / "template.sqlite3"
    template.write_text("template\n")
    monkeypatch.setattr(SiteServer, "built_database", lambda server: template)
    ran = []

    def manage(server, *args, environment=None):
        environment = environment or server.environment()
        database = environment["DATABASE_URL"].removeprefix("sqlite:///")
        with open(database, "a") as file:
            file.write(f"{args}\n")
        media = site_server.Path(environment["MEDIA_ROOT"])
        media.mkdir(exist_ok=True)
        (media / f"{args[0]}.txt").write_text("made by the command")
        ran.append(args)
        return ""

    monkeypatch.setattr(SiteServer, "manage", manage)
    return ran


def prepared(commands):
    """The database and media files a server with `commands` starts from."""
    server = SiteServer(geocoder_domain="127.0.0.1:9", setup_commands=commands)
    try:
        server.prepare()
        media = sorted(path.name for path in (server.directory / "media").glob("*"))
        return (server.directory / "db.sqlite3").read_text(), media
    finally:
        server.stop()


def test_the_commands_run_once_and_each_server_gets_what_they_made_with_their_media(runs):
    first = prepared(ENGAGEMENTS)
    second = prepared(ENGAGEMENTS)

    assert runs == [("load_demo_engagements",)]
    assert first == second == ("template\n('load_demo_engagements',)\n", ["load_demo_engagements.txt"])


def test_other_commands_do_not_share_a_database(runs):
    engagements = prepared(ENGAGEMENTS)
    report = prepared(REPORT)

    assert runs == [("load_demo_engagements",), ("load_demo_progress_report",)]
    assert engagements[0] != report[0]
    assert prepared(ENGAGEMENTS) == engagements  # neither replaced the other
    assert len(runs) == 2


def test_the_commands_run_again_on_another_day_and_the_older_copies_go(runs, monkeypatch, tmp_path):
    prepared(ENGAGEMENTS)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(SiteServer, "today", lambda server: tomorrow)
    prepared(ENGAGEMENTS)

    assert len(runs) == 2
    assert len(list(tmp_path.glob("lcn-browser-setup-*.d"))) == 1


def test_a_server_without_commands_runs_none(runs):
    assert prepared([])[0] == "template\n"
    assert runs == []
