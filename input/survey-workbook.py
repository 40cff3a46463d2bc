#!/usr/bin/python3
"""Writes a survey as the ministry publishes its survey results: a workbook.

    /usr/bin/python3 input/survey-workbook.py [SURVEY.csv [OUT.xlsx]]

From input/survey-fy2016.csv it writes input/survey-fy2016.xlsx, shaped
like the ministry's per-municipality sheets: a notes sheet first, then a
sheet with title rows above a two-row header (group headings merged over
their columns, single headings merged down), local government codes
stored as numbers in e-Stat's five digits (札幌市 01100 is the number
1100, its leading zero gone as Excel drops it), and a start year beside
each answer.  The values are the CSV file's, so a pack made from the
workbook is the pack made from the CSV file.  Needs python3-xlsxwriter
(Debian); the same input gives the same bytes.
"""
import csv
import datetime
import os
import sys

import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
SHEET = "市区町村別"
TITLE = "地方行政サービス改革の取組状況等に関する調査（平成28年4月1日現在）"
SUBTITLE = "市区町村別の取組状況（人口は住民基本台帳人口、単位：人）"
NOTES = [
    "利用上の注意",
    "",
    "1　この表は、地方行政サービス改革の取組状況（窓口業務の民間委託、"
    "クラウドの導入）を市区町村別に示したものである。",
    "2　自治体コードは標準地域コード（5桁）である。",
    "3　「開始年度」は取組を始めた年度（西暦）である。",
    "4　briefgen のサンプルであり、人口と取組の値は合成した値である"
    "（input/README.md）。",
]


def start_year(code, done):
    """A start year for an answer that something is done, or None."""
    return 2008 + int(code) // 10 % 8 if done else None


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "survey-fy2016.csv")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        HERE, "survey-fy2016.xlsx")
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    wb = xlsxwriter.Workbook(out, {"strings_to_numbers": False})
    # Fixed properties: the same input gives the same bytes.
    wb.set_properties({"title": TITLE, "author": "briefgen",
                       "created": datetime.datetime(2017, 3, 30)})
    notes = wb.add_worksheet("注意事項")
    for i, line in enumerate(NOTES):
        notes.write_string(i, 0, line)
    notes.set_column(0, 0, 100)

    ws = wb.add_worksheet(SHEET)
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "align": "center",
                          "valign": "vcenter", "border": 1,
                          "bg_color": "#DDEBF7", "text_wrap": True})
    cell = wb.add_format({"border": 1})
    number = wb.add_format({"border": 1, "num_format": "#,##0"})
    ws.write_string(0, 0, TITLE, title)
    ws.write_string(1, 0, SUBTITLE)
    # Row 4 (index 3): headings merged down or over their columns; row 5:
    # the columns of each group.
    for col, name in enumerate(["自治体コード", "都道府県名", "市区町村名",
                                "人口"]):
        ws.merge_range(3, col, 4, col, name, head)
    ws.merge_range(3, 4, 3, 5, "窓口業務の民間委託", head)
    ws.merge_range(3, 6, 3, 7, "クラウド導入", head)
    for col, name in enumerate(["実施状況", "開始年度", "実施状況",
                                "開始年度"], start=4):
        ws.write_string(4, col, name, head)
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 3, 12)
    ws.set_column(4, 7, 14)
    ws.freeze_panes(5, 3)
    # Printed as the ministry prints it: A4, one page wide, the header on
    # every page.
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(3, 4)
    for i, r in enumerate(rows, start=5):
        code = r["団体コード"]
        ws.write_number(i, 0, int(code[:5]), cell)
        ws.write_string(i, 1, r["都道府県名"], cell)
        ws.write_string(i, 2, r["市区町村名"], cell)
        ws.write_number(i, 3, int(r["人口"]), number)
        window = r["窓口業務の民間委託"]
        cloud = r["クラウド導入"]
        ws.write_string(i, 4, window, cell)
        year = start_year(code, window == "実施")
        if year is None:
            ws.write_blank(i, 5, None, cell)
        else:
            ws.write_number(i, 5, year, cell)
        ws.write_string(i, 6, cloud, cell)
        year = start_year(code[1:], cloud != "未導入")
        if year is None:
            ws.write_blank(i, 7, None, cell)
        else:
            ws.write_number(i, 7, year, cell)
    ws.activate()
    wb.close()


if __name__ == "__main__":
    main()
