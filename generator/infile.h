/*
 * Opening and reading the files briefgen reads.  Every input goes through
 * here: it is opened without blocking, so that a FIFO cannot hang a run,
 * and checked with fstat, so that only regular files are read ("-" is
 * standard input, read once); it is held to a size cap; and it is
 * remembered by device and inode, so that no output of the run replaces
 * it.  While a PDF is regenerated, reading is confined to the files the
 * PDF carries, held in memory: a path names one of them, and nothing else
 * can be opened.  Any module may include this.
 */
#ifndef BRIEFGEN_INFILE_H
#define BRIEFGEN_INFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct buf;
struct loc;
struct stat;

/* The size caps, each with a name for --limit NAME=SIZE. */
enum infile_cap {
	INFILE_INPUT,      /* "input", 256 MiB: any one file read */
	INFILE_PDF,        /* "pdf", 256 MiB: a PDF read back (verify,
	                    * regenerate) */
	INFILE_ATTACHMENT, /* "attachment", 256 MiB: one file a PDF
	                    * carries, decoded */
	INFILE_SOURCES,    /* "sources", 512 MiB: all the files a PDF
	                    * carries, decoded */
	INFILE_SHEET,      /* "sheet", 1 GiB: one part of a workbook (a
	                    * sheet, its shared strings), inflated, and
	                    * all the parts read from it together */
	INFILE_LAYOUT,     /* "layout", 16 MiB: a layout or packs file
	                    * with the files it includes, each as many
	                    * times as it is included */
	INFILE_NCAPS
};

/* Sets a cap from "NAME=SIZE", SIZE in bytes or with a suffix K, M or G
 * (powers of 1024).  Returns false, reporting nothing, when arg is not
 * one. */
bool infile_set_limit(const char *arg);
/* The cap in bytes. */
uint64_t infile_limit(enum infile_cap cap);
/* Reports that what (a display name) is larger than cap, naming the cap
 * and the option that raises it. */
void infile_too_big(const char *what, enum infile_cap cap);
/* The text of that message: "larger than the input limit, 256 MiB (raise
 * it with --limit input=SIZE)".  The caller frees it. */
char *infile_too_big_text(enum infile_cap cap);

/* An open input. */
struct infile {
	const char *path; /* as named; borrowed */
	int fd;           /* -1 when the bytes are in memory */
	const char *mem;  /* standard input or a confined source: the
	                   * bytes, borrowed */
	size_t len;       /* of mem */
	uint64_t pos;     /* bytes read so far */
	enum infile_cap cap;
};

/*
 * Opens path for reading ("-": standard input).  A FIFO, a socket, a
 * device or a directory is an error at once, named; so is a file larger
 * than its cap.  Reports ("path: error: ...", or with ref, where the file
 * is named, "ref: error: \"path\": ...") and returns false.
 */
bool infile_open(struct infile *f, const char *path, enum infile_cap cap,
                 const struct loc *ref);
/* Reads up to n bytes into p.  Returns how many, 0 at the end, or -1
 * after reporting an I/O error or a file grown beyond its cap. */
ssize_t infile_read(struct infile *f, void *p, size_t n);
/* Reads up to n bytes at offset off into p, for a reader that seeks (a
 * zip archive); the position infile_read uses is left alone.  Returns
 * how many, 0 at the end, or -1 after reporting an I/O error. */
ssize_t infile_pread(struct infile *f, void *p, size_t n, uint64_t off);
/* The size of the file in bytes, or -1 after reporting an error. */
int64_t infile_size(struct infile *f);
void infile_close(struct infile *f);
/*
 * Would infile_open open path?  Reads and reports nothing: returns 1 if
 * so, 0 when there is no such file (among the sources, when confined),
 * and -1 with *why set to the reason otherwise (a FIFO, beyond the cap,
 * outside the sources); the caller frees *why.
 */
int infile_probe(const char *path, enum infile_cap cap, char **why);
/* Appends the whole file at path to b; false after reporting. */
bool infile_load(const char *path, enum infile_cap cap, struct buf *b);

/*
 * Opens path as infile_open does, unconfined, and reports nothing, so
 * that threads may call it: returns a descriptor, or -1 with errno set
 * (EINVAL: not a regular file; EFBIG: beyond the input cap).  For the
 * files taken from the machine whatever the confinement: fonts.
 */
int infile_fd(const char *path);
/* Maps the whole file at path read-only (a font): *len bytes at *p.
 * Unconfined; as infile_fd, reports nothing and returns false with errno
 * set (ENODATA: empty).  Free with infile_unmap. */
bool infile_map(const char *path, const void **p, size_t *len);
void infile_unmap(const void *p, size_t len);

/* A key for the file path names, equal for two paths naming one file:
 * its canonical path, or inside the sources its name there.  The caller
 * frees it. */
char *infile_key(const char *path);
/* Forgets the files read so far, for a process that starts a new run on
 * files that may since have been replaced (watch): their inode numbers
 * may now be another file's. */
void infile_forget(void);
/* What kind of file st describes when it is not a regular one, as
 * messages say it: "a FIFO", "a directory", "a character device"... */
const char *infile_kind(const struct stat *st);
/* The display name of an input of the run that is the file st describes
 * (same device and inode), or NULL. */
const char *infile_input_named(const struct stat *st);

/* One file a PDF carries, as reading is confined to them. */
struct infile_source {
	const char *name; /* relative path, "/"-separated, no "." or ".." */
	const char *data; /* borrowed: must outlive the confinement */
	size_t len;
};

/* From now on, paths name the n sources at v and nothing else; with n 0,
 * reading is unconfined again. */
void infile_confine(const struct infile_source *v, size_t n);
bool infile_confined(void);
/* path made relative and rid of "." and "..", lexically: what it names
 * among the sources.  NULL when it is absolute or leaves them.  The
 * caller frees it. */
char *infile_inside(const char *path);

#endif
