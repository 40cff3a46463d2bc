#include "xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "msg.h"
#include "xalloc.h"
#include "xlsx_int.h"

/* --- messages ---------------------------------------------------------- */

void
xlsx_error(const struct xlsx *wb, const char *sheet, unsigned row, unsigned col,
           const char *fmt, ...)
{
	struct loc loc = {wb->name, row, col, sheet};
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	msg_error(&loc, "%s", text);
}

/* Reports that part p inflates past its cap. */
static void
too_big(struct part *p)
{
	char *why = infile_too_big_text(p->cap);

	xlsx_error(p->wb, p->sheet, 0, 0, "%s%s%s, inflated%s, is %s",
	           p->sheet != NULL ? "the sheet (" : "", p->name,
	           p->sheet != NULL ? ")" : "",
	           p->over_all ? " with the parts read before it" : "", why);
	free(why);
	p->failed = true;
}

const char xlsx_damaged[] = "the workbook is damaged";
const char xlsx_advice[] = "open it in Excel or LibreOffice and save it "
                           "again, or ask for a new copy";

/* Reports why reading part p stopped early, once. */
static void
part_fail(struct part *p)
{
	if (p->failed)
		return;
	if (p->over)
		too_big(p);
	else if (p->zip_bad)
		xlsx_error(p->wb, p->sheet, 0, 0, "%s: %s: %s; %s",
		           xlsx_damaged, p->name, p->zip_why, xlsx_advice);
	else if (p->xml_why[0] != '\0')
		xlsx_error(p->wb, p->sheet, 0, 0, "%s: %s:%d: %s; %s",
		           xlsx_damaged, p->name, p->xml_line, p->xml_why,
		           xlsx_advice);
	else
		xlsx_error(p->wb, p->sheet, 0, 0, "%s: %s cannot be read; %s",
		           xlsx_damaged, p->name, xlsx_advice);
	p->failed = true;
}

/* --- the archive -------------------------------------------------------- */

