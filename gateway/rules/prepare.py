"""One pass over a record before the rules run: clean, drop junk, supplement, parse.

Every rule then reads the same prepared values, so a date is parsed once, not once per rule
that needs it. Nothing here reads a clock or does I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal

from ccvc.text import compare_names
from gateway.rules.calendar import VN_TZ
from gateway.rules.codelists import (
    COEFFICIENT_TEXT,
    EMPLOYMENT_STATUSES,
    PROVINCE_CODES,
    RANKS,
    SALARY_GRADES,
    SEXES,
    STAFF_TYPES,
    Rank,
    SalaryGrade,
)
from gateway.rules.models import SKIP, UNDECIDED, IdentityCheck, Marker, RecordContext, Scope
from gateway.rules.retirement import retirement_date

# --- field sets ---------------------------------------------------------------------------

MINIMUM_REQUIRED: tuple[str, ...] = (
    "person_id",
    "full_name",
    "date_of_birth",
    "sex",
    "unit",
    "staff_type",
    "rank_code",
    "employment_status",
)
"""Cohort 70 phase I ("Đúng – Đủ"): who the person is, where they work, on which rank, and
whether they still work there. `person_id` is met by `old_id_number` too (the population DB
resolves it and supplies the 12-digit number)."""

FULL_REQUIRED: tuple[str, ...] = (
    *MINIMUM_REQUIRED,
    "ethnicity_code",
    "hometown_province",
    "permanent_address",
    "salary_grade",
    "salary_step",
    "salary_coefficient",
    "recruitment_date",
    "source_updated_at",
)
"""Cohort 26 and cohort 70 phase II ("Đúng – Đủ – Sạch – Sống"): identity, origin (supplied by
the population DB when empty), post, pay, recruitment and the time of the change (needed to
judge Sống). `religion`, `position`, `party_join_date` and `agency_code` stay optional (many
staff hold no position or party membership; the agency defaults to the one of the URL)."""

RECOMMENDED: tuple[str, ...] = ("education_level", "social_insurance_no")
"""Cohort 26 and cohort 70 phase II: a missing value is a warning, not a rejection. The social
insurance number is the personal number itself since 1/7/2025 (Luật Bảo hiểm xã hội 2024), and
the education level is often absent from legacy HR systems; both are flagged for follow-up."""

PAY_FIELDS: frozenset[str] = frozenset(
    {"rank_code", "salary_grade", "salary_step", "salary_coefficient"}
)
"""Not required of elected cadres (`can_bo`), who are paid on the position salary table
rather than on a rank (Nghị định 204/2004, bảng lương chức vụ)."""

SUPPLEMENTABLE: tuple[str, ...] = (
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity_code",
    "religion",
    "hometown_province",
    "permanent_address",
)
"""Fields the population DB holds and may fill in ("đối khớp, bổ sung")."""

IDENTIFIER_FIELDS: frozenset[str] = frozenset({"person_id", "old_id_number", "social_insurance_no"})
"""Whitespace inside these is removed altogether ("001085 012345" → "001085012345")."""

IDENTITY_FIELDS: tuple[str, ...] = ("full_name", "date_of_birth", "sex", "old_id_number", "old_id")
"""Keys of `IdentityCheck.fields` whose mismatch means the record may be another person's."""

_MIN_SET = frozenset(MINIMUM_REQUIRED)
_FULL_SET = frozenset(FULL_REQUIRED)


def required_fields(scope: Scope) -> frozenset[str]:
    return _MIN_SET if scope == "70/I" else _FULL_SET


# --- text cleaning ------------------------------------------------------------------------

NFC = 1
WHITESPACE = 2
LOOKALIKE = 4
INVISIBLE = 8
CONTROL = 16

