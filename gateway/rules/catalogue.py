"""THE catalogue of quality rules ("Đúng – Đủ – Sạch – Sống"), served at `GET /v1/rules`.

One entry per rule: id, dimension, severity, outcome, the fields it reads, title and message in
Vietnamese and English, its legal or practical source, where it applies, and its check
(`gateway.rules.checks`). Rule messages may name `{field}`; checks usually give a precise one.

Where rules apply:
- Đúng and Đủ bind everywhere. Đủ's required set is the MINIMUM one in cohort 70 phase I
  ("Đúng – Đủ") and the FULL one in cohort 26 and cohort 70 phase II.
- Sạch and Sống bind in cohort 26 and cohort 70 phase II. In cohort 70 phase I they are
  advisory: still checked and reported, but as warnings, and their dimension verdicts count
  pass/fail for reporting only (they never reject a record there).
"""

from __future__ import annotations

from typing import Any

from gateway.rules import checks as c
from gateway.rules.models import (
    FULL_SCOPES,
    AppliesTo,
    Check,
    Dimension,
    Outcome,
    Rule,
    Severity,
)

D, DU, S, SO = Dimension.DUNG, Dimension.DU, Dimension.SACH, Dimension.SONG
E, W = Severity.ERROR, Severity.WARNING

EVERYWHERE = AppliesTo(
    note_en="All cohorts, phases and channels.",
    note_vi="Mọi nhóm cơ quan, giai đoạn và kênh cập nhật.",
)
FULL_SET = AppliesTo(
    scopes=FULL_SCOPES,
    note_en="Required in the full field set: cohort 26 and cohort 70 phase II. Not required in "
    "cohort 70 phase I (minimum 'Đúng – Đủ' set).",
    note_vi="Bắt buộc trong bộ trường đầy đủ: nhóm 26 và nhóm 70 giai đoạn II. Không bắt buộc ở "
    "nhóm 70 giai đoạn I (bộ tối thiểu 'Đúng – Đủ').",
)
RECOMMENDED_SET = AppliesTo(
    scopes=FULL_SCOPES,
    note_en="Recommended in the full field set (cohort 26 and cohort 70 phase II): a missing "
    "value is a warning. Not checked in cohort 70 phase I.",
    note_vi="Nên có trong bộ trường đầy đủ (nhóm 26 và nhóm 70 giai đoạn II): thiếu thì cảnh báo. "
    "Không kiểm tra ở nhóm 70 giai đoạn I.",
)
MINIMUM_SET = AppliesTo(
    note_en="Required everywhere: part of the minimum 'Đúng – Đủ' set of cohort 70 phase I and "
    "of the full set of cohort 26 and cohort 70 phase II.",
    note_vi="Bắt buộc ở mọi nơi: thuộc bộ tối thiểu 'Đúng – Đủ' của nhóm 70 giai đoạn I và bộ "
    "đầy đủ của nhóm 26, nhóm 70 giai đoạn II.",
)
ADVISORY_IN_PHASE_I = AppliesTo(
    advisory_in=("70/I",),
    note_en="Binding in cohort 26 and cohort 70 phase II. Advisory in cohort 70 phase I (held to "
    "'Đúng – Đủ'): reported as a warning, and the dimension's pass/fail counts for reporting "
    "only.",
    note_vi="Bắt buộc ở nhóm 26 và nhóm 70 giai đoạn II. Ở nhóm 70 giai đoạn I (yêu cầu 'Đúng – "
    "Đủ') chỉ mang tính khuyến nghị: báo dưới dạng cảnh báo, kết quả chiều chỉ dùng để thống kê.",
)
HEARTBEAT = AppliesTo(
    channels=("api",),
    advisory_in=("70/I",),
    note_en="Records synchronised by the agency's HR software (channel api); advisory in cohort "
    "70 phase I.",
    note_vi="Hồ sơ đồng bộ từ phần mềm quản lý của cơ quan (kênh api); khuyến nghị ở nhóm 70 "
    "giai đoạn I.",
)

PID = "Thông tư 59/2021/TT-BCA, Điều 7 (cấu trúc số định danh cá nhân)"
DATES = "ISO 8601; mẫu 2C-BNV (Thông tư 06/2023/TT-BNV)"
RANKS = "Quyết định 78/2004/QĐ-BNV và các thông tư về mã ngạch, chức danh nghề nghiệp"
SALARY = "Nghị định 204/2004/NĐ-CP, bảng 2 (công chức) và bảng 3 (viên chức)"
IDENTITY = (
    "Quyết định 72/QĐ-BNV, Phụ lục 1, mục 1.3 và 1.2.2.3 (đối khớp với CSDLQG về dân cư); "
    "Luật Căn cước 2023"
)
COMPLETE = "Quyết định 72/QĐ-BNV, Phụ lục 1 (Đúng – Đủ – Sạch – Sống); mẫu 2C-BNV"
UNICODE = "TCVN 6909:2001 (Unicode tiếng Việt, ký tự dựng sẵn); Unicode NFC (UAX #15)"
LIVE = "Nghị định 27/2026/NĐ-CP (thời hạn cập nhật dữ liệu CBCCVC)"


