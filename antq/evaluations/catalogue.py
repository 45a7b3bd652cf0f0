"""The catalogue antq ships: the 2021 criteria sets of the "safe for security and order"
standard (Circular 124/2021/TT-BCA), one per kind of subject; the country's default points
schemes for classifying the movement; and the national sub-criteria of the new-rural
programme's criterion 19 on national defence and security.

`load()` writes them (by code, so running it again refreshes the wording and changes nothing
else); the data migration runs it, and `antq load-criteria` does it again on demand.

Each criterion: (code, number, short name vi, en, ar, full wording vi, required, threshold,
source note). The code names the records that pre-fill the answer (antq.evaluations.prefill).
"""

from datetime import date

from django.utils.translation import gettext_noop

# The source notes are kept in English, the catalogue's own language, and shown translated
# (criteria.html: `{% translate note %}`); gettext_noop puts them in the catalogues. A note an
# administrator writes in the admin is shown as written.

CIRCULAR = "Thông tư 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an"
IN_FORCE = date(2022, 2, 15)
SOURCE = gettext_noop(
    "Reconstructed from Circular 124/2021/TT-BCA of the Ministry of Public Security (28 December "
    '2021, in force 15 February 2022), chapter on the standard "An toàn về an ninh, trật tự". '
    "The wording, grouping and order of the criteria are antq's best reading of the circular "
    "and were NOT checked against the official text; amendments after 2021 were not reviewed. "
    "Check against the Official Gazette (Công báo) before relying on them; an administrator "
    "corrects the wording in the admin, and a province adds its own criteria."
)
UNSURE_SHARE = gettext_noop(
    "Unsure: whether agencies, enterprises and schools count among the commune's units with "
    "its residential areas (antq counts them); the threshold is data."
)
UNSURE_HOUSEHOLDS = gettext_noop("Unsure: the exact wording of the household commitment.")

_REGISTERED = (
    "registered",
    "Đăng ký phấn đấu trong quý I",
    "Registered to strive for the standard in the first quarter",
    "التسجيل للسعي إلى بلوغ المعيار في الربع الأول",
)
_NO_HOTSPOT = (
    "no_new_hotspot",
    "Không phát sinh “điểm nóng”, vụ việc phức tạp về an ninh, trật tự",
    "No new hotspot or complex incident",
    "عدم نشوء «بؤرة ساخنة» أو حادثة معقدة جديدة تمس الأمن والنظام",
    "Không phát sinh “điểm nóng”, vụ việc phức tạp về an ninh, trật tự; các mâu thuẫn, tranh "
    "chấp trong nội bộ nhân dân được hòa giải kịp thời tại cơ sở.",
)
_CRIME_HELD = (
    "crime_held",
    "Tội phạm, tệ nạn xã hội được kiềm chế, giảm so với năm trước",
    "Crime and social evils held or reduced compared with the previous year",
    "احتواء الجريمة والآفات الاجتماعية أو خفضها مقارنة بالعام السابق",
)
_MODEL = (
    "effective_model",
    "Có ít nhất 01 mô hình tự phòng, tự quản, tự bảo vệ hoạt động hiệu quả",
    "At least one effective self-defence or self-management model",
    "نموذج فعّال واحد على الأقل للوقاية الذاتية أو الإدارة الذاتية",
)


def _c(code, vi, en, ar, text, required=True, threshold=None, note=""):
    return {
        "code": code,
        "name": vi,
        "name_en": en,
        "name_ar": ar,
        "text": text,
        "required": required,
        "threshold": threshold,
        "source_note": note,
    }


