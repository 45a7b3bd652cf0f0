"""Which indicators the rollup holds for their current declaration (`RollupState`): an
indicator whose declaration has changed since it was built is computed from the records until
`rebuild()` has built it."""

import hashlib
from functools import cache

from antq.indicators.models import RollupState
from antq.indicators.registry import REGISTRY
from antq.indicators.rollup.plans import supported

ENGINE_VERSION = 2

# Once every indicator is built for its declaration, it stays so for the life of the process
# (declarations change only with the code, and a rebuild or a flush calls forget_fresh()): the
# writes and reads that follow skip the query of RollupState.
_all_fresh = set()


def fingerprint(ind):
    model = ind.resolve_model()
    text = repr(
        (
            ENGINE_VERSION,
            model._meta.label,
            ind.measure,
            str(ind.where),
            ind.date_field,
            ind.end_field,
            ind.kind,
            ind.path,
            # only where set: the fingerprints of the indicators declared before it stay
            *(("unit_path",) if ind.unit_path else ()),
        )
    )
    return hashlib.sha1(text.encode()).hexdigest()


@cache
def _fp(key):
    return fingerprint(REGISTRY[key])


@cache
def supported_keys():
    return frozenset(key for key, ind in REGISTRY.items() if supported(ind))


def fresh_keys():
    """The keys the rollup holds for their current declaration."""
    if _all_fresh:
        return set(_all_fresh)
    built = dict(RollupState.objects.values_list("key", "fingerprint"))
    fresh = {key for key in supported_keys() if built.get(key) == _fp(key)}
    if fresh == supported_keys():
        _all_fresh.update(fresh)
    return fresh


def forget_fresh():
    """After the rollup's state changed (a rebuild, a database flushed)."""
    _all_fresh.clear()


def stale_keys():
    forget_fresh()
    return set(supported_keys()) - fresh_keys()
