"""The home page's "Newest members" shows the first few cities of the newest year: when that year has more,
it says how many and links to all of them in the directory, instead of leaving a visitor whose city joined
that year to think it was left out of the network."""

import pytest

from cities.directory import NEWEST_MEMBERS_SHOWN

pytestmark = pytest.mark.django_db

YEAR = 2031


def newest_section(client, soup, url):
    page = soup(client.get(url))
    return page.find(id="newest-heading").find_parent("section")


def test_a_year_with_more_members_than_shown_links_to_all_of_them(client, soup, make_city):
    total = NEWEST_MEMBERS_SHOWN + 2
    for number in range(total):
        make_city(f"Villa Nueva {number}", country="UY", year_joined=YEAR)
    section = newest_section(client, soup, "/en/")
    assert len(section.select("li")) == NEWEST_MEMBERS_SHOWN
    link = section.find("a", href=f"/en/cities/?year={YEAR}")
    assert link is not None
    assert link.get_text(" ", strip=True) == f"All {total} members of {YEAR}"
    directory = client.get(link["href"])
    assert directory.status_code == 200
    assert all(f"Villa Nueva {number}" in directory.content.decode() for number in range(total))


def test_a_year_whose_members_are_all_shown_has_no_such_link(client, soup, make_city):
    for number in range(NEWEST_MEMBERS_SHOWN):
        make_city(f"Villa Nueva {number}", country="UY", year_joined=YEAR)
    section = newest_section(client, soup, "/en/")
    assert len(section.select("li")) == NEWEST_MEMBERS_SHOWN
    assert section.find("a", href=f"/en/cities/?year={YEAR}") is None
