"""The checks behind the catalogue's rules, one function per rule.

A check reads a `Prepared` record and answers None (pass), a `Hit` or a list of hits (the
engine adds the rule's id, dimension, severity and outcome), `SKIP` (not applicable: its inputs
are absent or already invalid, so no check was made) or `UNDECIDED` (waiting for the population
DB). Checks are pure and cheap: everything costly was parsed once in `Prepared`.

Messages never echo names or identifiers back: they say what is wrong and what is expected.
Code values (ranks, grades, sex, status) are echoed, shortened; years and dates derived from
the record itself (an 18th birthday, a retirement date) may appear in `expected`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from ccvc.text import name_key
from gateway.rules.calendar import VN_TZ, working_days_deadline_ts
from gateway.rules.codelists import (
    COEFFICIENT_TEXT,
    ETHNIC_CODES,
    PROVINCE_CODES,
    SALARY_GRADES,
)
from gateway.rules.models import SKIP, UNDECIDED, CheckResult, Hit, Outcome
from gateway.rules.prepare import (
    IDENTIFIER_FIELDS,
    SUPPLEMENTABLE,
    Prepared,
    aware_timestamp,
    clean_text,
)
from gateway.rules.retirement import add_years

FUTURE_TOLERANCE_SECONDS = 300.0
"""Clock skew allowed between an agency's system and the gateway."""
API_WINDOW = timedelta(days=1)
API_WINDOW_SECONDS = API_WINDOW.total_seconds()
OTHER_CHANNELS_WORKING_DAYS = 3


def _show(value: str | None, limit: int = 40) -> str:
    if value is None:
        return ""
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- Đúng: personal number and old CMND -------------------------------------------------


def id_format(p: Prepared) -> CheckResult:
    pid = p.values.get("person_id")
    if pid is None:
        return SKIP
    if p.pid_ok:
        return None
    en = "person_id must be exactly 12 digits (số định danh cá nhân, Circular 59/2021/TT-BCA)"
    vi = "Số định danh cá nhân phải gồm đúng 12 chữ số (Thông tư 59/2021/TT-BCA)"
    if pid.isascii() and pid.isdigit():
        if len(pid) == 9:
            en += "; a 9-digit number is an old CMND number: send it as old_id_number"
            vi += "; số 9 chữ số là số CMND cũ: gửi ở trường old_id_number"
        elif len(pid) < 12:
            en += f"; got {len(pid)} digits: were leading zeros lost in a spreadsheet?"
            vi += f"; nhận {len(pid)} chữ số: có thể bảng tính đã làm mất số 0 ở đầu?"
    return Hit("person_id", en, vi)


def id_province(p: Prepared) -> CheckResult:
    if not p.pid_ok:
        return SKIP
    if p.pid_province_ok:
        return None
    return Hit(
        "person_id",
        "the first three digits of person_id are not a province code of the official list "
        "(Circular 59/2021/TT-BCA)",
        "Ba chữ số đầu của số định danh không phải mã tỉnh trong danh mục "
        "(Thông tư 59/2021/TT-BCA)",
    )


def id_century(p: Prepared) -> CheckResult:
    year = p.pid_year
    if year is None:
        return SKIP
    if year <= p.ctx.as_of.year:
        return None
    return Hit(
        "person_id",
        "the century/sex digit (4th) and year digits (5th–6th) of person_id denote a birth "
        "in the future (0/1: 1900s, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 2300s)",
        "Mã thế kỷ/giới tính (chữ số thứ 4) và năm sinh (chữ số 5–6) của số định danh chỉ một "
        "năm sinh trong tương lai (0/1: thế kỷ 20, 2/3: thế kỷ 21, 4/5: 22, 6/7: 23, 8/9: 24)",
    )


def id_birth_year(p: Prepared) -> CheckResult:
    year, dob = p.pid_year, p.dob
    if year is None or dob is None or year > p.ctx.as_of.year:
        return SKIP
    if year == dob.year:
        return None
    return Hit(
        "person_id",
        f"person_id encodes the birth year {year} (digits 4–6) but date_of_birth is in {dob.year}",
        f"Số định danh mã hóa năm sinh {year} (chữ số 4–6) nhưng ngày sinh thuộc năm {dob.year}",
    )


def id_sex_digit(p: Prepared) -> CheckResult:
    sex, female = p.sex, p.pid_female
    if female is None or sex is None:
        return SKIP
    if female == (sex == "female"):
        return None
    encoded = "female" if female else "male"
    return Hit(
        "person_id",
        f"the 4th digit of person_id denotes a {encoded} person (even: male, odd: female) "
        f"but sex is {sex}",
        "Chữ số thứ 4 của số định danh chỉ giới tính "
        f"{'nữ' if female else 'nam'} (chẵn: nam, lẻ: nữ) nhưng giới tính là "
        f"{'nữ' if sex == 'female' else 'nam'}",
    )


