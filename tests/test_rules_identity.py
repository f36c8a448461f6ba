"""Reconciliation with the population DB ("đối khớp, bổ sung"): per-field verdicts,
supplementation, and never another person's data in a record or a finding."""

from __future__ import annotations

import unicodedata
from datetime import date

from gateway.rules import Dimension, IdentityCheck, Severity, Verdict, evaluate
from tests.test_rules_factory import (
    ALL_MATCH,
    context,
    match,
    only,
    registry_of,
    rule_ids,
    valid_record,
)

SOMEONE_ELSE = {
    "full_name": "Trần Thị Bích",
    "date_of_birth": "1990-07-01",
    "sex": "female",
    "ethnicity_code": "02",
    "religion": "Công giáo",
    "hometown_province": "001",
    "permanent_address": "Số 1, phố Tràng Tiền, quận Hoàn Kiếm, Hà Nội",
}


def test_empty_fields_are_supplemented_and_marked() -> None:
    record = valid_record(
        full_name=None, ethnicity_code=None, religion=None, permanent_address=None
    )
    identity = match(fields={}, registry=registry_of(valid_record()))
    ev = evaluate(record, context(identity=identity))
    assert ev.findings == []
    assert ev.status == "accepted"
    assert ev.supplemented == {
        "full_name": "population_db",
        "ethnicity_code": "population_db",
        "religion": "population_db",
        "permanent_address": "population_db",
    }
    assert ev.record["ethnicity_code"] == "01"
    assert ev.record["full_name"] == "Nguyễn Văn An"


def test_person_id_is_supplemented_from_the_old_cmnd() -> None:
    record = valid_record(person_id=None, old_id_number="031234567")
    identity = match(person_id="031085012345")
    ev = evaluate(record, context(identity=identity))
    assert ev.findings == []
    assert ev.record["person_id"] == "031085012345"
    assert ev.supplemented == {"person_id": "population_db"}


def test_agency_values_are_kept_and_disagreements_flagged() -> None:
    registry = {**registry_of(valid_record()), "ethnicity_code": "02", "hometown_province": "001"}
    ev = evaluate(valid_record(), context(identity=match(registry=registry)))
    assert ev.status == "accepted"
    assert [(f.rule, f.expected) for f in ev.findings] == [
        ("DUNG-REGISTRY-ETHNICITY", "02"),
        ("DUNG-REGISTRY-HOMETOWN", "001"),
    ]
    assert all(f.severity is Severity.WARNING for f in ev.findings)
    assert ev.record["ethnicity_code"] == "01"
    assert ev.record["hometown_province"] == "031"
    assert ev.supplemented == {}


def test_another_persons_data_is_never_copied_nor_shown() -> None:
    """The number belongs to someone else: the registry values are that person's."""
    record = valid_record(ethnicity_code=None, religion=None)
    identity = IdentityCheck(
        "mismatch",
        {"full_name": "mismatch", "date_of_birth": "mismatch", "sex": "mismatch"},
        person_id=record["person_id"],
        registry=SOMEONE_ELSE,
    )
    ev = evaluate(record, context(identity=identity))
    assert ev.status == "rejected"
    assert ev.supplemented == {}
    assert ev.record["ethnicity_code"] is None
    assert set(rule_ids(ev)) == {
        "DUNG-ID-NAME",
        "DUNG-ID-DOB",
        "DUNG-ID-SEX",
        "DU-REQ-ETHNICITY-CODE",
    }
    shown = " ".join(f"{f.expected} {f.message} {f.message_vi}" for f in ev.findings)
    for value in SOMEONE_ELSE.values():
        assert value not in shown


def test_verdicts_are_completed_locally_from_registry_values() -> None:
    registry = {**registry_of(valid_record()), "full_name": "Nguyễn Văn Anh"}
    ev = evaluate(valid_record(), context(identity=match(fields={}, registry=registry)))
    only(ev, "DUNG-ID-NAME")
    assert ev.findings[0].expected is None
    assert ev.dimensions[Dimension.DUNG] is Verdict.FAIL


