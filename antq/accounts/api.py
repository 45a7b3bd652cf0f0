from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from antq.accounts import selectors
from antq.accounts.services import TOKEN_CLIENT_MAX, token_issue, token_revoke
from antq.core.api import ErrorOut

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    client: str = Field(
        "api",
        max_length=TOKEN_CLIENT_MAX,
        description="The program that will use the token; a new token for the same client "
        "replaces the previous one.",
    )
    otp: str = Field(
        "",
        max_length=16,
        description="For administrators and holders of the identity grant (and anyone who set "
        "one up): a code of the second factor (the authenticator's, or a recovery code).",
    )


class TokenOut(Schema):
    token: str
    token_type: str = "bearer"


class TokenInfoOut(Schema):
    id: int
    client: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


@router.post(
    "/token", auth=None, response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
def create_token(request, data: TokenIn):
    """Exchange username and password for a bearer token; send `Authorization: Bearer …`.

    Repeated failures for an account or from an address lock sign-in for a while: 429."""
    raw = token_issue(
        request=request,
        username=data.username,
        password=data.password,
        client=data.client,
        otp=data.otp,
    )
    if raw is None:
        raise HttpError(401, _("Wrong username or password."))
    return {"token": raw}


@router.get("/tokens", response={200: list[TokenInfoOut], 401: ErrorOut})
def list_tokens(request):
    """Your own API tokens (never their values)."""
    return list(selectors.own_tokens(request.user))


@router.delete("/tokens/{token_id}", response={204: None, 401: ErrorOut, 404: ErrorOut})
def revoke_token(request, token_id: int):
    """Revoke one of your own API tokens."""
    token_revoke(acting_user=request.user, token_id=token_id)
    return Status(204, None)
