"""The browser tests' cleanup: a Chromium that crashed as a test ended does not turn a passed test into an
error, and a browser that still runs is closed as before. Each test launches its own Chromium."""

import os
import signal
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.test_map_browser import CHROMIUM_ARGS, browser_answers, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser


def children(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def command_line(pid):
    return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")


def browser_process():
    """The Chromium browser process this test process started, through Playwright's driver."""
    found = [
        grandchild
        for child in children(os.getpid())
        for grandchild in children(child)
        if command_line(grandchild)[0].endswith(b"chromium")
        and not any(part.startswith(b"--type=") for part in command_line(grandchild))
    ]
    assert len(found) == 1, f"expected one Chromium browser process, found {found}"
    return found[0]


def test_a_context_closes_and_the_browser_answers_while_it_runs(chromium_executable):  # noqa: F811
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.new_page().set_content("<p>ready</p>")
        assert browser_answers(browser)
        close_context(context)
        assert browser.contexts == []
        browser.close()


def test_closing_a_context_after_chromium_crashed_raises_nothing(chromium_executable):  # noqa: F811
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.new_page().set_content("<p>ready</p>")
        os.kill(browser_process(), signal.SIGSEGV)
        close_context(context)
        assert not browser_answers(browser)
        assert not browser.is_connected()