def old_id_format(p: Prepared) -> CheckResult:
    old = p.values.get("old_id_number")
    if old is None:
        return SKIP
    if len(old) == 9 and old.isascii() and old.isdigit():
        return None
    en = "old_id_number must be the 9 digits of the old identity card (CMND)"
    vi = "Số CMND cũ phải gồm đúng 9 chữ số"
    if len(old) == 12 and old.isascii() and old.isdigit():
        en += "; a 12-digit number is a personal number: send it as person_id"
        vi += "; số 12 chữ số là số định danh cá nhân: gửi ở trường person_id"
    return Hit("old_id_number", en, vi)


# --- Đúng: name, dates, ages -------------------------------------------------------------


def name_chars(p: Prepared) -> CheckResult:
    name = p.values.get("full_name")
    if name is None:
        return SKIP
    letters = name.replace(" ", "").replace("-", "").replace("'", "").replace("\u2019", "")
    if letters.isalpha():
        return None
    return Hit(
        "full_name",
        "full_name may contain only letters, spaces, hyphens and apostrophes (no digits, "
        "punctuation or symbols)",
        "Họ và tên chỉ gồm chữ cái, dấu cách, dấu gạch nối và dấu nháy (không chữ số, "
        "dấu câu hay ký hiệu)",
    )


def _bad_date(key: str, label_en: str, label_vi: str) -> Hit:
    return Hit(
        key,
        f"{key} ({label_en}) must be a real date written YYYY-MM-DD, from 1900-01-01",
        f"{label_vi} phải là ngày có thật, viết dạng YYYY-MM-DD, từ 1900-01-01",
    )


def _future_date(key: str, label_en: str, label_vi: str, p: Prepared) -> Hit:
    as_of = p.ctx.as_of
    return Hit(
        key,
        f"{key} ({label_en}) is after the evaluation date {as_of.isoformat()}",
        f"{label_vi} sau ngày đánh giá {as_of.strftime('%d/%m/%Y')}",
        expected=f"<= {as_of.isoformat()}",
    )


def dob_format(p: Prepared) -> CheckResult:
    if p.dob is not None:
        return None
    if p.values.get("date_of_birth") is None:
        return SKIP
    return _bad_date("date_of_birth", "date of birth", "Ngày sinh")


def dob_not_future(p: Prepared) -> CheckResult:
    day = p.dob
    if day is None:
        return SKIP
    if day <= p.ctx.as_of:
        return None
    return _future_date("date_of_birth", "date of birth", "Ngày sinh", p)


def recruitment_format(p: Prepared) -> CheckResult:
    if p.recruited is not None:
        return None
    if p.values.get("recruitment_date") is None:
        return SKIP
    return _bad_date("recruitment_date", "recruitment date", "Ngày tuyển dụng")


def recruitment_not_future(p: Prepared) -> CheckResult:
    day = p.recruited
    if day is None:
        return SKIP
    if day <= p.ctx.as_of:
        return None
    return _future_date("recruitment_date", "recruitment date", "Ngày tuyển dụng", p)


def party_format(p: Prepared) -> CheckResult:
    if p.party is not None:
        return None
    if p.values.get("party_join_date") is None:
        return SKIP
    return _bad_date("party_join_date", "party admission date", "Ngày vào Đảng")


def party_not_future(p: Prepared) -> CheckResult:
    day = p.party
    if day is None:
        return SKIP
    if day <= p.ctx.as_of:
        return None
    return _future_date("party_join_date", "party admission date", "Ngày vào Đảng", p)


def updated_at_format(p: Prepared) -> CheckResult:
    if p.values.get("source_updated_at") is None:
        return SKIP
    if p.updated_ts is not None:
        return None
    return Hit(
        "source_updated_at",
        "source_updated_at must be an ISO 8601 date and time, e.g. 2026-11-23T09:30:00+07:00 "
        "(without an offset it is read as Vietnam time)",
        "Thời điểm cập nhật phải là ngày giờ ISO 8601, ví dụ 2026-11-23T09:30:00+07:00 "
        "(không ghi múi giờ thì hiểu là giờ Việt Nam)",
    )


def updated_at_not_future(p: Prepared) -> CheckResult:
    moment = p.updated_ts
    if moment is None:
        return SKIP
    if moment <= p.received_ts + FUTURE_TOLERANCE_SECONDS:
        return None
    received = datetime.fromtimestamp(p.received_ts, VN_TZ)
    return Hit(
        "source_updated_at",
        "source_updated_at is later than the time the gateway received the record "
        "(more than 5 minutes of clock skew)",
        "Thời điểm cập nhật muộn hơn thời điểm hệ thống nhận hồ sơ (lệch đồng hồ quá 5 phút)",
        expected=f"<= {received.isoformat()}",
    )


