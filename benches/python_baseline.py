#!/usr/bin/env python3
"""The Python baseline of benches/e2e.sh: weekly running distance of an
archive, the way a runner would script it with fitdecode and gpxpy.

    python_baseline.py ARCHIVE [--out WEEKS.tsv]
    python_baseline.py --compare WEEKS.tsv REPORT.json

The first form walks ARCHIVE (hidden files and folders skipped, as patella
does), decodes FIT with fitdecode (sessions' total_distance), GPX with
gpxpy (track length) and TCX with a plain XML parse (laps'
DistanceMeters), .gz too, and sums the distance per week (Monday start)
of each run's local date, in the zone of ARCHIVE/patella.toml (else UTC).
It prints the weekly totals and writes them as TSV with --out.

The second form prints a few weeks side by side with patella's report.json
(`athletes[0].weeks`) as a sanity check: they should roughly agree.

Standard library plus fitdecode and gpxpy (e2e.sh installs them in a
virtual environment under target/bench-venv).
"""

import datetime as dt
import gzip
import json
import os
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def open_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def kind_of(path):
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for ext in ("fit", "gpx", "tcx"):
        if name.endswith("." + ext):
            return ext
    return None


def utc(value):
    """An aware UTC datetime from a datetime (naive means UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def fit_runs(data):
    """(start UTC, metres) of each running session of a FIT file."""
    import fitdecode

    runs = []
    with fitdecode.FitReader(data) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage) or frame.name != "session":
                continue
            sport = frame.get_value("sport", fallback=None)
            if sport not in ("running", 1, None):
                continue
            start = frame.get_value("start_time", fallback=None)
            metres = frame.get_value("total_distance", fallback=None)
            if start is not None and metres is not None:
                runs.append((utc(start), float(metres)))
    return runs


def gpx_runs(data):
    import gpxpy

    gpx = gpxpy.parse(data.decode("utf-8"))
    runs = []
    for track in gpx.tracks:
        start = None
        for segment in track.segments:
            for point in segment.points:
                if point.time is not None:
                    start = point.time
                    break
            if start is not None:
                break
        if start is not None:
            runs.append((utc(start), track.length_2d()))
    return runs


def tcx_runs(data):
    root = ET.fromstring(data)
    runs = []
    for activity in root.iter(TCX_NS + "Activity"):
        if activity.get("Sport") not in ("Running", None):
            continue
        laps = activity.findall(TCX_NS + "Lap")
        if not laps:
            continue
        start = dt.datetime.fromisoformat(laps[0].get("StartTime").replace("Z", "+00:00"))
        metres = sum(float(lap.findtext(TCX_NS + "DistanceMeters", "0")) for lap in laps)
        runs.append((utc(start), metres))
    return runs


def zone_of(archive):
    try:
        with open(os.path.join(archive, "patella.toml"), "rb") as f:
            name = tomllib.load(f).get("athlete", {}).get("timezone")
        return ZoneInfo(name) if name else dt.timezone.utc
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return dt.timezone.utc


def weekly(archive):
    zone = zone_of(archive)
    decoders = {"fit": fit_runs, "gpx": gpx_runs, "tcx": tcx_runs}
    weeks = {}
    files = failed = 0
    for folder, dirs, names in os.walk(archive):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            kind = kind_of(name)
            if name.startswith(".") or kind is None:
                continue
            path = os.path.join(folder, name)
            try:
                runs = decoders[kind](open_bytes(path))
            except Exception as error:  # a bad file must not stop the walk
                print(f"{path}: {error}", file=sys.stderr)
                failed += 1
                continue
            files += 1
            for start, metres in runs:
                local = start.astimezone(zone).date()
                monday = local - dt.timedelta(days=local.weekday())
                count, total = weeks.get(monday, (0, 0.0))
                weeks[monday] = (count + 1, total + metres)
    return weeks, files, failed


def compare(weeks_tsv, report_json):
    ours = {}
    with open(weeks_tsv) as f:
        next(f)
        for line in f:
            week, runs, km = line.rstrip("\n").split("\t")
            ours[week] = (int(runs), float(km))
    with open(report_json) as f:
        report = json.load(f)
    theirs = {
        w["week_start"]: (w["runs"], w["distance_km"])
        for w in report["athletes"][0]["weeks"]
        if w["runs"]
    }
    common = sorted(set(ours) & set(theirs))
    print(f"weeks with runs: python {len(ours)}, patella {len(theirs)}, both {len(common)}")
    if not common:
        return
    picks = common[:3] + common[len(common) // 2 - 1 : len(common) // 2 + 2] + common[-3:]
    print("week        python runs/km   patella runs/km   diff")
    for week in dict.fromkeys(picks):
        (pr, pk), (tr, tk) = ours[week], theirs[week]
        diff = (tk - pk) / pk * 100 if pk else float("nan")
        print(f"{week}  {pr:4d} {pk:8.1f}      {tr:4d} {tk:8.1f}   {diff:+5.1f}%")
    py_total = sum(ours[w][1] for w in common)
    pa_total = sum(theirs[w][1] for w in common)
    off = [w for w in common if abs(theirs[w][1] - ours[w][1]) > 0.02 * max(ours[w][1], 1.0)]
    print(
        f"total over common weeks: python {py_total:.1f} km, patella {pa_total:.1f} km "
        f"({(pa_total - py_total) / py_total * 100:+.2f}%); weeks more than 2% apart: {len(off)}"
    )
    only = sorted(set(ours) ^ set(theirs))
    if only:
        print(f"weeks in only one of them: {', '.join(only[:10])}{' ...' if len(only) > 10 else ''}")


def main(argv):
    if len(argv) == 3 and argv[0] == "--compare":
        compare(argv[1], argv[2])
        return 0
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--out"):
        print(__doc__, file=sys.stderr)
        return 2
    started = time.perf_counter()
    weeks, files, failed = weekly(argv[0])
    print("week_start\truns\tkm")
    for monday in sorted(weeks):
        count, metres = weeks[monday]
        print(f"{monday}\t{count}\t{metres / 1000:.1f}")
    runs = sum(c for c, _ in weeks.values())
    km = sum(m for _, m in weeks.values()) / 1000
    print(
        f"python baseline: {files} files ({failed} failed), {runs} runs, {km:.1f} km "
        f"in {len(weeks)} weeks, {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    if len(argv) == 3:
        with open(argv[2], "w") as f:
            f.write("week_start\truns\tkm\n")
            for monday in sorted(weeks):
                count, metres = weeks[monday]
                f.write(f"{monday}\t{count}\t{metres / 1000:.3f}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
