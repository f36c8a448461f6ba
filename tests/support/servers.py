"""Real HTTP for tests (the implementation is shipped: `ccvc.serving`)."""

from ccvc.serving import free_port, serve

__all__ = ["free_port", "serve"]
