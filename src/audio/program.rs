//! Runs a helper program (the speech program) so that it cannot hold up
//! limber: its stdin gets what it is given and is closed, its stderr is
//! discarded (it would tear the full-screen UI), its stdout is read with a size
//! limit, and a watchdog kills it at a deadline.

use super::decode::MAX_FILE;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How often the watchdog looks whether the program has ended.
const POLL: Duration = Duration::from_millis(5);

/// The most output read from a speech program.
pub(super) fn limit() -> usize {
    usize::try_from(MAX_FILE).unwrap_or(usize::MAX)
}

/// Runs `program` with `args`, `stdin` written to it and closed, stderr
/// discarded, and stdout read (up to [`MAX_FILE`]) when `capture` is set. A
/// program still running after `timeout`, or that writes too much, is killed.
pub(super) fn run(
    program: &str,
    args: &[OsString],
    stdin: Option<&str>,
    capture: bool,
    timeout: Duration,
) -> Result<(ExitStatus, Vec<u8>), String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(if capture {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let input = child.stdin.take();
    let output = child.stdout.take();
    // The watchdog owns the child: it waits for it to end, or kills it at the
    // deadline (which also ends a read of its stdout that would never finish).
    let watchdog = std::thread::Builder::new()
        .name("program-watchdog".into())
        .spawn(move || {
            let deadline = Instant::now() + timeout;
            loop {
                if let Some(status) = child.try_wait()? {
                    return Ok(status);
                }
                if Instant::now() >= deadline {
                    let _ = child.kill();
                    return child.wait();
                }
                std::thread::sleep(POLL);
            }
        })
        .map_err(|e| format!("cannot watch {program}: {e}"))?;
    if let (Some(mut pipe), Some(text)) = (input, stdin) {
        // A program that ends without reading its input is no error here.
        let _ = pipe.write_all(text.as_bytes());
    }
    let mut bytes = Vec::new();
    if let Some(pipe) = output {
        // At the limit the pipe is closed: a program still writing gets
        // SIGPIPE (or the watchdog at the deadline).
        let _ = pipe.take(MAX_FILE).read_to_end(&mut bytes);
    }
    let status: std::io::Result<ExitStatus> = watchdog
        .join()
        .map_err(|_| format!("lost track of {program}"))?;
    let status = status.map_err(|e| format!("{program} did not finish: {e}"))?;
    Ok((status, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_hangs_or_floods_is_stopped() {
        let started = Instant::now();
        let (status, _) = run(
            "sleep",
            &["30".into()],
            None,
            false,
            Duration::from_millis(200),
        )
        .expect("sleep runs");
        assert!(!status.success(), "sleep was killed");
        let (_, bytes) = run("yes", &[], None, true, Duration::from_secs(10)).expect("yes runs");
        assert_eq!(bytes.len(), limit(), "the output is read up to the limit");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        let (status, echoed) =
            run("cat", &[], Some("said once"), true, Duration::from_secs(10)).expect("cat runs");
        assert!(status.success(), "stdin is closed, so cat ends");
        assert_eq!(echoed, b"said once");
    }
}
