#!/usr/bin/python3
"""Writes a large survey workbook for make bench: the rows of a survey CSV
file repeated to ROWS rows, with four columns more that the layout does
not read, as one sheet of an .xlsx, the way Excel writes it (shared
strings, numbers as numbers, a date format), with the codes as numbers
whose leading zero is gone.

    /usr/bin/python3 bench/survey-workbook.py SURVEY.csv ROWS OUT.xlsx

The sheet is streamed into the zip archive, never held: a million rows
take a few seconds and little memory.
"""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
PARTS = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension='
        '"xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application'
        '/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"'
        '/><Override PartName="/xl/styles.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets><sheet name="調査票"'
        ' sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/'
        'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
        '</Relationships>',
    "xl/styles.xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164"'
        ' formatCode="yyyy/m/d"/></numFmts><cellXfs count="2"><xf numFmtId='
        '"0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
        '</styleSheet>',
}
NOTE = "窓口の受付時間を延長し、証明書のコンビニ交付も行っている。"


def col(i):
    return "ABCDEFGHIJ"[i]


def main():
    src, total, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0] + ["備考", "回答者", "電話番号", "更新日"], rows[1:]
    strings, index = [], {}

    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    def text(ref, s):
        return f'<c r="{ref}" t="s"><v>{sst(s)}</v></c>'

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in PARTS.items():
            z.writestr(name, body)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
            w.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     f'\n<worksheet xmlns="{NS}"><sheetData><row r="1">'
                     + "".join(text(f"{col(i)}1", h)
                               for i, h in enumerate(header))
                     + "</row>").encode())
            chunk = []
            for i in range(total):
                r = rows[i % len(rows)]
                n = i + 2
                cells = [f'<c r="A{n}"><v>{int(r[0])}</v></c>',
                         text(f"B{n}", r[1]), text(f"C{n}", r[2]),
                         f'<c r="D{n}"><v>{r[3]}</v></c>',
                         text(f"E{n}", r[4]), text(f"F{n}", r[5]),
                         text(f"G{n}", NOTE if i % 10 else NOTE + "、毎月第2土曜日"),
                         text(f"H{n}", f"総務課 担当者{i % 97}"),
                         text(f"I{n}", f"03-1234-{i % 10000:04d}"),
                         f'<c r="J{n}" s="1"><v>42461</v></c>']
                chunk.append(f'<row r="{n}">{"".join(cells)}</row>')
                if len(chunk) == 10000:
                    w.write("".join(chunk).encode())
                    chunk = []
            w.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        z.writestr("xl/sharedStrings.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   f'<sst xmlns="{NS}" count="{len(strings)}" uniqueCount='
                   f'"{len(strings)}">'
                   + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
                   + "</sst>")


if __name__ == "__main__":
    main()
