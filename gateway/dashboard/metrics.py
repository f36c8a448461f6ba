"""Prometheus exposition: per-track gauges computed at scrape time from the (cached) national
assessment. Aggregates only — no agency data beyond the public registry's codes."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from ccvc.clock import get_clock
from ccvc.db import session_scope
from ccvc.settings import Settings
from gateway.dashboard.models import DashboardFilters
from gateway.dashboard.service import cached_assessment, dashboard
from gateway.onboarding.plan import Status


class OnboardingCollector(Collector):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def collect(self) -> Iterator[GaugeMetricFamily]:
        clock = get_clock()
        with session_scope(self.settings.database_url) as session:
            assessment = cached_assessment(
                session, settings=self.settings, clock=clock, as_of=clock.today()
            )
        picture = dashboard(
            assessment, settings=self.settings, filters=DashboardFilters(), now=clock.now()
        )
        agencies = GaugeMetricFamily(
            "ccvc_onboarding_agencies",
            "Agencies by onboarding status of the track, today",
            labels=["track", "status"],
        )
        records = GaugeMetricFamily(
            "ccvc_records", "Staff records stored for the track's agencies", labels=["track"]
        )
        verified = GaugeMetricFamily(
            "ccvc_records_verified",
            "Records whose identity agrees with the population DB",
            labels=["track"],
        )
        headcount = GaugeMetricFamily(
            "ccvc_headcount_declared", "Sum of declared headcounts", labels=["track"]
        )
        quality = GaugeMetricFamily(
            "ccvc_quality_pass_share",
            "Share of records passing the dimension",
            labels=["track", "dimension"],
        )
        overdue = GaugeMetricFamily("ccvc_onboarding_overdue_steps", "Open steps past deadline")
        for track in picture.tracks:
            for status in Status:
                agencies.add_metric([track.track.value, status.value], track.by_status[status])
            records.add_metric([track.track.value], track.records)
            verified.add_metric([track.track.value], track.verified)
            headcount.add_metric([track.track.value], track.headcount)
            for dimension, share in track.pass_share.items():
                if share is not None:
                    quality.add_metric([track.track.value, dimension], share)
        overdue.add_metric([], len(picture.overdue))
        yield from (agencies, records, verified, headcount, quality, overdue)


def registry_for(settings: Settings) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(OnboardingCollector(settings))
    return registry
