"""Runs schemathesis (`--checks all`) against a live hub with `Protocol/openapi.yaml`; exits non-zero on any failure.

    PARLEY_BIN=.build/debug/parley python3 Tests/conformance/openapi_fuzz/run.py [extra schemathesis options]

It starts `parley serve` the way the conformance suite does (conftest.py), with the rate limits out of the way,
creates the test data of `seed.py`, writes a schemathesis configuration naming it, and runs the CLI with the hooks
of `hooks.py`. Environment: PARLEY_FUZZ_EXAMPLES (examples per operation and phase, default 50),
PARLEY_FUZZ_SEED (a fixed seed to replay a run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from conftest import PROTOCOL, Api, get_schemas, start_server, stop_server  # noqa: E402
from seed import seed  # noqa: E402

# The hub under test keeps every check of its defaults but the rates: schemathesis sends hundreds of requests a minute
# from one address and one account.
HUB_SETTINGS = {
    "PARLEY_RATE_LIMIT": "100000",
    "PARLEY_RATE_BURST": "100000",
    "PARLEY_CONVERSATIONS_PER_HOUR": "1000000",
    "PARLEY_LOGIN_FAILURES": "1000000",
    "PARLEY_LOGIN_FAILURES_PER_IP": "1000000",
}

# Statuses a schema-invalid request may get; the default list plus 413 (`too_large`: a body over a size limit).
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def configuration(base_url: str, data) -> str:
    lines = [
        f"base-url = {toml_string(base_url)}",
        "[auth.openapi.bearer]",
        f"bearer = {toml_string(data.token)}",
        "[checks.negative_data_rejection]",
        f"expected-statuses = {json.dumps(REJECTIONS)}",
    ]
    dictionaries = []
    for n, op in enumerate(data.operations):
        lines.append("[[operations]]")
        if op.path:
            lines.append(f"include-path = {toml_string(op.path)}")
        if op.path_regex:
            lines.append(f"include-path-regex = {toml_string(op.path_regex)}")
        if not op.enabled:
            lines.append("enabled = false")
        if op.token:
            lines.append(f"headers = {{ Authorization = {toml_string('Bearer ' + op.token)} }}")
        pairs = [f"{toml_string(k)} = {toml_string(v)}" for k, v in op.parameters.items()]
        for i, (key, values) in enumerate(op.samples.items()):
            name = f"samples-{n}-{i}"
            dictionaries.append((name, values))
            pairs.append(f"{toml_string(key)} = {{ dictionary = {toml_string(name)}, probability = 0.5 }}")
        if pairs:
            lines.append(f"parameters = {{ {', '.join(pairs)} }}")
    # dictionaries sit at the top level; TOML wants them before the first [[operations]] table
    head = [f"dictionaries.{toml_string(name)}.values = {json.dumps(values)}" for name, values in dictionaries]
    return "\n".join(head + lines) + "\n"


def main(argv: list[str]) -> int:
    work = Path(tempfile.mkdtemp(prefix="parley-fuzz-"))
    server = start_server(work / "hub", extra_env=HUB_SETTINGS)
    status = 1
    try:
        data = seed(server, Api(server, get_schemas()))
        config = work / "schemathesis.toml"
        config.write_text(configuration(server.base_url, data), encoding="utf-8")
        examples = os.environ.get("PARLEY_FUZZ_EXAMPLES", "50")
        command = [
            sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run", str(PROTOCOL / "openapi.yaml"),
            "--checks", "all", "--max-examples", examples, "--workers", "1", "--no-color",
        ]
        if os.environ.get("PARLEY_FUZZ_SEED"):
            command += ["--seed", os.environ["PARLEY_FUZZ_SEED"]]
        command += argv
        env = dict(os.environ, **data.environment, SCHEMATHESIS_HOOKS="hooks", PYTHONPATH=os.pathsep.join([str(HERE), str(HERE.parent)]))
        started = time.monotonic()
        status = subprocess.run(command, env=env, cwd=work).returncode
        print(f"schemathesis exited {status} after {time.monotonic() - started:.0f} s", flush=True)
        return status
    finally:
        stop_server(server)
        if server.proc.returncode not in (0, None):
            print(f"parley serve exited {server.proc.returncode}; log {server.log_path}:\n{server.log_tail()}")
            status = 1
        if status == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept for a look: {work} (hub log and schemathesis configuration)", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
