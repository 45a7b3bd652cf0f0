"""Helpers for the tests of the inbox and of the apps that declare its kinds."""

# what the inbox sends besides its reads: its transaction (a savepoint within a test's) and, on
# PostgreSQL, the setting of its parallel workers (selectors._small_reads)
_NOT_READS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def reads(captured_queries) -> list[str]:
    """The statements of a CaptureQueriesContext's `captured_queries` that read records."""
    return [
        query["sql"]
        for query in captured_queries
        if not query["sql"].startswith(_NOT_READS)
        and "max_parallel_workers_per_gather" not in query["sql"]
    ]
