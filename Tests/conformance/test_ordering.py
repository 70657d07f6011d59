"""The documented client algorithm for live messages (Protocol/README.md, "Applying live messages"): a contiguous
watermark per conversation, messages above it held until the gap closes, and a gap that stays open filled from
history with `afterSeq` and `beforeSeq`. Under concurrent senders it must end with every message exactly once."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from conftest import Api, WS, open_ws, send_frame, start_server, stop_server


@pytest.fixture(scope="module")
def busy(tmp_path_factory, schemas):
    """A hub whose send and frame limits are out of the way of three fast senders."""
    srv = start_server(
        tmp_path_factory.mktemp("parley-order"),
        {
            "PARLEY_RATE_LIMIT": "10000", "PARLEY_RATE_BURST": "10000",
            "PARLEY_MAX_FRAMES_PER_SECOND": "10000", "PARLEY_FRAME_BURST": "10000",
        },
    )
    yield srv, Api(srv, schemas)
    stop_server(srv)


class Follower:
    """The documented algorithm, for one conversation."""

    def __init__(self, api: Api, token: str, cid: str):
        self.api, self.token, self.cid = api, token, cid
        self.applied = 0  # every seq up to here is applied
        self.waiting: dict[int, dict] = {}  # received above the watermark
        self.log: list[int] = []  # seqs in the order they were applied
        self.gap_fills = 0

    def receive(self, message: dict) -> None:
        seq = message["seq"]
        if seq <= self.applied or seq in self.waiting:
            return  # a duplicate (recovered and live, or a retried fill)
        self.waiting[seq] = message
        self._advance()

    def _advance(self) -> None:
        while self.applied + 1 in self.waiting:
            self.waiting.pop(self.applied + 1)
            self.applied += 1
            self.log.append(self.applied)

    def fill_gap(self) -> None:
        """History strictly between the watermark and the lowest waiting seq; what it does not return was held."""
        if not self.waiting:
            return
        self.gap_fills += 1
        upper = min(self.waiting)
        query = f"afterSeq={self.applied}&beforeSeq={upper}&limit=200"
        while True:
            r = self.api.get(f"/v1/conversations/{self.cid}/messages?{query}", token=self.token)
            assert r.status == 200, r.body
            for message in r.body["items"]:
                self.waiting.setdefault(message["seq"], message)
            if not r.body["nextCursor"]:
                break
            query = f"cursor={r.body['nextCursor']}&limit=200"
        for seq in range(self.applied + 1, upper):
            if seq not in self.waiting:
                self.applied = seq  # held by moderation: never visible to this client
                self.log.append(-seq)
        self._advance()


def test_the_documented_algorithm_loses_nothing_under_concurrent_senders(busy, schemas):
    srv, api = busy
    users = []
    for role in ("buyer", "seller", "seller", "buyer"):
        r = api.post(
            "/v1/auth/register",
            {"email": f"o{uuid.uuid4().hex[:10]}@example.com", "password": "password123", "displayName": "O", "role": role},
        )
        assert r.status == 201, r.body
        users.append((r.body["user"]["id"], r.body["token"]))
    (watcher_id, watcher_token), *senders = users
    cid = api.post(
        "/v1/conversations", {"participantIds": [uid for uid, _ in senders]}, token=watcher_token
    ).body["id"]

    watcher = WS(open_ws(srv, watcher_token), schemas)
    watcher.subscribe(f"conversation:{cid}")
    follower = Follower(api, watcher_token, cid)
    per_sender = 40
    errors: list[str] = []

    def send_all(token: str, name: str) -> None:
        ws = WS(open_ws(srv, token), schemas)
        try:
            for i in range(per_sender):
                frame = send_frame(cid, f"{name}-{i}")
                frame["id"] = f"{name}-{i}"
                ws.send(frame)  # no waiting for acks: the sends of three sockets overlap
            for i in range(per_sender):
                answer = ws.ack_for(f"{name}-{i}", timeout=30)
                if answer["type"] != "ack":
                    errors.append(f"{name}-{i}: {answer}")
        finally:
            ws.close()

    threads = [threading.Thread(target=send_all, args=(token, f"s{n}")) for n, (_, token) in enumerate(senders)]
    for t in threads:
        t.start()
    total = per_sender * len(senders)
    deadline = time.monotonic() + 60
    last_progress = time.monotonic()
    while follower.applied < total and time.monotonic() < deadline:
        frames = watcher.collect(lambda f: f.get("type") == "message.new" and f.get("conversationId") == cid, 0.2)
        before = follower.applied
        for frame in frames:
            follower.receive(frame["message"])
        if follower.applied > before:
            last_progress = time.monotonic()
        elif follower.waiting and time.monotonic() - last_progress > 1.0:
            follower.fill_gap()  # a gap that stayed open for a second
            last_progress = time.monotonic()
    for t in threads:
        t.join(timeout=60)
    watcher.close()

    assert not errors, errors[:5]
    assert follower.applied == total, f"applied {follower.applied} of {total}; waiting {sorted(follower.waiting)[:10]}"
    assert follower.log == list(range(1, total + 1)), "every seq applied once, in order"
    history = api.get(f"/v1/conversations/{cid}/messages?afterSeq=0&limit=200", token=watcher_token).body["items"]
    assert sorted(m["body"] for m in history) == sorted(f"s{n}-{i}" for n in range(len(senders)) for i in range(per_sender))
    # a client that sees only the newest message first fills the whole gap below it from history
    late = Follower(api, watcher_token, cid)
    late.receive(max(history, key=lambda m: m["seq"]))
    assert late.applied == 0 and len(late.waiting) == 1
    late.fill_gap()
    assert late.applied == total and late.log == list(range(1, total + 1))
