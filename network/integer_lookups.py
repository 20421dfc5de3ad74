"""`in` on integer columns leaves out numbers no column of its kind can hold.

Django answers `id=<20 digits>` with an empty result (its integer lookups check the column's range) but
passes `id__in=[<20 digits>]` to the database: SQLite refuses a number past 64 bits (OverflowError), and a
URL such as the admin's page filters (`?owner=…`, `?site=…`) or the page chooser's `chosen-multiple/?id=…`
ended in a server error. Such a number matches no row: leaving it out gives the same answer.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            kind = self.lhs.output_field.get_internal_type()
            lowest, highest = connection.ops.integer_field_range(kind)
            self.rhs = [value for value in self.rhs if not out_of_range(value, lowest, highest)]
        return super().process_rhs(compiler, connection)


def out_of_range(value, lowest, highest):
    if not isinstance(value, int):
        return False
    return (lowest is not None and value < lowest) or (highest is not None and value > highest)


def register():
    IntegerField.register_lookup(IntegerFieldIn)
