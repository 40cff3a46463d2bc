#!/usr/bin/python3
"""Writes the workbooks of the golden cases in tests/golden/workbook/.

    /usr/bin/python3 tests/golden/workbook/fixtures.py [DIR]

Each is a small .xlsx (a zip archive of SpreadsheetML parts, ECMA-376
Part 1) written part by part, so that each holds exactly the cells, the
faults or the disguise its case is about; the zip entries have fixed
dates, so the same script gives the same bytes (the suite checks that the
committed files are what it gives).  Without DIR it writes them here.
"""
import os
import struct
import sys
import warnings
import zipfile
import zlib

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
HEADER = ["団体コード", "都道府県名", "市区町村名", "人口",
          "窓口業務の民間委託", "クラウド導入"]


def content_types(sheets):
    over = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/>' for i in range(1, sheets + 1))
    return (XML + '<Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
            f'/>{over}</Types>')


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


class Book:
    """A workbook: sheets of cells, shared strings, number formats."""

    def __init__(self, date1904=False, recalc=False):
        self.sheets = []       # (name, xml of sheetData rows, state)
        self.strings = []
        self.date1904 = date1904
        self.recalc = recalc   # calcPr fullCalcOnLoad, as xlsxwriter
        self.dxfs = []         # conditional formats' number formats:
                               # (id, format code)
        self.formats = []      # custom number formats: format codes

    def sst(self, s):
        if s not in self.strings:
            self.strings.append(s)
        return self.strings.index(s)

    def style(self, code):
        """The cell format index of a number format code."""
        if code not in self.formats:
            self.formats.append(code)
        return self.formats.index(code) + 1

    def cell(self, ref, v):
        """A cell: str is a shared string, int and float numbers, a tuple
        (kind, ...) anything else."""
        if isinstance(v, str):
            return f'<c r="{ref}" t="s"><v>{self.sst(v)}</v></c>'
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        kind = v[0]
        if kind == "raw":        # the cell's XML as it is
            return v[1].replace("REF", ref)
        if kind == "inline":
            return f'<c r="{ref}" t="inlineStr"><is><t>{esc(v[1])}</t></is></c>'
        if kind == "rich":       # runs, and a phonetic guide if given
            runs = "".join(f"<r><rPr><b/></rPr><t>{esc(t)}</t></r>"
                           for t in v[1])
            rph = (f'<rPh sb="0" eb="1"><t>{esc(v[2])}</t></rPh>'
                   if len(v) > 2 else "")
            self.strings.append(("raw", f"<si>{runs}{rph}</si>"))
            i = len(self.strings) - 1
            return f'<c r="{ref}" t="s"><v>{i}</v></c>'
        if kind == "number":     # a number in a format
            return (f'<c r="{ref}" s="{self.style(v[2])}"><v>{v[1]}</v>'
                    "</c>")
        if kind == "bool":
            return f'<c r="{ref}" t="b"><v>{1 if v[1] else 0}</v></c>'
        if kind == "error":
            return f'<c r="{ref}" t="e"><v>{v[1]}</v></c>'
        if kind == "formula":    # a formula and its value, if any
            if len(v) > 2:
                return (f'<c r="{ref}" t="str"><f>{esc(v[1])}</f>'
                        f"<v>{esc(v[2])}</v></c>")
            return f'<c r="{ref}"><f>{esc(v[1])}</f><v></v></c>'
        raise ValueError(kind)

    def add(self, name, rows, state=None):
        """rows: {row number: [values from column A, None for blank]}."""
        xml = []
        for r in sorted(rows):
            cells = "".join(self.cell(f"{col(c)}{r}", v)
                            for c, v in enumerate(rows[r], start=1)
                            if v is not None)
            xml.append(f'<row r="{r}">{cells}</row>')
        self.sheets.append((name, "".join(xml), state))
        return self

    def parts(self):
        sheets = "".join(
            f'<sheet name="{esc(n)}" sheetId="{i}" r:id="rId{i}"'
            + (f' state="{st}"' if st else "") + "/>"
            for i, (n, _, st) in enumerate(self.sheets, start=1))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.sheets) + 1))
        k = len(self.sheets)
        rels += (f'<Relationship Id="rId{k + 1}" Type="{REL}/sharedStrings"'
                 f' Target="sharedStrings.xml"/><Relationship Id="rId{k + 2}"'
                 f' Type="{REL}/styles" Target="styles.xml"/>')
        pr = '<workbookPr date1904="1"/>' if self.date1904 else ""
        calc = ('<calcPr calcId="124519" fullCalcOnLoad="1"/>'
                if self.recalc else "")
        sst = "".join(s[1] if isinstance(s, tuple) else
                      f"<si><t>{esc(s)}</t></si>" for s in self.strings)
        fmts = "".join(f'<numFmt numFmtId="{163 + i}" formatCode='
                       f'"{esc(c)}"/>' for i, c in enumerate(self.formats,
                                                            start=1))
        dxfs = ("<dxfs>" + "".join(
            f'<dxf><numFmt numFmtId="{i}" formatCode="{esc(c)}"/></dxf>'
            for i, c in self.dxfs) + "</dxfs>") if self.dxfs else ""
        xfs = '<xf numFmtId="0"/>' + "".join(
            f'<xf numFmtId="{163 + i}" applyNumberFormat="1"/>'
            for i in range(1, len(self.formats) + 1))
        parts = {
            "[Content_Types].xml": content_types(len(self.sheets)),
            "_rels/.rels": XML + f'<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": XML + f'<workbook xmlns="{NS}" xmlns:r="{REL}'
            f'">{pr}<sheets>{sheets}</sheets>{calc}</workbook>',
            "xl/_rels/workbook.xml.rels": XML +
            f'<Relationships xmlns="{PKG}">{rels}</Relationships>',
            "xl/sharedStrings.xml": XML + f'<sst xmlns="{NS}">{sst}</sst>',
            "xl/styles.xml": XML + f'<styleSheet xmlns="{NS}"><numFmts>'
            f"{fmts}</numFmts><cellXfs>{xfs}</cellXfs>{dxfs}</styleSheet>",
        }
        for i, (_, rows, _) in enumerate(self.sheets, start=1):
            parts[f"xl/worksheets/sheet{i}.xml"] = (
                XML + f'<worksheet xmlns="{NS}"><sheetData>{rows}'
                "</sheetData></worksheet>")
        return parts


