"""WebSocket part of protocol v1, driven from outside. Every received frame is validated by the `WS` wrapper."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus

from conftest import EXAMPLES_DIR, SUBPROTOCOL, open_ws, send_frame

INVALID_FILES = sorted((EXAMPLES_DIR / "invalid").glob("*.json"))


def parse_ts(s: str) -> float:
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def is_msg_new(cid: str, client_msg_id: str | None = None):
    def pred(f):
        return (
            f.get("type") == "message.new"
            and f.get("conversationId") == cid
            and (client_msg_id is None or f["message"]["clientMsgId"] == client_msg_id)
        )

    return pred


# ------------------------------------------------------------------------------------------- handshake


@pytest.mark.parametrize("token", [None, "garbage", "a.b.c"])
def test_upgrade_without_valid_token_is_401(server, schemas, token):
    with pytest.raises(InvalidStatus) as info:
        open_ws(server, token)
    resp = info.value.response
    assert resp.status_code == 401
    body = json.loads(resp.body.decode())
    schemas.check("error-envelope", body, "WS upgrade 401 body")
    assert body["error"]["code"] == "unauthorized"


def test_upgrade_with_expired_token_is_401(server, register, mint):
    acct = register()
    with pytest.raises(InvalidStatus) as info:
        open_ws(server, mint(acct.id, "buyer", exp_in=-30))
    assert info.value.response.status_code == 401


def test_welcome_frame(register, ws_connect):
    acct = register("seller")
    ws = ws_connect(acct.token)
    w = ws.welcome
    assert w["userId"] == acct.id
    assert w["limits"]["maxFrameBytes"] == 65536
    assert w["limits"]["maxBodyChars"] == 4000
    assert parse_ts(w["expiresAt"]) > time.time() + 3000  # default token TTL 3600 s
    assert ws.subprotocol == SUBPROTOCOL


def test_access_token_query_parameter(register, ws_connect):
    acct = register()
    ws = ws_connect(acct.token, via="query")
    assert ws.welcome["userId"] == acct.id
    assert ws.ok({"type": "ping"})["type"] == "pong"


def test_subprotocol_is_optional(register, ws_connect):
    acct = register()
    ws = ws_connect(acct.token, subprotocols=None)
    assert ws.subprotocol is None
    assert ws.welcome["userId"] == acct.id


# ------------------------------------------------------------------------------------------ ping / pong


def test_ping_pong(register, ws_connect):
    ws = ws_connect(register().token)
    ws.send({"type": "ping", "id": "p-1"})
    pong = ws.ack_for("p-1")
    assert pong == {"type": "pong", "id": "p-1"} or (pong["type"] == "pong" and pong["id"] == "p-1")
    ws.send({"type": "ping"})
    pong = ws.expect("pong")
    assert "id" not in pong


# -------------------------------------------------------------------------------------------- channels


def test_own_user_channel_is_subscribed_and_others_forbidden(register, ws_connect):
    me, other = register(), register()
    ws = ws_connect(me.token)
    ack = ws.subscribe(f"user:{me.id}")  # already subscribed: acked again
    assert ack["type"] == "ack"
    err = ws.call({"type": "subscribe", "channel": f"user:{other.id}"})
    assert err["type"] == "error" and err["code"] == "forbidden" and err["retryable"] is False


def test_subscribe_errors(register, create_conversation, ws_connect):
    buyer, seller, stranger = register("buyer"), register("seller"), register("buyer")
    c = create_conversation(buyer, seller)
    ws = ws_connect(stranger.token)
    err = ws.call({"type": "subscribe", "channel": f"conversation:{c['id']}"})
    assert err["type"] == "error" and err["code"] == "forbidden"
    err = ws.call({"type": "subscribe", "channel": f"conversation:{uuid.uuid4()}"})
    assert err["type"] == "error" and err["code"] == "not_found"
    err = ws.call({"type": "subscribe", "channel": "lobby:main"})
    assert err["type"] == "error" and err["code"] == "bad_request"
    assert ws.ok({"type": "ping"})["type"] == "pong"


def test_unsubscribe_is_acked(pair):
    ack = pair.ws_buyer.ok({"type": "unsubscribe", "channel": pair.channel})
    assert ack["channel"] == pair.channel
    ack = pair.ws_buyer.ok({"type": "unsubscribe", "channel": pair.channel})  # not subscribed any more: acked too
    assert ack["channel"] == pair.channel


# ---------------------------------------------------------------------------------------------- messages


def test_send_acks_and_fans_out_to_both(pair):
    f = send_frame(pair.cid, "Is Saturday free?", "cm-1", "s-1")
    pair.ws_buyer.send(f)
    ack = pair.ws_buyer.ack_for("s-1")
    assert ack["type"] == "ack", ack
    m = ack["message"]
    assert m["seq"] == 1 and m["senderId"] == pair.buyer.id and m["body"] == "Is Saturday free?"
    assert m["clientMsgId"] == "cm-1" and m["conversationId"] == pair.cid
    assert m["moderation"]["action"] == "none"

    for ws in (pair.ws_buyer, pair.ws_seller):  # the sender's own socket included
        ev = ws.expect("message.new", conversationId=pair.cid)
        assert ev["message"] == m
        ws.assert_none(is_msg_new(pair.cid), within=0.4, what="duplicate message.new")

    # the seller answers; seqs continue gaplessly
    ack2 = pair.ws_seller.ok(send_frame(pair.cid, "Yes it is", "cm-2"))
    assert ack2["message"]["seq"] == 2
    assert pair.ws_buyer.expect("message.new")["message"] == ack2["message"]


def test_subscribing_twice_does_not_duplicate(pair):
    again = pair.ws_seller.subscribe(pair.channel)
    assert again["type"] == "ack"
    ack = pair.ws_buyer.ok(send_frame(pair.cid, "just once"))
    assert pair.ws_seller.expect("message.new")["message"] == ack["message"]
    pair.ws_seller.assert_none(is_msg_new(pair.cid), within=0.4, what="duplicate message.new")


def test_unknown_fields_in_client_frames_are_ignored(pair):
    f = send_frame(pair.cid, "with an extra field", "extra-1")
    f["replyToSeq"] = 3
    ack = pair.ws_buyer.ok(f)
    assert ack["message"]["clientMsgId"] == "extra-1"
    assert pair.ws_buyer.ok({"type": "ping", "trace": {"a": 1}})["type"] == "pong"


def test_rest_send_fans_out_on_ws(pair, send_rest):
    m = send_rest(pair.seller, pair.cid, "sent over REST")
    for ws in (pair.ws_buyer, pair.ws_seller):
        assert ws.expect("message.new")["message"] == m


def test_unsubscribed_participant_gets_messages_on_user_channel(register, create_conversation, ws_connect):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    ws_b = ws_connect(buyer.token)
    ws_s = ws_connect(seller.token)  # never subscribes to the conversation
    ws_b.subscribe(f"conversation:{c['id']}")
    ack = ws_b.ok(send_frame(c["id"], "ping via user channel"))
    ev = ws_s.expect("message.new", conversationId=c["id"])
    assert ev["message"] == ack["message"]
    ws_s.assert_none(is_msg_new(c["id"]), within=0.4, what="duplicate message.new")
    # after unsubscribing, the buyer's own socket still hears through user:<id>, once
    ws_b.expect("message.new")
    ws_b.ok({"type": "unsubscribe", "channel": f"conversation:{c['id']}"})
    ack = ws_s.ok(send_frame(c["id"], "after unsubscribe"))
    assert ws_b.expect("message.new")["message"] == ack["message"]
    ws_b.assert_none(is_msg_new(c["id"]), within=0.4, what="duplicate message.new")


def test_group_conversation_fan_out(register, create_conversation, ws_connect):
    buyer = register("buyer")
    sellers = [register("seller") for _ in range(3)]
    c = create_conversation(buyer, *sellers, subject="party")
    sockets = [ws_connect(a.token) for a in [buyer, *sellers]]
    for ws in sockets:
        ws.subscribe(f"conversation:{c['id']}")
    ack = sockets[2].ok(send_frame(c["id"], "we can bring the cake"))
    for ws in sockets:
        assert ws.expect("message.new")["message"] == ack["message"]


def test_second_socket_of_sender_gets_message_new(pair, ws_connect):
    other = ws_connect(pair.buyer.token)
    other.subscribe(pair.channel)
    ack = pair.ws_buyer.ok(send_frame(pair.cid, "from my phone", "phone-1"))
    assert other.expect("message.new")["message"]["id"] == ack["message"]["id"]


def test_conversation_new_goes_to_every_participant(register, create_conversation, ws_connect):
    buyer, seller = register("buyer"), register("seller")
    ws_b, ws_s = ws_connect(buyer.token), ws_connect(seller.token)
    c = create_conversation(buyer, seller, subject="new one")
    for ws in (ws_s, ws_b):
        ev = ws.expect("conversation.new")
        assert ev["conversation"]["id"] == c["id"]
        assert sorted(ev["conversation"]["participantIds"]) == sorted([buyer.id, seller.id])


def test_send_errors(register, create_conversation, ws_connect):
    buyer, seller, stranger = register("buyer"), register("seller"), register("buyer")
    c = create_conversation(buyer, seller)
    ws = ws_connect(stranger.token)
    err = ws.call(send_frame(c["id"], "let me in"))
    assert err["type"] == "error" and err["code"] == "forbidden"
    err = ws.call(send_frame(str(uuid.uuid4()), "nobody home"))
    assert err["type"] == "error" and err["code"] == "not_found"
    ws2 = ws_connect(buyer.token)
    for body in ["", "   \n "]:
        err = ws2.call(send_frame(c["id"], body))
        assert err["type"] == "error" and err["code"] == "bad_request", (body, err)


def test_body_over_limit_is_too_large_and_socket_stays(pair):
    pair.ws_buyer.send(send_frame(pair.cid, "x" * 4001, "big-1", "big"))
    err = pair.ws_buyer.ack_for("big")
    assert err["type"] == "error" and err["code"] == "too_large" and err["retryable"] is False
    ok = pair.ws_buyer.ok(send_frame(pair.cid, "x" * 4000, "big-2"))
    assert len(ok["message"]["body"]) == 4000
    thumbs = "\U0001F44D\U0001F3FD"  # one Character
    ok = pair.ws_buyer.ok(send_frame(pair.cid, thumbs * 4000, "big-3"))
    assert ok["message"]["body"] == thumbs * 4000
    assert pair.ws_buyer.ok({"type": "ping"})["type"] == "pong"


def test_duplicate_client_msg_id_yields_one_message(pair, api):
    first = pair.ws_buyer.ok(send_frame(pair.cid, "only once", "dup-1"))
    pair.ws_seller.expect("message.new")
    again = pair.ws_buyer.ok(send_frame(pair.cid, "only once", "dup-1"))
    assert again["message"] == first["message"]
    # and over REST it is the same message too
    r = api.post(f"/v1/conversations/{pair.cid}/messages", {"body": "only once", "clientMsgId": "dup-1"}, token=pair.buyer.token)
    assert r.status == 200 and r.body == first["message"]
    pair.ws_seller.assert_none(is_msg_new(pair.cid), within=0.5, what="second message.new for a retried clientMsgId")
    hist = api.get(f"/v1/conversations/{pair.cid}/messages", token=pair.seller.token)
    assert [m["id"] for m in hist.body["items"]] == [first["message"]["id"]]


def test_reconnect_with_after_seq_recovers_exactly_the_missed(register, create_conversation, ws_connect, send_rest):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    channel = f"conversation:{c['id']}"
    ws_s = ws_connect(seller.token)
    ws_s.subscribe(channel)
    ws_b = ws_connect(buyer.token)
    ack = ws_b.subscribe(channel, after_seq=0)
    assert ack["recovered"] == [] and ack["hasMore"] is False

    seen = [ws_s.ok(send_frame(c["id"], f"before {i}"))["message"] for i in range(2)]
    for m in seen:
        assert ws_b.expect("message.new", conversationId=c["id"])["message"] == m
    last_seq = seen[-1]["seq"]
    ws_b.close()

    missed = [ws_s.ok(send_frame(c["id"], f"while away {i}"))["message"] for i in range(3)]
    missed.append(send_rest(seller, c["id"], "while away over REST"))

    ws_b = ws_connect(buyer.token)
    ack = ws_b.subscribe(channel, after_seq=last_seq)
    assert ack["recovered"] == missed
    assert [m["seq"] for m in ack["recovered"]] == list(range(last_seq + 1, last_seq + 5))
    assert ack["hasMore"] is False
    # the recovered ones are not replayed as events, and live delivery continues once
    ws_b.assert_none(is_msg_new(c["id"]), within=0.4, what="replayed message.new")
    live = ws_s.ok(send_frame(c["id"], "welcome back"))["message"]
    assert live["seq"] == last_seq + 5
    assert ws_b.expect("message.new")["message"] == live
    ws_b.assert_none(is_msg_new(c["id"]), within=0.4, what="duplicate message.new")

    # subscribing again with afterSeq is acked again with the same recovery
    again = ws_b.subscribe(channel, after_seq=last_seq)
    assert again["recovered"] == missed + [live] and again["hasMore"] is False


# -------------------------------------------------------------------------------------------- typing/read


def test_typing_goes_to_others_not_to_typist(pair, ws_connect):
    typist_other_socket = ws_connect(pair.buyer.token)
    typist_other_socket.subscribe(pair.channel)
    ack = pair.ws_buyer.ok({"type": "typing", "conversationId": pair.cid, "state": "start"})
    assert ack["type"] == "ack"
    ev = pair.ws_seller.expect("typing")
    assert ev == {"type": "typing", "conversationId": pair.cid, "userId": pair.buyer.id, "state": "start"} or (
        ev["conversationId"] == pair.cid and ev["userId"] == pair.buyer.id and ev["state"] == "start"
    )
    pair.ws_buyer.send({"type": "typing", "conversationId": pair.cid, "state": "stop"})  # no id: no ack
    assert pair.ws_seller.expect("typing")["state"] == "stop"
    for ws in (pair.ws_buyer, typist_other_socket):
        ws.assert_none(lambda f: f.get("type") == "typing", within=0.4, what="typing echoed to the typist")
    pair.ws_buyer.assert_none(lambda f: f.get("type") == "ack", within=0.1, what="ack for a frame without id")


def test_typing_errors(register, create_conversation, ws_connect):
    buyer, seller, stranger = register("buyer"), register("seller"), register()
    c = create_conversation(buyer, seller)
    ws = ws_connect(stranger.token)
    err = ws.call({"type": "typing", "conversationId": c["id"], "state": "start"})
    assert err["type"] == "error" and err["code"] == "forbidden"


def test_read_acks_and_notifies(pair):
    ack = pair.ws_seller.ok(send_frame(pair.cid, "read me"))
    seq = ack["message"]["seq"]
    ack = pair.ws_buyer.ok({"type": "read", "conversationId": pair.cid, "seq": seq})
    assert ack["conversationId"] == pair.cid and ack["seq"] == seq
    ev = pair.ws_seller.expect("read")
    assert ev["conversationId"] == pair.cid and ev["userId"] == pair.buyer.id and ev["seq"] == seq
    # out of range
    err = pair.ws_buyer.call({"type": "read", "conversationId": pair.cid, "seq": seq + 5})
    assert err["type"] == "error" and err["code"] == "bad_request"
    # never backwards
    ack = pair.ws_buyer.ok({"type": "read", "conversationId": pair.cid, "seq": 0})
    assert ack["seq"] == seq


def test_rest_read_notifies_ws(pair, api, send_rest):
    m = send_rest(pair.seller, pair.cid, "read me over REST")
    r = api.post(f"/v1/conversations/{pair.cid}/read", {"seq": m["seq"]}, token=pair.buyer.token)
    assert r.status == 200
    ev = pair.ws_seller.expect("read", userId=pair.buyer.id)
    assert ev["conversationId"] == pair.cid and ev["seq"] == m["seq"]


def test_ws_read_is_reflected_in_unread_count(pair, api):
    pair.ws_seller.ok(send_frame(pair.cid, "one"))
    pair.ws_seller.ok(send_frame(pair.cid, "two"))
    convs = {c["id"]: c for c in api.get("/v1/conversations", token=pair.buyer.token).body["items"]}
    assert convs[pair.cid]["unreadCount"] == 2
    pair.ws_buyer.ok({"type": "read", "conversationId": pair.cid, "seq": 1})
    convs = {c["id"]: c for c in api.get("/v1/conversations", token=pair.buyer.token).body["items"]}
    assert convs[pair.cid]["unreadCount"] == 1


# ---------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.stem)
def test_invalid_frame_gets_error_and_socket_stays(register, ws_connect, path: Path):
    spec = json.loads(path.read_text(encoding="utf-8"))
    ws = ws_connect(register().token)
    frame = spec["frame"]
    ws.send_text(frame if isinstance(frame, str) else json.dumps(frame))
    err = ws.expect("error", timeout=3)
    assert err["code"] == spec["expectCode"], err
    assert err["retryable"] is False
    if "expectId" in spec:
        assert err.get("id") == spec["expectId"], err
    else:
        assert "id" not in err or isinstance(err["id"], str)
    # the connection stays open
    pong = ws.call({"type": "ping", "id": "after-2"})
    assert pong["type"] == "pong" and pong["id"] == "after-2"


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "message.send", "id": "w1", "conversationId": 5, "body": "x", "clientMsgId": "c"},
        {"type": "read", "id": "w2", "conversationId": "c", "seq": "1"},
        {"type": "typing", "id": "w3", "conversationId": "c"},
        {"type": "unsubscribe", "id": "w4"},
        {"type": "auth.refresh", "id": "w5", "token": 42},
        {"type": "subscribe", "id": "w6", "channel": 7},
    ],
    ids=lambda f: f["id"],
)
def test_wrong_field_types_are_bad_request(register, ws_connect, frame):
    ws = ws_connect(register().token)
    err = ws.call(frame)
    assert err["type"] == "error" and err["code"] == "bad_request" and err["id"] == frame["id"]
    assert ws.ok({"type": "ping"})["type"] == "pong"


def test_many_bad_frames_in_a_row(register, ws_connect):
    ws = ws_connect(register().token)
    for i in range(20):
        ws.send_text("not json %d" % i)
    errors = ws.collect(lambda f: f.get("type") == "error", 2.0)
    assert len(errors) == 20 and all(e["code"] == "bad_request" for e in errors)
    assert ws.ok({"type": "ping"})["type"] == "pong"


def test_frame_over_limit_closes_1009(register, ws_connect):
    ws = ws_connect(register().token)
    ws.send({"type": "ping", "id": "huge", "pad": "x" * 70_000})
    assert ws.expect_close() == 1009


def test_frame_at_limit_is_accepted(register, ws_connect):
    ws = ws_connect(register().token)
    base = json.dumps({"type": "ping", "id": "edge", "pad": ""})
    ws.send_text(json.dumps({"type": "ping", "id": "edge", "pad": "x" * (65536 - len(base))}))
    assert ws.ack_for("edge")["type"] == "pong"


def test_binary_frame_closes_1003(register, ws_connect):
    ws = ws_connect(register().token)
    ws.send_binary(json.dumps({"type": "ping", "id": "bin"}).encode())
    assert ws.expect_close() == 1003


def test_invalid_utf8_closes_1007(register, ws_connect):
    ws = ws_connect(register().token)
    ws.send_bytes_as_text(b'{"type":"ping","id":"\xff\xfe"}')
    assert ws.expect_close() == 1007


# -------------------------------------------------------------------------------------------- rate limit


def test_burst_of_sends_is_rate_limited(pair, api):
    ids = [f"rl-{i}" for i in range(40)]
    for i, fid in enumerate(ids):
        pair.ws_buyer.send(send_frame(pair.cid, f"burst {i}", f"burst-{i}", fid))
    answers = [pair.ws_buyer.ack_for(fid, timeout=5) for fid in ids]
    acks = [a for a in answers if a["type"] == "ack"]
    errors = [a for a in answers if a["type"] == "error"]
    assert len(acks) >= 20, answers
    assert errors, "40 sends in a burst were all accepted"
    assert all(e["code"] == "rate_limited" and e["retryable"] is True for e in errors), errors
    seqs = sorted(a["message"]["seq"] for a in acks)
    assert seqs == list(range(1, len(acks) + 1))  # refused sends were not stored
    # the other side sees every stored one, once, in ascending seq
    events = pair.ws_seller.collect(is_msg_new(pair.cid), 1.0)
    assert [e["message"]["seq"] for e in events] == seqs
    # typing has its own bucket
    assert pair.ws_buyer.ok({"type": "typing", "conversationId": pair.cid, "state": "start"})["type"] == "ack"


def test_burst_of_typing_is_rate_limited(pair):
    ids = [f"ty-{i}" for i in range(40)]
    for fid in ids:
        pair.ws_buyer.send({"type": "typing", "id": fid, "conversationId": pair.cid, "state": "start"})
    answers = [pair.ws_buyer.ack_for(fid, timeout=5) for fid in ids]
    errors = [a for a in answers if a["type"] == "error"]
    assert errors and all(e["code"] == "rate_limited" and e["retryable"] for e in errors), answers


# ------------------------------------------------------------------------------------------------ tokens


def test_auth_refresh(register, ws_connect, mint):
    me, other = register(), register()
    ws = ws_connect(me.token)
    fresh = mint(me.id, "buyer", exp_in=7200)
    ack = ws.ok({"type": "auth.refresh", "token": fresh})
    assert abs(parse_ts(ack["expiresAt"]) - (time.time() + 7200)) < 60
    err = ws.call({"type": "auth.refresh", "token": other.token})
    assert err["type"] == "error" and err["code"] == "unauthorized"
    err = ws.call({"type": "auth.refresh", "token": "garbage"})
    assert err["type"] == "error" and err["code"] == "unauthorized"
    err = ws.call({"type": "auth.refresh", "token": mint(me.id, "buyer", exp_in=-10)})
    assert err["type"] == "error" and err["code"] == "unauthorized"
    assert ws.ok({"type": "ping"})["type"] == "pong"


def test_expired_token_closes_4001_unless_refreshed(register, ws_connect, mint):
    me = register()
    ttl = 2
    token = mint(me.id, "buyer", exp_in=ttl)
    stale = ws_connect(token)
    kept = ws_connect(mint(me.id, "buyer", exp_in=ttl))
    exp = parse_ts(stale.welcome["expiresAt"])
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert exp == claims["exp"], "welcome.expiresAt is not the token's exp"
    assert kept.ok({"type": "auth.refresh", "token": mint(me.id, "buyer", exp_in=600)})["type"] == "ack"
    code = stale.expect_close(timeout=ttl + 5 + 2)
    assert code == 4001
    assert time.time() <= exp + 5 + 1.5, "closed later than 5 s after exp"
    # the refreshed socket outlives its first token by more than 5 s
    wait = exp + 5.5 - time.time()
    if wait > 0:
        time.sleep(wait)
    assert kept.ok({"type": "ping"})["type"] == "pong"


# ------------------------------------------------------------------------------------------------ admins


def test_admin_may_subscribe_but_not_send(register, create_conversation, ws_connect, make_admin):
    admin = make_admin()
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    ws_a = ws_connect(admin.token)
    assert ws_a.welcome["userId"] == admin.id
    ws_a.subscribe(f"conversation:{c['id']}")
    ws_b = ws_connect(buyer.token)
    ack = ws_b.ok(send_frame(c["id"], "the admin can watch"))
    assert ws_a.expect("message.new")["message"] == ack["message"]
    err = ws_a.call(send_frame(c["id"], "admin speaking"))
    assert err["type"] == "error" and err["code"] == "forbidden"


# ------------------------------------------------------------------------------------------ frames without id


def test_frames_without_id_are_answered_without_id(pair, mint):
    ws = pair.ws_buyer

    def bare_ack(key):
        return lambda f: f.get("type") == "ack" and "id" not in f and key(f)

    ws.send({"type": "subscribe", "channel": pair.channel})
    ws.wait_for(bare_ack(lambda f: f.get("channel") == pair.channel and "recovered" not in f), what="ack of subscribe without id")
    ws.send(send_frame(pair.cid, "no id here", "noid-1"))
    ack = ws.wait_for(bare_ack(lambda f: "message" in f), what="ack of message.send without id")
    assert ack["message"]["clientMsgId"] == "noid-1"
    ws.send({"type": "auth.refresh", "token": mint(pair.buyer.id, "buyer", exp_in=3600)})
    ws.wait_for(bare_ack(lambda f: "expiresAt" in f), what="ack of auth.refresh without id")
    ws.send({"type": "unsubscribe", "channel": pair.channel})
    ws.wait_for(bare_ack(lambda f: f.get("channel") == pair.channel), what="ack of unsubscribe without id")
    ws.send({"type": "read", "conversationId": pair.cid, "seq": 1})
    ws.wait_for(bare_ack(lambda f: f.get("conversationId") == pair.cid and f.get("seq") == 1), what="ack of read without id")
    # failures without id: an error without id
    ws.send({"type": "subscribe", "channel": f"conversation:{uuid.uuid4()}"})
    err = ws.expect("error")
    assert err["code"] == "not_found" and "id" not in err