CRITERIA_SETS = [
    {
        "code": "tt124-2021-residential",
        "subject_kind": "residential",
        "name": "Tiêu chuẩn “An toàn về an ninh, trật tự” đối với khu dân cư",
        "name_en": "Safe for security and order: residential areas",
        "name_ar": "معيار «آمن من حيث الأمن والنظام»: المناطق السكنية",
        "criteria": [
            _c(
                *_REGISTERED,
                "Khu dân cư có văn bản đăng ký phấn đấu đạt tiêu chuẩn “An toàn về an ninh, trật "
                "tự” với Ủy ban nhân dân cấp xã trong quý I của năm đánh giá.",
            ),
            _c(
                "plan_first_quarter",
                "Có nghị quyết, kế hoạch bảo đảm an ninh, trật tự trong quý I",
                "Resolution or plan for security and order adopted in the first quarter",
                "اعتماد قرار أو خطة لضمان الأمن والنظام في الربع الأول",
                "Chi bộ, Ban công tác Mặt trận khu dân cư có nghị quyết, kế hoạch về công tác bảo "
                "đảm an ninh, trật tự và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc, ban "
                "hành trong quý I.",
            ),
            _c(
                "no_security_violations",
                "Không để xảy ra hoạt động xâm phạm an ninh quốc gia, tụ tập đông người trái "
                "pháp luật",
                "No activity against national security, no unlawful mass gathering",
                "عدم وقوع أنشطة تمس الأمن الوطني أو تجمعات جماهيرية مخالفة للقانون",
                "Không để xảy ra hoạt động xâm phạm an ninh quốc gia; không có hoạt động tụ tập "
                "đông người, khiếu kiện trái pháp luật, truyền đạo trái pháp luật, gây rối an "
                "ninh, trật tự.",
            ),
            _c(
                "no_serious_crime",
                "Không để xảy ra tội phạm nghiêm trọng trở lên",
                "No serious, very serious or especially serious crime",
                "عدم وقوع جرائم خطيرة أو بالغة الخطورة",
                "Không để xảy ra tội phạm nghiêm trọng, rất nghiêm trọng, đặc biệt nghiêm trọng "
                "trên địa bàn khu dân cư; không để xảy ra cháy, nổ, tai nạn giao thông nghiêm "
                "trọng do nguyên nhân chủ quan.",
            ),
            _c(
                *_CRIME_HELD,
                "Các loại tội phạm, tệ nạn xã hội, tai nạn giao thông, cháy, nổ được kiềm chế, làm "
                "giảm so với năm trước.",
            ),
            _c(*_NO_HOTSPOT),
            _c(
                "residents_violations",
                "Không có người dân vi phạm pháp luật vượt quá mức quy định",
                "No residents breaking the law beyond the set thresholds",
                "عدم تجاوز مخالفات السكان للقانون الحدود المقررة",
                "Không có người dân ở khu dân cư phạm tội, vi phạm pháp luật bị xử lý hình sự vượt "
                "quá mức quy định; người chấp hành xong án phạt tù, người sử dụng trái phép chất "
                "ma túy được quản lý, giúp đỡ.",
                note=gettext_noop(
                    "Unsure: the thresholds themselves; the assessor applies the province's."
                ),
            ),
            _c(
                *_MODEL,
                "Có ít nhất 01 mô hình tự phòng, tự quản, tự bảo vệ, tự hòa giải về an ninh, trật "
                "tự hoạt động thường xuyên, hiệu quả.",
            ),
            _c(
                "security_team",
                "Lực lượng nòng cốt, tổ chức quần chúng bảo vệ an ninh, trật tự hoạt động hiệu quả",
                "Grassroots security teams active and effective",
                "فرق شعبية لحماية الأمن والنظام نشطة وفعالة",
                "Tổ bảo vệ an ninh, trật tự ở cơ sở, tổ tự quản và các tổ chức quần chúng tham gia "
                "bảo vệ an ninh, trật tự ở khu dân cư được củng cố, hoạt động thường xuyên, hiệu "
                "quả.",
            ),
            _c(
                "households_registered",
                "100% hộ gia đình đăng ký, ký cam kết",
                "Every household registered and signed the commitment",
                "تسجيل جميع الأسر وتوقيعها على التعهد",
                "100% hộ gia đình trong khu dân cư đăng ký, ký cam kết thực hiện các quy định về "
                "bảo đảm an ninh, trật tự và phòng cháy, chữa cháy.",
                note=UNSURE_HOUSEHOLDS,
            ),
        ],
    },
    {
        "code": "tt124-2021-commune",
        "subject_kind": "commune",
        "name": "Tiêu chuẩn “An toàn về an ninh, trật tự” đối với xã, phường, thị trấn",
        "name_en": "Safe for security and order: communes and wards",
        "name_ar": "معيار «آمن من حيث الأمن والنظام»: البلديات والأحياء",
        "criteria": [
            _c(
                *_REGISTERED,
                "Xã, phường, thị trấn có văn bản đăng ký phấn đấu đạt tiêu chuẩn “An toàn về an "
                "ninh, trật tự” với cấp trên trong quý I của năm đánh giá.",
            ),
            _c(
                "plan_first_quarter",
                "Có nghị quyết của cấp ủy, kế hoạch của Ủy ban nhân dân trong quý I",
                "Party committee resolution and people's committee plan in the first quarter",
                "قرار لجنة الحزب وخطة اللجنة الشعبية في الربع الأول",
                "Đảng ủy có nghị quyết, Ủy ban nhân dân cấp xã có kế hoạch về công tác bảo đảm an "
                "ninh, trật tự và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc, ban hành "
                "trong quý I.",
            ),
            _c(
                "no_security_violations",
                "Không để xảy ra hoạt động xâm phạm an ninh quốc gia, khiếu kiện đông người trái "
                "pháp luật",
                "No activity against national security, no unlawful mass complaints",
                "عدم وقوع أنشطة تمس الأمن الوطني أو شكاوى جماعية مخالفة للقانون",
                "Không để xảy ra hoạt động xâm phạm an ninh quốc gia; không để xảy ra tụ tập đông "
                "người, khiếu kiện vượt cấp, kéo dài, trái pháp luật.",
            ),
            _c(
                "no_serious_crime",
                "Không để xảy ra tội phạm rất nghiêm trọng, đặc biệt nghiêm trọng",
                "No very serious or especially serious crime",
                "عدم وقوع جرائم بالغة الخطورة أو خطيرة بشكل خاص",
                "Không để xảy ra tội phạm rất nghiêm trọng, đặc biệt nghiêm trọng do nguyên nhân "
                "chủ quan; không để xảy ra cháy, nổ, tai nạn giao thông đặc biệt nghiêm trọng.",
            ),
            _c(
                *_CRIME_HELD,
                "Tội phạm, tệ nạn xã hội, tai nạn giao thông, cháy, nổ được kiềm chế, làm giảm so "
                "với năm trước; tỷ lệ điều tra, khám phá án đạt chỉ tiêu cấp trên giao.",
            ),
            _c(*_NO_HOTSPOT),
            _c(
                "officials_violations",
                "Không có cán bộ, công chức cấp xã vi phạm pháp luật bị xử lý hình sự",
                "No commune official prosecuted for breaking the law",
                "عدم ملاحقة أي موظف في البلدية جنائيًا بسبب مخالفة القانون",
                "Không có cán bộ, công chức, người hoạt động không chuyên trách cấp xã vi phạm "
                "pháp luật bị truy cứu trách nhiệm hình sự.",
            ),
            _c(
                "subunits_registered",
                "100% khu dân cư, cơ quan, doanh nghiệp, nhà trường đăng ký",
                "Every residential area, agency, enterprise and school registered",
                "تسجيل جميع المناطق السكنية والهيئات والمؤسسات والمدارس",
                "100% khu dân cư, cơ quan, doanh nghiệp, nhà trường trên địa bàn đăng ký phấn đấu "
                "đạt tiêu chuẩn “An toàn về an ninh, trật tự”.",
                threshold="1",
                note=UNSURE_SHARE,
            ),
            _c(
                "subunits_recognised",
                "Từ 70% khu dân cư, cơ quan, doanh nghiệp, nhà trường trở lên được công nhận",
                "At least 70% of residential areas, agencies, enterprises and schools recognised",
                "الاعتراف بما لا يقل عن 70% من المناطق السكنية والهيئات والمؤسسات والمدارس",
                "Có từ 70% trở lên số khu dân cư, cơ quan, doanh nghiệp, nhà trường trên địa bàn "
                "được công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự”.",
                threshold="0.7",
                note=UNSURE_SHARE,
            ),
            _c(
                *_MODEL,
                "Có mô hình, điển hình tiên tiến trong phong trào toàn dân bảo vệ an ninh Tổ quốc "
                "hoạt động hiệu quả, được nhân rộng.",
            ),
            _c(
                "police_rating",
                "Công an xã được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên",
                "Commune police rated ‘duties well fulfilled’ or better",
                "تصنيف شرطة البلدية «أدّت مهامها بشكل جيد» أو أفضل",
                "Công an cấp xã được cấp có thẩm quyền đánh giá, xếp loại “Hoàn thành tốt nhiệm "
                "vụ” trở lên trong năm.",
            ),
        ],
    },
    {
        "code": "tt124-2021-agency",
        "subject_kind": "agency",
        "name": "Tiêu chuẩn “An toàn về an ninh, trật tự” đối với cơ quan, doanh nghiệp",
        "name_en": "Safe for security and order: agencies and enterprises",
        "name_ar": "معيار «آمن من حيث الأمن والنظام»: الهيئات والمؤسسات",
        "criteria": [
            _c(
                *_REGISTERED,
                "Cơ quan, doanh nghiệp có văn bản đăng ký phấn đấu đạt tiêu chuẩn “An toàn về an "
                "ninh, trật tự” trong quý I của năm đánh giá.",
            ),
            _c(
                "plan_first_quarter",
                "Có kế hoạch, nội quy, quy chế bảo vệ cơ quan, doanh nghiệp",
                "Security plan in the first quarter; internal protection rules in force",
                "خطة أمنية في الربع الأول ولوائح داخلية للحماية سارية",
                "Có kế hoạch bảo đảm an ninh, trật tự ban hành trong quý I; có nội quy, quy chế "
                "bảo vệ cơ quan, bảo vệ bí mật nhà nước, phòng cháy, chữa cháy và tổ chức thực "
                "hiện nghiêm.",
            ),
            _c(
                "no_security_violations",
                "Không để xảy ra lộ, lọt bí mật nhà nước, hoạt động xâm phạm an ninh quốc gia",
                "No leak of state secrets, no activity against national security",
                "عدم تسرب أسرار الدولة وعدم وقوع أنشطة تمس الأمن الوطني",
                "Không để xảy ra hoạt động xâm phạm an ninh quốc gia, lộ, lọt, mất bí mật nhà "
                "nước; không để xảy ra tụ tập đông người, khiếu kiện trái pháp luật.",
            ),
            _c(
                "no_illegal_strike",
                "Không để xảy ra đình công, ngừng việc tập thể trái pháp luật",
                "No unlawful strike or collective work stoppage",
                "عدم وقوع إضراب أو توقف جماعي عن العمل مخالف للقانون",
                "Không để xảy ra đình công, ngừng việc tập thể, lãn công trái pháp luật; tranh "
                "chấp lao động được giải quyết kịp thời.",
            ),
            _c(
                "no_serious_crime",
                "Không để xảy ra tội phạm, cháy, nổ nghiêm trọng",
                "No serious crime, fire or explosion on the premises",
                "عدم وقوع جرائم أو حرائق أو انفجارات خطيرة في المقر",
                "Không để xảy ra tội phạm, vụ cháy, nổ, tai nạn lao động nghiêm trọng trong khuôn "
                "viên cơ quan, doanh nghiệp do nguyên nhân chủ quan.",
            ),
            _c(
                "staff_violations",
                "Không có cán bộ, người lao động vi phạm pháp luật bị xử lý hình sự",
                "No staff member prosecuted for breaking the law",
                "عدم ملاحقة أي موظف أو عامل جنائيًا بسبب مخالفة القانون",
                "Không có cán bộ, công chức, viên chức, người lao động vi phạm pháp luật bị truy "
                "cứu trách nhiệm hình sự; không có người mắc tệ nạn xã hội.",
            ),
            _c(
                *_MODEL,
                "Có ít nhất 01 mô hình tự quản, tự bảo vệ về an ninh, trật tự hoạt động hiệu quả "
                "(bảo vệ cơ quan, tổ công nhân tự quản…).",
            ),
            _c(
                "security_team",
                "Lực lượng bảo vệ cơ quan, doanh nghiệp hoạt động hiệu quả",
                "The agency's or enterprise's protection force active and effective",
                "قوة الحماية في الهيئة أو المؤسسة نشطة وفعالة",
                "Có lực lượng bảo vệ chuyên trách hoặc kiêm nhiệm, được huấn luyện nghiệp vụ, hoạt "
                "động hiệu quả.",
            ),
            _c(
                "staff_registered",
                "100% cán bộ, người lao động đăng ký, ký cam kết",
                "Every staff member registered and signed the commitment",
                "تسجيل جميع الموظفين والعمال وتوقيعهم على التعهد",
                "100% cán bộ, công chức, viên chức, người lao động đăng ký, ký cam kết thực hiện "
                "các quy định về bảo đảm an ninh, trật tự.",
            ),
        ],
    },
    {
        "code": "tt124-2021-school",
        "subject_kind": "school",
        "name": "Tiêu chuẩn “An toàn về an ninh, trật tự” đối với nhà trường",
        "name_en": "Safe for security and order: schools",
        "name_ar": "معيار «آمن من حيث الأمن والنظام»: المدارس",
        "criteria": [
            _c(
                *_REGISTERED,
                "Nhà trường có văn bản đăng ký phấn đấu đạt tiêu chuẩn “An toàn về an ninh, trật "
                "tự” trong quý I của năm đánh giá.",
            ),
            _c(
                "plan_first_quarter",
                "Có kế hoạch bảo đảm an ninh, trật tự trường học trong quý I",
                "School security plan adopted in the first quarter",
                "اعتماد خطة الأمن المدرسي في الربع الأول",
                "Nhà trường có kế hoạch bảo đảm an ninh, trật tự, an toàn trường học ban hành "
                "trong quý I; có quy chế phối hợp với Công an cấp xã.",
            ),
            _c(
                "no_security_violations",
                "Không để xảy ra hoạt động xâm phạm an ninh quốc gia trong nhà trường",
                "No activity against national security in the school",
                "عدم وقوع أنشطة تمس الأمن الوطني في المدرسة",
                "Không để xảy ra hoạt động xâm phạm an ninh quốc gia, truyền đạo trái pháp luật, "
                "tụ tập đông người trái pháp luật trong nhà trường.",
            ),
            _c(
                "no_student_crime",
                "Không có giáo viên, học sinh phạm tội, sử dụng ma túy",
                "No teacher or pupil committing crime or using drugs",
                "عدم ارتكاب أي معلم أو تلميذ جريمة أو تعاطيه المخدرات",
                "Không có cán bộ, giáo viên, học sinh, sinh viên phạm tội, vi phạm pháp luật bị xử "
                "lý hình sự; không có người sử dụng trái phép chất ma túy.",
            ),
            _c(
                "no_school_violence",
                "Không để xảy ra bạo lực học đường nghiêm trọng",
                "No serious school violence",
                "عدم وقوع عنف مدرسي خطير",
                "Không để xảy ra bạo lực học đường, đánh nhau gây hậu quả nghiêm trọng; không để "
                "xảy ra tai nạn giao thông, đuối nước nghiêm trọng đối với học sinh do nguyên nhân "
                "chủ quan.",
            ),
            _c(
                *_MODEL,
                "Có ít nhất 01 mô hình bảo đảm an ninh, trật tự, an toàn giao thông trường học "
                "(cổng trường an toàn giao thông, tổ học sinh tự quản…) hoạt động hiệu quả.",
            ),
            _c(
                "security_team",
                "Tổ bảo vệ, đội tự quản của nhà trường hoạt động hiệu quả",
                "The school's protection and self-management teams active and effective",
                "فرق الحماية والإدارة الذاتية في المدرسة نشطة وفعالة",
                "Có tổ bảo vệ nhà trường, đội thanh niên, học sinh tự quản tham gia bảo đảm an "
                "ninh, trật tự hoạt động hiệu quả.",
            ),
            _c(
                "staff_registered",
                "100% cán bộ, giáo viên, học sinh ký cam kết",
                "Every teacher, staff member and pupil signed the commitment",
                "توقيع جميع المعلمين والموظفين والتلاميذ على التعهد",
                "100% cán bộ, giáo viên, học sinh, sinh viên đăng ký, ký cam kết thực hiện các quy "
                "định về bảo đảm an ninh, trật tự, an toàn giao thông và phòng, chống ma túy.",
            ),
        ],
    },
]

