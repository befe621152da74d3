"""KX's own serializer (pykx, unlicensed) as the peer of qrepl's codec.

    pykx_peer.py check FILE         verify messages qrepl encoded
    pykx_peer.py generate SEED N FILE   write N random values KX encoded

check: each line is `sent-hex <TAB> plain-hex <TAB> description`, where
plain-hex is the uncompressed message (`-` when sent-hex is not compressed).
KX must deserialize every message to an object whose in-memory description
matches, and serialize that object back to exactly the uncompressed bytes.
A top-level error object is raised by pykx as QError: its text must match.
Prints a JSON summary; exits 1 on any mismatch.

generate: each line is `hex <TAB> description` of a value built with pykx's
unlicensed constructors (numpy, pandas and Python objects) and serialized by
KX. Datetime (type 15), attributes and functions cannot be built unlicensed;
the check direction covers them.
"""
import datetime
import json
import random
import struct
import sys
import uuid

import numpy as np
import pandas as pd
import pykx as kx

from kdescribe import describe


def check(path):
    checked, failures = 0, []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            sent_hex, plain_hex, want = line.rstrip("\n").split("\t")
            sent = bytes.fromhex(sent_hex)
            plain = sent if plain_hex == "-" else bytes.fromhex(plain_hex)
            checked += 1
            try:
                value = kx.deserialize(sent)
            except kx.exceptions.QError as e:
                got = "e:" + str(e).encode().hex()
                if got != want:
                    failures.append({"line": number, "what": "error", "got": got, "want": want})
                continue
            except Exception as e:  # noqa: BLE001 - report whatever KX says
                failures.append({"line": number, "what": "deserialize", "got": repr(e), "want": want})
                continue
            got = describe(value._addr)
            if got != want:
                failures.append({"line": number, "what": "value", "got": got, "want": want})
            again = kx.serialize(value, wait=plain[1]).copy()
            if again != plain:
                failures.append({"line": number, "what": "bytes", "got": again.hex(), "want": plain.hex()})
    print(json.dumps({"checked": checked, "failed": len(failures), "failures": failures[:20]}))
    return 1 if failures else 0