def write_zip(path, parts, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w") as z:
        for name, body in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress
            z.writestr(info, body)


def survey(rows=None):
    """The rows of a small survey in Aomori and Iwate."""
    data = rows or [
        [22012, "青森県", "青森市", 287648, "実施", "自治体クラウド"],
        [22021, "青森県", "弘前市", 173000, "未実施", "未導入"],
        [22039, "青森県", "八戸市", 231257, "未実施", "単独クラウド"],
        [32018, "岩手県", "盛岡市", 297631, "実施", "未導入"],
    ]
    return {1: HEADER, **{i: r for i, r in enumerate(data, start=2)}}


def cfb(names):
    """A compound file (MS-CFB, version 3) whose directory holds empty
    streams of these names: how Office keeps an encrypted workbook
    (EncryptionInfo, EncryptedPackage) or an .xls (Workbook)."""
    free, end, fat = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    head = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
            + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
            + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
            + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat_sector = struct.pack("<II", fat, end) + struct.pack("<I", free) * 126

    def entry(name, kind, child=free, right=free):
        n = (name + "\0").encode("utf-16-le")
        return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), kind, 1)
                + struct.pack("<III", free, right, child) + bytes(16 + 4 + 16)
                + struct.pack("<IQ", end, 0))

    entries = [entry("Root Entry", 5, child=1)]
    for i, name in enumerate(names, start=1):
        entries.append(entry(name, 2, right=i + 1 if i < len(names) else free))
    directory = b"".join(entries).ljust(512 * ((len(entries) + 3) // 4),
                                        b"\0")
    return head + fat_sector + directory


def patch_flag(data, bit):
    """Sets a general purpose flag bit in every local and central zip
    header (bit 0: the entry is encrypted)."""
    out = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = out.find(sig)
        while i >= 0:
            flags = struct.unpack_from("<H", out, i + off)[0]
            struct.pack_into("<H", out, i + off, flags | bit)
            i = out.find(sig, i + 4)
    return bytes(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else here
    os.makedirs(out, exist_ok=True)

    def path(name):
        return os.path.join(out, name)

    # Every kind of cell, each in a choice column, so that its message
    # shows the text it is read as.
    kinds = Book()
    kinds.add("調査票", survey([
        [22012, "青森県", "青森市", 1, ("bool", True), "未導入"],
        [22021, "青森県", "弘前市", 1, ("error", "#N/A"), "未導入"],
        [22039, "青森県", "八戸市", 1, ("number", 42461, "yyyy/m/d"),
         "未導入"],
        [22047, "青森県", "黒石市", 1, ("number", 42461.5, "yyyy/m/d h:mm"),
         "未導入"],
        [22055, "青森県", "五所川原市", 1, ("number", 0.75, "h:mm"),
         "未導入"],
        [22063, "青森県", "十和田市", 1, ("number", 0.5, "0.0%"), "未導入"],
        [22071, "青森県", "三沢市", 1, ("raw", '<c r="REF"><v>1.5E3</v></c>'),
         "未導入"],
        [22080, "青森県", "むつ市", 1, ("inline", "実_x0041_施_x005F_x0031_"), "未導入"],
        [22098, "青森県", "つがる市", 1, ("formula", '"実"&"施済"',
                                         "実施済"), "未導入"],
        [22101, "青森県", "平川市", 1, ("formula", "E2"), "未導入"],
        [23019, "青森県", "平内町", 1, ("number", 42461, '[$-411]ggge"年"m"月"d"日"'),
         "未導入"],
        [23035, "青森県", "今別町", 1, ("inline", "実施\U00020BB7"), "未導入"],
    ]))
    write_zip(path("kinds.xlsx"), kinds.parts())

    # The same date serial in the 1904 date system.
    d1904 = Book(date1904=True)
    d1904.add("調査票", survey([
        [22012, "青森県", "青森市", 1, ("number", 40999, "yyyy/m/d"),
         "未導入"]]))
    write_zip(path("date1904.xlsx"), d1904.parts())

    # Good cells of every kind: rich text, a phonetic guide, inline
    # strings, sparse rows, codes as numbers, a population formula.
    cells = Book()
    rows = survey([
        [22012, "青森県", ("rich", ["青森", "市"]), 287648, "実施",
         "自治体クラウド"],
        [22021, ("inline", "青森県"), ("rich", ["弘前市"], "ひろさきし"),
         173000, ("inline", "未実施"), "未導入"],
        [22039, "青森県", "八戸市", ("raw", '<c r="REF" t="n"><f>200000+31257'
                                     '</f><v>231257</v></c>'),
         ("rich", ["未", "実施"]), "単独クラウド", None, "※ 右の注記"],
    ])
    rows[6] = [32018, "岩手県", "盛岡市", 297631, "実施", "未導入"]
    cells.add("調査票", rows)
    write_zip(path("cells.xlsx"), cells.parts())

    # Number formats as offices use them: codes kept as numbers but shown
    # with six digits ("000000"; 012203 士別市 and 012211 名寄市 are also
    # 122033 市川市 and 122114 成田市 without their zero), a population
    # shown in magenta, and one so small that C would write it with an
    # exponent.  They read as the CSV file LibreOffice saves, formats.csv.
    formats = Book()
    formats.add("調査票", survey([
        [("number", 12203, "000000"), "北海道", "士別市",
         ("number", 19794, "#,##0"), "実施", "未導入"],
        [("number", 12211, "000000"), None, "名寄市",
         0.000015, "未実施", "未導入"],
        [("number", 22012, "000000"), "青森県", "青森市",
         ("number", 287648, "[Magenta]#,##0"), "実施", "自治体クラウド"],
        [("number", 22021, "000000"), "青森県", "弘前市", 173000, "未実施",
         "未導入"],
    ]))
    write_zip(path("formats.xlsx"), formats.parts())

    # A conditional format's number format with the id of the codes'
    # "000000", as openpyxl writes one given that id: the codes are not
    # dates.
    conditional = Book()
    conditional.add("調査票", survey([
        [("number", 22012, "000000"), "青森県", "青森市", 287648, "実施",
         "自治体クラウド"],
        [("number", 22021, "000000"), "青森県", "弘前市", 173000, "未実施",
         "未導入"]]))
    conditional.dxfs.append((164, "[Red]yyyy/m/d"))
    write_zip(path("conditional.xlsx"), conditional.parts())

    # The issue a clerk meets first: a value the layout does not know.
    bad = Book()
    rows = {1: ["地方行政サービス改革の取組状況等に関する調査"],
            3: HEADER,
            4: [22012, "青森県", "青森市", 287648, "実施", "未導入"],
            5: [22021, "青森県", "弘前市", 173000, "未実施", "未導入"],
            6: [22039, "青森県", "八戸市", 231257, "未実施", "未導入"],
            7: [22047, "青森県", "黒石市", 33000, "未実施", "未導入"],
            8: [22055, "青森県", "五所川原市", 55000, "未実施", "未導入"],
            9: [22063, "青森県", "十和田市", 61000, "未実施", "未導入"],
            10: [22071, "青森県", "三沢市", 40000, "未実施", "未導入"],
            11: [22080, "青森県", "むつ市", 58000, "未実施", "未導入"],
            12: [22098, "青森県", "つがる市", 33000, "はい", "未導入"]}
    bad.add("調査票", rows)
    write_zip(path("survey.xlsx"), bad.parts())

    # Sheet names that Excel quotes in a reference: one that reads as a
    # cell (H28, Heisei 28) or as the start of an R1C1 reference (R1,
    # Reiwa 1), full-width brackets, a quote.
    quoted = Book()
    for name in ("H28", "R1", "調査票（2）", "Bob's"):
        quoted.add(name, survey([
            [22012, "青森県", "青森市", 287648, "はい", "未導入"]]))
    write_zip(path("quoted.xlsx"), quoted.parts())

    # The ministry's shape: a notes sheet, title rows, a two-row header.
    ministry = Book()
    ministry.add("注意事項", {1: ["利用上の注意"],
                          2: ["自治体コードは標準地域コード（5桁）である。"]})
    m = {1: ["地方行政サービス改革の取組状況等に関する調査（平成28年4月1日現在）"],
         2: ["市区町村別"],
         4: ["自治体コード", "都道府県名", "市区町村名", "人口",
             "窓口業務の民間委託", None, "クラウド導入", None],
         5: [None, None, None, None, "実施状況", "開始年度", "実施状況",
             "開始年度"]}
    for i, r in enumerate([[2201, "青森県", "青森市", 287648, "実施", 2014,
                            "自治体クラウド", 2015],
                           [2202, "青森県", "弘前市", 173000, "未実施", None,
                            "未導入", None],
                           [2203, "青森県", "八戸市", 231257, "未実施", None,
                            "単独クラウド", 2016],
                           [3201, "岩手県", "盛岡市", 297631, "実施", 2015,
                            "未導入", None]], start=6):
        m[i] = r
    ministry.add("市区町村別", m)
    write_zip(path("ministry.xlsx"), ministry.parts())

    # The ministry's sheet with its headings wrapped in their cells, as
    # Excel's Alt+Enter wraps them (a CR LF is _x000D_ and a line feed),
    # and one in Latin letters, over two lines.
    wrapped = Book()
    w = dict(m)
    w[4] = ["自治体コード", "都道府県名", "city\nname", "人口",
            "窓口業務の\n民間委託", None, "クラウド_x000D_\n導入", None]
    w[5] = [None, None, None, None, "実施状況", "開始年度", "実施\n状況",
            "開始年度"]
    wrapped.add("市区町村別", w)
    write_zip(path("wrapped.xlsx"), wrapped.parts())

    # Sheets that have no header with the columns.
    notes = Book()
    notes.add("注意事項", {1: ["利用上の注意"], 3: ["この表は…"]})
    notes.add("グラフ", {2: ["団体コード", "人口"]})
    notes.add("旧データ", survey(), state="hidden")
    write_zip(path("no-header.xlsx"), notes.parts())

    # A formula saved without its value (openpyxl writes them so).
    uncached = Book()
    uncached.add("Sheet1", survey([
        [22012, "青森県", "青森市", ("formula", "SUM(1,2)"), "実施",
         "未導入"],
        [22021, "青森県", "弘前市", 173000, "未実施", "未導入"]]))
    write_zip(path("uncached.xlsx"), uncached.parts())

    # Formulas in a workbook that asks for them to be calculated again
    # as it is opened, with 0 saved for each, as xlsxwriter writes them.
    recalc = Book(recalc=True)
    recalc.add("調査票", survey([
        [22012, "青森県", "青森市",
         ("raw", '<c r="REF"><f>200000+87648</f><v>0</v></c>'), "実施",
         "自治体クラウド"],
        [22021, "青森県", "弘前市", 173000,
         ("raw", '<c r="REF" t="str"><f>"未"&amp;"実施"</f><v>0</v></c>'),
         "未導入"]]))
    write_zip(path("recalc.xlsx"), recalc.parts())

    # Damaged workbooks.
    good = Book().add("調査票", survey()).parts()
    write_zip(path("good.xlsx"), good)
    with open(path("good.xlsx"), "rb") as f:
        whole = f.read()
    with open(path("truncated.xlsx"), "wb") as f:
        f.write(whole[:len(whole) * 2 // 3])
    # The sheet's deflated bytes altered: the archive's directory is
    # whole, the data is not.
    name = b"xl/worksheets/sheet1.xml"
    at = whole.find(name) + len(name)
    damaged = bytearray(whole)
    for k in range(at + 8, at + 40):
        damaged[k] ^= 0x5A
    with open(path("crc.xlsx"), "wb") as f:
        f.write(bytes(damaged))
    broken = dict(good)
    broken["xl/worksheets/sheet1.xml"] = good["xl/worksheets/sheet1.xml"]\
        .replace("</row>", "</rwo>", 3)
    write_zip(path("bad-xml.xlsx"), broken)
    dtd = dict(good)
    dtd["xl/worksheets/sheet1.xml"] = (
        XML + '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" '
        't="inlineStr"><is><t>&b;</t></is></c></row></sheetData>'
        '</worksheet>')
    write_zip(path("dtd.xlsx"), dtd)
    # Found by fuzz_xlsx: relationships cut short (what was read of them
    # was not freed).
    rels = dict(good)
    rels["xl/_rels/workbook.xml.rels"] = good["xl/_rels/workbook.xml.rels"]\
        .replace("</Relationships>", "")
    write_zip(path("bad-rels.xlsx"), rels)
    # A digit of the sheet altered in an entry stored without
    # compression: the XML is whole, the figure wrong, and only the
    # entry's CRC-32, checked at its end, tells; 10 KB follow the sheet's
    # data, as page setup and merged cells do.
    trailing = dict(good)
    trailing["xl/worksheets/sheet1.xml"] = good["xl/worksheets/sheet1.xml"]\
        .replace("</sheetData>", "</sheetData>" + " " * 10000)
    write_zip(path("crc-stored.xlsx"), trailing, compress=zipfile.ZIP_STORED)
    with open(path("crc-stored.xlsx"), "rb") as f:
        altered = f.read().replace(b"<v>287648</v>", b"<v>987648</v>")
    with open(path("crc-stored.xlsx"), "wb") as f:
        f.write(altered)
    string = dict(good)
    string["xl/worksheets/sheet1.xml"] = good["xl/worksheets/sheet1.xml"]\
        .replace('<c r="C3" t="s"><v>', '<c r="C3" t="s"><v>9')
    write_zip(path("bad-string.xlsx"), string)
    order = dict(good)
    order["xl/worksheets/sheet1.xml"] = good["xl/worksheets/sheet1.xml"]\
        .replace('<row r="4">', '<row r="2">')
    write_zip(path("rows-order.xlsx"), order)
    with open(path("zip-encrypted.xlsx"), "wb") as f:
        f.write(patch_flag(whole, 1))
    # A sheet that inflates a thousandfold: 2 MB of blank rows.
    bomb = dict(good)
    bomb["xl/worksheets/sheet1.xml"] = (
        XML + f'<worksheet xmlns="{NS}"><sheetData>'
        + "".join(f'<row r="{i}"/>' for i in range(1, 150000))
        + "</sheetData></worksheet>")
    write_zip(path("bomb.xlsx"), bomb)

    # A few kilobytes that list more sheets than any workbook has: each
    # would be held.
    sheets = dict(good)
    sheets["xl/workbook.xml"] = good["xl/workbook.xml"].replace(
        "</sheets>", '<sheet name="s" sheetId="2" r:id="rId1"/>' * 65536
        + "</sheets>")
    write_zip(path("sheets.xlsx"), sheets)

    # Five sheets that are one part of 400 KB without the header: each
    # is searched to its end, and together they pass a limit of 1 MiB
    # that each is under.
    same = dict(good)
    same["xl/worksheets/sheet1.xml"] = (
        XML + f'<worksheet xmlns="{NS}"><sheetData>' + " " * 400000
        + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        "</sheetData></worksheet>")
    same["xl/workbook.xml"] = good["xl/workbook.xml"].replace(
        "</sheets>", "".join(f'<sheet name="写{i}" sheetId="{i + 2}" '
                             'r:id="rId1"/>' for i in range(4))
        + "</sheets>")
    write_zip(path("sheets-same-part.xlsx"), same)

    # A part twice, with other figures the second time: libzip reads the
    # first, Python's zipfile the last.  And a part whose name differs
    # only in case, which names the same part.
    second = good["xl/worksheets/sheet1.xml"].replace(">287648<", ">999999<")
    for case, name in (("duplicate", "xl/worksheets/sheet1.xml"),
                       ("duplicate-case", "xl/worksheets/Sheet1.xml")):
        with zipfile.ZipFile(path(f"{case}.xlsx"), "w") as z:
            for part, body in list(good.items()) + [(name, second)]:
                info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # "Duplicate name"
                    z.writestr(info, body)

    # A title row whose ten cells name one shared string of 120,000
    # bytes: the row read is ten copies of it, past 1 MB.
    long = Book()
    long.add("調査票", {1: ["あ" * 40000] * 10,
                        **{r + 1: v for r, v in survey().items()}})
    write_zip(path("shared-long.xlsx"), long.parts())

    # Files that are not workbooks.
    with open(path("encrypted.xlsx"), "wb") as f:
        f.write(cfb(["EncryptionInfo", "EncryptedPackage"]))
    write_zip(path("binary.xlsb"), {
        "[Content_Types].xml": content_types(0),
        "xl/workbook.bin": "\x83\x01\x00"})
    write_zip(path("archive.zip"), {"readme.txt": "not a workbook\n"})


if __name__ == "__main__":
    main()
