"""The marketplace from outside: listings, an order walked from pending to completed with `order.status` on both
parties' sockets, the escrow ledger, wrong parties, reviews, and pushed events with the service token. Every answer
and frame is validated against its schema (conftest)."""

from __future__ import annotations

import uuid

from conftest import SERVICE_TOKEN, WS, Api, create_admin, open_ws

LISTING = {
    "title": "Bouncy castle",
    "description": "A castle for up to ten kids, set up and taken down.",
    "category": "kids-parties",
    "city": "Leipzig",
    "price": {"amount": 12345, "currency": "EUR"},
    "pricingModel": "fixed",
}


def _walk(api: Api, order_id: str, steps, sockets) -> None:
    previous = "pending"
    for status, (user, token) in steps:
        r = api.post(f"/v1/orders/{order_id}/transitions", {"to": status}, token=token)
        assert r.status == 200, r.text
        assert r.body["status"] == status
        for ws in sockets:
            event = ws.expect("order.status", orderId=order_id, status=status)
            assert event["previousStatus"] == previous and event["changedBy"] == user["id"]
        previous = status


def test_an_order_walks_from_pending_to_completed(api: Api, server, schemas, register):
    seller, buyer, stranger = register("seller"), register("buyer"), register("buyer")
    listing = api.post("/v1/listings", LISTING, token=seller.token)
    assert listing.status == 201, listing.text
    assert "averageRating" not in listing.body
    order = api.post("/v1/orders", {"listingId": listing.body["id"]}, token=buyer.token)
    assert order.status == 201, order.text
    oid = order.body["id"]
    assert order.body["status"] == "pending" and order.body["total"] == {"amount": 12345, "currency": "EUR"}

    sockets = []
    for account in (buyer, seller):
        ws = WS(open_ws(server, account.token), schemas)
        ws.subscribe(f"order:{oid}")
        sockets.append(ws)
    stranger_ws = WS(open_ws(server, stranger.token), schemas)
    refused = stranger_ws.call({"type": "subscribe", "channel": f"order:{oid}"})
    assert refused["type"] == "error" and refused["code"] == "not_found"

    b, s = (buyer.user, buyer.token), (seller.user, seller.token)
    _walk(api, oid, [("paid", b), ("in_progress", s), ("delivered", s), ("completed", b)], sockets)
    ledger = api.get(f"/v1/orders/{oid}/ledger", token=buyer.token)
    assert [(e["kind"], e["amount"]) for e in ledger.body["items"]] == [("hold", 12345), ("release", 11110), ("fee", 1235)]
    assert api.get(f"/v1/orders/{oid}", token=stranger.token).status == 404
    assert api.get(f"/v1/orders/{oid}/ledger", token=stranger.token).status == 404

    review = api.post(f"/v1/orders/{oid}/review", {"rating": 4, "comment": "Kids loved it"}, token=buyer.token)
    assert review.status == 201, review.text
    assert api.post(f"/v1/orders/{oid}/review", {"rating": 5}, token=buyer.token).status == 409
    shown = api.get(f"/v1/listings/{listing.body['id']}", token=stranger.token)
    assert shown.body["reviewCount"] == 1 and shown.body["averageRating"] == 4
    assert api.get(f"/v1/listings/{listing.body['id']}/reviews", token=stranger.token).body["items"][0]["rating"] == 4


def test_illegal_transitions_are_409_naming_the_allowed_ones(api: Api, register):
    seller, buyer = register("seller"), register("buyer")
    listing = api.post("/v1/listings", LISTING, token=seller.token).body
    oid = api.post("/v1/orders", {"listingId": listing["id"]}, token=buyer.token).body["id"]
    r = api.post(f"/v1/orders/{oid}/transitions", {"to": "completed"}, token=buyer.token)
    assert r.status == 409 and "paid, cancelled" in r.error_message
    assert api.post(f"/v1/orders/{oid}/transitions", {"to": "paid"}, token=seller.token).status == 403
    assert api.get(f"/v1/orders/{oid}", token=buyer.token).body["status"] == "pending"
    assert api.post("/v1/listings", LISTING, token=buyer.token).status == 403
    assert api.post("/v1/orders", {"listingId": listing["id"]}, token=seller.token).status == 403


def test_pushed_events_need_the_service_token_and_apply_once(api: Api, server, schemas, register):
    buyer, seller = register("buyer"), register("seller")
    oid = f"shop-{uuid.uuid4().hex[:10]}"
    body = {"orderId": oid, "status": "paid", "previousStatus": "pending", "buyerId": buyer.id, "sellerId": seller.id}
    assert api.post("/v1/events/order-status", body, token=buyer.token, headers={"Idempotency-Key": "a"}).status == 401
    first = api.post("/v1/events/order-status", body, token=SERVICE_TOKEN, headers={"Idempotency-Key": f"{oid}-1"})
    assert first.status == 202 and first.body == {"orderId": oid, "duplicate": False}
    ws = WS(open_ws(server, seller.token), schemas)
    ws.subscribe(f"order:{oid}")
    shipped = dict(body, status="delivered", previousStatus="paid")
    for attempt in range(2):
        r = api.post("/v1/events/order-status", shipped, token=SERVICE_TOKEN, headers={"Idempotency-Key": f"{oid}-2"})
        assert r.status == 202 and r.body["duplicate"] == (attempt == 1)
    ws.expect("order.status", orderId=oid, status="delivered", changedBy="service")
    ws.assert_none(lambda f: f.get("type") == "order.status", within=0.5, what="a second order.status for a retried key")


def test_listing_flags_name_the_listing(api: Api, server, register):
    seller = register("seller")
    admin = create_admin(server, api)
    r = api.post("/v1/listings", dict(LISTING, description="Text me on 07812 559 301 instead"), token=seller.token)
    assert r.status == 201 and "559" not in r.body["description"]
    flags = api.get("/v1/moderation/flags?status=pending", token=admin.token).body["items"]
    mine = [f for f in flags if f["listingId"] == r.body["id"]]
    assert len(mine) == 1 and mine[0]["messageId"] is None and mine[0]["conversationId"] is None
