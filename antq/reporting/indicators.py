"""The reporting cycle on the dashboard: completeness and timeliness of the monthly tallies.

Not ordinary indicators: who is expected to report is not a record per period (every commune
in force, plus and minus the obligations), so the expected reports cannot be counted from
records by the rollup. The panel computes them set-based (`selectors.completeness_by_child`:
the walk of the area's successions and one statement of GROUP BYs over path prefixes) for the
months of the dashboard's period whose reporting period has ended (the last `MAX_MONTHS` of
them), and ranks the units below the area by completeness, the least complete first."""

from antq.indicators.groups import Panel, declare_flags
from antq.reporting.periods import last_ended_month, months_between
from antq.reporting.selectors import MAX_MONTHS, completeness_by_child


def _completeness(user, area, date_from, date_to):
    last = min(date_to.replace(day=1), last_ended_month())
    # the span the API also allows at once: each month adds its due date to the query
    months = (months_between(date_from, last) if date_from <= last else [])[-MAX_MONTHS:]
    total, children = completeness_by_child(user, area, months)
    return {
        "reporting_total": total,
        "reporting_children": children,
        "reporting_last_month": months[-1] if months else None,
    }


declare_flags(
    Panel("completeness", "reporting/_flag_completeness.html", _completeness, order=5),
)
