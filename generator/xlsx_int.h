/*
 * Private to the xlsx module (xlsx.c: the archive, the workbook, its
 * shared strings and formats; xlsx_sheet.c: a sheet's rows, dates).
 * Only those two files (and xlsx_libzip.c, which opens libzip) include
 * it, and they alone include libzip's and libxml2's streaming reader's
 * headers.
 */
#ifndef BRIEFGEN_XLSX_INT_H
#define BRIEFGEN_XLSX_INT_H

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stdint.h>
#include <zip.h>

#include "buf.h"
#include "infile.h"
#include "xlsx.h"
#include "xmltags.h"

/* The libzip functions the module calls: through xlsx_libzip, which
 * xlsx_libzip_load fills on first use (xlsx_libzip.c says why). */
#define XLSX_LIBZIP_FUNCTIONS(X)                                              \
	X(zip_discard)                                                        \
	X(zip_error_code_zip)                                                 \
	X(zip_error_fini)                                                     \
	X(zip_error_init)                                                     \
	X(zip_error_set)                                                      \
	X(zip_error_strerror)                                                 \
	X(zip_error_to_data)                                                  \
	X(zip_fclose)                                                         \
	X(zip_file_strerror)                                                  \
	X(zip_fopen_index)                                                    \
	X(zip_fread)                                                          \
	X(zip_get_error)                                                      \
	X(zip_get_name)                                                       \
	X(zip_get_num_entries)                                                \
	X(zip_name_locate)                                                    \
	X(zip_open_from_source)                                               \
	X(zip_source_free)                                                    \
	X(zip_source_function_create)                                         \
	X(zip_source_seek_compute_offset)                                     \
	X(zip_stat_index)                                                     \
	X(zip_stat_init)

extern struct xlsx_libzip {
#define XLSX_LIBZIP_FIELD(f) __typeof__(f) *f;
	XLSX_LIBZIP_FUNCTIONS(XLSX_LIBZIP_FIELD)
#undef XLSX_LIBZIP_FIELD
} xlsx_libzip;

/* Opens libzip, once.  Returns false after reporting. */
bool xlsx_libzip_load(void);

#ifndef XLSX_LIBZIP_TABLE
#define zip_discard(...) xlsx_libzip.zip_discard(__VA_ARGS__)
#define zip_error_code_zip(...) xlsx_libzip.zip_error_code_zip(__VA_ARGS__)
#define zip_error_fini(...) xlsx_libzip.zip_error_fini(__VA_ARGS__)
#define zip_error_init(...) xlsx_libzip.zip_error_init(__VA_ARGS__)
#define zip_error_set(...) xlsx_libzip.zip_error_set(__VA_ARGS__)
#define zip_error_strerror(...) xlsx_libzip.zip_error_strerror(__VA_ARGS__)
#define zip_error_to_data(...) xlsx_libzip.zip_error_to_data(__VA_ARGS__)
#define zip_fclose(...) xlsx_libzip.zip_fclose(__VA_ARGS__)
#define zip_file_strerror(...) xlsx_libzip.zip_file_strerror(__VA_ARGS__)
#define zip_fopen_index(...) xlsx_libzip.zip_fopen_index(__VA_ARGS__)
#define zip_fread(...) xlsx_libzip.zip_fread(__VA_ARGS__)
#define zip_get_error(...) xlsx_libzip.zip_get_error(__VA_ARGS__)
#define zip_get_name(...) xlsx_libzip.zip_get_name(__VA_ARGS__)
#define zip_get_num_entries(...) xlsx_libzip.zip_get_num_entries(__VA_ARGS__)
#define zip_name_locate(...) xlsx_libzip.zip_name_locate(__VA_ARGS__)
#define zip_open_from_source(...) xlsx_libzip.zip_open_from_source(__VA_ARGS__)
#define zip_source_free(...) xlsx_libzip.zip_source_free(__VA_ARGS__)
#define zip_source_function_create(...)                                       \
	xlsx_libzip.zip_source_function_create(__VA_ARGS__)
#define zip_source_seek_compute_offset(...)                                   \
	xlsx_libzip.zip_source_seek_compute_offset(__VA_ARGS__)
#define zip_stat_index(...) xlsx_libzip.zip_stat_index(__VA_ARGS__)
#define zip_stat_init(...) xlsx_libzip.zip_stat_init(__VA_ARGS__)
#endif

/* Excel's limits (Excel specifications and limits, Microsoft 2016):
 * 1,048,576 rows by 16,384 columns. */
#define MAX_ROW 1048576u
#define MAX_COL 16384u
/* A row whose cells hold more text than this, shared strings counted
 * as often as cells name them, is refused, as a CSV line is. */
