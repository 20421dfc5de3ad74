"""What an engagement row names that only its matched engagement settles (contacts/importers/engagements.py).

The log's export (Engagement.export_*) names organisations and participants as people read them, and
the owner and the follow-up's assignee by user name: a name that several organisations or contacts have
is the one the engagement already has, and so is a colleague who can no longer be named (no longer
staff); the number of erased participants cannot change. Only what is left is looked up among all
records, as for a new engagement.
"""

from django.utils.translation import gettext as _

# The columns that name a colleague, by user name or e-mail (contacts.importers.lookups.OwnerLookup).
COLLEAGUES = ("owner", "follow_up_assignee")


def settle(row, record, linked, owners, lookups):
    """Resolve what `_parse` left open: a name is first that of what the engagement already has, which
    adds nothing (`_changes` lists only what is not linked yet)."""
    values = row.values
    countries_wanted = {city.country.code for city in values["cities"]}
    for name in values["organisation_names"]:
        candidates = lookups.organisations.by_name.get(name)
        already = [item for item in candidates if item.pk in linked["organisations"]]
        if already:
            organisation, problem = already[0], None
        else:
            organisation, problem = lookups.organisations.find(name, countries_wanted)
        if problem:
            row.errors.append(problem)
        elif organisation not in values["organisations"]:
            values["organisations"].append(organisation)

    for name in values["participant_names"]:
        candidates = lookups.participants_by_name.get(name)
        already = [contact for contact in candidates if contact.pk in linked["participants"]]
        if already or len(candidates) == 1:
            if (already or candidates)[0] not in values["participants"]:
                values["participants"].append((already or candidates)[0])
        elif candidates:
            row.errors.append(
                _("Several contacts are called “%(name)s”: name the participant by e-mail address.")
                % {"name": name}
            )
        else:
            row.errors.append(
                _(
                    "“%(value)s” is not a valid e-mail address nor the name of a contact (name participants "
                    "by e-mail address; import the contacts first)."
                )
                % {"value": name}
            )

    stored = record.fields["anonymous_participants"] if record else 0
    if values["erased"] is not None and values["erased"] != stored:
        row.errors.append(
            _(
                "An import cannot record erased participants (people whose data was erased on request): "
                "the engagement has %(stored)d, the file says %(count)d."
            )
            % {"stored": stored, "count": values["erased"]}
        )

    for name in COLLEAGUES:
        if values[f"{name}_problem"]:
            current = owners.get(record.fields[f"{name}_id"]) if record else None
            text = row.text(name).lower()
            if current is None or text not in (current.get_username().lower(), (current.email or "").lower()):
                row.errors.append(values[f"{name}_problem"])