static zip_int64_t
zsrc_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zsrc *z = ud;
	zip_stat_t *st;
	zip_int64_t pos;
	ssize_t n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		z->pos = 0;
		return 0;
	case ZIP_SOURCE_READ:
		if ((n = infile_pread(z->f, data, len, z->pos)) < 0) {
			zip_error_set(&z->err, ZIP_ER_READ, errno);
			return -1;
		}
		z->pos += (uint64_t)n;
		return n;
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT:
		if ((st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len,
		                              &z->err)) == NULL)
			return -1;
		zip_stat_init(st);
		st->size = z->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&z->err, data, len);
	case ZIP_SOURCE_SEEK:
		pos = zip_source_seek_compute_offset(z->pos, z->size, data, len,
		                                     &z->err);
		if (pos < 0)
			return -1;
		z->pos = (uint64_t)pos;
		return 0;
	case ZIP_SOURCE_TELL:
		return (zip_int64_t)z->pos;
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_SEEKABLE;
	default:
		zip_error_set(&z->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* The most entries a workbook's zip archive may have: the most an
 * archive without ZIP64 extensions holds, far more than Excel writes. */
#define MAX_ENTRIES 65535

/* The n-byte little-endian number at p. */
static uint64_t
le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/*
 * The number of entries that the end of central directory record of the
 * archive f, of size bytes, declares (its ZIP64 record's, when it has
 * one: APPNOTE.TXT 6.3, §4.3.14 to §4.3.16), or 0 when none is found,
 * which libzip then reports.  libzip holds its whole central directory
 * in memory as it opens an archive, some 300 bytes an entry, and has no
 * way to refuse a long one: this is the one place that reads a zip
 * structure itself, to refuse one first.
 */
static uint64_t
declared_entries(struct infile *f, uint64_t size)
{
	size_t n = size < 22 + 65535 ? (size_t)size : 22 + 65535, i;
	unsigned char *tail, z64[56];
	uint64_t entries = 0;

	if (n < 22)
		return 0;
	tail = xmalloc(n);
	if (infile_pread(f, tail, n, size - n) != (ssize_t)n) {
		free(tail);
		return 0;
	}
	for (i = n - 22; i > 0 && memcmp(tail + i, "PK\5\6", 4) != 0; i--)
		continue;
	if (memcmp(tail + i, "PK\5\6", 4) == 0)
		entries = le(tail + i + 10, 2);
	if (entries == 0xffff && i >= 20 &&
	    memcmp(tail + i - 20, "PK\6\7", 4) == 0 &&
	    infile_pread(f, z64, sizeof z64, le(tail + i - 12, 8)) ==
	            (ssize_t)sizeof z64 &&
	    memcmp(z64, "PK\6\6", 4) == 0)
		entries = le(z64 + 32, 8);
	free(tail);
	return entries;
}

static int
by_name(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Refuses an archive with more entries than a workbook has, or with a
 * part twice: readers differ in which of the two they take (libzip the
 * first, Python's zipfile the last), so that the figures read would not
 * be those others see.  Part names are the same in any case (ECMA-376
 * Part 2, §6.2.2.3).  False after reporting.
 */
static bool
check_entries(struct xlsx *wb)
{
	zip_int64_t n = zip_get_num_entries(wb->zip, 0), i, k = 0;
	const char **names, *again = NULL;

	if (n > MAX_ENTRIES) {
		xlsx_error(wb, NULL, 0, 0,
		           "%s: its zip archive has %lld entries, more than "
		           "the 65,535 a workbook may have; %s",
		           xlsx_damaged, (long long)n, xlsx_advice);
		return false;
	}
	names = xcalloc((size_t)n + 1, sizeof *names);
	for (i = 0; i < n; i++)
		if ((names[k] = zip_get_name(wb->zip, (zip_uint64_t)i, 0)))
			k++;
	qsort(names, (size_t)k, sizeof *names, by_name);
	for (i = 1; i < k && again == NULL; i++)
		if (strcasecmp(names[i - 1], names[i]) == 0)
			again = names[i];
	if (again != NULL)
		xlsx_error(wb, NULL, 0, 0,
		           "%s: its zip archive holds %s twice; %s",
		           xlsx_damaged, again, xlsx_advice);
	free(names);
	return again == NULL;
}

/* Opens the archive; false after reporting. */
static bool
open_zip(struct xlsx *wb, struct infile *f)
{
	zip_source_t *src;
	zip_error_t err;
	int64_t size = infile_size(f);
	uint64_t entries;

	if (size < 0 || !xlsx_libzip_load())
		return false;
	if ((entries = declared_entries(f, (uint64_t)size)) > MAX_ENTRIES) {
		xlsx_error(wb, NULL, 0, 0,
		           "%s: its zip archive has %llu entries, more than "
		           "the 65,535 a workbook may have; %s",
		           xlsx_damaged, (unsigned long long)entries,
		           xlsx_advice);
		return false;
	}
	wb->zs.f = f;
	wb->zs.size = (uint64_t)size;
	zip_error_init(&wb->zs.err);
	zip_error_init(&err);
	if ((src = zip_source_function_create(zsrc_cb, &wb->zs, &err)) == NULL)
		msg_fatal("libzip: %s", zip_error_strerror(&err));
	if ((wb->zip = zip_open_from_source(src, ZIP_RDONLY, &err)) != NULL) {
		zip_error_fini(&err);
		return check_entries(wb);
	}
	zip_source_free(src);
	switch (zip_error_code_zip(&err)) {
	case ZIP_ER_READ:
		break; /* reported by infile */
	case ZIP_ER_NOZIP:
	case ZIP_ER_EOF:
		xlsx_error(
		        wb, NULL, 0, 0,
		        "the workbook is cut short or damaged: the directory "
		        "of its zip archive, at the end of the file, is "
		        "missing; ask for the file again, or open it in "
		        "Excel and save it again");
		break;
	default:
		xlsx_error(wb, NULL, 0, 0, "%s: its zip archive: %s; %s",
		           xlsx_damaged, zip_error_strerror(&err), xlsx_advice);
	}
	zip_error_fini(&err);
	return false;
}

static bool
has_entry(const struct xlsx *wb, const char *name)
{
	return zip_name_locate(wb->zip, name, ZIP_FL_NOCASE) >= 0;
}

/* --- parts as XML ------------------------------------------------------- */

static int
read_cb(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);

	if (n < 0) {
		snprintf(p->zip_why, sizeof p->zip_why, "%s",
		         zip_file_strerror(p->zf));
		p->zip_bad = true;
		return -1;
	}
	if (!xmltags_feed(&p->tags, buf, (size_t)n)) {
		snprintf(p->xml_why, sizeof p->xml_why,
		         "an element with more than %d attributes",
		         XMLTAGS_MAX_ATTRIBUTES);
		p->xml_line = (int)p->tags.line;
		return -1;
	}
	p->bytes += (unsigned long long)n;
	p->wb->inflated += (unsigned long long)n;
	if (p->bytes > infile_limit(p->cap)) {
		p->over = true;
		return -1;
	}
	/* Sheets searched for the header, each up to the limit, would
	 * otherwise take as long as the workbook has sheets. */
	if (p->wb->inflated > infile_limit(INFILE_SHEET)) {
		p->over = p->over_all = true;
		return -1;
	}
	return (int)n;
}

static void
xml_error(void *ctx, xmlErrorPtr e)
{
	struct part *p = ctx;
	size_t n;

	if (p->xml_why[0] != '\0' || e == NULL || e->message == NULL)
		return;
	snprintf(p->xml_why, sizeof p->xml_why, "%s", e->message);
	n = strlen(p->xml_why);
	while (n > 0 && (p->xml_why[n - 1] == '\n' || p->xml_why[n - 1] == ' '))
		p->xml_why[--n] = '\0';
	p->xml_line = e->line;
}

/*
 * Starts reading the part called name as XML, inflating no more than
 * cap allows.  No DTD is loaded, no entity fetched, nothing from the
 * network.  False after reporting (a missing part too).
 */
bool
xlsx_part_open(struct xlsx *wb, struct part *p, const char *name,
               const char *sheet, enum infile_cap cap)
{
	zip_int64_t i = zip_name_locate(wb->zip, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	zip_error_t *err;

	memset(p, 0, sizeof *p);
	p->wb = wb;
	p->name = name;
	p->sheet = sheet;
	p->cap = cap;
	if (i < 0) {
		xlsx_error(wb, sheet, 0, 0, "%s: it has no part %s; %s",
		           xlsx_damaged, name, xlsx_advice);
		return false;
	}
	zip_stat_init(&st);
	if (zip_stat_index(wb->zip, (zip_uint64_t)i, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size > infile_limit(cap)) {
		p->over = true;
		part_fail(p);
		return false;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		xlsx_error(wb, sheet, 0, 0,
		           "the workbook's zip archive is encrypted (%s): save "
		           "the workbook again without a password",
		           name);
		return false;
	}
	if ((p->zf = zip_fopen_index(wb->zip, (zip_uint64_t)i, 0)) == NULL) {
		err = zip_get_error(wb->zip);
		snprintf(p->zip_why, sizeof p->zip_why, "%s",
		         zip_error_strerror(err));
		p->zip_bad = true;
		part_fail(p);
		return false;
	}
	p->xr = xmlReaderForIO(read_cb, NULL, p, name, NULL,
	                       XML_PARSE_NONET | XML_PARSE_NOCDATA |
	                               XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                               XML_PARSE_COMPACT);
	if (p->xr == NULL) {
		part_fail(p);
		return false;
	}
	xmlTextReaderSetStructuredErrorHandler(p->xr, xml_error, p);
	return true;
}

void
xlsx_part_close(struct part *p)
{
	if (p->xr != NULL)
		xmlFreeTextReader(p->xr);
	if (p->zf != NULL)
		zip_fclose(p->zf);
	p->xr = NULL;
	p->zf = NULL;
}

/* Moves to the next node: 1, or 0 at the end of the part, or -1 after
 * reporting.  A document type declaration is refused: SpreadsheetML has
 * none, and entities are a way to make a small part huge. */
int
xlsx_part_next(struct part *p)
{
	int k = xmlTextReaderRead(p->xr);

	p->type = k == 1 ? xmlTextReaderNodeType(p->xr) : XML_READER_TYPE_NONE;
	if (p->type == XML_READER_TYPE_DOCUMENT_TYPE) {
		snprintf(p->xml_why, sizeof p->xml_why,
		         "a document type declaration, which a workbook never "
		         "has");
		p->xml_line = xmlTextReaderGetParserLineNumber(p->xr);
		k = -1;
	}
	if (k < 0 || p->over || p->zip_bad) {
		part_fail(p);
		return -1;
	}
	return k;
}

/* Inflates the rest of part p, unparsed, so that libzip checks its
 * CRC-32, which it does at the end of an entry only: a reader that
 * stops at the end of the sheet's data would read an altered figure
 * as it is.  False after reporting. */
bool
xlsx_part_drain(struct part *p)
{
	char rest[16384];
	int n;

	while ((n = read_cb(p, rest, (int)sizeof rest)) > 0)
		continue;
	if (n < 0) {
		part_fail(p);
		return false;
	}
	return true;
}

static bool
is(const xmlChar *name, const char *s)
{
	return name != NULL && strcmp((const char *)name, s) == 0;
}

/* The local name of the current node when it is an element. */
static const char *
element(struct part *p)
{
	if (p->type != XML_READER_TYPE_ELEMENT)
		return NULL;
	return (const char *)xmlTextReaderConstLocalName(p->xr);
}

/* The value of the current element's attribute with local name name (any
 * namespace), copied; NULL when it has none. */
char *
xlsx_attr(struct part *p, const char *name)
{
	char *v = NULL;

	while (v == NULL && xmlTextReaderMoveToNextAttribute(p->xr) == 1)
		if (is(xmlTextReaderConstLocalName(p->xr), name))
			v = xstrdup(
			        (const char *)xmlTextReaderConstValue(p->xr));
	xmlTextReaderMoveToElement(p->xr);
	return v;
}

/* Is the current node text inside an element? */
bool
xlsx_is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	       type == XML_READER_TYPE_WHITESPACE;
}

/*
 * Decodes the escapes of ST_Xstring (§22.9.2.19) in b from offset from:
 * _xHHHH_ is the character U+HHHH (Excel writes a line break in a cell as
 * _x000D_ and a literal "_x" as _x005F_x).  A character that is not one
 * XML may hold (a control character other than tab, CR and LF) becomes a
 * space, as it cannot be shown.
 */
void
xlsx_decode_xstring(struct buf *b, size_t from)
{
	char *s, *w, *end;
	unsigned v;
	int i;

	if (b->data == NULL)
		return;
	s = w = b->data + from;
	end = b->data + b->len;
	if (memchr(s, '_', (size_t)(end - s)) == NULL)
		return;
	while (s < end) {
		if (end - s >= 7 && s[0] == '_' && s[1] == 'x' && s[6] == '_') {
			for (v = 0, i = 2; i < 6; i++) {
				int c = s[i];
				int d = c >= '0' && c <= '9'   ? c - '0'
				        : c >= 'a' && c <= 'f' ? c - 'a' + 10
				        : c >= 'A' && c <= 'F' ? c - 'A' + 10
				                               : -1;
				if (d < 0)
					break;
				v = v * 16 + (unsigned)d;
			}
			if (i == 6) {
				if (v < 0x20 && v != '\t' && v != '\n' &&
				    v != '\r')
					v = ' ';
				if (v < 0x80) {
					*w++ = (char)v;
				} else if (v < 0x800) {
					*w++ = (char)(0xc0 | v >> 6);
					*w++ = (char)(0x80 | (v & 0x3f));
				} else if (v >= 0xd800 && v < 0xe000) {
					*w++ = '?'; /* half of a pair */
				} else {
					*w++ = (char)(0xe0 | v >> 12);
					*w++ = (char)(0x80 | (v >> 6 & 0x3f));
					*w++ = (char)(0x80 | (v & 0x3f));
				}
				s += 7;
				continue;
			}
		}
		*w++ = *s++;
	}
	*w = '\0';
	b->len = (size_t)(w - b->data);
}

/* No workbook holds more sheets, relationships or formats than this
 * (Excel allows 65,490 cell formats): a part that lists more is refused
 * rather than held, as a few kilobytes of zip can inflate to millions. */
#define MAX_ITEMS 65536

/* Can part p's list of what, which has n items, take one more?  False
 * after reporting that it cannot. */
static bool
one_more(struct part *p, size_t n, const char *what)
{
	if (n < MAX_ITEMS)
		return true;
	xlsx_error(p->wb, NULL, 0, 0, "%s: %s lists more than 65,536 %s; %s",
	           xlsx_damaged, p->name, what, xlsx_advice);
	p->failed = true;
	return false;
}

/* --- relationships ------------------------------------------------------ */

struct rel {
	char *id, *type, *target; /* target: a part name */
	size_t seq;               /* its place in the part, from 0 */
};

/* The part a relationship of source points to: target resolved against
 * source's folder (or from the root when it starts with "/"), "." and
 * ".." taken out (ECMA-376 Part 2, §9.3.2.2), lexically, as infile
 * confines paths; "" when it leaves the package. */
static char *
resolve(const char *source, const char *target)
{
	const char *slash = strrchr(source, '/');
	char *path, *part;

	if (*target == '/' || slash == NULL)
		path = xstrdup(target + (*target == '/'));
	else
		path = xasprintf("%.*s/%s", (int)(slash - source), source,
				 target);
	part = infile_inside(path);
	free(path);
	return part != NULL ? part : xstrdup("");
}

/* The relationships part of part: xl/workbook.xml has
 * xl/_rels/workbook.xml.rels, the package "" has _rels/.rels. */
static char *
rels_of(const char *part)
{
	const char *slash = strrchr(part, '/');

	if (slash == NULL)
		return xasprintf("_rels/%s.rels", part);
	return xasprintf("%.*s/_rels/%s.rels", (int)(slash - part), part,
	                 slash + 1);
}

static void
free_rels(struct rel *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].type);
		free(v[i].target);
	}
	free(v);
}

