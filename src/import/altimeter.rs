//! Whether a recording's elevation is barometric or GPS, from what the
//! file says about the device that made it.
//!
//! The evidence, strongest first: a FIT `device_info` listing a barometer
//! among the watch's own sensors; then the device's model, matched against
//! a short table of models whose altimeter is known. The table holds only
//! models whose specification we are sure of; every other model, an app,
//! or a file that names no device gives [`ElevationSource::Unknown`].
//!
//! The signal itself does not decide. On the shared corpus no measure of a
//! 1 s trace separated the two (smoothness, share of repeated values,
//! second differences, the 0.2 m steps Garmin stores both kinds in): a
//! barometric FR945 and a GPS-only FR630 overlap on every one of them
//! (docs/accuracy.md).

use crate::model::ElevationSource;

/// Families whose every model has a barometric altimeter, by the start of
/// the model's compact name (see [`compact`]).
const BAROMETRIC_FAMILIES: &[&str] = &[
    // Garmin outdoor watches: every generation carries the ABC sensors.
    "fenix",
    "epix",
    "enduro",
    "tactix",
    "quatix",
    "marq",
    // Garmin vivoactive HR, 3 and 4 (not the first one, nor the 5).
    "vivoactivehr",
    "vivoactive3",
    "vivoactive4",
    // Garmin Instinct (1, Solar, 2, 2X, Crossover, 3), but see NOT_SURE.
    "instinct",
    // COROS: every APEX and VERTIX, the PACE 2 and 3.
    "apex",
    "vertix",
    "pace2",
    "pace3",
    // Suunto: the "Baro" and Peak models, Ambit3 Peak, Spartan Ultra, Vertical.
    "9baro",
    "9peak",
    "ambit3peak",
    "spartanultra",
    "vertical",
    // Polar: V800, Vantage V (1-3), Grit X (all).
    "v800",
    "vantagev",
    "gritx",
];

/// Names a family above would claim but whose altimeter we are not sure
/// of: the Garmin Instinct E (the cheaper Instinct) may lack the barometer.
const NOT_SURE: &[&str] = &["instincte"];

/// Models known to have no barometer: their altitude comes from GPS.
const GPS_ONLY_MODELS: &[&str] = &[
    "vivoactive",
    "vivoactive5",
    "vantagem",
    "vantagem2",
    "ambit3sport",
    "ambit3run",
];

/// Forerunner model numbers with a barometric altimeter.
const BAROMETRIC_FORERUNNERS: &[u32] = &[255, 265, 910, 920, 935, 945, 955, 965];
/// Forerunner model numbers without one.
const GPS_ONLY_FORERUNNERS: &[u32] = &[
    10, 15, 25, 30, 35, 45, 55, 110, 205, 210, 220, 225, 230, 235, 245, 305, 310, 405, 410, 610,
    620, 630, 735,
];

/// What a device's name says about its altimeter: `None` for a model
/// the table does not know (or an app, or a web service).
///
/// Accepts the spellings files use: FIT profile names (`fr945`,
/// `vivo_active_hr`, `fenix5`), TCX `Creator` names ("Forerunner 945",
/// "Garmin Forerunner 310XT"), FIT `product_name` ("COROS APEX Pro").
pub fn by_model(name: &str) -> Option<ElevationSource> {
    let key = compact(name);
    if let Some(number) = forerunner_number(&key) {
        if BAROMETRIC_FORERUNNERS.contains(&number) {
            return Some(ElevationSource::Barometric);
        }
        if GPS_ONLY_FORERUNNERS.contains(&number) {
            return Some(ElevationSource::Gps);
        }
        return None;
    }
    if GPS_ONLY_MODELS.contains(&key.as_str()) {
        return Some(ElevationSource::Gps);
    }
    if NOT_SURE.iter().any(|n| key.starts_with(n)) {
        return None;
    }
    let barometric = BAROMETRIC_FAMILIES.iter().any(|f| key.starts_with(f));
    barometric.then_some(ElevationSource::Barometric)
}

/// The source of a FIT recording: barometric when the watch lists a
/// barometer among its sensors, else what its model says, else unknown.
pub fn of_fit(lists_barometer: bool, models: &[&str]) -> ElevationSource {
    if lists_barometer {
        return ElevationSource::Barometric;
    }
    of_named(models)
}

/// The source of a GPX or TCX recording from the device names it carries
/// (TCX `Creator/Name`, GPX `creator`): unknown when none is a known model.
/// A service's name ("Garmin Connect", "StravaGPX") says nothing about
/// the device behind it.
pub fn of_named(models: &[&str]) -> ElevationSource {
    models
        .iter()
        .find_map(|m| by_model(m))
        .unwrap_or(ElevationSource::Unknown)
}

/// Lower case, letters and digits only, accents dropped ("fēnix" is
/// written both ways), the maker's name and "Forerunner" shortened to
/// "fr" as FIT writes it.
fn compact(name: &str) -> String {
    let mut key: String = name
        .chars()
        .map(|c| match c {
            'ē' | 'Ē' | 'é' | 'É' => 'e',
            c => c.to_ascii_lowercase(),
        })
        .filter(char::is_ascii_alphanumeric)
        .collect();
    for maker in ["garmin", "coros", "suunto", "polar"] {
        if let Some(rest) = key.strip_prefix(maker) {
            key = rest.to_string();
        }
    }
    match key.strip_prefix("forerunner") {
        Some(rest) => format!("fr{rest}"),
        None => key,
    }
}

/// The model number of a Forerunner ("fr945lte" is 945), `None` for other
/// names.
fn forerunner_number(key: &str) -> Option<u32> {
    let rest = key.strip_prefix("fr")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ElevationSource::{Barometric, Gps, Unknown};

    /// Spellings as they appear in the shared corpus (FIT profile names,
    /// TCX creators, COROS product names) and on Garmin's spec sheets.
    #[test]
    fn models_by_their_file_spellings() {
        for name in [
            "fr945",
            "Forerunner 945",
            "fr945_lte",
            "fr955",
            "fr255",
            "fr920xt",
            "fr910xt",
            "fenix2",
            "fenix3_hr",
            "fēnix 7X",
            "vivo_active_hr",
            "COROS APEX Pro",
            "Suunto 9 Baro",
            "Suunto Spartan Ultra",
            "Polar V800",
            "Instinct 2X Solar",
        ] {
            assert_eq!(by_model(name), Some(Barometric), "{name}");
        }
        for name in [
            "fr630",
            "fr735xt",
            "fr225",
            "Forerunner 15",
            "Forerunner305",
            "Garmin Forerunner 310XT",
            "Forerunner 610",
            "fr245",
            "vivo_active",
        ] {
            assert_eq!(by_model(name), Some(Gps), "{name}");
        }
        // Unknown models, apps and services decide nothing.
        for name in [
            "Garmin Connect",
            "StravaGPX",
            "Apple Watch",
            "Instinct E",
            "fr165",
            "Suunto 9",
            "edge_1030_plus",
            "",
        ] {
            assert_eq!(by_model(name), None, "{name}");
        }
    }

    #[test]
    fn the_sensor_list_outranks_the_model() {
        assert_eq!(of_fit(true, &["fr630"]), Barometric);
        assert_eq!(of_fit(false, &["fr630"]), Gps);
        assert_eq!(of_fit(false, &["strava", "102"]), Unknown);
        assert_eq!(of_named(&["Garmin Connect"]), Unknown);
        assert_eq!(of_named(&["Forerunner 945"]), Barometric);
    }
}