_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def _drop_unprintable(value: str) -> tuple[str, int]:
    """Whitespace characters become spaces; invisible and control characters are dropped."""
    flags = 0
    kept: list[str] = []
    for ch in value:
        if ch.isprintable():
            kept.append(ch)
        elif ch.isspace():
            kept.append(" ")
            flags |= WHITESPACE
        elif unicodedata.category(ch) == "Cf":
            flags |= INVISIBLE  # zero-width space, BOM, soft hyphen, direction marks
        else:
            flags |= CONTROL  # NUL and other controls, lone surrogates, unassigned
    return "".join(kept), flags


def clean_text(value: str, identifier: bool = False) -> tuple[str, int]:
    """The cleaned value and what cleaning changed (a bit set of NFC, WHITESPACE, …).

    Cheap for clean text: a few C-level scans, no allocation unless something is wrong.
    """
    flags = 0
    if not value.isascii():
        if "\u00d0" in value or "\u00f0" in value:
            flags |= LOOKALIKE
            value = value.translate(_LOOKALIKES)
        if not value.isprintable():
            value, dropped = _drop_unprintable(value)
            flags |= dropped
        if not unicodedata.is_normalized("NFC", value):
            flags |= NFC
            value = unicodedata.normalize("NFC", value)
    elif not value.isprintable():
        value, dropped = _drop_unprintable(value)
        flags |= dropped
    # Only plain spaces are left: collapse them (identifiers lose them altogether).
    if identifier:
        if " " in value:
            flags |= WHITESPACE
            value = value.replace(" ", "")
    elif value[:1] == " " or value[-1:] == " " or "  " in value:
        flags |= WHITESPACE
        value = " ".join(value.split())
    if flags & WHITESPACE and not value.isascii() and not unicodedata.is_normalized("NFC", value):
        # removing a space can join a letter and a combining mark ("A ̀" → "À")
        flags |= NFC
        value = unicodedata.normalize("NFC", value)
    return value, flags


PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "n/a", "n.a", "n.a.", "na", "#n/a", "null", "nil", "none", "undefined", "nan",
        "-", "--", "—", "–", "0", "x", "xx", "xxx", "?", "??", "???", ".", "..", "...", "…",
        "test", "testing", "demo", "sample", "dummy", "abc", "asdf", "qwerty", "tbd", "todo",
        "unknown", "chưa có", "chua co", "chưa rõ", "chua ro", "không rõ", "khong ro",
        "không xác định", "khong xac dinh", "chưa xác định", "chua xac dinh",
        "chưa cập nhật", "chua cap nhat", "đang cập nhật", "dang cap nhat", "không biết",
        "khong biet", "0000-00-00", "00/00/0000", "1900-01-01", "01/01/1900", "0001-01-01",
        "9999-12-31",
    }
)  # fmt: skip
"""Junk standing in for a value. Never "Không": that is the registry's "no religion"."""


def is_placeholder(value: str) -> bool:
    key = value.lower() if value.isascii() else value.casefold()
    if key in PLACEHOLDERS:
        return True
    n = len(value)
    if n >= 2 and value[0] == value[-1] and value == value[0] * n:
        first = value[0]
        if first.isdigit():
            return first == "0" or n >= 6  # "00", "000000000000", "111111111"
        return True  # "xxxx", "----", "aaa"
    return False


# --- parsing ------------------------------------------------------------------------------

MIN_DATE = date(1900, 1, 1)


