//! Keywords q-lite lacks name themselves in `nyi`; the ones it has work.

// ---- q keywords outside q-lite: 'nyi naming the construct ----
q!(nyi_plist, "plist", "'nyi: plist");
q!(nyi_dynamic_load, "`f 2: (`g;1)", "'nyi: 2:");
q!(nyi_dotq, ".Q.prf0", "'nyi: .Q.prf0");
q!(nyi_dotq_qualified, ".q.plist", "'nyi: .q.plist");
q!(nyi_doth, ".h.fram", "'nyi: .h.fram");
q!(nyi_internal, "-17!1", "'nyi: -17!");
q!(nyi_keyword_reserved, "aj:1", "'assign");
q!(undefined_name, "foo", "'foo");
// Keywords q-lite does implement (xrank.md, rand.md, csv in q.k).
q!(xrank_quartiles, "4 xrank til 8", "0 0 1 1 2 2 3 3");
q!(xrank_terciles, "3 xrank 1 37 5 4 0 3", "0 2 2 1 0 1");
q!(rand_type, "type rand 10", "-7h");
q!(rand_from_list, "(rand `a`b`c) in `a`b`c", "1b");
q!(csv_comma, "csv", "\",\"");
