"""Data made once for a module's tests: a transaction opened for the module and rolled back at
its end, in which each test runs in a savepoint (pytest-django's `db`), as in Django's
TestCase.setUpTestData. Not for modules with transactional tests: those need no transaction
open around them (antq/conftest.py builds their data per test)."""

from django.db import transaction


class ModuleTransaction:
    def __init__(self, blocker):
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            # Django's own marker for the test case's transactions: atomic(durable=True) in the
            # code under test is allowed inside it
            self.atomic._from_testcase = True
            self.atomic.__enter__()

    def close(self):
        """Rolls back all the module made: no deletion, whatever its size."""
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
