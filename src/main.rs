//! The `qrepl` command: parse the flags, run the session, exit with its status.

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;
use qrepl::cli::Cli;
use qrepl::config::Config;

/// The session's stack. Values can nest deeply and the walks over them
/// recurse; a large stack lets them go deep before they give `'stack`. Only
/// the pages a walk touches are ever committed.
const SESSION_STACK: usize = 256 << 20;

fn main() -> ExitCode {
    let session = std::thread::Builder::new()
        .name("qrepl".into())
        .stack_size(SESSION_STACK)
        .spawn(run);
    let result = match session {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the session stopped unexpectedly"))),
        // No room for a large stack: run on this thread's.
        Err(_) => run(),
    };
    match result {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "qrepl: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<i32> {
    let argv = qrepl::cli::hoist_options(std::env::args_os().collect());
    let cli = Cli::from_arg_matches(&qrepl::cli::command().get_matches_from(argv))
        .unwrap_or_else(|e| e.exit());
    if let Some(kind) = cli.generate {
        let mut out = std::io::stdout().lock();
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = out.write_all(&qrepl::generate::render(kind));
        return Ok(0);
    }
    let config = Config::from_cli(cli)?;
    let code = qrepl::repl::run(config)?;
    Ok(code)
}
