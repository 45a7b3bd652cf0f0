"""Hypothesis profiles, loaded by antq/conftest.py and chosen with ANTQ_HYPOTHESIS_PROFILE:
"ci" (the default, what `make test` runs) keeps the property tests to a few seconds each;
"thorough" runs many more examples, for a search before a release (`make fuzz`). A test that
sets its own max_examples keeps it in every profile."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    # fewer on PostgreSQL, which runs the same properties after SQLite (scripts/test.sh) and
    # where each example's writes cost more round trips
    max_examples=8 if os.environ.get("DATABASE_URL", "").startswith("postgres") else 15,
    deadline=None,
    # the database fixtures are per test, not per example: each example clears what it reads
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("thorough", settings.get_profile("ci"), max_examples=300)
settings.load_profile(os.environ.get("ANTQ_HYPOTHESIS_PROFILE", "ci"))
