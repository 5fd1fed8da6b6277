//! `limber report` as a runner meets it (SPEC 9): the Markdown of the fixture
//! log (`tests/fixtures/history/`, at the same pinned clock in Berlin as
//! `limber history`), `--since`, `--plan`, `-o FILE`, the HTML page's
//! structure, and the page rendered by a real browser (headless Chromium).

use crate::history_cli::{home_with_fixture, limber};
use crate::support::{self, assert_terminal_safe};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A browser start on a loaded CI machine takes seconds; this is its deadline.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn markdown_of_the_fixture() {
    let home = home_with_fixture();
    let run = limber(home.path(), &["report"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_terminal_safe("limber report", &run.stdout);
    assert_eq!(
        run.stderr,
        "warning: history.jsonl line 5 is damaged and was skipped\n"
    );
    insta::assert_snapshot!("markdown", run.stdout);
    // The same as --format md, and previews left out of every number.
    let md = limber(home.path(), &["report", "--format", "md"]);
    assert_eq!(md.stdout, run.stdout);
    assert!(run.stdout.contains("- **Previews left out:** 2\n"));
}

#[test]
fn since_starts_the_period_on_that_day() {
    let home = home_with_fixture();
    let run = limber(home.path(), &["report", "--since", "2025-03-29"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("# limber report: 29 March to 31 March 2025\n"),
        "{}",
        run.stdout
    );
    // 29 March (IT band), 30 March (calf release) and 31 March (morning reset).
    assert!(
        run.stdout.contains("- **Sessions:** 3 (3 done"),
        "{}",
        run.stdout
    );
    let run = limber(home.path(), &["report", "--since", "March"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
}

#[test]
fn a_plan_that_is_not_active_is_one_clear_error() {
    let home = home_with_fixture();
    let run = limber(home.path(), &["report", "--plan", "plantar-heel"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .ends_with("limber: no plan 'plantar-heel' is active\n"),
        "{}",
        run.stderr
    );
    let run = limber(home.path(), &["report", "--plan", "x\u{1b}[2J"]);
    assert_eq!(run.code, Some(1));
    assert_terminal_safe("limber report --plan", &run.stderr);
}

#[test]
fn output_goes_to_the_file_and_a_folder_is_one_clear_error() {
    let home = home_with_fixture();
    let file = home.path().join("report.md");
    fs::write(&file, "an older, longer report ".repeat(1000)).expect("write");
    let run = limber(home.path(), &["report", "-o", "report.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let stdout = limber(home.path(), &["report"]).stdout;
    assert_eq!(fs::read_to_string(&file).expect("read"), stdout);

    let run = limber(home.path(), &["report", "--output", "."]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr.lines().last(),
        Some("limber: cannot write the report to .: it is a folder")
    );
    let run = limber(home.path(), &["report", "-o", "no/such/folder/r.md"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("cannot write the report to no/such/folder/r.md: "),
        "{}",
        run.stderr
    );
}

fn html_of_the_fixture(home: &Path) -> String {
    let run = limber(home, &["report", "--format", "html"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.stdout
}

#[test]
fn html_is_one_self_contained_page() {
    let home = home_with_fixture();
    let html = html_of_the_fixture(home.path());
    assert_terminal_safe("limber report --format html", &html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</body>\n</html>\n"));
    assert_eq!(html.matches("<html").count(), 1);
    // Nothing is fetched and nothing runs: it works offline, in any mail app.
    for outside in [
        "http", "src=", "href=", "<script", "<link", "url(", "@import",
    ] {
        assert!(!html.contains(outside), "the page has {outside:?}");
    }
    assert!(html.contains("@page"));
    assert!(html.contains("@media print"));
    // Minutes per week, per target, and tightness over time.
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 3);
    assert_eq!(html.matches("</svg>").count(), 3);
    // Text from the log is escaped and cleaned: the right-to-left override in a
    // skipped step's name shows as its code, never acts.
    assert!(html.contains("<td class=\"text\">\\u{202e}Left lunge</td>"));
    assert!(!html.contains('\u{202e}'));
    // Each tag opened is closed (a page a browser need not repair).
    for tag in [
        "table", "tr", "td", "th", "svg", "text", "h2", "p", "ul", "li",
    ] {
        let opened =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let closed = html.matches(&format!("</{tag}>")).count();
        assert_eq!(opened, closed, "<{tag}>");
    }
}

/// The browser, or a loud failure: this test never passes without one.
fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output()
            && out.status.success()
        {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            return PathBuf::from(path);
        }
    }
    panic!(
        "headless Chromium is needed to check the HTML report renders, and none is installed: \
         apt-get install chromium (.ci/run does it)"
    );
}

/// Runs headless Chromium on `page` with `args`, within [`BROWSER_TIMEOUT`].
fn browse(dir: &Path, page: &Path, args: &[&str]) {
    let profile = dir.join("profile");
    let mut cmd = assert_cmd::Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()));
    let run = support::run_within(&mut cmd, BROWSER_TIMEOUT);
    assert_eq!(run.code, Some(0), "chromium failed:\n{}", run.stderr);
}

#[test]
fn html_renders_in_a_real_browser_and_prints_on_one_or_two_a4_pages() {
    let home = home_with_fixture();
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    fs::write(&page, html_of_the_fixture(home.path())).expect("write page");

    // A4 at 96 dpi: 794 x 1123 pixels.
    let shot = dir.path().join("report.png");
    browse(
        dir.path(),
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=794,1123",
        ],
    );
    let png = fs::read(&shot).expect("chromium wrote the screenshot");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let frame = reader.next_frame(&mut pixels).expect("decodes");
    assert_eq!((frame.width, frame.height), (794, 1123));
    let channels = frame.color_type.samples();
    let pixels = &pixels[..frame.buffer_size()];
    let mut colours = std::collections::BTreeSet::new();
    let mut inked = 0usize;
    for px in pixels.chunks_exact(channels) {
        colours.insert(px[..3].to_vec());
        if px[..3].iter().any(|&c| c < 200) {
            inked += 1;
        }
    }
    let total = pixels.len() / channels;
    // Text, rules and the charts' blue: a blank or unstyled page has neither.
    assert!(
        inked * 100 > total * 3,
        "only {inked} of {total} pixels are inked: is the page blank?"
    );
    assert!(colours.len() > 50, "{} colours", colours.len());
    let blue = pixels
        .chunks_exact(channels)
        .filter(|px| px[..3] == [0x2a, 0x6f, 0x97])
        .count();
    assert!(
        blue > 2000,
        "the charts' bars are missing: {blue} blue pixels"
    );

    let pdf = dir.path().join("report.pdf");
    browse(
        dir.path(),
        &page,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let pdf = fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&pdf);
    // Chromium writes one uncompressed page tree: /Count is the page count,
    // and the media box is A4 (595 x 842 points).
    let count = text
        .split("/Count ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<u32>().ok())
        .expect("a page count in the PDF");
    assert!((1..=2).contains(&count), "{count} pages");
    let size: Vec<f64> = text
        .split("/MediaBox [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .map(|b| {
            b.split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .expect("a media box in the PDF");
    assert!(
        matches!(size[..], [0.0, 0.0, w, h] if (w - 595.0).abs() < 1.0 && (h - 842.0).abs() < 1.0),
        "not A4: {size:?}"
    );
}
