"""Reference bucket values for src/lib/domain/bucketing.ts, computed independently with hashlib.

bucket = int(sha1(input)[:15], 16) / 0xFFFFFFFFFFFFFFF, input = (seed or flagKey.salt) + "." + unitKey.
Run: python3 scripts/reference/design-bucketing.py > src/lib/domain/bucketing.reference.json
"""
import hashlib
import json
from fractions import Fraction

LONG_SCALE = 0xFFFFFFFFFFFFFFF

CASES = [
    ("checkout-button", "a1b2c3", None, "user-1"),
    ("checkout-button", "a1b2c3", None, "user-2"),
    ("checkout-button", "a1b2c3", 12345, "user-1"),
    ("checkout-button", "a1b2c3", 0, "user-1"),
    ("checkout-button", "a1b2c3", -7, "org-42"),
    ("flag.with.dots", "salt", None, "über-nutzer-ß"),
    ("emoji-flag", "s", None, "unit-\U0001F600"),
    ("k", "", None, ""),
    ("long", "x" * 40, None, "y" * 60),  # input crosses the 56-byte padding boundary
    ("long", "x" * 50, None, "y" * 100),
]


def bucket(flag_key, salt, seed, unit_key):
    prefix = str(seed) if seed is not None else f"{flag_key}.{salt}"
    text = f"{prefix}.{unit_key}"
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    # Exact rational, then the nearest double: what an exact implementation returns.
    return text, digest, float(Fraction(int(digest[:15], 16), LONG_SCALE))


rows = []
for flag_key, salt, seed, unit_key in CASES:
    text, digest, value = bucket(flag_key, salt, seed, unit_key)
    rows.append({"flagKey": flag_key, "salt": salt, "seed": seed, "unitKey": unit_key,
                 "hashInput": text, "sha1": digest, "bucket": value})

print(json.dumps({"generator": "scripts/reference/design-bucketing.py", "cases": rows}, indent=1, ensure_ascii=False))