def parse_iso_date(text: str) -> date | None:
    """A real `YYYY-MM-DD` date from 1900 on, else None."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day >= MIN_DATE else None


_EPOCH = datetime(1970, 1, 1)
_VN_OFFSET_SECONDS = 7 * 3600


def parse_iso_datetime(text: str) -> datetime | None:
    """An ISO 8601 date and time, with or without an offset (naive means Vietnam time)."""
    ts = parse_timestamp(text)
    return None if ts is None else datetime.fromtimestamp(ts, VN_TZ)


def parse_timestamp(text: str) -> float | None:
    """POSIX time of an ISO 8601 date and time, with or without an offset (naive: Vietnam
    time); None unless a date from 1900 on and a time (after "T" or a space) are given."""
    if len(text) < 16 or not text.isascii() or text[10] not in "Tt ":
        return None
    if text[-1] == "z":
        text = text[:-1] + "Z"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.year < 1900:
        return None
    if moment.tzinfo is None:
        return (moment - _EPOCH).total_seconds() - _VN_OFFSET_SECONDS
    return moment.timestamp()


_last_received: list[tuple[datetime, float]] = []


def received_timestamp(received_at: datetime) -> float:
    """`received_at.timestamp()`, remembered for the same datetime object (a batch's)."""
    if _last_received:
        moment, ts = _last_received[0]
        if moment is received_at:
            return ts
    ts = aware_timestamp(received_at)
    _last_received[:] = [(received_at, ts)]
    return ts


def aware_timestamp(moment: datetime) -> float:
    """POSIX time; a naive datetime (as some databases return) is taken as UTC."""
    if moment.tzinfo is None:
        return (moment - _EPOCH).total_seconds()
    return moment.timestamp()


_COEFFICIENT = re.compile(r"\d{1,2}(?:\.\d{1,4})?")


def person_id_ok(text: str) -> bool:
    return len(text) == 12 and text.isascii() and text.isdigit()


# --- memoised per-value work (pure functions of the text: safe to share) ------------------

_MEMO_LIMIT = 1 << 17
"""At most this many memoised values (tens of megabytes at worst)."""
_MEMO_MAX_LENGTH = 48
_VALUE_MEMO: dict[str, tuple[str, int, bool]] = {}
_DATE_MEMO: dict[str, date | None] = {}


def _clean_value(raw: str) -> tuple[str, int, bool]:
    """(cleaned, cleaning flags, placeholder?) of a non-identifier value, memoised."""
    found = _VALUE_MEMO.get(raw) if len(raw) <= _MEMO_MAX_LENGTH else None
    if found is not None:
        return found
    value, flags = clean_text(raw)
    junk = bool(value) and (len(value) <= 16 or value[0] == value[-1]) and is_placeholder(value)
    result = (value, flags, junk)
    if len(raw) <= _MEMO_MAX_LENGTH and len(_VALUE_MEMO) < _MEMO_LIMIT:
        _VALUE_MEMO[raw] = result
    return result


def _repeated_digit(digits: str) -> bool:
    """An identifier of one digit repeated: all zeros, or six or more of another."""
    first = digits[0]
    return digits.count(first) == len(digits) and (first == "0" or len(digits) >= 6)


def _clean_identifier(raw: str) -> tuple[str, int, bool]:
    if raw.isdigit() and raw.isascii():  # the usual case: nothing to clean
        return raw, 0, _repeated_digit(raw)
    value, flags = clean_text(raw, True)
    if not value:
        return value, flags, False
    if value.isdigit():
        return value, flags, _repeated_digit(value)
    return value, flags, is_placeholder(value)


_UNSEEN = date(1, 1, 1)
_RETIREMENT_MEMO: dict[int, date] = {}
COEFFICIENT_SPELLINGS: frozenset[str] = frozenset().union(*COEFFICIENT_TEXT.values())


def _date(text: str) -> date | None:
    found = _DATE_MEMO.get(text, _UNSEEN)
    if found is not _UNSEEN:
        return found
    day = parse_iso_date(text)
    if len(_DATE_MEMO) < _MEMO_LIMIT:
        _DATE_MEMO[text] = day
    return day


# --- the prepared record ------------------------------------------------------------------


class Prepared:
    """A record ready for the rules: cleaned values, what cleaning found, parsed values."""

    __slots__ = (
        "active",
        "advisory",
        "age_years",
        "coefficient",
        "control",
        "ctx",
        "decided",
        "dob",
        "field_gate",
        "field_verdicts",
        "grade",
        "has_identifier",
        "id_gate",
        "identity",
        "invisible",
        "lookalike",
        "not_nfc",
        "party",
        "pay_required",
        "pid_female",
        "pid_ok",
        "pid_province_ok",
        "pid_year",
        "placeholders",
        "rank",
        "received_ts",
        "recruited",
        "registry",
        "required",
        "retirement",
        "same_person",
        "scope",
        "sex",
        "staff_type",
        "status",
        "step",
        "supplemented",
        "updated_ts",
        "values",
        "whitespace",
    )

    def __init__(self, record: Mapping[str, str | None], ctx: RecordContext) -> None:
        self.ctx = ctx
        scope = self.scope = ctx.scope
        self.advisory = scope == "70/I"
        required = self.required = required_fields(scope)
        self.not_nfc: list[str] | None = None
        self.whitespace: list[str] | None = None
        self.lookalike: list[str] | None = None
        self.invisible: list[str] | None = None
        self.control: list[str] | None = None
        self.placeholders: list[tuple[str, bool]] | None = None
        """(field, required?) of the values dropped as junk."""
        self.supplemented: dict[str, str] = {}

        values: dict[str, str | None] = {}
        identifiers = IDENTIFIER_FIELDS
        memo = _VALUE_MEMO.get
        for key, raw in record.items():
            if raw is None:
                values[key] = None
                continue
            if type(raw) is not str:
                raw = str(raw)
            if key in identifiers:
                value, flags, junk = _clean_identifier(raw)
            else:
                found = memo(raw) if len(raw) <= _MEMO_MAX_LENGTH else None
                value, flags, junk = found if found is not None else _clean_value(raw)
            if flags:
                if not value:
                    flags &= ~(WHITESPACE | INVISIBLE)  # a blank value is just missing
                if flags:
                    self._note(key, flags)
            if junk:
                if self.placeholders is None:
                    self.placeholders = []
                self.placeholders.append((key, key in required))
                values[key] = None
            else:
                values[key] = value or None
        self.values = values
        get = values.get

        # --- identity and supplementation ---
        identity = self.identity = ctx.identity
        has_identifier = self.has_identifier = bool(get("person_id") or get("old_id_number"))
        decided = self.decided = identity is not None and identity.status != "unavailable"
        self.registry: Mapping[str, str | None] | None = None
        self.field_verdicts: Mapping[str, str] = {}
        self.same_person = False
        if not has_identifier:
            self.id_gate: Marker | Literal[True] = SKIP
            self.field_gate: Marker | Literal[True] = SKIP
        elif identity is None or not decided:
            self.id_gate = self.field_gate = UNDECIDED
        else:
            self.id_gate = True
            self.field_gate = SKIP if identity.status in ("not_found", "invalid") else True
            self._reconcile(identity)

        # --- parsed values ---
        text = get("date_of_birth")
        dob = self.dob = _date(text) if text else None
        text = get("recruitment_date")
        self.recruited = _date(text) if text else None
        text = get("party_join_date")
        self.party = _date(text) if text else None
        text = get("source_updated_at")
        self.updated_ts = parse_timestamp(text) if text else None
        self.received_ts = received_timestamp(ctx.received_at)
        pid = get("person_id")
        if pid and len(pid) == 12 and pid.isascii() and pid.isdigit():
            self.pid_ok = True
            self.pid_province_ok = pid[:3] in PROVINCE_CODES
            digit = ord(pid[3]) - 48
            self.pid_year: int | None = 1900 + 100 * (digit >> 1) + int(pid[4:6])
            self.pid_female: bool | None = bool(digit & 1)
        else:
            self.pid_ok = self.pid_province_ok = False
            self.pid_year = self.pid_female = None
        sex = get("sex")
        sex = self.sex = sex if sex in SEXES else None
        staff_type = get("staff_type")
        self.staff_type = staff_type if staff_type in STAFF_TYPES else None
        self.pay_required = staff_type != "can_bo"
        status = get("employment_status")
        self.status = status if status in EMPLOYMENT_STATUSES else None
        self.active = status == "active"
        code = get("rank_code")
        self.rank: Rank | None = RANKS.get(code) if code else None
        code = get("salary_grade")
        self.grade: SalaryGrade | None = SALARY_GRADES.get(code) if code else None
        text = get("salary_step")
        self.step = (
            int(text) if text and len(text) <= 2 and text.isascii() and text.isdigit() else None
        )
        text = get("salary_coefficient")
        self.coefficient = (
            text
            if text and (text in COEFFICIENT_SPELLINGS or _COEFFICIENT.fullmatch(text))
            else None
        )
        if dob is not None:
            as_of = ctx.as_of
            self.age_years: int | None = (
                as_of.year - dob.year - ((as_of.month, as_of.day) < (dob.month, dob.day))
                if dob <= as_of
                else None
            )
            if sex is not None:
                month_key = dob.year * 24 + dob.month * 2 + (sex == "female")
                retirement = _RETIREMENT_MEMO.get(month_key)
                if retirement is None:
                    retirement = retirement_date(dob, sex == "female")
                    _RETIREMENT_MEMO[month_key] = retirement
                self.retirement: date | None = retirement
            else:
                self.retirement = None
        else:
            self.age_years = None
            self.retirement = None

    def _note(self, key: str, flags: int) -> None:
        if flags & NFC:
            if self.not_nfc is None:
                self.not_nfc = []
            self.not_nfc.append(key)
        if flags & WHITESPACE:
            if self.whitespace is None:
                self.whitespace = []
            self.whitespace.append(key)
        if flags & LOOKALIKE:
            if self.lookalike is None:
                self.lookalike = []
            self.lookalike.append(key)
        if flags & INVISIBLE:
            if self.invisible is None:
                self.invisible = []
            self.invisible.append(key)
        if flags & CONTROL:
            if self.control is None:
                self.control = []
            self.control.append(key)

    def _reconcile(self, identity: IdentityCheck) -> None:
        """Per-field verdicts (the population DB's, completed locally from its values when it
        gave none), whether the record is this person's, and supplementation."""
        values = self.values
        registry = identity.registry
        verdicts: Mapping[str, str] = identity.fields
        if registry:
            local: dict[str, str] | None = None
            for key in ("full_name", "date_of_birth", "sex"):
                if key in verdicts:
                    continue
                mine, theirs = values.get(key), registry.get(key)
                if not mine or not theirs:
                    continue
                if local is None:
                    local = dict(verdicts)
                local[key] = _compare(key, mine, theirs)
            if local is not None:
                verdicts = local
        self.field_verdicts = verdicts
        same = identity.status in ("match", "partial", "deceased") and (
            "mismatch" not in verdicts.values()
            or not any(verdicts.get(key) == "mismatch" for key in IDENTITY_FIELDS)
        )
        self.same_person = same
        if not same:
            return  # never copy another person's data into this record
        self.registry = registry
        if not values.get("person_id") and identity.person_id and person_id_ok(identity.person_id):
            values["person_id"] = identity.person_id
            self.supplemented["person_id"] = "population_db"
        if registry:
            for key in SUPPLEMENTABLE:
                if values.get(key):
                    continue
                theirs = registry.get(key)
                if not theirs:
                    continue
                cleaned = clean_text(theirs)[0]
                if key == "sex":
                    cleaned = _SEX_WIRE.get(cleaned.casefold(), cleaned)
                if cleaned and not is_placeholder(cleaned):  # never import junk
                    values[key] = cleaned
                    self.supplemented[key] = "population_db"


_SEX_WIRE = {"nam": "male", "nữ": "female", "male": "male", "female": "female"}


def _compare(key: str, mine: str, theirs: str) -> str:
    if key == "full_name":
        return compare_names(mine, theirs)[0].value
    theirs = clean_text(theirs)[0]
    if key == "sex":
        theirs = _SEX_WIRE.get(theirs.casefold(), theirs)
    return "match" if mine == theirs else "mismatch"