def recruitment_age(p: Prepared) -> CheckResult:
    recruited, dob = p.recruited, p.dob
    if recruited is None or dob is None:
        return SKIP
    adult = add_years(dob, 18)
    if recruited >= adult:
        return None
    return Hit(
        "recruitment_date",
        "recruitment_date is before the person's 18th birthday (recruitment requires age 18: "
        "Luật Cán bộ, công chức Art. 36; Luật Viên chức Art. 22)",
        "Ngày tuyển dụng trước ngày đủ 18 tuổi (điều kiện tuyển dụng từ đủ 18 tuổi: Luật Cán "
        "bộ, công chức Điều 36; Luật Viên chức Điều 22)",
        expected=f">= {adult.isoformat()}",
    )


def recruitment_before_retirement(p: Prepared) -> CheckResult:
    recruited, retirement = p.recruited, p.retirement
    if recruited is None or retirement is None:
        return SKIP
    if recruited <= retirement:
        return None
    return Hit(
        "recruitment_date",
        "recruitment_date is after the person's statutory retirement date (Nghị định "
        "135/2020/NĐ-CP): check the date, or the decision extending service",
        "Ngày tuyển dụng sau thời điểm nghỉ hưu theo quy định (Nghị định 135/2020/NĐ-CP): kiểm "
        "tra lại ngày hoặc quyết định kéo dài thời gian công tác",
        expected=f"<= {retirement.isoformat()}",
    )


def party_age(p: Prepared) -> CheckResult:
    party, dob = p.party, p.dob
    if party is None or dob is None:
        return SKIP
    adult = add_years(dob, 18)
    if party >= adult:
        return None
    return Hit(
        "party_join_date",
        "party_join_date is before the person's 18th birthday (members are admitted from age "
        "18: Điều lệ Đảng, Art. 1)",
        "Ngày vào Đảng trước ngày đủ 18 tuổi (Điều lệ Đảng, Điều 1: đảng viên từ đủ 18 tuổi)",
        expected=f">= {adult.isoformat()}",
    )


def age_minimum(p: Prepared) -> CheckResult:
    age = p.age_years
    if not p.active or age is None:
        return SKIP
    if age >= 18:
        return None
    return Hit(
        "date_of_birth",
        "the person is under 18 on the evaluation date but recorded as active staff",
        "Người dưới 18 tuổi tại ngày đánh giá nhưng đang ghi là đang công tác",
    )


# --- Đúng: code lists --------------------------------------------------------------------


def sex_value(p: Prepared) -> CheckResult:
    sex = p.values.get("sex")
    if sex is None or p.sex is not None:
        return SKIP if sex is None else None
    hint_en = hint_vi = ""
    if sex.casefold() in ("nam", "nữ", "nu", "m", "f", "male", "female"):
        hint_en, hint_vi = " (lower-case English codes)", " (mã tiếng Anh, chữ thường)"
    return Hit(
        "sex",
        f"sex must be 'male' or 'female'{hint_en}, got '{_show(sex)}'",
        f"Giới tính phải là 'male' hoặc 'female'{hint_vi}, nhận '{_show(sex)}'",
        expected="male | female",
    )


def _code_in_list(
    key: str, digits: int, codes: frozenset[str], list_en: str, list_vi: str
) -> Callable[[Prepared], CheckResult]:
    def check(p: Prepared) -> CheckResult:
        code = p.values.get(key)
        if code is None:
            return SKIP
        if code in codes:
            return None
        if len(code) != digits or not code.isascii() or not code.isdigit():
            return Hit(
                key,
                f"{key} must be a {digits}-digit code of the {list_en}, got '{_show(code)}'"
                + (" (keep the leading zeros)" if code.isdigit() else ""),
                f"{key} phải là mã {digits} chữ số trong {list_vi}, nhận '{_show(code)}'"
                + (" (giữ các số 0 ở đầu)" if code.isdigit() else ""),
                outcome=Outcome.INVALID,
            )
        return Hit(
            key,
            f"{key} '{code}' is not in the {list_en}",
            f"Mã {key} '{code}' không có trong {list_vi}",
        )

    check.__name__ = f"{key}_code"
    return check


ethnicity_code = _code_in_list(
    "ethnicity_code",
    2,
    ETHNIC_CODES,
    "list of the 54 ethnic groups (01 Kinh … 54 Rơ-măm)",
    "danh mục 54 dân tộc (01 Kinh … 54 Rơ-măm)",
)
hometown_code = _code_in_list(
    "hometown_province",
    3,
    PROVINCE_CODES,
    "list of the 63 province codes (Circular 59/2021/TT-BCA)",
    "danh mục 63 mã tỉnh, thành phố (Thông tư 59/2021/TT-BCA)",
)


def staff_type(p: Prepared) -> CheckResult:
    value = p.values.get("staff_type")
    if value is None:
        return SKIP
    if p.staff_type is not None:
        return None
    return Hit(
        "staff_type",
        f"staff_type must be can_bo, cong_chuc or vien_chuc, got '{_show(value)}'",
        f"Loại cán bộ phải là can_bo, cong_chuc hoặc vien_chuc, nhận '{_show(value)}'",
        expected="can_bo | cong_chuc | vien_chuc",
    )


