//! The demo report in a real browser: headless Chromium loads index.html,
//! every warning's text is on the page, every chart image has loaded, and
//! a screenshot comes out non-blank.
//!
//! Needs Chromium (`chromium`, `chromium-browser` or `google-chrome` on
//! the PATH, or its path in PATELLA_CHROMIUM); `.ci/run` installs Debian's
//! `chromium` when it is missing. Without one the test fails and says so,
//! rather than passing without a look.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("PATELLA_CHROMIUM") {
        return path.into();
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found: install Debian's `chromium` (as .ci/run does) or set PATELLA_CHROMIUM"
    );
}

fn headless(args: &[&str], page: &Path) -> std::process::Output {
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--allow-file-access-from-files",
            // Let the page's load handlers finish before the dump.
            "--virtual-time-budget=15000",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

/// Undoes the escaping of a serialized DOM's text.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// A script, added to a copy of the page in the test only (the report
/// itself carries none), that records after loading how many images the
/// page has and which did not load.
const CHECK_SCRIPT: &str = r#"<script>
window.addEventListener('load', function () {
  var images = Array.prototype.slice.call(document.images);
  var out = document.createElement('pre');
  out.id = 'patella-check';
  out.textContent = JSON.stringify({
    images: images.length,
    broken: images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                  .map(function (i) { return i.getAttribute('src'); }),
    headings: Array.prototype.map.call(document.querySelectorAll('h2'),
                  function (h) { return h.textContent; }),
    now: Array.prototype.map.call(document.querySelectorAll('ol.now li'),
                  function (li) { return li.textContent; }),
    nowTop: (function () {
      var now = document.getElementById('now');
      var first = document.querySelector('ol.warnings');
      return now && first ? now.getBoundingClientRect().top < first.getBoundingClientRect().top : null;
    })()
  });
  document.body.appendChild(out);
});
</script></body>"#;

#[test]
fn demo_report_renders_in_chromium_with_every_warning_and_image() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report");
    let status = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .arg("analyze")
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("patella runs");
    assert_eq!(status.status.code(), Some(0));
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("read"))
            .expect("JSON");
    let charts = report["charts"].as_array().expect("charts").len();
    assert!(charts >= 6);

    let page = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    let checked = out.join("check.html");
    std::fs::write(&checked, page.replace("</body>", CHECK_SCRIPT)).expect("written");
    let dump = headless(&["--dump-dom"], &checked);
    assert!(dump.status.success(), "{dump:?}");
    let dom = String::from_utf8_lossy(&dump.stdout);
    let start = dom
        .find("<pre id=\"patella-check\">")
        .expect("the check ran")
        + 24;
    let end = start + dom[start..].find("</pre>").expect("closed");
    let check: Value = serde_json::from_str(&unescape(&dom[start..end])).expect("check JSON");
    assert_eq!(check["images"].as_u64(), Some(charts as u64), "{check}");
    assert_eq!(check["broken"].as_array().map(Vec::len), Some(0), "{check}");

    // "Now" opens the page: the first section, drawn above the findings,
    // listing exactly report.json's `now` findings, in their order, one
    // line each with the headline.
    assert_eq!(
        check["headings"][0].as_str().unwrap_or_default(),
        "Now: the 28 days to 2026-05-30",
        "{check}"
    );
    assert_eq!(check["nowTop"], true, "{check}");
    let now: Vec<&Value> = report["athletes"][0]["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["now"] == true)
        .collect();
    assert!(!now.is_empty() && now.len() <= 5);
    let shown = check["now"].as_array().expect("now items");
    assert_eq!(shown.len(), now.len(), "{check}");
    for (item, finding) in shown.iter().zip(&now) {
        let item = item.as_str().unwrap_or_default();
        let headline = finding["headline"].as_str().expect("headline");
        assert!(item.contains(headline), "{item:?} lacks {headline:?}");
        assert!(
            item.to_lowercase()
                .contains(finding["tier"].as_str().expect("tier")),
            "{item:?}"
        );
    }

    // Every warning's message, suggestion and rule as the browser holds
    // them.
    let text = unescape(&dom);
    let warnings = report["athletes"][0]["warnings"]
        .as_array()
        .expect("warnings");
    assert!(warnings.len() >= 10);
    for warning in warnings {
        for key in ["message", "suggestion", "rule", "headline"] {
            let expected = warning[key].as_str().expect("text");
            assert!(
                text.contains(expected),
                "{key} {expected:?} not in the page"
            );
        }
    }
    assert!(text.contains("Not medical advice."));

    // A screenshot of the top of the page at the default chart size.
    let shot = dir.path().join("shot.png");
    let taken = headless(
        &[
            "--window-size=1600,2000",
            &format!("--screenshot={}", shot.display()),
        ],
        &out.join("index.html"),
    );
    assert!(taken.status.success(), "{taken:?}");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("screenshot written"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("decoded");
    assert_eq!((info.width, info.height), (1600, 2000));
    let step = info.color_type.samples();
    let mut colours = std::collections::HashSet::new();
    for pixel in pixels[..info.buffer_size()].chunks(step) {
        colours.insert(pixel.to_vec());
        if colours.len() > 50 {
            break;
        }
    }
    assert!(colours.len() > 50, "the screenshot looks blank");
}
