"""X-Road metadata services: listMethods, allowedMethods, getOpenAPI, listClients."""
