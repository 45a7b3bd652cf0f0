from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from antq.accounts.services import token_issue
from antq.core.api import ErrorOut

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    token_type: str = "bearer"


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 422: ErrorOut})
def create_token(request, data: TokenIn):
    """Exchange username and password for a bearer token; send `Authorization: Bearer …`."""
    raw = token_issue(username=data.username, password=data.password)
    if raw is None:
        raise HttpError(401, _("Wrong username or password."))
    return {"token": raw}