def employment_status(p: Prepared) -> CheckResult:
    value = p.values.get("employment_status")
    if value is None:
        return SKIP
    if p.status is not None:
        return None
    return Hit(
        "employment_status",
        f"employment_status must be active, retired, resigned or deceased, got '{_show(value)}'",
        "Trạng thái công tác phải là active, retired, resigned hoặc deceased, nhận "
        f"'{_show(value)}'",
        expected="active | retired | resigned | deceased",
    )


def _rank_well_formed(code: str) -> bool:
    if not code.isascii():
        return False
    if len(code) == 6:  # dd.ddd
        return code[2] == "." and code[:2].isdigit() and code[3:].isdigit()
    if len(code) == 10:  # V.dd.dd.dd
        return (
            code[0] == "V"
            and code[1] == code[4] == code[7] == "."
            and code[2:4].isdigit()
            and code[5:7].isdigit()
            and code[8:].isdigit()
        )
    return False


def rank_code(p: Prepared) -> CheckResult:
    code = p.values.get("rank_code")
    if code is None:
        return SKIP
    if p.rank is not None:
        return None
    if not _rank_well_formed(code):
        return Hit(
            "rank_code",
            f"rank_code must be a rank code 'dd.ddd' (ngạch, e.g. 01.003) or a professional "
            f"title code 'V.dd.dd.dd' (e.g. V.07.05.15), got '{_show(code)}'",
            "Mã ngạch phải có dạng 'dd.ddd' (ví dụ 01.003) hoặc mã chức danh nghề nghiệp "
            f"'V.dd.dd.dd' (ví dụ V.07.05.15), nhận '{_show(code)}'",
            outcome=Outcome.INVALID,
        )
    return Hit(
        "rank_code",
        f"rank_code '{code}' is not in the code list of ranks and professional titles",
        f"Mã ngạch/chức danh nghề nghiệp '{code}' không có trong danh mục",
    )


def rank_superseded(p: Prepared) -> CheckResult:
    rank = p.rank
    if rank is None:
        return SKIP
    if rank.superseded_by is None:
        return None
    return Hit(
        "rank_code",
        f"rank_code '{rank.code}' ({rank.name_vi}) has been replaced by '{rank.superseded_by}': "
        "update the code after re-appointment",
        f"Mã '{rank.code}' ({rank.name_vi}) đã được thay bằng '{rank.superseded_by}': cập nhật "
        "mã sau khi bổ nhiệm lại",
        expected=rank.superseded_by,
    )


def rank_staff_type(p: Prepared) -> CheckResult:
    rank, kind = p.rank, p.staff_type
    if rank is None or kind is None:
        return SKIP
    if kind in rank.staff_types:
        return None
    allowed = " | ".join(sorted(rank.staff_types))
    return Hit(
        "rank_code",
        f"rank_code '{rank.code}' ({rank.name_vi}) is not held by staff of type {kind}: ranks "
        "'dd.ddd' are civil-service ranks (ngạch), titles 'V.dd.dd.dd' belong to public "
        "employees (viên chức)",
        f"Mã '{rank.code}' ({rank.name_vi}) không áp dụng cho loại {kind}: mã 'dd.ddd' là ngạch "
        "công chức, mã 'V.dd.dd.dd' là chức danh nghề nghiệp viên chức",
        expected=allowed,
    )


def rank_grade(p: Prepared) -> CheckResult:
    rank, grade = p.rank, p.grade
    if rank is None or grade is None:
        return SKIP
    if grade.code in rank.grades:
        return None
    allowed = " | ".join(rank.grades)
    return Hit(
        "salary_grade",
        f"salary grade {grade.code} does not belong to rank {rank.code} ({rank.name_vi}), "
        f"which is paid on {allowed}",
        f"Nhóm lương {grade.code} không thuộc ngạch/chức danh {rank.code} ({rank.name_vi}), "
        f"xếp lương {allowed}",
        expected=allowed,
    )


_GRADE_LIST = " | ".join(SALARY_GRADES)


def salary_grade(p: Prepared) -> CheckResult:
    code = p.values.get("salary_grade")
    if code is None:
        return SKIP
    if p.grade is not None:
        return None
    return Hit(
        "salary_grade",
        f"salary_grade '{_show(code)}' is not a grade of the Nghị định 204/2004 tables",
        f"Nhóm lương '{_show(code)}' không có trong bảng lương Nghị định 204/2004",
        expected=_GRADE_LIST,
    )


def salary_step_format(p: Prepared) -> CheckResult:
    text = p.values.get("salary_step")
    if text is None:
        return SKIP
    step = p.step
    if step is not None and step >= 1:
        return None
    return Hit(
        "salary_step",
        "salary_step must be a whole number from 1",
        "Bậc lương phải là số nguyên từ 1",
    )


