"""The behaviours a vendor's system must show before going live, each judged from what the
sandbox observed of that agency.

A behaviour is judged by *episodes*: something that calls for the behaviour (a 401, a 503, a
429, a 412, rejected records, row errors, a webhook test) and what the client did next. The
latest episode that has concluded decides the status, so a vendor who fixes the client sees the
behaviour turn green on the next try (and red again if it regresses).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.batches.models import Batch, BatchItem, Channel
from gateway.conformance.models import EvidenceRequest, Observation, Verdict
from gateway.webhooks.models import EventType, MessageStatus, WebhookEndpoint, WebhookMessage

TOKEN_ROUTE = "/v1/oauth/token"
RESULTS_ROUTE = "/v1/batches/{batch_id}/results"
RECORD_ROUTE = "/v1/agencies/{code}/records/{person_id}"
RECORD_WRITES = frozenset({("PUT", RECORD_ROUTE), ("POST", RECORD_ROUTE + "/status")})
UPLOAD_ROUTE = "/v1/agencies/{code}/uploads"
TEST_ROUTE = "/v1/agencies/{code}/webhooks/{endpoint_id}/test"
RETRY_AFTER_TOLERANCE = timedelta(milliseconds=200)


@dataclass
class Judgement:
    status: Verdict
    reason_en: str
    reason_vi: str
    concluded_at: datetime | None = None
    evidence: list[EvidenceRequest] = field(default_factory=list)


@dataclass
class Facts:
    session: Session
    agency_code: str
    observations: Sequence[Observation]  # in the order they were observed
    _positions: dict[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._positions = {o.id: i for i, o in enumerate(self.observations)}

    def after(self, observation: Observation) -> Iterator[Observation]:
        """What the agency did next, lazily: a judge usually stops at the next request."""
        return islice(self.observations, self._positions[observation.id] + 1, None)


def ev(o: Observation, note: str | None = None) -> EvidenceRequest:
    return EvidenceRequest(
        at=o.at, method=o.method, route=o.route, status=o.status, scenario=o.scenario, note=note
    )


def not_tried(en: str, vi: str) -> Judgement:
    return Judgement("not_tried", en, vi)


def token_renewal(facts: Facts) -> Judgement:
    """After a 401 for its token, the client gets a new token and its next call uses it."""
    latest = not_tried(
        "No 401 for an expired token seen yet.", "Chưa thấy lỗi 401 do mã truy cập hết hạn."
    )
    obs = facts.observations
    for refused in obs:
        if refused.status != 401 or refused.route == TOKEN_ROUTE or refused.token is None:
            continue
        grant: Observation | None = None
        for nxt in facts.after(refused):
            if nxt.route == TOKEN_ROUTE:
                grant = nxt if nxt.status == 200 else grant
                continue
            if nxt.token == refused.token:
                latest = Judgement(
                    "failed",
                    "After a 401 the client sent the same expired token again.",
                    "Sau lỗi 401, ứng dụng vẫn gửi lại mã truy cập đã hết hạn.",
                    nxt.at,
                    [ev(refused, "401: token expired"), ev(nxt, "the same token again")],
                )
            elif grant is not None and nxt.status < 400:
                latest = Judgement(
                    "passed",
                    "After a 401 the client obtained a new token and its next call succeeded.",
                    "Sau lỗi 401, ứng dụng lấy mã truy cập mới và lần gọi tiếp theo thành công.",
                    nxt.at,
                    [
                        ev(refused, "401: token expired"),
                        ev(grant, "new token"),
                        ev(nxt, "new token used"),
                    ],
                )
            else:
                continue
            break
    return latest


def retry_503_same_key(facts: Facts) -> Judgement:
    latest = not_tried("No 503 answered to a batch yet.", "Chưa có lần gửi lô nào nhận lỗi 503.")
    obs = facts.observations
    for failed in obs:
        if failed.status != 503 or failed.method != "POST":
            continue
        retry = next(
            (o for o in facts.after(failed) if o.method == "POST" and o.route == failed.route),
            None,
        )
        if retry is None:
            continue
        same = retry.idempotency_key is not None and retry.idempotency_key == failed.idempotency_key
        latest = Judgement(
            "passed" if same else "failed",
            "The retry carried the same Idempotency-Key."
            if same
            else "The retry carried another (or no) Idempotency-Key: the batch could be "
            "stored twice.",
            "Lần gửi lại dùng cùng Idempotency-Key."
            if same
            else "Lần gửi lại dùng Idempotency-Key khác (hoặc không có): lô có thể bị lưu hai lần.",
            retry.at,
            [ev(failed, "503"), ev(retry, "retry, same key" if same else "retry, another key")],
        )
    return latest


def honours_retry_after(facts: Facts) -> Judgement:
    latest = not_tried("No 429 answered yet.", "Chưa có yêu cầu nào nhận lỗi 429.")
    obs = facts.observations
    for limited in obs:
        if limited.status != 429 or limited.retry_after is None:
            continue
        retry = next(
            (
                o
                for o in facts.after(limited)
                if o.client_id == limited.client_id
                and o.route == limited.route
                and o.method == limited.method
            ),
            None,
        )
        if retry is None:
            continue
        waited = (retry.at - limited.at).total_seconds()
        ok = retry.at - limited.at >= timedelta(seconds=limited.retry_after) - RETRY_AFTER_TOLERANCE
        latest = Judgement(
            "passed" if ok else "failed",
            f"Retried after {waited:.1f} s; Retry-After asked for {limited.retry_after} s.",
            f"Gửi lại sau {waited:.1f} giây; Retry-After yêu cầu {limited.retry_after} giây.",
            retry.at,
            [
                ev(limited, f"429, Retry-After: {limited.retry_after}"),
                ev(retry, f"after {waited:.1f} s"),
            ],
        )
    return latest


def stale_write(facts: Facts) -> Judgement:
    """After a 412 the client reads the record again before it retries the write."""
    latest = not_tried(
        "No 412 answered to a record write yet.", "Chưa có lệnh ghi hồ sơ nào nhận lỗi 412."
    )
    obs = facts.observations
    for stale in obs:
        if stale.status != 412 or (stale.method, stale.route) not in RECORD_WRITES:
            continue
        reread: Observation | None = None
        for nxt in facts.after(stale):
            if nxt.resource != stale.resource:
                continue
            if nxt.method == "GET" and nxt.route == RECORD_ROUTE and nxt.status == 200:
                reread = nxt
                continue
            if (nxt.method, nxt.route) not in RECORD_WRITES:
                continue
            if nxt.status == 428:
                latest = Judgement(
                    "failed",
                    "After a 412 the client wrote without If-Match.",
                    "Sau lỗi 412, ứng dụng ghi mà không gửi If-Match.",
                    nxt.at,
                    [ev(stale, "412"), ev(nxt, "428: no If-Match")],
                )
            elif reread is None:
                latest = Judgement(
                    "failed",
                    "After a 412 the client retried without reading the record again.",
                    "Sau lỗi 412, ứng dụng gửi lại mà không đọc lại hồ sơ.",
                    nxt.at,
                    [ev(stale, "412"), ev(nxt, "blind retry")],
                )
            elif nxt.status < 300:
                latest = Judgement(
                    "passed",
                    "After a 412 the client read the record again and its retry succeeded.",
                    "Sau lỗi 412, ứng dụng đọc lại hồ sơ và lần gửi lại thành công.",
                    nxt.at,
                    [
                        ev(stale, "412"),
                        ev(reread, "read again"),
                        ev(nxt, "retry with the new ETag"),
                    ],
                )
            else:
                continue
            break
    return latest


def resubmit_corrected(facts: Facts) -> Judgement:
    """Reads the per-record results of a batch with rejections, then sends those staff
    members again, corrected (a later record of the same person is accepted)."""
    latest = not_tried(
        "No results of a batch with rejected records read yet.",
        "Chưa đọc kết quả của lô nào có hồ sơ bị từ chối.",
    )
    reads: dict[str, Observation] = {}
    for o in facts.observations:
        if o.route == RESULTS_ROUTE and o.status == 200 and o.detail and o.detail.get("batch_id"):
            reads.setdefault(str(o.detail["batch_id"]), o)
    if not reads:
        return latest
    submissions = {
        str(o.detail["batch_id"]): o
        for o in reversed(facts.observations)  # the first submission of a batch wins
        if o.method == "POST" and o.detail and o.detail.get("batch_id")
    }
    batches = facts.session.scalars(
        select(Batch)
        .where(
            Batch.id.in_(list(reads)[-50:]),
            Batch.rejected > 0,
            Batch.channel == Channel.API.value,
        )
        .order_by(Batch.created_at)
    ).all()
    for batch in batches:
        read = reads[batch.id]
        rejected = {
            key: payload
            for key, payload in facts.session.execute(
                select(BatchItem.person_key, BatchItem.payload).where(
                    BatchItem.batch_id == batch.id,
                    BatchItem.status == "rejected",
                    BatchItem.person_key.is_not(None),
                )
            )
        }
        if not rejected:
            continue
        later = facts.session.execute(
            select(
                BatchItem.person_key,
                BatchItem.payload,
                BatchItem.status,
                Batch.id,
                Batch.created_at,
            )
            .join(Batch, Batch.id == BatchItem.batch_id)
            .where(
                Batch.agency_code == facts.agency_code,
                Batch.created_at > read.at,
                BatchItem.person_key.in_(list(rejected)[:1000]),
            )
            .order_by(Batch.created_at)
        ).all()
        for key, payload, status, batch_id, created in later:
            submitted = submissions.get(batch_id)
            evidence = [ev(read, f"results of batch {batch.id}: {batch.rejected} rejected")]
            if submitted is not None:
                evidence.append(ev(submitted, f"batch {batch_id}"))
            if status == "accepted":
                latest = Judgement(
                    "passed",
                    f"Results read; a rejected staff record was sent again, corrected, and "
                    f"accepted (batch {batch_id}).",
                    f"Đã đọc kết quả; hồ sơ bị từ chối được sửa, gửi lại và được chấp nhận "
                    f"(lô {batch_id}).",
                    created,
                    evidence,
                )
                break
            if status == "rejected" and payload == rejected[key]:
                latest = Judgement(
                    "failed",
                    f"A rejected staff record was sent again unchanged (batch {batch_id}).",
                    f"Hồ sơ bị từ chối được gửi lại mà không sửa (lô {batch_id}).",
                    created,
                    evidence,
                )
    return latest


def template_row_errors(facts: Facts) -> Judgement:
    """An upload with row errors (or rejected rows), then a corrected file for the same unit
    read without errors and accepted in full."""
    latest = not_tried(
        "No template upload with row errors yet.", "Chưa có tệp mẫu nào có dòng lỗi."
    )
    uploads = [
        o for o in facts.observations if o.route == UPLOAD_ROUTE and o.status == 202 and o.detail
    ]
    batch_ids = [
        str(u.detail["batch_id"]) for u in uploads if u.detail and u.detail.get("batch_id")
    ]
    batches = {b.id: b for b in facts.session.scalars(select(Batch).where(Batch.id.in_(batch_ids)))}

    def problems(upload: Observation) -> int | None:
        """Row errors plus rejected rows; None while its rows are still being checked."""
        detail = upload.detail or {}
        batch = batches.get(str(detail.get("batch_id")))
        if batch is not None and batch.status != "completed":
            return None
        return int(detail.get("row_errors") or 0) + (batch.rejected if batch else 0)

    for i, first in enumerate(uploads):
        if not problems(first):
            continue
        unit = (first.detail or {}).get("unit")
        for nxt in uploads[i + 1 :]:
            if (nxt.detail or {}).get("unit") != unit:
                continue
            if (nxt.detail or {}).get("file") == (first.detail or {}).get("file"):
                latest = Judgement(
                    "failed",
                    "The same file was uploaded again without fixing its rows.",
                    "Tệp giống hệt được tải lên lại mà chưa sửa các dòng lỗi.",
                    nxt.at,
                    [ev(first, f"{problems(first)} rows with errors"), ev(nxt, "the same file")],
                )
                break
            left = problems(nxt)
            if left == 0:
                latest = Judgement(
                    "passed",
                    "A corrected file for the same unit was read without errors and accepted.",
                    "Tệp đã sửa cho cùng đơn vị được đọc không lỗi và được chấp nhận.",
                    nxt.at,
                    [ev(first, f"{problems(first)} rows with errors"), ev(nxt, "corrected file")],
                )
                break
    return latest


def webhook_verified(facts: Facts) -> Judgement:
    """A test pair (POST …/webhooks/{id}/test): the genuine message accepted, the forged one
    refused with a 4xx — or, for an inbox, both judged right."""
    latest = not_tried(
        "No webhook test sent yet (POST …/webhooks/{endpoint_id}/test).",
        "Chưa gửi webhook thử (POST …/webhooks/{endpoint_id}/test).",
    )
    rows = facts.session.execute(
        select(WebhookMessage, WebhookEndpoint.url)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookMessage.endpoint_id)
        .where(
            WebhookMessage.agency_code == facts.agency_code,
            WebhookMessage.type == EventType.SANDBOX_TEST.value,
        )
        .order_by(WebhookMessage.created_at)
    ).all()
    pairs: dict[str, dict[bool, tuple[WebhookMessage, str | None]]] = {}
    for message, url in rows:
        pairs.setdefault(message.test_id or "", {})[message.forged] = (message, url)
    for test_id, pair in pairs.items():
        if len(pair) != 2:
            continue
        (genuine, url), (forged, _) = pair[False], pair[True]
        asked = next(
            (
                o
                for o in facts.observations
                if o.route == TEST_ROUTE and (o.detail or {}).get("test_id") == test_id
            ),
            None,
        )
        judged = _judge_pair(genuine, forged, inbox=url is None)
        if judged is not None:
            if asked is not None:
                judged.evidence.insert(0, ev(asked))
            latest = judged
    return latest


def _delivery(message: WebhookMessage, note: str) -> EvidenceRequest:
    return EvidenceRequest(
        at=message.delivered_at or message.created_at,
        method="POST",
        route=f"webhook {message.event_id} → {message.endpoint_id}",
        status=message.last_status_code or 0,
        note=note,
    )


def _judge_pair(
    genuine: WebhookMessage, forged: WebhookMessage, *, inbox: bool
) -> Judgement | None:
    if inbox:
        if genuine.verdict_valid is None or forged.verdict_valid is None:
            return None
        ok = genuine.verdict_valid and not forged.verdict_valid
        at = max(genuine.verdict_at or genuine.created_at, forged.verdict_at or forged.created_at)
        return Judgement(
            "passed" if ok else "failed",
            "Inbox: the genuine message was judged valid and the forged one invalid."
            if ok
            else "Inbox: a signature was judged wrongly.",
            "Hộp thư: tin thật được xác nhận hợp lệ, tin giả bị loại."
            if ok
            else "Hộp thư: chữ ký bị đánh giá sai.",
            at,
            [
                EvidenceRequest(
                    at=at,
                    method="POST",
                    route="inbox verification",
                    status=200,
                    note=f"genuine → {genuine.verdict_valid}, forged → {forged.verdict_valid}",
                ),
            ],
        )
    done = {MessageStatus.DELIVERED.value, MessageStatus.FAILED.value}
    if genuine.status not in done or forged.status not in done:
        return None
    code = forged.last_status_code
    genuine_ok = genuine.status == MessageStatus.DELIVERED.value
    forged_refused = code is not None and 400 <= code < 500
    evidence = [_delivery(genuine, "genuine"), _delivery(forged, "forged")]
    at = max(genuine.delivered_at or genuine.created_at, forged.created_at)
    if genuine_ok and forged_refused:
        return Judgement(
            "passed",
            "The endpoint accepted the genuine message and refused the forged one with a 4xx.",
            "Địa chỉ nhận chấp nhận tin thật và từ chối tin giả bằng mã 4xx.",
            at,
            evidence,
        )
    if not genuine_ok:
        en, vi = (
            "The endpoint did not accept the genuine message (no 2xx after every retry).",
            "Địa chỉ nhận không chấp nhận tin thật (không có 2xx sau mọi lần thử lại).",
        )
    else:
        en, vi = (
            f"The endpoint did not refuse the forged message with a 4xx (got {code}): verify "
            "the signature.",
            f"Địa chỉ nhận không từ chối tin giả bằng mã 4xx (nhận {code}): hãy kiểm tra chữ ký.",
        )
    return Judgement("failed", en, vi, at, evidence)


@dataclass(frozen=True, slots=True)
class Behaviour:
    id: str
    title_en: str
    title_vi: str
    how_to_en: str
    how_to_vi: str
    judge: Callable[[Facts], Judgement]
    cohorts: tuple[str, ...] = ("26", "70")


BEHAVIOURS: tuple[Behaviour, ...] = (
    Behaviour(
        "token-renewal",
        "Obtains and renews access tokens",
        "Lấy và gia hạn mã truy cập",
        "Send a batch with `Sandbox-Scenario: token-expired`: get a new token "
        "(POST /v1/oauth/token) and retry with it.",
        "Gửi một lô kèm `Sandbox-Scenario: token-expired`: lấy mã mới (POST /v1/oauth/token) "
        "rồi gửi lại bằng mã đó.",
        token_renewal,
    ),
    Behaviour(
        "retry-503-same-key",
        "Retries a 503 with the same Idempotency-Key",
        "Gửi lại khi gặp 503 với cùng Idempotency-Key",
        "Send a batch with `Sandbox-Scenario: gateway-unavailable`: retry it with the same "
        "Idempotency-Key.",
        "Gửi một lô kèm `Sandbox-Scenario: gateway-unavailable`: gửi lại với cùng Idempotency-Key.",
        retry_503_same_key,
    ),
    Behaviour(
        "honour-retry-after",
        "Honours 429 Retry-After",
        "Tuân thủ Retry-After khi gặp 429",
        "Send a batch with `Sandbox-Scenario: gateway-rate-limited`: wait Retry-After "
        "seconds, then retry.",
        "Gửi một lô kèm `Sandbox-Scenario: gateway-rate-limited`: chờ đủ số giây của "
        "Retry-After rồi gửi lại.",
        honours_retry_after,
    ),
    Behaviour(
        "resubmit-corrected",
        "Reads per-record results and resubmits corrected records",
        "Đọc kết quả từng hồ sơ và gửi lại hồ sơ đã sửa",
        "Send a batch with a defective record, read GET /v1/batches/{id}/results, correct "
        "the record and send it again in a new batch.",
        "Gửi một lô có hồ sơ lỗi, đọc GET /v1/batches/{id}/results, sửa hồ sơ và gửi lại "
        "trong lô mới.",
        resubmit_corrected,
    ),
    Behaviour(
        "stale-write-412",
        "Handles 412 on a stale write",
        "Xử lý lỗi 412 khi ghi trên dữ liệu cũ",
        "PUT a record with If-Match and `Sandbox-Scenario: record-changed`: read the record "
        "again (GET), then retry with its ETag.",
        "PUT một hồ sơ kèm If-Match và `Sandbox-Scenario: record-changed`: đọc lại hồ sơ "
        "(GET) rồi gửi lại với ETag mới.",
        stale_write,
    ),
    Behaviour(
        "template-row-errors",
        "Uploads a template and fixes row errors",
        "Tải lên tệp mẫu và sửa các dòng lỗi",
        "Upload a filled template with a faulty row (POST /v1/agencies/{code}/uploads), fix "
        "the rows reported and upload the file for the same unit again.",
        "Tải lên tệp mẫu có dòng lỗi (POST /v1/agencies/{code}/uploads), sửa các dòng được "
        "báo và tải lại tệp cho cùng đơn vị.",
        template_row_errors,
        cohorts=("70",),
    ),
    Behaviour(
        "webhook-verified",
        "Receives and verifies a webhook",
        "Nhận và xác thực webhook",
        "Register an endpoint (POST /v1/agencies/{code}/webhooks) and send a test "
        "(POST …/webhooks/{endpoint_id}/test): answer 2xx to the genuine message and 4xx to "
        "the forged one — or, for an inbox, report both verifications.",
        "Đăng ký địa chỉ nhận (POST /v1/agencies/{code}/webhooks) và gửi thử "
        "(POST …/webhooks/{endpoint_id}/test): trả 2xx cho tin thật và 4xx cho tin giả — hoặc, "
        "với hộp thư, báo kết quả xác thực cả hai tin.",
        webhook_verified,
    ),
)
