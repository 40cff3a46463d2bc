# PDF/A-3b: every pack the suite rendered (the meetings in each language,
# the monthly packs, the peers' pack) is checked clause by clause with
# tests/pdfa, and each kind of fault it must find is planted in a copy of
# a pack to see that it does.  Sourced by tests/run, after packs.sh and
# pages.sh, whose PDFs it reads.

A=$OUT/pdfa
mkdir -p "$A"
packs=("$OUT"/packs/*.pdf "$OUT"/packs/monthly/*.pdf "$OUT/pages/peer.pdf")
check "tests/pdfa lists the clauses it checks" \
	bash -c "[ \$(tests/pdfa --list | grep -c '^6\\.') -ge 30 ]"
check "every pack (${#packs[@]}) conforms to each clause" \
	tests/pdfa "${packs[@]}"

# The PDF/A parts as a reader sees them.
pdf=$OUT/packs/tohoku-ja+en.pdf
check "PDF 1.7 with XMP metadata" bash -c \
	"pdfinfo '$pdf' | grep -q '^PDF version: *1.7' && pdfinfo '$pdf' | grep -q '^Metadata Stream: *yes'"
pdfinfo -meta "$pdf" >"$A/tohoku.xmp"
check "XMP: PDF/A-3, conformance B" bash -c \
	"grep -q '<pdfaid:part>3</pdfaid:part>' '$A/tohoku.xmp' && grep -q '<pdfaid:conformance>B</pdfaid:conformance>' '$A/tohoku.xmp'"
check "XMP: the title and dates of the document information" bash -c \
	"grep -qF 'Public Service Innovation Platform in Tohoku</rdf:li>' '$A/tohoku.xmp' && grep -q '<xmp:CreateDate>2017-07-07T00:00:00Z</xmp:CreateDate>' '$A/tohoku.xmp'"
qpdf --json=2 --json-key=qpdf "$pdf" >"$A/tohoku.json"
check "the catalog says the language: ja, en for English packs" bash -c \
	"grep -q '\"/Lang\": \"u:ja\"' '$A/tohoku.json' && qpdf --json=2 --json-key=qpdf '$OUT/packs/tohoku-en.pdf' | grep -q '\"/Lang\": \"u:en\"'"
check "an sRGB output intent" \
	grep -q '"/OutputConditionIdentifier": "u:sRGB IEC61966-2.1"' "$A/tohoku.json"
check "sources are associated files: layout and data Source, pack Data, manifest Supplement" \
	bash -c "[ \$(grep -c '\"/AFRelationship\": \"/Source\"' '$A/tohoku.json') -ge 5 ] && grep -c '\"/AFRelationship\": \"/Data\"' '$A/tohoku.json' | grep -qx 1 && grep -c '\"/AFRelationship\": \"/Supplement\"' '$A/tohoku.json' | grep -qx 1"
check "an embedded file's date is the pack's" \
	grep -q '"/ModDate": "u:D:20170707000000Z"' "$A/tohoku.json"

# Faults planted by changing bytes in place (offsets stay right): each
# must be found, under its clause.
plant() {
	local id=$1 what=$2 from=$3 to=$4 clause=$5
	python3 -c '
import sys
src, dst, a, b = sys.argv[1:]
data = open(src, "rb").read()
assert len(a) == len(b) and a.encode() in data
open(dst, "wb").write(data.replace(a.encode(), b.encode(), 1))
' "$pdf" "$A/$id.pdf" "$from" "$to"
	check "tests/pdfa finds $what ($clause)" bash -c \
		"! tests/pdfa '$A/$id.pdf' >'$A/$id.out' && grep -q ': $clause (' '$A/$id.out'"
}
plant header "a PDF 2.0 header" "%PDF-1.7" "%PDF-2.0" "6.1.2"
plant id "no /ID" "/ID [" "/IX [" "6.1.3"
plant intent "an output intent not for PDF/A" "/GTS_PDFA1" "/GTS_PDFX1" "6.2.3"
plant cmap "a CMap that is not embedded" "/Identity-H" "/Identity-X" \
	"6.2.11.3.3"
# The first width of /W, 100 more (or less).
width=$(python3 -c '
import re, sys
m = re.search(rb"/W \[ \d+ \[ (\d+) ", open(sys.argv[1], "rb").read())
v = m.group(1)
w = str(int(v) + 100).encode()
w = w if len(w) == len(v) else str(int(v) - 100).encode()
print((m.group(0) + b"|" + m.group(0).replace(v, w)).decode())
' "$pdf")
plant width "a width other than the font's" "${width%|*}" "${width#*|}" \
	"6.2.11.5"
plant af "a file with no relationship" "/AFRelationship /Source" \
	"/AFRelationship /Sourcx" "6.8"
# The first stream's /Length object, one byte more (or less).
length=$(python3 -c '
import re, sys
d = open(sys.argv[1], "rb").read()
n = re.search(rb"/Length (\d+) 0 R", d).group(1)
v = re.search(rb"\n" + n + rb" 0 obj\n(\d+)\n", d).group(1)
w = str(int(v) + 1).encode()
w = w if len(w) == len(v) else str(int(v) - 1).encode()
print(f"{n.decode()} 0 obj\n{v.decode()}|{n.decode()} 0 obj\n{w.decode()}")
' "$pdf")
plant length "a stream of the wrong length" "${length%|*}" "${length#*|}" \
	"6.1.7.1"
plant lzw "an LZW stream" "/Filter /FlateDecode" "/Filter /LZWDecode  " \
	"6.1.7.2"
plant filter "a filter that is not standard" "/Filter /FlateDecode" \
	"/Filter /FlateDecodX" "6.1.7.2"
plant name "a name that is not UTF-8" "/UseOutlines" "/UseOutl#80s" "6.1.8"
plant lang "no language" "/Lang" "/Lanx" "32000-1 14.9.2"

# A form XObject the first page draws, which shows CID 0 (.notdef): the
# content of forms is checked as a page's is.
qpdf --json=2 --json-stream-data=inline --decode-level=generalized "$pdf" |
	python3 -c '
import base64, json, sys
j = json.load(sys.stdin)
objs = j["qpdf"][1]
page = next(o["value"] for o in objs.values() if isinstance(
    o.get("value"), dict) and o["value"].get("/Type") == "/Page")
res = objs["obj:" + page["/Resources"]]["value"]
font = next(iter(res["/Font"]))
n = max(int(k.split()[0][4:]) for k in objs if k.startswith("obj:")) + 1
objs[f"obj:{n} 0 R"] = {"stream": {
    "dict": {"/Type": "/XObject", "/Subtype": "/Form",
             "/BBox": [0, 0, 10, 10], "/Resources": page["/Resources"]},
    "data": base64.b64encode(
        f"BT {font} 7 Tf <0000> Tj ET".encode()).decode()}}
res["/XObject"] = {"/Fm0": f"{n} 0 R"}
contents = objs["obj:" + page["/Contents"]]["stream"]
contents["data"] = base64.b64encode(base64.b64decode(
    contents["data"]) + b"\n/Fm0 Do\n").decode()
json.dump(j, sys.stdout)
' >"$A/form.json"
qpdf --json-input "$A/form.json" "$A/form.pdf"
check "tests/pdfa finds .notdef shown by a form XObject (6.2.11.8)" bash -c \
	"! tests/pdfa '$A/form.pdf' >'$A/form.out' && grep -q ': 6.2.11.8 (.*CID 0 shows' '$A/form.out'"