class Generator:
    """Random values built the ways pykx allows without a licence."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def n(self):
        return self.r.randrange(0, 8)

    def text(self):
        alphabet = "abcxyz_019 é中"
        return "".join(self.r.choice(alphabet) for _ in range(self.r.randrange(0, 5)))

    def i(self, bits):
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        return self.r.choice([lo, hi, lo + 1, 0, self.r.randint(lo, hi)])

    def small(self):
        return self.r.randint(-100000, 100000)

    def f64(self):
        bits = self.r.choice([0xFFF8000000000000, 0x7FF0000000000000,
                              0x7FF8000000000000 | self.r.getrandbits(51),
                              self.r.getrandbits(64)])
        return struct.unpack("<d", struct.pack("<Q", bits))[0]

    def f64s(self, n):
        return np.array([self.r.getrandbits(64) if self.r.random() < 0.7 else 0xFFF8000000000001
                         for _ in range(n)], dtype=np.uint64).view(np.float64)

    def f32s(self, n):
        return np.array([self.r.getrandbits(32) if self.r.random() < 0.7 else 0x7FC00123
                         for _ in range(n)], dtype=np.uint32).view(np.float32)

    def atom(self):
        r, kind = self.r, self.r.randrange(17)
        if kind == 0:
            return kx.toq(r.random() < 0.5)
        if kind == 1:
            return kx.toq(np.uint8(r.randrange(256)), kx.ByteAtom)
        if kind == 2:
            return kx.toq(np.int16(self.i(16)), kx.ShortAtom)
        if kind == 3:
            return kx.toq(np.int32(self.i(32)), kx.IntAtom)
        if kind == 4:
            return kx.toq(self.i(64))
        if kind == 5:
            return kx.toq(self.f32s(1)[0], kx.RealAtom)
        if kind == 6:
            return kx.toq(self.f64())
        if kind == 7:
            return kx.toq(bytes([r.randrange(256)]), kx.CharAtom)
        if kind == 8:
            return kx.toq(self.text())
        if kind == 9:
            return kx.toq(uuid.UUID(int=r.getrandbits(128)))
        if kind == 10:
            return kx.toq(np.datetime64(self.small() * 10**9 + r.randrange(10**9), "ns"))
        if kind == 11:
            return kx.toq(np.datetime64(r.randint(-1000, 1000), "M"), kx.MonthAtom)
        if kind == 12:
            return kx.toq(datetime.date(2000, 1, 1) + datetime.timedelta(days=r.randint(-5000, 5000)))
        if kind == 13:
            return kx.toq(np.timedelta64(self.i(62), "ns"))
        if kind == 14:
            return kx.toq(np.timedelta64(r.randint(-5000, 5000), "m"), kx.MinuteAtom)
        if kind == 15:
            return kx.toq(np.timedelta64(r.randint(-50000, 50000), "s"), kx.SecondAtom)
        return kx.toq(np.timedelta64(r.randint(-10**7, 10**7), "ms"), kx.TimeAtom)

    def array(self, kind, n):
        """A numpy array (and the pykx type to make of it) for column `kind`."""
        r = self.r
        if kind == 0:
            return np.array([r.random() < 0.5 for _ in range(n)], dtype=bool), kx.BooleanVector
        if kind == 1:
            return np.array([r.randrange(256) for _ in range(n)], dtype=np.uint8), kx.ByteVector
        if kind == 2:
            return np.array([self.i(16) for _ in range(n)], dtype=np.int16), kx.ShortVector
        if kind == 3:
            return np.array([self.i(32) for _ in range(n)], dtype=np.int32), kx.IntVector
        if kind == 4:
            return np.array([self.i(64) for _ in range(n)], dtype=np.int64), kx.LongVector
        if kind == 5:
            return self.f32s(n), kx.RealVector
        if kind == 6:
            return self.f64s(n), kx.FloatVector
        if kind == 7:
            return np.array([self.text() for _ in range(n)], dtype=object), kx.SymbolVector
        if kind == 8:
            return np.array([uuid.UUID(int=r.getrandbits(128)) for _ in range(n)], dtype=object), kx.GUIDVector
        if kind == 9:
            return np.array([self.small() * 10**9 for _ in range(n)], dtype="datetime64[ns]"), kx.TimestampVector
        if kind == 10:
            return np.array([r.randint(-1000, 1000) for _ in range(n)], dtype="datetime64[M]"), kx.MonthVector
        if kind == 11:
            return np.array([r.randint(-5000, 5000) for _ in range(n)], dtype="datetime64[D]"), kx.DateVector
        if kind == 12:
            return np.array([self.i(62) for _ in range(n)], dtype="timedelta64[ns]"), kx.TimespanVector
        if kind == 13:
            return np.array([r.randint(-5000, 5000) for _ in range(n)], dtype="timedelta64[m]"), kx.MinuteVector
        if kind == 14:
            return np.array([r.randint(-50000, 50000) for _ in range(n)], dtype="timedelta64[s]"), kx.SecondVector
        return np.array([r.randint(-10**7, 10**7) for _ in range(n)], dtype="timedelta64[ms]"), kx.TimeVector

    def vector(self):
        kind = self.r.randrange(17)
        n = self.n()
        if kind == 16:
            return kx.toq(bytes(self.r.randrange(256) for _ in range(n)), kx.CharVector)
        values, ktype = self.array(kind, n)
        return kx.toq(values, ktype)

    def native(self, depth):
        """A Python value pykx converts itself (dictionary values cannot hold K objects)."""
        r, kind = self.r, self.r.randrange(7 if depth > 0 else 5)
        if kind == 0:
            return self.i(64)
        if kind == 1:
            return self.f64()
        if kind == 2:
            return self.text()
        if kind == 3:
            return self.array(r.choice([2, 3, 4, 6, 9, 12]), self.n())[0]
        if kind == 4:
            return bytes(r.randrange(256) for _ in range(r.randrange(2, 6)))
        if kind == 5:
            return [self.native(depth - 1) for _ in range(self.n())]
        return self.dict_native(depth - 1)

    def dict_native(self, depth):
        return {self.text() + str(i): self.native(depth) for i in range(self.n())}

    def table(self):
        r = self.r
        rows = self.n()
        columns = {}
        keyed = r.random() < 0.3
        for i in range(r.randrange(2 if keyed else 1, 4)):
            # pandas can index by integers and strings, not by every kind.
            kinds = [2, 3, 4, 7] if keyed and i == 0 else [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12]
            columns["c%d" % i] = self.array(r.choice(kinds), rows)[0]
        frame = pd.DataFrame(columns)
        if keyed:
            frame = frame.set_index("c0")
        return kx.toq(frame)

    def value(self, depth=3):
        # Kinds: atom, vector, list, dictionary, table, then `::` (rare).
        weights = [10, 10, 8, 6, 6, 1] if depth > 0 else [1, 1]
        kind = self.r.choices(range(len(weights)), weights)[0]
        if kind == 0:
            return self.atom()
        if kind == 1:
            return self.vector()
        if kind == 2:
            return kx.toq([self.value(depth - 1) for _ in range(self.n())])
        if kind == 3:
            return kx.toq(self.dict_native(depth - 1))
        if kind == 4:
            return self.table()
        return kx.toq(None)


def generate(seed, count, path):
    g = Generator(seed)
    with open(path, "w") as f:
        for _ in range(count):
            value = g.value()
            f.write("%s\t%s\n" % (kx.serialize(value).copy().hex(), describe(value._addr)))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    sys.exit(generate(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
