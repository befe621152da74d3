"""qrepl against its peers, in one run on the same data: codec throughput,
sync round-trip latency, async throughput, fetching a large result in
remote mode, peak memory while receiving a 1 GB message, and loading a
CSV file against pandas.

    harness.py run --qrepl BIN --peers BIN --work DIR [--quick] [--only T,...]
    harness.py peer NAME ARGS...

`run` drives everything and prints the tables of ratios; it also writes
`results.json` into the work directory. `peer` runs one Python-side
measurement (pykx or aiokdb) in a fresh process and prints JSON lines, the
same shape as the Rust side (`benches/peers.rs`). `bench/run` builds the
binaries and calls `run`.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import time

TESTS = ("codec", "latency", "async", "fetch", "memory", "csv", "kernels", "listener")

# Sizes at full scale; --quick divides them for a smoke run of the harness.
FULL = {
    "data_scale": 1.0,
    "pings": 10_000,
    "latency_rounds": 5,
    "async_messages": 1_000_000,
    "fetch_rows": 10_000_000,
    "memory_floats": 125_000_000,  # 1,000,000,000 bytes of floats
    "process_reps": 5,
    "csv_rows": 2_000_000,
    "csv_reps": 3,
    "kernel_items": 10_000_000,
    "kernel_reps": 5,
    "inplace_items": 100_000_000,
    "listener_floats": 10_000_000,  # 80 MB fetched over each transport
}
QUICK = {
    "data_scale": 0.01,
    "pings": 1_000,
    "latency_rounds": 1,
    "async_messages": 10_000,
    "fetch_rows": 100_000,
    "memory_floats": 1_250_000,
    "process_reps": 1,
    "csv_rows": 20_000,
    "csv_reps": 1,
    "kernel_items": 100_000,
    "kernel_reps": 1,
    "inplace_items": 1_000_000,
    "listener_floats": 100_000,
}

# Decode/encode repetitions per data set: (set, fast peers, aiokdb).
CODEC_SETS = (("table", 5, 3), ("floats", 5, 3), ("small", 3, 1))

ASYNC_SETUP = "n:0;upd:{[t;x] n::n+1}"


# ---------------------------------------------------------------- kernels

# q-lite's kernels against numpy, pandas and CPython on the same data,
# written once by Python as kdb+ data files (kdb+'s mappable vector
# layout) that the qrepl session loads with `get`. Each row: name, the q
# expression, the peer's expression, and the peer's name. n is the vector
# size; the lambda rows use n/10 items.
KERNELS = (
    ("distinct", "distinct x", "pd.unique(x)", "pandas"),
    ("{x+1} each", "{x+1} each s", "[i + 1 for i in s_list]", "CPython"),
    ("where x>v", "where f>50.0", "np.nonzero(f > 50.0)[0]", "numpy"),
    ("sum", "sum f", "f.sum()", "numpy"),
    ("max", "max f", "f.max()", "numpy"),
    ("f*2.5", "f*2.5", "f * 2.5", "numpy"),
    ("select by", "select sum v by k from t", "df.groupby('k')['v'].sum()", "pandas"),
    ("x?y", "u?y", "pd.Index(u).get_indexer(y)", "pandas"),
    ("in", "x in y", "np.isin(x, y)", "numpy"),
    ("xbar", "10 xbar x", "(x // 10) * 10", "numpy"),
    ("wavg", "w wavg f", "np.average(f, weights=w)", "numpy"),
    ("lj", "t lj kt", "df.merge(kdf, on='k', how='left')", "pandas"),
    ("aj", "aj[`k`tm;tr;qt]", "pd.merge_asof(tr_df, qt_df, on='tm', by='k')", "pandas"),
    ("deal", "(neg count x)?x", "shuffler.permutation(x)", "numpy"),
    ("lambda calls", "{[n] i:0; do[n; i:inc i]; i} m", "loop(m)", "CPython"),
)


def kdb_vector(path, arr, code):
    """Writes a numpy array as a kdb+ mappable vector file."""
    with open(path, "wb") as f:
        f.write(bytes([0xFE, 0x20, code, 0, 0, 0, 0, 0]) + struct.pack("<q", len(arr)))
        f.write(arr.tobytes())


def kernel_data(work, n):
    """The data of the kernel workloads, as numpy arrays and kdb+ files."""
    import numpy as np

    rng = np.random.default_rng(7)
    m = max(n // 10, 1)
    data = {
        "x": rng.integers(0, 1_000_000, n),
        "f": rng.random(n) * 100,
        "k": rng.integers(0, 1000, n),
        "v": rng.random(n) * 100,
        "w": rng.random(n),
        "u": rng.permutation(n).astype(np.int64),
        "y": rng.integers(0, n, 1000),
        "s": rng.integers(0, 100, m),
        "kk": np.arange(1000, dtype=np.int64),
        "kv": rng.random(1000),
        "tk": rng.integers(0, 100, m),
        "ttm": np.sort(rng.integers(0, 10 * m, m)),
        "qk": rng.integers(0, 100, m),
        "qtm": np.sort(rng.integers(0, 10 * m, m)),
        "qb": rng.random(m),
    }
    d = os.path.join(work, "kernels")
    os.makedirs(d, exist_ok=True)
    for name, arr in data.items():
        kdb_vector(os.path.join(d, name), arr, 9 if arr.dtype.kind == "f" else 7)
    return d, data


def kernel_script(d, reps, n):
    m = max(n // 10, 1)
    names = "x f k v w u y s kk kv tk ttm qk qtm qb".split()
    lines = [f'{v}:get hsym`$"{os.path.join(d, v)}"' for v in names]
    lines += [
        "t:([]k;v)",
        "kt:([k:kk]kv)",
        "tr:([]k:tk;tm:ttm)",
        "qt:([]k:qk;tm:qtm;b:qb)",
        "inc:{x+1}",
        f"m:{m}",
    ]
    for name, q, _, _ in KERNELS:
        # The clock's name must not be one of the data's (s is).
        lines.append(f'clock0:.z.p;do[{reps};{q}];-1 "{name}\\t",string `long$.z.p-clock0;')
    return "\n".join(lines) + "\n"


def peer_kernels(d, reps, n):
    import numpy as np
    import pandas as pd

    reps, n = int(reps), int(n)
    v = {name: np.fromfile(os.path.join(d, name), dtype="<f8" if name in ("f", "v", "w", "kv", "qb") else "<i8", offset=16)
         for name in "x f k v w u y s kk kv tk ttm qk qtm qb".split()}
    x, f, k, w, u, y = v["x"], v["f"], v["k"], v["w"], v["u"], v["y"]
    s_list = v["s"].tolist()
    df = pd.DataFrame({"k": k, "v": v["v"]})
    kdf = pd.DataFrame({"k": v["kk"], "kv": v["kv"]})
    tr_df = pd.DataFrame({"k": v["tk"], "tm": v["ttm"]})
    qt_df = pd.DataFrame({"k": v["qk"], "tm": v["qtm"], "b": v["qb"]})
    m = max(n // 10, 1)
    shuffler = np.random.default_rng(3)

    def loop(count):
        def inc(z):
            return z + 1

        i = 0
        for _ in range(count):
            i = inc(i)
        return i

    env = dict(locals(), np=np, pd=pd)
    for name, _, expr, peer in KERNELS:
        fn = eval(compile(f"lambda: {expr}", name, "eval"), env)
        fn()
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        secs = (time.perf_counter() - start) / reps
        emit({"test": "kernels", "name": name, "impl": peer, "secs": secs})


# ---------------------------------------------------------------- helpers


def emit(record):
    print(json.dumps(record), flush=True)


def split_messages(data):
    """Concatenated IPC messages, split by their header lengths."""
    out, offset = [], 0
    while offset < len(data):
        (length,) = struct.unpack_from("<I", data, offset + 4)
        out.append(data[offset : offset + length])
        offset += length
    return out


def percentiles(rtts_ns):
    rtts = sorted(rtts_ns)
    pick = lambda p: rtts[round((len(rtts) - 1) * p)] / 1e3  # noqa: E731
    return {
        "p50_us": pick(0.50),
        "p99_us": pick(0.99),
        "mean_us": sum(rtts) / len(rtts) / 1e3,
        "n": len(rtts),
    }


def warmup(n):
    """Untimed round trips first (the same rule as benches/peers.rs)."""
    return min(max(n // 10, 100), 2_000)


def pykx():
    os.environ["PYKX_UNLICENSED"] = "true"
    os.environ["PYKX_SUPPRESS_WARNINGS"] = "true"
    import pykx as kx

    return kx


# ---------------------------------------------------------- Python peers


def peer_codec(lib, data_dir):
    if lib == "pykx":
        kx = pykx()
        decode, encode = kx.deserialize, kx.serialize
        as_bytes = lambda s: bytes(s.data)  # noqa: E731
    else:
        import aiokdb

        decode, encode = aiokdb.d9, aiokdb.b9
        as_bytes = bytes
    for name, fast_reps, slow_reps in CODEC_SETS:
        reps = fast_reps if lib == "pykx" else slow_reps
        with open(os.path.join(data_dir, name + ".bin"), "rb") as f:
            data = f.read()
        msgs = split_messages(data)
        if len(msgs) == 1:
            msgs = [data]

        def timed(fn, inputs):
            runs, kept = [], None
            for _ in range(reps):
                kept = None  # freeing the last run's results is not timed
                start = time.perf_counter()
                kept = [fn(x) for x in inputs]
                runs.append(time.perf_counter() - start)
            return runs, kept

        decode_runs, values = timed(decode, msgs)
        encode_runs, encoded = timed(encode, values)
        exact = all(as_bytes(e) == m for e, m in zip(encoded, msgs))
        for op, runs in (("decode", decode_runs), ("encode", encode_runs)):
            emit(
                {
                    "test": "codec",
                    "set": name,
                    "op": op,
                    "peer": lib,
                    "bytes": len(data),
                    "messages": len(msgs),
                    "secs": statistics.median(runs),
                    "best": min(runs),
                    "round_trip_exact": exact,
                }
            )


def pykx_pings(q, n, who):
    """Round-trip times (ns) of n sync "2+2" on pykx connection q, after
    the untimed warm-up; checks the answer."""
    rtts = []
    for i in range(warmup(n) + n):
        start = time.perf_counter_ns()
        r = q("2+2")
        took = time.perf_counter_ns() - start
        if i >= warmup(n):
            rtts.append(took)
    if r.py() != 4:
        raise SystemExit(f'{who}: "2+2" gave {r!r}')
    return rtts


def peer_latency_pykx(port, n):
    kx = pykx()
    with kx.SyncQConnection("localhost", int(port), no_ctx=True) as q:
        rtts = pykx_pings(q, n, "pykx")
    emit({"test": "latency", "client": "pykx", **percentiles(rtts)})


def peer_async_pykx(port, n):
    kx = pykx()
    with kx.SyncQConnection("localhost", int(port), no_ctx=True) as q:
        q(ASYNC_SETUP)
        # (`upd;`trade;(`ABC;101.5;100)), built once.
        upd, trade = kx.SymbolAtom("upd"), kx.SymbolAtom("trade")
        row = kx.toq([kx.SymbolAtom("ABC"), 101.5, 100])
        start = time.perf_counter()
        for _ in range(n):
            q(upd, trade, row, wait=False)
        got = q("n").py()
        secs = time.perf_counter() - start
    if got != n:
        raise SystemExit(f"pykx: server counted {got}, expected {n}")
    emit(
        {
            "test": "async",
            "client": "pykx",
            "messages": n,
            "secs": secs,
            "msgs_per_sec": n / secs,
        }
    )


# The CSV file both loaders read: a header, then symbol, long, float,
# long and float columns, with some empty (null) fields.
CSV_COLUMNS = ("sym", "size", "price", "qty", "yield")
CSV_QTYPES = "SJFJF"


def write_csv(path, rows):
    import random

    rng = random.Random(42)
    syms = [f"S{i:03d}" for i in range(500)]
    with open(path, "w") as f:
        f.write(",".join(CSV_COLUMNS) + "\n")
        lines = []
        for i in range(rows):
            size = "" if i % 97 == 0 else str(rng.randrange(1, 100000))
            price = "" if i % 89 == 0 else f"{rng.uniform(1, 1000):.4f}"
            lines.append(
                f"{rng.choice(syms)},{size},{price},{i},{rng.random():.6f}\n"
            )
            if len(lines) == 100_000:
                f.writelines(lines)
                lines.clear()
        f.writelines(lines)


def peer_csv_pandas(path, reps):
    import pandas as pd

    dtype = {"sym": str, "size": "Int64", "price": "float64", "qty": "int64", "yield": "float64"}
    for _ in range(int(reps)):
        start = time.perf_counter()
        df = pd.read_csv(path, dtype=dtype)
        secs = time.perf_counter() - start
        emit(
            {
                "test": "csv",
                "loader": f"pandas {pd.__version__} read_csv",
                "rows": len(df),
                "secs": secs,
            }
        )


def peer_listener_pykx(port, n, transport):
    """pykx's SyncQConnection against the `-E 1` listener, plain or TLS:
    round trips of 2+2, then one fetch of the float vector `v`."""
    kx = pykx()
    tls = transport == "tls"
    name = "pykx-" + transport
    with kx.SyncQConnection("localhost", int(port), tls=tls, no_ctx=True) as q:
        rtts = pykx_pings(q, n, f"pykx {transport}")
        emit({"test": "listener", "kind": "ping", "transport": name, **percentiles(rtts)})
        start = time.perf_counter()
        v = q("v")
        secs = time.perf_counter() - start
        # The message: header, type, attribute, count, then the floats.
        nbytes = 8 + 6 + 8 * len(v)
    emit({"test": "listener", "kind": "fetch", "transport": name, "bytes": nbytes,
          "secs": secs, "mb_per_sec": nbytes / secs / 1e6})


PEERS = {
    "listener-pykx": lambda p, n, t: peer_listener_pykx(int(p), int(n), t),
    "kernels": peer_kernels,
    "codec-pykx": lambda d: peer_codec("pykx", d),
    "codec-aiokdb": lambda d: peer_codec("aiokdb", d),
    "latency-pykx": lambda p, n: peer_latency_pykx(int(p), int(n)),
    "async-pykx": lambda p, n: peer_async_pykx(int(p), int(n)),
    "csv-pandas": peer_csv_pandas,
}


# ------------------------------------------------------------ the driver


def cpu_busy(seconds):
    """The fraction of CPU time spent busy over the next `seconds` (Linux),
    or None."""

    def sample():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except OSError:
        return None
    total = total1 - total0
    return 1 - (idle1 - idle0) / total if total else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server on {port} did not start in {timeout}s")


class Server:
    """`qrepl -q -p PORT [script]`, stopped on exit from the with block."""

    def __init__(self, bench, script_text=None, name="server", extra=(), env=None):
        self.port = free_port()
        args = [bench.qrepl, "-q", "-p", str(self.port), *extra]
        if script_text is not None:
            path = os.path.join(bench.work, name + ".q")
            with open(path, "w") as f:
                f.write(script_text + "\n")
            args.append(path)
        self.log = open(os.path.join(bench.work, name + ".log"), "w")
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, env=env
        )
        wait_for_port(self.port, self.proc, timeout=300)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()


class Bench:
    def __init__(self, args):
        self.qrepl = os.path.abspath(args.qrepl)
        self.peers = os.path.abspath(args.peers)
        self.work = os.path.abspath(args.work)
        self.size = QUICK if args.quick else FULL
        self.results = []
        os.makedirs(self.work, exist_ok=True)

    def record(self, rec):
        self.results.append(rec)
        return rec

    def run_json(self, args, env=None):
        """Runs a measuring process; keeps and returns its JSON lines."""
        out = subprocess.run(
            args, stdout=subprocess.PIPE, check=True, text=True, env=env
        ).stdout
        return [self.record(json.loads(line)) for line in out.splitlines() if line]

    def rust(self, *args, env=None):
        return self.run_json([self.peers, *map(str, args)], env=env)

    def python(self, *args, env=None):
        env = dict(env or os.environ, PYKX_UNLICENSED="true", PYKX_SUPPRESS_WARNINGS="true")
        cmd = [sys.executable, os.path.abspath(__file__), "peer", *map(str, args)]
        return self.run_json(cmd, env=env)

    def timed_process(self, args, stdin_text):
        """Runs a process fed `stdin_text`; returns its wall time, user CPU
        time (seconds), peak RSS (bytes) and stdout text."""
        paths = [os.path.join(self.work, n) for n in ("stdin.txt", "stdout.txt", "stderr.txt")]
        with open(paths[0], "w") as f:
            f.write(stdin_text)
        with open(paths[0]) as fin, open(paths[1], "w") as fout, open(paths[2], "w") as ferr:
            start = time.perf_counter()
            proc = subprocess.Popen(args, stdin=fin, stdout=fout, stderr=ferr)
            # wait4 rather than Popen.wait, for this child's own peak RSS.
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        with open(paths[1]) as f, open(paths[2]) as g:
            out, err = f.read(), g.read()
        if proc.returncode != 0:
            raise SystemExit(f"{args} exited with {proc.returncode}: {err}")
        return {
            "wall": wall,
            "user": usage.ru_utime,
            "peak": usage.ru_maxrss * 1024,
            "out": out,
        }

    # ------------------------------------------------------------ tests

    def codec(self):
        data = os.path.join(self.work, "data")
        subprocess.run([self.peers, "data", data, str(self.size["data_scale"])], check=True)
        self.rust("codec", data)
        self.python("codec-pykx", data)
        self.python("codec-aiokdb", data)

    def latency(self):
        """Each client in turn, for several rounds, so that a slow spell of
        the machine does not land on one client only."""
        n = self.size["pings"]
        echo = subprocess.Popen(
            [self.peers, "echo-server"], stdout=subprocess.PIPE, text=True
        )
        try:
            echo_port = int(echo.stdout.readline())
            with Server(self, name="latency") as s:
                for round_ in range(self.size["latency_rounds"]):
                    runs = [
                        ("echo", lambda: self.rust("raw-ping", echo_port, n)),
                        ("qrepl", lambda: self.rust("raw-ping", s.port, n)),
                        ("qrepl", lambda: self.rust("client-ping", s.port, n)),
                        ("qrepl", lambda: self.python("latency-pykx", s.port, n)),
                    ]
                    # Each round starts with the next client, so none always
                    # follows the same one.
                    k = round_ % len(runs)
                    for server, run in runs[k:] + runs[:k]:
                        for rec in run():
                            rec["server"] = server
                            rec["round"] = round_
        finally:
            echo.terminate()
            echo.wait()

    def async_(self):
        n = self.size["async_messages"]
        with Server(self, name="async") as s:
            self.rust("raw-async", s.port, n)
            self.rust("client-async", s.port, n)
            self.python("async-pykx", s.port, n)

    def fetch(self):
        rows = self.size["fetch_rows"]
        reps = self.size["process_reps"]
        setup = f"t:([]a:til {rows};b:{rows}?1f)"
        with Server(self, setup, name="fetch") as s:
            for _ in range(reps):
                self.rust("raw-fetch", s.port, "t")
                self.rust("client-fetch", s.port, "t")
            cases = {
                # What a user sees: the table printed by remote mode.
                "remote mode, printed": ([self.qrepl, "-q", f"localhost:{s.port}"], "t\n"),
                # The same transfer with the result discarded, same binary.
                "sync request, discarded": (
                    [self.qrepl, "-q"],
                    f'h:hopen {s.port}\nh"t";\n',
                ),
                # Start, connect, a tiny request: the fixed cost of a process.
                "remote mode, 1 row": ([self.qrepl, "-q", f"localhost:{s.port}"], "1#t\n"),
            }
            for case, (args, stdin_text) in cases.items():
                runs = [self.timed_process(args, stdin_text) for _ in range(reps)]
                out = runs[-1]["out"]
                if case == "remote mode, printed" and not out.startswith("a "):
                    raise SystemExit(f"remote mode printed {out[:200]!r}")
                self.record(
                    {
                        "test": "fetch_process",
                        "case": case,
                        "rows": rows,
                        "secs": statistics.median(r["wall"] for r in runs),
                        "user_secs": statistics.median(r["user"] for r in runs),
                        "printed_lines": out.count("\n"),
                    }
                )

    def memory(self):
        items = self.size["memory_floats"]
        size = 8 + 6 + 8 * items
        # Items spread over the vector, compared with the server's copy
        # (indexing allocates nothing large, unlike a sum).
        probe = " ".join(str(i * (items - 1) // 7) for i in range(8))
        with Server(self, f"v:{items}?1f", name="memory") as s:
            cases = {
                "baseline (connect, tiny request)": (
                    [self.qrepl, "-q"],
                    f'h:hopen {s.port}\ncount h"til 3"\n',
                    "3",
                ),
                "v:h\"v\" in a local session": (
                    [self.qrepl, "-q"],
                    f'h:hopen {s.port}\nv:h"v"\ncount v\n(h"v {probe}")~v {probe}\n',
                    f"{items}\n1b",
                ),
                "remote mode, v printed": (
                    [self.qrepl, "-q", f"localhost:{s.port}"],
                    "v\n",
                    None,
                ),
            }
            for case, (args, stdin_text, want) in cases.items():
                run = self.timed_process(args, stdin_text)
                out, peak, wall = run["out"], run["peak"], run["wall"]
                if want is not None and out.strip() != want:
                    raise SystemExit(f"{case}: printed {out[:200]!r}, expected {want}")
                self.record(
                    {
                        "test": "memory",
                        "case": case,
                        "message_bytes": size,
                        "peak_rss_bytes": peak,
                        "secs": wall,
                    }
                )

    def csv(self):
        """`("SJFJF";enlist",") 0: `:file` in a qrepl session against
        pandas' read_csv (C engine, column types given) on the same file,
        each timed in process, taking turns."""
        rows = self.size["csv_rows"]
        path = os.path.join(self.work, "load.csv")
        write_csv(path, rows)
        size = os.path.getsize(path)
        script = (
            f's:.z.p;t:("{CSV_QTYPES}";enlist",") 0: hsym`$"{path}";e:.z.p\n'
            "-1 string[count t],\" \",string 1e-9*`long$e-s;\n"
        )
        for _ in range(self.size["csv_reps"]):
            out = self.timed_process([self.qrepl, "-q"], script)["out"].split()
            if int(out[0]) != rows:
                raise SystemExit(f"qrepl loaded {out[0]} rows, expected {rows}")
            self.record(
                {"test": "csv", "loader": "qrepl 0:", "rows": rows, "secs": float(out[1])}
            )
            self.python("csv-pandas", path, 1)
        for rec in self.results:
            if rec.get("test") == "csv":
                rec["bytes"] = size

    def kernels(self):
        """q-lite's kernels in a qrepl session against numpy, pandas and
        CPython on the same data, taking turns; then peak RSS while `x+:1`
        adds to a large vector, against the vector's size."""
        n, reps = self.size["kernel_items"], self.size["kernel_reps"]
        d, _ = kernel_data(self.work, n)
        script = kernel_script(d, reps, n)
        for _ in range(2):
            out = self.timed_process([self.qrepl, "-q"], script)["out"]
            for line in out.splitlines():
                name, ns = line.rsplit("\t", 1)
                self.record(
                    {"test": "kernels", "name": name, "impl": "qrepl", "secs": float(ns) / 1e9 / reps}
                )
            # numpy's large blocks are left to OpenBLAS's defaults.
            env_save = {k: os.environ.pop(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
            try:
                self.python("kernels", d, reps, n)
            finally:
                os.environ.update(env_save)
        items = self.size["inplace_items"]
        base = self.timed_process([self.qrepl, "-q"], "x:1\n")["peak"]
        r = self.timed_process([self.qrepl, "-q"], f"x:{items}#7\nx+:1\n-1 string last x;\n")
        if r["out"].strip() != "8":
            raise SystemExit(f"x+:1 gave {r['out']!r}")
        self.record(
            {
                "test": "kernels-inplace",
                "vector_bytes": items * 8,
                "peak_rss_bytes": r["peak"],
                "baseline_rss_bytes": base,
            }
        )

    def listener(self):
        """One `-E 1` server taking plain and TLS clients on one port, and
        WebSocket clients whose `.z.ws` evaluates their text: qrepl's client
        plain and over TLS, a WebSocket client, and pykx plain and over TLS,
        in turn for several rounds, each pinging, then each fetching the same
        float vector (pykx fetches once in each of its rounds)."""
        certs = os.path.join(self.work, "certs")
        os.makedirs(certs, exist_ok=True)
        cert, key = os.path.join(certs, "cert.pem"), os.path.join(certs, "key.pem")
        try:
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-subj", "/CN=localhost",
                 "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                 "-keyout", key, "-out", cert],
                check=True, stdin=subprocess.DEVNULL, capture_output=True,
            )
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"listener: skipped, no certificate from openssl ({e})", file=sys.stderr)
            return
        server_env = dict(os.environ, KX_SSL_CERT_FILE=cert, KX_SSL_KEY_FILE=key)
        client_env = dict(os.environ, KX_SSL_CA_CERT_FILE=cert)
        n, floats = self.size["pings"], self.size["listener_floats"]
        script = f".z.ws:{{neg[.z.w] value x}}\nv:{floats}?1f"
        with Server(self, script, name="listener", extra=("-E", "1"), env=server_env) as s:
            plain, tls = f"localhost:{s.port}", f"tcps://localhost:{s.port}"
            for round_ in range(self.size["latency_rounds"]):
                runs = [
                    lambda: self.rust("listener-ping", plain, n, env=client_env),
                    lambda: self.rust("listener-ping", tls, n, env=client_env),
                    lambda: self.rust("ws-ping", s.port, n),
                    lambda: self.python("listener-pykx", s.port, n, "plain", env=client_env),
                    lambda: self.python("listener-pykx", s.port, n, "tls", env=client_env),
                ]
                k = round_ % len(runs)
                for run in runs[k:] + runs[:k]:
                    for rec in run():
                        rec["round"] = round_
            for _ in range(self.size["process_reps"]):
                self.rust("listener-fetch", plain, "v", env=client_env)
                self.rust("listener-fetch", tls, "v", env=client_env)
                self.rust("ws-fetch", s.port, "v")

    def run(self, only):
        self.record(
            {
                "test": "machine",
                "cpus": os.cpu_count(),
                "load_before": os.getloadavg(),
                "busy_before": cpu_busy(1.0),
                "quick": self.size is QUICK,
            }
        )
        steps = {
            "codec": self.codec,
            "latency": self.latency,
            "async": self.async_,
            "fetch": self.fetch,
            "memory": self.memory,
            "csv": self.csv,
            "kernels": self.kernels,
            "listener": self.listener,
        }
        for name in only:
            print(f"== {name}", file=sys.stderr, flush=True)
            steps[name]()
        with open(os.path.join(self.work, "results.json"), "w") as f:
            json.dump(self.results, f, indent=1)
        print(report(self.results))


