"""Demo crime reports and tips: a few per commune, received over the last 18 months (never before
the unit existed) by the staff channels and the portal, every one anonymous. Each tip goes through
the tips services as the demo actor, with the steps dated, so its events, due dates and figures are
those of real work: most settled (prosecute, do not prosecute, not a crime, to another agency),
some sent up to the province, a few extended or suspended, recent ones still being verified, a few
overdue. A few, beside a camera site whose owner agreed to be asked, ask the owner for footage,
with each answer an owner gives. Tip has no `is_demo` field: the step is skipped once the province
has tips.
Deterministic (the context's rng), except the tips' codes, which the model draws itself."""

import random
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from antq.cameras.choices import CameraStatus
from antq.cameras.models import CameraSite
from antq.tips.choices import Channel, FootageOutcome, LegalKind
from antq.tips.models import Tip, TipCategory
from antq.tips.services import entry as entry_services
from antq.tips.services import footage as footage_services
from antq.tips.services import workflow as workflow_services

PERIOD_DAYS = 548  # 18 months
CHANNELS = {  # channel: weight, legal kinds it brings
    Channel.IN_PERSON: (24, [LegalKind.DENUNCIATION]),
    Channel.PHONE: (24, [LegalKind.DENUNCIATION]),
    Channel.LETTER: (7, [LegalKind.DENUNCIATION]),
    Channel.AGENCY_TRANSFER: (5, [LegalKind.PROSECUTION_REQUEST, LegalKind.CRIME_REPORT]),
    Channel.PRESS: (2, [LegalKind.CRIME_REPORT]),
    Channel.MASS_ORGANISATION: (8, [LegalKind.CRIME_REPORT]),
    Channel.INFORMATION_SOURCE: (10, [LegalKind.DENUNCIATION]),
    Channel.ONLINE_PORTAL: (20, [LegalKind.DENUNCIATION]),
}
CATEGORY_WEIGHTS = {
    "theft": 30,
    "robbery": 4,
    "fraud": 18,
    "drugs": 10,
    "gambling": 8,
    "violence": 12,
    "fire_risk": 3,
    "traffic": 6,
    "public_disorder": 7,
    "other": 5,
}
SUMMARIES = {
    "theft": [
        "Mất trộm xe máy để trước cửa nhà vào ban đêm.",
        "Nhà vắng chủ bị kẻ gian đột nhập lấy trộm tiền và tài sản.",
        "Mất trộm gia súc thả ngoài đồng.",
        "Mất trộm dây điện, thiết bị tại công trình đang thi công.",
    ],
    "robbery": ["Bị giật túi xách khi đi xe máy trên đường liên thôn."],
    "fraud": [
        "Bị đối tượng giả danh cơ quan công an gọi điện yêu cầu chuyển tiền.",
        "Bị lừa đầu tư, chuyển tiền qua ứng dụng trên mạng xã hội.",
        "Đặt mua hàng trên mạng, đã chuyển tiền nhưng không nhận được hàng.",
    ],
    "drugs": [
        "Nghi có nhóm người tụ tập sử dụng trái phép chất ma túy tại một căn nhà bỏ hoang.",
        "Nghi có người mua bán trái phép chất ma túy gần khu nhà trọ.",
    ],
    "gambling": ["Nghi có tụ điểm đánh bạc ăn tiền vào ban đêm tại một nhà dân."],
    "violence": [
        "Xô xát, đánh nhau gây thương tích sau cuộc nhậu.",
        "Mâu thuẫn giữa hai gia đình dẫn đến đánh nhau gây thương tích.",
    ],
    "fire_risk": ["Kho chứa hàng dễ cháy sát khu dân cư, không có phương tiện chữa cháy."],
    "traffic": ["Nhóm thanh niên tụ tập đua xe, lạng lách trên quốc lộ vào ban đêm."],
    "public_disorder": ["Nhóm người gây rối, ném đá vào nhà dân vào ban đêm."],
    "other": ["Khai thác cát trái phép trên sông.", "Chặt phá rừng phòng hộ trái phép."],
}
GENERIC_SUMMARY = "Tin báo về sự việc có dấu hiệu tội phạm trên địa bàn."
PLANS = {  # how the tip is handled: weight
    "prosecute": 28,
    "not_prosecute": 24,
    "not_crime": 18,
    "to_province": 7,
    "to_agency": 4,
    "extended": 9,
    "suspended": 3,
    "slow": 7,  # settled late, or overdue if still open
}
NOT_CRIME = [
    "Tranh chấp dân sự; đã hướng dẫn các bên khởi kiện tại Tòa án.",
    "Vi phạm hành chính; đã xử phạt theo thẩm quyền.",
    "Sự việc không có dấu hiệu tội phạm; đã hòa giải tại cơ sở.",
]
NOT_PROSECUTE = [
    "Hành vi không cấu thành tội phạm.",
    "Giá trị tài sản chưa đến mức truy cứu trách nhiệm hình sự; chuyển xử phạt hành chính.",
]
AGENCIES = ["Hạt Kiểm lâm", "Đồn Biên phòng", "Cơ quan Điều tra hình sự Quân khu 4"]
# The owners' answers to the demo's footage requests, in turn (None: not answered yet), so that
# every outcome shows on a tip's page and on a camera site's page.
FOOTAGE_ANSWERS = [
    (FootageOutcome.AGREED, "Chủ camera đã sao chép đoạn ghi hình và bàn giao cho Công an xã."),
    (FootageOutcome.REFUSED, "Chủ hộ không đồng ý cung cấp dữ liệu ghi hình."),
    (FootageOutcome.NO_LONGER_EXISTED, "Đầu ghi đã ghi đè, không còn dữ liệu của thời điểm này."),
    (None, ""),
]
FOOTAGE_TIPS = 8  # tips with a point beside a camera site, whose unit asks its owner
FOOTAGE_REASON = (
    "Xác định phương tiện, người liên quan đi qua khu vực vào thời điểm xảy ra vụ việc."
)