def salary_step_range(p: Prepared) -> CheckResult:
    step, grade = p.step, p.grade
    if step is None or step < 1 or grade is None:
        return SKIP
    if step <= grade.steps:
        return None
    return Hit(
        "salary_step",
        f"grade {grade.code} has {grade.steps} steps; step {step} does not exist (beyond the "
        "last step a seniority allowance is paid, the step stays the last)",
        f"Nhóm lương {grade.code} có {grade.steps} bậc; không có bậc {step} (quá bậc cuối thì "
        "hưởng phụ cấp thâm niên vượt khung, bậc giữ ở bậc cuối)",
        expected=f"1–{grade.steps}",
    )


def coefficient_format(p: Prepared) -> CheckResult:
    text = p.values.get("salary_coefficient")
    if text is None:
        return SKIP
    if p.coefficient is not None:
        return None
    hint_en = hint_vi = ""
    if "," in text:
        hint_en, hint_vi = " (use a dot as decimal separator)", " (dùng dấu chấm thập phân)"
    return Hit(
        "salary_coefficient",
        f"salary_coefficient must be a decimal number such as 2.34{hint_en}",
        f"Hệ số lương phải là số thập phân, ví dụ 2.34{hint_vi}",
    )


def coefficient_value(p: Prepared) -> CheckResult:
    text, grade, step = p.coefficient, p.grade, p.step
    if text is None or grade is None or step is None or not 1 <= step <= grade.steps:
        return SKIP
    vien_chuc = p.staff_type == "vien_chuc"
    if text in COEFFICIENT_TEXT[(grade.code, step, vien_chuc)]:
        return None
    table = grade.table_for(p.staff_type)
    value = table[step - 1]
    try:
        if Decimal(text) == value:
            return None
    except InvalidOperation:  # pragma: no cover - the format was checked
        return SKIP
    return Hit(
        "salary_coefficient",
        f"grade {grade.code} step {step} has the coefficient {value:.2f} (Nghị định 204/2004, "
        f"bảng {3 if vien_chuc else 2})",
        f"Nhóm {grade.code} bậc {step} có hệ số {value:.2f} (Nghị định 204/2004, bảng "
        f"{3 if vien_chuc else 2})",
        expected=f"{value:.2f}",
    )


def social_insurance(p: Prepared) -> CheckResult:
    number = p.values.get("social_insurance_no")
    if number is None:
        return SKIP
    if number.isascii() and number.isdigit():
        if len(number) == 10:
            return None
        if len(number) == 12 and number == p.values.get("person_id"):
            return None
    return Hit(
        "social_insurance_no",
        "social_insurance_no must be the 10-digit social insurance number, or the person's "
        "12-digit personal number (Luật Bảo hiểm xã hội 2024)",
        "Mã số BHXH phải gồm 10 chữ số, hoặc là số định danh cá nhân 12 chữ số của chính "
        "người đó (Luật Bảo hiểm xã hội 2024)",
    )


def agency_code(p: Prepared) -> CheckResult:
    code = p.values.get("agency_code")
    if code is None:
        return SKIP
    expected = p.ctx.agency_code
    if code == expected:
        return None
    return Hit(
        "agency_code",
        f"agency_code '{_show(code)}' is not the submitting agency",
        f"Mã cơ quan '{_show(code)}' không phải cơ quan gửi dữ liệu",
        expected=expected,
    )


# --- Đúng: identity against the population DB --------------------------------------------


def _local_identifier_problem(p: Prepared) -> bool:
    values = p.values
    pid = values.get("person_id")
    if pid is not None and "person_id" not in p.supplemented:
        if not p.pid_province_ok:
            return True
        if p.pid_year is not None and p.pid_year > p.ctx.as_of.year:
            return True
    old = values.get("old_id_number")
    return old is not None and not (len(old) == 9 and old.isascii() and old.isdigit())


def identity_not_found(p: Prepared) -> CheckResult:
    gate = p.id_gate
    if gate is not True:
        return gate
    assert p.identity is not None
    if p.identity.status != "not_found":
        return None
    key = "person_id" if p.values.get("person_id") else "old_id_number"
    return Hit(
        key,
        "nobody with this identifier is in the national population database",
        "Không có công dân nào mang số định danh/CMND này trong CSDLQG về dân cư",
    )


def identity_rejected(p: Prepared) -> CheckResult:
    gate = p.id_gate
    if gate is not True:
        return gate
    assert p.identity is not None
    if p.identity.status != "invalid":
        return None
    if _local_identifier_problem(p):
        return SKIP  # already reported by the structural rules
    key = "person_id" if p.values.get("person_id") else "old_id_number"
    return Hit(
        key,
        "the national population database refused the identity data as malformed",
        "CSDLQG về dân cư từ chối dữ liệu định danh vì không hợp lệ",
    )


