"""Who may do what with progress reports.

A focal point fills in the reports of their own city (cities.focal_points.cities_of) and nothing else;
UIL staff read every report, and review them with the permission "progress.review_report". Both are
granted by groups (cities/staff.py for staff, the city's group for focal points).
"""

from cities.focal_points import cities_of
from mailings.reminders import may_write_reminders


def reads_reports(user):
    return user.has_perm("progress.view_report")


def reviews_reports(user):
    return user.has_perm("progress.review_report")


def is_city_focal_point(user, city):
    return user.is_authenticated and cities_of(user).filter(pk=city.pk).exists()


def may_edit(user, report):
    """The city's focal points, and staff who may change reports (to help a city)."""
    return is_city_focal_point(user, report.city) or user.has_perm("progress.change_report")


def may_read(user, report):
    return reads_reports(user) or is_city_focal_point(user, report.city)


def may_remind(user):
    """Who may write the reminder to the focal points of late cities: staff who read the reports and write
    mailings."""
    return reads_reports(user) and may_write_reminders(user)
