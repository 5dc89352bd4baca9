//! Loading, error messages and shoe resolution.

use chrono::NaiveDate;

use super::*;

/// The example of the config contract in report-contract.md, verbatim.
const CONTRACT_EXAMPLE: &str = r#"[athlete]
name = "Alex"                 # default: the folder's name
timezone = "America/Denver"   # IANA zone, used when a file carries no offset
week_start = "monday"         # or "sunday"
max_hr = 190
threshold_hr = 172

[[shoes]]
name = "Pegasus 39"
initial_km = 560.0            # distance already on the shoe before the first run here
retire_km = 800.0             # default from the shoe_mileage rule
from = 2026-03-02             # local dates, inclusive; a missing end means still in use
until = 2026-05-24
sports = ["running", "trail_running"]   # default: all running

[[shoe_overrides]]            # pin one run to a shoe, by file or by local date
file = "activities/123.fit.gz"
shoe = "Ghost 15"

[rules.session_distance_spike]  # any rule id; tiers as in knee-risk-rules.md
notice = 0.10
warning = 0.30
high = 1.00
enabled = true
"#;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse_str(text, "patella.toml")
}

fn error(text: &str) -> String {
    match parse(text) {
        Ok(config) => format!("parsed: {config:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn contract_example_parses_to_its_values() {
    // The example's override names "Ghost 15", which it does not define:
    // add that shoe (with no dates) so the example is self-consistent.
    let text = format!("{CONTRACT_EXAMPLE}\n[[shoes]]\nname = \"Ghost 15\"\n");
    let config = parse(&text).expect("the contract example loads");
    let athlete = &config.athlete;
    assert_eq!(athlete.name.as_deref(), Some("Alex"));
    assert_eq!(athlete.timezone, Some(chrono_tz::America::Denver));
    assert_eq!(athlete.week_start, WeekStart::Monday);
    assert_eq!(
        (athlete.max_hr, athlete.threshold_hr),
        (Some(190), Some(172))
    );
    let pegasus = config.shoe("Pegasus 39").expect("shoe");
    assert_eq!(pegasus.initial_km, 560.0);
    assert_eq!(pegasus.retire_km, Some(800.0));
    assert_eq!(
        (pegasus.from, pegasus.until),
        (Some(day(2026, 3, 2)), Some(day(2026, 5, 24)))
    );
    assert_eq!(
        pegasus.sports,
        vec![RunKind::Running, RunKind::TrailRunning]
    );
    let ghost = config.shoe("Ghost 15").expect("shoe");
    assert_eq!(ghost.initial_km, 0.0);
    assert_eq!(ghost.retire_km, None);
    assert_eq!(ghost.sports, RunKind::ALL.to_vec());
    assert_eq!(
        config.shoe_overrides,
        vec![ShoeOverride {
            target: OverrideTarget::File("activities/123.fit.gz".into()),
            shoe: "Ghost 15".into(),
        }]
    );
    let rule = config.rule("session_distance_spike").expect("rule");
    assert_eq!(
        (rule.notice, rule.warning, rule.high),
        (Some(0.10), Some(0.30), Some(1.00))
    );
    assert_eq!(rule.enabled, Some(true));
    assert!(config.rule_enabled("acwr"));
}

#[test]
fn contract_example_as_written_names_an_unknown_shoe() {
    assert_eq!(
        error(CONTRACT_EXAMPLE),
        "patella.toml line 18: shoe_overrides names unknown shoe \"Ghost 15\" (configured shoes: Pegasus 39)"
    );
}

#[test]
fn only_athlete_works_and_defaults_hold() {
    let config = parse("[athlete]\nweek_start = \"sunday\"\n").expect("loads");
    assert_eq!(config.athlete.week_start, WeekStart::Sunday);
    assert!(config.shoes.is_empty() && config.rules.is_empty());
    assert_eq!(parse("").expect("empty loads"), Config::default());
    assert_eq!(
        parse("# only a comment\n").expect("loads"),
        Config::default()
    );
    // A byte-order mark from a Windows editor is not an error.
    assert_eq!(
        parse("\u{feff}[athlete]\n").expect("loads"),
        Config::default()
    );
}

#[test]
fn integers_are_accepted_where_numbers_are_expected() {
    let config =
        parse("[[shoes]]\nname = \"A\"\ninitial_km = 560\n[rules.recovery_streak]\nnotice = 7\n")
            .expect("loads");
    assert_eq!(config.shoes.first().map(|s| s.initial_km), Some(560.0));
    assert_eq!(
        config.rule("recovery_streak").and_then(|r| r.notice),
        Some(7.0)
    );
}

/// Each case: the file, then its exact one-line error.
const ERROR_CASES: &[(&str, &str)] = &[
    (
        "[athlete]\nname = \"A\"\n\n[[shoes]]\nname = \"Pegasus 39\"\ninitial_km = 1.0\nretire = 800.0\n",
        "patella.toml line 7: unknown key \"retire\" in [[shoes]] (expected one of: name, initial_km, retire_km, from, until, sports)",
    ),
    (
        "[athlete]\nname = \"A\"\ntimezone = \"Mars/Base\"\n",
        "patella.toml line 3: unknown time zone \"Mars/Base\" for athlete.timezone",
    ),
    (
        "[athlete]\nname = \"A\"\n\n[[shoes]]\nname = \"Pegasus 39\"\nfrom = 2026-04-01\n\n\n\n[[shoes]]\nname = \"Ghost 15\"\nfrom = 2026-03-01\nuntil = 2026-05-31\n",
        "patella.toml line 12: shoe \"Ghost 15\" (2026-03-01..2026-05-31) overlaps shoe \"Pegasus 39\" (2026-04-01..) for running, trail_running, treadmill_running, track_running, virtual_running",
    ),
    (
        "[[shoes]]\nname = \"A\"\nsports = [\"running\", \"track_running\"]\nfrom = 2026-01-01\n[[shoes]]\nname = \"B\"\nsports = [\"trail_running\", \"running\"]\nuntil = 2026-01-01\n",
        "patella.toml line 8: shoe \"B\" (..2026-01-01) overlaps shoe \"A\" (2026-01-01..) for running",
    ),
    (
        "[[shoes]]\nname = \"A\"\nfrom = 2026-03-01\nuntil = 2026-02-01\n",
        "patella.toml line 4: until 2026-02-01 is before from 2026-03-01 in shoe \"A\"",
    ),
    (
        "[athlete]\nname = \"A\"\n\n[rules.foo]\nnotice = 1\n",
        "patella.toml line 4: unknown rule \"foo\" (expected one of: session_distance_spike, weekly_distance_jump, acwr, cadence_low_vs_baseline, cadence_low_absolute, form_fatigue_drift, descent_session_spike, steep_descent_exposure, shoe_mileage, shoe_rotation, recovery_streak, training_monotony, intensity_spike, gct_balance_asymmetry)",
    ),
    (
        "[rules.weekly_distance_jump]\nnotice = 0.2\nwarning = 0.3\nhigh = 0.25\n",
        "patella.toml line 4: tiers of [rules.weekly_distance_jump] out of order: high 0.25 is below warning 0.3 (expected notice <= warning <= high)",
    ),
    (
        "[rules.cadence_low_vs_baseline]\nnotice = -0.10\nwarning = -0.05\n",
        "patella.toml line 3: tiers of [rules.cadence_low_vs_baseline] out of order: warning -0.05 is milder than notice -0.1 (expected notice <= warning <= high)",
    ),
    (
        "[rules.session_distance_spike]\nnotice = 0.5\nhigh = 0.4\n",
        "patella.toml line 3: tiers of [rules.session_distance_spike] out of order: high 0.4 is below notice 0.5 (expected notice <= warning <= high)",
    ),
    (
        "[rules.acwr]\nnotice = nan\n",
        "patella.toml line 2: rules.acwr.notice = NaN must be a finite number",
    ),
    (
        "[rules.acwr]\nsevere = 1.0\n",
        "patella.toml line 2: unknown key \"severe\" in [rules.acwr] (expected one of: notice, warning, high, enabled)",
    ),
    (
        "[[shoes]]\nname = \"A\"\n\n[[shoe_overrides]]\ndate = 2026-04-12\nshoe = \"B\"\n",
        "patella.toml line 6: shoe_overrides names unknown shoe \"B\" (configured shoes: A)",
    ),
    (
        "[[shoes]]\nname = \"A\"\nfrom = \"2026-03-01\"\n",
        "patella.toml line 3: bad date \"2026-03-01\" for shoes.from (write it without quotes: from = 2026-03-01)",
    ),
    (
        "[[shoes]]\nname = \"A\"\nfrom = 2026-03-01T08:00:00\n",
        "patella.toml line 3: bad date \"2026-03-01T08:00:00\" for shoes.from (expected a local date such as 2026-03-02)",
    ),
    (
        "[[shoe_overrides]]\nshoe = \"A\"\ndate = 12\n",
        "patella.toml line 3: bad date for shoe_overrides.date: found integer (expected a local date such as 2026-03-02)",
    ),
    (
        "[[shoes]]\nname = \"A\"\nuntil = 2026-02-30\n",
        "patella.toml line 3, column 9: invalid date, expected day between 01 and 28",
    ),
    ("[athlete\nname = \"A\"\n", "patella.toml line 1, column 9: unclosed table, expected `]`"),
    (
        "[athlete]\nmax_hr = \"high\"\n",
        "patella.toml line 2: athlete.max_hr: expected a whole number, found string \"high\"",
    ),
    (
        "[[shoes]]\nname = \"A\"\ninitial_km = \"lots\"\n",
        "patella.toml line 3: shoes.initial_km: expected a number, found string \"lots\"",
    ),
    ("[shoes]\nname = \"A\"\n", "patella.toml line 1: shoes: expected an array of tables, found a table (write [[shoes]] before each entry)"),
    (
        "[[athlete]]\nname = \"A\"\n",
        "patella.toml line 1: athlete: expected a table, found an array (write [athlete])",
    ),
    (
        "[rules]\nacwr = 3\n",
        "patella.toml line 2: rules.acwr: expected a table, found an integer (write [rules.acwr])",
    ),
    ("\n[[shoes]]\ninitial_km = 3\n", "patella.toml line 2: missing key \"name\" in [[shoes]]"),
    (
        "[[shoes]]\nname = \"A\"\n[[shoes]]\nname = \"A\"\n",
        "patella.toml line 4: shoe \"A\" is defined twice (first on line 2)",
    ),
    (
        "[[shoes]]\nname = \"A\"\nsports = [\"running\", \"cycling\"]\n",
        "patella.toml line 3: unknown sport \"cycling\" in shoes.sports (expected one of: running, trail_running, treadmill_running, track_running, virtual_running)",
    ),
    ("[[shoes]]\nname = \"A\"\nsports = []\n", "patella.toml line 3: shoes.sports is empty (leave it out to mean all running)"),
    ("[[shoes]]\nname = \"A\"\nretire_km = 0\n", "patella.toml line 3: shoes.retire_km = 0 must be above 0"),
    (
        "[athlete]\nmax_hr = 300\n",
        "patella.toml line 2: athlete.max_hr = 300 is not a plausible heart rate (expected 60 to 250)",
    ),
    (
        "[athlete]\nmax_hr = 170\nthreshold_hr = 180\n",
        "patella.toml line 3: athlete.threshold_hr (180) is above athlete.max_hr (170)",
    ),
    (
        "[athlete]\nweek_start = \"tuesday\"\n",
        "patella.toml line 2: unknown week start \"tuesday\" for athlete.week_start (expected one of: monday, sunday)",
    ),
    ("colour = \"red\"\n", "patella.toml line 1: unknown key \"colour\" at the top level (expected one of: athlete, shoes, shoe_overrides, rules)"),
    ("[[shoes]]\nname = \"A\"\n[[shoe_overrides]]\nshoe = \"A\"\n", "patella.toml line 3: [[shoe_overrides]] needs a file or a date"),
    (
        "[[shoes]]\nname = \"A\"\n[[shoe_overrides]]\nshoe = \"A\"\nfile = \"a.fit\"\ndate = 2026-01-01\n",
        "patella.toml line 6: [[shoe_overrides]] has both file and date; give one",
    ),
    (
        "[[shoes]]\nname = \"A\"\n[[shoes]]\nname = \"B\"\n[[shoe_overrides]]\ndate = 2026-01-01\nshoe = \"A\"\n[[shoe_overrides]]\ndate = 2026-01-01\nshoe = \"B\"\n",
        "patella.toml line 9: date 2026-01-01 is pinned to shoe \"A\" on line 6 and to \"B\" here",
    ),
];

#[test]
fn every_error_is_one_line_with_its_line_number() {
    for (text, expected) in ERROR_CASES {
        let got = error(text);
        assert_eq!(&got, expected, "for config:\n{text}");
        assert!(!got.contains('\n'));
    }
}

#[test]
fn the_first_problem_in_file_order_is_reported() {
    // Rules are stored sorted by id; the report still follows the file.
    let text = "[rules.weekly_distance_jump]\nbogus = 1\n[rules.acwr]\nbogus = 1\n";
    assert!(error(text)
        .starts_with("patella.toml line 2: unknown key \"bogus\" in [rules.weekly_distance_jump]"));
}

#[test]
fn no_input_panics() {
    // Every prefix of a full config, and some garbage: errors, never panics.
    let text = format!("{CONTRACT_EXAMPLE}\n[[shoes]]\nname = \"Ghost 15\"\n");
    for end in (0..=text.len()).filter(|end| text.is_char_boundary(*end)) {
        let _ = parse(text.get(..end).unwrap_or_default());
    }
    for garbage in [
        "=",
        "[[",
        "[a.b.c]\nx=1",
        "a = [1, 2",
        "\"\\u0000\" = 1",
        "[rules]\nacwr = 3",
        "athlete = 1",
        "[[rules]]",
    ] {
        let _ = parse(garbage);
    }
}

#[test]
fn load_and_find_read_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(Config::find(dir.path()).expect("no file is fine"), None);
    let path = dir.path().join(FILE_NAME);
    std::fs::write(&path, "[athlete]\nname = \"Alex\"\nbogus = 1\n").expect("write");
    let err = Config::find(dir.path()).expect_err("bad file");
    assert_eq!(err.line(), Some(3));
    assert!(err
        .to_string()
        .starts_with(&format!("{} line 3: unknown key", path.display())));
    std::fs::write(&path, "[athlete]\nname = \"Alex\"\n").expect("write");
    let (found, config) = Config::find(dir.path()).expect("loads").expect("found");
    assert_eq!(found, path);
    assert_eq!(config.athlete.name.as_deref(), Some("Alex"));
    std::fs::write(&path, b"[athlete]\nname = \"\xff\"\n").expect("write");
    let err = Config::load(&path).expect_err("not utf-8");
    assert_eq!(err.line(), Some(2));
    let missing = Config::load(&dir.path().join("nope.toml")).expect_err("missing");
    assert!(missing.to_string().contains("cannot read"));
}

const SHOES: &str = r#"
[[shoes]]
name = "Road"
from = 2026-03-01
until = 2026-03-31
sports = ["running", "treadmill_running"]

[[shoes]]
name = "Trail"
from = 2026-03-01
sports = ["trail_running"]

[[shoes]]
name = "Spikes"

[[shoe_overrides]]
file = "activities/7.fit.gz"
shoe = "Spikes"

[[shoe_overrides]]
date = 2026-03-10
shoe = "Trail"
"#;

#[test]
fn shoe_for_prefers_overrides_then_dates() {
    let config = parse(SHOES).expect("loads");
    let name = |file: &str, date: NaiveDate, sub: Option<&str>| {
        config
            .shoe_for(file, date, sub)
            .map(|shoe| shoe.name.clone())
    };
    // Inclusive range ends.
    assert_eq!(
        name("a.gpx", day(2026, 3, 1), None).as_deref(),
        Some("Road")
    );
    assert_eq!(
        name("a.gpx", day(2026, 3, 31), Some("treadmill")).as_deref(),
        Some("Road")
    );
    assert_eq!(name("a.gpx", day(2026, 4, 1), None), None);
    assert_eq!(name("a.gpx", day(2026, 2, 28), None), None);
    // Sports decide between shoes in use on the same day.
    assert_eq!(
        name("a.gpx", day(2026, 3, 2), Some("trail")).as_deref(),
        Some("Trail")
    );
    assert_eq!(
        name("a.gpx", day(2026, 4, 2), Some("trail")).as_deref(),
        Some("Trail")
    );
    assert_eq!(name("a.gpx", day(2026, 3, 2), Some("track")), None);
    // Overrides win: by file (any spelling), then by date.
    assert_eq!(
        name("activities/7.fit.gz", day(2026, 3, 10), None).as_deref(),
        Some("Spikes")
    );
    assert_eq!(
        name("./activities\\7.fit.gz", day(2026, 3, 2), None).as_deref(),
        Some("Spikes")
    );
    assert_eq!(
        name("export/activities/7.fit.gz", day(2026, 3, 2), None).as_deref(),
        Some("Spikes")
    );
    assert_eq!(
        name("xactivities/7.fit.gz", day(2026, 3, 2), None).as_deref(),
        Some("Road")
    );
    assert_eq!(
        name("a.gpx", day(2026, 3, 10), None).as_deref(),
        Some("Trail")
    );
    // A shoe with no dates is never picked by date.
    assert_eq!(config.shoe_by_date(day(2020, 1, 1), Some("track")), None);
}

#[test]
fn run_kinds_map_from_sub_sports() {
    assert_eq!(
        RunKind::from_sub_sport(Some("virtual_activity")),
        RunKind::VirtualRunning
    );
    assert_eq!(RunKind::from_sub_sport(Some("street")), RunKind::Running);
    assert_eq!(RunKind::from_sub_sport(None), RunKind::Running);
    for kind in RunKind::ALL {
        assert_eq!(RunKind::from_name(kind.name()), Some(kind));
    }
}
