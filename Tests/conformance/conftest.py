"""Fixtures of the Parley protocol v1 conformance suite.

The suite starts the real `parley` binary, talks to it over real HTTP and WebSocket, and validates every
body and frame it receives against the JSON Schemas in `Protocol/schemas/`.

Environment:
  PARLEY_BIN   the server binary (default: <repo>/.build/debug/parley)
"""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect as ws_client_connect

REPO = Path(__file__).resolve().parents[2]
PROTOCOL = REPO / "Protocol"
SCHEMAS_DIR = PROTOCOL / "schemas"
EXAMPLES_DIR = PROTOCOL / "examples"

# Protocol constants (Protocol/README.md).
STATUS_OF_CODE = {
    "bad_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "too_large": 413,
    "blocked": 422,
    "rate_limited": 429,
    "unavailable": 503,
    "internal": 500,
}
RETRYABLE_CODES = {"rate_limited", "unavailable"}
SERVER_FRAME_TYPES = {
    "welcome", "ack", "error", "pong", "message.new", "typing", "read", "conversation.new", "presence", "resync", "message.updated",
    "notification", "order.status",
}
RESERVED_SERVER_TYPES: set[str] = set()
SUBPROTOCOL = "parley.v1"
DEFAULT_TIMEOUT = 3.0

SERVICE_TOKEN = "service-" + secrets.token_hex(24)  # marketplace backends' credential for pushed order events
JWT_SECRET = "conformance-" + secrets.token_hex(24)  # >= 32 bytes (jwt-kit asserts on shorter HMAC keys)
SERVER_LOG: dict[str, Path] = {}


# --------------------------------------------------------------------------------------------- schemas


class Schemas:
    """All schemas of Protocol/schemas/, in one referencing registry, with a validator per schema."""

    def __init__(self, directory: Path):
        self.by_name: dict[str, dict] = {}
        resources = []
        for path in sorted(directory.glob("*.schema.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            name = path.name[: -len(".schema.json")]
            self.by_name[name] = contents
            resources.append((contents["$id"], Resource.from_contents(contents)))
        self.registry = Registry().with_resources(resources)
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, name: str) -> Draft202012Validator:
        if name not in self._validators:
            if name not in self.by_name:
                raise AssertionError(f"no schema {name}.schema.json in {SCHEMAS_DIR}")
            self._validators[name] = Draft202012Validator(self.by_name[name], registry=self.registry)
        return self._validators[name]

    def errors(self, name: str, instance: Any) -> list[str]:
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in self.validator(name).iter_errors(instance)
        ]

    def check(self, name: str, instance: Any, what: str = "") -> None:
        errs = self.errors(name, instance)
        assert not errs, (
            f"{what or 'instance'} does not match {name}.schema.json:\n  "
            + "\n  ".join(errs)
            + f"\n  instance: {json.dumps(instance)[:2000]}"
        )

    def check_server_frame(self, frame: Any) -> None:
        assert isinstance(frame, dict), f"server frame is not a JSON object: {frame!r}"
        ftype = frame.get("type")
        assert isinstance(ftype, str), f"server frame without string type: {frame!r}"
        if ftype in RESERVED_SERVER_TYPES:
            return  # reserved for later issues: no schema yet
        assert ftype in SERVER_FRAME_TYPES, f"server sent an undocumented frame type {ftype!r}: {frame!r}"
        self.check(f"server.{ftype}", frame, f"server frame {ftype!r}")
        if ftype == "error":
            assert frame["retryable"] == (frame["code"] in RETRYABLE_CODES), frame


_SCHEMAS: Optional[Schemas] = None


def get_schemas() -> Schemas:
    global _SCHEMAS
    if _SCHEMAS is None:
        _SCHEMAS = Schemas(SCHEMAS_DIR)
    return _SCHEMAS


@pytest.fixture(scope="session")
def schemas() -> Schemas:
    return get_schemas()