def _received(rng, commune, today):
    start = today - timedelta(days=PERIOD_DAYS)
    if commune.valid_from and commune.valid_from > start:
        start = commune.valid_from  # a unit receives nothing before it exists
    return start + timedelta(days=rng.randint(0, max((today - start).days, 0)))


def _plan(rng, received, province):
    """The dated steps of one tip, as (day, service, arguments); a caller runs the steps whose
    day has come."""
    rng_days = rng.randint
    verify = received + timedelta(days=rng_days(0, 3))
    kind = rng.choices(list(PLANS), weights=list(PLANS.values()))[0]
    steps = [(verify, workflow_services.tip_start_verifying, {})]

    def decide(day):
        if rng.random() < 0.55:
            return (
                day,
                workflow_services.tip_decide,
                {"prosecute": True, "notes": "Khởi tố vụ án."},
            )
        return (
            day,
            workflow_services.tip_decide,
            {"prosecute": False, "notes": rng.choice(NOT_PROSECUTE)},
        )

    settle = verify + timedelta(days=rng_days(5, 17))  # within the 20 days
    if kind == "prosecute":
        steps.append(
            (settle, workflow_services.tip_decide, {"prosecute": True, "notes": "Khởi tố vụ án."})
        )
    elif kind == "not_prosecute":
        steps.append(
            (
                settle,
                workflow_services.tip_decide,
                {"prosecute": False, "notes": rng.choice(NOT_PROSECUTE)},
            )
        )
    elif kind == "not_crime":
        steps.append(
            (settle, workflow_services.tip_close_not_crime, {"reason": rng.choice(NOT_CRIME)})
        )
    elif kind == "to_agency":
        steps.append(
            (
                verify + timedelta(days=rng_days(1, 7)),
                workflow_services.tip_transfer_out,
                {"to_agency": rng.choice(AGENCIES), "reason": "Không thuộc thẩm quyền giải quyết."},
            )
        )
    elif kind == "to_province":
        sent = received + timedelta(days=rng_days(1, 8))
        if not province.is_active_on(sent):
            steps.append(decide(settle))
        else:
            steps = [  # sent up before any verification here: the province verifies
                (
                    sent,
                    workflow_services.tip_transfer,
                    {
                        "to_area": province,
                        "reason": "Vụ việc phức tạp, vượt thẩm quyền của Công an cấp xã.",
                    },
                ),
                (sent + timedelta(days=rng_days(0, 2)), workflow_services.tip_start_verifying, {}),
                decide(sent + timedelta(days=rng_days(8, 20))),
            ]
    elif kind == "extended":
        steps.append(
            (
                received + timedelta(days=rng_days(10, 15)),
                workflow_services.tip_extend,
                {"reason": "Vụ việc phức tạp, cần xác minh ở nhiều nơi."},
            )
        )
        steps.append(decide(received + timedelta(days=rng_days(25, 58))))
    elif kind == "suspended":
        paused = received + timedelta(days=rng_days(10, 18))
        resumed = paused + timedelta(days=rng_days(20, 60))
        steps += [
            (
                paused,
                workflow_services.tip_suspend,
                {"reason": "Chờ kết quả giám định, định giá tài sản."},
            ),
            (resumed, workflow_services.tip_resume, {"reason": "Đã có kết quả giám định."}),
            decide(resumed + timedelta(days=rng_days(5, 25))),
        ]
    else:  # slow: decided after the time limit, or still open and overdue
        steps.append(decide(received + timedelta(days=rng_days(25, 110))))
    return steps


