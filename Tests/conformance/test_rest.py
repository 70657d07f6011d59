"""REST part of protocol v1, driven from outside. Every answer is validated against Protocol/schemas/ by `api`."""

from __future__ import annotations

import http.client
import uuid

import pytest

from conftest import PASSWORD, PROTOCOL, unique_email


# ------------------------------------------------------------------------------------------------ health


def test_healthz(api):
    r = api.get("/healthz")
    assert r.status == 200 and r.body == {"status": "ok"}


def test_readyz(api):
    r = api.get("/readyz")
    assert r.status == 200 and r.body["status"] == "ready"


def test_unknown_route_is_404_envelope(api, register):
    acct = register()
    r = api.get("/v1/no-such-route", token=acct.token)
    assert r.status == 404 and r.error_code == "not_found"


@pytest.mark.parametrize(
    "method,path,allow",
    [("DELETE", "/v1/conversations", "GET, POST"), ("POST", "/v1/me", "GET"), ("GET", "/v1/conversations/x/read", "POST")],
)
def test_a_method_the_path_does_not_serve_is_405_with_allow(api, method, path, allow):
    r = api.request(method, path)
    assert r.status == 405 and r.error_code == "method_not_allowed", r.text
    assert r.header("allow") == allow


def test_the_openapi_document_is_served_unchanged(server):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
    conn.request("GET", "/v1/openapi.yaml")
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert resp.status == 200 and resp.getheader("content-type") == "application/yaml"
    assert body == (PROTOCOL / "openapi.yaml").read_bytes()


# -------------------------------------------------------------------------------------------------- auth


def test_register_returns_201_user_and_token(api):
    email = unique_email("Ana")
    r = api.post("/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": "Ana", "role": "seller"})
    assert r.status == 201
    user = r.body["user"]
    assert user["email"] == email.lower()
    assert user["displayName"] == "Ana" and user["role"] == "seller"
    assert r.body["token"].count(".") == 2


def test_login_returns_200_and_me(api):
    email = unique_email("bob")
    reg = api.post("/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": "Bob", "role": "buyer"})
    assert reg.status == 201
    r = api.post("/v1/auth/login", {"email": email, "password": PASSWORD})
    assert r.status == 200
    assert r.body["user"] == reg.body["user"]
    me = api.get("/v1/me", token=r.body["token"])
    assert me.status == 200 and me.body == reg.body["user"]
    me2 = api.get("/v1/me", token=reg.body["token"])
    assert me2.status == 200 and me2.body["id"] == reg.body["user"]["id"]


def test_email_is_case_insensitive(api):
    email = unique_email("carol")
    assert api.post("/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": "C", "role": "buyer"}).status == 201
    r = api.post("/v1/auth/login", {"email": email.upper(), "password": PASSWORD})
    assert r.status == 200
    dup = api.post("/v1/auth/register", {"email": email.upper(), "password": PASSWORD, "displayName": "C", "role": "buyer"})
    assert dup.status == 409 and dup.error_code == "conflict"


def test_duplicate_email_is_409(api):
    email = unique_email("dup")
    body = {"email": email, "password": PASSWORD, "displayName": "Dup", "role": "buyer"}
    assert api.post("/v1/auth/register", body).status == 201
    r = api.post("/v1/auth/register", body)
    assert r.status == 409 and r.error_code == "conflict"


def test_bad_credentials_are_401(api, register):
    acct = register()
    r = api.post("/v1/auth/login", {"email": acct.user["email"], "password": "wrong password"})
    assert r.status == 401 and r.error_code == "unauthorized"
    r = api.post("/v1/auth/login", {"email": unique_email("nobody"), "password": PASSWORD})
    assert r.status == 401 and r.error_code == "unauthorized"


@pytest.mark.parametrize("missing", ["email", "password", "displayName", "role"])
def test_register_missing_field_is_400_naming_it(api, missing):
    body = {"email": unique_email(), "password": PASSWORD, "displayName": "X", "role": "buyer"}
    del body[missing]
    r = api.post("/v1/auth/register", body)
    assert r.status == 400 and r.error_code == "bad_request"
    assert missing in r.error_message, f"message {r.error_message!r} does not name {missing}"


