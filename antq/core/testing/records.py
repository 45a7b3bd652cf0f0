"""RecordTypeTestCase: the checks every registered record type inherits.

Subclass it in the app's tests, name the RecordType and give a factory for a valid record (and,
when the type imports, a valid import row); every test below then runs for the type, at the
URLs the type itself declares (its pages by `RecordType.url(action)`, its API by the operation
ids `crud_router` gives it):

- scoping (core/testing/scoping.py): commune A never lists, reads, changes, exports or counts
  commune B's record, and single objects are 404;
- create, edit and delete through the pages and through the API, with the data a valid record
  shows (its form's initial values, its API representation);
- import: the template's headers, a valid row imported through the page, a bad row refused with
  its row and column and nothing written;
- the area-subtree filter of the list, the API and the export;
- the list page, the API list and the exports cost the same number of queries with twice the
  rows.

The tree, users and the two records are built once per class (setUpTestData); each test runs
in a transaction rolled back after it. core/tests/test_record_types.py proves that every
registered RecordType has a subclass.
"""

from csv import reader
from datetime import date
from functools import cache
from io import BytesIO, StringIO

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import translation
from openpyxl import load_workbook

from antq.api import api
from antq.areas.choices import AreaLevel
from antq.core.filters import AreaSubtreeFilter
from antq.core.models import ImportJob
from antq.core.testing.scoping import ScopedRecordChecks, ScopedTestCase, export_text
from antq.core.testing.sheets import xlsx_bytes

EN = {"Accept-Language": "en"}


@cache
def openapi():
    return api.get_openapi_schema()


@cache
def api_operations():
    """Operation id → (path, method) of every API endpoint."""
    return {
        operation["operationId"]: (path, method)
        for path, item in openapi()["paths"].items()
        for method, operation in item.items()
    }


@cache
def _record_pages(namespace):
    """The URL names of `namespace` that take exactly one `pk`."""
    resolver = get_resolver().namespace_dict[namespace][1]
    return sorted(
        name
        for name in resolver.reverse_dict
        if isinstance(name, str)
        and any(
            params == ["pk"]
            for possibilities, *_rest in resolver.reverse_dict.getlist(name)
            for _format, params in possibilities
        )
    )


