
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'qrepl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'qrepl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'qrepl' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Listen on PORT for kdb+, HTTP and WebSocket clients (`0W` picks a free port)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Listen on PORT for kdb+, HTTP and WebSocket clients (`0W` picks a free port)')
            [CompletionResult]::new('-E', '-E ', [CompletionResultType]::ParameterName, 'TLS on the listener: 0 plain clients only (the default), 1 plain and TLS clients on the same port, 2 TLS only. The certificate and key come from KX_SSL_CERT_FILE and KX_SSL_KEY_FILE (PEM)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Users file; also blocks system commands and exit from remote clients')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Users file (clients must authenticate; no other restriction)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Console size: rows and columns (`\c`)')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Significant digits for floats (`\P`; 0 means 17)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Timer interval in milliseconds (`\t`): `.z.ts` runs that often, starting before a script loads')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Workspace limit in MB (`\w`): past it an operation fails with `''wsfull`. Without it, the limit is the machine''s memory')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Timeout in seconds for a client''s query (`\T`): past it the query stops with `''stop` and the server goes on')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How results are printed')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Evaluate EXPR, print its result and exit (may be repeated)')
            [CompletionResult]::new('--eval', '--eval', [CompletionResultType]::ParameterName, 'Evaluate EXPR, print its result and exit (may be repeated)')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'History file (default: qrepl/history under the user''s data directory)')
            [CompletionResult]::new('--max-message', '--max-message', [CompletionResultType]::ParameterName, 'Largest IPC message accepted from a peer, in bytes')
            [CompletionResult]::new('--stall-timeout', '--stall-timeout', [CompletionResultType]::ParameterName, 'Seconds a client may stall in its handshake or mid-message before it is dropped')
            [CompletionResult]::new('--trace-file', '--trace-file', [CompletionResultType]::ParameterName, 'Trace every IPC message to FILE, appending (also `` .qrepl.trace:`:FILE `` in a session)')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Print shell completions or the man page, then exit')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Blocked: clients may read but not change globals or files (`''noupdate`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quiet: no banner')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quiet: no banner')
            [CompletionResult]::new('--stop-on-error', '--stop-on-error', [CompletionResultType]::ParameterName, 'Stop at the first line that fails (lines from a pipe, or -e)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour')
            [CompletionResult]::new('--ask-password', '--ask-password', [CompletionResultType]::ParameterName, 'Ask for the remote password at a prompt instead of taking it from the target or `QREPL_PASSWORD`')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Trace every IPC message on stderr, one line each (also `.qrepl.trace:1b` in a session)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
