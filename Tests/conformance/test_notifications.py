"""The notification inbox from outside: REST routes, the live `notification` event over WebSocket, and the
server-sent event stream `GET /v1/notifications/stream` (events, `Last-Event-ID` replay, auth). Every REST body,
frame and SSE `data` is validated against the schemas."""

from __future__ import annotations

import http.client
import json
import time
from typing import Optional

from conftest import send_frame

PHONE_TEXT = "ring me on 07812 559 301 after six"


def _poll(fn, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


class Stream:
    """`GET /v1/notifications/stream` read with http.client (chunked body, read as it comes)."""

    def __init__(self, server, token: Optional[str], last_event_id: Optional[str] = None, query: str = ""):
        self.conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
        headers = {"Accept": "text/event-stream"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.conn.request("GET", "/v1/notifications/stream" + query, headers=headers)
        self.resp = self.conn.getresponse()
        self.buffer = ""

    def next_block(self, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while "\n\n" not in self.buffer:
            assert time.monotonic() < deadline, f"no SSE block within {timeout}s: {self.buffer!r}"
            chunk = self.resp.read1(65536)
            assert chunk, "the stream ended"
            self.buffer += chunk.decode("utf-8")
        text, self.buffer = self.buffer.split("\n\n", 1)
        block: dict = {}
        for line in text.split("\n"):
            name, _, value = line.partition(":")
            block[name or "comment"] = value[1:] if value.startswith(" ") else value
        return block

    def next_event(self, schemas, timeout: float = 5.0) -> tuple[str, dict]:
        while True:
            block = self.next_block(timeout)
            if "comment" in block:
                continue
            assert block.get("event") == "notification", block
            data = json.loads(block["data"])
            schemas.check("notification", data, "SSE notification")
            return block["id"], data

    def close(self) -> None:
        self.conn.close()


def _offline_pair(register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    return buyer, seller, create_conversation(buyer, seller)["id"]


def test_an_offline_recipient_gets_a_message_notification_and_manages_the_inbox(api, register, create_conversation, send_rest):
    buyer, seller, cid = _offline_pair(register, create_conversation)
    first = send_rest(buyer, cid, "is the castle free on Saturday?")
    second = send_rest(buyer, cid, "and on Sunday?")

    def coalesced():
        items = api.get("/v1/notifications", token=seller.token).body["items"]
        return items if items and items[0]["data"].get("messageId") == second["id"] else None

    items = _poll(coalesced)
    assert items, "a message notification for the offline seller"
    assert len(items) == 1, "one notification per conversation while unread"
    n = items[0]
    assert n["kind"] == "message" and n["data"]["conversationId"] == cid and n["readAt"] is None
    assert n["body"] == "and on Sunday?" and first["id"] != second["id"]
    assert api.get("/v1/notifications/unread-count", token=seller.token).body == {"count": 1}
    assert api.get("/v1/notifications?unread=true&limit=1", token=seller.token).body["items"][0]["id"] == n["id"]

    other = api.post(f"/v1/notifications/{n['id']}/read", token=buyer.token)
    assert other.status == 404 and other.error_code == "not_found"
    read = api.post(f"/v1/notifications/{n['id']}/read", token=seller.token)
    assert read.status == 200 and read.body["id"] == n["id"] and read.body["readAt"] is not None
    assert api.get("/v1/notifications/unread-count", token=seller.token).body == {"count": 0}
    assert api.post("/v1/notifications/read-all", token=seller.token).body == {"count": 0}
    bad = api.get("/v1/notifications?cursor=nope", token=seller.token)
    assert bad.status == 400 and bad.error_code == "bad_request"
    assert api.get("/v1/notifications").status == 401


def test_a_moderation_decision_reaches_the_senders_socket(api, ws_connect, register, create_conversation, make_admin):
    buyer, seller, cid = _offline_pair(register, create_conversation)
    wb = ws_connect(buyer.token)
    try:
        sent = wb.ok(send_frame(cid, PHONE_TEXT))["message"]
        admin = make_admin()
        flags = api.get("/v1/moderation/flags?status=pending", token=admin.token).body["items"]
        flag = next(f for f in flags if f["messageId"] == sent["id"])
        assert api.post(f"/v1/moderation/flags/{flag['id']}/decision", {"decision": "dismiss"}, token=admin.token).status == 200
        event = wb.expect("notification")  # validated against server.notification by the wrapper
        assert event["notification"]["kind"] == "moderation"
        assert event["notification"]["data"] == {"flagId": flag["id"], "messageId": sent["id"], "conversationId": cid}
    finally:
        wb.close()


def test_the_stream_delivers_live_and_replays_after_last_event_id(server, schemas, register, create_conversation, send_rest):
    buyer, seller, cid = _offline_pair(register, create_conversation)
    stream = Stream(server, seller.token)
    try:
        assert stream.resp.status == 200
        assert stream.resp.getheader("Content-Type").startswith("text/event-stream")
        assert "comment" in stream.next_block(), "an opening comment"
        send_rest(buyer, cid, "hello")
        first_id, first = stream.next_event(schemas)
        assert first["kind"] == "message" and first["body"] == "hello"
    finally:
        stream.close()
    send_rest(buyer, cid, "still there?")
    # the coalesced notification was updated while the stream was away: the replay brings its new version once
    again = Stream(server, seller.token, last_event_id=first_id)
    try:
        assert again.resp.status == 200
        cursor, updated = again.next_event(schemas)
        assert int(cursor) > int(first_id)
        assert updated["id"] == first["id"] and updated["body"] == "still there?"
    finally:
        again.close()


def test_the_stream_needs_a_token_and_a_valid_cursor(server, register):
    anonymous = Stream(server, None)
    assert anonymous.resp.status == 401
    body = json.loads(anonymous.resp.read())
    assert body["error"]["code"] == "unauthorized"
    anonymous.close()
    account = register()
    bad = Stream(server, account.token, last_event_id="x")
    assert bad.resp.status == 400
    assert json.loads(bad.resp.read())["error"]["code"] == "bad_request"
    bad.close()
    via_query = Stream(server, None, query=f"?access_token={account.token}")
    assert via_query.resp.status == 200
    via_query.close()
