"""Help for the query planner, where its estimate of a condition is far from the rows it keeps."""

from django.db.models import DateField, Func, Value


class _Unseen(Func):
    template = "(SELECT %(expressions)s)"


def unseen(value, output_field=None):
    """`value` given to a query as a one-row subquery, `(SELECT value)`: the same value to the
    query, but one PostgreSQL does not read when it plans (the result of an InitPlan is not
    known then), so a condition on it is estimated at the planner's default share of the rows
    instead of from the value. For a condition whose estimate, read from the value, is far off
    and leads to a plan that reads many more rows than it needs; say why where it is used.
    SQLite reads it as the value."""
    output_field = output_field or DateField()
    return _Unseen(Value(value, output_field=output_field), output_field=output_field)
