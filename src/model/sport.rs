//! Sports as the files name them, folded into one vocabulary.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The sport of an activity, normalized across FIT, GPX, TCX and Strava.
///
/// Running variants (trail, treadmill, track, virtual) are `Running` with a
/// sub-sport; see [`crate::model::Activity::sub_sport`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sport {
    Running,
    Cycling,
    Swimming,
    Walking,
    Hiking,
    Transition,
    Other(String),
}

impl Sport {
    /// The snake_case name used in reports (`running`, `cycling`, ...).
    pub fn name(&self) -> &str {
        match self {
            Sport::Running => "running",
            Sport::Cycling => "cycling",
            Sport::Swimming => "swimming",
            Sport::Walking => "walking",
            Sport::Hiking => "hiking",
            Sport::Transition => "transition",
            Sport::Other(name) => name,
        }
    }

    /// Folds a sport label from any source into a sport and an optional
    /// sub-sport.
    ///
    /// Understands FIT enum names (`running`, `cycling`), TCX (`Running`,
    /// `Biking`), GPX `<type>` words in any case (`run`, `Trail Running`),
    /// Strava activity types (`Run`, `Trail Run`, `Virtual Run`,
    /// `Treadmill`, `Ride`) and Strava's numeric GPX codes (`9` = run).
    /// Returns `None` for an empty or meaningless label (e.g. TCX `Other`).
    pub fn from_label(label: &str) -> Option<(Sport, Option<&'static str>)> {
        let folded: String = label
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        let found = match folded.as_str() {
            "" | "other" | "generic" | "unknown" | "all" => return None,
            "running" | "run" | "9" | "street" | "streetrunning" | "roadrunning" => {
                (Sport::Running, None)
            }
            "trailrunning" | "trailrun" | "trail" => (Sport::Running, Some("trail")),
            "treadmill" | "treadmillrunning" | "indoorrunning" | "indoorrun" => {
                (Sport::Running, Some("treadmill"))
            }
            "trackrunning" | "track" | "trackrun" => (Sport::Running, Some("track")),
            "virtualrun" | "virtualrunning" => (Sport::Running, Some("virtual_activity")),
            "cycling" | "biking" | "ride" | "bike" | "1" | "virtualride" | "ebikeride"
            | "mountainbikeride" | "gravelride" | "roadbiking" | "mountainbiking" => {
                (Sport::Cycling, None)
            }
            "swimming" | "swim" | "lapswimming" | "openwaterswimming" => (Sport::Swimming, None),
            "walking" | "walk" | "10" => (Sport::Walking, None),
            "hiking" | "hike" | "4" => (Sport::Hiking, None),
            "transition" => (Sport::Transition, None),
            _ => {
                let snake = label.trim().to_lowercase().replace([' ', '-'], "_");
                (Sport::Other(snake), None)
            }
        };
        Some(found)
    }
}

impl Serialize for Sport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The inverse of [`Sport::name`], for the cache.
impl<'de> Deserialize<'de> for Sport {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Sport, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(match name.as_str() {
            "running" => Sport::Running,
            "cycling" => Sport::Cycling,
            "swimming" => Sport::Swimming,
            "walking" => Sport::Walking,
            "hiking" => Sport::Hiking,
            "transition" => Sport::Transition,
            _ => Sport::Other(name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strava_types_that_count_as_running() {
        for (label, sub) in [
            ("Run", None),
            ("Trail Run", Some("trail")),
            ("Virtual Run", Some("virtual_activity")),
            ("Treadmill", Some("treadmill")),
            ("9", None),
            ("running", None),
            ("Running", None),
        ] {
            assert_eq!(
                Sport::from_label(label),
                Some((Sport::Running, sub)),
                "{label}"
            );
        }
    }

    #[test]
    fn names_read_back_as_the_same_sport() {
        for sport in [
            Sport::Running,
            Sport::Cycling,
            Sport::Swimming,
            Sport::Walking,
            Sport::Hiking,
            Sport::Transition,
            Sport::Other("rock_climbing".into()),
        ] {
            let json = serde_json::to_string(&sport).unwrap();
            assert_eq!(serde_json::from_str::<Sport>(&json).unwrap(), sport);
        }
    }

    #[test]
    fn other_sports_and_empty_labels() {
        assert_eq!(Sport::from_label("Biking"), Some((Sport::Cycling, None)));
        assert_eq!(Sport::from_label("Ride"), Some((Sport::Cycling, None)));
        assert_eq!(Sport::from_label("Other"), None);
        assert_eq!(Sport::from_label("  "), None);
        assert_eq!(
            Sport::from_label("Rock Climbing"),
            Some((Sport::Other("rock_climbing".into()), None))
        );
    }
}