def _rule(
    id: str,
    dimension: Dimension,
    severity: Severity,
    outcome: Outcome,
    fields: tuple[str, ...],
    title: tuple[str, str],
    message: tuple[str, str],
    source: str,
    check: Check,
    applies_to: AppliesTo = EVERYWHERE,
    uses_population_db: bool = False,
) -> Rule:
    if dimension in (Dimension.SACH, Dimension.SONG) and applies_to is EVERYWHERE:
        applies_to = ADVISORY_IN_PHASE_I
    return Rule(
        id=id,
        dimension=dimension,
        severity=severity,
        outcome=outcome,
        fields=fields,
        title_vi=title[0],
        title_en=title[1],
        message_vi=message[0],
        message_en=message[1],
        source=source,
        check=check,
        applies_to=applies_to,
        uses_population_db=uses_population_db,
    )


_REQUIRED_LABELS: dict[str, tuple[str, str]] = {
    "person_id": ("Số định danh cá nhân (hoặc số CMND cũ)", "personal number (or old CMND)"),
    "full_name": ("Họ và tên", "full name"),
    "date_of_birth": ("Ngày sinh", "date of birth"),
    "sex": ("Giới tính", "sex"),
    "unit": ("Đơn vị công tác", "unit"),
    "staff_type": ("Loại cán bộ, công chức, viên chức", "staff type"),
    "rank_code": ("Mã ngạch / chức danh nghề nghiệp", "rank / professional title code"),
    "employment_status": ("Trạng thái công tác", "employment status"),
    "ethnicity_code": ("Dân tộc", "ethnic group"),
    "hometown_province": ("Quê quán", "home town province"),
    "permanent_address": ("Nơi thường trú", "permanent address"),
    "salary_grade": ("Nhóm lương", "salary grade"),
    "salary_step": ("Bậc lương", "salary step"),
    "salary_coefficient": ("Hệ số lương", "salary coefficient"),
    "recruitment_date": ("Ngày tuyển dụng", "recruitment date"),
    "education_level": ("Trình độ chuyên môn", "education level"),
    "social_insurance_no": ("Mã số bảo hiểm xã hội", "social insurance number"),
    "source_updated_at": ("Thời điểm cập nhật trên hệ thống nguồn", "source update time"),
}
_MINIMUM = (
    "person_id",
    "full_name",
    "date_of_birth",
    "sex",
    "unit",
    "staff_type",
    "rank_code",
    "employment_status",
)
_NOTES: dict[str, tuple[str, str]] = {
    "person_id": (
        " Đáp ứng bởi số CMND cũ: CSDLQG về dân cư bổ sung số định danh.",
        " Met by old_id_number too: the population DB supplies the personal number.",
    ),
    "rank_code": (
        " Không áp dụng cho cán bộ (can_bo) hưởng lương chức vụ.",
        " Not required of elected cadres (can_bo), paid on the position salary table.",
    ),
}
for _pay in ("salary_grade", "salary_step", "salary_coefficient"):
    _NOTES[_pay] = _NOTES["rank_code"]
for _supplied in (
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity_code",
    "hometown_province",
    "permanent_address",
):
    _NOTES[_supplied] = (
        " Được bổ sung từ CSDLQG về dân cư khi trống (chờ kết quả đối khớp).",
        " Supplemented from the population DB when empty (pending until it answers).",
    )


_NOTES["social_insurance_no"] = (
    " Từ 1/7/2025 mã số BHXH là số định danh cá nhân (Luật Bảo hiểm xã hội 2024).",
    " Since 1/7/2025 the social insurance number is the personal number (Luật Bảo hiểm xã hội "
    "2024).",
)


def _required_rule(key: str) -> Rule:
    vi, en = _REQUIRED_LABELS[key]
    note_vi, note_en = _NOTES.get(key, ("", ""))
    return _rule(
        f"DU-REQ-{key.upper().replace('_', '-')}",
        DU,
        E,
        Outcome.MISSING,
        (key, "old_id_number") if key == "person_id" else (key,),
        (f"Bắt buộc: {vi}", f"Required: {en}"),
        (f"Thiếu trường bắt buộc {key} ({vi}).{note_vi}", f"{key} ({en}) is required.{note_en}"),
        COMPLETE + ("" if key != "source_updated_at" else "; " + LIVE),
        c.required(key),
        MINIMUM_SET if key in _MINIMUM else FULL_SET,
    )


def _recommended_rule(key: str) -> Rule:
    vi, en = _REQUIRED_LABELS[key]
    note_vi, note_en = _NOTES.get(key, ("", ""))
    return _rule(
        f"DU-REC-{key.upper().replace('_', '-')}",
        DU,
        W,
        Outcome.MISSING,
        (key,),
        (f"Nên có: {vi}", f"Recommended: {en}"),
        (
            f"Thiếu trường {key} ({vi}): hồ sơ vẫn được nhận nhưng cần bổ sung.{note_vi}",
            f"{key} ({en}) is missing: the record is accepted but should be completed.{note_en}",
        ),
        COMPLETE,
        c.required(key),
        RECOMMENDED_SET,
    )


