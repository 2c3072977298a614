"""Source attribution at the CLI: sketch two synthetic organisations, attribute a mixed leak,
check the JSON against the known mix, and grep every sketch file for each canonical identifier
(from `scan --emit-identifiers`, an independent path) and its unkeyed MD5, SHA-1 and SHA-256 hex.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROWS = 3000


def _ok(p):
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    return p


def test_sketch_attribute_and_no_identifier_in_sketches(run, tmp_path: Path):
    orgs = {}
    for name, seed in (("a", 11), ("b", 12)):
        path = tmp_path / f"{name}.csv"
        _ok(run(["synth", "--rows", str(ROWS), "--seed", str(seed), "--clean", "--quiet", "--out", str(path)]))
        orgs[name] = path
    # The leak: 70 % of A's rows and 30 % as many of B's, header once.
    a_lines = orgs["a"].read_text().splitlines()
    b_lines = orgs["b"].read_text().splitlines()
    n_a, n_b = int(ROWS * 0.7), int(ROWS * 0.3)
    leak = tmp_path / "leak.csv"
    leak.write_text("\n".join([a_lines[0]] + a_lines[1:1 + n_a] + b_lines[1:1 + n_b]) + "\n")

    _ok(run(["key", "init", "--key-file", str(tmp_path / "master.key")]))
    _ok(run(["sketch", "key", "--investigation", "t1", "--master", str(tmp_path / "master.key"),
             "--out", str(tmp_path / "case.key")]))
    sketches = []
    for name, path in orgs.items():
        out = tmp_path / f"{name}.sketch.json"
        _ok(run(["sketch", "create", str(path), "--org", f"Org {name.upper()}", "--key", str(tmp_path / "case.key"),
                 "--investigation", "t1", "--scale", "4", "--activated", "tarikh_aktif", "--out", str(out)]))
        sketches.append(out)

    args = ["attribute", str(leak), "--key", str(tmp_path / "case.key"), "--investigation", "t1", "--json"]
    for s in sketches:
        args += ["--sketch", str(s)]
    report = json.loads(_ok(run(args)).stdout)
    cands = {c["organisation"]: c for c in report["candidates"]}
    assert [c["organisation"] for c in report["candidates"]] == ["Org A", "Org B"]
    share_a = n_a / (n_a + n_b)
    assert abs(cands["Org A"]["containment"]["value"] - share_a) < 0.1, cands["Org A"]
    assert abs(cands["Org B"]["containment"]["value"] - (1 - share_a)) < 0.1, cands["Org B"]
    steps = report["cover"]["result"]["steps"]
    assert [s["name"] for s in steps] == ["Org A", "Org B"]

    # The attribution as a section of the leak's triage report (issue 5: "an HTML section in the
    # triage report").
    att = tmp_path / "attribution.json"
    att.write_text(json.dumps(report))
    page = tmp_path / "triage.html"
    _ok(run(["scan", str(leak), "--attribution", str(att), "--html", str(page), "--quiet"]))
    html = page.read_text()
    assert "LeakTrace triage" in html and html.index("Source attribution") < html.index("</main>")
    assert "Org A" in html and "Split by source" in html
    bad = run(["scan", str(leak), "--attribution", str(leak), "--html", str(page)])
    assert bad.returncode != 0 and b"not the JSON of `leaktrace attribute --json`" in bad.stderr

    # A sketch of another investigation is refused with an error line, not a crash.
    _ok(run(["sketch", "key", "--investigation", "t2", "--master", str(tmp_path / "master.key"),
             "--out", str(tmp_path / "other.key")]))
    bad = run(["attribute", str(leak), "--key", str(tmp_path / "other.key"), "--investigation", "t2",
               "--sketch", str(sketches[0])])
    assert bad.returncode != 0 and b"error" in bad.stderr.lower()

    # No canonical identifier, nor its unkeyed hash, in any sketch file.
    ids: set[str] = set()
    for name, path in orgs.items():
        d = tmp_path / f"ids-{name}"
        _ok(run(["scan", str(path), "--emit-identifiers", str(d), "--quiet"]))
        for f in d.glob("*.txt"):
            ids.update(v for v in f.read_text().splitlines() if v)
    assert len(ids) > ROWS
    for s in sketches:
        text = s.read_text()
        for v in ids:
            forms = [v] + [h(v.encode()).hexdigest() for h in (hashlib.md5, hashlib.sha1, hashlib.sha256)]
            for f in forms:
                assert f not in text and f.upper() not in text, f"{s.name} holds a form of an identifier"
