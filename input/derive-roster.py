#!/usr/bin/env python3
"""Derives input/roster.csv, the roster of local government codes by date.

    python3 input/derive-roster.py           write input/roster.csv
    python3 input/derive-roster.py --check   derive it again and check it:
                                             the same bytes as input/roster.csv,
                                             and on 2016-10-10 exactly the 1,741
                                             municipalities of the MIC code list

The roster is replayed from e-Stat's record of municipal changes: the
area codes in force on 1970-04-01 (roster-sources/areacode-1970-04-01.csv),
then every change of roster-sources/changes.csv in date order; the result
must end as roster-sources/areacode-latest.csv.  English names come from
the 2016-10-10 code list (roster-sources/municipalities-2016-10-10.csv)
where a code had that name then, else from the kana by a Hepburn
converter in the same style.  See input/README.md for the sources.

Each row of the roster is one code under one name and kind for a span of
dates: valid_from (empty: already in force on 1970-04-01, where the record
starts) up to valid_until (the day it stopped, exclusive; empty: still in
force at the end of the record).  began and ended name the change that
started and ended the span: its type as e-Stat writes it (市制施行,
編入合併, ...) and the codes of the other bodies in it.
"""
import collections
import csv
import io
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "roster-sources")
OUT = os.path.join(HERE, "roster.csv")
RECORD_START = "1970-04-01"
RECORD_END = "2024-01-01"
CHECK_DATE = "2016-10-10"

MUNICIPAL = ("city", "town", "village", "special_ward", "designated_city")
COLUMNS = ["code", "kind", "pref", "parent", "name_ja", "name_kana",
           "name_en", "valid_from", "valid_until", "began", "ended"]

# Within one day, mergers come before changes of status or name (那珂町
# absorbed 瓜連町 and then became 那珂市 on 2005-01-21), and creations and
# the abolition of districts last.
ORDER = {"新設合併": 0, "編入合併": 0, "分割": 0, "分離": 0, "区の再編": 0,
         "郡の区域変更": 0, "市制施行": 1, "町制施行": 1, "政令指定都市施行": 1,
         "名称変更": 1, "区の新設|郡の新設": 2, "沖縄返還": 2, "北方領土": 2,
         "郡の廃止": 3}


def check_digit(code5):
    s = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - s % 11) % 10)


def lgcode(code5):
    """The six-digit local government code of an e-Stat five-digit code."""
    return code5 + check_digit(code5)


