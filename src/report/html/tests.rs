use super::*;
use crate::pipeline::{analyze, AnalyzeRequest, AthleteRun};
use crate::report::charts::ChartOutcome;
use crate::report::json::AthleteReport;

fn demo() -> AthleteRun {
    analyze(&AnalyzeRequest {
        paths: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo-export").into()],
        ..AnalyzeRequest::default()
    })
    .unwrap()
}

/// Chart outcomes without drawing: every chart a warning points at is
/// "drawn", except the recovery chart, which is "not drawn" with a reason.
fn outcomes(run: &AthleteRun) -> Vec<ChartOutcome> {
    let mut keys: Vec<String> = run
        .evaluation
        .warnings
        .iter()
        .map(crate::report::charts::chart_for_warning)
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|key| {
            if key == "recovery" {
                ChartOutcome::NotDrawn {
                    key,
                    title: "Recovery".into(),
                    reason: "No <runs> & no rest".into(),
                }
            } else {
                ChartOutcome::Drawn {
                    file: format!("{key}.png"),
                    title: key.clone(),
                    about: None,
                    key,
                }
            }
        })
        .collect()
}

#[test]
fn escape_covers_markup_and_quotes() {
    assert_eq!(
        escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
    );
}

#[test]
fn athlete_page_lists_now_then_every_finding_in_order_with_its_chart() {
    let run = demo();
    let report = AthleteReport::of(&run);
    let charts = outcomes(&run);
    let page = athlete_page(&AthletePage {
        report: &report,
        charts: &charts,
        team_link: None,
    });
    // Self-contained: no script, no external resource.
    for banned in ["<script", "<link", "http://", "https://", "@import", "url("] {
        assert!(!page.contains(banned), "{banned}");
    }
    assert!(page.contains(&escape(crate::report::json::NOT_MEDICAL_ADVICE)));
    // "Now" opens the page, before the cards and the findings, one line
    // per finding of now, linking to it.
    let now_at = page.find("<section id=\"now\"").expect("now");
    assert!(now_at < page.find("class=\"cards\"").expect("cards"));
    let now = run.evaluation.warnings.iter().filter(|w| w.now).count();
    assert_eq!(now, 5);
    for n in 1..=now {
        assert!(page.contains(&format!("<a href=\"#finding-{n}\">")), "{n}");
    }
    // Each finding's message, in the order of report.json (now first, then
    // newest first), after the Now section.
    let mut last = now_at;
    for (i, w) in run.evaluation.warnings.iter().enumerate() {
        let anchor = format!("<li id=\"finding-{}\"", i + 1);
        let at = page.find(&anchor).expect("the finding's item");
        assert!(at > last, "{w:?}");
        last = at;
        assert!(page[at..].contains(&escape(&w.message)));
        // Its chart link points at an anchor present on the page.
        let chart = crate::report::charts::chart_for_warning(w);
        assert!(page.contains(&format!("href=\"#chart-{chart}\"")));
        assert!(page.contains(&format!("id=\"chart-{chart}\"")));
    }
    // A chart that could not be drawn shows its reason, escaped.
    assert!(page.contains("No &lt;runs&gt; &amp; no rest"));
    // The weekly table shows every week (17 of them, Feb 2 to May 25).
    assert!(page.contains("<tr class=\"flag-"));
    assert!(page.contains("<td class=\"t\">2026-02-02</td>"));
    assert!(page.contains("<td class=\"t\">2026-05-25</td>"));
}

#[test]
fn team_page_puts_the_riskiest_athlete_first() {
    // The demo runner has current high findings; an athlete with the same
    // log but no warnings comes after.
    let run = demo();
    let risky = AthleteReport::of(&run);
    let mut calm = AthleteReport::of(&run);
    calm.name = "Calm runner".into();
    calm.warnings = &[];
    let page = team_page(&[
        TeamRow::failed(
            "Broken <config>".into(),
            "bad key `x` in patella.toml".into(),
        ),
        TeamRow::of(&calm, "calm-runner/index.html".into()),
        TeamRow::of(&risky, "demo-runner/index.html".into()),
    ]);
    let risky_at = page.find("demo-runner/index.html").unwrap();
    let calm_at = page.find("calm-runner/index.html").unwrap();
    assert!(risky_at < calm_at);
    // The athlete who could not be analyzed: counted, said at the top, and
    // a last row with the reason, escaped.
    assert!(page.contains("3 athletes, riskiest first"), "{page}");
    assert!(page.contains("<strong>1 could not be analyzed</strong>"));
    let failed_at = page
        .find("<td class=\"t\">Broken &lt;config&gt;</td><td class=\"t\" colspan=\"6\">not analyzed: bad key `x` in patella.toml</td>")
        .unwrap();
    assert!(calm_at < failed_at);
    // Pegasus 39 is past 800 km: due.
    assert!(page.contains("Pegasus 39 (839 km)"), "{page}");
    assert!(!page.contains("<script"));
}