/* Reads the relationships of part (none when there is no such part);
 * false after reporting. */
static bool
read_rels(struct xlsx *wb, const char *part, struct rel **out, size_t *n)
{
	char *name = rels_of(part);
	struct part p;
	const char *e;
	int k;

	*out = NULL;
	*n = 0;
	if (!has_entry(wb, name)) {
		free(name);
		return true;
	}
	if (!xlsx_part_open(wb, &p, name, NULL, INFILE_SHEET)) {
		free(name);
		return false;
	}
	while ((k = xlsx_part_next(&p)) == 1) {
		char *mode, *target;
		struct rel *r;

		if ((e = element(&p)) == NULL || strcmp(e, "Relationship") != 0)
			continue;
		mode = xlsx_attr(&p, "TargetMode");
		target = xlsx_attr(&p, "Target");
		if ((mode == NULL || strcmp(mode, "External") != 0) &&
		    target != NULL && !one_more(&p, *n, "relationships"))
			k = -1;
		else if ((mode == NULL || strcmp(mode, "External") != 0) &&
		         target != NULL) {
			*out = xreallocarray(*out, *n + 1, sizeof **out);
			r = &(*out)[*n];
			r->id = xlsx_attr(&p, "Id");
			r->type = xlsx_attr(&p, "Type");
			r->target = resolve(part, target);
			r->seq = (*n)++;
		}
		free(mode);
		free(target);
		if (k < 0)
			break;
	}
	xlsx_part_close(&p);
	free(name);
	if (k == 0)
		return true;
	free_rels(*out, *n);
	*out = NULL;
	*n = 0;
	return false;
}

