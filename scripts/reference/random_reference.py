#!/usr/bin/env python3
"""Reference outputs for src/lib/stats/random: xoshiro128** (Blackman & Vigna) from a fixed state and
Wellons' lowbias32 hash, written from their published definitions in plain Python integers.

    python3 scripts/reference/random_reference.py > src/lib/stats/random/__fixtures__/generators.json
"""
import json

MASK = 0xFFFFFFFF


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK


def xoshiro128starstar(state, count):
    s = list(state)
    out = []
    for _ in range(count):
        out.append((rotl((s[1] * 5) & MASK, 7) * 9) & MASK)
        t = (s[1] << 9) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
    return out


def lowbias32(x):
    x &= MASK
    x ^= x >> 16
    x = (x * 0x7FEB352D) & MASK
    x ^= x >> 15
    x = (x * 0x846CA68B) & MASK
    x ^= x >> 16
    return x


def main():
    state = [1, 2, 3, 4]
    words = [0, 1, 2, 0xDEADBEEF, 0x80000000, 0xFFFFFFFF, 123456789]
    print(json.dumps({
        "generator": "scripts/reference/random_reference.py",
        "xoshiro128": {"state": state, "outputs": xoshiro128starstar(state, 20)},
        "lowbias32": [{"input": w, "output": lowbias32(w)} for w in words],
    }, indent=1))


if __name__ == "__main__":
    main()
