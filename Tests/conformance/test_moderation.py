"""Moderation from outside: masked delivery, the admin review queue, and what decisions do to messages
(`held` messages, `dismiss` with `restore`, `message.updated`). Every frame is validated against the schemas."""

from __future__ import annotations

import pytest

from conftest import PASSWORD, WS, Api, create_admin, open_ws, send_frame, start_server, stop_server, unique_email

PHONE_TEXT = "ring me on 07812 559 301 after six"
FLAG_FIELDS = {
    "id", "status", "categories", "senderId", "conversationId", "messageId", "original", "moderated", "findings",
    "createdAt", "decision", "decidedBy", "decidedAt", "note", "listingId",
}


def _account(api: Api, role: str):
    r = api.post("/v1/auth/register", {"email": unique_email(role), "password": PASSWORD, "displayName": role, "role": role})
    assert r.status == 201, r.text
    return r.body["user"], r.body["token"]


def _conversation(api: Api, srv, schemas):
    (buyer, bt), (seller, st) = _account(api, "buyer"), _account(api, "seller")
    c = api.post("/v1/conversations", {"participantIds": [seller["id"]]}, token=bt)
    assert c.status == 201, c.text
    cid = c.body["id"]
    wb, ws = WS(open_ws(srv, bt), schemas), WS(open_ws(srv, st), schemas)
    wb.subscribe(f"conversation:{cid}")
    ws.subscribe(f"conversation:{cid}")
    return cid, (buyer, bt, wb), (seller, st, ws)


def _pending_flag_of(api: Api, admin_token: str, message_id: str) -> dict:
    r = api.get("/v1/moderation/flags?status=pending", token=admin_token)
    assert r.status == 200, r.text
    flags = [f for f in r.body["items"] if f["messageId"] == message_id]
    assert len(flags) == 1, r.body
    return flags[0]


def test_a_phone_number_is_masked_and_queued_for_admins_only(server, api, schemas, make_admin):
    cid, (buyer, bt, wb), (seller, st, ws) = _conversation(api, server, schemas)
    try:
        sent = wb.ok(send_frame(cid, PHONE_TEXT))["message"]
        got = ws.expect("message.new")["message"]
        assert got["id"] == sent["id"]
        assert "559" not in got["body"] and got["body"].startswith("ring me on ")
        assert got["moderation"]["action"] == "masked" and "phone" in got["moderation"]["categories"]

        refused = api.get("/v1/moderation/flags", token=st)
        assert refused.status == 403 and refused.error_code == "forbidden"
        admin = make_admin()
        flag = _pending_flag_of(api, admin.token, sent["id"])
        assert set(flag) == FLAG_FIELDS
        assert flag["original"] == PHONE_TEXT and flag["moderated"] == got["body"]
        assert flag["senderId"] == buyer["id"] and flag["conversationId"] == cid
        phone = [f for f in flag["findings"] if f["category"] == "phone"]
        assert phone and PHONE_TEXT[phone[0]["start"]:phone[0]["end"]] == "07812 559 301"
        assert flag["decision"] is None and flag["decidedAt"] is None

        bad = api.post(f"/v1/moderation/flags/{flag['id']}/decision", {"decision": "ban"}, token=admin.token)
        assert bad.status == 400 and bad.error_code == "bad_request"
        decided = api.post(f"/v1/moderation/flags/{flag['id']}/decision", {"decision": "uphold", "note": "a real number"}, token=admin.token)
        assert decided.status == 200, decided.text
        assert decided.body["status"] == "resolved" and decided.body["decision"] == "uphold"
        assert decided.body["decidedBy"] == admin.id and decided.body["note"] == "a real number"
        again = api.post(f"/v1/moderation/flags/{flag['id']}/decision", {"decision": "dismiss"}, token=admin.token)
        assert again.status == 409 and again.error_code == "conflict"
    finally:
        wb.close()
        ws.close()


def test_dismiss_with_restore_sends_message_updated_with_the_original(server, api, schemas, make_admin):
    cid, (buyer, bt, wb), (seller, st, ws) = _conversation(api, server, schemas)
    try:
        sent = wb.ok(send_frame(cid, PHONE_TEXT))["message"]
        ws.expect("message.new")
        admin = make_admin()
        flag = _pending_flag_of(api, admin.token, sent["id"])
        wrong = api.post(f"/v1/moderation/flags/{flag['id']}/decision", {"decision": "uphold", "restore": True}, token=admin.token)
        assert wrong.status == 400 and wrong.error_code == "bad_request"
        ok = api.post(f"/v1/moderation/flags/{flag['id']}/decision", {"decision": "dismiss", "restore": True}, token=admin.token)
        assert ok.status == 200, ok.text
        for sock in (ws, wb):
            updated = sock.expect("message.updated")["message"]
            assert updated["id"] == sent["id"] and updated["seq"] == sent["seq"]
            assert updated["body"] == PHONE_TEXT
            assert updated["moderation"]["action"] == "restored"
        history = api.get(f"/v1/conversations/{cid}/messages", token=st)
        assert [m["body"] for m in history.body["items"]] == [PHONE_TEXT]
    finally:
        wb.close()
        ws.close()


@pytest.fixture(scope="module")
def holding(tmp_path_factory, schemas):
    srv = start_server(tmp_path_factory.mktemp("parley-hold"), {"PARLEY_MODERATION_RULES": "phone=hold"})
    api = Api(srv, schemas)
    yield srv, api
    stop_server(srv)


def test_a_held_message_reaches_only_its_sender_until_released(holding, schemas):
    srv, api = holding
    cid, (buyer, bt, wb), (seller, st, ws) = _conversation(api, srv, schemas)
    try:
        sent = wb.ok(send_frame(cid, PHONE_TEXT))["message"]
        assert sent["moderation"]["action"] == "held"
        assert wb.expect("message.new")["message"]["id"] == sent["id"]
        ws.assert_none(lambda f: f.get("type") == "message.new", within=0.5, what="held message at the other side")
        assert api.get(f"/v1/conversations/{cid}/messages", token=st).body["items"] == []
        assert ws.subscribe(f"conversation:{cid}", after_seq=0)["recovered"] == []

        admin = create_admin(srv, api)
        flag = _pending_flag_of(api, admin.token, sent["id"])
        ok = api.post(f"/v1/moderation/flags/{flag['id']}/decision", {"decision": "dismiss"}, token=admin.token)
        assert ok.status == 200, ok.text
        released = ws.expect("message.new")["message"]
        assert released["id"] == sent["id"] and released["seq"] == sent["seq"] + 1
        assert released["moderation"]["action"] == "masked" and "559" not in released["body"]
        updated = wb.expect("message.updated")["message"]
        assert updated["seq"] == released["seq"]
        recovered = ws.subscribe(f"conversation:{cid}", after_seq=0)["recovered"]
        assert [m["id"] for m in recovered] == [sent["id"]]
    finally:
        wb.close()
        ws.close()
