"""A write batch: follow-up work that bulk writers can do once for a whole import instead of
once per chunk, still inside the import's transaction.

An import writes its file a chunk at a time; what each chunk's writes entail elsewhere (the
indicator rollup's deltas, say) costs a few statements whatever the chunk's size, and spread
over many chunks it costs more than the writing itself, and leaves many more small deltas to
fold. Inside `write_batch()`, a writer that can wait `defer`s its work with the items it
concerns; the items of one key are gathered, and its work runs once over them all when the
batch ends (or earlier, when someone calls `flush()`: a reader or writer that must see that
work done first). Outside a batch, `defer` runs the work at once. The work runs in the
transaction that opened the batch: a batch that ends with an error, or is `discard`ed (an import
whose file had errors, rolled back), does none of it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

_CURRENT = ContextVar("antq_write_batch", default=None)


class WriteBatch:
    def __init__(self):
        self.work = {}  # key → (callable(items), [items])

    def flush(self):
        """Run the gathered work now, key by key, in the order the keys were first deferred."""
        while self.work:
            key = next(iter(self.work))
            run, items = self.work.pop(key)
            run(items)

    def discard(self):
        self.work.clear()


@contextmanager
def write_batch():
    """Gather deferred work until the block ends, then do it (inside a transaction). Nested
    batches are the outer one."""
    if _CURRENT.get() is not None:
        yield _CURRENT.get()
        return
    batch = WriteBatch()
    token = _CURRENT.set(batch)
    try:
        yield batch
        batch.flush()
    finally:
        _CURRENT.reset(token)


def active():
    """Whether deferred work would wait for a batch's end (a batch, inside a transaction)."""
    return _CURRENT.get() is not None and connection.in_atomic_block


def defer(key, items, run):
    """`run(items)` once the batch ends, with every item deferred under `key`; at once outside a
    batch or outside a transaction (nothing could roll the work back with the writes)."""
    batch = _CURRENT.get()
    if batch is None or not connection.in_atomic_block:
        run(list(items))
        return
    batch.work.setdefault(key, (run, []))[1].extend(items)


def flush():
    """Do the current batch's work now (before reading or changing what it concerns)."""
    batch = _CURRENT.get()
    if batch is not None:
        batch.flush()
