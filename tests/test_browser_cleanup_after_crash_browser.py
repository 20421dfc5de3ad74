"""The browser tests' Chromium: one that crashed as a test ended does not turn the passed test into an error,
nor fail the module's later tests, and one that runs is used and closed as before. Each test launches its
own Chromium, and kills it (SIGKILL, which leaves no crash report behind) to make it crash."""

import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

from tests.test_map_browser import (  # noqa: F401
    Chromium,
    browser_answers,
    chromium_executable,
    close_context,
    started_playwright,
)

pytestmark = pytest.mark.browser


def children(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def command_line(pid):
    return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")


def kill_browser_process():
    """Kill the Chromium browser process this test process started, through Playwright's driver."""
    found = [
        grandchild
        for child in children(os.getpid())
        for grandchild in children(child)
        if command_line(grandchild)[0].endswith(b"chromium")
        and not any(part.startswith(b"--type=") for part in command_line(grandchild))
    ]
    assert len(found) == 1, f"expected one Chromium browser process, found {found}"
    os.kill(found[0], signal.SIGKILL)


def opened_page(chromium):
    context = chromium.new_context()
    context.new_page().set_content("<p>ready</p>")
    return context


def test_a_running_chromium_is_used_and_its_contexts_closed(chromium_executable):  # noqa: F811
    with started_playwright() as playwright:
        chromium = Chromium(playwright, chromium_executable)
        first = chromium.browser
        context = opened_page(chromium)
        assert browser_answers(chromium.browser)
        close_context(context)
        assert chromium.browser.contexts == []
        close_context(opened_page(chromium))
        assert chromium.browser is first, "a running Chromium was launched again"
        chromium.close()


def test_closing_a_context_after_chromium_crashed_raises_nothing(chromium_executable):  # noqa: F811
    with started_playwright() as playwright:
        chromium = Chromium(playwright, chromium_executable)
        context = opened_page(chromium)
        kill_browser_process()
        with pytest.warns(UserWarning, match="stopped answering"):
            close_context(context)
        assert not browser_answers(chromium.browser)
        chromium.close()


def test_the_next_test_gets_a_new_chromium_after_a_crash(chromium_executable):  # noqa: F811
    with started_playwright() as playwright:
        chromium = Chromium(playwright, chromium_executable)
        opened_page(chromium)
        kill_browser_process()
        with pytest.warns(UserWarning, match="launched again"):
            context = opened_page(chromium)
        assert context.pages[0].locator("p").inner_text() == "ready"
        close_context(context)
        chromium.close()


@pytest.fixture
def temporary_directory(monkeypatch):
    """A temporary directory of a short path: a Unix socket's path has at most 107 bytes."""
    directory = Path(tempfile.mkdtemp(prefix="crash-"))
    monkeypatch.setenv("TMPDIR", str(directory))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield directory
    shutil.rmtree(directory)


def test_a_crashed_chromium_leaves_no_folder_behind(chromium_executable, temporary_directory):  # noqa: F811
    """Chromium keeps its singleton socket in a folder of the temporary directory, removed only when it
    exits cleanly: a crash left one in /tmp for every crashed browser of the suite."""
    with started_playwright() as playwright:
        chromium = Chromium(playwright, chromium_executable)
        opened_page(chromium)
        kill_browser_process()
        with pytest.warns(UserWarning, match="launched again"):
            close_context(opened_page(chromium))
        kill_browser_process()
        chromium.close()
    assert list(temporary_directory.iterdir()) == []


def test_playwright_keeps_its_browser_profiles_out_of_the_temporary_directory(
    chromium_executable,  # noqa: F811
    temporary_directory,
):
    """Playwright's driver makes each browser's profile in its temporary directory; stopping the driver cut
    their removal short, and a half-removed `playwright_chromiumdev_profile-*` stayed in /tmp."""
    with started_playwright() as playwright:
        chromium = Chromium(playwright, chromium_executable)
        close_context(opened_page(chromium))
        assert not list(temporary_directory.glob("playwright_*")), "the profile is in the temporary directory"
        profiles = list(temporary_directory.glob("lcn-playwright-*/playwright_*"))
        assert profiles, "the driver made no profile in its own folder"
        chromium.close()
    assert list(temporary_directory.iterdir()) == []
