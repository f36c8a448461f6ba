"""Vietnamese names: family name (họ), middle name (tên đệm), given name (tên).

Faker's vi_VN lists are merged with longer lists of our own. Names are NFC with the tone mark
placed as the registry stores it (on the first vowel of an open "oa/oe/uy" syllable: "Hòa",
"Thủy", as in the official province names "Thanh Hóa", "Khánh Hòa").

Weighted choices use look-up tables of 4096 entries built by largest-remainder apportionment, so
a 12-bit draw picks a name with one index operation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from faker.providers.person.vi_VN import Provider as FakerPersonProvider

from mock_dancu.population.cells import apportion
from mock_dancu.population.spelling import registry_spelling

TABLE_BITS = 12
TABLE_SIZE = 1 << TABLE_BITS

# Approximate shares (per 10,000) of Vietnamese family names; the long tail shares the rest.
FAMILY_NAME_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 3800), ("Trần", 1100), ("Lê", 950), ("Phạm", 710),
    ("Hoàng", 255), ("Huỳnh", 255), ("Phan", 450), ("Vũ", 195), ("Võ", 195),
    ("Đặng", 210), ("Bùi", 200), ("Đỗ", 140), ("Hồ", 130), ("Ngô", 130),
    ("Dương", 100), ("Lý", 50),
    # the tail: about 11% together
    ("Trương", 100), ("Mai", 70), ("Đinh", 80), ("Trịnh", 60), ("Đoàn", 60), ("Lâm", 50),
    ("Đào", 50), ("Cao", 45), ("Lương", 45), ("Hà", 45), ("Phùng", 35), ("Tạ", 30),
    ("Tô", 30), ("Lưu", 30), ("Chu", 20), ("Thái", 20), ("Châu", 20), ("Triệu", 20),
    ("Nông", 20), ("Kiều", 15), ("Quách", 15), ("Tăng", 15), ("Vương", 15), ("Đàm", 15),
    ("Lại", 15), ("La", 10), ("Từ", 10), ("Thân", 10), ("Nghiêm", 10), ("Vi", 10),
    ("Tống", 10), ("Kim", 10), ("Lò", 10), ("Thạch", 10), ("Mạc", 8), ("Lục", 8),
    ("Diệp", 8), ("Giang", 8), ("Doãn", 8), ("Hứa", 8), ("Tôn", 8), ("Khúc", 5),
    ("Âu", 5), ("Ông", 5), ("Sơn", 5),
)  # fmt: skip

MALE_MIDDLE_NAMES: tuple[str, ...] = (
    "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Công", "Xuân", "Thanh", "Quốc", "Trọng", "Anh",
    "Hoàng", "Duy", "Thế", "Tuấn", "Mạnh", "Gia", "Bảo", "Đình", "Tiến", "Hồng", "Tấn", "Phú",
    "Trí", "Hải", "Khánh", "Nhật", "Việt", "Thành", "Huy", "Kim", "Đăng", "Hoài", "Trung",
    "Vĩnh", "Tùng", "Nam", "Chí", "Bá", "Thiện",
)  # fmt: skip

FEMALE_MIDDLE_NAMES: tuple[str, ...] = (
    "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Bảo", "Thùy", "Hồng", "Mai", "Kim", "Khánh",
    "Hải", "Diệu", "Xuân", "Mỹ", "Lan", "Quỳnh", "Hoài", "Tuyết", "Bích", "Cẩm", "Như",
    "Thảo", "Hà", "Gia", "Ánh", "Thúy", "Kiều", "Huyền", "Hương", "Hoàng", "Tường", "Vân",
    "Yến", "Thục", "Hạnh",
)  # fmt: skip

_FAKER_FEMALE_MIDDLE = frozenset({"Thị", "Mai", "Mai Bảo", "Xuân", "Hải", "Bảo", "Hoàng"})
_FAKER_MALE_MIDDLE_EXCLUDED = frozenset({"Thị", "Mai", "Mai Bảo", "Văn"})

# (given name, weight): common names weigh more.
MALE_GIVEN_NAMES: tuple[tuple[str, int], ...] = (
    ("Anh", 4), ("Minh", 4), ("Hùng", 4), ("Dũng", 4), ("Tuấn", 4), ("Hải", 3), ("Nam", 3),
    ("Long", 3), ("Thắng", 3), ("Cường", 3), ("Đức", 3), ("Hiếu", 3), ("Huy", 3), ("Sơn", 3),
    ("Trung", 3), ("Thành", 3), ("Tùng", 2), ("Quang", 2), ("Việt", 2), ("Bình", 2),
    ("Hòa", 2), ("Khoa", 2), ("Toàn", 2), ("Quý", 2), ("Thụy", 1), ("Hoàng", 2), ("Phúc", 2),
    ("Khánh", 2), ("Lâm", 2), ("Đạt", 2), ("Phong", 2), ("Vinh", 2), ("Tài", 2), ("Tâm", 2),
    ("Bảo", 2), ("Chiến", 2), ("Công", 1), ("Danh", 1), ("Duy", 2), ("Dương", 1), ("Định", 1),
    ("Đông", 1), ("Giang", 1), ("Hào", 1), ("Hậu", 1), ("Hiển", 1), ("Hoàn", 1), ("Hưng", 2),
    ("Khải", 1), ("Khang", 2), ("Khôi", 2), ("Kiên", 2), ("Lộc", 2), ("Lợi", 1), ("Luân", 1),
    ("Mạnh", 2), ("Nghĩa", 2), ("Nhân", 1), ("Phát", 1), ("Phương", 1), ("Quân", 2),
    ("Quốc", 1), ("Quyết", 1), ("Tân", 1), ("Thịnh", 2), ("Thuận", 1), ("Tiến", 2), ("Trí", 1),
    ("Trường", 2), ("Tú", 1), ("Vũ", 2), ("Xuân", 1), ("Thoại", 1), ("Tuyên", 1), ("Huân", 1),
    ("Quyền", 1), ("Hoạt", 1), ("Thủy", 1), ("Hòa", 1), ("Nguyên", 1), ("Thái", 1),
)  # fmt: skip

FEMALE_GIVEN_NAMES: tuple[tuple[str, int], ...] = (
    ("Hương", 4), ("Linh", 4), ("Lan", 3), ("Hà", 3), ("Trang", 4), ("Hằng", 3), ("Thảo", 3),
    ("Ngọc", 3), ("Mai", 3), ("Anh", 3), ("Huyền", 3), ("Nhung", 2), ("Phương", 3), ("Thủy", 3),
    ("Thùy", 2), ("Thúy", 2), ("Thụy", 1), ("Hòa", 2), ("Loan", 2), ("Xoan", 1), ("Hoa", 2),
    ("Hạnh", 2), ("Hiền", 2), ("Hồng", 2), ("Huệ", 1), ("Hường", 1), ("Dung", 2), ("Duyên", 2),
    ("Giang", 2), ("Yến", 2), ("Vân", 2), ("Nga", 2), ("Ngân", 2), ("Nguyệt", 1), ("Oanh", 1),
    ("Phượng", 1), ("Quyên", 1), ("Quỳnh", 2), ("Quý", 1), ("Tâm", 1), ("Thanh", 2), ("Thu", 2),
    ("Thư", 2), ("Trâm", 1), ("Trinh", 1), ("Tuyết", 1), ("Uyên", 1), ("Vy", 2), ("My", 2),
    ("Nhi", 2), ("Ánh", 1), ("Bích", 1), ("Chi", 2), ("Châu", 1), ("Cúc", 1), ("Diệp", 1),
    ("Diệu", 1), ("Khánh", 1), ("Khuê", 1), ("Liên", 1), ("Liễu", 1), ("Ly", 1), ("Minh", 1),
    ("Nhàn", 1), ("Sương", 1), ("Thoa", 1), ("Xuân", 1), ("Hoài", 1), ("An", 1), ("Tú", 1),
    ("Trà", 1), ("Lệ", 1),
)  # fmt: skip


def _nfc(names: Iterable[str]) -> list[str]:
    """NFC, with the registry's tone placement (Faker's lists may use either spelling)."""
    return [registry_spelling(n) for n in names]


def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_nfc(names)))


def weighted_table(weights: Sequence[tuple[str, int]], size: int = TABLE_SIZE) -> tuple[str, ...]:
    """A look-up table of `size` entries where each name appears in proportion to its weight."""
    counts = apportion(size, [w for _, w in weights])
    table: list[str] = []
    for (name, _), count in zip(weights, counts, strict=True):
        table.extend([name] * max(count, 0))
    if len(table) != size or any(c == 0 for c in counts):
        raise ValueError("weighted table too small for its weights")
    return tuple(table)


def _with_faker(
    own: Sequence[tuple[str, int]], faker_names: Iterable[str]
) -> list[tuple[str, int]]:
    merged = {registry_spelling(n): w for n, w in own}
    for name in _nfc(faker_names):
        merged.setdefault(name, 1)
    return sorted(merged.items())


FAMILY_TABLE = weighted_table(_with_faker(FAMILY_NAME_WEIGHTS, FakerPersonProvider.last_names))
MALE_GIVEN_TABLE = weighted_table(
    _with_faker(MALE_GIVEN_NAMES, FakerPersonProvider.first_names_male)
)
FEMALE_GIVEN_TABLE = weighted_table(
    _with_faker(FEMALE_GIVEN_NAMES, FakerPersonProvider.first_names_female)
)
MALE_MIDDLES: tuple[str, ...] = tuple(
    sorted(
        _dedupe(
            [*MALE_MIDDLE_NAMES]
            + [n for n in FakerPersonProvider.middle_names if n not in _FAKER_MALE_MIDDLE_EXCLUDED]
        )
    )
)
"""Middle names of men other than the plain "Văn"."""
FEMALE_MIDDLES: tuple[str, ...] = tuple(
    sorted(
        n
        for n in _dedupe(
            [*FEMALE_MIDDLE_NAMES]
            + [n for n in FakerPersonProvider.middle_names if n in _FAKER_FEMALE_MIDDLE]
        )
        if n != "Thị"
    )
)
"""Middle names of women other than the plain "Thị"."""


def plain_middle_share(birth_year: int) -> int:
    """Chance, per 1024, that the middle name is the plain "Văn" (men) or "Thị" (women).

    Older generations carry them far more often than the young.
    """
    if birth_year < 1975:
        return 700
    if birth_year < 1995:
        return 480
    return 260
