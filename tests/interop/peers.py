"""Independent IPC peers for qrepl's handle and server tests.

Modes (first argument):
  pykx-client PORT [USER PASS]   run queries against a qrepl server with pykx
  pykx-ctx-client PORT           the same with pykx's default (context) connection
  aiokdb-client PORT USER PASS   run queries against a qrepl server with aiokdb
  aiokdb-server                  a fake q server built on aiokdb; prints PORT n
  aiokdb-tls-server CERT KEY     the same over TLS
  mute-server                    accepts connections and never answers; prints PORT n

Clients print one `name=value` line per check and exit 0; servers run
until their stdin is closed.
"""

import asyncio
import socket
import sys


def out(name, value):
    print(f"{name}={value}", flush=True)


def pykx_client(port, user=None, password=None):
    import pykx as kx

    kw = {"no_ctx": True}
    if user is not None:
        kw["username"] = user
        kw["password"] = password
    with kx.SyncQConnection("localhost", int(port), **kw) as q:
        out("sum", q("2+2").py())
        out("til", q("til 5").py())
        out("table", q("([]a:1 2;b:`x`y)").pd().to_dict("list"))
        out("dict", q("`a`b!1 2").py())
        out("call", q("{x*y}", 6, 7).py())
        out("guid", str(q('"G"$"8c680a01-5a49-5aab-5a65-d4bfddb6a661"').py()))
        try:
            q("1+`a")
            out("error", "none")
        except Exception as e:
            out("error", str(e))
        q("lastasync:99", wait=False)
        out("chaser", q("lastasync").py())
        out("ts", q("2000.01.02D00:00:00.000000001").py().isoformat())
        out("string", q('"hello"').py().decode())


def pykx_ctx_client(port):
    """pykx's default connection, which introspects the server's .q
    namespace with a small k lambda before the first query."""
    import pykx as kx

    with kx.SyncQConnection("localhost", int(port)) as q:
        out("sum", q("2+2").py())
        out("til", q.til(3).py())
        out("ctxsum", q.sum([1, 2, 3]).py())


async def aiokdb_client(port, user, password):
    from aiokdb import cv, kj, kk, ks
    from aiokdb.client import open_qipc_connection

    r, w = await open_qipc_connection(
        host="127.0.0.1", port=int(port), user=user, password=password
    )
    out("sum", (await w.sync_req(cv("2+2"))).aJ())
    await w.sync_req(cv("f:{x+y};acc:()"))
    out("list", (await w.sync_req(kk(ks("f"), kj(4), kj(5)))).aJ())
    for i in range(100):
        await w.async_msg(cv(f"acc,:{i}"))
    out("count", (await w.sync_req(cv("count acc"))).aJ())
    try:
        await w.sync_req(cv("'custom"))
        out("error", "none")
    except Exception as e:
        out("error", str(e))
    w.close()


def mute_server():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    out("PORT", s.getsockname()[1])
    held = []
    s.settimeout(0.2)
    while True:
        try:
            c, _ = s.accept()
            held.append(c)
        except socket.timeout:
            pass
        if sys.stdin in select_ready():
            return


def select_ready():
    import select

    r, _, _ = select.select([sys.stdin], [], [], 0)
    return r


async def aiokdb_server(cert=None, key=None):
    from aiokdb import KException, cv, kj, ks, krr
    from functools import partial

    from aiokdb.server import ServerContext, handle_connection

    class Fake(ServerContext):
        def __init__(self):
            super().__init__()
            self.asyncs = []

        async def on_sync_request(self, cmd, w):
            text = cmd.aS() if cmd.t == 10 else None
            if text == "ping":
                return ks("pong")
            if text == "2+2":
                return kj(4)
            if text == "err":
                raise KException("boom")
            if text == "close":
                w.writer.close()
                await asyncio.sleep(0.1)
                return kj(0)
            if text == "pushasync":
                await w.async_msg(cv("pushed:42"))
                return kj(1)
            if text == "later":
                async def push():
                    await asyncio.sleep(0.2)
                    await w.async_msg(cv("delivered"))
                asyncio.create_task(push())
                return kj(0)
            if text == "count":
                return kj(len(self.asyncs))
            if text == "check":
                # Async messages were `(\`rec;i)`: all present, in order.
                seq = [a for a in self.asyncs]
                ok = seq == list(range(len(seq)))
                return kj(len(seq) if ok else -1)
            if text and text.startswith("sleep "):
                await asyncio.sleep(float(text.split()[1]))
                return kj(0)
            return krr("nyi")

        async def on_async_message(self, cmd, w):
            if cmd.t == 0:
                # (`rec;i)
                self.asyncs.append(cmd.kK()[1].aJ())

    ssl_ctx = None
    if cert is not None:
        import ssl

        ssl_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_ctx.load_cert_chain(cert, key)
    server = await asyncio.start_server(
        partial(handle_connection, Fake()), "127.0.0.1", 0, ssl=ssl_ctx
    )
    out("PORT", server.sockets[0].getsockname()[1])
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


def main():
    mode = sys.argv[1]
    if mode == "pykx-client":
        pykx_client(*sys.argv[2:])
    elif mode == "pykx-ctx-client":
        pykx_ctx_client(*sys.argv[2:])
    elif mode == "aiokdb-client":
        asyncio.run(aiokdb_client(*sys.argv[2:]))
    elif mode == "aiokdb-server":
        asyncio.run(aiokdb_server())
    elif mode == "aiokdb-tls-server":
        asyncio.run(aiokdb_server(*sys.argv[2:4]))
    elif mode == "mute-server":
        mute_server()
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
