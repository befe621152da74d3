"""Canonical text of a K object, read straight from the memory of the object
KX's own deserializer built (layout from k.h, shipped with pykx), so that it
works without a q licence. tests/common/describe.rs writes the same text
from a qrepl value; see there for the grammar.
"""
import ctypes
import struct

# Bytes per item of each simple type.
WIDTH = {1: 1, 2: 16, 4: 1, 5: 2, 6: 4, 7: 8, 8: 4, 9: 8, 10: 1, 12: 8,
         13: 4, 14: 4, 15: 8, 16: 8, 17: 4, 18: 4, 19: 4}

# Offsets in struct k0: m, a, t (signed), u (the attribute), r, then the union.
OFF_TYPE = 2
OFF_ATTR = 3
OFF_UNION = 8
OFF_ITEMS = 16


def _mem(addr, n):
    return ctypes.string_at(addr, n)


def _ptr(addr):
    return struct.unpack("<Q", _mem(addr, 8))[0]


def _count(x):
    return struct.unpack("<q", _mem(x + OFF_UNION, 8))[0]


def _cstr(addr):
    return ctypes.string_at(addr)


def _items(x, n):
    return [_ptr(x + OFF_ITEMS + 8 * i) for i in range(n)]


# The elided argument of a projection (`65 ff` on the wire) is a `::`
# object in memory, told apart only by being one particular object.
_ELIDED = None


def _elided_address():
    global _ELIDED
    if _ELIDED is None:
        import pykx
        _ELIDED = pykx.deserialize(bytes([1, 0, 0, 0, 10, 0, 0, 0, 0x65, 0xff]))
    return _ELIDED._addr


def describe(x):
    """The canonical text of the K object at address x."""
    t = struct.unpack("<b", _mem(x + OFF_TYPE, 1))[0]
    u = _mem(x + OFF_ATTR, 1)[0]
    if -19 <= t <= -1:
        t = -t
        if t == 11:
            return "a11:" + _cstr(_ptr(x + OFF_UNION)).hex()
        if t == 2:
            return "a2:" + _mem(x + OFF_ITEMS, 16).hex()
        return "a%d:%s" % (t, _mem(x + OFF_UNION, WIDTH[t]).hex())
    if 1 <= t <= 19:
        n = _count(x)
        if t == 11:
            items = ",".join(_cstr(p).hex() for p in _items(x, n))
        else:
            items = _mem(x + OFF_ITEMS, n * WIDTH[t]).hex()
        return "v%d#%d[%d]:%s" % (t, u, n, items)
    if t == 0:
        n = _count(x)
        return "l#%d[%d](%s)" % (u, n, ";".join(describe(p) for p in _items(x, n)))
    if t == 98:
        return "t#%d(%s)" % (u, describe(_ptr(x + OFF_UNION)))
    if t == 99:
        keys, values = _items(x, 2)
        return "d%d(%s;%s)" % (u, describe(keys), describe(values))
    if t == 101 and x == _elided_address():
        return "f101:ff"
    if t in (101, 102, 103):
        return "f%d:%s" % (t, _mem(x + OFF_UNION, 1).hex())
    if t in (104, 105):
        n = _count(x)
        return "f%d[%d](%s)" % (t, n, ";".join(describe(p) for p in _items(x, n)))
    if 106 <= t <= 111:
        return "f%d(%s)" % (t, describe(_ptr(x + OFF_UNION)))
    raise ValueError("cannot describe type %d" % t)
