"""The reconciliation query behind every fault test: each acknowledged record accounted for
exactly once, nothing duplicated, nothing passed unchecked.

"Acknowledged" is what the gateway answered 202 for (the batch ids the client holds). For each,
the database must hold every record the batch declared (`total`), each in a final state, each
accepted record with the population DB's verdict on its identity, and each person stored once
with exactly one history entry per change — a record processed twice would leave two."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ccvc.db import session_scope
from gateway.batches.models import Batch, BatchItem
from gateway.staff.models import StaffRecord, StaffRecordChange

FINAL = {"accepted", "rejected"}


@dataclass
class Reconciliation:
    acknowledged: int = 0  # records in the acknowledged batches
    accounted: int = 0  # in a final state, each once
    lost: int = 0  # acknowledged but absent, or never finished
    duplicated: int = 0  # persons stored or changed more than once
    unchecked: int = 0  # accepted without the population DB's verdict
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.lost == self.duplicated == self.unchecked == 0 and (
            self.accounted == self.acknowledged
        )


def reconcile(database_url: str, batch_ids: Iterable[str]) -> Reconciliation:
    report = Reconciliation()
    ids = list(dict.fromkeys(batch_ids))
    with session_scope(database_url) as session:
        batches = {b.id: b for b in session.scalars(select(Batch).where(Batch.id.in_(ids)))}
        for batch_id in ids:
            batch = batches.get(batch_id)
            if batch is None:
                report.problems.append(f"acknowledged batch {batch_id} is missing")
                continue
            report.acknowledged += batch.total
            items = session.scalars(select(BatchItem).where(BatchItem.batch_id == batch_id)).all()
            indexes = [i.index for i in items]
            if sorted(indexes) != list(range(batch.total)):
                report.lost += batch.total - len(set(indexes))
                report.problems.append(f"batch {batch_id}: {len(items)} of {batch.total} items")
            for item in items:
                if item.status not in FINAL:
                    report.lost += 1
                    continue
                report.accounted += 1
                identity = (item.result or {}).get("identity", {})
                dung = (item.result or {}).get("dimensions", {}).get("dung")
                if item.status == "accepted" and (
                    identity.get("status") in (None, "unavailable") or dung != "pass"
                ):
                    report.unchecked += 1
        agencies = {b.agency_code for b in batches.values()}
        stored = session.execute(
            select(StaffRecord.agency_code, StaffRecord.person_id, StaffRecord.version).where(
                StaffRecord.agency_code.in_(agencies)
            )
        ).all()
        changes = dict(
            session.execute(
                select(
                    StaffRecordChange.agency_code + ":" + StaffRecordChange.person_id,
                    func.count(),
                )
                .where(StaffRecordChange.agency_code.in_(agencies))
                .group_by(StaffRecordChange.agency_code, StaffRecordChange.person_id)
            ).all()
        )
        for agency, person, version in stored:
            if changes.get(f"{agency}:{person}", 0) != version:
                report.duplicated += 1
                report.problems.append(
                    f"{agency}: a record has {changes.get(f'{agency}:{person}')}"
                    f" history rows for version {version}"
                )
    return report
