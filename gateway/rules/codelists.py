"""Code lists of the rules, precomputed once as sets and tables.

- Provinces (63 three-digit codes of Circular 59/2021/TT-BCA) and the 54 ethnic groups: from
  `seed/` through `ccvc.codelists`.
- Salary grades and their coefficient tables: Nghị định 204/2004/NĐ-CP, bảng 2 (công chức,
  chuyên môn nghiệp vụ ở cơ quan nhà nước) and bảng 3 (viên chức ở đơn vị sự nghiệp). A grade
  starts at a coefficient and rises by a fixed increment per step:

  | grade | first | + per step | steps | last |
  |---|---|---|---|---|
  | A3.1 | 6.20 | 0.36 | 6 | 8.00 |
  | A3.2 | 5.75 | 0.36 | 6 | 7.55 |
  | A2.1 | 4.40 | 0.34 | 8 | 6.78 |
  | A2.2 | 4.00 | 0.34 | 8 | 6.38 |
  | A1 | 2.34 | 0.33 | 9 | 4.98 |
  | A0 | 2.10 | 0.31 | 10 | 4.89 |
  | B | 1.86 | 0.20 | 12 | 4.06 |
  | C1 | 1.65 | 0.18 | 12 | 3.63 |
  | C2 | 1.50 (bảng 2) / 2.00 (bảng 3, nhân viên nhà xác) | 0.18 | 12 | 3.48 / 3.98 |
  | C3 | 1.35 (bảng 2) / 1.50 (bảng 3, y công) | 0.18 | 12 | 3.33 / 3.48 |

  Types A and B are identical in both tables; only the C groups differ, so a viên chức's C2/C3
  coefficient is read from bảng 3 and everyone else's from bảng 2.
- Ranks (mã ngạch công chức, `dd.ddd`) and professional titles (mã chức danh nghề nghiệp viên
  chức, `V.dd.dd.dd`): the common ones, each with the salary grade(s) it is paid on and the staff
  types that may hold it. Administrative, clerical and accounting ranks (01.xxx, 02.xxx,
  06.029–06.032) are held by civil servants and, in public service units, by public employees
  (viên chức hành chính, kế toán); specialist civil-service ranks by civil servants (and elected
  cadres paid on a rank); V-codes by public employees only. Where a later circular moved a rank
  to another grade (e.g. cán sự B → A0 by TT 02/2021/TT-BNV), both grades are accepted for staff
  kept on their old grade during the transition. Legacy codes replaced by newer circulars are
  kept, marked with what superseded them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ccvc.codelists import ethnic_group_by_code, province_by_code

PROVINCE_CODES: frozenset[str] = frozenset(province_by_code())
ETHNIC_CODES: frozenset[str] = frozenset(ethnic_group_by_code())

SEXES: frozenset[str] = frozenset({"male", "female"})
STAFF_TYPES: frozenset[str] = frozenset({"can_bo", "cong_chuc", "vien_chuc"})
EMPLOYMENT_STATUSES: frozenset[str] = frozenset({"active", "retired", "resigned", "deceased"})

SALARY_SOURCE = "Nghị định 204/2004/NĐ-CP, bảng 2 và bảng 3"


@dataclass(frozen=True, slots=True)
class SalaryGrade:
    code: str
    name_vi: str
    coefficients: tuple[Decimal, ...]
    """Step 1 first."""
    coefficients_vien_chuc: tuple[Decimal, ...]
    """Bảng 3 (differs from bảng 2 only for C2 and C3)."""

    @property
    def steps(self) -> int:
        return len(self.coefficients)

    def table_for(self, staff_type: str | None) -> tuple[Decimal, ...]:
        return self.coefficients_vien_chuc if staff_type == "vien_chuc" else self.coefficients


def _ladder(first: str, increment: str, steps: int) -> tuple[Decimal, ...]:
    start, inc = Decimal(first), Decimal(increment)
    return tuple((start + inc * i).quantize(Decimal("0.01")) for i in range(steps))


def _grade(
    code: str, name: str, first: str, inc: str, steps: int, vc_first: str = ""
) -> SalaryGrade:
    table = _ladder(first, inc, steps)
    return SalaryGrade(code, name, table, _ladder(vc_first, inc, steps) if vc_first else table)


SALARY_GRADES: dict[str, SalaryGrade] = {
    g.code: g
    for g in (
        _grade("A3.1", "Loại A3, nhóm 1", "6.20", "0.36", 6),
        _grade("A3.2", "Loại A3, nhóm 2", "5.75", "0.36", 6),
        _grade("A2.1", "Loại A2, nhóm 1", "4.40", "0.34", 8),
        _grade("A2.2", "Loại A2, nhóm 2", "4.00", "0.34", 8),
        _grade("A1", "Loại A1", "2.34", "0.33", 9),
        _grade("A0", "Loại A0", "2.10", "0.31", 10),
        _grade("B", "Loại B", "1.86", "0.20", 12),
        _grade("C1", "Loại C, nhóm 1", "1.65", "0.18", 12),
        _grade("C2", "Loại C, nhóm 2", "1.50", "0.18", 12, vc_first="2.00"),
        _grade("C3", "Loại C, nhóm 3", "1.35", "0.18", 12, vc_first="1.50"),
    )
}

COEFFICIENT_TEXT: dict[tuple[str, int, bool], frozenset[str]] = {}
"""(grade, step, viên chức?) → the accepted spellings of the coefficient ("2.34", "2.340")."""


def _spellings(value: Decimal) -> frozenset[str]:
    two = f"{value:.2f}"
    forms = {two, f"{value:.3f}", f"{value:.4f}"}
    short = two.rstrip("0").rstrip(".")
    forms.add(short)
    return frozenset(forms)


for _g in SALARY_GRADES.values():
    for _vc in (False, True):
        for _i, _c in enumerate(_g.table_for("vien_chuc" if _vc else None)):
            COEFFICIENT_TEXT[(_g.code, _i + 1, _vc)] = _spellings(_c)


# --- ranks and professional titles -----------------------------------------------------

CIVIL = frozenset({"cong_chuc", "can_bo"})
SHARED = frozenset({"cong_chuc", "can_bo", "vien_chuc"})
PUBLIC = frozenset({"vien_chuc"})
LEGACY_PUBLIC = frozenset({"cong_chuc", "vien_chuc"})
"""Pre-2012 sự nghiệp ranks: their holders were "công chức" before the Law on Public
Employees (2010) took effect."""


@dataclass(frozen=True, slots=True)
class Rank:
    code: str
    name_vi: str
    grades: tuple[str, ...]
    staff_types: frozenset[str]
    source: str
    superseded_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_vi": self.name_vi,
            "salary_grades": list(self.grades),
            "staff_types": sorted(self.staff_types),
            "source": self.source,
            "superseded_by": self.superseded_by,
        }


RANK_SOURCES: dict[str, str] = {
    "QD78": "Quyết định 78/2004/QĐ-BNV",
    "TT02-BNV": "Thông tư 02/2021/TT-BNV",
    "TT29-BTC": "Thông tư 29/2022/TT-BTC",
    "ND62": "Nghị định 62/2015/NĐ-CP",
    "TT13-BNV": "Thông tư 13/2014/TT-BNV",
    "TTLT11-BXD": "Thông tư liên tịch 11/2016/TTLT-BXD-BNV",
    "TTLT24-KHCN": "Thông tư liên tịch 24/2014/TTLT-BKHCN-BNV",
    "TT40-GD": "Thông tư 40/2020/TT-BGDĐT",
    "TT01-GD": "Thông tư 01/2021/TT-BGDĐT",
    "TTLT20-GD": "Thông tư liên tịch 20/2015/TTLT-BGDĐT-BNV",
    "TT02-GD": "Thông tư 02/2021/TT-BGDĐT",
    "TTLT21-GD": "Thông tư liên tịch 21/2015/TTLT-BGDĐT-BNV",
    "TT03-GD": "Thông tư 03/2021/TT-BGDĐT",
    "TTLT22-GD": "Thông tư liên tịch 22/2015/TTLT-BGDĐT-BNV",
    "TT04-GD": "Thông tư 04/2021/TT-BGDĐT",
    "TTLT10-YT": "Thông tư liên tịch 10/2015/TTLT-BYT-BNV",
    "TTLT11-YT": "Thông tư liên tịch 11/2015/TTLT-BYT-BNV",
    "TTLT26-YT": "Thông tư liên tịch 26/2015/TTLT-BYT-BNV",
    "TTLT27-YT": "Thông tư liên tịch 27/2015/TTLT-BYT-BNV",
    "TT03-LD": "Thông tư 03/2018/TT-BLĐTBXH",
    "TT02-VH": "Thông tư 02/2022/TT-BVHTTDL",
    "TTLT45-TT": "Thông tư liên tịch 45/2017/TTLT-BTTTT-BNV",
}

_HOLDERS = {"shared": SHARED, "civil": CIVIL, "public": PUBLIC, "legacy": LEGACY_PUBLIC}

RANK_TABLE = """
# Hành chính (administration)
01.001 | A3.1 | shared | TT02-BNV | - | Chuyên viên cao cấp
01.002 | A2.1 | shared | TT02-BNV | - | Chuyên viên chính
01.003 | A1 | shared | TT02-BNV | - | Chuyên viên
01.004 | A0,B | shared | TT02-BNV | - | Cán sự
01.005 | B | shared | TT02-BNV | - | Nhân viên
# Văn thư (records clerks)
02.006 | A2.2 | shared | TT02-BNV | - | Văn thư viên chính
02.007 | A1 | shared | TT02-BNV | - | Văn thư viên
02.008 | A0,B | shared | TT02-BNV | - | Văn thư viên trung cấp
# Thi hành án dân sự (civil judgment enforcement)
03.017 | A2.1 | civil | QD78 | 03.300 | Chấp hành viên tỉnh (cũ)
03.018 | A1 | civil | QD78 | 03.301 | Chấp hành viên quận, huyện (cũ)
03.230 | A3.1 | civil | ND62 | - | Thẩm tra viên cao cấp
03.231 | A2.1 | civil | ND62 | - | Thẩm tra viên chính
03.232 | A1 | civil | ND62 | - | Thẩm tra viên
03.299 | A3.1 | civil | ND62 | - | Chấp hành viên cao cấp
03.300 | A2.1 | civil | ND62 | - | Chấp hành viên trung cấp
03.301 | A1 | civil | ND62 | - | Chấp hành viên sơ cấp
03.302 | A1 | civil | ND62 | - | Thư ký thi hành án
# Thanh tra (inspection)
04.023 | A3.1 | civil | QD78 | - | Thanh tra viên cao cấp
04.024 | A2.1 | civil | QD78 | - | Thanh tra viên chính
04.025 | A1 | civil | QD78 | - | Thanh tra viên
# Kế toán (accounting: civil servants and public employees alike)
06.029 | A3.1 | shared | TT29-BTC | - | Kế toán viên cao cấp
06.030 | A2.1 | shared | TT29-BTC | - | Kế toán viên chính
06.031 | A1 | shared | TT29-BTC | - | Kế toán viên
06.032 | A0,B | shared | TT29-BTC | - | Kế toán viên trung cấp
# Thuế (tax)
06.036 | A3.1 | civil | TT29-BTC | - | Kiểm tra viên cao cấp thuế
06.037 | A2.1 | civil | TT29-BTC | - | Kiểm tra viên chính thuế
06.038 | A1 | civil | TT29-BTC | - | Kiểm tra viên thuế
06.039 | A0,B | civil | TT29-BTC | - | Kiểm tra viên trung cấp thuế
06.040 | B,C2 | civil | TT29-BTC | - | Nhân viên thuế
# Kiểm toán nhà nước (state audit)
06.041 | A3.1 | civil | QD78 | - | Kiểm toán viên cao cấp
06.042 | A2.1 | civil | QD78 | - | Kiểm toán viên chính
06.043 | A1 | civil | QD78 | - | Kiểm toán viên
# Ngân hàng (central bank)
07.044 | A3.1 | civil | QD78 | - | Kiểm soát viên cao cấp ngân hàng
07.045 | A2.1 | civil | QD78 | - | Kiểm soát viên chính ngân hàng
07.046 | A1 | civil | QD78 | - | Kiểm soát viên ngân hàng
# Hải quan (customs)
08.049 | A3.1 | civil | TT29-BTC | - | Kiểm tra viên cao cấp hải quan
08.050 | A2.1 | civil | TT29-BTC | - | Kiểm tra viên chính hải quan
08.051 | A1 | civil | TT29-BTC | - | Kiểm tra viên hải quan
08.052 | A0,B | civil | TT29-BTC | - | Kiểm tra viên trung cấp hải quan
08.053 | B,C1 | civil | TT29-BTC | - | Nhân viên hải quan
# Kiểm dịch động - thực vật (plant and animal quarantine)
09.066 | A3.1 | civil | QD78 | - | Kiểm dịch viên cao cấp động - thực vật
09.067 | A2.1 | civil | QD78 | - | Kiểm dịch viên chính động - thực vật
09.068 | A1 | civil | QD78 | - | Kiểm dịch viên động - thực vật
# Kiểm lâm (forest rangers)
10.225 | A2.1,A2.2 | civil | QD78 | - | Kiểm lâm viên chính
10.226 | A1 | civil | QD78 | - | Kiểm lâm viên
10.228 | A0,B | civil | QD78 | - | Kiểm lâm viên trung cấp
# Đê điều (dyke control)
11.081 | A2.1 | civil | QD78 | - | Kiểm soát viên chính đê điều
11.082 | A1 | civil | QD78 | - | Kiểm soát viên đê điều
# Thẩm kế (construction appraisal)
12.084 | A3.1 | civil | QD78 | - | Thẩm kế viên cao cấp
12.085 | A2.1 | civil | QD78 | - | Thẩm kế viên chính
12.086 | A1 | civil | QD78 | - | Thẩm kế viên
# Khoa học - công nghệ, mã cũ (science and technology, codes before 2014)
13.090 | A3.1 | legacy | QD78 | V.05.01.01 | Nghiên cứu viên cao cấp (mã cũ)
13.091 | A2.1 | legacy | QD78 | V.05.01.02 | Nghiên cứu viên chính (mã cũ)
13.092 | A1 | legacy | QD78 | V.05.01.03 | Nghiên cứu viên (mã cũ)
13.093 | A3.1 | legacy | QD78 | V.05.02.05 | Kỹ sư cao cấp (mã cũ)
13.094 | A2.1 | legacy | QD78 | V.05.02.06 | Kỹ sư chính (mã cũ)
13.095 | A1 | legacy | QD78 | V.05.02.07 | Kỹ sư (mã cũ)
13.096 | A0,B | legacy | QD78 | V.05.02.08 | Kỹ thuật viên (mã cũ)
# Quản lý thị trường (market surveillance)
21.187 | A3.1 | civil | QD78 | - | Kiểm soát viên cao cấp thị trường
21.188 | A2.1 | civil | QD78 | - | Kiểm soát viên chính thị trường
21.189 | A1 | civil | QD78 | - | Kiểm soát viên thị trường
21.190 | A0,B | civil | QD78 | - | Kiểm soát viên trung cấp thị trường
# Thống kê (statistics)
23.261 | A3.1 | civil | QD78 | - | Thống kê viên cao cấp
23.262 | A2.1 | civil | QD78 | - | Thống kê viên chính
23.263 | A1 | civil | QD78 | - | Thống kê viên
# --- viên chức: chức danh nghề nghiệp ---
# Lưu trữ (archives)
V.01.02.01 | A2.1,A2.2 | public | TT13-BNV | - | Lưu trữ viên chính (hạng II)
V.01.02.02 | A1 | public | TT13-BNV | - | Lưu trữ viên (hạng III)
V.01.02.03 | A0,B | public | TT13-BNV | - | Lưu trữ viên trung cấp (hạng IV)
# Kiến trúc sư (architects)
V.04.01.01 | A3.1 | public | TTLT11-BXD | - | Kiến trúc sư hạng I
V.04.01.02 | A2.1 | public | TTLT11-BXD | - | Kiến trúc sư hạng II
V.04.01.03 | A1 | public | TTLT11-BXD | - | Kiến trúc sư hạng III
# Khoa học - công nghệ (science and technology)
V.05.01.01 | A3.1 | public | TTLT24-KHCN | - | Nghiên cứu viên cao cấp (hạng I)
V.05.01.02 | A2.1 | public | TTLT24-KHCN | - | Nghiên cứu viên chính (hạng II)
V.05.01.03 | A1 | public | TTLT24-KHCN | - | Nghiên cứu viên (hạng III)
V.05.01.04 | A0,B | public | TTLT24-KHCN | - | Trợ lý nghiên cứu (hạng IV)
V.05.02.05 | A3.1 | public | TTLT24-KHCN | - | Kỹ sư cao cấp (hạng I)
V.05.02.06 | A2.1 | public | TTLT24-KHCN | - | Kỹ sư chính (hạng II)
V.05.02.07 | A1 | public | TTLT24-KHCN | - | Kỹ sư (hạng III)
V.05.02.08 | A0,B | public | TTLT24-KHCN | - | Kỹ thuật viên (hạng IV)
# Giáo dục đại học (higher education)
V.07.01.01 | A3.1 | public | TT40-GD | - | Giảng viên cao cấp (hạng I)
V.07.01.02 | A2.1 | public | TT40-GD | - | Giảng viên chính (hạng II)
V.07.01.03 | A1 | public | TT40-GD | - | Giảng viên (hạng III)
V.07.01.23 | A1 | public | TT40-GD | - | Trợ giảng (hạng III)
# Mầm non (preschool)
V.07.02.24 | A2.2 | public | TT01-GD | - | Giáo viên mầm non hạng I
V.07.02.25 | A1 | public | TT01-GD | - | Giáo viên mầm non hạng II
V.07.02.26 | A0 | public | TT01-GD | - | Giáo viên mầm non hạng III
V.07.02.04 | A1 | public | TTLT20-GD | V.07.02.25 | Giáo viên mầm non hạng II (mã cũ)
V.07.02.05 | A0 | public | TTLT20-GD | V.07.02.26 | Giáo viên mầm non hạng III (mã cũ)
V.07.02.06 | B | public | TTLT20-GD | V.07.02.26 | Giáo viên mầm non hạng IV (mã cũ)
# Tiểu học (primary)
V.07.03.27 | A2.1 | public | TT02-GD | - | Giáo viên tiểu học hạng I
V.07.03.28 | A2.2 | public | TT02-GD | - | Giáo viên tiểu học hạng II
V.07.03.29 | A1 | public | TT02-GD | - | Giáo viên tiểu học hạng III
V.07.03.07 | A1 | public | TTLT21-GD | V.07.03.28 | Giáo viên tiểu học hạng II (mã cũ)
V.07.03.08 | A0 | public | TTLT21-GD | V.07.03.29 | Giáo viên tiểu học hạng III (mã cũ)
V.07.03.09 | B | public | TTLT21-GD | V.07.03.29 | Giáo viên tiểu học hạng IV (mã cũ)
# Trung học cơ sở (lower secondary)
V.07.04.30 | A2.1 | public | TT03-GD | - | Giáo viên trung học cơ sở hạng I
V.07.04.31 | A2.2 | public | TT03-GD | - | Giáo viên trung học cơ sở hạng II
V.07.04.32 | A1 | public | TT03-GD | - | Giáo viên trung học cơ sở hạng III
V.07.04.10 | A2.1,A2.2 | public | TTLT22-GD | V.07.04.30 | Giáo viên trung học cơ sở hạng I (mã cũ)
V.07.04.11 | A1 | public | TTLT22-GD | V.07.04.31 | Giáo viên trung học cơ sở hạng II (mã cũ)
V.07.04.12 | A0 | public | TTLT22-GD | V.07.04.32 | Giáo viên trung học cơ sở hạng III (mã cũ)
# Trung học phổ thông (upper secondary)
V.07.05.13 | A2.1 | public | TT04-GD | - | Giáo viên trung học phổ thông hạng I
V.07.05.14 | A2.2 | public | TT04-GD | - | Giáo viên trung học phổ thông hạng II
V.07.05.15 | A1 | public | TT04-GD | - | Giáo viên trung học phổ thông hạng III
# Y tế (health)
V.08.01.01 | A3.1 | public | TTLT10-YT | - | Bác sĩ cao cấp (hạng I)
V.08.01.02 | A2.1 | public | TTLT10-YT | - | Bác sĩ chính (hạng II)
V.08.01.03 | A1 | public | TTLT10-YT | - | Bác sĩ (hạng III)
V.08.02.04 | A3.1 | public | TTLT10-YT | - | Bác sĩ y học dự phòng cao cấp (hạng I)
V.08.02.05 | A2.1 | public | TTLT10-YT | - | Bác sĩ y học dự phòng chính (hạng II)
V.08.02.06 | A1 | public | TTLT10-YT | - | Bác sĩ y học dự phòng (hạng III)
V.08.03.07 | A0,B | public | TTLT10-YT | - | Y sĩ (hạng IV)
V.08.04.08 | A3.1 | public | TTLT11-YT | - | Y tế công cộng cao cấp (hạng I)
V.08.04.09 | A2.1 | public | TTLT11-YT | - | Y tế công cộng chính (hạng II)
V.08.04.10 | A1 | public | TTLT11-YT | - | Y tế công cộng (hạng III)
V.08.05.11 | A2.1,A2.2 | public | TTLT26-YT | - | Điều dưỡng hạng II
V.08.05.12 | A1 | public | TTLT26-YT | - | Điều dưỡng hạng III
V.08.05.13 | A0,B | public | TTLT26-YT | - | Điều dưỡng hạng IV
V.08.06.14 | A2.1,A2.2 | public | TTLT26-YT | - | Hộ sinh hạng II
V.08.06.15 | A1 | public | TTLT26-YT | - | Hộ sinh hạng III
V.08.06.16 | A0,B | public | TTLT26-YT | - | Hộ sinh hạng IV
V.08.07.17 | A2.1,A2.2 | public | TTLT26-YT | - | Kỹ thuật y hạng II
V.08.07.18 | A1 | public | TTLT26-YT | - | Kỹ thuật y hạng III
V.08.07.19 | A0,B | public | TTLT26-YT | - | Kỹ thuật y hạng IV
V.08.08.20 | A3.1 | public | TTLT27-YT | - | Dược sĩ cao cấp (hạng I)
V.08.08.21 | A2.1 | public | TTLT27-YT | - | Dược sĩ chính (hạng II)
V.08.08.22 | A1 | public | TTLT27-YT | - | Dược sĩ (hạng III)
V.08.08.23 | A0,B | public | TTLT27-YT | - | Dược hạng IV
# Giáo dục nghề nghiệp (vocational education)
V.09.02.01 | A3.1 | public | TT03-LD | - | Giảng viên giáo dục nghề nghiệp cao cấp (hạng I)
V.09.02.02 | A2.1 | public | TT03-LD | - | Giảng viên giáo dục nghề nghiệp chính (hạng II)
V.09.02.03 | A1 | public | TT03-LD | - | Giảng viên giáo dục nghề nghiệp lý thuyết (hạng III)
V.09.02.04 | A0 | public | TT03-LD | - | Giảng viên giáo dục nghề nghiệp thực hành (hạng III)
# Thư viện (libraries)
V.10.02.05 | A3.1 | public | TT02-VH | - | Thư viện viên hạng I
V.10.02.06 | A2.1 | public | TT02-VH | - | Thư viện viên hạng II
V.10.02.07 | A1 | public | TT02-VH | - | Thư viện viên hạng III
V.10.02.08 | A0,B | public | TT02-VH | - | Thư viện viên hạng IV
# Công nghệ thông tin (information technology)
V.11.06.12 | A3.1 | public | TTLT45-TT | - | Công nghệ thông tin hạng I
V.11.06.13 | A2.1 | public | TTLT45-TT | - | Công nghệ thông tin hạng II
V.11.06.14 | A1 | public | TTLT45-TT | - | Công nghệ thông tin hạng III
V.11.06.15 | A0,B | public | TTLT45-TT | - | Công nghệ thông tin hạng IV
"""
"""code | salary grade(s) | who holds it | source | superseded by | name.