def generate(ctx):
    rng = ctx.rng
    province = ctx.province
    path = province.path
    if Tip.objects.filter(
        Q(area__path__startswith=path) | Q(received_by_area__path__startswith=path)
    ).exists():
        return
    today = timezone.localdate()
    categories = list(TipCategory.objects.filter(is_active=True).order_by("sort_order", "pk"))
    if not categories:
        return
    weights = [CATEGORY_WEIGHTS.get(c.code, 3) for c in categories]
    channels = list(CHANNELS)
    channel_weights = [CHANNELS[c][0] for c in channels]
    sites = _consenting_sites(ctx)
    # its own draws, so that the rest of the demo is drawn as before footage requests came
    footage_rng = random.Random(f"footage-{province.code}")
    made = asked = 0
    for commune in ctx.communes:
        places = ctx.villages.get(commune.pk) or [commune]
        for _n in range(rng.randint(3, 8)):
            received = _received(rng, commune, today)
            channel = rng.choices(channels, weights=channel_weights)[0]
            category = rng.choices(categories, weights=weights)[0]
            place = rng.choice(places)
            occurred = received - timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 7]))
            footage = None
            if asked < FOOTAGE_TIPS:
                footage = _footage_plan(footage_rng, sites.get(commune.pk), occurred)
            point = footage["point"] if footage else {}
            tip = entry_services.tip_create(
                acting_user=ctx.actor,
                area=commune,
                legal_kind=rng.choice(CHANNELS[channel][1]),
                channel=channel,
                category=category,
                summary=rng.choice(SUMMARIES.get(category.code, [GENERIC_SUMMARY])),
                received_on=received,
                occurred_on=occurred,
                occurred_place=place.name if place is not commune else "",
                place_area=place,
                **point,
            )
            for n, (day, step, kwargs) in enumerate(_plan(rng, received, province)):
                if day > today:
                    break  # not yet: the tip stays where it is today
                tip = step(acting_user=ctx.actor, tip=tip, on=day, **kwargs)
                if n == 0 and footage:  # asked for while the tip is first looked into
                    answer = FOOTAGE_ANSWERS[asked % len(FOOTAGE_ANSWERS)]
                    _ask_for_footage(ctx, footage_rng, tip, footage, day, today, answer)
                    asked += 1
            made += 1
    ctx.count("tips", made)
    ctx.count("footage requests", asked)


def _consenting_sites(ctx):
    """Commune pk → the camera sites in service of the commune (or its villages) whose owners
    agreed to be asked for footage and whose point is known."""
    sites = (
        CameraSite.objects.filter(
            area__path__startswith=ctx.province.path,
            footage_consent=True,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .exclude(status=CameraStatus.REMOVED)
        .select_related("area")
        .order_by("pk")
    )
    by_path = {commune.path: commune.pk for commune in ctx.communes}
    found = {}
    for site in sites:
        for path, pk in by_path.items():
            if site.area.path.startswith(path):
                found.setdefault(pk, []).append(site)
    return found


def _footage_plan(rng, sites, occurred):
    """For a tip that will ask a camera's owner for footage: the site, the moment it happened
    (an evening hour of `occurred`), and the tip's point about 40 m from the site (well within
    the tip page's nearest radius); None where the commune has no such site."""
    if not sites:
        return None
    site = rng.choice(sites)
    moment = timezone.make_aware(
        datetime.combine(occurred, time(rng.randint(17, 22), rng.choice([0, 15, 30, 45])))
    )
    if moment + timedelta(hours=1) > timezone.now():
        return None  # the footage asked for must already exist
    return {
        "site": site,
        "moment": moment,
        "point": {
            "occurred_time": moment.time(),
            "latitude": round(site.latitude + rng.uniform(-0.0003, 0.0003), 6),
            "longitude": round(site.longitude + rng.uniform(-0.0003, 0.0003), 6),
        },
    }


def _ask_for_footage(ctx, rng, tip, footage, day, today, answer):
    """The request to the site's owner for two hours around the moment, dated `day`, and the
    owner's `answer` a few days later (none yet where it is still awaited or not yet due)."""
    moment = footage["moment"]
    request = footage_services.footage_request_create(
        acting_user=ctx.actor,
        tip=tip,
        camera_site=footage["site"],
        window_start=moment - timedelta(hours=1),
        window_end=moment + timedelta(hours=1),
        reason=FOOTAGE_REASON,
        on=day,
    )
    outcome, note = answer
    answered = day + timedelta(days=rng.randint(1, 4))
    if outcome and answered <= today:
        footage_services.footage_request_answer(
            acting_user=ctx.actor, request=request, outcome=outcome, note=note, on=answered
        )