SCHEME_SOURCE = gettext_noop(
    "antq's default for the country: six scored parts totalling 100 points and the cut-offs "
    "excellent ≥ 90, good ≥ 70, average ≥ 50, weak below 50, in the spirit of Circular "
    "124/2021/TT-BCA's classification of the movement. The parts and points were NOT taken from "
    "the circular's text; each province attaches its own scheme (and cut-offs) to its area."
)
SCHEME_CRITERIA = [
    (
        "leadership",
        "Lãnh đạo, chỉ đạo, xây dựng kế hoạch",
        "Leadership, direction and planning",
        "القيادة والتوجيه والتخطيط",
        15,
    ),
    (
        "outreach",
        "Tuyên truyền, vận động quần chúng",
        "Outreach and mobilisation of the people",
        "التوعية وتعبئة السكان",
        15,
    ),
    (
        "models",
        "Xây dựng, nhân rộng mô hình tự phòng, tự quản",
        "Building and replicating self-defence and self-management models",
        "بناء نماذج الوقاية الذاتية والإدارة الذاتية وتعميمها",
        20,
    ),
    (
        "crime_prevention",
        "Kết quả phòng ngừa, phát hiện, tố giác tội phạm",
        "Results in preventing, detecting and reporting crime",
        "نتائج منع الجريمة وكشفها والإبلاغ عنها",
        20,
    ),
    (
        "forces",
        "Xây dựng lực lượng nòng cốt, tổ chức quần chúng",
        "Grassroots forces and mass organisations",
        "بناء القوى الأساسية والمنظمات الشعبية",
        15,
    ),
    (
        "reviews",
        "Sơ kết, tổng kết, khen thưởng",
        "Reviews and commendations",
        "المراجعات والتكريم",
        15,
    ),
]
SCHEMES = [
    {
        "code": "vn-2022-commune",
        "unit_kind": "commune",
        "name": "Thang điểm xếp loại phong trào cấp xã (mặc định toàn quốc)",
        "name_en": "Movement classification of communes (national default)",
        "name_ar": "سلّم تصنيف الحركة في البلديات (الافتراضي الوطني)",
    },
    {
        "code": "vn-2022-residential",
        "unit_kind": "residential",
        "name": "Thang điểm xếp loại phong trào khu dân cư (mặc định toàn quốc)",
        "name_en": "Movement classification of residential areas (national default)",
        "name_ar": "سلّم تصنيف الحركة في المناطق السكنية (الافتراضي الوطني)",
    },
]

