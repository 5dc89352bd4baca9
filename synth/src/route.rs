//! Route geometry and terrain: where a runner is after `d` metres.
//!
//! The route is a polyline walked by distance, so positions stay consistent
//! with the recorded distance (the haversine length of the track matches it
//! to a fraction of a percent), and terrain is a function of the place on
//! the route, so an out-and-back climbs exactly what it later descends.

use std::f64::consts::PI;

use patella::model::LatLon;

use super::rng::SplitMix64;

/// Metres per degree of latitude on the mean-radius sphere that haversine
/// distances (e.g. `geo::Haversine`) use.
const M_PER_DEG: f64 = 6_371_008.8 * PI / 180.0;

/// Polyline resolution: fine enough that chords match arcs.
const STEP_M: f64 = 10.0;

/// The shape of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteShape {
    /// Leaves home and comes back from the other side.
    Loop,
    /// Runs out and turns around at half the distance.
    OutAndBack,
    /// An out-and-back over steep ground: one wave of hills, about
    /// 2 km long, whose amplitude is the hilliness. A hilliness of 42 m
    /// gives grades up to about +-13% and 42 m of descent per km.
    Mountain,
}

/// Wavelength of the single hill wave of [`RouteShape::Mountain`].
const MOUNTAIN_WAVE_M: f64 = 2000.0;

/// A route around a start point, with its rolling hills.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    shape: RouteShape,
    center: LatLon,
    /// Points in metres east/north of `center`.
    points: Vec<(f64, f64)>,
    /// Arc length at each point.
    cumulative: Vec<f64>,
    /// Length of one full lap of the route (out and back counted once each).
    lap_m: f64,
    hills: Hills,
}

#[derive(Debug, Clone)]
struct Hills {
    base_m: f64,
    /// (amplitude m, wavelength m, phase rad)
    terms: [(f64, f64, f64); 2],
}

impl Hills {
    fn raw(&self, u: f64) -> f64 {
        self.terms
            .iter()
            .map(|&(amp, wave, phase)| amp * (2.0 * PI * u / wave + phase).sin())
            .sum()
    }
}

impl Route {
    /// A route of `lap_m` metres starting at `center`. Hills have a typical
    /// amplitude of `hilliness_m`: total ascent comes out near
    /// `1.2 × hilliness_m` metres per kilometre.
    pub(crate) fn new(
        shape: RouteShape,
        center: LatLon,
        lap_m: f64,
        hilliness_m: f64,
        base_altitude_m: f64,
        rng: &mut SplitMix64,
    ) -> Route {
        let lap_m = lap_m.max(200.0);
        let path_m = match shape {
            RouteShape::Loop => lap_m,
            RouteShape::OutAndBack | RouteShape::Mountain => lap_m / 2.0,
        };
        let heading0 = rng.range(0.0, 2.0 * PI);
        let wiggle = [
            (rng.range(0.2, 0.4), rng.range(0.0, 2.0 * PI)),
            (rng.range(0.1, 0.25), rng.range(0.0, 2.0 * PI)),
        ];
        let heading = |s: f64| match shape {
            // Integer harmonics keep the turning total at one full circle.
            RouteShape::Loop => {
                let f = s / lap_m;
                heading0
                    + 2.0 * PI * f
                    + wiggle[0].0 * (2.0 * PI * 3.0 * f + wiggle[0].1).sin()
                    + wiggle[1].0 * (2.0 * PI * 7.0 * f + wiggle[1].1).sin()
            }
            RouteShape::OutAndBack | RouteShape::Mountain => {
                heading0
                    + 2.0 * wiggle[0].0 * (2.0 * PI * s / 1800.0 + wiggle[0].1).sin()
                    + wiggle[1].0 * (2.0 * PI * s / 450.0 + wiggle[1].1).sin()
            }
        };
        let steps = (path_m / STEP_M).ceil().max(1.0) as usize;
        let step = path_m / steps as f64;
        let mut points = Vec::with_capacity(steps + 1);
        let (mut x, mut y) = (0.0, 0.0);
        points.push((x, y));
        for i in 0..steps {
            let h = heading((i as f64 + 0.5) * step);
            x += step * h.sin();
            y += step * h.cos();
            points.push((x, y));
        }
        if shape == RouteShape::Loop {
            // Spread the small closing gap along the loop so it ends at home.
            let (gx, gy) = (x, y);
            for (i, p) in points.iter_mut().enumerate() {
                let f = i as f64 / steps as f64;
                p.0 -= gx * f;
                p.1 -= gy * f;
            }
        }
        let mut cumulative = Vec::with_capacity(points.len());
        let mut total = 0.0;
        cumulative.push(0.0);
        for pair in points.windows(2) {
            total += (pair[1].0 - pair[0].0).hypot(pair[1].1 - pair[0].1);
            cumulative.push(total);
        }
        // Scale back to the planned length after the closing correction.
        let scale = if total > 0.0 { path_m / total } else { 1.0 };
        for c in &mut cumulative {
            *c *= scale;
        }
        let mut waves = [2500.0, 900.0];
        if shape == RouteShape::Loop {
            // Whole wavelengths per lap so the terrain closes too.
            for w in &mut waves {
                *w = lap_m / (lap_m / *w).round().max(1.0);
            }
        }
        let terms = [
            (0.7 * hilliness_m, waves[0], rng.range(0.0, 2.0 * PI)),
            (0.3 * hilliness_m, waves[1], rng.range(0.0, 2.0 * PI)),
        ];
        let terms = match shape {
            RouteShape::Mountain => [
                (hilliness_m, MOUNTAIN_WAVE_M, terms[0].2),
                (0.0, waves[1], terms[1].2),
            ],
            RouteShape::Loop | RouteShape::OutAndBack => terms,
        };
        let hills = Hills {
            base_m: base_altitude_m,
            terms,
        };
        Route {
            shape,
            center,
            points,
            cumulative,
            lap_m,
            hills,
        }
    }