@pytest.mark.parametrize(
    "field,value",
    [
        ("email", "no-at-sign.example.com"),
        ("email", "two@@example.com"),
        ("email", "nodot@localhost"),
        ("password", "short"),
        ("password", "x" * 73),
        ("displayName", "   "),
        ("displayName", "x" * 101),
        ("role", "wizard"),
        ("email", 12),
    ],
)
def test_register_invalid_field_is_400_naming_it(api, field, value):
    body = {"email": unique_email(), "password": PASSWORD, "displayName": "X", "role": "buyer"}
    body[field] = value
    r = api.post("/v1/auth/register", body)
    assert r.status == 400 and r.error_code == "bad_request", r.text
    assert field in r.error_message, f"message {r.error_message!r} does not name {field}"


def test_register_admin_is_403(api):
    r = api.post("/v1/auth/register", {"email": unique_email(), "password": PASSWORD, "displayName": "A", "role": "admin"})
    assert r.status == 403 and r.error_code == "forbidden"


def test_login_missing_field_is_400(api):
    r = api.post("/v1/auth/login", {"email": unique_email()})
    assert r.status == 400 and r.error_code == "bad_request"
    assert "password" in r.error_message


def test_malformed_json_body_is_400(api):
    r = api.request("POST", "/v1/auth/register", raw=b'{"email": ')
    assert r.status == 400 and r.error_code == "bad_request"


def test_body_over_1mib_is_413(api, register):
    acct = register()
    big = b'{"participantIds": [], "subject": "' + b"x" * (1024 * 1024 + 16) + b'"}'
    r = api.request("POST", "/v1/conversations", raw=big, token=acct.token, timeout=15)
    assert r.status == 413 and r.error_code == "too_large"


@pytest.mark.parametrize("token", [None, "not-a-jwt", "a.b.c"])
def test_me_without_valid_token_is_401(api, token):
    r = api.get("/v1/me", token=token)
    assert r.status == 401 and r.error_code == "unauthorized"


def test_expired_and_foreign_tokens_are_401(api, register, mint):
    acct = register()
    assert api.get("/v1/me", token=mint(acct.id, "buyer", exp_in=3600)).status == 200
    r = api.get("/v1/me", token=mint(acct.id, "buyer", exp_in=-60))
    assert r.status == 401 and r.error_code == "unauthorized"
    r = api.get("/v1/me", token=mint(acct.id, "buyer", secret="some-other-secret-that-is-long-enough-123"))
    assert r.status == 401 and r.error_code == "unauthorized"


# ----------------------------------------------------------------------------------------- conversations


def test_create_conversation(api, register):
    buyer, seller = register("buyer"), register("seller")
    r = api.post(
        "/v1/conversations",
        {"participantIds": [seller.id, seller.id], "subject": "Bouncy castle", "orderId": "ord-1"},
        token=buyer.token,
    )
    assert r.status == 201
    c = r.body
    assert sorted(c["participantIds"]) == sorted([buyer.id, seller.id])
    assert c["subject"] == "Bouncy castle" and c["orderId"] == "ord-1"
    assert c["lastMessage"] is None and c["unreadCount"] == 0


def test_create_conversation_optional_fields_are_null(api, register):
    buyer, seller = register("buyer"), register("seller")
    r = api.post("/v1/conversations", {"participantIds": [seller.id]}, token=buyer.token)
    assert r.status == 201
    assert r.body["subject"] is None and r.body["orderId"] is None


def test_create_group_conversation(api, register):
    buyer = register("buyer")
    sellers = [register("seller") for _ in range(3)]
    r = api.post("/v1/conversations", {"participantIds": [s.id for s in sellers]}, token=buyer.token)
    assert r.status == 201
    assert len(r.body["participantIds"]) == 4