/* Does a relationship type (a URI) end with /kind? */
static bool
rel_is(const struct rel *r, const char *kind)
{
	size_t n = r->type ? strlen(r->type) : 0, k = strlen(kind);

	return n > k && r->type[n - k - 1] == '/' &&
	       strcmp(r->type + n - k, kind) == 0;
}

/* --- the workbook ------------------------------------------------------- */

/* Says what a zip archive without a workbook is, if it can tell. */
static void
not_a_workbook(struct xlsx *wb)
{
	if (has_entry(wb, "xl/workbook.bin"))
		xlsx_error(
		        wb, NULL, 0, 0,
		        "this is an Excel binary workbook (.xlsb): in Excel, "
		        "save it as \"Excel Workbook (.xlsx)\" or as \"CSV "
		        "UTF-8\"");
	else if (has_entry(wb, "content.xml") && has_entry(wb, "mimetype"))
		xlsx_error(
		        wb, NULL, 0, 0,
		        "this is an OpenDocument file (.ods), not an Excel "
		        "workbook: in LibreOffice, save it as \"Excel 2007-365 "
		        "(.xlsx)\" or as CSV (UTF-8)");
	else if (has_entry(wb, "word/document.xml"))
		xlsx_error(wb, NULL, 0, 0,
		           "this is a Word document (.docx), not a workbook");
	else
		xlsx_error(
		        wb, NULL, 0, 0,
		        "this is a zip archive but not an Excel workbook: it "
		        "has no xl/workbook.xml");
}

