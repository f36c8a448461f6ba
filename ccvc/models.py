"""Every ORM model of the three services, imported so Alembic sees one metadata."""

from ccvc.db import Base
from gateway.agencies import models as _agencies
from gateway.auth import models as _auth
from mock_ndxp import models as _ndxp

__all__ = ["Base"]
_ = (_agencies, _auth, _ndxp)