Holders: shared = civil servants, cadres and public employees (administrative, clerical and
accounting ranks); civil = civil servants and cadres; public = public employees (V-codes);
legacy = pre-2014 sự nghiệp codes, held before the Law on Public Employees by "công chức" too.
"""


def _parse_ranks(table: str) -> tuple[Rank, ...]:
    ranks: list[Rank] = []
    for line in table.strip().splitlines():
        if not line or line.startswith("#"):
            continue
        code, grades, holders, source, superseded, name = (x.strip() for x in line.split("|"))
        ranks.append(
            Rank(
                code,
                name,
                tuple(grades.split(",")),
                _HOLDERS[holders],
                RANK_SOURCES[source],
                None if superseded == "-" else superseded,
            )
        )
    return tuple(ranks)


_RANKS: tuple[Rank, ...] = _parse_ranks(RANK_TABLE)
RANKS: dict[str, Rank] = {r.code: r for r in _RANKS}


def rank_codes_json() -> list[dict[str, Any]]:
    """The rank and professional-title code list, for vendors."""
    return [r.as_dict() for r in _RANKS]


def salary_tables_json() -> list[dict[str, Any]]:
    return [
        {
            "grade": g.code,
            "name_vi": g.name_vi,
            "steps": g.steps,
            "coefficients": [f"{c:.2f}" for c in g.coefficients],
            "coefficients_vien_chuc": [f"{c:.2f}" for c in g.coefficients_vien_chuc],
            "source": SALARY_SOURCE,
        }
        for g in SALARY_GRADES.values()
    ]
