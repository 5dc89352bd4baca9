#!/usr/bin/env python3
"""gpxpy's descent on the corpus runs of docs/accuracy.md, against the watch.

Usage: python3 scripts/descent_gpxpy.py [../shared/corpus]
Needs: pip install fitdecode gpxpy  (measurement only; no test runs this)

For every outdoor running session of a FIT file with a session
total_descent of 20 m or more, builds a gpxpy track of the session's
records (timestamp within start_time .. start_time + total_elapsed_time,
altitude = enhanced_altitude else altitude) and prints gpxpy's
GPX.get_uphill_downhill() descent and its error against total_descent.
GPX files are read as they are (gpxpy.parse), TCX trackpoints become a
track; both are compared with the FIT session starting within 60 s.
"""
import datetime as dt
import gzip
import io
import json
import os
import statistics
import sys
import xml.etree.ElementTree as ET

import fitdecode
import gpxpy
import gpxpy.gpx

MIN_WATCH_DESCENT_M = 20.0


def read(path):
    data = open(path, "rb").read()
    return gzip.decompress(data) if path.endswith(".gz") else data


def gpx_of(points):
    g = gpxpy.gpx.GPX()
    trk = gpxpy.gpx.GPXTrack()
    seg = gpxpy.gpx.GPXTrackSegment()
    g.tracks.append(trk)
    trk.segments.append(seg)
    for t, lat, lon, ele in points:
        seg.points.append(gpxpy.gpx.GPXTrackPoint(lat or 0.0, lon or 0.0, elevation=ele, time=t))
    return g


def fit_records(data):
    out = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.DISABLED,
                             error_handling=fitdecode.ErrorHandling.IGNORE) as fr:
        for m in fr:
            if isinstance(m, fitdecode.FitDataMessage) and m.name == "record":
                g = lambda k: m.get_value(k, fallback=None)
                ele = g("enhanced_altitude")
                ele = g("altitude") if ele is None else ele
                lat, lon = g("position_lat"), g("position_long")
                semi = 180.0 / 2**31
                if g("timestamp") is not None and ele is not None:
                    out.append((g("timestamp"), lat and lat * semi, lon and lon * semi, ele))
    return out


def tcx_points(data):
    out = []
    for tp in ET.fromstring(data.strip()).iter():
        if tp.tag.split("}")[-1] != "Trackpoint":
            continue
        t = ele = None
        for c in tp:
            name = c.tag.split("}")[-1]
            if name == "Time":
                t = dt.datetime.fromisoformat(c.text.strip().replace("Z", "+00:00"))
            elif name == "AltitudeMeters":
                ele = float(c.text)
        if t is not None and ele is not None:
            out.append((t, None, None, ele))
    return out


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/corpus")
    truth = json.load(open(os.path.join(corpus, "truth.json")))
    sessions = []
    for f, e in truth.items():
        if e.get("format") != "fit":
            continue
        for s in e["sessions"]:
            if (s["sport"] == "running" and s["sub_sport"] != "treadmill"
                    and s["total_descent"] is not None and s["total_descent"] >= MIN_WATCH_DESCENT_M):
                start = dt.datetime.fromisoformat(s["start_time"].replace("Z", "+00:00"))
                sessions.append((f, start, s["total_elapsed_time"] or 0.0, s["total_descent"]))
    print("| file | watch descent m | gpxpy descent m | gpxpy error % |")
    print("|---|---|---|---|")
    errors = []
    for f, start, elapsed, watch in sorted(sessions):
        end = start + dt.timedelta(seconds=elapsed)
        recs = [r for r in fit_records(read(os.path.join(corpus, f))) if start <= r[0] <= end]
        rows = [(f, gpx_of(recs))]
        for other, e in truth.items():
            first = None
            if e.get("format") == "gpx" and e.get("first_time"):
                first = e["first_time"]
            elif e.get("format") == "tcx" and e.get("activities"):
                first = e["activities"][0]["first_time_raw"]
            if first and abs((dt.datetime.fromisoformat(first.replace("Z", "+00:00")) - start).total_seconds()) <= 60:
                raw = read(os.path.join(corpus, other))
                g = gpxpy.parse(raw.decode("utf-8-sig")) if other.endswith(".gpx") else gpx_of(tcx_points(raw))
                rows.append((other, g))
        for name, g in rows:
            down = g.get_uphill_downhill()[1]
            err = (down - watch) / watch * 100
            errors.append(err)
            print(f"| {name} | {watch:.0f} | {down:.0f} | {err:+.1f} |")
    print(f"\nmedian {statistics.median(errors):+.1f}%, range {min(errors):+.1f}% to {max(errors):+.1f}%, n={len(errors)}")


if __name__ == "__main__":
    main()
