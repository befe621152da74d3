//! q's own functions that are defined in q: `dsave`, and the `.Q` and
//! `.h` utilities that are plain compositions of other q functions
//! (dotq.md, doth.md).
//! They are run into every fresh interpreter after the database prelude,
//! whose `.Q.en .Q.dd .Q.par` they use.

/// The definitions, in q. `dsave` lives in `.q`, so it is found from any
/// namespace like the other q keywords. Enumerations carry no attribute
/// in q-lite, so `dsave` marks its first column parted only when that
/// column is not symbols.
pub const PRELUDE: &str = r#"
.Q.M:0W
.Q.K:.z.k
.Q.k:.z.K
.Q.qt:{$[99h=type x;98h=type value x;98h=type x]}
.Q.V:{$[98h=type x;flip x;99h=type x;flip (0!x);'`type]}
.Q.v:{$[-11h<>type x;x;":"=first string x;get ` sv x,`;get x]}
.Q.fu:{[f;x] $[0h>type x;f x;(f u)(u:distinct x)?x]}
.Q.ft:{[f;t] $[99h=type t;(count keys t)!f 0!t;f t]}
.Q.ff:{[x;y] c:cols[y] except cols x; $[count c;x,'flip c!{[n;v] n#first 0#v}[count x] each y c;x]}
.Q.ind:{[t;i] t i}
.Q.cn:{count x}
.Q.sha1:{-33!x}
.Q.opt:{[o] i:where o like "-[^0-9]*"; .Q.x:$[count i;(first i)#o;o]; if[0=count i; :(`symbol$())!()]; o:i _ o; (`$1_'first each o)!{$[1=count x;first x;x]} each 1_'o}
.Q.def:{[d;o] k:key[o] inter key d; d,k!{[v;s] $[(type v) in -10 0 10h;s;(upper .Q.t abs type v)$s]}'[d k;o k]}
.Q.ens:{[d;t;s] c:cols[t] where 11h=type each value flip t; if[0=count c; :t]; if[not s in key `.; s set `symbol$()]; f:` sv d,s; if[count key f; s set get f]; n:distinct[raze t c] except get s; if[count n; s set (get s),n; f set get s]; flip (cols t)!{[t;c;s;k] $[k in c;s$t k;t k]}[t;c;s] each cols t}
.Q.dpt:{[d;p;t] (` sv .Q.par[d;p;t],`) set .Q.en[d] value t; t}
.Q.dpts:{[d;p;t;s] (` sv .Q.par[d;p;t],`) set .Q.ens[d;value t;s]; t}
.Q.dpfts:{[d;p;f;t;s] x:.Q.ens[d;value t;s]; if[not f in cols x; '"f"]; x:f xcols x iasc x f; (` sv .Q.par[d;p;t],`) set x; t}
.h.xt:{[x;y] $[x~`json;.j.k each y;'`type]}
.h.tx:`raw`json`csv`txt`xml!((,:);{.j.j each $[.Q.qt x;0!x;x]};.h.cd;{"\t" 0:x};.h.xd)
.q.dsave:{[x;y] {[x;t] v:value t; v:.Q.en[first x] @[v;first cols v;`p#]; (` sv x,t,`) set v; t}[(),x] each y}
"#;