def identity_name(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    verdict = p.field_verdicts.get("full_name")
    if verdict is None:
        return SKIP
    if verdict != "mismatch":
        return None
    return Hit(
        "full_name",
        "full_name does not match the national population database",
        "Họ và tên không khớp với CSDLQG về dân cư",
    )


def identity_name_partial(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    verdicts = p.field_verdicts
    verdict = verdicts.get("full_name")
    if verdict is None:
        assert p.identity is not None
        if p.identity.status == "partial" and "partial" not in verdicts.values():
            return Hit(  # a partial answer the gateway did not break down by field
                "full_name",
                "the national population database matched this person only partially: a person "
                "must review the record (never counted as a match)",
                "CSDLQG về dân cư chỉ khớp một phần thông tin của người này: "
                "cần người kiểm tra lại",
            )
        return SKIP
    if verdict != "partial":
        return None
    registry = p.registry
    expected = registry.get("full_name") if registry else None
    return Hit(
        "full_name",
        "full_name agrees with the national population database only without diacritics: "
        "a person must review it (never counted as a match)",
        "Họ và tên chỉ khớp với CSDLQG về dân cư khi bỏ dấu: cần người kiểm tra lại",
        expected=expected,
    )


def _swapped(p: Prepared) -> bool:
    identity = p.identity
    if identity is not None and identity.hints.get("date_of_birth") == "day_month_swapped":
        return True
    registry = identity.registry if identity is not None else None
    theirs = registry.get("date_of_birth") if registry else None
    dob = p.dob
    if dob is None or not theirs or len(theirs) != 10:
        return False
    return (
        theirs[:4] == f"{dob.year:04d}"
        and dob.month != dob.day
        and theirs[5:7] == f"{dob.day:02d}"
        and theirs[8:10] == f"{dob.month:02d}"
    )


def identity_dob(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    verdict = p.field_verdicts.get("date_of_birth")
    if verdict is None:
        return SKIP
    if verdict != "mismatch":
        return None
    if _swapped(p):
        return Hit(
            "date_of_birth",
            "date_of_birth does not match the national population database: day and month "
            "appear swapped (write YYYY-MM-DD)",
            "Ngày sinh không khớp với CSDLQG về dân cư: ngày và tháng có vẻ bị đảo (viết "
            "YYYY-MM-DD)",
        )
    return Hit(
        "date_of_birth",
        "date_of_birth does not match the national population database",
        "Ngày sinh không khớp với CSDLQG về dân cư",
    )


def identity_sex(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    verdict = p.field_verdicts.get("sex")
    if verdict is None:
        return SKIP
    if verdict != "mismatch":
        return None
    return Hit(
        "sex",
        "sex does not match the national population database",
        "Giới tính không khớp với CSDLQG về dân cư",
    )


def identity_old_id(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    verdicts = p.field_verdicts
    verdict = verdicts.get("old_id_number", verdicts.get("old_id"))
    if verdict is None:
        return SKIP
    if verdict != "mismatch":
        return None
    return Hit(
        "old_id_number",
        "old_id_number belongs to another citizen than person_id in the national population "
        "database",
        "Số CMND cũ thuộc về một công dân khác với số định danh trong CSDLQG về dân cư",
    )


_MISMATCH_KEYS = ("full_name", "date_of_birth", "sex", "old_id_number", "old_id")


def identity_mismatch(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    assert p.identity is not None
    if p.identity.status != "mismatch":
        return None
    verdicts = p.field_verdicts
    if any(verdicts.get(key) == "mismatch" for key in _MISMATCH_KEYS):
        return None  # explained field by field
    return Hit(
        None,
        "the national population database reports a mismatch for this person",
        "CSDLQG về dân cư báo thông tin của người này không khớp",
    )


def _religion_key(value: str) -> str:
    key = value.casefold()
    return "không" if key in _NO_RELIGION else key


_NO_RELIGION = frozenset({"không", "không có", "không tôn giáo", "không theo tôn giáo nào", "none"})
_ADDRESS_ABBREVIATIONS = {
    "tp": "thành phố",
    "tp.": "thành phố",
    "p": "phường",
    "p.": "phường",
    "q": "quận",
    "q.": "quận",
    "tx": "thị xã",
    "tx.": "thị xã",
    "tt": "thị trấn",
    "tt.": "thị trấn",
    "h": "huyện",
    "h.": "huyện",
    "x": "xã",
    "x.": "xã",
    "đ": "đường",
    "đ.": "đường",
}
_ADDRESS_FILLER = frozenset({"số", "tỉnh", "thành", "phố"})
_ADDRESS_PUNCTUATION = str.maketrans({",": " ", ";": " ", "-": " ", "/": " / "})


def _address_key(value: str) -> str:
    words: list[str] = []
    for word in value.casefold().translate(_ADDRESS_PUNCTUATION).split():
        for part in _ADDRESS_ABBREVIATIONS.get(word, word).split():
            part = part.rstrip(".")
            if part and part not in _ADDRESS_FILLER:
                words.append(part)
    return " ".join(words)


def _registry_agrees(
    key: str, label_en: str, label_vi: str, normalise: Callable[[str], str] | None = None
) -> Callable[[Prepared], CheckResult]:
    def check(p: Prepared) -> CheckResult:
        gate = p.field_gate
        if gate is not True:
            return gate
        registry = p.registry
        mine = p.values.get(key)
        theirs = registry.get(key) if registry else None
        if not mine or not theirs:
            return SKIP
        if key in p.supplemented:
            return None
        theirs = clean_text(theirs)[0]
        if mine == theirs or (normalise is not None and normalise(mine) == normalise(theirs)):
            return None
        return Hit(
            key,
            f"{label_en} differs from the national population database: the agency's value is "
            "kept; check it",
            f"{label_vi} khác với CSDLQG về dân cư: giữ giá trị của cơ quan; cần kiểm tra lại",
            expected=theirs,
        )

    check.__name__ = f"registry_{key}"
    return check


registry_ethnicity = _registry_agrees("ethnicity_code", "ethnicity_code", "Dân tộc")
registry_religion = _registry_agrees("religion", "religion", "Tôn giáo", _religion_key)
registry_hometown = _registry_agrees("hometown_province", "hometown_province", "Quê quán")
registry_address = _registry_agrees(
    "permanent_address", "permanent_address", "Nơi thường trú", _address_key
)


# --- Đủ: required fields -----------------------------------------------------------------


QUIET_WHEN_PRESENT: dict[Callable[[Prepared], CheckResult], str] = {}
"""Checks that find nothing whenever their field has a value, by field: the engine skips
them all at once for a record that has every one of these fields (the usual case)."""


def required(key: str) -> Callable[[Prepared], CheckResult]:
    """MISSING when the field is empty after cleaning and supplementation."""
    supplementable = key in SUPPLEMENTABLE
    pay = key in ("rank_code", "salary_grade", "salary_step", "salary_coefficient")

    def check(p: Prepared) -> CheckResult:
        values = p.values
        if values.get(key) is not None:
            return None
        if key == "person_id" and values.get("old_id_number") is not None:
            return None  # the population DB resolves the old number and supplies person_id
        if pay and not p.pay_required:
            return SKIP
        if supplementable and p.has_identifier and not p.decided:
            return UNDECIDED  # the population DB may still supply it
        return Hit(key)

    check.__name__ = f"required_{key}"
    QUIET_WHEN_PRESENT[check] = key
    return check


# --- Sạch --------------------------------------------------------------------------------


def not_nfc(p: Prepared) -> CheckResult:
    keys = p.not_nfc
    return [Hit(key) for key in keys] if keys else None


def whitespace(p: Prepared) -> CheckResult:
    keys = p.whitespace
    return [Hit(key) for key in keys] if keys else None


def lookalike(p: Prepared) -> CheckResult:
    keys = p.lookalike
    return [Hit(key) for key in keys] if keys else None


def invisible(p: Prepared) -> CheckResult:
    keys = p.invisible
    return [Hit(key) for key in keys] if keys else None


def control(p: Prepared) -> CheckResult:
    keys = p.control
    return [Hit(key) for key in keys] if keys else None


def placeholder(p: Prepared) -> CheckResult:
    found = p.placeholders
    if not found:
        return None
    hits = [Hit(key) for key, is_required in found if is_required]
    return hits or None


def placeholder_optional(p: Prepared) -> CheckResult:
    found = p.placeholders
    if not found:
        return None
    hits = [Hit(key) for key, is_required in found if not is_required]
    return hits or None


def name_case(p: Prepared) -> CheckResult:
    name = p.values.get("full_name")
    if name is None:
        return SKIP
    if len(name) < 2 or not (name.isupper() or name.islower()):
        return None
    return Hit(
        "full_name",
        "full_name is written all in capitals or all in small letters: write it as on the "
        "identity card (Nguyễn Văn An)",
        "Họ và tên viết toàn chữ hoa hoặc toàn chữ thường: viết như trên căn cước (Nguyễn Văn An)",
    )


def duplicate_in_batch(p: Prepared) -> CheckResult:
    first = p.ctx.duplicate_of_index
    if first is None:
        return None
    return Hit(
        "person_id",
        f"the same person is already record #{first} of this submission",
        f"Người này đã có ở hồ sơ số {first} của cùng lần gửi",
        expected=str(first),
    )


def active_elsewhere(p: Prepared) -> CheckResult:
    if not p.active:
        return SKIP
    others = [code for code in p.ctx.active_in_other_agencies if code != p.ctx.agency_code]
    if not others:
        return None
    listed = ", ".join(sorted(set(others)))
    return Hit(
        "person_id",
        f"the person is active staff of another agency at the same time ({listed})",
        f"Người này đồng thời đang công tác tại cơ quan khác ({listed})",
        expected=listed,
    )


_CHANNEL_VI = {"api": "phần mềm quản lý (API)", "template": "biểu mẫu", "self_update": "VNeID"}


def channel_conflict(p: Prepared) -> CheckResult:
    other_values = p.ctx.other_channel_values
    if not other_values:
        return None
    mine_channel = p.ctx.channel
    hits: list[Hit] = []
    for key, (channel, value) in other_values.items():
        if channel == mine_channel or value is None:
            continue
        mine = p.values.get(key)
        if mine is None:
            continue
        theirs = clean_text(value, key in IDENTIFIER_FIELDS)[0]
        if not theirs or mine.casefold() == theirs.casefold():
            continue
        if key == "full_name" and name_key(mine) == name_key(theirs):
            continue  # the same name (tone-mark placement, case)
        hits.append(
            Hit(
                key,
                f"{key} differs between update channels: this record ({mine_channel}) and the "
                f"latest value sent through {channel}",
                f"{key} khác nhau giữa các kênh cập nhật: hồ sơ này "
                f"({_CHANNEL_VI.get(mine_channel, mine_channel)}) và giá trị gần nhất qua "
                f"{_CHANNEL_VI.get(channel, channel)}",
                expected=theirs,
            )
        )
    return hits or None


# --- Sống --------------------------------------------------------------------------------


def _window(channel: str) -> tuple[str, str]:
    if channel == "api":
        return "one day", "01 ngày"
    return "three working days", "03 ngày làm việc"


def freshness(p: Prepared) -> CheckResult:
    moment = p.updated_ts
    if moment is None:
        return SKIP
    ctx = p.ctx
    first_sync = ctx.agency_first_sync_at
    if first_sync is None or moment < aware_timestamp(first_sync):
        return SKIP  # initial load: the change predates the agency's connection
    if ctx.channel == "api":
        deadline = moment + API_WINDOW_SECONDS
    else:
        deadline = working_days_deadline_ts(moment, OTHER_CHANNELS_WORKING_DAYS)
    if p.received_ts <= deadline:
        return None
    en, vi = _window(ctx.channel)
    return Hit(
        "source_updated_at",
        f"the change reached the national database later than {en} after it was made in "
        f"the agency's system (channel {ctx.channel}, Nghị định 27/2026/NĐ-CP)",
        f"Thay đổi được cập nhật vào CSDL quốc gia muộn hơn {vi} kể từ khi thay đổi trên hệ "
        f"thống của cơ quan (kênh {ctx.channel}, Nghị định 27/2026/NĐ-CP)",
        expected=f"received by {datetime.fromtimestamp(deadline, VN_TZ).isoformat()}",
    )


def sync_heartbeat(p: Prepared) -> CheckResult:
    ctx = p.ctx
    last = ctx.agency_last_sync_at
    if last is None:
        return SKIP
    if p.received_ts <= aware_timestamp(last) + API_WINDOW_SECONDS:
        return None
    return Hit(
        None,
        "the agency's system had not synchronised with the national database for more than "
        "one day before this submission",
        "Hệ thống của cơ quan không đồng bộ với CSDL quốc gia quá 01 ngày trước lần gửi này",
        expected="last sync after "
        + datetime.fromtimestamp(p.received_ts - API_WINDOW_SECONDS, VN_TZ).isoformat(),
    )


def _deceased_in_registry(p: Prepared) -> bool:
    identity = p.identity
    assert identity is not None
    if identity.status == "deceased":
        return True
    death = identity.date_of_death
    return death is not None and death <= p.ctx.as_of


def deceased_active(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    if not p.active:
        return SKIP
    if not _deceased_in_registry(p):
        return None
    return Hit(
        "employment_status",
        "the person is recorded as active staff but is deceased in the national population "
        "database",
        "Người này đang ghi là đang công tác nhưng đã mất theo CSDLQG về dân cư",
        expected="deceased",
    )


def deceased_unconfirmed(p: Prepared) -> CheckResult:
    gate = p.field_gate
    if gate is not True:
        return gate
    if p.status != "deceased" or not p.same_person:
        return SKIP
    if _deceased_in_registry(p):
        return None
    return Hit(
        "employment_status",
        "the person is recorded as deceased but is alive in the national population database",
        "Người này ghi là đã mất nhưng CSDLQG về dân cư ghi còn sống",
    )


def retirement_age(p: Prepared) -> CheckResult:
    retirement = p.retirement
    if not p.active or retirement is None:
        return SKIP
    if p.ctx.as_of <= retirement:
        return None
    return Hit(
        "employment_status",
        "the person is active past the statutory retirement date (Nghị định 135/2020/NĐ-CP); "
        "confirm an extension of service or update the status",
        "Người này vẫn đang công tác sau thời điểm nghỉ hưu theo quy định (Nghị định "
        "135/2020/NĐ-CP); xác nhận việc kéo dài thời gian công tác hoặc cập nhật trạng thái",
        expected=retirement.isoformat(),
    )
