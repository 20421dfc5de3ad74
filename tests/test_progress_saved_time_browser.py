"""The report editor's "Saved at" reads the focal point's own clock: a focal point in São Paulo saw the
site's time (Mexico City, three hours behind) and could think their last answers were not saved. The time
is the browser's; the words stay the server's, in the admin's language. The site, its records and the
browser are tests/test_progress_browser.py's (a server of this module's own)."""

import re

import pytest
from playwright.sync_api import expect

from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401
from tests.test_progress_browser import (  # noqa: F401
    edit_path,
    focal_point_session,
    site,
    status_of,
    text_answer,
)

pytestmark = pytest.mark.browser

# The browser's clock now, as hours and minutes.
LOCAL_TIME_JS = """() => {
    const now = new Date();
    const clock = {hour: "2-digit", minute: "2-digit", hourCycle: "h23"};
    const at = (moment) => moment.toLocaleTimeString("en-GB", clock);
    return [at(new Date(now.getTime() - 60000)), at(now), at(new Date(now.getTime() + 60000))];
}"""


@pytest.mark.parametrize(
    ("language", "words"), [("pt-BR", "Salvo às"), ("es-CO", "Guardado a las"), ("en-US", "Saved at")]
)
def test_saved_at_is_the_focal_points_own_time(browser, site, focal_point_session, language, words):  # noqa: F811
    context = browser.new_context(
        base_url=site.base_url,
        locale=language,
        timezone_id="America/Sao_Paulo",
        storage_state=focal_point_session,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(edit_path(site.records["reports"]["long_answer"]))
    text_answer(page, site).fill(f"Respuesta escrita en {language}.")
    text_answer(page, site).press("Tab")
    status = status_of(page)
    expect(status).to_have_text(re.compile(rf"^{words} \d\d:\d\d$"), timeout=TIMEOUT_MS)
    shown = status.inner_text().rsplit(" ", 1)[1]
    around_now = page.evaluate(LOCAL_TIME_JS)
    close_context(context)
    assert shown in around_now, f"{shown} is not São Paulo's time ({around_now[1]})"
