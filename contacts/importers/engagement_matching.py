"""Which engagement each row of an engagements file applies to (contacts/importers/engagements.py).

A row with a number (the id column of the log's export) applies to that engagement; a row without one, to
the engagement with its date, kind, title (ignoring accents, case and spacing) and set of cities. Rows that
repeat one another, and engagements that look logged twice, are pointed out.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from cities.focal_points import city_label
from network.imports.lookups import linked_ids
from network.imports.values import fold

from ..models import Engagement


def engagement_key(values):
    return (
        values["date"],
        values["kind"],
        fold(values["title"]),
        frozenset(city.pk for city in values["cities"]),
    )


# What a record holds: every field a row may change or settle against.
RECORD_FIELDS = (
    "pk",
    "date",
    "kind",
    "title",
    "summary",
    "outcome",
    "follow_up_date",
    "follow_up_done",
    "owner_id",
    "follow_up_assignee_id",
    "anonymous_participants",
)


@dataclass
class EngagementRecord:
    """What the database holds about an engagement already logged, without a model instance."""

    pk: int
    fields: dict


def match_rows(rows, cities):
    """Find the engagement each row applies to, what it would change, and the likely duplicates."""
    dates = {row.values["date"] for row in rows if row.values["date"]}
    numbers = {row.values["id"] for row in rows if row.values["id"]}
    existing = [
        EngagementRecord(pk=values.pop("pk"), fields=values)
        for values in Engagement.objects.filter(Q(date__in=dates) | Q(pk__in=numbers))
        .order_by("pk")
        .values(*RECORD_FIELDS)
    ]
    city_ids = linked_ids(Engagement, "cities", [record.pk for record in existing])
    by_pk, by_key, by_title = {record.pk: record for record in existing}, defaultdict(list), defaultdict(list)
    for record in existing:
        fields = record.fields
        key = (fields["date"], fields["kind"], fold(fields["title"]), frozenset(city_ids[record.pk]))
        by_key[key].append(record)
        by_title[key[:3]].append(record)

    seen, seen_titles, matched, claimed = {}, defaultdict(list), {}, {}

    def claim(row, record):
        """Match the row with the record, unless an earlier row has it."""
        if record.pk in claimed:
            row.errors.append(
                _("Engagement #%(id)d is already on line %(line)d.")
                % {"id": record.pk, "line": claimed[record.pk]}
            )
        else:
            claimed[record.pk] = row.line
            matched[row.line] = record

    for row in rows:
        values = row.values
        if not (values["date"] and values["kind"] and values["title"] and values["cities"]):
            continue
        key = engagement_key(values)
        if key in seen:
            message = _("The same engagement (date, kind, title and cities) is already on line %(line)d.") % {
                "line": seen[key]
            }
            row.errors.append(message)
            continue
        if values["id"]:
            seen[key] = row.line
            if values["id"] in by_pk:
                claim(row, by_pk[values["id"]])
            else:
                row.errors.append(
                    _(
                        "There is no engagement #%(id)d: leave the id empty to add the row as a new "
                        "engagement."
                    )
                    % {"id": values["id"]}
                )
            continue
        for other_cities, line in seen_titles[key[:3]]:
            if other_cities & key[3]:
                row.duplicates.append(
                    _("Same date, kind and title as line %(line)d, with some of the same cities.")
                    % {"line": line}
                )
        seen[key] = row.line
        seen_titles[key[:3]].append((key[3], row.line))
        same = by_key.get(key, [])
        if same:
            claim(row, same[0])
            row.duplicates.append(_("Already logged as engagement #%(id)d.") % {"id": same[0].pk})
            for other in same[1:]:
                row.duplicates.append(
                    _("Engagement #%(id)d is logged twice: consider deleting it.") % {"id": other.pk}
                )
        for other in by_title.get(key[:3], []):
            if other not in same and city_ids[other.pk] & key[3]:
                cities_text = ", ".join(
                    sorted(city_label(cities.by_pk[pk]) for pk in city_ids[other.pk] if pk in cities.by_pk)
                )
                row.duplicates.append(
                    _(
                        "Likely duplicate of engagement #%(id)d on the same day with the same title "
                        "(%(cities)s)."
                    )
                    % {"id": other.pk, "cities": cities_text}
                )

    return matched