    /// Position along the path (0..path length) after `d` metres travelled.
    fn path_pos(&self, d: f64) -> f64 {
        let u = d.rem_euclid(self.lap_m);
        match self.shape {
            RouteShape::Loop => u,
            RouteShape::OutAndBack | RouteShape::Mountain => {
                let half = self.lap_m / 2.0;
                if u > half {
                    self.lap_m - u
                } else {
                    u
                }
            }
        }
    }

    /// Metres east/north of the start after `d` metres travelled.
    pub(crate) fn offset_m(&self, d: f64) -> (f64, f64) {
        let u = self.path_pos(d);
        let i = self.cumulative.partition_point(|&c| c <= u);
        let at = |j: usize| Some((*self.points.get(j)?, *self.cumulative.get(j)?));
        match (i.checked_sub(1).and_then(at), at(i)) {
            (Some((a, ca)), Some((b, cb))) => {
                let f = if cb > ca { (u - ca) / (cb - ca) } else { 0.0 };
                (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
            }
            (Some((a, _)), None) => a,
            _ => self.points.first().copied().unwrap_or((0.0, 0.0)),
        }
    }

    /// Converts metres east/north of the start into degrees.
    pub(crate) fn to_lat_lon(&self, east_m: f64, north_m: f64) -> LatLon {
        let lat = self.center.lat_deg + north_m / M_PER_DEG;
        let lon = self.center.lon_deg
            + east_m / (M_PER_DEG * self.center.lat_deg.to_radians().cos().max(0.01));
        LatLon {
            lat_deg: lat,
            lon_deg: lon,
        }
    }

    /// Terrain altitude after `d` metres travelled; equals the base at the
    /// start.
    pub(crate) fn altitude_m(&self, d: f64) -> f64 {
        let u = self.path_pos(d);
        self.hills.base_m + self.hills.raw(u) - self.hills.raw(0.0)
    }

    /// Grade (rise over run) in the direction of travel at `d`.
    pub(crate) fn grade(&self, d: f64) -> f64 {
        let ahead = self.altitude_m(d + 5.0);
        let behind = self.altitude_m((d - 5.0).max(0.0));
        let run = if d < 5.0 { 5.0 + d } else { 10.0 };
        (ahead - behind) / run
    }
}