RURAL_SETS = [
    {
        "code": "qd318-2022-criterion-19",
        "name": "Tiêu chí số 19 về Quốc phòng và An ninh (xã nông thôn mới giai đoạn 2021–2025)",
        "name_en": "Criterion 19, national defence and security (new-rural communes, 2021–2025)",
        "name_ar": "المعيار 19: الدفاع الوطني والأمن (البلديات الريفية الجديدة، 2021–2025)",
        "legal_basis": "Quyết định 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ",
        "valid_from": date(2021, 1, 1),
        "source_note": gettext_noop(
            "Criterion 19 of the national criteria for new-rural communes 2021–2025 (Decision "
            "318/QĐ-TTg, 8 March 2022), from antq's best knowledge; the wording was NOT checked "
            "against the official text. It stays in force after 2025 until an administrator "
            "adds the next period's set (with its own start date) or a province adds its own."
        ),
        "sub_criteria": [
            (
                "militia",
                "19.1",
                "Dân quân “vững mạnh, rộng khắp”, hoàn thành chỉ tiêu quốc phòng",
                "A strong, widespread militia; the defence targets met",
                "ميليشيا «قوية وواسعة الانتشار» وتحقيق أهداف الدفاع",
                "Xây dựng lực lượng dân quân “vững mạnh, rộng khắp” và hoàn thành các chỉ tiêu "
                "quốc phòng.",
            ),
            (
                "security_order",
                "19.2",
                "Xã đạt chuẩn an toàn về an ninh, trật tự xã hội và bảo đảm bình yên",
                "Safe for security and social order, and peaceful",
                "بلدية آمنة من حيث الأمن والنظام الاجتماعي ومطمئنة",
                "Xã đạt chuẩn an toàn về an ninh, trật tự xã hội và đảm bảo bình yên: không có "
                "khiếu kiện đông người kéo dài; không để xảy ra trọng án; tội phạm và tệ nạn xã "
                "hội (ma túy, trộm cắp, cờ bạc, nghiện hút) được kiềm chế, giảm liên tục so với "
                "các năm trước.",
            ),
        ],
    },
]


