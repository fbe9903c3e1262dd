"""The vendor's Python SDK (paradime-io, from PyPI) against the sandbox: what a Paradime
admin's existing script does, run by tests/node/vendor-sdk.test.mjs in a throw-away
virtual environment. Prints one JSON object of what the SDK saw."""

import json
import sys

from paradime import Paradime
from paradime.apis.users.types import UserAccountType

endpoint, token, first, second = sys.argv[1:5]


def client(workspace_uid):
    return Paradime(api_endpoint=endpoint, api_secret=token, workspace_uid=workspace_uid)


workspaces = client(first).workspaces.list_all()
seen = {"workspaces": [{"uid": w.uid, "name": w.name} for w in workspaces], "active": {}, "invited": {}}
for uid in (first, second):
    paradime = client(uid)
    paradime.users.invite(email=f"vendor-{uid}@acme.io", account_type=UserAccountType.ANALYST)
    seen["active"][uid] = sorted(u.email for u in paradime.users.list_active())
    seen["invited"][uid] = sorted(u.email for u in paradime.users.list_invited())
print(json.dumps(seen))
