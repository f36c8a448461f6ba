"""Ethnicity, religion and addresses.

Ethnic groups are drawn by their census share (`seed/ethnic_groups.csv`), religions by region
(Cao Đài and Hòa Hảo are southern faiths), addresses from Faker vi_VN's street and commune names
plus place-name syllables of our own. Place names below the province are synthetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from faker.providers.address.vi_VN import Provider as FakerAddressProvider

from ccvc.codelists import EthnicGroup, Province
from mock_dancu.population.cells import apportion
from mock_dancu.population.names import weighted_table
from mock_dancu.population.spelling import registry_spelling

NO_RELIGION = "Không"

_RELIGIONS_SOUTH: tuple[tuple[str, int], ...] = (
    (NO_RELIGION, 780), ("Phật giáo", 70), ("Công giáo", 60), ("Tin lành", 10),
    ("Cao Đài", 30), ("Hòa Hảo", 50),
)  # fmt: skip
_RELIGIONS_ELSEWHERE: tuple[tuple[str, int], ...] = (
    (NO_RELIGION, 895), ("Phật giáo", 35), ("Công giáo", 55), ("Tin lành", 15),
)  # fmt: skip

RELIGION_TABLE_SOUTH = weighted_table(_RELIGIONS_SOUTH)
RELIGION_TABLE_ELSEWHERE = weighted_table(_RELIGIONS_ELSEWHERE)

CENTRAL_CITIES = frozenset({"001", "031", "048", "079", "092"})
"""Hà Nội, Hải Phòng, Đà Nẵng, TP Hồ Chí Minh, Cần Thơ: centrally run cities (quận/phường)."""

_SYLLABLES_A: tuple[str, ...] = (
    "An", "Bình", "Phú", "Hòa", "Long", "Tân", "Đông", "Tây", "Nam", "Bắc", "Thạnh", "Mỹ",
    "Châu", "Phước", "Vĩnh", "Xuân", "Hưng", "Yên", "Quang", "Kim", "Thanh", "Đại", "Hồng",
    "Trung", "Gia", "Minh", "Đức", "Cẩm", "Thái", "Lạc",
)  # fmt: skip
_SYLLABLES_B: tuple[str, ...] = (
    "Lộc", "Sơn", "Hải", "Thuận", "Lợi", "Ninh", "Thành", "Hòa", "Phong", "Thịnh", "Khánh",
    "Điền", "Lâm", "Giang", "Hà", "Tiến", "Mỹ", "Xuyên", "Quý", "Tân", "Phú", "Hưng", "Đông",
    "Trạch", "Bình", "Nghĩa", "Thủy", "Lập", "Dương", "Hiệp",
)  # fmt: skip

PLACE_NAMES: tuple[str, ...] = tuple(
    sorted(
        {
            registry_spelling(name)
            for name in (
                *(f"{a} {b}" for a in _SYLLABLES_A for b in _SYLLABLES_B if a != b),
                *FakerAddressProvider.communes,
            )
        }
    )
)
STREETS: tuple[str, ...] = tuple(
    sorted({registry_spelling(s) for s in FakerAddressProvider.streets})
)


def ethnic_cumulative(groups: Sequence[EthnicGroup]) -> tuple[tuple[str, ...], list[int]]:
    """Codes and cumulative integer weights (share in units of 0.00001 %) for bisecting."""
    weights = [max(round(g.share_percent * 100_000), 1) for g in groups]
    return tuple(g.code for g in groups), list(accumulate(weights))


def province_table(provinces: Sequence[Province], size: int = 1 << 16) -> tuple[str, ...]:
    """Province codes repeated in proportion to population (for migration draws)."""
    counts = apportion(size, [p.population_thousands for p in provinces])
    table: list[str] = []
    for province, count in zip(provinces, counts, strict=True):
        table.extend([province.code] * count)
    return tuple(table)


def display_province(province: Province) -> str:
    """The province as written at the end of an address."""
    if province.code == "079":
        return "Thành phố Hồ Chí Minh"
    return province.name


def format_address(
    province: Province, draw: int, *, urban_roll: int, house: int, hamlet: int
) -> str:
    """A permanent address "Số 12, đường X, phường Y, quận Z, <province>" from random bits.

    `draw` supplies the street, commune and district choices; `urban_roll` (0–255) decides
    between a street address and a village (thôn/xóm/ấp) one.
    """
    street = STREETS[draw % len(STREETS)]
    draw //= len(STREETS)
    commune = PLACE_NAMES[draw % len(PLACE_NAMES)]
    draw //= len(PLACE_NAMES)
    district = PLACE_NAMES[draw % len(PLACE_NAMES)]
    where = display_province(province)
    if province.code in CENTRAL_CITIES:
        if urban_roll < 200:
            return f"Số {house}, đường {street}, phường {commune}, quận {district}, {where}"
        return f"Số {house}, đường {street}, xã {commune}, huyện {district}, {where}"
    if urban_roll < 90:
        return f"Số {house}, đường {street}, phường {commune}, thành phố {district}, {where}"
    village = "Ấp" if province.region == "south" else ("Xóm" if urban_roll & 1 else "Thôn")
    return f"{village} {hamlet}, xã {commune}, huyện {district}, {where}"