def test_local_verdicts_forgive_what_normalisation_forgives() -> None:
    registry = {**registry_of(valid_record()), "full_name": "Lê Thị Hòa"}
    record = valid_record(full_name="Lê Thị Hoà")  # the other tone-mark placement
    ev = evaluate(record, context(identity=match(fields={}, registry=registry)))
    assert ev.findings == []
    registry["full_name"] = "LÊ THỊ HÒA"
    ev = evaluate(record, context(identity=match(fields={}, registry=registry)))
    assert ev.findings == []


def test_day_month_swap_is_detected_from_registry_values() -> None:
    registry = registry_of(valid_record(date_of_birth="1985-04-03"))
    record = valid_record(date_of_birth="1985-03-04")
    ev = evaluate(record, context(identity=match(fields={}, registry=registry)))
    only(ev, "DUNG-ID-DOB")
    assert "swapped" in ev.findings[0].message
    assert "đảo" in ev.findings[0].message_vi


def test_dob_mismatch_without_swap_says_so_plainly() -> None:
    identity = match(status="mismatch", fields={**ALL_MATCH, "date_of_birth": "mismatch"})
    ev = evaluate(valid_record(), context(identity=identity))
    only(ev, "DUNG-ID-DOB")
    assert "swapped" not in ev.findings[0].message


def test_registry_sex_in_wire_words_is_mapped() -> None:
    registry = {**registry_of(valid_record()), "sex": "Nam"}
    ev = evaluate(valid_record(sex=None), context(identity=match(fields={}, registry=registry)))
    assert ev.findings == []
    assert ev.record["sex"] == "male"


def test_address_and_religion_spellings_that_agree() -> None:
    registry = {
        **registry_of(valid_record()),
        "permanent_address": "Số 12 đường Lạch Tray, P. Lạch Tray, Q. Ngô Quyền, TP. Hải Phòng",
        "religion": "không",
    }
    ev = evaluate(valid_record(), context(identity=match(registry=registry)))
    assert ev.findings == []


def test_nfd_name_matches_and_is_stored_nfc() -> None:
    name = unicodedata.normalize("NFD", "Nguyễn Văn An")
    identity = match(normalisations=("unicode_nfc",))
    ev = evaluate(valid_record(full_name=name), context(identity=identity))
    only(ev, "SACH-NFC")
    assert ev.record["full_name"] == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", ev.record["full_name"] or "")


def test_deceased_person_recorded_as_deceased_is_consistent() -> None:
    identity = match(status="deceased", date_of_death=date(2025, 3, 1))
    ev = evaluate(valid_record(employment_status="deceased"), context(identity=identity))
    assert ev.findings == []
    assert ev.status == "accepted"


def test_death_after_as_of_is_not_yet_a_death() -> None:
    identity = match(date_of_death=date(2026, 12, 1))
    assert evaluate(valid_record(), context(identity=identity)).findings == []


def test_retired_person_who_died_is_not_flagged_active() -> None:
    identity = match(status="deceased", date_of_death=date(2025, 3, 1))
    ev = evaluate(valid_record(employment_status="retired"), context(identity=identity))
    assert ev.findings == []


def test_not_found_skips_field_rules_and_supplementation() -> None:
    record = valid_record(ethnicity_code=None)
    identity = IdentityCheck("not_found", {}, registry=registry_of(valid_record()))
    ev = evaluate(record, context(identity=identity))
    assert set(rule_ids(ev)) == {"DUNG-ID-NOT-FOUND", "DU-REQ-ETHNICITY-CODE"}
    assert ev.supplemented == {}


def test_invalid_identifier_is_reported_once() -> None:
    identity = IdentityCheck("invalid", {})
    ev = evaluate(valid_record(person_id="12345"), context(identity=identity))
    only(ev, "DUNG-ID-FORMAT")


def test_old_id_mismatch_key_variants() -> None:
    for key in ("old_id_number", "old_id"):
        identity = match(status="mismatch", fields={**ALL_MATCH, key: "mismatch"})
        ev = evaluate(valid_record(old_id_number="031234567"), context(identity=identity))
        only(ev, "DUNG-ID-OLD-ID")


def test_partial_answer_without_field_detail_is_flagged() -> None:
    ev = evaluate(valid_record(), context(identity=IdentityCheck("partial", {})))
    only(ev, "DUNG-ID-NAME-PARTIAL")
    assert ev.status == "accepted"
