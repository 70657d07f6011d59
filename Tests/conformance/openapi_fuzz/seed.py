"""The test data schemathesis needs: accounts, and real objects for the path parameters of `Protocol/openapi.yaml`.

This is the one place to extend when an endpoint is added to the document. `seed()` creates objects through the
hub's own REST API and returns one `Operation` per path template (or path regex) that needs a fixed parameter or
another caller than the default one. A path whose parameters schemathesis may generate freely needs no entry: its
made-up ids are answered 404, which the checks accept.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Optional

from conftest import SERVICE_TOKEN, Api, Server, create_admin

PASSWORD = "correct horse battery"


@dataclass
class Operation:
    """Settings of the operations at one path: fixed parameter values, and a token other than the default one."""

    path: Optional[str] = None  # an exact path template of the document, e.g. "/v1/conversations/{id}"
    path_regex: Optional[str] = None  # or a regular expression over path templates
    parameters: dict[str, str] = field(default_factory=dict)
    # values schemathesis draws from half of the time (`body.<field>`, or `body.<field>[*]` for array items), so that
    # some generated requests name real objects
    samples: dict[str, list[str]] = field(default_factory=dict)
    token: Optional[str] = None
    enabled: bool = True  # false: schemathesis leaves the operations out


@dataclass
class Seed:
    token: str  # the default caller: a buyer who takes part in the seeded conversation
    operations: list[Operation]
    environment: dict[str, str] = field(default_factory=dict)  # for hooks.py


def register(api: Api, role: str) -> dict:
    email = f"fuzz-{role}-{uuid.uuid4().hex[:10]}@example.com"
    r = api.post("/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": f"Fuzz {role}", "role": role})
    assert r.status == 201, f"register → {r.status} {r.text}"
    return r.body


def seed(server: Server, api: Api) -> Seed:
    buyer = register(api, "buyer")
    seller = register(api, "seller")
    admin = create_admin(server, api)

    # A conversation between the two with a few messages: history, read and presence hit a real conversation.
    r = api.post("/v1/conversations", {"participantIds": [seller["user"]["id"]], "subject": "fuzzing"}, token=buyer["token"])
    assert r.status == 201, f"conversation → {r.status} {r.text}"
    conversation = r.body["id"]
    for i in range(3):
        r = api.post(f"/v1/conversations/{conversation}/messages", {"body": f"hello {i}", "clientMsgId": f"seed-{i}"}, token=buyer["token"])
        assert r.status == 201, f"message → {r.status} {r.text}"

    # A flagged message, sent by the seller so that a `restrict_sender` decision does not silence the default caller.
    r = api.post(
        f"/v1/conversations/{conversation}/messages",
        {"body": "call me on 415 555 0134", "clientMsgId": "seed-flag"},
        token=seller["token"],
    )
    assert r.status == 201, f"flagged message → {r.status} {r.text}"
    last_seq = r.body["seq"]
    r = api.get("/v1/moderation/flags?status=pending", token=admin.token)
    assert r.status == 200 and r.body["items"], f"flags → {r.status} {r.text}"
    flag = r.body["items"][0]["id"]

    # The marketplace: a listing of the seller's and the buyer's order of it.
    listing_body = {
        "title": "Fuzzing tent", "description": "A tent to fuzz under.", "category": "tents", "city": "Leipzig",
        "price": {"amount": 12345, "currency": "EUR"}, "pricingModel": "fixed",
    }
    r = api.post("/v1/listings", listing_body, token=seller["token"])
    assert r.status == 201, f"listing → {r.status} {r.text}"
    listing = r.body["id"]
    r = api.post("/v1/orders", {"listingId": listing}, token=buyer["token"])
    assert r.status == 201, f"order → {r.status} {r.text}"
    order = r.body["id"]

    return Seed(
        token=buyer["token"],
        environment={"PARLEY_FUZZ_LAST_SEQ": str(last_seq)},
        operations=[
            Operation(path="/v1/conversations", samples={"body.participantIds[*]": [seller["user"]["id"]]}),
            Operation(path="/v1/conversations/{id}", parameters={"id": conversation}),
            Operation(path="/v1/conversations/{id}/messages", parameters={"id": conversation}),
            Operation(path="/v1/conversations/{id}/read", parameters={"id": conversation}),
            Operation(path="/v1/conversations/{id}/presence", parameters={"id": conversation}),
            Operation(path_regex="^/v1/moderation/", token=admin.token),
            Operation(path="/v1/moderation/flags/{id}", parameters={"id": flag}),
            Operation(path="/v1/moderation/flags/{id}/decision", parameters={"id": flag}),
            Operation(path="/v1/schemas/{name}", parameters={"name": "message.schema.json"}),
            # sellers write listings; the one listing may be changed and deleted (then it is 404, as documented)
            Operation(path="/v1/listings", token=seller["token"]),
            Operation(path="/v1/listings/{id}", parameters={"id": listing}, token=seller["token"]),
            Operation(path="/v1/listings/{id}/reviews", parameters={"id": listing}),
            Operation(path="/v1/orders", samples={"body.listingId": [listing]}),
            Operation(path_regex="^/v1/orders/\\{id\\}", parameters={"id": order}),
            Operation(path="/v1/events/order-status", token=SERVICE_TOKEN),
            # a notification stream never ends by itself: the Swift and conformance suites test it
            Operation(path="/v1/notifications/stream", enabled=False),
        ],
    )