# ---------------------------------------------------------------- report


def fmt(x):
    if x is None:
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 0.1 or x == 0:
        return f"{x:.2f}"
    return f"{x:.3f}"


def table(headers, rows):
    cells = [headers] + [[c if isinstance(c, str) else fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, r in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ratio(a, b):
    return a / b if a is not None and b else None


def verdict(ok, judged=True):
    if not judged:
        return "not judged at quick sizes"
    return "meets target" if ok else "MISSES target"


def report(results):
    out = []
    by = lambda **kw: [  # noqa: E731
        r for r in results if all(r.get(k) == v for k, v in kw.items())
    ]
    machine = by(test="machine")[0]
    # The targets are about full sizes; quick runs only check the harness.
    judged = not machine["quick"]

    out.append(
        f"{machine['cpus']} CPUs, load average before the run "
        f"{', '.join(f'{x:.2f}' for x in machine['load_before'])}"
        + (" (quick sizes: not for comparison)" if machine["quick"] else "")
    )
    busy = machine.get("busy_before")
    if busy is not None:
        out.append(f"CPUs {busy:.0%} busy in the second before the run")
        if busy > 0.25:
            out.append("  the machine was busy when the run started: expect noisy numbers")

    codec = by(test="codec")
    if codec:

        def mbps(set_, op, peer):
            r = by(test="codec", set=set_, op=op, peer=peer)
            return r[0]["bytes"] / r[0]["secs"] / 1e6 if r else None

        rows, checks = [], []
        for set_, _, _ in CODEC_SETS:
            floor = mbps(set_, "copy", "memcpy")
            for op in ("decode", "encode"):
                q, p, a = mbps(set_, op, "qrepl"), mbps(set_, op, "pykx"), mbps(set_, op, "aiokdb")
                rows.append(
                    [f"{set_} {op}", floor, q, p, a, ratio(q, floor), ratio(q, p), ratio(q, a)]
                )
                if op == "decode":
                    checks.append((set_, ratio(q, floor), ratio(q, p)))
        inexact = sorted(
            {f"{r['peer']} {r['set']}" for r in codec if r.get("round_trip_exact") is False}
        )
        out += [
            "",
            "Codec throughput, MB/s of message bytes (median of runs)",
            table(
                ["", "memcpy", "qrepl", "pykx", "aiokdb"]
                + ["qrepl/memcpy", "qrepl/pykx", "qrepl/aiokdb"],
                rows,
            ),
        ]
        for set_, vs_floor, vs_pykx in checks:
            if set_ == "floats":
                out.append(
                    f"  fixed-width decode at {fmt(vs_floor)}x memcpy (target >= 0.5): "
                    + verdict(vs_floor is not None and vs_floor >= 0.5, judged)
                )
            out.append(
                f"  {set_} decode at {fmt(vs_pykx)}x pykx (target > 1): "
                + verdict(vs_pykx is not None and vs_pykx > 1, judged)
            )
        if inexact:
            out.append("  re-encoding did NOT reproduce the input bytes: " + ", ".join(inexact))
        else:
            out.append("  every peer re-encoded its decoded values to the exact input bytes")

    lat = by(test="latency")
    if lat:
        # Median over rounds of each client's p50, p99 and mean.
        pairs = []
        for r in lat:
            if (r["client"], r["server"]) not in pairs:
                pairs.append((r["client"], r["server"]))
        summary = {}
        for client, server in pairs:
            rs = [r for r in lat if r["client"] == client and r["server"] == server]
            summary[(client, server)] = {
                k: statistics.median(r[k] for r in rs) for k in ("p50_us", "p99_us", "mean_us")
            }
        floor = summary.get(("raw", "echo"))
        rows = []
        for (client, server), m in summary.items():
            rows.append(
                [
                    f"{client} -> {server}",
                    m["p50_us"],
                    m["p99_us"],
                    m["mean_us"],
                    ratio(m["p50_us"], floor and floor["p50_us"]),
                    ratio(m["p99_us"], floor and floor["p99_us"]),
                ]
            )
        rounds = len({r.get("round") for r in lat})
        out += [
            "",
            f'Sync round trip of h"2+2" over loopback, microseconds (median of {rounds} rounds)',
            table(["client -> server", "p50", "p99", "mean", "p50/floor", "p99/floor"], rows),
        ]
        q = summary.get(("qrepl", "qrepl"))
        p = summary.get(("pykx", "qrepl"))
        if q and floor:
            x = q["p50_us"] / floor["p50_us"]
            out.append(
                f"  qrepl p50 at {fmt(x)}x the raw ping-pong (target <= 1.5): "
                + verdict(x <= 1.5, judged)
            )
        if q and p:
            out.append(f"  qrepl p50 at {fmt(q['p50_us'] / p['p50_us'])}x pykx's")

    lis = by(test="listener")
    if lis:
        names = {"plain": "qrepl client, plain", "tls": "qrepl client, TLS",
                 "websocket": "WebSocket text frame", "pykx-plain": "pykx, plain",
                 "pykx-tls": "pykx, TLS"}
        pings = {
            t: {k: statistics.median(r[k] for r in lis if r["kind"] == "ping"
                                     and r["transport"] == t) for k in ("p50_us", "p99_us")}
            for t in names if any(r["kind"] == "ping" and r["transport"] == t for r in lis)
        }
        fetches = {
            t: max(r["mb_per_sec"] for r in lis if r["kind"] == "fetch" and r["transport"] == t)
            for t in names if any(r["kind"] == "fetch" and r["transport"] == t for r in lis)
        }
        base_ping, base_fetch = pings.get("plain"), fetches.get("plain")
        rows = []
        for t, label in names.items():
            p, f = pings.get(t), fetches.get(t)
            rows.append([
                label,
                p and p["p50_us"], p and p["p99_us"],
                ratio(p and p["p50_us"], base_ping and base_ping["p50_us"]),
                f, ratio(f, base_fetch),
            ])
        mb = next((r["bytes"] for r in lis if r["kind"] == "fetch"), 0) / 1e6
        out += [
            "",
            f"One -E 1 listener: round trip of 2+2 (median of rounds) and a {mb:.0f} MB "
            "float vector fetched and decoded (best of the runs)",
            table(["transport", "p50 us", "p99 us", "p50/plain", "fetch MB/s", "fetch/plain"],
                  rows),
        ]

    asy = by(test="async")
    if asy:
        pk = next((r["msgs_per_sec"] for r in asy if r["client"] == "pykx"), None)
        rows = [
            [r["client"], r["messages"], r["secs"], r["msgs_per_sec"], ratio(r["msgs_per_sec"], pk)]
            for r in asy
        ]
        out += [
            "",
            "Async: N neg[h] messages, then a sync chaser, against a qrepl server",
            table(["client", "messages", "secs", "msgs/s", "/pykx"], rows),
        ]
        q = next((r["msgs_per_sec"] for r in asy if r["client"] == "qrepl"), None)
        if q and pk:
            out.append(
                f"  qrepl at {fmt(q / pk)}x pykx (target >= 1): " + verdict(q >= pk, judged)
            )

    fetch = by(test="fetch")
    procs = by(test="fetch_process")
    if fetch or procs:
        rows = []
        for client in ("raw", "qrepl"):
            rs = [r for r in fetch if r["client"] == client]
            if rs:
                secs = statistics.median(r["secs"] for r in rs)
                what = "raw socket, bytes only" if client == "raw" else "qrepl client, decoded"
                rows.append([f"in process: {what}", secs, rs[0]["bytes"] / secs / 1e6, None])
        raw = next((row[1] for row in rows if row[0].startswith("in process: raw")), None)
        for r in procs:
            rows.append([f"process: {r['case']}", r["secs"], None, r.get("user_secs")])
        rows = [row + [ratio(row[1], raw)] for row in rows]
        rows_n = procs[0]["rows"] if procs else None
        out += [
            "",
            f"Fetching t:([]a:til N;b:N?1f), N={rows_n:,}" if rows_n else "Fetching a table",
            table(["", "secs", "MB/s", "user CPU s", "/raw"], rows),
        ]

        def case(name):
            return next((r for r in procs if r["case"] == name), None)

        printed, discarded = case("remote mode, printed"), case("sync request, discarded")
        if printed and discarded and "user_secs" in printed:
            # Wall times of whole processes wander by tens of milliseconds;
            # the CPU printing takes is the steadier measure.
            extra = printed["user_secs"] - discarded["user_secs"]
            out.append(
                f"  printing costs {max(extra, 0) * 1e3:.0f} ms of CPU; remote mode takes "
                f"{printed['secs']:.2f} s, the same fetch discarded {discarded['secs']:.2f} s"
            )

    mem = by(test="memory")
    if mem:
        base = next((r["peak_rss_bytes"] for r in mem if r["case"].startswith("baseline")), 0)
        rows = [
            [
                r["case"],
                r["message_bytes"] / 1e6,
                r["peak_rss_bytes"] / 1e6,
                r["peak_rss_bytes"] / r["message_bytes"],
                (r["peak_rss_bytes"] - base) / r["message_bytes"],
            ]
            for r in mem
        ]
        out += [
            "",
            "Peak RSS of a qrepl client receiving one float vector",
            table(
                ["", "message MB", "peak RSS MB", "peak/message", "(peak-baseline)/message"],
                rows,
            ),
        ]
        worst = max(
            (
                r["peak_rss_bytes"] / r["message_bytes"]
                for r in mem
                if not r["case"].startswith("baseline")
            ),
            default=None,
        )
        if worst is not None:
            out.append(
                f"  worst peak/message {fmt(worst)} (target < 1.5): " + verdict(worst < 1.5, judged)
            )

    csvs = by(test="csv")
    if csvs:
        loaders = list(dict.fromkeys(r["loader"] for r in csvs))
        best = {l: min(r["secs"] for r in csvs if r["loader"] == l) for l in loaders}
        size = csvs[0].get("bytes", 0)
        rows = [
            [l, csvs[0]["rows"], best[l], size / best[l] / 1e6 if size else None]
            for l in loaders
        ]
        out += [
            "",
            f"Loading a {size / 1e6:.0f} MB CSV file (header; S J F J F columns), best of the runs",
            table(["loader", "rows", "secs", "MB/s"], rows),
        ]
        q = best.get("qrepl 0:")
        pd_ = next((best[l] for l in loaders if l.startswith("pandas")), None)
        if q and pd_:
            out.append(f"  qrepl takes {fmt(q / pd_)}x the time pandas takes ({fmt(pd_ / q)}x its speed)")
    kern = by(test="kernels")
    if kern:
        names = list(dict.fromkeys(r["name"] for r in kern))
        rows, ratios = [], []
        for name in names:
            q = [r["secs"] for r in kern if r["name"] == name and r["impl"] == "qrepl"]
            p = [r for r in kern if r["name"] == name and r["impl"] != "qrepl"]
            if not q or not p or min(q) <= 0:
                continue
            qs, ps = min(q), min(r["secs"] for r in p)
            rows.append([name, p[0]["impl"], qs * 1e3, ps * 1e3, qs / ps])
            ratios.append(qs / ps)
        out += [
            "",
            "q-lite kernels against numpy, pandas and CPython on the same data, best of the runs",
            table(["workload", "peer", "qrepl ms", "peer ms", "qrepl/peer"], rows),
        ]
        if ratios:
            geo = statistics.geometric_mean(ratios)
            worst = max(rows, key=lambda r: r[4])
            out.append(
                f"  geometric mean {fmt(geo)}x (target <= 1.0): {verdict(geo <= 1.0, judged)}; "
                f"worst {worst[0]} {fmt(worst[4])}x (target <= 2): {verdict(worst[4] <= 2, judged)}"
            )
    inplace = by(test="kernels-inplace")
    if inplace:
        r = inplace[0]
        grown = (r["peak_rss_bytes"] - r["baseline_rss_bytes"]) / r["vector_bytes"]
        out.append(
            f"  x+:1 on {r['vector_bytes'] // 8:,} longs: peak RSS above baseline {fmt(grown)}x the "
            f"vector (target <= 1.1): {verdict(grown <= 1.1, judged)}"
        )
    return "\n".join(out)


# ------------------------------------------------------------------ main


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "peer":
        name, *rest = sys.argv[2:]
        PEERS[name](*rest)
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run")
    run.add_argument("--qrepl", required=True)
    run.add_argument("--peers", required=True)
    run.add_argument("--work", required=True)
    run.add_argument("--quick", action="store_true")
    run.add_argument("--only", default=",".join(TESTS))
    report_cmd = sub.add_parser("report", help="print the tables of a results.json")
    report_cmd.add_argument("results")
    args = ap.parse_args()
    if args.cmd == "report":
        with open(args.results) as f:
            print(report(json.load(f)))
        return
    only = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = set(only) - set(TESTS)
    if unknown:
        ap.error(f"unknown tests {sorted(unknown)}; choose from {TESTS}")
    if shutil.which(args.qrepl) is None and not os.path.exists(args.qrepl):
        ap.error(f"no qrepl binary at {args.qrepl}")
    Bench(args).run(only)


if __name__ == "__main__":
    main()
