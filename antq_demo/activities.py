"""Demo activities, secured delegations and events, and coordination regulations for the demo
province, from 2022 to today, shaped like the reported figures: each commune holds some eight
outreach sessions a year of about 54 people (3,022 sessions with 164,654 participants over a
province's five years), a few dialogues (between the commune's leaders and residents, or
employers, workers and the union), a training or two, a preliminary review in mid-year and a final
one in December, the signing of emulation agreements early in the year and its festival day in
August; delegations and events kept secure; two or three coordination regulations per commune.
Deterministic (the context's rng); skipped once the province has demo activities."""

from datetime import date, timedelta

from antq.activities import services
from antq.activities.choices import ActivityKind, SecuredEventKind
from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.registry.choices import OrganisationType
from antq_demo.writes import bulk_create_with_history

FIRST_YEAR = 2022
OUTREACH_TOPICS = [
    "Tuyên truyền phòng, chống ma túy",
    "Tuyên truyền phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Tuyên truyền phòng, chống lừa đảo trên không gian mạng",
    "Tuyên truyền Luật Cư trú và định danh điện tử",
    "Tuyên truyền bảo đảm trật tự, an toàn giao thông",
    "Tuyên truyền phòng, chống tội phạm mua bán người",
    "Tuyên truyền tố giác tội phạm, tin báo về tội phạm",
]
DIALOGUES = [
    (
        "Đối thoại giữa lãnh đạo xã với nhân dân về an ninh, trật tự",
        {"with_leaders": True, "with_residents": True},
    ),
    (
        "Đối thoại giữa người sử dụng lao động và người lao động",
        {"with_employers": True, "with_workers": True, "with_unions": True},
    ),
]
EVENTS = [
    (SecuredEventKind.EVENT, "Lễ kỷ niệm Quốc khánh 2/9", (9, 2), 1500),
    (SecuredEventKind.EVENT, "Lễ hội đầu xuân", (2, 10), 3000),
    (SecuredEventKind.EVENT, "Giải đua thuyền truyền thống", (4, 30), 2000),
    (SecuredEventKind.DOMESTIC_DELEGATION, "Đoàn công tác của Bộ Công an", None, 20),
    (SecuredEventKind.DOMESTIC_DELEGATION, "Đoàn công tác của Tỉnh ủy", None, 25),
    (SecuredEventKind.FOREIGN_DELEGATION, "Đoàn đại biểu tỉnh Savannakhet (Lào)", None, 15),
]
REGULATION_PARTNERS = [
    (OrganisationType.FATHERLAND_FRONT, "Ủy ban MTTQ Việt Nam"),
    (OrganisationType.YOUTH_UNION, "Đoàn Thanh niên"),
    (OrganisationType.SCHOOL, "nhà trường"),
]


def _day(rng, start, end):
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _year_activities(rng, commune, places, orgs, year, today):
    """(Activity, organisers) for one commune and year, none after today."""
    plan = []
    short = commune.name.split(" ", 1)[-1]

    def add(kind, title, day, participants, area=commune, organisers=(), **parts):
        if day <= today:
            plan.append(
                (
                    Activity(
                        area=area,
                        kind=kind,
                        title=title,
                        held_on=day,
                        participants=participants,
                        is_demo=True,
                        **parts,
                    ),
                    list(organisers),
                )
            )

    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    for _n in range(rng.randint(5, 11)):
        add(
            ActivityKind.OUTREACH,
            rng.choice(OUTREACH_TOPICS),
            _day(rng, jan1, dec31),
            rng.randint(30, 80),
            area=rng.choice(places),
            organisers=rng.sample(orgs, k=min(len(orgs), rng.randint(0, 2))),
        )
    for _n in range(rng.randint(2, 6)):
        title, parties = rng.choice(DIALOGUES)
        add(
            ActivityKind.DIALOGUE,
            title,
            _day(rng, jan1, dec31),
            rng.randint(20, 70),
            organisers=rng.sample(orgs, k=min(len(orgs), 1)),
            **parties,
        )
    for _n in range(rng.randint(1, 2)):
        add(
            ActivityKind.TRAINING,
            "Tập huấn nghiệp vụ cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
            _day(rng, date(year, 3, 1), date(year, 10, 31)),
            rng.randint(20, 50),
        )
    add(
        ActivityKind.AGREEMENT_SIGNING,
        f"Ký kết giao ước thi đua phong trào toàn dân bảo vệ ANTQ năm {year}",
        _day(rng, date(year, 1, 10), date(year, 3, 15)),
        rng.randint(30, 60),
        organisers=orgs[:2],
    )
    add(
        ActivityKind.PRELIMINARY_REVIEW,
        f"Sơ kết 6 tháng đầu năm {year} phong trào toàn dân bảo vệ ANTQ",
        _day(rng, date(year, 6, 20), date(year, 7, 15)),
        rng.randint(40, 90),
    )
    ceremony_only = rng.random() < 0.1
    add(
        ActivityKind.FESTIVAL_DAY,
        f"Ngày hội toàn dân bảo vệ an ninh Tổ quốc {short} năm {year}",
        date(year, 8, 19) if rng.random() < 0.3 else _day(rng, date(year, 8, 1), date(year, 8, 25)),
        rng.randint(200, 800),
        organisers=orgs[:2],
        ceremony_held=True,
        festival_held=not ceremony_only,
    )
    add(
        ActivityKind.FINAL_REVIEW,
        f"Tổng kết phong trào toàn dân bảo vệ ANTQ năm {year}",
        _day(rng, date(year, 12, 10), date(year, 12, 28)),
        rng.randint(50, 120),
    )
    return plan


