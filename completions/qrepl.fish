complete -c qrepl -s p -l port -d 'Listen on PORT for kdb+, HTTP and WebSocket clients (`0W` picks a free port)' -r
complete -c qrepl -s E -d 'TLS on the listener: 0 plain clients only (the default), 1 plain and TLS clients on the same port, 2 TLS only. The certificate and key come from KX_SSL_CERT_FILE and KX_SSL_KEY_FILE (PEM)' -r
complete -c qrepl -s u -d 'Users file; also blocks system commands and exit from remote clients' -r -F
complete -c qrepl -s U -d 'Users file (clients must authenticate; no other restriction)' -r -F
complete -c qrepl -s c -d 'Console size: rows and columns (`\\c`)' -r
complete -c qrepl -s P -d 'Significant digits for floats (`\\P`; 0 means 17)' -r
complete -c qrepl -s t -d 'Timer interval in milliseconds (`\\t`): `.z.ts` runs that often, starting before a script loads' -r
complete -c qrepl -s w -d 'Workspace limit in MB (`\\w`): past it an operation fails with `\'wsfull`. Without it, the limit is the machine\'s memory' -r
complete -c qrepl -s T -d 'Timeout in seconds for a client\'s query (`\\T`): past it the query stops with `\'stop` and the server goes on' -r
complete -c qrepl -l format -d 'How results are printed' -r -f -a "q\t'Exactly what the q console prints'
box\t'Tables and dictionaries in boxes'
csv\t'Comma-separated values, whole results'
json\t'JSON, whole results'"
complete -c qrepl -s e -l eval -d 'Evaluate EXPR, print its result and exit (may be repeated)' -r
complete -c qrepl -l history -d 'History file (default: qrepl/history under the user\'s data directory)' -r -F
complete -c qrepl -l max-message -d 'Largest IPC message accepted from a peer, in bytes' -r
complete -c qrepl -l stall-timeout -d 'Seconds a client may stall in its handshake or mid-message before it is dropped' -r
complete -c qrepl -l trace-file -d 'Trace every IPC message to FILE, appending (also `` .qrepl.trace:`:FILE `` in a session)' -r -F
complete -c qrepl -l generate -d 'Print shell completions or the man page, then exit' -r -f -a "bash\t'Bash completions'
zsh\t'Zsh completions'
fish\t'Fish completions'
elvish\t'Elvish completions'
powershell\t'PowerShell completions'
man\t'The man page (roff)'"
complete -c qrepl -s b -d 'Blocked: clients may read but not change globals or files (`\'noupdate`)'
complete -c qrepl -s q -l quiet -d 'Quiet: no banner'
complete -c qrepl -l stop-on-error -d 'Stop at the first line that fails (lines from a pipe, or -e)'
complete -c qrepl -l no-color -d 'Never use colour'
complete -c qrepl -l ask-password -d 'Ask for the remote password at a prompt instead of taking it from the target or `QREPL_PASSWORD`'
complete -c qrepl -l trace -d 'Trace every IPC message on stderr, one line each (also `.qrepl.trace:1b` in a session)'
complete -c qrepl -s h -l help -d 'Print help (see more with \'--help\')'
complete -c qrepl -s V -l version -d 'Print version'
