// node-q (the kdb+ client for Node.js) as a client of a qrepl server, for
// tests/interop_node.rs. node-q is found through NODE_PATH.
//
// Modes:
//   client PORT              run queries; print one `name=value` line each,
//                            the value as JSON
//   auth PORT USER PASSWORD  connect with credentials; print `auth=2` (the
//                            answer to 1+1) or `auth="refused"`
//
// Exits 0 after printing, 1 on an unexpected failure, 3 if stuck.
"use strict";

const nodeq = require("node-q");

const [mode, portText, user, password] = process.argv.slice(2);
const port = Number(portText);

// A stuck connection must not hang the test.
setTimeout(() => {
  console.error("node-q peer: no answer within 20 s");
  process.exit(3);
}, 20000).unref();

function out(name, value) {
  console.log(`${name}=${JSON.stringify(value)}`);
}

// node-q may report a failed connection twice (an error, then the close).
function connect(params) {
  return new Promise((resolve, reject) => {
    let settled = false;
    nodeq.connect({ host: "127.0.0.1", port, ...params }, (err, con) => {
      if (settled) {
        return;
      }
      settled = true;
      if (err) {
        reject(err);
      } else {
        resolve(con);
      }
    });
  });
}

function sync(con, ...args) {
  return new Promise((resolve, reject) => {
    con.k(...args, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

function send(con, ...args) {
  return new Promise((resolve, reject) => {
    con.ks(...args, (err) => (err ? reject(err) : resolve()));
  });
}

function close(con) {
  return new Promise((resolve) => con.close(resolve));
}

async function client() {
  const con = await connect({});
  out("sum", await sync(con, "1+1"));
  // Async messages are applied in order before a later sync request.
  await send(con, "x:42");
  out("async", await sync(con, "x"));
  await send(con, "n:0");
  await Promise.all(Array.from({ length: 100 }, () => send(con, "n+:1")));
  out("count", await sync(con, "n"));
  // A function applied to arguments node-q serialises (floats).
  out("call", await sync(con, "{x*y}", 6, 7));
  out("dict", await sync(con, "`a`b!1 2"));
  // Tables arrive as one object per row.
  out("table", await sync(con, "([]a:1 2 3;b:`x`y`z)"));
  try {
    out("error", { none: await sync(con, "1+`a") });
  } catch (e) {
    out("error", e.message);
  }
  // The connection is still usable after an error.
  out("after", await sync(con, "2+2"));
  await close(con);
}

async function auth() {
  let con;
  try {
    con = await connect({ user, password });
  } catch (e) {
    console.error(`node-q peer: ${e.message}`);
    out("auth", "refused");
    return;
  }
  out("auth", await sync(con, "1+1"));
  await close(con);
}

const modes = { client, auth };
if (!modes[mode]) {
  console.error(`node-q peer: unknown mode ${mode}`);
  process.exit(1);
}
modes[mode]().catch((e) => {
  console.error(`node-q peer: ${e.stack || e}`);
  process.exit(1);
});
