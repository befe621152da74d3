//! The local parts of the IPC tutorials.

// ---- the local parts of ../shared/seeds (IPC articles) ----
q!(seed_handles_empty, ".z.H~key .z.W", "1b");
q!(seed_serialized_size, "-22!\"2+2\"", "17");
q!(
    seed_connections_table,
    "connections:([]handle:`int$();ip:`int$();user:`$())\nmeta connections",
    "c     | t f a\n------| -----\nhandle| i\nip    | i\nuser  | s"
);
q!(
    seed_po_upsert,
    "connections:([]handle:`int$();ip:`int$();user:`$())\n.z.po:{`connections upsert (.z.w;.z.a;.z.u)}\n.z.po 6i\ncount connections\nexec handle from connections",
    "`connections\n1\n,0i"
);
q!(
    seed_reset_handler,
    ".z.po:{`connections upsert (.z.w;.z.a;.z.u)}\n\\x .z.po\n.z.po",
    "'.z.po"
);
q!(
    seed_pc_delete,
    "connections:([]handle:`int$();ip:`int$();user:`$())\n`connections upsert (6i;2130706433i;`user123)\n.z.pc:{delete from `connections where handle=x}\n.z.pc 6i\ncount connections",
    "`connections\n`connections\n0"
);
q!(
    seed_pw_blacklist,
    "blacklist:`user123\n.z.pw:{[user;pass] $[user in blacklist;0b;1b]}\n.z.pw[`user123;\"x\"]\n.z.pw[`bob;\"x\"]",
    "0b\n1b"
);
q!(
    seed_pg_tracker_length,
    "query_tracker:([]time:`timestamp$();user:`$();query:())\n.z.pg:{[x]`query_tracker upsert (.z.p;.z.u;.z.u;x);value x}\n.z.pg \"2+2\"",
    "'length"
);
q!(
    seed_pg_tracker_fixed,
    "query_tracker:([]time:`timestamp$();user:`$();query:())\n.z.pg:{[x]`query_tracker upsert (.z.p;.z.u;x);value x}\n.z.pg \"2+2\"\ncount query_tracker\nexec query from query_tracker",
    "4\n1\n\"2+2\""
);
q!(
    seed_value_string_dict,
    "value \"`a`b`c!1 2 3\"",
    "a| 1\nb| 2\nc| 3"
);
q!(seed_value_dict, "value `a`b`c!1 2 3", "1 2 3");
q!(seed_system_sleep, "system \"sleep 0\"", "");
q!(seed_port_unset, "\\p", "0i");
q!(
    seed_pw_permitted,
    "permittedusers:`abc`xyz`pqr\n.z.pw:{[u;p] (u in permittedusers) and (p~\"pass\")}\n.z.pw[`abc;\"pass\"]\n.z.pw[`abc;\"x\"]\n.z.pw[`bob;\"pass\"]",
    "1b\n0b\n0b"
);
q!(
    seed_handle_symbol,
    "h1: `:localhost:1234\nh1",
    "`:localhost:1234"
);
q!(seed_write_stdout, "neg[1]\"hi\"", "hi\n-1");
q!(seed_write_stdout_one, "1 \"hi\\n\";", "hi");