/* The workbook part, from the package's relationships. */
static char *
find_workbook(struct xlsx *wb)
{
	struct rel *rels;
	size_t n, i;
	char *part = NULL;

	if (!read_rels(wb, "", &rels, &n))
		return NULL;
	for (i = 0; i < n && part == NULL; i++)
		if (rel_is(&rels[i], "officeDocument") &&
		    has_entry(wb, rels[i].target))
			part = xstrdup(rels[i].target);
	free_rels(rels, n);
	if (part == NULL && has_entry(wb, "xl/workbook.xml"))
		part = xstrdup("xl/workbook.xml");
	if (part == NULL)
		not_a_workbook(wb);
	return part;
}

static bool
true_value(const char *v)
{
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* Reads the list of sheets, the date system and whether the formulas'
 * values are to be calculated again; false after reporting. */
static bool
read_workbook(struct xlsx *wb, const char *part)
{
	struct part p;
	const char *e;
	char *v;
	int k;

	if (!xlsx_part_open(wb, &p, part, NULL, INFILE_SHEET))
		return false;
	while ((k = xlsx_part_next(&p)) == 1) {
		struct sheet_entry *s;

		if ((e = element(&p)) == NULL)
			continue;
		if (strcmp(e, "workbookPr") == 0) {
			v = xlsx_attr(&p, "date1904");
			wb->d1904 = true_value(v);
			free(v);
		} else if (strcmp(e, "calcPr") == 0) {
			v = xlsx_attr(&p, "fullCalcOnLoad");
			wb->recalc = true_value(v);
			free(v);
		} else if (strcmp(e, "sheet") == 0) {
			if (!one_more(&p, wb->nsheets, "sheets")) {
				k = -1;
				break;
			}
			wb->sheets = xreallocarray(wb->sheets, wb->nsheets + 1,
			                           sizeof *wb->sheets);
			s = &wb->sheets[wb->nsheets++];
			memset(s, 0, sizeof *s);
			s->name = xlsx_attr(&p, "name");
			if (s->name == NULL)
				s->name = xasprintf("Sheet%zu", wb->nsheets);
			s->rid = xlsx_attr(&p, "id");
			v = xlsx_attr(&p, "state");
			s->hidden = v != NULL && strcmp(v, "visible") != 0;
			free(v);
		}
	}
	xlsx_part_close(&p);
	return k == 0;
}

/* Orders relationships by id (none first), then by place. */
static int
by_id(const void *a, const void *b)
{
	const struct rel *x = a, *y = b;
	int c;

	if (x->id == NULL || y->id == NULL)
		c = (y->id == NULL) - (x->id == NULL);
	else
		c = strcmp(x->id, y->id);
	return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The first of the relationships v (n, in by_id's order) with id, or
 * NULL. */
static const struct rel *
rel_by_id(const struct rel *v, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	/* The first whose id is not below id. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].id == NULL || strcmp(v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(v[lo].id, id) == 0 ? &v[lo] : NULL;
}

/* Finds each sheet's part, the shared strings and the styles; the first
 * relationship of an id or a kind counts. */
static bool
link_parts(struct xlsx *wb, const char *workbook)
{
	struct rel *rels;
	const struct rel *r;
	size_t n, i;

	if (!read_rels(wb, workbook, &rels, &n))
		return false;
	for (i = 0; i < n; i++) {
		if (rel_is(&rels[i], "sharedStrings") && wb->sst_part == NULL)
			wb->sst_part = xstrdup(rels[i].target);
		if (rel_is(&rels[i], "styles") && wb->styles_part == NULL)
			wb->styles_part = xstrdup(rels[i].target);
	}
	if (n > 0)
		qsort(rels, n, sizeof *rels, by_id);
	for (i = 0; i < wb->nsheets; i++) {
		struct sheet_entry *s = &wb->sheets[i];

		if (s->rid == NULL || (r = rel_by_id(rels, n, s->rid)) == NULL)
			continue;
		s->part = xstrdup(r->target);
		s->chart = !rel_is(r, "worksheet");
	}
	free_rels(rels, n);
	return true;
}

/* Reads the shared strings (§18.4): each <si> is one string, its <t>
 * texts joined, those of phonetic runs (<rPh>) left out. */
static bool
read_strings(struct xlsx *wb)
{
	struct part p;
	size_t cap = 0, start = 0;
	bool in_t = false, in_rph = false, in_si = false, empty;
	const char *e;
	int k, type;

	if (wb->sst_part == NULL || !has_entry(wb, wb->sst_part))
		return true;
	/* They are held: the input limit bounds them. */
	if (!xlsx_part_open(wb, &p, wb->sst_part, NULL, INFILE_INPUT))
		return false;
	while ((k = xlsx_part_next(&p)) == 1) {
		type = p.type;
		if (type == XML_READER_TYPE_ELEMENT) {
			e = (const char *)xmlTextReaderConstLocalName(p.xr);
			empty = xmlTextReaderIsEmptyElement(p.xr) == 1;
			if (strcmp(e, "si") == 0) {
				in_si = true;
				start = wb->sst.len;
			} else if (strcmp(e, "t") == 0 && in_si) {
				in_t = !empty;
			} else if (strcmp(e, "rPh") == 0) {
				in_rph = !empty;
			}
			if (!(strcmp(e, "si") == 0 && empty))
				continue;
		} else if (xlsx_is_text(type)) {
			if (in_t && !in_rph)
				buf_adds(&wb->sst,
				         (const char *)xmlTextReaderConstValue(
				                 p.xr));
			continue;
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			e = (const char *)xmlTextReaderConstLocalName(p.xr);
			if (strcmp(e, "t") == 0)
				in_t = false;
			else if (strcmp(e, "rPh") == 0)
				in_rph = false;
			if (strcmp(e, "si") != 0)
				continue;
		} else {
			continue;
		}
		/* The end of an <si>. */
		xlsx_decode_xstring(&wb->sst, start);
		buf_addc(&wb->sst, '\0');
		if (wb->nsst == cap) {
			cap = cap ? 2 * cap : 1024;
			wb->sst_off = xreallocarray(wb->sst_off, cap,
			                            sizeof *wb->sst_off);
		}
		wb->sst_off[wb->nsst++] = start;
		in_si = in_t = in_rph = false;
	}
	xlsx_part_close(&p);
	return k == 0;
}

/* Is the bracketed part from s (at "[") to end (at "]") an elapsed time,
 * [h], [mm] or [ss], rather than a colour ([Magenta]), a condition or a
 * locale? */
static bool
elapsed(const char *s, const char *end)
{
	char c = (char)(s[1] | 0x20);
	const char *p;

	if (end == s + 1 || (c != 'h' && c != 'm' && c != 's'))
		return false;
	for (p = s + 1; p < end; p++)
		if ((char)(*p | 0x20) != c)
			return false;
	return true;
}

/* Does format code show a date, a time, both or a number?  Looks at its
 * first section (§18.8.31): quoted text, escaped characters and
 * [bracketed] colours and locales aside, y d e g b a are parts of a date,
 * h s and [h] [m] [s] of a time; m is a month unless a time is shown. */
static enum numfmt
classify(const char *code)
{
	bool date = false, month = false, time = false;
	const char *s = code, *end;

	for (; *s != '\0' && *s != ';'; s++) {
		char c = (char)(*s | 0x20);

		if (*s == '"') {
			s = strchr(s + 1, '"');
			if (s == NULL)
				break;
		} else if (*s == '\\' || *s == '_' || *s == '*') {
			if (*++s == '\0')
				break;
		} else if (*s == '[') {
			if ((end = strchr(s, ']')) == NULL)
				break;
			time |= elapsed(s, end);
			s = end;
		} else if (strncasecmp(s, "general", 7) == 0) {
			s += 6;
		} else if (strncasecmp(s, "am/pm", 5) == 0) {
			s += 4;
			time = true;
		} else if (strncasecmp(s, "a/p", 3) == 0) {
			s += 2;
			time = true;
		} else if (c == 'e' && (s[1] == '+' || s[1] == '-')) {
			s++; /* scientific: 0.00E+00 */
		} else if (c == 'y' || c == 'd' || c == 'e' || c == 'g' ||
		           c == 'b' || c == 'a') {
			date = true;
		} else if (c == 'h' || c == 's') {
			time = true;
		} else if (c == 'm') {
			month = true; /* or minutes, beside a time */
		}
	}
	if (time)
		return date ? NF_DATETIME : NF_TIME;
	return date || month ? NF_DATE : NF_NUMBER;
}

/* The built-in number formats (§18.8.30), with those of Japanese
 * Excel (27-36, 50-58). */
static enum numfmt
builtin(unsigned id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) ||
	    (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
		return NF_DATE;
	if ((id >= 18 && id <= 21) || id == 32 || id == 33 ||
	    (id >= 45 && id <= 47))
		return NF_TIME;
	if (id == 22)
		return NF_DATETIME;
	return NF_NUMBER;
}

/* The digits a format made of zeros alone ("000000") shows a whole
 * number with, or 0. */
static unsigned char
zeros(const char *code)
{
	size_t n = strspn(code, "0");

	if (n < 2 || (code[n] != '\0' && code[n] != ';'))
		return 0;
	return (unsigned char)(n < MAX_ZEROS ? n : MAX_ZEROS);
}

unsigned
xlsx_uint(const char *s)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (uint64_t)(*s - '0')) > UINT32_MAX)
			return 0;
	return *s == '\0' ? (unsigned)v : 0;
}

struct custom {
	unsigned id;
	size_t seq; /* its place among the custom formats */
	struct cellfmt f;
};

/* Orders custom formats by id, then by place. */
static int
by_fmt(const void *a, const void *b)
{
	const struct custom *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* What the cell format with number format id shows: the last custom
 * format of that id among fmts (n, in by_fmt's order), which may
 * redefine a built-in one, else the built-in one. */
static struct cellfmt
format_of(const struct custom *fmts, size_t n, unsigned id)
{
	size_t lo = 0, hi = n;

	/* The first whose id is above id; the one before it is the last
	 * of id, if any. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fmts[mid].id <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && fmts[lo - 1].id == id)
		return fmts[lo - 1].f;
	return (struct cellfmt){(unsigned char)builtin(id), 0};
}

/* Reads the cell formats (§18.8.10 cellXfs) and what each one's number
 * format shows. */
static bool
read_styles(struct xlsx *wb)
{
	struct part p;
	struct custom *fmts = NULL;
	size_t nfmts = 0, i;
	unsigned *ids = NULL;
	bool in_xfs = false, in_fmts = false;
	const char *e;
	int k, type;

	if (wb->styles_part == NULL || !has_entry(wb, wb->styles_part))
		return true;
	if (!xlsx_part_open(wb, &p, wb->styles_part, NULL,
	                    INFILE_SHEET))
		return false;
	while ((k = xlsx_part_next(&p)) == 1) {
		type = p.type;
		e = (const char *)xmlTextReaderConstLocalName(p.xr);
		if (type == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(e, "cellXfs") == 0)
			in_xfs = false;
		if (type == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(e, "numFmts") == 0)
			in_fmts = false;
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		/* Conditional formats (dxfs) have numFmts of their own,
		 * whose ids may be those of cell formats. */
		if (strcmp(e, "cellXfs") == 0) {
			in_xfs = xmlTextReaderIsEmptyElement(p.xr) != 1;
		} else if (strcmp(e, "numFmts") == 0) {
			in_fmts = xmlTextReaderIsEmptyElement(p.xr) != 1;
		} else if (strcmp(e, "numFmt") == 0 && in_fmts) {
			char *id, *code;

			if (!one_more(&p, nfmts, "number formats")) {
				k = -1;
				break;
			}
			id = xlsx_attr(&p, "numFmtId");
			code = xlsx_attr(&p, "formatCode");
			fmts = xreallocarray(fmts, nfmts + 1, sizeof *fmts);
			fmts[nfmts] = (struct custom){
			        xlsx_uint(id), nfmts,
			        {(unsigned char)classify(code ? code : ""),
			         zeros(code ? code : "")}};
			nfmts++;
			free(id);
			free(code);
		} else if (strcmp(e, "xf") == 0 && in_xfs) {
			char *id;

			if (!one_more(&p, wb->nxf, "cell formats")) {
				k = -1;
				break;
			}
			id = xlsx_attr(&p, "numFmtId");
			ids = xreallocarray(ids, wb->nxf + 1, sizeof *ids);
			ids[wb->nxf++] = xlsx_uint(id);
			free(id);
		}
	}
	xlsx_part_close(&p);
	if (nfmts > 0)
		qsort(fmts, nfmts, sizeof *fmts, by_fmt);
	wb->xf = xcalloc(wb->nxf + 1, sizeof *wb->xf);
	for (i = 0; i < wb->nxf; i++)
		wb->xf[i] = format_of(fmts, nfmts, ids[i]);
	free(fmts);
	free(ids);
	return k == 0;
}

static struct xlsx *
open_workbook(struct xlsx *wb, struct infile *f)
{
	char *part = NULL;

	if (!open_zip(wb, f) || (part = find_workbook(wb)) == NULL ||
	    !read_workbook(wb, part) || !link_parts(wb, part) ||
	    !read_strings(wb) || !read_styles(wb)) {
		free(part);
		xlsx_free(wb);
		return NULL;
	}
	free(part);
	if (wb->nsheets == 0) {
		xlsx_error(wb, NULL, 0, 0, "the workbook has no sheets");
		xlsx_free(wb);
		return NULL;
	}
	return wb;
}

struct xlsx *
xlsx_open_mem(const char *name, const char *data, size_t len)
{
	struct xlsx *wb = xcalloc(1, sizeof *wb);

	wb->name = xstrdup(name);
	wb->mem = (struct infile){wb->name, -1, data, len, 0, INFILE_INPUT};
	return open_workbook(wb, &wb->mem);
}

struct xlsx *
xlsx_open_file(const char *name, struct infile *f)
{
	struct xlsx *wb = xcalloc(1, sizeof *wb);

	wb->name = xstrdup(name);
	return open_workbook(wb, f);
}

void
xlsx_free(struct xlsx *wb)
{
	size_t i;

	if (wb == NULL)
		return;
	if (wb->zip != NULL)
		zip_discard(wb->zip);
	if (wb->zs.f != NULL) /* libzip was opened */
		zip_error_fini(&wb->zs.err);
	for (i = 0; i < wb->nsheets; i++) {
		free(wb->sheets[i].name);
		free(wb->sheets[i].rid);
		free(wb->sheets[i].part);
	}
	free(wb->sheets);
	free(wb->sst_part);
	free(wb->styles_part);
	buf_free(&wb->sst);
	free(wb->sst_off);
	free(wb->xf);
	free(wb->name);
	free(wb);
}

size_t
xlsx_nsheets(const struct xlsx *wb)
{
	return wb->nsheets;
}

const char *
xlsx_sheet_name(const struct xlsx *wb, size_t i)
{
	return wb->sheets[i].name;
}

bool
xlsx_sheet_hidden(const struct xlsx *wb, size_t i)
{
	return wb->sheets[i].hidden;
}

bool
xlsx_sheet_is_chart(const struct xlsx *wb, size_t i)
{
	return wb->sheets[i].chart;
}
