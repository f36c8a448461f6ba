"""The one settings object. Every knob is an environment variable prefixed ``CCVC_``."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CCVC_", extra="ignore")

    # --- where things are -------------------------------------------------------------
    database_url: str = Field(
        default="sqlite:///./ccvc.db", description="SQLAlchemy URL of the database."
    )
    host: str = Field(default="127.0.0.1", description="Address `ccvc up` binds to.")
    port: int = Field(default=8000, description="Port `ccvc up` binds to.")
    public_url: str | None = Field(
        default=None,
        description="Base URL where the combined app is reached; derived from host and port.",
    )
    ndxp_url: str | None = Field(
        default=None,
        description="Base URL of the NDXP bus as the gateway reaches it "
        "(default `<public_url>/ndxp`).",
    )
    dancu_url: str | None = Field(
        default=None,
        description="Base URL of the population DB as the bus reaches it "
        "(default `<public_url>/dancu`).",
    )

    # --- clock --------------------------------------------------------------------------
    as_of: date | None = Field(
        default=None,
        description="Freeze the clock at this date (replay the 2023 plan); default: today.",
    )
    timezone: str = Field(default="Asia/Ho_Chi_Minh", description="Time zone of 'today'.")
    log_level: str = Field(
        default="WARNING",
        pattern="^(DEBUG|INFO|WARNING|ERROR)$",
        description="Level of the JSON logs on stderr (`INFO` logs every request, without "
        "personal data).",
    )

    # --- gateway --------------------------------------------------------------------------
    token_ttl_seconds: int = Field(default=3600, description="Lifetime of gateway access tokens.")
    max_body_bytes: int = Field(default=10 * 1024 * 1024, description="Largest request body.")
    idempotency_in_flight_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a retry with the same Idempotency-Key gets 409 while the first "
        "attempt has claimed the key but not stored its batch; after that (the first attempt "
        "died), the retry takes the key over.",
    )
    rate_limit_per_second: float = Field(
        default=100.0,
        description="Authenticated requests per second allowed per API client, on average "
        "(token bucket per process; 0 disables).",
    )
    rate_limit_burst: int = Field(
        default=300, ge=1, description="Requests an API client may make at once."
    )

    # --- gateway workers (the durable queue in the database) -----------------------------
    workers: int = Field(default=1, ge=0, description="Worker threads `ccvc up` runs in-process.")
    worker_batch_size: int = Field(
        default=1000, ge=1, le=1000, description="Records a worker claims per round."
    )
    worker_lease_seconds: float = Field(
        default=180.0,
        description="How long a claim lasts; a killed worker's records are re-claimed after it.",
    )
    worker_poll_seconds: float = Field(default=0.5, description="Idle wait between polls.")
    gc_young_threshold: int = Field(
        default=10_000,
        ge=0,
        description="Allocations between young garbage collections in `ccvc up` and "
        "`ccvc worker` once started (Python's default: 700); 0 keeps Python's defaults.",
    )
    worker_backoff_max_seconds: float = Field(
        default=60.0, description="Longest wait before retrying records pending on an outage."
    )
    worker_circuit_threshold: int = Field(
        default=3, description="Failed rounds in a row that open the circuit to the bus."
    )
    worker_circuit_open_seconds: float = Field(
        default=10.0, description="How long the circuit stays open before a trial call."
    )

    # --- onboarding (Decision 72's plan) -------------------------------------------------
    onboarding_headcount_share: float = Field(
        default=0.95,
        gt=0,
        le=1,
        description="Share of the declared headcount that must be synced and verified.",
    )
    onboarding_quality_share: float = Field(
        default=0.95,
        gt=0,
        le=1,
        description="Share of records that must pass each dimension of the cohort/phase.",
    )
    onboarding_live_window_days: int = Field(
        default=31, ge=1, description="A sync within this many days keeps an agency live."
    )
    onboarding_risk_window_days: int = Field(
        default=14, ge=0, description="An open step this close to its deadline is at risk."
    )
    evidence_secret: str = Field(
        default="sandbox-evidence-secret-change-me",
        description="Key of the digests the conformance report keeps of tokens, "
        "Idempotency-Keys, ETags and path identifiers (never the values).",
    )
    webhook_retry_schedule: str = Field(
        default="1,5,30,120,600",
        pattern=r"^\d+(\.\d+)?(,\d+(\.\d+)?)*$",
        description="Seconds to wait before each retry of a failed webhook delivery; after "
        "the last, the delivery is marked failed.",
    )
    webhook_timeout_seconds: float = Field(
        default=5.0, gt=0, description="How long a webhook endpoint has to answer."
    )
    webhook_block_private_networks: bool = Field(
        default=False,
        description="Refuse webhook URLs that resolve to loopback or private addresses "
        "(turn on for a shared sandbox; off by default so a vendor's local receiver works).",
    )
    dashboard_cache_seconds: float = Field(
        default=2.0, ge=0, description="How long the dashboard's national picture is reused."
    )

    # --- NDXP bus -------------------------------------------------------------------------
    ndxp_instance: str = Field(default="VN", description="X-Road instance identifier.")
    ndxp_gateway_member: str = Field(
        default="VN/GOV/BNV/CSDLCBCCVC",
        description="The gateway's own subsystem on the bus (INSTANCE/CLASS/MEMBER/SUBSYSTEM).",
    )
    ndxp_gateway_client_id: str = Field(
        default="ccvc-gateway", description="The gateway's client id on the bus."
    )
    ndxp_gateway_client_secret: str = Field(
        default="sandbox-gateway-secret-change-me",
        description="The gateway's client secret on the bus (stored hashed by the bus).",
    )
    ndxp_provider_secret: str = Field(
        default="sandbox-provider-secret-change-me",
        description="Shared secret the bus presents to providers, so they answer only the bus.",
    )
    ndxp_token_ttl_seconds: int = Field(default=3600, description="Lifetime of bus member tokens.")
    ndxp_service_timeout_seconds: float = Field(
        default=60.0, description="How long the bus waits for a provider (X-Road default 60 s)."
    )
    ndxp_rate_limit_per_second: float = Field(
        default=200.0, description="Requests per second allowed per member (token bucket)."
    )
    ndxp_rate_limit_burst: int = Field(default=400, description="Burst size of the bucket.")
    ndxp_max_body_bytes: int = Field(
        default=10 * 1024 * 1024, description="Largest body the bus forwards (X-Road: 10 MiB)."
    )
    ndxp_faults: str = Field(
        default="",
        description="Faults injected on every call, e.g. `unavailable@0.05,latency=200`.",
    )

    # --- population DB --------------------------------------------------------------------
    dancu_population: int = Field(
        default=5_000_000, ge=1000, description="Number of synthetic citizens."
    )
    dancu_seed: int = Field(default=72, description="Seed of the synthetic population.")
    vneid_secret: str = Field(
        default="sandbox-vneid-secret-change-me",
        description="Key shared by the population DB (issues sandbox VNeID tokens) "
        "and the gateway (verifies them).",
    )
    vneid_token_ttl_seconds: int = Field(default=3600, description="Lifetime of VNeID tokens.")
    dancu_max_batch: int = Field(default=1000, description="Most ids per verification call.")

    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    def resolved_ndxp_url(self) -> str:
        return (self.ndxp_url or f"{self.base_url()}/ndxp").rstrip("/")

    def resolved_dancu_url(self) -> str:
        return (self.dancu_url or f"{self.base_url()}/dancu").rstrip("/")


@lru_cache
def get_settings() -> Settings:
    return Settings()
