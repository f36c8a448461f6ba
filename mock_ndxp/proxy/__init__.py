"""The r1 proxy: authenticate, authorise, fault, route to the provider, log."""
