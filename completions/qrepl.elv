
use builtin;
use str;

set edit:completion:arg-completer[qrepl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'qrepl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'qrepl'= {
            cand -p 'Listen on PORT for kdb+, HTTP and WebSocket clients (`0W` picks a free port)'
            cand --port 'Listen on PORT for kdb+, HTTP and WebSocket clients (`0W` picks a free port)'
            cand -E 'TLS on the listener: 0 plain clients only (the default), 1 plain and TLS clients on the same port, 2 TLS only. The certificate and key come from KX_SSL_CERT_FILE and KX_SSL_KEY_FILE (PEM)'
            cand -u 'Users file; also blocks system commands and exit from remote clients'
            cand -U 'Users file (clients must authenticate; no other restriction)'
            cand -c 'Console size: rows and columns (`\c`)'
            cand -P 'Significant digits for floats (`\P`; 0 means 17)'
            cand -t 'Timer interval in milliseconds (`\t`): `.z.ts` runs that often, starting before a script loads'
            cand -w 'Workspace limit in MB (`\w`): past it an operation fails with `''wsfull`. Without it, the limit is the machine''s memory'
            cand -T 'Timeout in seconds for a client''s query (`\T`): past it the query stops with `''stop` and the server goes on'
            cand --format 'How results are printed'
            cand -e 'Evaluate EXPR, print its result and exit (may be repeated)'
            cand --eval 'Evaluate EXPR, print its result and exit (may be repeated)'
            cand --history 'History file (default: qrepl/history under the user''s data directory)'
            cand --max-message 'Largest IPC message accepted from a peer, in bytes'
            cand --stall-timeout 'Seconds a client may stall in its handshake or mid-message before it is dropped'
            cand --trace-file 'Trace every IPC message to FILE, appending (also `` .qrepl.trace:`:FILE `` in a session)'
            cand --generate 'Print shell completions or the man page, then exit'
            cand -b 'Blocked: clients may read but not change globals or files (`''noupdate`)'
            cand -q 'Quiet: no banner'
            cand --quiet 'Quiet: no banner'
            cand --stop-on-error 'Stop at the first line that fails (lines from a pipe, or -e)'
            cand --no-color 'Never use colour'
            cand --ask-password 'Ask for the remote password at a prompt instead of taking it from the target or `QREPL_PASSWORD`'
            cand --trace 'Trace every IPC message on stderr, one line each (also `.qrepl.trace:1b` in a session)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
