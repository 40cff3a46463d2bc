/*
 * Text encodings of survey files.  Tells what kind of file a block
 * starts (CSV text, an Excel workbook, UTF-16, binary), detects whether
 * text is UTF-8, Shift_JIS (CP932) or EUC-JP from a sample, and converts
 * one physical line at a time to UTF-8 with iconv, so a reader can stream
 * a file and still name the line and byte of a bad character.  The only
 * user of iconv.  Used by table, spec, batch and main.
 */
#ifndef BRIEFGEN_DECODE_H
#define BRIEFGEN_DECODE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

enum encoding {
	ENC_AUTO,  /* not known: detect it */
	ENC_UTF8,  /* UTF-8, with or without a byte order mark */
	ENC_CP932, /* Shift_JIS as Windows writes it, with the NEC and IBM
	            * extensions (①, ㈱, 髙) */
	ENC_EUCJP  /* EUC-JP, read as eucJP-ms so that it gives the same
	            * characters as CP932 */
};

/* Parses an encoding name: "auto", "utf-8" ("utf8"), "cp932"
 * ("shift_jis", "sjis", "windows-31j"), "euc-jp" ("eucjp"), in any case.
 * Returns false if name is none of them. */
bool decode_parse_name(const char *name, enum encoding *out);
/* The name shown in messages: "UTF-8", "Shift_JIS (CP932)", "EUC-JP". */
const char *decode_name(enum encoding e);

enum file_kind {
	FILE_TEXT,   /* possibly CSV */
	FILE_XLSX,   /* a zip archive: an Excel 2007+ workbook */
	FILE_XLS,    /* an OLE2 compound file: an Excel 97-2003 workbook */
	FILE_PDF,
	FILE_UTF16,  /* UTF-16 text (Excel's "Unicode text") */
	FILE_BINARY  /* holds NUL bytes */
};

/* What the file starting with s[0..n) is; n is the first block read. */
enum file_kind decode_sniff(const char *s, size_t n);

/* The result of detection. */
struct guess {
	enum encoding encoding; /* the most plausible of the three */
	bool fits;              /* the sample is valid in that encoding */
	bool any_fits;          /* the sample is valid in at least one of
	                         * the three */
};

/*
 * Guesses the encoding of the sample s[0..n), which should start at the
 * file's first non-ASCII byte and hold some kilobytes.  Valid UTF-8 wins;
 * otherwise each encoding decodes the sample and scores the characters
 * it gives (kana and kanji are plausible, Latin-1 letters, private use
 * and invalid bytes are not).  When complete is false the sample may end
 * inside a character, which is not counted as an error.
 */
struct guess decode_detect(const char *s, size_t n, bool complete);

/*
 * Returns the offset of the first byte of s[0..n) that is not valid
 * UTF-8 or is NUL, or n.  Sets *astral when s holds a character above
 * U+FFFF (leaves it alone otherwise).
 */
size_t decode_check_utf8(const char *s, size_t n, bool *astral);

/* The first byte of p[0..n) that is not ASCII, or NULL. */
const char *decode_first_high(const char *p, size_t n);

/* Is s[0..n) the start of a UTF-8 sequence that continues beyond n? */
bool decode_utf8_cut(const char *s, size_t n);

struct decoder;

/* A converter from e (not ENC_AUTO) to UTF-8; free with decode_free. */
struct decoder *decode_new(enum encoding e);
void decode_free(struct decoder *d);

/* What converting a line found. */
struct decode_result {
	size_t bad;      /* offset of the first invalid or NUL byte, or the
	                  * length of the input when there is none */
	unsigned errors; /* invalid bytes, each replaced by U+FFFD */
	bool cut;        /* the input ends inside a character */
};

/*
 * Converts in[0..n) to UTF-8 into out (emptied first), replacing every
 * invalid byte and every NUL with U+FFFD.  For UTF-8 input this copies
 * and repairs.  Sets *astral when the text has a character above U+FFFF.
 */
struct decode_result decode_line(struct decoder *d, const char *in,
				 size_t n, struct buf *out, bool *astral);

#endif
