"""Every ORM model of the three services, imported so Alembic sees one metadata."""

from ccvc.db import Base
from gateway.agencies import models as _agencies
from gateway.audit import models as _audit
from gateway.auth import models as _auth
from gateway.batches import models as _batches
from gateway.conformance import models as _conformance
from gateway.onboarding import models as _onboarding
from gateway.quality import models as _quality
from gateway.self_update import models as _self_update
from gateway.staff import models as _staff
from gateway.webhooks import models as _webhooks
from mock_ndxp import models as _ndxp

__all__ = ["Base"]
_ = (
    _agencies,
    _audit,
    _auth,
    _batches,
    _conformance,
    _onboarding,
    _quality,
    _self_update,
    _staff,
    _webhooks,
    _ndxp,
)
