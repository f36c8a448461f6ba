"""Wire formats of the metadata services (X-Road REST r1 names)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class EndpointOut(BaseModel):
    method: str
    path: str


class ServiceOut(BaseModel):
    xroad_instance: str
    member_class: str
    member_code: str
    subsystem_code: str
    service_code: str
    object_type: Literal["SERVICE"] = "SERVICE"
    service_type: Literal["OPENAPI"] = "OPENAPI"
    endpoint_list: list[EndpointOut]


class MethodList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "service": [
                        {
                            "xroad_instance": "VN",
                            "member_class": "GOV",
                            "member_code": "BCA",
                            "subsystem_code": "CSDLQGDC",
                            "service_code": "XacThucCongDan",
                            "object_type": "SERVICE",
                            "service_type": "OPENAPI",
                            "endpoint_list": [{"method": "POST", "path": "/"}],
                        }
                    ]
                }
            ]
        }
    )

    service: list[ServiceOut]
