"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by run.py).

`Protocol/openapi.yaml` declares every rule of the hub that JSON Schema can say. A few rules it cannot: lengths in
UTF-8 bytes or in grapheme clusters, one field compared with another, and the state of the hub (a read position
cannot pass the conversation's last seq). A request schemathesis generates as *valid* that breaks one of those is
dropped here, so "schema-valid but refused" failures stay real ones. Negative (invalid) requests are never touched.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata

import schemathesis

# The seeded conversation's last seq (seed.py): a read position up to it is accepted.
LAST_SEQ = int(os.environ.get("PARLEY_FUZZ_LAST_SEQ", "0"))

# Unicode White_Space, which the hub's `Character.isWhitespace` tests.
WHITE_SPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)}


def _positive(case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _utf8(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _has_visible_character(text: str) -> bool:
    """Whether some grapheme cluster starts with a non-white-space scalar (marks and format characters extend the
    cluster before them, so they count as nothing here)."""
    return any(ch not in WHITE_SPACE and unicodedata.category(ch) not in ("Mn", "Mc", "Me", "Cf") for ch in text)


def _cursor_ok(cursor: str) -> bool:
    m = re.fullmatch(r"a([0-9]+)b([0-9]+)", cursor)
    return m is None or int(m.group(1)) < int(m.group(2))


# The marketplace's texts that must hold a visible character (`TextRules.checkText`), by operation.
VISIBLE_TEXT_FIELDS = {
    ("POST", "/v1/listings"): ("title", "description", "city"),
    ("PATCH", "/v1/listings/{id}"): ("title", "description", "city"),
    ("POST", "/v1/orders"): ("note",),
    ("POST", "/v1/orders/{id}/review"): ("comment",),
    ("POST", "/v1/events/order-status"): ("orderId", "buyerId", "sellerId"),
}


def _body_ok(path: str, method: str, body) -> bool:
    if not isinstance(body, dict):
        return True
    for name in VISIBLE_TEXT_FIELDS.get((method, path), ()):
        text = body.get(name)
        # an empty review comment is no comment
        if isinstance(text, str) and not (name == "comment" and text == "") and not _has_visible_character(text):
            return False
    if (method, path) == ("POST", "/v1/auth/register"):
        password, email = body.get("password"), body.get("email")
        if isinstance(password, str) and not 8 <= _utf8(password) <= 72:
            return False
        if isinstance(email, str) and _utf8(email.lower()) > 254:
            return False
    if (method, path) == ("POST", "/v1/conversations/{id}/messages"):
        text = body.get("body")
        if isinstance(text, str) and not _has_visible_character(text):
            return False
    return True


def _integer(value):
    """A query value as the hub reads it (the coverage phase passes them as text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
        return int(value)
    return None


def _query_ok(path: str, query) -> bool:
    if path != "/v1/conversations/{id}/messages" or not query:
        return True
    after, before, cursor = _integer(query.get("afterSeq")), _integer(query.get("beforeSeq")), query.get("cursor")
    if after is not None and before is not None and after >= before:
        return False
    return not isinstance(cursor, str) or _cursor_ok(cursor)


@schemathesis.hook
def filter_case(context, case) -> bool:
    if not _positive(case):
        return True
    path, method = case.operation.path, case.method.upper()
    return _body_ok(path, method, case.body) and _query_ok(path, case.query)


@schemathesis.hook
def map_case(context, case):
    """A valid read position is at most the seeded conversation's last seq."""
    if _positive(case) and case.operation.path == "/v1/conversations/{id}/read" and isinstance(case.body, dict):
        seq = case.body.get("seq")
        # JSON Schema counts 89.0 as an integer, and so does the hub
        if isinstance(seq, (int, float)) and not isinstance(seq, bool) and math.isfinite(seq) and seq == int(seq) and seq > LAST_SEQ:
            case.body["seq"] = int(seq) % (LAST_SEQ + 1)
    return case