def _province_reviews(ctx, today):
    """The province's own final review each December, where its certificates are presented."""
    plan = []
    for year in range(FIRST_YEAR, today.year + 1):
        day = date(year, 12, 20)
        if day <= today:
            activity = Activity(
                area=ctx.province,
                kind=ActivityKind.FINAL_REVIEW,
                title=f"Hội nghị tổng kết phong trào toàn dân bảo vệ ANTQ tỉnh năm {year}",
                held_on=day,
                participants=ctx.rng.randint(250, 400),
                is_demo=True,
            )
            plan.append((activity, []))
    return plan


def _save(ctx, write, pairs, field):
    records = []
    for record, links in pairs:
        record._pending_links = {field: links}
        records.append(record)
    return write(records=records, acting_user=ctx.actor, reason="demo")


def generate(ctx):
    rng = ctx.rng
    today = date.today()
    demo = Activity.objects.filter(is_demo=True, area__path__startswith=ctx.province.path)
    if demo.exists():
        return
    plan = _province_reviews(ctx, today)
    events = []
    regulations = []
    for commune in ctx.communes:
        places = [commune, *ctx.villages.get(commune.pk, [])]
        orgs = ctx.organisations.get(commune.pk, [])
        for year in range(FIRST_YEAR, today.year + 1):
            plan.extend(_year_activities(rng, commune, places, orgs, year, today))
            for kind, name, month_day, scale in rng.sample(EVENTS, k=rng.randint(1, 3)):
                day = (
                    date(year, *month_day)
                    if month_day
                    else _day(rng, date(year, 1, 1), min(today, date(year, 12, 31)))
                )
                if day > today:
                    continue
                incident = rng.random() < 0.03
                events.append(
                    SecuredEvent(
                        area=commune,
                        held_on=day,
                        kind=kind,
                        name=name,
                        scale=max(5, int(scale * rng.uniform(0.5, 1.5))),
                        incidents_occurred=incident,
                        incident_description="Ùn tắc giao thông cục bộ, đã được phân luồng"
                        if incident
                        else "",
                        is_demo=True,
                    )
                )
        short = commune.name.split(" ", 1)[-1]
        by_type = {o.org_type: o for o in orgs}
        for i, (org_type, partner) in enumerate(REGULATION_PARTNERS[: rng.randint(2, 3)], start=1):
            signed = _day(rng, date(2019, 1, 1), date(2024, 6, 30))
            ended = _day(rng, signed, today) if rng.random() < 0.1 else None
            review = date(today.year, signed.month, min(signed.day, 28))
            if review < today - timedelta(days=60):
                review = review.replace(year=today.year + 1)
            regulation = CoordinationRegulation(
                area=commune,
                number=f"{i:02d}/QCPH-CAX",
                title=f"Quy chế phối hợp giữa Công an {short} và {partner} "
                "trong xây dựng phong trào toàn dân bảo vệ ANTQ",
                signed_on=signed,
                scope="Phối hợp tuyên truyền, vận động quần chúng, nắm tình hình và giải quyết "
                "vụ việc phức tạp về an ninh, trật tự ở cơ sở",
                review_on=review,
                ended_on=ended,
                is_demo=True,
            )
            regulations.append((regulation, [by_type[org_type]] if org_type in by_type else []))
    _save(ctx, services.activity_bulk_create, plan, "organisers")
    bulk_create_with_history(
        events, SecuredEvent, batch_size=2000, default_user=ctx.actor, default_change_reason="demo"
    )
    _save(ctx, services.regulation_bulk_create, regulations, "parties")
    ctx.count("activities", len(plan))
    ctx.count("secured events", len(events))
    ctx.count("coordination regulations", len(regulations))
