"""Every registered RecordType inherits the checks of RecordTypeTestCase: each app keeps its
subclasses in `<app>/tests/test_record_types.py`."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

import antq.urls  # noqa: F401 - the URLconf imports every app's records.py, which registers its types
from antq.core.records import REGISTRY
from antq.core.testing.records import RecordTypeTestCase


def _tested_types():
    for config in apps.get_app_configs():
        module = f"{config.name}.tests.test_record_types"
        if config.name.startswith("antq.") and find_spec(module) is not None:
            import_module(module)
    found, todo = set(), list(RecordTypeTestCase.__subclasses__())
    while todo:
        cls = todo.pop()
        found.add(cls.record_type.slug)
        todo.extend(cls.__subclasses__())
    return found


def test_every_registered_record_type_has_a_record_type_test_case():
    assert REGISTRY, "no record type is registered"
    assert set(REGISTRY) - _tested_types() == set()
