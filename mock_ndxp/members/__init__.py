"""Members of the bus: client credentials, OAuth2 tokens, access rights, who is calling."""
