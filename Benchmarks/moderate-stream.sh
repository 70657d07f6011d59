#!/usr/bin/env bash
# Streams N JSON lines (default 1,000,000; the labeled marketplace examples, every third with a second message
# appended) through `parley moderate` and reports wall time, peak memory and whether every line came back in order.
# Usage: Benchmarks/moderate-stream.sh [lines] [parley binary]   (build first: swift build -c release --product parley)
set -euo pipefail
lines=${1:-1000000}
parley=${2:-.build/release/parley}
examples=${PARLEY_EXAMPLES:-../shared/moderation/examples.jsonl}
[ -x "$parley" ] || { echo "no $parley: run swift build -c release --product parley" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$examples" "$lines" >"$work/in.jsonl" <<'PY'
import json, random, sys
random.seed(7)
texts = [json.loads(l)["text"] for l in open(sys.argv[1]) if l.strip()]
out = sys.stdout
for i in range(int(sys.argv[2])):
    t = texts[i % len(texts)]
    if i % 3 == 0:
        t = t + " " + random.choice(texts)
    out.write(json.dumps({"id": i, "text": t}) + "\n")
PY
/usr/bin/time -f "%e %M" -o "$work/time" "$parley" moderate <"$work/in.jsonl" >"$work/out.jsonl"
read -r wall rss <"$work/time"
python3 - "$work/out.jsonl" "$lines" "$wall" "$rss" <<'PY'
import json, sys
path, lines, wall, rss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
n = 0
with open(path) as f:
    for n, line in enumerate(f, 1):
        if json.loads(line)["id"] != n - 1:
            sys.exit(f"line {n}: out of order")
if n != lines:
    sys.exit(f"{n} lines out for {lines} in")
print(f"lines={lines} in_order=yes wall={wall:.2f}s rate={lines / max(wall, 0.001):,.0f}/s peak_rss={rss / 1024:.1f}MiB")
PY
