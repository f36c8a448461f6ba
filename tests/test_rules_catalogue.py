"""The catalogue and its code lists: shape, sources, salary tables (NĐ 204/2004)."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

import pytest

from gateway.rules import (
    CATALOGUE,
    FULL_REQUIRED,
    MINIMUM_REQUIRED,
    RECOMMENDED,
    Dimension,
    Severity,
    catalogue_json,
    rank_codes_json,
    salary_tables_json,
)
from gateway.rules.codelists import (
    ETHNIC_CODES,
    PROVINCE_CODES,
    RANKS,
    SALARY_GRADES,
    STAFF_TYPES,
)

PREFIX = {
    Dimension.DUNG: "DUNG-",
    Dimension.DU: "DU-",
    Dimension.SACH: "SACH-",
    Dimension.SONG: "SONG-",
}


def test_catalogue_shape() -> None:
    assert len(CATALOGUE) >= 40
    ids = [r.id for r in CATALOGUE]
    assert len(ids) == len(set(ids))
    for rule in CATALOGUE:
        assert rule.id.startswith(PREFIX[rule.dimension]), rule.id
        assert rule.id == rule.id.upper()
        assert rule.title_vi and rule.title_en and rule.message_vi and rule.message_en
        assert rule.source
        assert rule.applies_to.scopes
        assert rule.applies_to.note_en and rule.applies_to.note_vi
        assert callable(rule.check)
    for dimension in Dimension:
        assert any(r.dimension is dimension for r in CATALOGUE)


def test_sach_and_song_errors_are_advisory_in_phase_i_only() -> None:
    for rule in CATALOGUE:
        if rule.dimension in (Dimension.SACH, Dimension.SONG):
            assert rule.applies_to.advisory_in == ("70/I",), rule.id
            assert "advisory" in rule.applies_to.note_en.lower()
        else:
            assert rule.applies_to.advisory_in == (), rule.id


def test_one_required_rule_per_field() -> None:
    required = {r.id for r in CATALOGUE if r.id.startswith("DU-REQ-")}
    assert required == {"DU-REQ-" + f.upper().replace("_", "-") for f in FULL_REQUIRED}
    recommended = {r.id for r in CATALOGUE if r.id.startswith("DU-REC-")}
    assert recommended == {"DU-REC-" + f.upper().replace("_", "-") for f in RECOMMENDED}
    assert set(MINIMUM_REQUIRED) < set(FULL_REQUIRED)
    assert not set(RECOMMENDED) & set(FULL_REQUIRED)
    for rule in CATALOGUE:
        if rule.dimension is Dimension.DU:
            expected = Severity.ERROR if rule.id.startswith("DU-REQ-") else Severity.WARNING
            assert rule.severity is expected, rule.id


def test_catalogue_json_is_serialisable_and_complete() -> None:
    items = catalogue_json()
    text = json.dumps(items, ensure_ascii=False)
    assert json.loads(text) == items
    for item in items:
        assert set(item) >= {
            "id",
            "dimension",
            "severity",
            "fields",
            "message_vi",
            "message_en",
            "source",
            "applies_to",
        }
        assert item["dimension"] in {"dung", "du", "sach", "song"}
        assert item["severity"] in {"error", "warning"}
        assert set(item["applies_to"]["cohorts"]) <= {"26", "70"}


def test_code_lists() -> None:
    assert len(PROVINCE_CODES) == 63
    assert {"001", "031", "079", "096"} <= PROVINCE_CODES
    assert len(ETHNIC_CODES) == 54
    assert {"01", "54"} <= ETHNIC_CODES


LADDERS = {
    "A3.1": ("6.20", "8.00", 6),
    "A3.2": ("5.75", "7.55", 6),
    "A2.1": ("4.40", "6.78", 8),
    "A2.2": ("4.00", "6.38", 8),
    "A1": ("2.34", "4.98", 9),
    "A0": ("2.10", "4.89", 10),
    "B": ("1.86", "4.06", 12),
    "C1": ("1.65", "3.63", 12),
    "C2": ("1.50", "3.48", 12),
    "C3": ("1.35", "3.33", 12),
}


@pytest.mark.parametrize("grade", sorted(LADDERS))
def test_salary_ladders(grade: str) -> None:
    first, last, steps = LADDERS[grade]
    table = SALARY_GRADES[grade].coefficients
    assert len(table) == steps
    assert table[0] == Decimal(first)
    assert table[-1] == Decimal(last)
    assert len({b - a for a, b in itertools.pairwise(table)}) == 1


def test_a1_ladder_in_full() -> None:
    assert [f"{c:.2f}" for c in SALARY_GRADES["A1"].coefficients] == [
        "2.34", "2.67", "3.00", "3.33", "3.66", "3.99", "4.32", "4.65", "4.98",
    ]  # fmt: skip


def test_public_employee_c_groups_follow_table_3() -> None:
    assert SALARY_GRADES["C2"].table_for("vien_chuc")[0] == Decimal("2.00")
    assert SALARY_GRADES["C2"].table_for("vien_chuc")[-1] == Decimal("3.98")
    assert SALARY_GRADES["C3"].table_for("vien_chuc")[-1] == Decimal("3.48")
    for grade in ("A3.1", "A1", "B", "C1"):
        g = SALARY_GRADES[grade]
        assert g.table_for("vien_chuc") == g.table_for("cong_chuc")


def test_rank_list() -> None:
    assert len(RANKS) >= 100
    for code in ("01.001", "01.002", "01.003", "01.004", "01.005", "06.029", "06.030",
                 "06.031", "06.032", "V.07.05.15", "V.08.01.03", "13.092"):  # fmt: skip
        assert code in RANKS, code
    assert RANKS["01.001"].grades == ("A3.1",)
    assert RANKS["01.002"].grades == ("A2.1",)
    assert RANKS["01.003"].grades == ("A1",)
    assert "A0" in RANKS["01.004"].grades
    assert RANKS["01.005"].grades == ("B",)
    for rank in RANKS.values():
        assert rank.grades and all(g in SALARY_GRADES for g in rank.grades), rank.code
        assert rank.staff_types and rank.staff_types <= STAFF_TYPES
        if rank.code.startswith("V."):
            assert rank.staff_types == {"vien_chuc"}, rank.code
            assert len(rank.code) == 10
        else:
            assert len(rank.code) == 6 and rank.code[2] == "."
            assert "cong_chuc" in rank.staff_types
        if rank.superseded_by is not None:
            assert rank.superseded_by in RANKS
            assert RANKS[rank.superseded_by].superseded_by is None


def test_code_list_json() -> None:
    ranks = rank_codes_json()
    assert len(ranks) == len(RANKS)
    tables = salary_tables_json()
    assert [t["grade"] for t in tables] == list(SALARY_GRADES)
    json.dumps([ranks, tables], ensure_ascii=False)