def load(apps=None):
    """Write the shipped catalogue; returns {what: number written}."""
    if apps is None:
        from django.apps import apps
    CriteriaSet = apps.get_model("evaluations", "CriteriaSet")
    Criterion = apps.get_model("evaluations", "Criterion")
    Scheme = apps.get_model("evaluations", "ClassificationScheme")
    SchemeCriterion = apps.get_model("evaluations", "SchemeCriterion")
    RuralSet = apps.get_model("evaluations", "RuralCriterionSet")
    RuralSub = apps.get_model("evaluations", "RuralSubCriterion")
    counts = {"criteria sets": 0, "criteria": 0, "schemes": 0, "rural sub-criteria": 0}
    for i, data in enumerate(CRITERIA_SETS, start=1):
        data = dict(data)
        criteria = data.pop("criteria")
        cset, _new = CriteriaSet.objects.update_or_create(
            code=data.pop("code"),
            defaults=data
            | {
                "legal_basis": CIRCULAR,
                "valid_from": IN_FORCE,
                "source_note": SOURCE,
                "sort_order": i * 10,
            },
        )
        counts["criteria sets"] += 1
        for n, crit in enumerate(criteria, start=1):
            crit = dict(crit)
            Criterion.objects.update_or_create(
                criteria_set=cset,
                code=crit.pop("code"),
                defaults=crit | {"number": str(n), "sort_order": n * 10},
            )
            counts["criteria"] += 1
    for i, data in enumerate(SCHEMES, start=1):
        scheme, _new = Scheme.objects.update_or_create(
            code=data["code"],
            defaults={k: v for k, v in data.items() if k != "code"}
            | {
                "legal_basis": CIRCULAR,
                "valid_from": IN_FORCE,
                "source_note": SCHEME_SOURCE,
                "excellent_min": 90,
                "good_min": 70,
                "average_min": 50,
                "sort_order": i * 10,
            },
        )
        counts["schemes"] += 1
        for n, (code, vi, en, ar, points) in enumerate(SCHEME_CRITERIA, start=1):
            SchemeCriterion.objects.update_or_create(
                scheme=scheme,
                code=code,
                defaults={
                    "name": vi,
                    "name_en": en,
                    "name_ar": ar,
                    "max_points": points,
                    "sort_order": n * 10,
                },
            )
    for i, data in enumerate(RURAL_SETS, start=1):
        data = dict(data)
        subs = data.pop("sub_criteria")
        rset, _new = RuralSet.objects.update_or_create(
            code=data.pop("code"), defaults=data | {"sort_order": i * 10}
        )
        for n, (code, number, vi, en, ar, text) in enumerate(subs, start=1):
            RuralSub.objects.update_or_create(
                criteria_set=rset,
                code=code,
                defaults={
                    "number": number,
                    "name": vi,
                    "name_en": en,
                    "name_ar": ar,
                    "text": text,
                    "sort_order": n * 10,
                },
            )
            counts["rural sub-criteria"] += 1
    return counts