def _posted(form):
    """What a browser posts for an unchanged form: every field's initial value."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, django_forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = value
    return data


def form_data(rt, record, user, *, creating):
    """What the type's form posts for `record` unchanged; `creating`: the fields of the form of a
    new record (which may have fields an existing one's lacks) with the record's values."""
    data = _posted(rt.form(instance=record, user=user))
    if not creating:
        return data
    unsaved = type(record).objects.get(pk=record.pk)
    unsaved.pk = None
    unsaved._state.adding = True
    fresh = _posted(rt.form(instance=unsaved, user=user))
    return {name: data.get(name, value) for name, value in fresh.items()}


class RecordTypeTestCase(ScopedRecordChecks, ScopedTestCase):
    __test__ = False  # the base itself tests nothing; its subclasses do

    record_type = None  # the RecordType under test
    extra_export_urls = ()  # exports of the type beside its own list exports
    # whether the generic create, edit and delete run through this type's pages and API (a
    # type created by its own workflow pages says False and tests them beside)
    crud_pages = True
    crud_api = True
    list_queries_max = 12  # a list page of a few records costs at most this many queries
    # keys of the import's columns that the export leaves out by design (free text that may name
    # people, say): the export still imports, and its records come back the same in every other
    # column; each key named here must really be missing from the export
    export_leaves_out = ()
    # who exports and imports back (the users fixture's name): an editor of commune A, unless
    # the type's import of what its export holds needs a role above (decisions already taken)
    round_trip_user = "a_editor"
    # why the type's records have no date by which their unit is checked (its model declares
    # no `area_day_field`); empty: a dated type, whose unit must be in force on its date
    undated = ""
    # why the type's API and form create records with no date (checked once it is set)
    created_undated = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "__test__" not in cls.__dict__:
            cls.__test__ = True
        rt = cls.record_type
        # a test the type has nothing for is not collected (a test attribute that is not
        # callable is not a test)
        absent = set()
        if rt.filterset is None:  # no pages or API of its own: it has the import pages only
            absent |= {n for n in dir(ScopedRecordChecks) if n.startswith("test_")}
            absent |= {"test_area_filter_keeps_the_subtree", "test_lists_cost_the_same_queries"}
        if rt.filterset is None or not cls.crud_pages:
            absent.add("test_ui_create_edit_delete")
        if rt.filterset is None or not cls.crud_api:
            absent.add("test_api_create_read_update_delete")
        if rt.import_spec is None:
            absent |= {n for n in dir(cls) if n.startswith("test_import")}
        if rt.filterset is None:
            absent.add("test_import_of_its_own_export")
        for name in absent:
            setattr(cls, name, None)

    def import_row(self, area):
        """A valid import row placing one record in `area`: {column key: cell}."""
        raise NotImplementedError

    def bad_import_row(self, area):
        """A row the import refuses, and the column key it names: by default a commune code
        that does not exist."""
        return self.import_row(area) | {"commune_code": "99999"}, "commune_code"

    def more_areas(self):
        """Where the query-count test puts more records (a commune keeps one record of some
        types per period)."""
        return (self.tree.a1, self.tree.b1)

    # --- URLs, from the record type -------------------------------------------------------
    def page(self, action, *args, **kwargs):
        return reverse(self.record_type.url(action), args=args, kwargs=kwargs)

    def api_path(self, action, record=None):
        path, _method = api_operations()[f"{self.record_type.slug}_{action}"]
        return path.replace("{pk}", str(record.pk)) if record is not None else path

    def list_url(self):
        return self.page("list")

    def detail_url(self, record):
        return self.page("detail", record.pk)

    def change_urls(self, record):
        """Every page of the namespace at or under the record's own URL."""
        own = self.detail_url(record)
        namespace = self.record_type.namespace
        found = [
            reverse(f"{namespace}:{name}", args=[record.pk]) for name in _record_pages(namespace)
        ]
        return [url for url in found if url.startswith(own)]

    def api_list_url(self):
        return self.api_path("list")

    def api_detail_url(self, record):
        return self.api_path("get", record)

    def export_urls(self):
        urls = [self.page("export", fmt=fmt) for fmt in ("csv", "xlsx")]
        api = self.api_path("export")
        return [*urls, f"{api}?format=csv", f"{api}?format=xlsx", *self.extra_export_urls]

    def count_visible(self, user):
        return self.record_type.model.objects.visible_to(user).count()

    # --- create, edit, delete -------------------------------------------------------------
    def _forget(self, record):
        """Delete the record whose data the test re-creates (its unique keys are free again)."""
        self.record_type.model.objects.filter(pk=record.pk).delete()

    def test_ui_create_edit_delete(self):
        rt, user = self.record_type, self.users.a_editor
        record = self.records.a
        data = form_data(rt, record, user, creating=True)
        self._forget(record)
        before = rt.model.objects.count()
        self.client.force_login(user)
        assert self.client.get(self.page("create")).status_code == 200
        response = self.client.post(self.page("create"), data)
        assert response.status_code == 302, _form_errors(response)
        assert rt.model.objects.count() == before + 1
        created = rt.model.objects.latest("pk")
        assert created.area_id == record.area_id
        assert response["Location"] == self.detail_url(created)
        assert self.client.get(response["Location"]).status_code == 200
        edit = self.page("edit", created.pk)
        data = form_data(rt, created, user, creating=False)
        assert self.client.get(edit).status_code == 200
        response = self.client.post(edit, data)
        assert response.status_code == 302, _form_errors(response)
        response = self.client.post(self.page("delete", created.pk), {"reason": "test"})
        assert response.status_code == 302
        assert not rt.model.objects.filter(pk=created.pk).exists()

    def test_api_create_read_update_delete(self):
        rt = self.record_type
        api = self.api(self.users.a_editor)
        record = self.records.a
        shown = api.get(self.api_detail_url(record)).json()
        fields = self._request_fields("create")
        data = {key: shown[key] for key in fields if key in shown}
        self._forget(record)
        response = api.post(self.api_list_url(), data)
        assert response.status_code == 201, response.content
        created = rt.model.objects.get(pk=response.json()["id"])
        assert created.area_id == record.area_id
        url = self.api_detail_url(created)
        assert api.get(url).json()["id"] == created.pk
        # the field that shows the marker is changed; a type that shows none is moved to its
        # own area again
        marked = [
            key
            for key in self._request_fields("update")
            if isinstance(shown.get(key), str) and "Marker-Alpha" in shown[key]
        ]
        change = {key: shown[key].replace("Alpha", "Changed") for key in marked[:1]} or {
            "area_id": record.area_id
        }
        changed = api.patch(url, change | {"reason": "test"})
        assert changed.status_code == 200, changed.content
        assert change.items() <= changed.json().items()
        assert api.delete(url).status_code == 204
        assert not rt.model.objects.filter(pk=created.pk).exists()

    def _request_fields(self, action):
        schema = openapi()
        path, method = api_operations()[f"{self.record_type.slug}_{action}"]
        body = schema["paths"][path][method]["requestBody"]["content"]["application/json"]
        name = body["schema"]["$ref"].rsplit("/", 1)[-1]
        return list(schema["components"]["schemas"][name]["properties"])

    # --- the unit in force on the record's date --------------------------------------------
    def _dated(self, day):
        """`day` as the record's date field takes it (a year field takes the year)."""
        field = self.record_type.model._meta.get_field(self.record_type.model.area_day_field)
        return day.year if field.get_internal_type().endswith("IntegerField") else day

    def unplaced_changes(self, day):
        """What else a record dated `day` needs to pass the type's other rules (its fields, and
        the keys the API and the form send, where they send them), so that the unit is what is
        refused; None: the API and the form cannot create a record of that day for a reason of
        their own (the override says which), and only the write path is checked then."""
        return {}

    def test_a_unit_not_in_force_on_the_records_date_is_refused(self):
        """Filed under FA (2021 – 30 June 2025), a record of 2026 is refused and the error names
        A, what FA became; a record of 2019 is refused and the error names FA0, what FA came
        from. Refused by the write path every service saves through, by the type's API and by
        its form, on the area field, naming the unit with its validity; nothing is written. A
        type whose create takes no date (a commendation is dated by its decision) is checked
        through the API and form where the date is sent."""
        rt, user = self.record_type, self.users.a_editor
        model = rt.model
        if getattr(model, "area_day_field", None) is None:
            assert self.undated, "declare the model's area_day_field, or say why it has none"
            return
        from antq.areas.resolution import describe
        from antq.core.services import save_with_history

        fa, field = self.former.fa, model.area_day_field
        # a record of the type at FA, whose data (and whose relations, at FA too) the API and
        # the form send again with another date
        base = self.make_record(fa, "Marker-Unplaced")
        shown = self.api(user).get(self.api_detail_url(base)).json() if self.crud_api else {}
        posted = form_data(rt, base, user, creating=True) if self.crud_pages else {}
        unsaved = model.objects.get(pk=base.pk)
        self._forget(base)
        unsaved.pk = unsaved.id = None
        unsaved._state.adding = True
        before = model.objects.count()
        checked = 0
        for day, instead in ((date(2026, 3, 2), self.tree.a), (date(2019, 5, 6), self.former.fa0)):
            with translation.override("en"):
                names = [describe(fa), describe(instead)]
            changes = self.unplaced_changes(day)
            for name, value in {field: self._dated(day), **(changes or {})}.items():
                if not isinstance(value, list) and hasattr(unsaved, name):
                    setattr(unsaved, name, value)
            with translation.override("en"), self.assertRaises(ValidationError) as raised:
                save_with_history(unsaved, acting_user=user)
            [message] = raised.exception.message_dict.get("area") or [raised.exception]
            assert all(name in message for name in names), message
            if changes is None:
                continue
            sent = {
                key: value if isinstance(value, int | list) else str(value)
                for key, value in {field: self._dated(day), **changes}.items()
            }
            if self.crud_api and field in self._request_fields("create"):
                data = {key: shown[key] for key in self._request_fields("create") if key in shown}
                data |= {key: value for key, value in sent.items() if key in data}
                response = self.client.post(
                    self.api_list_url(),
                    data,
                    content_type="application/json",
                    headers=EN | self.api(user).headers,
                )
                assert response.status_code == 422, response.content
                errors = response.json()["errors"]
                [reason] = [e["reason"] for e in errors if e["field"] == "area_id"] or [errors]
                assert all(name in reason for name in names), reason
                checked += 1
            if self.crud_pages and field in posted:
                self.client.force_login(user)
                data = posted | {key: value for key, value in sent.items() if key in posted}
                response = self.client.post(self.page("create"), data, headers=EN)
                assert response.status_code == 422, response.get("Location")
                form = response.context["form"]
                [reason] = form.errors.get("area") or [form.errors]
                assert all(name in reason for name in names), reason
                checked += 1
        assert model.objects.count() == before
        assert checked or not (self.crud_api or self.crud_pages) or self.created_undated, (
            "the API and the form send no date: say so in `created_undated`"
        )

    # --- import ---------------------------------------------------------------------------
    def _upload(self, row):
        spec = self.record_type.import_spec
        keys = [c.key for c in spec.all_columns]
        data = xlsx_bytes(keys, [[row.get(key, "") for key in keys]])
        self.client.force_login(self.users.a_editor)
        upload = SimpleUploadedFile("rows.xlsx", data)
        response = self.client.post(self.page("import"), {"file": upload}, headers=EN)
        assert response.status_code == 302, _form_errors(response)
        return ImportJob.objects.filter(user=self.users.a_editor).latest("pk")

    def test_import_template_names_the_columns(self):
        spec = self.record_type.import_spec
        self.client.force_login(self.users.a_editor)
        with translation.override("en"):
            labels = [str(c.label) for c in spec.all_columns]
        response = self.client.get(self.page("template", fmt="xlsx"), headers=EN)
        sheet = load_workbook(BytesIO(response.content)).worksheets[0]
        assert [c.value for c in sheet[1]] == labels
        csv = self.client.get(self.page("template", fmt="csv"), headers=EN)
        assert next(reader(StringIO(csv.content.decode("utf-8-sig")))) == labels

    def test_import_of_a_valid_row(self):
        before = self.record_type.model.objects.count()
        job = self._upload(self.import_row(self.tree.a))
        assert (job.status, job.created_count) == (ImportJob.Status.DONE, 1), job.errors
        assert self.record_type.model.objects.count() == before + 1
        self.client.force_login(self.users.a_editor)
        assert self.client.get(self.page("job", job.pk)).status_code == 200

    def test_import_of_a_bad_row_writes_nothing_and_says_where(self):
        spec = self.record_type.import_spec
        row, key = self.bad_import_row(self.tree.a)
        before = self.record_type.model.objects.count()
        job = self._upload(row)
        assert job.status == ImportJob.Status.REJECTED
        with translation.override("en"):
            label = str(next(c.label for c in spec.all_columns if c.key == key))
        [error] = job.errors
        assert (error["row"], error["column"]) == (2, label)
        assert error["message"]
        assert self.record_type.model.objects.count() == before
        self.client.force_login(self.users.a_editor)
        page = self.client.get(self.page("job", job.pk), headers=EN).content.decode()
        assert label in page

    def _exported(self, user):
        """The export (XLSX, English headers) of what `user` sees: (file, header cells, rows)."""
        self.client.force_login(user)
        response = self.client.get(self.page("export", fmt="xlsx"), headers=EN)
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        return response.content, rows[0], rows[1:]

    def test_import_of_its_own_export(self):
        """An export imports back: its headers name every column of the type's import, and its
        records, deleted and imported from the file, come back the same (in every column the
        import reads, but those it declares left out), a village's record with its commune."""
        rt, user = self.record_type, getattr(self.users, self.round_trip_user)
        if AreaLevel.VILLAGE in rt.import_spec.levels:
            self.make_record(self.tree.a1, "Marker-Village")
        # the fixture's record under a commune that ended in 2020 carries some types' default
        # date of today, which no import accepts there
        self._forget(self.records.former)
        columns = rt.import_spec.all_columns
        with translation.override("en"):
            left_out = [str(c.label) for c in columns if c.key in self.export_leaves_out]
            labels = [str(c.label) for c in columns if c.key not in self.export_leaves_out]
        assert len(left_out) == len(self.export_leaves_out), "not columns of the import"
        data, headers, before = self._exported(user)
        assert set(labels) <= set(headers), set(labels) - set(headers)
        assert not set(left_out) & set(headers), "declared left out, yet exported"
        read = [headers.index(label) for label in labels]
        assert before
        rt.model.objects.filter(pk__in=rt.queryset(user).values("pk")).delete()
        self.client.force_login(user)
        upload = SimpleUploadedFile("export.xlsx", data)
        response = self.client.post(self.page("import"), {"file": upload}, headers=EN)
        assert response.status_code == 302, _form_errors(response)
        job = ImportJob.objects.filter(user=user).latest("pk")
        assert (job.status, job.created_count) == (ImportJob.Status.DONE, len(before)), job.errors
        _data, _headers, after = self._exported(user)

        def imported(rows):
            cells = ([str(row[i]) if i < len(row) else "" for i in read] for row in rows)
            return sorted(cells, key=str)

        changed = {
            labels[i]: (old[i], new[i])
            for old, new in zip(imported(before), imported(after), strict=True)
            for i in range(len(labels))
            if old[i] != new[i]
        }
        assert not changed, changed

    # --- filters --------------------------------------------------------------------------
    def _area_filter(self):
        filters = self.record_type.filterset.base_filters
        return next(n for n, f in filters.items() if isinstance(f, AreaSubtreeFilter))

    def test_area_filter_keeps_the_subtree(self):
        name, tree = self._area_filter(), self.tree
        self.client.force_login(self.users.p_approver)
        body = self.client.get(self.list_url(), {name: tree.a.pk}).content.decode()
        assert "Marker-Alpha" in body and "Marker-Bravo" not in body
        api = self.api(self.users.p_approver)
        items = api.get(self.api_list_url(), **{name: tree.a.pk}).json()["items"]
        assert [item["id"] for item in items] == [self.records.a.pk]
        export = self.client.get(self.page("export", fmt="csv"), {name: tree.b.pk})
        body = export_text(export)
        assert "Marker-Bravo" in body and "Marker-Alpha" not in body
        assert self.client.get(self.list_url(), {name: tree.q.pk}).status_code == 404
        assert api.get(self.api_list_url(), **{name: tree.q.pk}).status_code == 404

    # --- query counts ---------------------------------------------------------------------
    def _queries(self, api):
        """The queries of the list page, the API list and each export, in that order."""
        urls = [self.list_url(), self.api_list_url(), *self.export_urls()]
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = (api if url.startswith("/api/") else self.client).get(url)
                assert response.status_code == 200, url
                if response.streaming:
                    b"".join(response.streaming_content)
            # read now: the next request empties the log the context reads from
            counts.append(list(captured.captured_queries))
        return urls, counts

    def test_lists_cost_the_same_queries(self):
        api = self.api(self.users.p_approver)
        self.client.force_login(self.users.p_approver)
        urls, few = self._queries(api)
        assert len(few[0]) <= self.list_queries_max, _queries(few[0])
        shown = len(api.get(self.api_list_url()).json()["items"])
        for i, area in enumerate(self.more_areas()):
            self.make_record(area, f"Marker-More-{i}")
        assert len(api.get(self.api_list_url()).json()["items"]) == shown + 2
        _urls, more = self._queries(api)
        for url, before, after in zip(urls, few, more, strict=True):
            assert len(after) <= len(before), f"{url}\n{_queries(after)}"


def _form_errors(response):
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    return form.errors if form is not None else response.content[:2000]


def _queries(captured):
    return "\n".join(q["sql"] for q in captured)
