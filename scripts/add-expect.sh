#!/usr/bin/env bash
# Writes each scenario's expect entries from the engine's own result under
# the scenario's profile. Use only after a live conformance run has shown
# the engine agrees with the browsers on these scenarios.
set -euo pipefail
for f in "$@"; do
  go run ./cmd/corsim eval --json "$f" | python3 -c '
import json, sys
f = sys.argv[1]
out = json.load(sys.stdin)
sc = json.load(open(f))
keep = ["outcome", "type", "status", "exposedHeaders", "preflight", "error"]
exp = []
for r in out["results"]:
    e = {k: r[k] for k in keep}
    e["wire"] = [{k: w[k] for k in ["method", "url", "credentials", "headers"]} for w in r["wire"]]
    exp.append(e)
sc["expect"] = exp
open(f, "w").write(json.dumps(sc, indent=2, ensure_ascii=False) + "\n")
' "$f"
done
