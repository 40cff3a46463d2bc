#!/usr/bin/python3
"""Saves a survey CSV file as a workbook with one of two libraries, as
offices' tools do, for the suite to read back (tests/suites/workbooks.sh).

    /usr/bin/python3 tests/golden/workbook/writers.py LIBRARY IN.csv OUT.xlsx

openpyxl writes the codes as numbers (their leading zero lost, as Excel
does), inline strings and a title row above the header; xlsxwriter the
codes as text, shared strings, a notes sheet first and the populations
in a number format.  Both are Debian packages (python3-openpyxl,
python3-xlsxwriter).
"""
import csv
import sys


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def with_openpyxl(data, out):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答"
    ws.append(["市区町村の回答（openpyxl）"])
    ws.append(data[0])
    for r in data[1:]:
        ws.append([int(r[0]), r[1], r[2], int(r[3])] + r[4:])
    wb.save(out)


def with_xlsxwriter(data, out):
    import xlsxwriter

    wb = xlsxwriter.Workbook(out)
    notes = wb.add_worksheet("はじめに")
    notes.write_string(0, 0, "この調査票の記入方法")
    ws = wb.add_worksheet("調査票")
    number = wb.add_format({"num_format": "#,##0"})
    ws.write_row(0, 0, data[0])
    for i, r in enumerate(data[1:], start=1):
        ws.write_string(i, 0, r[0])
        ws.write_string(i, 1, r[1])
        ws.write_string(i, 2, r[2])
        ws.write_number(i, 3, int(r[3]), number)
        for k, v in enumerate(r[4:], start=4):
            ws.write_string(i, k, v)
    wb.close()


def main():
    lib, src, out = sys.argv[1:4]
    {"openpyxl": with_openpyxl, "xlsxwriter": with_xlsxwriter}[lib](
        rows(src), out)


if __name__ == "__main__":
    main()
