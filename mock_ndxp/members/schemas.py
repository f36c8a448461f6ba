"""Wire formats of the token endpoint and the client listing."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TokenResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"access_token": "q8Zb…", "token_type": "Bearer", "expires_in": 3600}]
        }
    )

    access_token: str = Field(description="Bearer token for `Authorization: Bearer …`.")
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="Lifetime in seconds.")


class OAuthErrorBody(BaseModel):
    error: str = Field(
        description="RFC 6749 error code: invalid_request, invalid_client, unsupported_grant_type."
    )
    error_description: str
    error_description_vi: str


class ClientIdentifier(BaseModel):
    xroad_instance: str
    member_class: str
    member_code: str
    subsystem_code: str
    object_type: Literal["SUBSYSTEM"] = "SUBSYSTEM"


class ClientEntry(BaseModel):
    id: ClientIdentifier
    name: str


class ClientList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "member": [
                        {
                            "id": {
                                "xroad_instance": "VN",
                                "member_class": "GOV",
                                "member_code": "BNV",
                                "subsystem_code": "CSDLCBCCVC",
                                "object_type": "SUBSYSTEM",
                            },
                            "name": "Bộ Nội vụ — CSDLQG về CBCCVC",
                        }
                    ]
                }
            ]
        }
    )

    member: list[ClientEntry]
