//! q's own functions that are defined in q: `dsave`, and the `.Q` and
//! `.h` utilities that are plain compositions of other q functions
//! (dotq.md, doth.md), among them `.Q.hg` and `.Q.hp`, which make HTTP
//! requests with `` `:http://host "request" `` (kb/http.md).
//! They are run into every fresh interpreter after the database prelude,
//! whose `.Q.en .Q.dd .Q.par` they use.

/// The definitions, in q. `dsave` lives in `.q`, so it is found from any
/// namespace like the other q keywords. The database functions it builds
/// on (`.Q.ens .Q.dpfts .Q.cn .Q.ind .Q.qt`) are the database prelude's.
pub const PRELUDE: &str = r#"
.Q.M:0W
.Q.K:.z.k
.Q.k:.z.K
.Q.V:{$[98h=type x;flip x;99h=type x;flip (0!x);'`type]}
.Q.v:{$[-11h<>type x;x;":"=first string x;get ` sv x,`;get x]}
.Q.fu:{[f;x] $[0h>type x;f x;(f u)(u:distinct x)?x]}
.Q.ft:{[f;t] $[99h=type t;(count keys t)!f 0!t;f t]}
.Q.ff:{[x;y] c:cols[y] except cols x; $[count c;x,'flip c!{[n;v] n#first 0#v}[count x] each y c;x]}
.Q.sha1:{-33!x}
.Q.fk:{$[(t<20)|76<t:type x;`;key x]}
.Q.opt:{[o] i:where o like "-[^0-9]*"; .Q.x:$[count i;(first i)#o;o]; if[0=count i; :(`symbol$())!()]; o:i _ o; (`$1_'first each o)!{$[1=count x;first x;x]} each 1_'o}
.Q.def:{[d;o] k:key[o] inter key d; d,k!{[v;s] $[(type v) in -10 0 10h;s;(upper .Q.t abs type v)$s]}'[d k;o k]}
.Q.dpt:{[d;p;t] (` sv .Q.par[d;p;t],`) set .Q.en[d] value t; t}
.Q.dpts:{[d;p;t;s] (` sv .Q.par[d;p;t],`) set .Q.ens[d;value t;s]; t}
.Q.fc:{[f;x] f x}
.Q.addr:{-13!x}
.Q.j10:{64 sv .Q.b6?x}
.Q.x10:{.Q.b6(10#64)vs x}
.Q.j12:{36 sv .Q.nA?x}
.Q.x12:{.Q.nA(12#36)vs x}
.Q.host:{-12!x}
.Q.hmb:{[x;m;b] u:$[10h=type x;x;string x]; m:$[10h=type m;m;string m]; if[":"=first u;u:1_u]; if[u like "https://*";'"nyi: https"]; if[not u like "http://*";'`domain]; r:7_u; a:(r?"/")#r; p:$[count[a]<count r;count[a]_r;"/"]; j:$["@" in a;last where a="@";-1]; c:$[j<0;"";j#a]; a:(1+j)_a; q:m," ",p," HTTP/1.1\r\nHost: ",a,"\r\n",$[count c;"Authorization: Basic ",.Q.btoa[c],"\r\n";""],"Accept-Encoding: gzip\r\nConnection: close\r\n",$[count b;"Content-Type: ",b[0],"\r\nContent-Length: ",string[count b 1],"\r\n\r\n",b 1;"\r\n"]; s:(`$":http://",a) q; e:first s ss "\r\n\r\n"; if[null e;:s]; h:e#s; s:(e+4)_s; $[any {(x like "content-encoding:*")&0<count x ss "gzip"} each lower "\r\n" vs h;.Q.gz s;s]}
.Q.hg:{.Q.hmb[x;"GET";()]}
.Q.hp:{[x;y;z] .Q.hmb[x;"POST";(y;z)]}
.h.d:" "
.h.val:value
.h.hr:{(count x)#"-"}
.h.xmp:{"<xmp>",("\n" sv x,enlist ""),"</xmp>"}
.h.xt:{[x;y] $[x~`json;.j.k each y;'`type]}
.h.tx:`raw`json`csv`txt`xml`xls!((,:);{.j.j each $[.Q.qt x;0!x;x]};.h.cd;{"\t" 0:x};.h.xd;.h.ed)
.Q.dsftg:{[d;s;f;t;g] w:sum t 1; o:s 1; e:$[0<s 2;o+s 2;(hcount s 0)+s 2]; m:w*.Q.M&1000000; p:` sv .Q.par[d 0;d 1;d 2],`; while[o<e; b:read1 (s 0;o;m&e-o); if[0=count b;'`length]; o+:count b; x:.Q.en[d 0] g flip f!t 1: b; $[()~key p;p set x;.[p;();,;x]]]; d 2}
.q.dsave:{[x;y] {[x;t] v:value t; v:.Q.en[first x] @[v;first cols v;`p#]; (` sv x,t,`) set v; t}[(),x] each y}
"#;