#define ROW_TEXT_MAX (1024 * 1024)

/* The most digits a format of zeros pads a whole number to. */
#define MAX_ZEROS 20

/* What a number format shows (§18.8.30, §18.8.31). */
enum numfmt { NF_NUMBER, NF_DATE, NF_TIME, NF_DATETIME };

/* A cell format, as far as it changes what a number reads as. */
struct cellfmt {
	unsigned char kind;   /* enum numfmt */
	unsigned char digits; /* NF_NUMBER: a whole number is shown with at
	                       * least this many digits, zeros in front, as
	                       * "000000" shows 12203 as 012203; 0: as it is */
};

/* What a cell's t attribute says it holds (§18.18.11). */
enum celltype {
	CT_NUMBER,
	CT_SHARED,
	CT_STR,
	CT_INLINE,
	CT_BOOL,
	CT_ERROR,
	CT_DATE
};

struct sheet_entry {
	char *name;  /* on the tab */
	char *rid;   /* relationship id, or NULL */
	char *part;  /* the part's name in the archive, or NULL */
	bool hidden; /* state="hidden" or "veryHidden" */
	bool chart;  /* a chart, dialog or macro sheet, not a worksheet */
};

/* The archive read through an infile, for libzip. */
struct zsrc {
	struct infile *f;
	uint64_t size, pos;
	zip_error_t err;
};

struct xlsx {
	char *name;        /* display name */
	struct infile mem; /* the bytes, when opened from memory */
	struct zsrc zs;
	zip_t *zip;
	bool d1904; /* the 1904 date system */
	bool recalc; /* its formulas are to be calculated again as it is
	              * opened (calcPr fullCalcOnLoad, §18.2.2): the values
	              * saved with them are not theirs */
	struct sheet_entry *sheets;
	size_t nsheets;
	char *sst_part;    /* shared strings, or NULL */
	char *styles_part; /* cell formats, or NULL */
	struct buf sst;    /* the shared strings, each NUL-ended */
	size_t *sst_off;   /* where each starts in sst.data */
	size_t nsst;
	struct cellfmt *xf; /* per cell format */
	size_t nxf;
	bool reading; /* a sheet is open */
	unsigned long long inflated; /* bytes inflated from all its parts so
	                              * far: the sheet limit bounds them
	                              * together too, as every sheet may
	                              * name the same part */
};

/* One part of the archive being read as XML. */
struct part {
	struct xlsx *wb;
	const char *name;  /* the part's name in the archive */
	const char *sheet; /* the sheet's name, for messages, or NULL */
	zip_file_t *zf;
	xmlTextReaderPtr xr;
	int type;                 /* the current node's type, as
	                           * xmlTextReaderNodeType gives it */
	unsigned long long bytes; /* inflated so far */
	enum infile_cap cap;      /* what it may inflate to */
	bool over;    /* past the cap */
	bool over_all; /* with the parts read before it, past the sheet
	                * limit */
	bool zip_bad; /* inflating failed */
	char zip_why[160];
	struct xmltags tags; /* the scan of what libxml2 is given */
	char xml_why[200]; /* libxml2's first error, or "" */
	int xml_line;
	bool failed; /* reported */
};

/* Reports an error about the workbook, at a sheet's row and column
 * when known (0: not). */
void xlsx_error(const struct xlsx *wb, const char *sheet, unsigned row,
                unsigned col, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
/* "the workbook is damaged", and the advice that follows it. */
extern const char xlsx_damaged[];
extern const char xlsx_advice[];

/* Starts reading part name of wb as XML, inflating no more than the cap
 * allows; sheet names the sheet for messages, or is NULL.  False after
 * reporting. */
bool xlsx_part_open(struct xlsx *wb, struct part *p, const char *name,
                    const char *sheet, enum infile_cap cap);
void xlsx_part_close(struct part *p);
/* Moves to the next node, whose type is then p->type: 1, 0 at the end,
 * -1 after reporting. */
int xlsx_part_next(struct part *p);
/* Inflates the rest of the part unread, for libzip to check it whole;
 * false after reporting. */
bool xlsx_part_drain(struct part *p);
/* The value of the current element's attribute with local name name,
 * copied, or NULL. */
char *xlsx_attr(struct part *p, const char *name);
/* Is a node of this type text inside an element? */
bool xlsx_is_text(int type);
/* Decodes ST_Xstring's _xHHHH_ escapes in b from offset from. */
void xlsx_decode_xstring(struct buf *b, size_t from);
/* A decimal attribute's value: digits alone, to 4294967295; else 0. */
unsigned xlsx_uint(const char *s);

#endif