CATALOGUE: tuple[Rule, ...] = (
    # ===================================== ĐÚNG =====================================
    _rule(
        "DUNG-ID-FORMAT", D, E, Outcome.INVALID, ("person_id",),
        ("Số định danh gồm 12 chữ số", "Personal number is 12 digits"),
        ("Số định danh cá nhân phải gồm đúng 12 chữ số.",
         "person_id must be exactly 12 digits."),
        PID, c.id_format,
    ),
    _rule(
        "DUNG-ID-PROVINCE", D, E, Outcome.NOT_IN_REGISTRY, ("person_id",),
        ("Mã tỉnh của số định danh", "Province code of the personal number"),
        ("Ba chữ số đầu phải là mã tỉnh nơi đăng ký khai sinh trong danh mục 63 tỉnh, thành phố.",
         "The first three digits must be a province code of the official list of 63."),
        PID + "; seed/provinces.csv", c.id_province,
    ),
    _rule(
        "DUNG-ID-CENTURY", D, E, Outcome.INVALID, ("person_id",),
        ("Mã thế kỷ/giới tính của số định danh", "Century/sex digit of the personal number"),
        ("Chữ số thứ 4 (0/1 thế kỷ 20, 2/3 thế kỷ 21, 4/5 22, 6/7 23, 8/9 24; chẵn nam, lẻ nữ) "
         "cùng hai chữ số năm sinh không được chỉ một năm sinh trong tương lai.",
         "The 4th digit (0/1: 1900s, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 2300s; even male, "
         "odd female) and the year digits must not denote a future birth."),
        PID, c.id_century,
    ),
    _rule(
        "DUNG-ID-BIRTH-YEAR", D, E, Outcome.INCONSISTENT, ("person_id", "date_of_birth"),
        ("Năm sinh trong số định danh", "Birth year in the personal number"),
        ("Năm sinh mã hóa trong số định danh (chữ số 4–6) phải trùng năm của ngày sinh.",
         "The birth year encoded in person_id (digits 4–6) must be the year of date_of_birth."),
        PID, c.id_birth_year,
    ),
    _rule(
        "DUNG-ID-SEX-DIGIT", D, E, Outcome.INCONSISTENT, ("person_id", "sex"),
        ("Giới tính trong số định danh", "Sex in the personal number"),
        ("Chữ số thứ 4 của số định danh (chẵn: nam, lẻ: nữ) phải khớp giới tính.",
         "The 4th digit of person_id (even: male, odd: female) must agree with sex."),
        PID, c.id_sex_digit,
    ),
    _rule(
        "DUNG-OLD-ID-FORMAT", D, E, Outcome.INVALID, ("old_id_number",),
        ("Số CMND cũ gồm 9 chữ số", "Old CMND number is 9 digits"),
        ("Số CMND cũ phải gồm đúng 9 chữ số; CMND 12 số (2012–2016) chính là số định danh cá "
         "nhân, gửi ở trường person_id.",
         "old_id_number must be the 9 digits of the old identity card; a 12-digit CMND "
         "(2012–2016) is the personal number itself: send it as person_id."),
        "Nghị định 05/1999/NĐ-CP (CMND 9 số); Nghị định 106/2013/NĐ-CP (CMND 12 số)",
        c.old_id_format,
    ),
    _rule(
        "DUNG-NAME-CHARS", D, E, Outcome.INVALID, ("full_name",),
        ("Họ và tên chỉ gồm chữ cái", "Full name is letters only"),
        ("Họ và tên chỉ gồm chữ cái (có dấu), dấu cách, dấu gạch nối và dấu nháy (H'Hen Niê).",
         "full_name holds only letters (with diacritics), spaces, hyphens and apostrophes "
         "(H'Hen Niê)."),
        "Luật Căn cước 2023; Nghị định 123/2015/NĐ-CP (họ, chữ đệm, tên)", c.name_chars,
    ),
    _rule(
        "DUNG-DOB-FORMAT", D, E, Outcome.INVALID, ("date_of_birth",),
        ("Ngày sinh đúng định dạng", "Date of birth is a date"),
        ("Ngày sinh phải là ngày có thật dạng YYYY-MM-DD, từ 1900-01-01.",
         "date_of_birth must be a real YYYY-MM-DD date from 1900-01-01."),
        DATES, c.dob_format,
    ),
    _rule(
        "DUNG-DOB-FUTURE", D, E, Outcome.INVALID, ("date_of_birth",),
        ("Ngày sinh không ở tương lai", "Date of birth not in the future"),
        ("Ngày sinh không được sau ngày đánh giá.", "date_of_birth must not be after as_of."),
        DATES, c.dob_not_future,
    ),
    _rule(
        "DUNG-RECRUITMENT-DATE-FORMAT", D, E, Outcome.INVALID, ("recruitment_date",),
        ("Ngày tuyển dụng đúng định dạng", "Recruitment date is a date"),
        ("Ngày tuyển dụng phải là ngày có thật dạng YYYY-MM-DD.",
         "recruitment_date must be a real YYYY-MM-DD date."),
        DATES, c.recruitment_format,
    ),
    _rule(
        "DUNG-RECRUITMENT-DATE-FUTURE", D, E, Outcome.INVALID, ("recruitment_date",),
        ("Ngày tuyển dụng không ở tương lai", "Recruitment date not in the future"),
        ("Ngày tuyển dụng không được sau ngày đánh giá.",
         "recruitment_date must not be after as_of."),
        DATES, c.recruitment_not_future,
    ),
    _rule(
        "DUNG-PARTY-DATE-FORMAT", D, E, Outcome.INVALID, ("party_join_date",),
        ("Ngày vào Đảng đúng định dạng", "Party admission date is a date"),
        ("Ngày vào Đảng phải là ngày có thật dạng YYYY-MM-DD.",
         "party_join_date must be a real YYYY-MM-DD date."),
        DATES, c.party_format,
    ),
    _rule(
        "DUNG-PARTY-DATE-FUTURE", D, E, Outcome.INVALID, ("party_join_date",),
        ("Ngày vào Đảng không ở tương lai", "Party admission date not in the future"),
        ("Ngày vào Đảng không được sau ngày đánh giá.",
         "party_join_date must not be after as_of."),
        DATES, c.party_not_future,
    ),
    _rule(
        "DUNG-UPDATED-AT-FORMAT", D, E, Outcome.INVALID, ("source_updated_at",),
        ("Thời điểm cập nhật đúng định dạng", "Source update time is a date-time"),
        ("Thời điểm cập nhật phải là ngày giờ ISO 8601 (không ghi múi giờ: giờ Việt Nam).",
         "source_updated_at must be an ISO 8601 date-time (no offset: Vietnam time)."),
        "ISO 8601 / RFC 3339", c.updated_at_format,
    ),
    _rule(
        "DUNG-UPDATED-AT-FUTURE", D, E, Outcome.INVALID, ("source_updated_at",),
        ("Thời điểm cập nhật không ở tương lai", "Source update time not in the future"),
        ("Thời điểm cập nhật không được muộn hơn lúc hệ thống nhận hồ sơ (cho phép lệch 5 phút).",
         "source_updated_at must not be later than received_at (5 minutes of skew allowed)."),
        "ISO 8601 / RFC 3339", c.updated_at_not_future,
    ),
    _rule(
        "DUNG-RECRUITMENT-AGE", D, E, Outcome.INCONSISTENT, ("recruitment_date", "date_of_birth"),
        ("Tuyển dụng từ đủ 18 tuổi", "Recruited at 18 or older"),
        ("Ngày tuyển dụng không được trước ngày đủ 18 tuổi.",
         "recruitment_date must not be before the 18th birthday."),
        "Luật Cán bộ, công chức 2008, Điều 36; Luật Viên chức 2010, Điều 22",
        c.recruitment_age,
    ),
    _rule(
        "DUNG-RECRUITMENT-BEFORE-RETIREMENT", D, W, Outcome.INCONSISTENT,
        ("recruitment_date", "date_of_birth", "sex"),
        ("Tuyển dụng trước tuổi nghỉ hưu", "Recruited before retirement age"),
        ("Ngày tuyển dụng sau thời điểm nghỉ hưu theo quy định: cần quyết định kéo dài thời gian "
         "công tác hoặc kiểm tra lại ngày (luật không quy định tuổi tuyển dụng tối đa).",
         "recruitment_date is after the statutory retirement date: it needs a decision "
         "extending service, or the date is wrong (the laws set no maximum recruitment age)."),
        "Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP",
        c.recruitment_before_retirement,
    ),
    _rule(
        "DUNG-PARTY-AGE", D, E, Outcome.INCONSISTENT, ("party_join_date", "date_of_birth"),
        ("Vào Đảng từ đủ 18 tuổi", "Party admission at 18 or older"),
        ("Ngày vào Đảng không được trước ngày đủ 18 tuổi.",
         "party_join_date must not be before the 18th birthday."),
        "Điều lệ Đảng Cộng sản Việt Nam, Điều 1", c.party_age,
    ),
    _rule(
        "DUNG-AGE-MINIMUM", D, E, Outcome.INCONSISTENT, ("date_of_birth", "employment_status"),
        ("Người đang công tác đủ 18 tuổi", "Active staff are 18 or older"),
        ("Người đang công tác phải đủ 18 tuổi tại ngày đánh giá.",
         "Active staff must be 18 or older on as_of."),
        "Luật Cán bộ, công chức 2008, Điều 36; Luật Viên chức 2010, Điều 22",
        c.age_minimum,
    ),
    _rule(
        "DUNG-SEX-VALUE", D, E, Outcome.INVALID, ("sex",),
        ("Giới tính hợp lệ", "Sex is male or female"),
        ("Giới tính phải là 'male' hoặc 'female'.", "sex must be 'male' or 'female'."),
        "Luật Căn cước 2023, Điều 9", c.sex_value,
    ),
    _rule(
        "DUNG-ETHNICITY-CODE", D, E, Outcome.NOT_IN_REGISTRY, ("ethnicity_code",),
        ("Mã dân tộc trong danh mục", "Ethnic group code in the list"),
        ("Dân tộc phải là mã 2 chữ số của danh mục 54 dân tộc.",
         "ethnicity_code must be a 2-digit code of the 54 ethnic groups."),
        "Quyết định 121-TCTK/PPCĐ (danh mục các dân tộc Việt Nam); seed/ethnic_groups.csv",
        c.ethnicity_code,
    ),
    _rule(
        "DUNG-HOMETOWN-CODE", D, E, Outcome.NOT_IN_REGISTRY, ("hometown_province",),
        ("Mã tỉnh quê quán trong danh mục", "Home town province code in the list"),
        ("Quê quán phải là mã 3 chữ số của danh mục 63 tỉnh, thành phố.",
         "hometown_province must be a 3-digit province code of the official list."),
        PID + "; seed/provinces.csv", c.hometown_code,
    ),
    _rule(
        "DUNG-STAFF-TYPE", D, E, Outcome.INVALID, ("staff_type",),
        ("Loại cán bộ, công chức, viên chức", "Staff type"),
        ("Loại phải là can_bo, cong_chuc hoặc vien_chuc.",
         "staff_type must be can_bo, cong_chuc or vien_chuc."),
        "Luật Cán bộ, công chức 2008, Điều 4; Luật Viên chức 2010, Điều 2", c.staff_type,
    ),
    _rule(
        "DUNG-EMPLOYMENT-STATUS", D, E, Outcome.INVALID, ("employment_status",),
        ("Trạng thái công tác hợp lệ", "Employment status value"),
        ("Trạng thái phải là active, retired, resigned hoặc deceased.",
         "employment_status must be active, retired, resigned or deceased."),
        COMPLETE, c.employment_status,
    ),
    _rule(
        "DUNG-RANK-CODE", D, E, Outcome.NOT_IN_REGISTRY, ("rank_code",),
        ("Mã ngạch / chức danh nghề nghiệp trong danh mục", "Rank code in the code list"),
        ("Mã ngạch (dd.ddd) hoặc chức danh nghề nghiệp (V.dd.dd.dd) phải có trong danh mục.",
         "rank_code must be a rank (dd.ddd) or professional title (V.dd.dd.dd) of the list."),
        RANKS, c.rank_code,
    ),
    _rule(
        "DUNG-RANK-SUPERSEDED", D, W, Outcome.STALE, ("rank_code",),
        ("Mã ngạch / chức danh đã được thay thế", "Superseded rank code"),
        ("Mã ngạch / chức danh nghề nghiệp cũ đã được thay bằng mã mới.",
         "The rank or title code has been replaced by a newer one."),
        RANKS, c.rank_superseded,
    ),
    _rule(
        "DUNG-RANK-STAFF-TYPE", D, E, Outcome.INCONSISTENT, ("rank_code", "staff_type"),
        ("Mã ngạch phù hợp loại cán bộ", "Rank code agrees with staff type"),
        ("Ngạch công chức (dd.ddd) thuộc công chức (hành chính, văn thư, kế toán cả viên chức); "
         "chức danh nghề nghiệp (V.dd.dd.dd) thuộc viên chức.",
         "Civil-service ranks (dd.ddd) are held by civil servants (administrative, clerical and "
         "accounting ranks by public employees too); titles (V.dd.dd.dd) by public employees."),
        RANKS + "; Luật Viên chức 2010", c.rank_staff_type,
    ),
    _rule(
        "DUNG-RANK-GRADE", D, E, Outcome.INCONSISTENT, ("rank_code", "salary_grade"),
        ("Nhóm lương phù hợp ngạch", "Salary grade agrees with the rank"),
        ("Nhóm lương phải là nhóm xếp lương của ngạch / chức danh nghề nghiệp.",
         "salary_grade must be a grade on which the rank or title is paid."),
        RANKS + "; " + SALARY, c.rank_grade,
    ),
    _rule(
        "DUNG-SALARY-GRADE-CODE", D, E, Outcome.NOT_IN_REGISTRY, ("salary_grade",),
        ("Nhóm lương trong bảng lương", "Salary grade in the tables"),
        ("Nhóm lương phải là A3.1, A3.2, A2.1, A2.2, A1, A0, B, C1, C2 hoặc C3.",
         "salary_grade must be A3.1, A3.2, A2.1, A2.2, A1, A0, B, C1, C2 or C3."),
        SALARY, c.salary_grade,
    ),
    _rule(
        "DUNG-SALARY-STEP-FORMAT", D, E, Outcome.INVALID, ("salary_step",),
        ("Bậc lương là số nguyên", "Salary step is a whole number"),
        ("Bậc lương phải là số nguyên từ 1.", "salary_step must be a whole number from 1."),
        SALARY, c.salary_step_format,
    ),
    _rule(
        "DUNG-SALARY-STEP-RANGE", D, E, Outcome.INCONSISTENT, ("salary_step", "salary_grade"),
        ("Bậc lương trong số bậc của nhóm", "Salary step within the grade"),
        ("Bậc lương không vượt số bậc của nhóm lương (A3: 6, A2: 8, A1: 9, A0: 10, B/C: 12).",
         "salary_step must not exceed the grade's steps (A3: 6, A2: 8, A1: 9, A0: 10, B/C: 12)."),
        SALARY, c.salary_step_range,
    ),
    _rule(
        "DUNG-SALARY-COEFFICIENT-FORMAT", D, E, Outcome.INVALID, ("salary_coefficient",),
        ("Hệ số lương là số thập phân", "Salary coefficient is a decimal"),
        ("Hệ số lương phải là số thập phân dùng dấu chấm (2.34).",
         "salary_coefficient must be a decimal number with a dot (2.34)."),
        SALARY, c.coefficient_format,
    ),
    _rule(
        "DUNG-SALARY-COEFFICIENT", D, E, Outcome.MISMATCH,
        ("salary_coefficient", "salary_grade", "salary_step", "staff_type"),
        ("Hệ số lương đúng bảng lương", "Salary coefficient per the tables"),
        ("Hệ số lương phải bằng hệ số của nhóm và bậc trong bảng lương (so sánh 2 chữ số thập "
         "phân).",
         "salary_coefficient must equal the table value for the grade and step (2 decimals)."),
        SALARY, c.coefficient_value,
    ),
    _rule(
        "DUNG-SOCIAL-INSURANCE-FORMAT", D, E, Outcome.INVALID,
        ("social_insurance_no", "person_id"),
        ("Mã số BHXH đúng định dạng", "Social insurance number format"),
        ("Mã số BHXH gồm 10 chữ số, hoặc là số định danh cá nhân của chính người đó.",
         "social_insurance_no is 10 digits, or the person's own 12-digit personal number."),
        "Quyết định 595/QĐ-BHXH (mã số BHXH 10 chữ số); Luật Bảo hiểm xã hội 2024",
        c.social_insurance,
    ),
    _rule(
        "DUNG-AGENCY-CODE", D, E, Outcome.MISMATCH, ("agency_code",),
        ("Mã cơ quan là cơ quan gửi", "Agency code is the submitting agency"),
        ("Mã cơ quan (nếu có) phải là mã của cơ quan gửi dữ liệu.",
         "agency_code, when given, must be the submitting agency's code."),
        "Quyết định 72/QĐ-BNV, Phụ lục 2 và 3 (danh sách cơ quan)", c.agency_code,
    ),
    _rule(
        "DUNG-ID-NOT-FOUND", D, E, Outcome.NOT_IN_REGISTRY, ("person_id", "old_id_number"),
        ("Có trong CSDLQG về dân cư", "Found in the population database"),
        ("Số định danh / số CMND phải có trong CSDLQG về dân cư.",
         "The identifier must be known to the national population database."),
        IDENTITY, c.identity_not_found, uses_population_db=True,
    ),
    _rule(
        "DUNG-ID-REJECTED", D, E, Outcome.INVALID, ("person_id", "old_id_number"),
        ("CSDLQG về dân cư chấp nhận dữ liệu định danh", "Identity data accepted by the "
         "population database"),
        ("CSDLQG về dân cư không được từ chối dữ liệu định danh là không hợp lệ.",
         "The national population database must not refuse the identity data as malformed."),
        IDENTITY, c.identity_rejected, uses_population_db=True,
    ),
    _rule(
        "DUNG-ID-NAME", D, E, Outcome.MISMATCH, ("full_name",),
        ("Họ và tên khớp CSDLQG về dân cư", "Full name matches the population database"),
        ("Họ và tên phải khớp CSDLQG về dân cư (sau chuẩn hóa NFC, khoảng trắng, chữ hoa/thường, "
         "vị trí dấu thanh).",
         "full_name must match the population DB (after NFC, whitespace, case and tone-mark "
         "placement normalisation)."),
        IDENTITY, c.identity_name, uses_population_db=True,
    ),
    _rule(
        "DUNG-ID-NAME-PARTIAL", D, W, Outcome.PARTIAL, ("full_name",),
        ("Họ và tên chỉ khớp khi bỏ dấu", "Full name agrees only without diacritics"),
        ("Họ và tên chỉ khớp CSDLQG về dân cư khi bỏ dấu: cần người kiểm tra, không tính là khớp.",
         "full_name agrees with the population DB only without diacritics: for a person to "
         "review, never counted as a match."),
        IDENTITY, c.identity_name_partial, uses_population_db=True,
    ),
    _rule(
        "DUNG-ID-DOB", D, E, Outcome.MISMATCH, ("date_of_birth",),
        ("Ngày sinh khớp CSDLQG về dân cư", "Date of birth matches the population database"),
        ("Ngày sinh phải khớp CSDLQG về dân cư (báo rõ khi ngày và tháng bị đảo).",
         "date_of_birth must match the population DB (a day/month swap is called out)."),
        IDENTITY, c.identity_dob, uses_population_db=True,
    ),
    _rule(
        "DUNG-ID-SEX", D, E, Outcome.MISMATCH, ("sex",),
        ("Giới tính khớp CSDLQG về dân cư", "Sex matches the population database"),
        ("Giới tính phải khớp CSDLQG về dân cư.", "sex must match the population DB."),
        IDENTITY, c.identity_sex, uses_population_db=True,
    ),
    _rule(
        "DUNG-ID-OLD-ID", D, E, Outcome.MISMATCH, ("old_id_number", "person_id"),
        ("Số CMND cũ thuộc cùng người", "Old CMND belongs to the same person"),
        ("Số CMND cũ phải thuộc cùng công dân với số định danh.",
         "old_id_number must belong to the same citizen as person_id."),
        IDENTITY, c.identity_old_id, uses_population_db=True,
    ),
    _rule(
        "DUNG-ID-MISMATCH", D, E, Outcome.MISMATCH, ("person_id",),
        ("Không có sai khác khác với CSDLQG", "No other mismatch with the population database"),
        ("CSDLQG về dân cư báo không khớp mà không chỉ rõ trường: không được coi là khớp.",
         "A mismatch reported by the population DB without a field is never taken as a match."),
        IDENTITY, c.identity_mismatch, uses_population_db=True,
    ),
    _rule(
        "DUNG-REGISTRY-ETHNICITY", D, W, Outcome.MISMATCH, ("ethnicity_code",),
        ("Dân tộc khớp CSDLQG về dân cư", "Ethnic group agrees with the population database"),
        ("Dân tộc khác CSDLQG về dân cư: giữ giá trị của cơ quan, cần kiểm tra.",
         "ethnicity_code differs from the population DB: the agency's value is kept; check it."),
        IDENTITY, c.registry_ethnicity, uses_population_db=True,
    ),
    _rule(
        "DUNG-REGISTRY-RELIGION", D, W, Outcome.MISMATCH, ("religion",),
        ("Tôn giáo khớp CSDLQG về dân cư", "Religion agrees with the population database"),
        ("Tôn giáo khác CSDLQG về dân cư: giữ giá trị của cơ quan, cần kiểm tra.",
         "religion differs from the population DB: the agency's value is kept; check it."),
        IDENTITY, c.registry_religion, uses_population_db=True,
    ),
    _rule(
        "DUNG-REGISTRY-HOMETOWN", D, W, Outcome.MISMATCH, ("hometown_province",),
        ("Quê quán khớp CSDLQG về dân cư", "Home town agrees with the population database"),
        ("Quê quán khác CSDLQG về dân cư: giữ giá trị của cơ quan, cần kiểm tra.",
         "hometown_province differs from the population DB: the agency's value is kept; "
         "check it."),
        IDENTITY, c.registry_hometown, uses_population_db=True,
    ),
    _rule(
        "DUNG-REGISTRY-ADDRESS", D, W, Outcome.MISMATCH, ("permanent_address",),
        ("Nơi thường trú khớp CSDLQG về dân cư", "Address agrees with the population database"),
        ("Nơi thường trú khác CSDLQG về dân cư (sau khi bỏ qua dấu câu, viết tắt): giữ giá trị "
         "của cơ quan, cần kiểm tra.",
         "permanent_address differs from the population DB (ignoring punctuation and common "
         "abbreviations): the agency's value is kept; check it."),
        IDENTITY, c.registry_address, uses_population_db=True,
    ),
    # ===================================== ĐỦ =====================================
    *(
        _required_rule(key)
        for key in (
            "person_id",
            "full_name",
            "date_of_birth",
            "sex",
            "unit",
            "staff_type",
            "rank_code",
            "employment_status",
            "ethnicity_code",
            "hometown_province",
            "permanent_address",
            "salary_grade",
            "salary_step",
            "salary_coefficient",
            "recruitment_date",
            "source_updated_at",
        )
    ),
    _recommended_rule("education_level"),
    _recommended_rule("social_insurance_no"),
    # ===================================== SẠCH =====================================
    _rule(
        "SACH-NFC", S, W, Outcome.NOT_NORMALISED, ("*",),
        ("Unicode dựng sẵn (NFC)", "Unicode NFC"),
        ("{field}: văn bản không ở dạng Unicode dựng sẵn (NFC, dấu tổ hợp); đã lưu bản chuẩn hóa.",
         "{field}: text is not in Unicode NFC (combining marks); the normalised value is "
         "stored."),
        UNICODE, c.not_nfc,
    ),
    _rule(
        "SACH-WHITESPACE", S, W, Outcome.NOT_NORMALISED, ("*",),
        ("Khoảng trắng chuẩn", "Whitespace"),
        ("{field}: có khoảng trắng thừa (đầu, cuối, hai dấu cách, tab, xuống dòng); đã lưu bản "
         "chuẩn hóa.",
         "{field}: stray whitespace (leading, trailing, doubled, tabs, line breaks); the "
         "normalised value is stored."),
        UNICODE, c.whitespace,
    ),
    _rule(
        "SACH-LOOKALIKE", S, W, Outcome.NOT_NORMALISED, ("*",),
        ("Ký tự giống Đ", "Look-alike letters"),
        ("{field}: dùng chữ Ð (U+00D0, eth) thay cho Đ (U+0110); đã thay bằng Đ.",
         "{field}: uses Ð (U+00D0, eth) for Đ (U+0110); replaced with Đ."),
        UNICODE, c.lookalike,
    ),
    _rule(
        "SACH-INVISIBLE-CHARS", S, W, Outcome.NOT_NORMALISED, ("*",),
        ("Ký tự vô hình", "Invisible characters"),
        ("{field}: chứa ký tự vô hình (zero-width, BOM, gạch nối mềm); đã loại bỏ.",
         "{field}: contains invisible characters (zero-width, BOM, soft hyphen); removed."),
        UNICODE, c.invisible,
    ),
    _rule(
        "SACH-CONTROL-CHARS", S, E, Outcome.INVALID, ("*",),
        ("Không có ký tự điều khiển", "No control characters"),
        ("{field}: chứa ký tự điều khiển hoặc không hợp lệ (NUL, surrogate, chưa gán); đã loại "
         "khỏi bản lưu, cần kiểm tra nguồn.",
         "{field}: contains control or invalid characters (NUL, surrogates, unassigned); "
         "removed from the stored value; check the source."),
        UNICODE, c.control,
    ),
    _rule(
        "SACH-PLACEHOLDER", S, E, Outcome.PLACEHOLDER, ("*",),
        ("Không có giá trị giả ở trường bắt buộc", "No placeholders in required fields"),
        ("{field}: giá trị giả (N/A, null, -, 0, xxx, 'chưa có', 'không rõ', 000000000000…) "
         "thay cho giá trị thật; đã bỏ, trường coi như thiếu.",
         "{field}: a placeholder (N/A, null, -, 0, xxx, 'chưa có', 'không rõ', "
         "000000000000…) stands for a value; dropped, the field counts as missing."),
        COMPLETE, c.placeholder,
    ),
    _rule(
        "SACH-PLACEHOLDER-OPTIONAL", S, W, Outcome.PLACEHOLDER, ("*",),
        ("Không có giá trị giả ở trường không bắt buộc", "No placeholders in optional fields"),
        ("{field}: giá trị giả ở trường không bắt buộc; đã bỏ (để trống khi không có).",
         "{field}: a placeholder in an optional field; dropped (leave it empty instead)."),
        COMPLETE, c.placeholder_optional,
    ),
    _rule(
        "SACH-NAME-CASE", S, W, Outcome.NOT_NORMALISED, ("full_name",),
        ("Họ tên viết hoa chữ cái đầu", "Full name in title case"),
        ("Họ và tên không viết toàn chữ hoa hoặc toàn chữ thường.",
         "full_name is not written all in capitals or all in small letters."),
        "Nghị định 30/2020/NĐ-CP, Phụ lục II (viết hoa tên người)", c.name_case,
    ),
    _rule(
        "SACH-DUPLICATE-IN-BATCH", S, E, Outcome.DUPLICATE, ("person_id", "old_id_number"),
        ("Không trùng người trong một lần gửi", "No duplicate person in a submission"),
        ("Một người chỉ có một hồ sơ trong một lần gửi.",
         "A person appears only once in a submission."),
        COMPLETE, c.duplicate_in_batch,
    ),
    _rule(
        "SACH-ACTIVE-ELSEWHERE", S, E, Outcome.DUPLICATE, ("person_id", "employment_status"),
        ("Không đồng thời công tác ở hai cơ quan", "Not active in two agencies at once"),
        ("Một người không đồng thời là cán bộ, công chức, viên chức đang công tác ở cơ quan khác.",
         "A person is not active staff of another agency at the same time."),
        COMPLETE, c.active_elsewhere,
    ),
    _rule(
        "SACH-CHANNEL-CONFLICT", S, W, Outcome.INCONSISTENT, ("*",),
        ("Thống nhất giữa các kênh cập nhật", "Consistent across update channels"),
        ("{field}: giá trị khác với giá trị gần nhất gửi qua kênh khác (API, biểu mẫu, VNeID).",
         "{field}: differs from the latest value sent through another channel (API, template, "
         "VNeID)."),
        "Quyết định 72/QĐ-BNV, Phụ lục 1, mục 1.2.2.2.3 và 1.2.3", c.channel_conflict,
    ),
    # ===================================== SỐNG =====================================
    _rule(
        "SONG-FRESHNESS", SO, E, Outcome.STALE, ("source_updated_at",),
        ("Cập nhật kịp thời", "Timely update"),
        ("Thay đổi từ phần mềm quản lý (API) phải vào CSDL quốc gia trong 01 ngày; các kênh "
         "khác trong 03 ngày làm việc (trừ thứ Bảy, Chủ nhật, ngày lễ, Tết).",
         "Changes from HR software (api) must reach the national DB within one day; other "
         "channels within three working days (weekends and public holidays excluded)."),
        LIVE, c.freshness,
    ),
    _rule(
        "SONG-SYNC-HEARTBEAT", SO, W, Outcome.STALE, (),
        ("Đồng bộ định kỳ", "Sync heartbeat"),
        ("Hệ thống của cơ quan phải đồng bộ với CSDL quốc gia ít nhất mỗi ngày.",
         "The agency's system must synchronise with the national DB at least daily."),
        LIVE, c.sync_heartbeat, HEARTBEAT,
    ),
    _rule(
        "SONG-DECEASED-ACTIVE", SO, E, Outcome.INCONSISTENT, ("employment_status",),
        ("Không ghi đang công tác người đã mất", "No active staff who have died"),
        ("Người đã mất theo CSDLQG về dân cư không được ghi là đang công tác.",
         "A person deceased in the population DB must not be recorded as active."),
        IDENTITY, c.deceased_active, uses_population_db=True,
    ),
    _rule(
        "SONG-DECEASED-UNCONFIRMED", SO, W, Outcome.INCONSISTENT, ("employment_status",),
        ("Trạng thái đã mất được xác nhận", "Deceased status confirmed"),
        ("Người ghi là đã mất nhưng CSDLQG về dân cư ghi còn sống: cần kiểm tra.",
         "Recorded as deceased while alive in the population DB: check it."),
        IDENTITY, c.deceased_unconfirmed, uses_population_db=True,
    ),
    _rule(
        "SONG-RETIREMENT-AGE", SO, W, Outcome.STALE,
        ("employment_status", "date_of_birth", "sex"),
        ("Không quá tuổi nghỉ hưu", "Not past retirement age"),
        ("Người đang công tác quá tuổi nghỉ hưu theo lộ trình Nghị định 135/2020 (nam 60 tuổi 3 "
         "tháng năm 2021 đến 62 năm 2028; nữ 55 tuổi 4 tháng năm 2021 đến 60 năm 2035); có thể "
         "được kéo dài thời gian công tác.",
         "Active past the statutory retirement age of Nghị định 135/2020 (men 60y3m in 2021 to "
         "62 in 2028; women 55y4m in 2021 to 60 in 2035); service may have been extended."),
        "Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP", c.retirement_age,
    ),
)  # fmt: skip

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in CATALOGUE}
if len(RULES_BY_ID) != len(CATALOGUE):  # pragma: no cover - guarded by a test too
    raise RuntimeError("duplicate rule id in the catalogue")


def catalogue_json() -> list[dict[str, Any]]:
    """The catalogue for `GET /v1/rules`."""
    return [rule.as_dict() for rule in CATALOGUE]