def read(name):
    with open(os.path.join(SOURCES, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_input(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- romaji -----------------------------------------------------------------

KANA = {}
for row in """
あ a い i う u え e お o か ka き ki く ku け ke こ ko さ sa し shi す su せ se
そ so た ta ち chi つ tsu て te と to な na に ni ぬ nu ね ne の no は ha ひ hi
ふ fu へ he ほ ho ま ma み mi む mu め me も mo や ya ゆ yu よ yo ら ra り ri
る ru れ re ろ ro わ wa ゐ i ゑ e を o が ga ぎ gi ぐ gu げ ge ご go ざ za じ ji
ず zu ぜ ze ぞ zo だ da ぢ ji づ zu で de ど do ば ba び bi ぶ bu べ be ぼ bo
ぱ pa ぴ pi ぷ pu ぺ pe ぽ po ゔ vu ぁ a ぃ i ぅ u ぇ e ぉ o
""".split("\n"):
    items = row.split()
    for k in range(0, len(items), 2):
        KANA[items[k]] = items[k + 1]
SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}


def romaji(kana):
    """Hepburn without macrons, as the 2016 list writes names: ou, oo and
    uu collapsed, n' before a vowel or y."""
    kana = unicodedata.normalize("NFKC", kana)
    kana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c
                   for c in kana)
    out = []
    i = 0
    while i < len(kana):
        c = kana[i]
        nxt = kana[i + 1] if i + 1 < len(kana) else ""
        if c == "ん":
            out.append("n'" if nxt and (nxt in "あいうえおやゆよ") else "n")
            i += 1
            continue
        if c == "っ":
            follow = romaji_syllable(kana, i + 1)[0]
            if follow.startswith("ch"):
                out.append("t")
            elif follow:
                out.append(follow[0])
            i += 1
            continue
        if c == "ー":
            i += 1
            continue
        syl, n = romaji_syllable(kana, i)
        out.append(syl if syl else c)
        i += n
    s = "".join(out)
    for a, b in (("ou", "o"), ("oo", "o"), ("uu", "u")):
        s = s.replace(a, b)
    return s


def romaji_syllable(kana, i):
    if i >= len(kana):
        return "", 0
    c = kana[i]
    base = KANA.get(c, "")
    if i + 1 < len(kana) and kana[i + 1] in SMALL_Y and base.endswith("i"):
        v = SMALL_Y[kana[i + 1]]
        stem = base[:-1]
        if stem in ("sh", "ch", "j"):
            return stem + v, 2
        return stem + "y" + v, 2
    return base, 1


# Suffixes of names, with their readings and how English writes them.
SUFFIXES = [
    ("総合振興局", {"そうごうしんこうきょく": "sogo-shinkokyoku"}),
    ("振興局", {"しんこうきょく": "shinkokyoku"}),
    ("支庁", {"しちょう": "shicho"}),
    ("市", {"し": "shi"}),
    ("区", {"く": "ku"}),
    ("町", {"まち": "machi", "ちょう": "cho"}),
    ("村", {"むら": "mura", "そん": "son"}),
    ("郡", {"ぐん": "gun", "こおり": "gun"}),
]


def english(name, kana):
    """Aomori-shi, Goka-machi, Ishikari-gun: the base from the kana, the
    suffix by its reading.  Empty when the kana does not fit the name."""
    if not kana:
        return ""
    for suffix, readings in SUFFIXES:
        if not name.endswith(suffix):
            continue
        for reading, word in readings.items():
            if kana.endswith(reading) and len(kana) > len(reading):
                base = romaji(kana[: -len(reading)])
                return base[:1].upper() + base[1:] + "-" + word
        return ""
    base = romaji(kana)
    return base[:1].upper() + base[1:]


# --- the replay -------------------------------------------------------------

def kind_of(county, name):
    """The kind of a body from its 郡/支庁/designated city and its name."""
    if not name:
        if county.endswith("市"):
            return "designated_city"
        if county.endswith("郡"):
            return "district"
        return "subprefecture"
    if name == "特別区部":
        return "special_wards_area"
    if name.endswith("区"):
        return "ward" if county.endswith("市") else "special_ward"
    return {"市": "city", "町": "town", "村": "village"}[name[-1]]


class Span:
    """One code under one name and kind, from a date until a date."""

    def __init__(self, code, pref, county, name, kana, kind, start, began):
        self.code = code          # five digits, as e-Stat writes it
        self.pref = pref          # prefecture name
        self.county = county      # 郡, 支庁 or designated city
        self.name = name
        self.kana = kana
        self.kind = kind
        self.start = start        # None: in force when the record starts
        self.until = None
        self.began = began        # (type, [codes of the other bodies])
        self.ended = None

    def valid_on(self, date):
        return ((self.start is None or self.start <= date) and
                (self.until is None or date < self.until))


def group_changes(changes):
    """The rows of one change (one date, one type, one event), with the
    bodies it ends and those it makes."""
    groups = collections.OrderedDict()
    for r in changes:
        key = (r["date"], r["type"], r["event"] or r["to_code"])
        groups.setdefault(key, []).append(r)
    return sorted(groups.items(), key=lambda g: (g[0][0], ORDER[g[0][1]]))


def created_in_text(event, rows):
    """Wards the sentence of a 区の新設 names that its rows leave out (18 of
    them, such as 白石区 01104): made like the others."""
    made = []
    listed = {r["to_code"] for r in rows}
    for name, code in re.findall(r"([^、()]+)\((\d{5})\)", event):
        if code not in listed:
            r0 = rows[0]
            made.append(dict(to_code=code, to_pref=r0["to_pref"],
                             to_county=r0["to_county"], to_name=name,
                             to_kana=""))
    return made


def replay(start_list, changes):
    active = {}
    spans = []
    for r in start_list:
        s = Span(r["city_code"], r["pref_name"], r["city_desig_name"],
                 r["city_name"] or r["city_desig_name"],
                 r["city_name_kana"] or r["city_desig_name_kana"],
                 kind_of(r["city_desig_name"], r["city_name"]), None, None)
        active[s.code] = s
        spans.append(s)

    def end(code, date, typ, others):
        s = active.pop(code)
        if s.start == date:
            # Made and unmade on one day (みよし町, between 三好町 and
            # みよし市 on 2010-01-04): the span before ends as this did.
            spans.remove(s)
            for p in spans:
                if p.code == code and p.until == date:
                    p.ended = (typ, list(others))
            return
        s.until = date
        s.ended = (typ, list(others))

    def begin(r, date, typ, others, kind):
        s = Span(r["to_code"], r["to_pref"], r["to_county"],
                 r["to_name"] or r["to_county"], r["to_kana"], kind, date,
                 (typ, list(others)))
        active[s.code] = s
        spans.append(s)

    for (date, typ, event), rows in group_changes(changes):
        froms = list(dict.fromkeys(r["from_code"] for r in rows
                                   if r["from_code"]))
        tos = collections.OrderedDict()
        for r in rows:
            if r["to_code"]:
                tos.setdefault(r["to_code"], r)
        if typ == "区の新設|郡の新設":
            for r in created_in_text(event, rows):
                tos.setdefault(r["to_code"], r)
        for code, r in tos.items():
            if typ == "北方領土":
                kind = "northern_territories"
            elif typ == "政令指定都市施行":
                kind = "designated_city"
            else:
                kind = kind_of(r["to_county"], r["to_name"])
            name = r["to_name"] or r["to_county"]
            if code in active:
                s = active[code]
                if (s.name, s.kind) == (name, kind):
                    continue  # absorbs others, or merges under its name
                end(code, date, typ, [code])
            begin(r, date, typ, [f for f in froms if f != code], kind)
        if typ == "分離":
            continue  # the body split from goes on
        for code in froms:
            if code in tos:
                continue
            if code in active:
                end(code, date, typ, tos)
                continue
            # Split between two changes of one day (上九一色村 went to
            # 甲府市 and to 富士河口湖町): both are where it went.
            s = next((s for s in spans if s.code == code and
                      s.until == date), None)
            if s is None:
                sys.exit(f"derive-roster: {date} {typ}: {code} is not in "
                         "force")
            if s.ended[0] == typ:
                s.ended[1].extend(c for c in tos if c not in s.ended[1])
    return spans, active


# --- the roster -------------------------------------------------------------

def parent_of(s, spans):
    """The designated city of a ward, as a six-digit code."""
    for c in spans:
        if (c.kind == "designated_city" and c.pref == s.pref and
                c.name == s.county and c.valid_on(s.start or RECORD_START)):
            return lgcode(c.code)
    sys.exit(f"derive-roster: no designated city {s.county} for {s.code}")


def build():
    prefs = read_input("prefectures.csv")
    pref_code = {p["name_ja"]: p["code"] for p in prefs}
    mic = {r["code"]: r for r in read("municipalities-2016-10-10.csv")}
    spans, active = replay(read("areacode-1970-04-01.csv"),
                           read("changes.csv"))
    latest = read("areacode-latest.csv")
    # Changes of name carry no reading: the lists at both ends have it.
    readings = {}
    for r in read("areacode-1970-04-01.csv") + latest:
        readings[(r["city_code"], r["city_name"] or r["city_desig_name"])] = \
            r["city_name_kana"] or r["city_desig_name_kana"]
    for s in spans:
        s.kana = s.kana or readings.get((s.code, s.name), "")
    got = {c: (s.name, s.kind) for c, s in active.items()}
    want = {r["city_code"]: r["city_name"] or r["city_desig_name"]
            for r in latest}
    if {c: n for c, (n, _) in got.items()} != want:
        sys.exit("derive-roster: the replay does not end as "
                 "areacode-latest.csv")

    rows = []
    for s in spans:
        code = lgcode(s.code)
        name, kana = s.name, s.kana
        parent, city = "", {}
        if s.kind == "ward":
            parent = parent_of(s, spans)
            city = mic.get(parent, {})
            name = s.county + s.name
        m = mic.get(code)
        now = s.valid_on(CHECK_DATE)
        if m is not None and now:
            # The MIC list's spelling (梼原町, where e-Stat has 檮原町)
            # and its readings, for the span it describes.
            name, kana = m["name_ja"], m["name_kana"]
        elif s.kind == "ward" and kana and city:
            kana = city["name_kana"] + kana
        if m is not None and (now or m["name_ja"] == name):
            name_en = m["name_en"]
        elif s.kind == "ward" and city:
            name_en = city["name_en"] + " " + english(s.name, s.kana)
        elif s.kind == "special_wards_area":
            name_en = "Special wards area"
        else:
            name_en = english(name, kana)
        rows.append({
            "code": code, "kind": s.kind, "pref": pref_code[s.pref],
            "parent": parent, "name_ja": name, "name_kana": kana,
            "name_en": name_en, "valid_from": s.start or "",
            "valid_until": s.until or "",
            "began": change(s.began), "ended": change(s.ended)})
    for p in prefs:
        okinawa = p["code"] == "47"
        rows.append({
            "code": p["lg_code"], "kind": "prefecture", "pref": p["code"],
            "parent": "", "name_ja": p["name_ja"], "name_kana": p["name_kana"],
            "name_en": p["name_en"],
            "valid_from": "1972-05-15" if okinawa else "", "valid_until": "",
            "began": "沖縄返還" if okinawa else "", "ended": ""})
    rows.sort(key=lambda r: (r["code"], r["valid_from"]))
    return rows


def change(c):
    if c is None:
        return ""
    typ, others = c
    return " ".join([typ] + [lgcode(o) for o in others])


def render(rows):
    out = io.StringIO()
    w = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


# --- the self-check ---------------------------------------------------------

def on(rows, date):
    return [r for r in rows
            if (r["valid_from"] == "" or r["valid_from"] <= date) and
            (r["valid_until"] == "" or date < r["valid_until"])]


def check(rows):
    """The roster of 2016-10-10 against the MIC code list of that day."""
    ok = True
    mic = read("municipalities-2016-10-10.csv")
    day = on(rows, CHECK_DATE)
    kinds = {"city": "city", "town": "town", "village": "village",
             "special_ward": "special_ward", "designated_city": "city",
             "ward": "ward", "prefecture": "pref"}
    got = {(r["code"], kinds[r["kind"]], r["name_ja"], r["parent"])
           for r in day if r["kind"] in kinds}
    want = {(r["code"], r["kind"], r["name_ja"], r["parent_code"])
            for r in mic}
    for x in sorted(got - want):
        print(f"derive-roster: {CHECK_DATE}: not in the MIC list: {x}")
        ok = False
    for x in sorted(want - got):
        print(f"derive-roster: {CHECK_DATE}: missing: {x}")
        ok = False
    count = collections.Counter(r["kind"] for r in day)
    munis = sum(count[k] for k in MUNICIPAL)
    print(f"roster of {CHECK_DATE}: {munis} municipalities "
          f"({count['city'] + count['designated_city']} 市, "
          f"{count['town']} 町, {count['village']} 村, "
          f"{count['special_ward']} 特別区), {count['ward']} wards of "
          f"{count['designated_city']} designated cities, "
          f"{count['prefecture']} prefectures: "
          f"{'as' if ok else 'NOT as'} municipalities-2016-10-10.csv")
    for date in ("2014-04-01", "2015-04-01", "2016-04-01"):
        n = sum(1 for r in on(rows, date) if r["kind"] in MUNICIPAL)
        print(f"roster of {date}: {n} municipalities")
    return ok and munis == 1741


def main():
    rows = build()
    text = render(rows)
    if sys.argv[1:] == ["--check"]:
        with open(OUT, encoding="utf-8", newline="") as f:
            same = f.read() == text
        if not same:
            print("derive-roster: input/roster.csv is not what "
                  "input/derive-roster.py derives: run it again")
        sys.exit(0 if check(rows) and same else 1)
    if sys.argv[1:]:
        sys.exit(__doc__)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
