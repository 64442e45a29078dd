"""Unit keys whose bucket lies within float32 rounding of a rollout boundary, for the assignment audit
tests (src/lib/ingest/assignment-audit.test.ts and the misassigned-export generator).

The 64-bit SDKs compare the bucket (a double) with cumulative weights summed in doubles; the 32-bit ones
(Go, Java, .NET) round the 60-bit hash value, the scale and the quotient to float32 and sum the weights
in float32. For these keys the two disagree on the variation. Computed with hashlib and numpy.float32,
independently of the TypeScript.
Run: python3 scripts/reference/float32-boundary-keys.py > src/lib/ingest/__fixtures__/float32-boundary-keys.json
"""
import hashlib
import json

import numpy as np

LONG_SCALE = 0xFFFFFFFFFFFFFFF
SEED = 4242
ROLLOUT = [
    {"variation": 0, "weight": 45000},
    {"variation": 1, "weight": 45000},
    {"variation": 2, "weight": 10000, "untracked": True},
]
WANTED = 4


def slice64(bucket):
    cumulative = 0.0
    for i, s in enumerate(ROLLOUT):
        cumulative += s["weight"] / 100000
        if bucket < cumulative:
            return i
    return len(ROLLOUT) - 1


def slice32(bucket):
    cumulative = np.float32(0)
    for i, s in enumerate(ROLLOUT):
        cumulative = np.float32(cumulative + np.float32(np.float32(s["weight"]) / np.float32(100000)))
        if bucket < cumulative:
            return i
    return len(ROLLOUT) - 1


def main():
    boundaries = []
    total = 0
    for s in ROLLOUT[:-1]:
        total += s["weight"]
        boundaries.append(total / 100000)
    found = []
    n = 0
    prefix = f"{SEED}."
    scale32 = np.float32(LONG_SCALE)
    while len(found) < WANTED:
        key = f"edge-{n}"
        n += 1
        value = int(hashlib.sha1((prefix + key).encode()).hexdigest()[:15], 16)
        bucket = value / LONG_SCALE
        if min(abs(bucket - b) for b in boundaries) > 1e-6:
            continue
        bucket32 = np.float32(np.float32(value) / scale32)
        a, b = slice64(bucket), slice32(bucket32)
        if a != b:
            found.append(
                {
                    "unitKey": key,
                    "bucket": bucket,
                    "bucket32": float(bucket32),
                    "variation64": ROLLOUT[a]["variation"],
                    "variation32": ROLLOUT[b]["variation"],
                }
            )
    print(
        json.dumps(
            {
                "generator": "scripts/reference/float32-boundary-keys.py",
                "seed": SEED,
                "rollout": {"kind": "experiment", "seed": SEED, "variations": ROLLOUT},
                "keysTried": n,
                "keys": found,
            },
            indent=2,
        )
    )


main()