# ---------------------------------------------------------------------------------------------- server


@dataclass
class Server:
    host: str
    port: int
    data_dir: Path
    binary: Path
    proc: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}/v1/ws"

    def log_tail(self, n: int = 60) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "<no log>"
        return "\n".join(lines[-n:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(data_dir: Path) -> dict[str, str]:
    """The child's environment: no inherited PARLEY_* settings, so every limit is at its default but registrations."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env["PARLEY_BCRYPT_COST"] = "4"
    # the suite registers hundreds of users from one address within minutes
    env["PARLEY_REGISTRATIONS_PER_HOUR"] = "100000"
    env["PARLEY_JWT_SECRET"] = JWT_SECRET
    env["PARLEY_DATA_DIR"] = str(data_dir)
    env["PARLEY_SERVICE_TOKEN"] = SERVICE_TOKEN
    return env


def _healthy(host: str, port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(host, port, timeout=1)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def start_server(base: Path, extra_env: Optional[dict[str, str]] = None, data_dir: Optional[Path] = None) -> Server:
    """Start `parley serve` on a free port with its log in `base`; a fresh data dir unless one is given."""
    binary = Path(os.environ.get("PARLEY_BIN") or REPO / ".build" / "debug" / "parley")
    if not binary.exists():
        pytest.fail(f"server binary {binary} not found: build it (swift build) or set PARLEY_BIN", pytrace=False)
    base.mkdir(parents=True, exist_ok=True)
    if data_dir is None:
        data_dir = base / "data"
        data_dir.mkdir()
    log_path = base / "server.log"
    port = _free_port()
    env = server_env(data_dir)
    env.update(extra_env or {})
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    srv = Server("127.0.0.1", port, data_dir, binary, proc, log_path)
    deadline = time.monotonic() + 30
    while not _healthy(srv.host, port):
        if proc.poll() is not None:
            pytest.fail(f"parley serve exited with {proc.returncode} before /healthz:\n{srv.log_tail()}", pytrace=False)
        if time.monotonic() > deadline:
            stop_server(srv)
            pytest.fail(f"parley serve did not answer GET /healthz within 30 s:\n{srv.log_tail()}", pytrace=False)
        time.sleep(0.1)
    return srv


def stop_server(srv: Server) -> Optional[int]:
    """SIGTERM, then SIGKILL after 10 s; the exit status."""
    proc = srv.proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """The hub on its defaults (only the bcrypt cost lowered and a known JWT secret)."""
    srv = start_server(tmp_path_factory.mktemp("parley"))
    SERVER_LOG["path"] = srv.log_path
    yield srv
    stop_server(srv)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if "path" in SERVER_LOG and exitstatus != 0:
        terminalreporter.write_line(f"parley server log: {SERVER_LOG['path']}")


# ------------------------------------------------------------------------------------------------ REST


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: Any
    text: str

    def header(self, name: str) -> Optional[str]:
        return self.headers.get(name.lower())

    @property
    def error_code(self) -> Optional[str]:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return self.body["error"].get("code")
        return None

    @property
    def error_message(self) -> str:
        return self.body["error"]["message"] if self.error_code else ""


# (method, path regex) -> schema of a successful answer
_ROUTE_SCHEMAS = [
    ("GET", r"/healthz", "health"),
    ("GET", r"/readyz", "health"),
    ("POST", r"/v1/auth/(register|login)", "auth-response"),
    ("GET", r"/v1/me", "user"),
    ("POST", r"/v1/conversations", "conversation"),
    ("GET", r"/v1/conversations", "conversation-list"),
    ("GET", r"/v1/conversations/[^/]+/messages", "message-list"),
    ("POST", r"/v1/conversations/[^/]+/messages", "message"),
    ("POST", r"/v1/conversations/[^/]+/read", "read-receipt"),
    ("GET", r"/v1/moderation/flags", "flag-list"),
    ("GET", r"/v1/moderation/flags/[^/]+", "flag"),
    ("POST", r"/v1/moderation/flags/[^/]+/decision", "flag"),
    ("POST", r"/v1/listings", "listing"),
    ("GET", r"/v1/listings", "listing-list"),
    ("GET", r"/v1/listings/[^/]+", "listing"),
    ("PATCH", r"/v1/listings/[^/]+", "listing"),
    ("GET", r"/v1/listings/[^/]+/reviews", "review-list"),
    ("POST", r"/v1/orders", "order"),
    ("GET", r"/v1/orders", "order-list"),
    ("GET", r"/v1/orders/[^/]+", "order"),
    ("GET", r"/v1/orders/[^/]+/ledger", "ledger"),
    ("POST", r"/v1/orders/[^/]+/transitions", "order"),
    ("POST", r"/v1/orders/[^/]+/review", "review"),
    ("POST", r"/v1/events/order-status", "order-push-answer"),
    ("GET", r"/v1/notifications", "notification-list"),
    ("GET", r"/v1/notifications/unread-count", "notification-count"),
    ("POST", r"/v1/notifications/read-all", "notification-count"),
    ("POST", r"/v1/notifications/[^/]+/read", "notification"),
]


def schema_for_route(method: str, path: str) -> Optional[str]:
    bare = path.split("?", 1)[0]
    for m, pattern, name in _ROUTE_SCHEMAS:
        if m == method and re.fullmatch(pattern, bare):
            return name
    return None


class Api:
    """A small REST client on http.client; validates every answer against the schemas."""

    def __init__(self, server: Server, schemas: Schemas):
        self.server = server
        self.schemas = schemas

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: Optional[str] = None,
        headers: Optional[dict[str, str]] = None,
        raw: Optional[bytes] = None,
        timeout: float = 5.0,
    ) -> Response:
        hdrs = {"Accept": "application/json"}
        data = None
        if raw is not None:
            data = raw
            hdrs["Content-Type"] = "application/json"
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            hdrs["Content-Type"] = "application/json"
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        hdrs.update(headers or {})
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            text = resp.read().decode("utf-8")
            resp_headers = {k.lower(): v for k, v in resp.getheaders()}
            status = resp.status
        finally:
            conn.close()
        parsed: Any = None
        if text:
            try:
                parsed = json.loads(text)
            except ValueError:
                raise AssertionError(f"{method} {path} → {status} with a body that is not JSON: {text[:500]!r}")
        r = Response(status, resp_headers, parsed, text)
        self._validate(method, path, r)
        return r

    def _validate(self, method: str, path: str, r: Response) -> None:
        what = f"{method} {path} → {r.status}"
        if r.status == 204:
            assert r.body is None, f"{what}: a 204 has no body"
            return
        ctype = r.header("content-type") or ""
        assert r.body is not None, f"{what}: empty body"
        assert "json" in ctype, f"{what}: Content-Type {ctype!r} is not JSON"
        bare = path.split("?", 1)[0]
        if bare == "/readyz" and r.status == 503:
            self.schemas.check("health", r.body, what)
            return
        if r.status >= 400:
            self.schemas.check("error-envelope", r.body, what)
            code = r.error_code
            assert STATUS_OF_CODE[code] == r.status, f"{what}: error code {code!r} belongs with {STATUS_OF_CODE[code]}"
            if r.status == 429:
                ra = r.header("retry-after")
                assert ra is not None and ra.strip().isdigit(), f"{what}: 429 without a Retry-After in seconds"
            return
        name = schema_for_route(method, path)
        assert name is not None, f"{what}: success on an undocumented route"
        self.schemas.check(name, r.body, what)

    def get(self, path: str, token: Optional[str] = None, **kw) -> Response:
        return self.request("GET", path, token=token, **kw)

    def post(self, path: str, body: Any = None, token: Optional[str] = None, **kw) -> Response:
        return self.request("POST", path, body=body, token=token, **kw)


@pytest.fixture(scope="session")
def api(server, schemas) -> Api:
    return Api(server, schemas)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


PASSWORD = "correct horse battery"


@dataclass
class Account:
    user: dict
    token: str
    password: str = PASSWORD

    @property
    def id(self) -> str:
        return self.user["id"]

    # allow `user, token = register()`
    def __iter__(self):
        return iter((self.user, self.token))


@pytest.fixture(scope="session")
def register(api) -> Callable[..., Account]:
    def _register(role: str = "buyer", display_name: Optional[str] = None, email: Optional[str] = None) -> Account:
        email = email or unique_email(role)
        r = api.post(
            "/v1/auth/register",
            {"email": email, "password": PASSWORD, "displayName": display_name or f"Test {role}", "role": role},
        )
        assert r.status == 201, f"register → {r.status} {r.text}"
        return Account(r.body["user"], r.body["token"])

    return _register


@pytest.fixture(scope="session")
def create_conversation(api) -> Callable[..., dict]:
    def _create(owner: Account, *others: Account, subject: Optional[str] = None, order_id: Optional[str] = None) -> dict:
        body: dict[str, Any] = {"participantIds": [o.id for o in others]}
        if subject is not None:
            body["subject"] = subject
        if order_id is not None:
            body["orderId"] = order_id
        r = api.post("/v1/conversations", body, token=owner.token)
        assert r.status == 201, f"create conversation → {r.status} {r.text}"
        return r.body

    return _create


@pytest.fixture(scope="session")
def send_rest(api) -> Callable[..., dict]:
    def _send(account: Account, conversation_id: str, body: str, client_msg_id: Optional[str] = None) -> dict:
        r = api.post(
            f"/v1/conversations/{conversation_id}/messages",
            {"body": body, "clientMsgId": client_msg_id or f"rest-{uuid.uuid4().hex}"},
            token=account.token,
        )
        assert r.status == 201, f"send → {r.status} {r.text}"
        return r.body

    return _send


# ------------------------------------------------------------------------------------------------ JWT


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint_token(sub: str, role: str = "buyer", exp_in: float = 3600, secret: str = JWT_SECRET, **extra) -> str:
    """An HS256 token as the hub issues them (the suite starts the hub with a secret it knows)."""
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"sub": sub, "role": role, "iat": now, "exp": int(now + exp_in)}
    claims.update(extra)
    signing_input = _b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + _b64url(
        json.dumps(claims, separators=(",", ":")).encode()
    )
    sig = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64url(sig)


@pytest.fixture(scope="session")
def mint():
    return mint_token


# ------------------------------------------------------------------------------------------ WebSocket


class Closed(Exception):
    def __init__(self, code: Optional[int], reason: str = ""):
        super().__init__(f"connection closed with {code} {reason!r}")
        self.code = code
        self.reason = reason


class WS:
    """A protocol v1 client: validates every received frame, keeps frames it skipped for later matches."""

    def __init__(self, conn, schemas: Schemas, expect_welcome: bool = True):
        self.conn = conn
        self.schemas = schemas
        self.backlog: collections.deque[dict] = collections.deque()
        self.received: list[dict] = []
        self.welcome: Optional[dict] = None
        self._ids = 0
        if expect_welcome:
            first = self._recv_one(5.0)
            assert first.get("type") == "welcome", f"first frame is not welcome: {first}"
            self.welcome = first

    @property
    def subprotocol(self) -> Optional[str]:
        return self.conn.subprotocol

    def next_id(self, prefix: str = "f") -> str:
        self._ids += 1
        return f"{prefix}{self._ids}"

    # sending
    def send(self, frame: dict) -> None:
        self.conn.send(json.dumps(frame, ensure_ascii=False, separators=(",", ":")))

    def send_text(self, text: str) -> None:
        self.conn.send(text)

    def send_bytes_as_text(self, data: bytes) -> None:
        self.conn.send(data, text=True)

    def send_binary(self, data: bytes) -> None:
        self.conn.send(data)

    # receiving
    def _recv_one(self, timeout: float) -> dict:
        try:
            raw = self.conn.recv(timeout=timeout)
        except TimeoutError:
            raise
        except ConnectionClosed as e:
            rcvd = e.rcvd
            raise Closed(rcvd.code if rcvd else None, rcvd.reason if rcvd else "") from None
        assert isinstance(raw, str), f"server sent a binary frame: {raw[:200]!r}"
        try:
            frame = json.loads(raw)
        except ValueError:
            raise AssertionError(f"server sent a text frame that is not JSON: {raw[:500]!r}")
        self.schemas.check_server_frame(frame)
        self.received.append(frame)
        return frame

    def recv(self, timeout: float = DEFAULT_TIMEOUT) -> dict:
        if self.backlog:
            return self.backlog.popleft()
        return self._recv_one(timeout)

    def wait_for(self, pred: Callable[[dict], bool], timeout: float = DEFAULT_TIMEOUT, what: str = "frame") -> dict:
        for i, f in enumerate(self.backlog):
            if pred(f):
                del self.backlog[i]
                return f
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {what} within {timeout}s; pending: {list(self.backlog)[-10:]}")
            try:
                f = self._recv_one(left)
            except TimeoutError:
                raise AssertionError(f"no {what} within {timeout}s; pending: {list(self.backlog)[-10:]}") from None
            if pred(f):
                return f
            self.backlog.append(f)

    def expect(self, ftype: str, timeout: float = DEFAULT_TIMEOUT, **fields) -> dict:
        def pred(f):
            return f.get("type") == ftype and all(f.get(k) == v for k, v in fields.items())

        return self.wait_for(pred, timeout, what=f"{ftype!r} {fields or ''}")

    def ack_for(self, frame_id: str, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """The answer (ack, error or pong) to the frame with this id; unrelated events are kept for later."""
        return self.wait_for(
            lambda f: f.get("id") == frame_id and f.get("type") in ("ack", "error", "pong"),
            timeout,
            what=f"answer to id {frame_id!r}",
        )

    def call(self, frame: dict, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """Send a frame (giving it an id if it has none) and return its answer."""
        frame = dict(frame)
        frame.setdefault("id", self.next_id())
        self.send(frame)
        return self.ack_for(frame["id"], timeout)

    def ok(self, frame: dict, timeout: float = DEFAULT_TIMEOUT) -> dict:
        answer = self.call(frame, timeout)
        assert answer["type"] == ("pong" if frame["type"] == "ping" else "ack"), f"{frame} → {answer}"
        return answer

    def subscribe(self, channel: str, after_seq: Optional[int] = None) -> dict:
        frame: dict[str, Any] = {"type": "subscribe", "channel": channel}
        if after_seq is not None:
            frame["afterSeq"] = after_seq
        ack = self.ok(frame)
        assert ack.get("channel") == channel, ack
        return ack

    def collect(self, pred: Callable[[dict], bool], duration: float) -> list[dict]:
        """Every frame matching pred that arrives (or is pending) within `duration` seconds; others stay pending."""
        got = [f for f in self.backlog if pred(f)]
        self.backlog = collections.deque(f for f in self.backlog if not pred(f))
        deadline = time.monotonic() + duration
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return got
            try:
                f = self._recv_one(left)
            except TimeoutError:
                return got
            if pred(f):
                got.append(f)
            else:
                self.backlog.append(f)

    def assert_none(self, pred: Callable[[dict], bool], within: float = 0.5, what: str = "frame") -> None:
        got = self.collect(pred, within)
        assert not got, f"unexpected {what}: {got}"

    def expect_close(self, timeout: float = 5.0) -> Optional[int]:
        """Read until the server closes; the close code it sent (None when it sent no close frame)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"connection still open after {timeout}s; frames meanwhile: {list(self.backlog)[-5:]}")
            try:
                self.backlog.append(self._recv_one(left))
            except Closed as c:
                return c.code
            except TimeoutError:
                raise AssertionError(
                    f"connection still open after {timeout}s; frames meanwhile: {list(self.backlog)[-5:]}"
                ) from None

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:
            pass


def open_ws(
    server: Server,
    token: Optional[str],
    via: str = "header",
    subprotocols: Optional[list[str]] = (SUBPROTOCOL,),
    timeout: float = 5.0,
):
    url = server.ws_url
    headers = {}
    if token is not None:
        if via == "query":
            url += f"?access_token={token}"
        else:
            headers["Authorization"] = f"Bearer {token}"
    return ws_client_connect(
        url,
        additional_headers=headers,
        subprotocols=list(subprotocols) if subprotocols else None,
        compression=None,
        proxy=None,
        open_timeout=timeout,
        close_timeout=2,
        ping_interval=None,
        max_size=4 * 1024 * 1024,
    )


@pytest.fixture
def ws_connect(server, schemas):
    """Factory: ws_connect(token, via="header"|"query", subprotocols=[...]) → WS with its welcome read."""
    opened: list[WS] = []

    def _connect(token: str, via: str = "header", subprotocols=(SUBPROTOCOL,), expect_welcome: bool = True) -> WS:
        conn = open_ws(server, token, via=via, subprotocols=subprotocols)
        ws = WS(conn, schemas, expect_welcome=expect_welcome)
        opened.append(ws)
        return ws

    yield _connect
    for ws in opened:
        ws.close()


@pytest.fixture
def pair(register, create_conversation, ws_connect):
    """A buyer and a seller, a conversation between them, and one socket each subscribed to it."""

    @dataclass
    class Pair:
        buyer: Account
        seller: Account
        conversation: dict
        ws_buyer: WS
        ws_seller: WS

        @property
        def cid(self) -> str:
            return self.conversation["id"]

        @property
        def channel(self) -> str:
            return f"conversation:{self.cid}"

    buyer = register("buyer")
    seller = register("seller")
    conv = create_conversation(buyer, seller, subject="conformance")
    wb = ws_connect(buyer.token)
    wsel = ws_connect(seller.token)
    wb.subscribe(f"conversation:{conv['id']}")
    wsel.subscribe(f"conversation:{conv['id']}")
    return Pair(buyer, seller, conv, wb, wsel)


def send_frame(conversation_id: str, body: str, client_msg_id: Optional[str] = None, frame_id: Optional[str] = None) -> dict:
    f = {
        "type": "message.send",
        "conversationId": conversation_id,
        "body": body,
        "clientMsgId": client_msg_id or f"ws-{uuid.uuid4().hex}",
    }
    if frame_id:
        f["id"] = frame_id
    return f


def create_admin(srv: Server, api: "Api") -> Account:
    """An admin account created with `parley users create … --role admin` against the server's data dir."""
    email = unique_email("admin")
    base = [str(srv.binary), "users", "create", "--email", email, "--password", PASSWORD, "--role", "admin"]
    env = server_env(srv.data_dir)
    attempts = [base + ["--data-dir", str(srv.data_dir)], base]
    outputs = []
    for cmd in attempts:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
        outputs.append(f"$ {' '.join(cmd)}\n→ {p.returncode}\n{p.stdout}{p.stderr}")
        if p.returncode == 0:
            break
    else:
        pytest.fail("could not create an admin:\n" + "\n".join(outputs), pytrace=False)
    r = api.post("/v1/auth/login", {"email": email, "password": PASSWORD})
    assert r.status == 200, f"admin login → {r.status} {r.text}"
    assert r.body["user"]["role"] == "admin"
    return Account(r.body["user"], r.body["token"])


@pytest.fixture(scope="session")
def make_admin(server, api) -> Callable[[], Account]:
    """A factory of admin accounts on the session's server."""
    return lambda: create_admin(server, api)