def test_create_conversation_unknown_participant_is_404_naming_it(api, register):
    buyer = register()
    ghost = str(uuid.uuid4())
    r = api.post("/v1/conversations", {"participantIds": [ghost]}, token=buyer.token)
    assert r.status == 404 and r.error_code == "not_found"
    assert ghost in r.error_message


def test_create_conversation_too_many_participants_is_400(api, register):
    buyer = register()
    others = [register("seller") for _ in range(50)]  # 51 with the caller
    r = api.post("/v1/conversations", {"participantIds": [o.id for o in others]}, token=buyer.token)
    assert r.status == 400 and r.error_code == "bad_request"
    ok = api.post("/v1/conversations", {"participantIds": [o.id for o in others[:49]]}, token=buyer.token)
    assert ok.status == 201 and len(ok.body["participantIds"]) == 50


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "participantIds"),
        ({"participantIds": "x"}, "participantIds"),
        ({"participantIds": [7]}, "participantIds"),
        ({"participantIds": "<other>", "subject": "s" * 201}, "subject"),
        ({"participantIds": "<other>", "subject": 5}, "subject"),
    ],
)
def test_create_conversation_bad_input_is_400(api, register, body, field):
    buyer, other = register(), register("seller")
    body = dict(body)
    if body.get("participantIds") == "<other>":
        body["participantIds"] = [other.id]
    r = api.post("/v1/conversations", body, token=buyer.token)
    assert r.status == 400 and r.error_code == "bad_request"
    assert field in r.error_message


def test_list_conversations_with_last_message_and_unread(api, register, create_conversation, send_rest):
    buyer, seller = register("buyer"), register("seller")
    c1 = create_conversation(buyer, seller, subject="first")
    c2 = create_conversation(buyer, seller, subject="second")
    send_rest(seller, c1["id"], "hello 1")
    send_rest(seller, c1["id"], "hello 2")
    last = send_rest(buyer, c1["id"], "hi back")

    r = api.get("/v1/conversations", token=buyer.token)
    assert r.status == 200
    items = {c["id"]: c for c in r.body["items"]}
    assert set(items) == {c1["id"], c2["id"]}
    # c1 had the latest activity
    assert r.body["items"][0]["id"] == c1["id"]
    assert items[c1["id"]]["lastMessage"] == last
    assert items[c1["id"]]["unreadCount"] == 2  # the buyer's own message does not count
    assert items[c2["id"]]["lastMessage"] is None and items[c2["id"]]["unreadCount"] == 0

    r = api.get("/v1/conversations", token=seller.token)
    seller_view = {c["id"]: c for c in r.body["items"]}
    assert seller_view[c1["id"]]["unreadCount"] == 1

    # reading moves unreadCount
    rr = api.post(f"/v1/conversations/{c1['id']}/read", {"seq": 2}, token=buyer.token)
    assert rr.status == 200 and rr.body == {"conversationId": c1["id"], "userId": buyer.id, "seq": 2}
    r = api.get("/v1/conversations", token=buyer.token)
    assert {c["id"]: c for c in r.body["items"]}[c1["id"]]["unreadCount"] == 0


