"""Fault injection: latency, rate limiting, unavailability, timeouts, malformed bodies.

Three sources, merged on every r1 service call (and only there):

1. configuration, ``CCVC_NDXP_FAULTS`` (``settings.ndxp_faults``), e.g.
   ``unavailable@0.05,latency=200``;
2. runtime rules set by a bus operator with ``PUT /admin/faults`` (optionally limited to one
   service and/or one client, optionally until a time), kept in the bus process's memory;
3. the request header ``X-NDXP-Fault`` (sandbox only: any caller may fault its own call).

Syntax: comma-separated items ``name[=value][@probability]``; see `spec` for the names.
"""
