"""The protocol files themselves: schemas are valid and consistent, examples validate, invalid examples are invalid.

These tests need no server.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import EXAMPLES_DIR, PROTOCOL, SCHEMAS_DIR, STATUS_OF_CODE, get_schemas

CLIENT_TYPES = ["subscribe", "unsubscribe", "message.send", "typing", "read", "ping", "auth.refresh"]
SERVER_TYPES = ["welcome", "ack", "error", "pong", "message.new", "typing", "read", "conversation.new", "notification"]
SHARED = ["message", "conversation", "user", "error-envelope", "notification", "notification-list", "notification-count"]
SCHEMA_FILES = sorted(SCHEMAS_DIR.glob("*.schema.json"))
EXAMPLE_FILES = sorted(EXAMPLES_DIR.glob("*.json"))
INVALID_FILES = sorted((EXAMPLES_DIR / "invalid").glob("*.json"))


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


@pytest.mark.parametrize(
    "name", [f"client.{t}" for t in CLIENT_TYPES] + [f"server.{t}" for t in SERVER_TYPES] + SHARED
)
def test_required_schema_exists(name):
    assert (SCHEMAS_DIR / f"{name}.schema.json").is_file()


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path: Path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    assert schema.get("$id") == f"https://parley.dev/schemas/{path.name}"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_refs_resolve(path: Path):
    schemas = get_schemas()
    schema = json.loads(path.read_text(encoding="utf-8"))
    resolver = schemas.registry.resolver(base_uri=schema["$id"])
    for ref in _refs(schema):
        assert not ref.startswith("http"), f"{path.name}: use relative $refs by file name, got {ref}"
        if ref.startswith("#"):
            continue
        resolver.lookup(ref)  # raises when the target does not exist


@pytest.mark.parametrize("name", [f"server.{t}" for t in SERVER_TYPES] + [f"client.{t}" for t in CLIENT_TYPES])
def test_frames_allow_extension(name):
    """Frames may gain fields later: no frame schema forbids additional properties."""
    schema = get_schemas().by_name[name]
    assert schema.get("additionalProperties", True) is not False
    assert schema["properties"]["type"] == {"const": name.split(".", 1)[1]}


def schema_name_of_example(path: Path, frame: dict) -> str:
    direction = path.name.split(".", 1)[0]
    assert direction in ("client", "server"), f"{path.name}: name must start with client. or server."
    return f"{direction}.{frame['type']}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_validates(path: Path):
    frame = json.loads(path.read_text(encoding="utf-8"))
    name = schema_name_of_example(path, frame)
    stem = path.name[: -len(".json")]
    assert stem == name or stem.startswith(name + "."), f"{path.name} does not start with its schema name {name}"
    get_schemas().check(name, frame, path.name)
    if name == "server.error":
        assert frame["retryable"] == (frame["code"] in ("rate_limited", "unavailable"))


@pytest.mark.parametrize("name", [f"client.{t}" for t in CLIENT_TYPES] + [f"server.{t}" for t in SERVER_TYPES])
def test_every_frame_has_an_example(name):
    found = [p for p in EXAMPLE_FILES if p.name == f"{name}.json" or p.name.startswith(f"{name}.")]
    found = [p for p in found if schema_name_of_example(p, json.loads(p.read_text())) == name]
    assert found, f"no example for {name} in {EXAMPLES_DIR}"


def test_there_are_invalid_examples():
    assert len(INVALID_FILES) >= 5


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_invalid_example_is_documented_and_invalid(path: Path):
    spec = json.loads(path.read_text(encoding="utf-8"))
    assert set(spec) <= {"frame", "expectCode", "expectId", "description"}, spec.keys()
    assert spec["expectCode"] in STATUS_OF_CODE
    assert isinstance(spec.get("description"), str) and spec["description"]
    frame = spec["frame"]
    assert isinstance(frame, (str, dict))
    if "expectId" in spec:
        assert isinstance(frame, dict) and frame.get("id") == spec["expectId"]
    if isinstance(frame, str):
        try:
            parsed = json.loads(frame)
        except ValueError:
            return  # not JSON at all: invalid by construction
        assert not isinstance(parsed, dict), "a string frame must be non-JSON or a non-object"
        return
    ftype = frame.get("type")
    if isinstance(ftype, str) and ftype in CLIENT_TYPES:
        errs = get_schemas().errors(f"client.{ftype}", frame)
        assert errs, f"{path.name} is valid against client.{ftype}.schema.json but should be refused"


def test_openapi_references_existing_schemas():
    text = (PROTOCOL / "openapi.yaml").read_text(encoding="utf-8")
    refs = re.findall(r'\$ref:\s*"\./schemas/([^"]+)"', text)
    assert refs
    for r in refs:
        file, _, pointer = r.partition("#")
        assert (SCHEMAS_DIR / file).is_file(), r
        node = json.loads((SCHEMAS_DIR / file).read_text(encoding="utf-8"))
        for part in [p for p in pointer.split("/") if p]:
            assert isinstance(node, dict) and part in node, f"{r}: no {part!r}"
            node = node[part]
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load(text)
    assert doc["openapi"].startswith("3.1")
    for path in ["/v1/auth/register", "/v1/auth/login", "/v1/me", "/v1/conversations",
                 "/v1/conversations/{id}/messages", "/v1/conversations/{id}/read", "/healthz", "/readyz"]:
        assert path in doc["paths"], path


def test_readme_documents_codes_settings_and_frames():
    text = (PROTOCOL / "README.md").read_text(encoding="utf-8")
    for code in STATUS_OF_CODE:
        assert f"`{code}`" in text, code
    for setting in ["--max-frame-bytes", "--max-body-chars", "--max-participants", "--rate-limit", "--rate-burst",
                    "--outbound-queue", "--ping-interval", "--token-ttl"]:
        assert setting in text, setting
    for close in ["1000", "1001", "1003", "1007", "1008", "1009", "1011", "1013", "4001"]:
        assert f"| {close} |" in text, close
    for t in set(CLIENT_TYPES) | set(SERVER_TYPES) | {"order.status", "notification", "presence", "message.updated", "resync"}:
        assert f"`{t}`" in text, t


def test_openapi_document_is_valid():
    """The whole document, with the schemas its relative `$ref`s name, passes openapi-spec-validator."""
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    document, base_uri = read_from_filename(str(PROTOCOL / "openapi.yaml"))
    validate(document, base_uri=base_uri)
