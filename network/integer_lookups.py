"""Lookups on integer columns leave out numbers no column of their kind can hold.

Django answers `id=<20 digits>` with an empty result (its integer lookups check the column's range) but
passes `id__in=[<20 digits>]` to the database, and does the same for a foreign key or a page's id (a
one-to-one link to Wagtail's Page): `city=<20 digits>`, `EventPage.objects.get(pk=<20 digits>)`. SQLite
refuses a number past 64 bits (OverflowError), and URLs such as the admin's page filters (`?owner=…`), the
page chooser's `chosen-multiple/?id=…`, the check-in page of event <20 digits> or a contacts listing filtered
by such a city ended in a server error. Such a number matches no row: leaving it out gives the same answer.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignKey, ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def integer_range(field, connection):
    """The range of numbers the column of `field` holds (a foreign key's: its target's), or None if the column
    is not an integer."""
    while isinstance(field, ForeignKey):
        field = field.target_field
    if not isinstance(field, IntegerField):
        return None
    return connection.ops.integer_field_range(field.get_internal_type())


def out_of_range(value, bounds):
    if bounds is None or not isinstance(value, int):
        return False
    lowest, highest = bounds
    return (lowest is not None and value < lowest) or (highest is not None and value > highest)


class InRangeOnly:
    """An `in` lookup that leaves out the numbers the column cannot hold."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            bounds = integer_range(self.lhs.output_field, connection)
            self.rhs = [value for value in self.rhs if not out_of_range(value, bounds)]
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(InRangeOnly, In):
    pass


class RelatedIntegerIn(InRangeOnly, RelatedIn):
    pass


class RelatedIntegerExact(RelatedExact):
    """`exact` on a foreign key finds nothing for a number its column cannot hold, as on an integer."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and out_of_range(
            self.rhs, integer_range(self.lhs.output_field, connection)
        ):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def register():
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(RelatedIntegerIn)
    ForeignObject.register_lookup(RelatedIntegerExact)
