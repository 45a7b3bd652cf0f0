"""The evaluation page and the other pages: pre-fills shown with their evidence, errors shown on
their fields in the user's language with nothing written, recognition, the commune's view, the
criteria, classification, weak units and the rural criterion."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from antq.evaluations.models import Answer, AnswerAttachment, Assessment, Registration
from antq.evaluations.selectors import current_answers
from antq.evaluations.services.classification import classification_save, plan_create
from antq.evaluations.tests.helpers import answer_all, org, register, start
from antq.evaluations.tests.test_classification import scores

PDF = b"%PDF-1.4 minimal"


def _post(assessment, *, action="save", on="2025-10-20", **answers):
    """The evaluation form as the browser sends it: every criterion's fields, with the page's
    pre-filled choices unless `answers` says otherwise ({code: "yes"|"no"|""})."""
    data = {"assessed_on": on, "notes": "", "action": action}
    for a in current_answers(assessment):
        code = a.criterion.code
        default = "" if not a.data_sufficient else ("yes" if a.suggested else "no")
        data[f"{code}__met"] = answers.get(code, default)
        data[f"{code}__evidence"] = ""
        data[f"{code}__override_reason"] = answers.get(f"{code}__reason", "")
    return data


def test_the_page_shows_the_prefills_and_their_evidence(client, tree, users):
    register(users.a_editor, tree.a1, on=date(2025, 1, 20))
    a = start(users.a_editor, tree.a1)
    client.force_login(users.a_editor)
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="answers-form"' in page
    assert "Pre-filled from records" in page
    assert "Registered on 20/01/2025, by the deadline of 31/03/2025." in page
    assert 'data-prefill="insufficient"' in page  # crime_held: tallies are the commune's
    assert page.count("checked") >= 3  # pre-filled choices selected
    assert 'id="prefilled" data-count="5"' in page  # 5 of 10 criteria


def test_saving_a_draft_then_completing_it(client, tree, users):
    register(users.a_editor, tree.a1)
    a = start(users.a_editor, tree.a1)
    client.force_login(users.a_editor)
    response = client.post(a.get_absolute_url(), _post(a, no_serious_crime="yes"))
    assert response.status_code == 302
    assert a.answers.get(criterion__code="no_serious_crime").met is True
    full = {
        c: "yes"
        for c in (
            "no_security_violations",
            "crime_held",
            "residents_violations",
            "households_registered",
            "no_serious_crime",
        )
    }
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    data = _post(a, action="complete", **full) | {"no_serious_crime__files": upload}
    response = client.post(a.get_absolute_url(), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    a.refresh_from_db()
    assert a.status == "assessed" and a.meets_standard is False  # no effective model recorded
    stored = AnswerAttachment.objects.get()
    assert (stored.kind, stored.original_name, stored.size) == ("pdf", "bien-ban.pdf", len(PDF))
    page = client.get(a.get_absolute_url()).content.decode()
    assert 'id="answers"' in page and "bien-ban.pdf" in page
    download = client.get(f"/evaluations/attachments/{stored.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_errors_are_field_errors_in_vietnamese_and_nothing_is_written(client, tree, users):
    a = start(users.a_editor, tree.a1)  # not registered
    client.force_login(users.a_editor)
    before = list(Answer.objects.values_list("met", flat=True))
    fake = SimpleUploadedFile("anh.pdf", b"MZ not a pdf", content_type="application/pdf")
    data = _post(a, action="complete", on="2025-11-03", registered="yes") | {
        "effective_model__files": fake
    }
    response = client.post(a.get_absolute_url(), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-error="assessed_on"' in page
    assert "Hãy chọn ngày trong thời gian đánh giá" in page
    assert 'data-error="registered__override_reason"' in page
    assert 'data-error="no_serious_crime__met"' in page
    assert "Hãy trả lời tiêu chí này: đạt hoặc không đạt." in page
    assert 'data-error="effective_model__files"' in page
    assert list(Answer.objects.values_list("met", flat=True)) == before
    assert not AnswerAttachment.objects.exists()
    a.refresh_from_db()
    assert a.status == "draft" and a.assessed_on is None


def test_recognition_on_the_page_and_a_reused_number(client, tree, users):
    from antq.core.testing.factories import make_area

    a2 = make_area(tree.a, name="Thôn 2", code="T02")
    done = []
    for area in (tree.a1, a2):
        register(users.a_editor, area)
        done.append(
            answer_all(
                users.a_editor,
                start(users.a_editor, area),
                reasons={"effective_model": "Mô hình mới"},
            )
        )
    first, second = done
    client.force_login(users.a_editor)
    assert 'id="recognise-form"' not in client.get(first.get_absolute_url()).content.decode()
    assert (
        client.post(
            f"/evaluations/assessments/{first.pk}/recognise/",
            {"decision_number": "1", "decision_date": "2025-11-20"},
        ).status_code
        == 403
    )
    client.force_login(users.p_approver)
    page = client.get(first.get_absolute_url()).content.decode()
    assert 'id="recognise-form"' in page
    ok = client.post(
        f"/evaluations/assessments/{first.pk}/recognise/",
        {"decision_number": "31/QĐ-UBND", "decision_date": "2025-11-20"},
    )
    assert ok.status_code == 302
    refused = client.post(
        f"/evaluations/assessments/{second.pk}/recognise/",
        {"decision_number": "31/QĐ-UBND", "decision_date": "2025-11-21"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert refused.status_code == 422
    text = refused.content.decode()
    assert 'data-error="decision_number"' in text and "31/QĐ-UBND" in text
    second.refresh_from_db()
    assert second.status == "assessed"


def test_reopen_from_the_page(client, tree, users):
    register(users.a_editor, tree.a1)
    a = answer_all(users.a_editor, start(users.a_editor, tree.a1))
    client.force_login(users.a_editor)
    assert (
        client.post(f"/evaluations/assessments/{a.pk}/reopen/", {"reason": ""}).status_code == 422
    )
    assert (
        client.post(f"/evaluations/assessments/{a.pk}/reopen/", {"reason": "Sai ngày"}).status_code
        == 302
    )
    a.refresh_from_db()
    assert a.status == "draft"


def test_the_commune_view_lists_its_units_and_starts_assessments(client, tree, users):
    school = org(tree.a, "school", "Trường THCS Hòa Bình")
    register(users.a_editor, tree.a1)
    client.force_login(users.a_editor)
    page = client.get(f"/evaluations/communes/{tree.a.pk}/", {"year": 2025}).content.decode()
    assert "Thôn 1" in page and "Trường THCS Hòa Bình" in page
    assert f'data-unit="org-{school.pk}"' in page
    response = client.post(
        "/evaluations/assessments/new/",
        {"area": tree.a.pk, "organisation": school.pk, "year": 2025},
    )
    created = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.subject_kind == "school"
    again = client.post(
        "/evaluations/assessments/new/",
        {"area": tree.a.pk, "organisation": school.pk, "year": 2025},
    )
    assert again.status_code == 422
    assert client.get(f"/evaluations/communes/{tree.b.pk}/").status_code == 404
    assert client.get(f"/evaluations/communes/{tree.a1.pk}/").status_code == 404


def test_lists_overview_and_exports(client, tree, users):
    register(users.a_editor, tree.a1, on=date(2025, 4, 2))
    answer_all(users.a_editor, start(users.a_editor, tree.a1), reasons={})
    client.force_login(users.p_approver)
    overview = client.get("/evaluations/", {"year": 2025, "area": tree.p.pk}).content.decode()
    assert 'data-kind="residential"' in overview
    regs = client.get("/evaluations/registrations/", {"is_late": "true"}).content.decode()
    assert "Thôn 1" in regs
    csv = b"".join(client.get("/evaluations/assessments/export.csv").streaming_content)
    assert "Thôn 1" in csv.decode("utf-8-sig")
    assert client.get("/evaluations/criteria/").status_code == 200


def test_registration_import(client, tree, users):
    from antq.core.imports import run_import
    from antq.evaluations.imports import REGISTRATION_IMPORT

    school = org(tree.a, "school")
    rows = (
        "commune code,village code,organisation (id),year,registered on\n"
        "10001,T01,,2025,15/02/2025\n"
        f"10001,,{school.pk},2025,2025-04-10\n"
        "10001,,,2025,2025-03-01\n"
    )
    outcome = run_import(
        REGISTRATION_IMPORT, acting_user=users.a_editor, data=rows.encode(), filename="r.csv"
    )
    assert outcome.ok, outcome.errors
    assert Registration.objects.filter(is_late=True).get().organisation == school
    again = run_import(
        REGISTRATION_IMPORT, acting_user=users.a_editor, data=rows.encode(), filename="r.csv"
    )
    assert not again.ok and len(again.errors) == 3
    bad = "commune code,village code,year,registered on\n10001,T01,2024,2025-12-01\n"
    outcome = run_import(
        REGISTRATION_IMPORT, acting_user=users.a_editor, data=bad.encode(), filename="r.csv"
    )
    assert not outcome.ok


def test_classification_and_plan_pages(client, tree, users):
    client.force_login(users.a_editor)
    step = client.get("/evaluations/classifications/new/", {"area": tree.a1.pk, "year": 2025})
    assert 'name="score_models"' in step.content.decode()
    data = {f"score_{k}": v for k, v in scores(0.3).items()} | {"notes": ""}
    response = client.post(f"/evaluations/classifications/new/?area={tree.a1.pk}&year=2025", data)
    assert response.status_code == 302
    bad = data | {"score_models": "25"}
    response = client.post(f"/evaluations/classifications/new/?area={tree.a1.pk}&year=2025", bad)
    assert response.status_code == 422
    own = client.post(f"/evaluations/classifications/new/?area={tree.a.pk}&year=2025", data)
    assert own.status_code == 422  # the commune is classified by the province
    weak = client.get("/evaluations/weak/", {"year": 2025}).content.decode()
    assert "Thôn 1" in weak and "text-bg-danger" in weak
    from antq.evaluations.models import Classification

    c = Classification.objects.get()
    form = client.get("/evaluations/plans/new/", {"classification": c.pk}).content.decode()
    assert f'value="{c.pk}" selected' in form
    response = client.post(
        "/evaluations/plans/new/",
        {
            "classification": c.pk,
            "measures": "Củng cố tổ tự quản",
            "responsible": "Công an xã",
            "due_on": "2026-06-30",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    xlsx = client.get("/evaluations/weak/export.xlsx", {"year": 2025})
    assert xlsx.status_code == 200


def test_the_rural_page(client, tree, users):
    client.force_login(users.a_editor)
    url = f"/evaluations/rural/new/?area={tree.a.pk}&year=2025"
    assert 'name="militia__met"' in client.get(url).content.decode()
    refused = client.post(url, {"assessed_on": "2025-12-10", "militia__met": "yes"})
    assert refused.status_code == 422
    assert 'data-error="security_order__met"' in refused.content.decode()
    done = client.post(
        url,
        {
            "assessed_on": "2025-12-10",
            "militia__met": "yes",
            "security_order__met": "no",
            "security_order__evidence": "Trọng án",
        },
    )
    assert done.status_code == 302
    ward = client.post(f"/evaluations/rural/new/?area={tree.b.pk}&year=2025", {})
    assert ward.status_code in (404, 422)
    plan_count = client.get("/evaluations/rural/").content.decode()
    assert "Xã Hòa Bình" in plan_count


def test_a_province_administrator_adds_a_criterion_in_the_ui(client, tree, users):
    from antq.core.testing.factories import make_user
    from antq.evaluations.models import CriteriaSet, Criterion

    client.force_login(users.a_editor)
    assert client.get("/evaluations/criteria/new/").status_code == 403
    admin = make_user(tree.p, "administrator", username="p_admin")
    client.force_login(admin)
    cset = CriteriaSet.objects.get(code="tt124-2021-residential")
    response = client.post(
        "/evaluations/criteria/new/",
        {
            "criteria_set": cset.pk,
            "area": tree.p.pk,
            "code": "camera",
            "name": "Có camera an ninh",
            "text": "Có ít nhất 01 camera an ninh.",
            "required": "on",
            "valid_from": "2025-01-01",
        },
    )
    assert response.status_code == 302
    assert Criterion.objects.get(code="camera").area == tree.p
    client.force_login(users.a_viewer)
    assert "Có camera an ninh" in client.get("/evaluations/criteria/").content.decode()
    _ = plan_create, classification_save


def test_lists_and_the_commune_view_do_not_grow_queries_with_rows(
    client, tree, users, django_assert_max_num_queries
):
    from antq.core.testing.factories import make_area

    def add(n):
        for i in range(n):
            v = make_area(tree.a, name=f"Thôn mới {i}")
            register(users.a_editor, v)
            a = answer_all(users.a_editor, start(users.a_editor, v), reasons={})
            if a.meets_standard:
                from antq.evaluations.services.standard import assessment_recognise

                assessment_recognise(
                    acting_user=users.p_approver,
                    instance=a,
                    decision_number="7",
                    decision_date=date(2025, 11, 20),
                )

    client.force_login(users.p_approver)
    add(1)
    urls = [
        "/evaluations/assessments/",
        "/evaluations/registrations/",
        f"/evaluations/communes/{tree.a.pk}/?year=2025",
        "/evaluations/?year=2025",
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as q:
            assert client.get(url).status_code == 200
        counts[url] = len(q.captured_queries)
    add(6)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)
