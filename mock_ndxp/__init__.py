"""Mocked national data-exchange platform (NDXP), modelled on X-Road's REST protocol r1.

`mock_ndxp.main.create_app(settings)` builds the bus (mounted under ``/ndxp`` by ``ccvc up``);
`mock_ndxp.seeding.seed_bus(session, settings)` seeds its members. See ``README.md`` here.

Modules: ``members/`` (OAuth2 client credentials, tokens, who is calling), ``catalogue``
(providers, services, access rights), ``proxy/`` (the r1 routing), ``metadata/`` (listMethods,
allowedMethods, getOpenAPI, listClients), ``messagelog/`` (metadata-and-hashes log),
``faults/`` (fault injection), ``ratelimit`` (per-member token bucket), ``errors`` (the X-Road
error envelope and the HTTP status mapping), ``health``, ``seeding``.
"""
