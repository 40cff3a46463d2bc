#!/usr/bin/env python3
"""Writes the sample survey files in input/ from the real municipal roster.

The municipalities are real: each survey holds those of its as-of date,
by the roster of codes by date (input/roster.csv).  Every adoption value
and every population is synthetic, drawn from a fixed seed so that the
files are the same each time.  The draws are shaped so that the national
counts match the published national figures (see input/README.md).

    python3 input/generate.py

The draws are made for the municipalities of 2016-10-10 (the MIC code
list the sample started from).  A municipality of a survey's date that
is the same body under another code then (富谷町 044237, 富谷市 from
2016-10-10) takes its values; one that merged away before (岩舟町, absorbed
into 栃木市 on 2014-04-05) has a draw of its own and adopted nothing.
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DRAWN = "2016-10-10"
SURVEYS = {2014: "2014-04-01", 2015: "2015-04-01", 2016: "2016-04-01"}
MUNICIPAL = ("city", "town", "village", "special_ward", "designated_city")
# Changes after which a code names the same body as before.
SAME_BODY = ("市制施行", "町制施行", "名称変更", "政令指定都市施行",
             "郡の区域変更")

SEED = 20170707

# National counts the sample must reproduce, by survey year (as-of April 1).
WINDOW = {2014: 208, 2015: 256, 2016: 302}
JOINT = {2014: 247, 2015: 293, 2016: 312}
SINGLE = {2014: 315, 2015: 435, 2016: 475}

# 2016 cloud adoption by population band (MIC material, 2016-09-28).
BANDS = [  # (low, high, joint, single)
    (0, 50_000, 265, 330),
    (50_000, 200_000, 43, 116),
    (200_000, 500_000, 4, 24),
    (500_000, 10**9, 0, 5),
]

# Cases from the Cabinet Office deck, fixed whatever the draw says.
WINDOW_CASES = {"142158": 2014, "313726": 2015, "312011": 2016,
                "112453": 2016, "112429": 2016}
JOINT_CASES = {"232025": 2014, "232017": 2014,           # Okazaki, Toyohashi
               "082252": 2015, "082261": 2015,           # Ibaraki shared
               "082309": 2015, "085421": 2015,           # cloud of four
               "152021": 2014, "222101": 2014}           # Nagaoka, Fuji
SINGLE_CASES = {"121002", "131113", "131121", "131202", "341002"}
POPULATION = {  # approximate, to put the named places in their bands
    "232025": 381_000, "232017": 376_000, "152021": 275_000,
    "222101": 252_000, "121002": 972_000, "131113": 717_000,
    "131121": 903_000, "131202": 721_000, "341002": 1_194_000,
    "142158": 130_000, "111007": 1_264_000,
}


def population(rng, row, designated):
    code, kind = row["code"], row["kind"]
    if kind == "designated_city":
        kind = "city"
    if code in POPULATION:
        return POPULATION[code]
    if code in designated:
        return int(rng.uniform(700_000, 2_000_000))
    if kind == "special_ward":
        return int(rng.uniform(60_000, 480_000))
    if kind == "city":
        return int(min(480_000, rng.lognormvariate(11.0, 0.75)))
    if kind == "town":
        return int(min(49_000, rng.lognormvariate(9.3, 0.8)))
    return int(min(40_000, rng.lognormvariate(8.1, 0.7)))


def band(pop):
    for i, (lo, hi, _, _) in enumerate(BANDS):
        if lo <= pop < hi:
            return i
    raise ValueError(pop)


def weighted_pick(rng, pool, weight, n):
    """Draws n distinct items from pool with probability ~ weight."""
    pool = list(pool)
    keys = [(rng.random() ** (1.0 / weight(x)), x) for x in pool]
    keys.sort(reverse=True)
    return [x for _, x in keys[:n]]


def on(spans, date):
    """The municipalities in force on date, by code."""
    return [r for r in spans if r["kind"] in MUNICIPAL and
            (r["valid_from"] == "" or r["valid_from"] <= date) and
            (r["valid_until"] == "" or date < r["valid_until"])]


def values_of(r, drawn):
    """The code whose draw a municipality of a survey's date takes: its
    own, or that of the same body under its code on 2016-10-10."""
    seen = set()
    while r["code"] not in drawn and r["code"] not in seen:
        seen.add(r["code"])
        typ, *others = (r["ended"] or r["began"] or "-").split()
        if typ not in SAME_BODY or len(others) != 1:
            return None
        nxt = [s for s in SPANS if s["code"] == others[0]]
        if not nxt:
            return None
        r = nxt[-1]
    return r["code"] if r["code"] in drawn else None


def main():
    global SPANS
    rng = random.Random(SEED)
    with open(os.path.join(HERE, "roster.csv"), encoding="utf-8") as f:
        SPANS = list(csv.DictReader(f))
    with open(os.path.join(HERE, "prefectures.csv"), encoding="utf-8") as f:
        pref_ja = {r["code"]: r["name_ja"] for r in csv.DictReader(f)}
    roster = on(SPANS, DRAWN)
    for r in roster:
        r["pref_code"] = r["pref"]
    designated = {r["code"] for r in roster
                  if r["kind"] == "designated_city"}
    assert len(roster) == 1741, len(roster)
    by_code = {r["code"]: r for r in roster}
    pop = {r["code"]: population(rng, r, designated) for r in roster}

    # Each prefecture has its own appetite for each measure, so the
    # prefectures differ as they do in the real survey.
    prefs = sorted({r["pref_code"] for r in roster})
    urban = {"11", "12", "13", "14", "23", "26", "27", "28", "40"}
    appetite_w = {p: rng.uniform(0.3, 1.6) * (2.2 if p in urban else 1)
                  for p in prefs}
    appetite_j = {p: rng.uniform(0.1, 2.5) for p in prefs}
    appetite_s = {p: rng.uniform(0.4, 1.6) for p in prefs}

    # Window outsourcing: larger places first; monotone over the years.
    window = {}
    for code, year in WINDOW_CASES.items():
        window[code] = year
    for year in sorted(WINDOW):
        have = [c for c, y in window.items() if y <= year]
        need = WINDOW[year] - len(have)
        pool = [c for c in by_code if c not in window]
        for c in weighted_pick(
                rng, pool,
                lambda c: appetite_w[by_code[c]["pref_code"]]
                * (pop[c] / 30_000) ** 0.6, need):
            window[c] = year

    # Cloud, 2016 first, band by band, then earlier years as subsets.
    cloud = {}  # code -> (kind, first year)
    for code, year in JOINT_CASES.items():
        cloud[code] = ("joint", year)
    for code in SINGLE_CASES:
        cloud[code] = ("single", 2014)
    for i, (lo, hi, nj, ns) in enumerate(BANDS):
        in_band = [c for c in by_code if band(pop[c]) == i]
        have_j = [c for c in in_band if cloud.get(c, ("",))[0] == "joint"]
        have_s = [c for c in in_band if cloud.get(c, ("",))[0] == "single"]
        pool = [c for c in in_band if c not in cloud]
        for c in weighted_pick(
                rng, pool,
                lambda c: appetite_j[by_code[c]["pref_code"]],
                nj - len(have_j)):
            cloud[c] = ("joint", 2016)
        pool = [c for c in in_band if c not in cloud]
        for c in weighted_pick(
                rng, pool,
                lambda c: appetite_s[by_code[c]["pref_code"]],
                ns - len(have_s)):
            cloud[c] = ("single", 2016)
    cases = set(JOINT_CASES) | SINGLE_CASES
    for kind, target in (("joint", JOINT), ("single", SINGLE)):
        for year in (2015, 2014):
            fixed = [c for c, (k, y) in cloud.items()
                     if k == kind and y <= year]
            free = [c for c, (k, y) in cloud.items()
                    if k == kind and y == year + 1 and c not in cases]
            rng.shuffle(free)
            for c in free[:target[year] - len(fixed)]:
                cloud[c] = (kind, year)

    # Municipalities merged away before 2016-10-10: a draw of their own,
    # from a generator of their own, so the draws above stay as they were.
    other = random.Random(SEED + 1)
    for year in (2014, 2015, 2016):
        path = os.path.join(HERE, f"survey-fy{year}.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["団体コード", "都道府県名", "市区町村名", "人口",
                        "窓口業務の民間委託", "クラウド導入"])
            for r in on(SPANS, SURVEYS[year]):
                c = values_of(r, by_code)
                if c is None:
                    p = population(other, dict(r, code=r["code"]), set())
                else:
                    p = pop[c]
                grown = int(p * (1 - 0.004 * (2016 - year)))
                k, y = cloud.get(c, (None, 9999))
                cl = ("自治体クラウド" if k == "joint" else "単独クラウド") \
                    if y <= year else "未導入"
                wn = "実施" if window.get(c, 9999) <= year else "未実施"
                w.writerow([r["code"], pref_ja[r["pref"]], r["name_ja"],
                            grown, wn, cl])
        counts = {}
        with open(path, encoding="utf-8") as f:
            for r in csv.DictReader(f):
                counts[r["窓口業務の民間委託"]] = \
                    counts.get(r["窓口業務の民間委託"], 0) + 1
                counts[r["クラウド導入"]] = counts.get(r["クラウド導入"], 0) + 1
        assert counts["実施"] == WINDOW[year], (year, counts)
        assert counts["自治体クラウド"] == JOINT[year], (year, counts)
        assert counts["単独クラウド"] == SINGLE[year], (year, counts)
        print(path, counts)


if __name__ == "__main__":
    main()
