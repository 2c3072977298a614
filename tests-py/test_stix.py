"""STIX 2.1 export: `leaktrace case export CASE --stix OUT` writes a bundle that the OASIS
validator (PyPI `stix2-validator`, module `stix2validator`, which checks the STIX 2.1 JSON schemas
and the specification's SHOULDs) accepts, with SCO ids that are the UUIDv5 the specification
defines (recomputed here independently).

The case is made through the CLI (`_make_case` below is the one place that knows those commands).
A missing validator module is a failure (scripts/install-test-deps installs it).
"""
from __future__ import annotations

import json
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from conftest import binary_path

STIX_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")

# ID contributing properties of the SCO types LeakTrace writes (STIX 2.1 §6).
CONTRIBUTING = {
    "ipv4-addr": ["value"],
    "ipv6-addr": ["value"],
    "domain-name": ["value"],
    "url": ["value"],
    "email-addr": ["value"],
    "file": ["hashes", "name", "extensions", "parent_directory_ref"],
    "user-account": ["account_type", "user_id", "account_login"],
    "x-leaktrace-cryptocurrency-wallet": ["address"],
}

# Synthetic observables (documentation address ranges and example domains only).
OBSERVABLES = [
    ("ipv4-addr", "198.51.100.3", None),
    ("ipv6-addr", "2001:db8::1", None),
    ("domain-name", "leak-market.example", None),
    ("url", "http://leak-market.example/t/listing?id=42", None),
    ("email-addr", "seller@mail.example", None),
    ("file-sha256", "ab" * 32, None),
    ("forum-handle", "d4ta_k1ng", "BreachForums"),
    ("cryptocurrency-wallet", "bc1qexampleexampleexampleexample0000", "BTC"),
]


def _validator():
    try:
        import stix2validator  # noqa: F401
    except ImportError:
        pytest.fail("stix2validator not installed: pip install stix2-validator (scripts/install-test-deps)",
                    pytrace=False)
    import stix2validator
    return stix2validator


def _ok(r, what):
    assert r.returncode == 0, f"{what} failed ({r.returncode}): {(r.stderr or r.stdout).decode(errors='replace')[-2000:]}"
    return r.stdout.decode(errors="replace")


def _common(work: Path) -> list[str]:
    """The case database, vault and audit key under the test's directory, acting as `dpo1`."""
    return ["--database", str(work / "cases.sqlite"), "--vault", str(work / "vault"),
            "--audit-key", str(work / "audit.key"), "--as", "dpo1"]


def _make_case(run, work: Path) -> str:
    """Bootstraps an organisation and its DPO, opens a case with one observable of each kind
    through the CLI, and returns the case id."""
    common = _common(work)
    _ok(run(["org", "add", "telco-a", "--name", "Telco A", *common[:-2]], cwd=work, timeout=120), "org add")
    r = subprocess.run([str(binary_path()), "user", "add", "dpo1", "--org", "telco-a", "--role", "dpo",
                        "--password-stdin", "--bcrypt-cost", "4", *common[:-2]],
                       input=b"a long test passphrase\n", capture_output=True, timeout=120, cwd=work)
    _ok(r, "user add")
    out = _ok(run(["case", "new", "--title", "Subscriber list offered for sale", *common], cwd=work, timeout=120),
              "case new")
    m = re.search(r"LT-\d{4}-\d{4}", out)
    assert m, f"case new printed no case id: {out[:500]}"
    case_id = m.group(0)
    for kind, value, network in OBSERVABLES:
        args = ["case", "observable", case_id, "--kind", kind, "--value", value, *common]
        if network:
            args += ["--network", network]
        _ok(run(args, cwd=work, timeout=120), f"case observable {kind}")
    return case_id


def _check_ids(bundle: dict):
    for obj in bundle["objects"]:
        t = obj["type"]
        if t not in CONTRIBUTING:
            continue
        contributing = {k: obj[k] for k in CONTRIBUTING[t] if k in obj}
        if t == "file" and "hashes" in contributing:
            contributing["hashes"] = {"SHA-256": contributing["hashes"]["SHA-256"]}
        name = json.dumps(contributing, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        expected = f"{t}--{uuid.uuid5(STIX_NAMESPACE, name)}"
        assert obj["id"] == expected, f"{t} id is not the UUIDv5 of its contributing properties"


def validate_bundle(path: Path):
    """Asserts the bundle is valid STIX 2.1; returns the warnings (as strings)."""
    v = _validator()
    options = v.ValidationOptions(version="2.1")
    results = v.validate_file(str(path), options)
    messages = []
    for obj in results.object_results:
        messages += [f"ERROR {obj.object_id}: {e}" for e in obj.errors]
    if results.fatal:
        messages.append(f"FATAL: {results.fatal.message}")
    assert results.is_valid, "STIX validation failed:\n" + "\n".join(messages)
    warnings = [f"{o.object_id}: {w}" for o in results.object_results for w in o.warnings]
    # The two SHOULD-level warnings LeakTrace knowingly leaves (errors only under --strict):
    # - a forum's name as account_type: an open-vocabulary value outside account-type-ov, needed
    #   so one handle on two forums is two objects (account_type is ID contributing);
    # - the wallet SCO's UUIDv5: STIX 2.1 §2.9 gives every SCO with ID contributing properties a
    #   UUIDv5, custom ones included; the validator knows only the built-in SCOs and expects v4.
    unexpected = [w for w in warnings
                  if "account-type-ov" not in w
                  and not ("x-leaktrace-cryptocurrency-wallet--" in w and "UUIDv4" in w)]
    assert not unexpected, "unexpected STIX warnings:\n" + "\n".join(unexpected)
    bundle = json.loads(path.read_text(encoding="utf-8"))
    _check_ids(bundle)
    return bundle


def test_case_export_stix_validates(run, tmp_path):
    case_id = _make_case(run, tmp_path)
    out = tmp_path / "bundle.json"
    _ok(run(["case", "export", case_id, "--stix", str(out), *_common(tmp_path)], cwd=tmp_path, timeout=120), "case export --stix")
    bundle = validate_bundle(out)
    types = {o["type"] for o in bundle["objects"]}
    assert {"identity", "report", "indicator", "marking-definition", "ipv4-addr", "domain-name", "url",
            "file", "user-account", "x-leaktrace-cryptocurrency-wallet", "extension-definition"} <= types, types
    patterns = {o["pattern"] for o in bundle["objects"] if o["type"] == "indicator"}
    assert "[ipv4-addr:value = '198.51.100.3']" in patterns
    # The same case exported twice gives the same SCO ids.
    again = tmp_path / "again.json"
    _ok(run(["case", "export", case_id, "--stix", str(again), *_common(tmp_path)], cwd=tmp_path, timeout=120), "second export")
    ids = lambda b: sorted(o["id"] for o in b["objects"] if o["type"] in CONTRIBUTING)  # noqa: E731
    assert ids(bundle) == ids(json.loads(again.read_text(encoding="utf-8")))