def test_list_conversations_pagination(api, register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    created = [create_conversation(buyer, seller, subject=f"c{i}")["id"] for i in range(5)]
    seen, cursor, pages = [], None, 0
    while True:
        path = "/v1/conversations?limit=2" + (f"&cursor={cursor}" if cursor else "")
        r = api.get(path, token=buyer.token)
        assert r.status == 200 and len(r.body["items"]) <= 2
        seen += [c["id"] for c in r.body["items"]]
        cursor = r.body["nextCursor"]
        pages += 1
        if cursor is None:
            break
        assert pages < 10
    assert sorted(seen) == sorted(created) and len(seen) == 5
    assert seen == list(reversed(created))  # newest first


@pytest.mark.parametrize("q", ["limit=0", "limit=abc", "limit=-1"])
def test_list_conversations_bad_limit_is_400(api, register, q):
    r = api.get(f"/v1/conversations?{q}", token=register().token)
    assert r.status == 400 and r.error_code == "bad_request"


# ---------------------------------------------------------------------------------------------- messages


def test_post_message(api, register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    r = api.post(f"/v1/conversations/{c['id']}/messages", {"body": "Hello there", "clientMsgId": "m-1"}, token=buyer.token)
    assert r.status == 201
    m = r.body
    assert m["conversationId"] == c["id"] and m["senderId"] == buyer.id
    assert m["seq"] == 1 and m["body"] == "Hello there" and m["clientMsgId"] == "m-1"
    assert m["moderation"] == {"action": "none", "categories": []}


def test_post_message_idempotent(api, register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    path = f"/v1/conversations/{c['id']}/messages"
    first = api.post(path, {"body": "once", "clientMsgId": "same"}, token=buyer.token)
    again = api.post(path, {"body": "once", "clientMsgId": "same"}, token=buyer.token)
    assert first.status == 201 and again.status == 200
    assert again.body == first.body
    # the same clientMsgId from another sender is a different message
    other = api.post(path, {"body": "mine", "clientMsgId": "same"}, token=seller.token)
    assert other.status == 201 and other.body["seq"] == 2
    hist = api.get(path, token=buyer.token)
    assert [m["seq"] for m in hist.body["items"]] == [1, 2]
    # a clientMsgId is unique per sender and conversation: in another conversation it is a new message
    c2 = create_conversation(buyer, seller)
    path2 = f"/v1/conversations/{c2['id']}/messages"
    r = api.post(path2, {"body": "x", "clientMsgId": "same"}, token=buyer.token)
    assert r.status == 201 and r.body["seq"] == 1 and r.body["id"] != first.body["id"]
    retry = api.post(path2, {"body": "x", "clientMsgId": "same"}, token=buyer.token)
    assert retry.status == 200 and retry.body == r.body


@pytest.mark.parametrize(
    "body,status,field",
    [
        ({"clientMsgId": "a"}, 400, "body"),
        ({"body": "", "clientMsgId": "a"}, 400, "body"),
        ({"body": "  \n\t ", "clientMsgId": "a"}, 400, "body"),
        ({"body": 5, "clientMsgId": "a"}, 400, "body"),
        ({"body": "hi"}, 400, "clientMsgId"),
        ({"body": "hi", "clientMsgId": ""}, 400, "clientMsgId"),
        ({"body": "hi", "clientMsgId": "c" * 129}, 400, "clientMsgId"),
        ({"body": "x" * 4001, "clientMsgId": "a"}, 413, None),
    ],
)
def test_post_message_bad_input(api, register, create_conversation, body, status, field):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    r = api.post(f"/v1/conversations/{c['id']}/messages", body, token=buyer.token)
    assert r.status == status, r.text
    if field:
        assert field in r.error_message


def test_body_limit_counts_characters(api, register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    path = f"/v1/conversations/{c['id']}/messages"
    thumbs = "\U0001F44D\U0001F3FD"  # one Character, two code points, eight UTF-8 bytes
    r = api.post(path, {"body": thumbs * 4000, "clientMsgId": "graphemes"}, token=buyer.token)
    assert r.status == 201, r.text
    assert r.body["body"] == thumbs * 4000
    r = api.post(path, {"body": "y" * 4000, "clientMsgId": "exact"}, token=buyer.token)
    assert r.status == 201
    r = api.post(path, {"body": thumbs * 4001, "clientMsgId": "over"}, token=buyer.token)
    assert r.status == 413 and r.error_code == "too_large"


def _seed(api, account, cid, n):
    out = []
    for i in range(n):
        r = api.post(f"/v1/conversations/{cid}/messages", {"body": f"m{i + 1}", "clientMsgId": f"seed-{i}"}, token=account.token)
        assert r.status == 201
        out.append(r.body)
    return out


def test_history_windows_and_cursors(api, register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    msgs = _seed(api, buyer, c["id"], 7)
    assert [m["seq"] for m in msgs] == list(range(1, 8))
    base = f"/v1/conversations/{c['id']}/messages"

    def seqs(r):
        return [m["seq"] for m in r.body["items"]]

    # newest first page, ascending inside; cursor goes older
    r = api.get(f"{base}?limit=3", token=seller.token)
    assert seqs(r) == [5, 6, 7] and r.body["nextCursor"]
    r = api.get(f"{base}?limit=3&cursor={r.body['nextCursor']}", token=seller.token)
    assert seqs(r) == [2, 3, 4] and r.body["nextCursor"]
    r = api.get(f"{base}?limit=3&cursor={r.body['nextCursor']}", token=seller.token)
    assert seqs(r) == [1] and r.body["nextCursor"] is None

    # afterSeq goes newer
    r = api.get(f"{base}?afterSeq=0&limit=3", token=seller.token)
    assert seqs(r) == [1, 2, 3] and r.body["nextCursor"]
    r = api.get(f"{base}?afterSeq=0&limit=3&cursor={r.body['nextCursor']}", token=seller.token)
    assert seqs(r) == [4, 5, 6] and r.body["nextCursor"]
    r = api.get(f"{base}?afterSeq=0&limit=3&cursor={r.body['nextCursor']}", token=seller.token)
    assert seqs(r) == [7] and r.body["nextCursor"] is None

    r = api.get(f"{base}?afterSeq=4", token=seller.token)
    assert seqs(r) == [5, 6, 7] and r.body["nextCursor"] is None
    r = api.get(f"{base}?afterSeq=7", token=seller.token)
    assert seqs(r) == [] and r.body["nextCursor"] is None

    # beforeSeq
    r = api.get(f"{base}?beforeSeq=5&limit=2", token=seller.token)
    assert seqs(r) == [3, 4] and r.body["nextCursor"]
    r = api.get(f"{base}?beforeSeq=5&limit=2&cursor={r.body['nextCursor']}", token=seller.token)
    assert seqs(r) == [1, 2] and r.body["nextCursor"] is None

    # default limit and an over-large limit
    r = api.get(base, token=seller.token)
    assert seqs(r) == list(range(1, 8)) and r.body["nextCursor"] is None
    r = api.get(f"{base}?limit=1000", token=seller.token)
    assert seqs(r) == list(range(1, 8))

    # the same message through every path
    assert r.body["items"] == msgs


@pytest.mark.parametrize(
    "q",
    [
        "limit=0", "limit=x", "afterSeq=5&beforeSeq=5", "afterSeq=6&beforeSeq=2", "afterSeq=-1", "afterSeq=abc", "beforeSeq=x",
        # a cursor decides the window, but bad seqs beside it are still refused
        "cursor=a1&afterSeq=-1", "cursor=b5&beforeSeq=x", "cursor=a1b9&afterSeq=4&beforeSeq=3", "cursor=", "cursor=a5b5",
    ],
)
def test_history_bad_query_is_400(api, register, create_conversation, q):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    r = api.get(f"/v1/conversations/{c['id']}/messages?{q}", token=buyer.token)
    assert r.status == 400 and r.error_code == "bad_request"


def test_history_limit_over_200_is_200(api, register, create_conversation):
    # 201 messages would trip the send rate limit: check the clamp through the page size of afterSeq instead
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    _seed(api, buyer, c["id"], 3)
    r = api.get(f"/v1/conversations/{c['id']}/messages?limit=201", token=buyer.token)
    assert r.status == 200 and len(r.body["items"]) == 3


def test_read_rules(api, register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    _seed(api, seller, c["id"], 3)
    path = f"/v1/conversations/{c['id']}/read"
    r = api.post(path, {"seq": 2}, token=buyer.token)
    assert r.status == 200 and r.body == {"conversationId": c["id"], "userId": buyer.id, "seq": 2}
    r = api.post(path, {"seq": 1}, token=buyer.token)  # never backwards
    assert r.status == 200 and r.body["seq"] == 2
    r = api.post(path, {"seq": 0}, token=buyer.token)
    assert r.status == 200 and r.body["seq"] == 2
    for bad in [4, -1, "2", None]:
        r = api.post(path, {"seq": bad}, token=buyer.token)
        assert r.status == 400 and r.error_code == "bad_request", (bad, r.text)
    r = api.post(path, {}, token=buyer.token)
    assert r.status == 400 and "seq" in r.error_message


# ------------------------------------------------------------------------------------------ access rules


def test_non_participant_is_403(api, register, create_conversation):
    buyer, seller, stranger = register("buyer"), register("seller"), register("buyer")
    c = create_conversation(buyer, seller)
    base = f"/v1/conversations/{c['id']}"
    for r in [
        api.get(f"{base}/messages", token=stranger.token),
        api.post(f"{base}/messages", {"body": "hi", "clientMsgId": "x"}, token=stranger.token),
        api.post(f"{base}/read", {"seq": 0}, token=stranger.token),
    ]:
        assert r.status == 403 and r.error_code == "forbidden", r.text
    listed = api.get("/v1/conversations", token=stranger.token)
    assert c["id"] not in [x["id"] for x in listed.body["items"]]


def test_unknown_conversation_is_404(api, register):
    acct = register()
    ghost = str(uuid.uuid4())
    for r in [
        api.get(f"/v1/conversations/{ghost}/messages", token=acct.token),
        api.post(f"/v1/conversations/{ghost}/messages", {"body": "hi", "clientMsgId": "x"}, token=acct.token),
        api.post(f"/v1/conversations/{ghost}/read", {"seq": 0}, token=acct.token),
    ]:
        assert r.status == 404 and r.error_code == "not_found", r.text


def test_routes_need_a_token(api):
    ghost = str(uuid.uuid4())
    for r in [
        api.get("/v1/conversations"),
        api.post("/v1/conversations", {"participantIds": []}),
        api.get(f"/v1/conversations/{ghost}/messages"),
        api.post(f"/v1/conversations/{ghost}/messages", {"body": "x", "clientMsgId": "y"}),
        api.post(f"/v1/conversations/{ghost}/read", {"seq": 0}),
    ]:
        assert r.status == 401 and r.error_code == "unauthorized"


def test_admin_reads_but_does_not_write(api, register, create_conversation, send_rest, make_admin):
    admin = make_admin()
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    send_rest(buyer, c["id"], "visible to admins")
    base = f"/v1/conversations/{c['id']}"
    r = api.get(f"{base}/messages", token=admin.token)
    assert r.status == 200 and [m["body"] for m in r.body["items"]] == ["visible to admins"]
    r = api.post(f"{base}/messages", {"body": "admin says", "clientMsgId": "adm"}, token=admin.token)
    assert r.status == 403 and r.error_code == "forbidden"
    r = api.post(f"{base}/read", {"seq": 1}, token=admin.token)
    assert r.status == 403 and r.error_code == "forbidden"


# -------------------------------------------------------------------------------------------- rate limit


def test_rest_sends_are_rate_limited(api, register, create_conversation):
    buyer, seller = register("buyer"), register("seller")
    c = create_conversation(buyer, seller)
    statuses = []
    for i in range(40):
        r = api.post(f"/v1/conversations/{c['id']}/messages", {"body": f"b{i}", "clientMsgId": f"rl-{i}"}, token=buyer.token)
        statuses.append(r.status)
        if r.status == 429:
            assert r.error_code == "rate_limited"
    assert statuses.count(201) >= 20, statuses
    assert 429 in statuses, statuses
    # refused sends were not stored: seqs stay gapless
    hist = api.get(f"/v1/conversations/{c['id']}/messages?limit=200", token=seller.token)
    seqs = [m["seq"] for m in hist.body["items"]]
    assert seqs == list(range(1, statuses.count(201) + 1))
