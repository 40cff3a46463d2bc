#include "fonts.h"

#include <dirent.h>
#include <errno.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "infile.h"
#include "msg.h"
#include "utf8.h"
#include "xalloc.h"


struct face {
	char *name;
	char *file;   /* as configured */
	char *source; /* the file read */
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	unsigned upem;
	double ascent, descent; /* per point of size */
	/* Advances of BMP code points in font units plus one (0: not looked
	 * up yet): 256 blocks of 256, each allocated on first use. */
	uint16_t **advance;
};

struct fonts {
	struct face *v;
	size_t n;
};

/* A font file mapped into memory, until HarfBuzz lets go of it. */
struct mapping {
	const void *p;
	size_t len;
};

static void
unmap(void *p)
{
	struct mapping *m = p;

	infile_unmap(m->p, m->len);
	free(m);
}

/* Is the file a TrueType font (sfnt version 1.0 or "true"), the only
 * kind libharu embeds? */
static bool
truetype(const char *p, size_t len)
{
	return len >= 12 && (memcmp(p, "\0\1\0\0", 4) == 0 ||
			     memcmp(p, "true", 4) == 0);
}

static bool
open_face(struct face *fc, const struct loc *loc)
{
	hb_font_extents_t ext;

	struct mapping *m = xcalloc(1, sizeof *m);

	if (!infile_map(fc->source, &m->p, &m->len)) {
		if (errno == EFBIG)
			infile_too_big(fc->source, INFILE_INPUT);
		else
			msg_error(loc, "cannot read font file \"%s\": %s%s",
				  fc->source,
				  errno == EINVAL ? "not a regular file"
						  : strerror(errno),
				  errno == ENOENT ? " (is fonts-ipaexfont "
						    "installed?)"
						  : "");
		free(m);
		return false;
	}
	if (!truetype(m->p, m->len) || m->len > UINT_MAX) {
		msg_error(loc, "\"%s\" is not a TrueType font", fc->source);
		unmap(m);
		return false;
	}
	fc->blob = hb_blob_create(m->p, (unsigned)m->len,
				  HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE, m,
				  unmap);
	fc->face = hb_face_create(fc->blob, 0);
	fc->upem = hb_face_get_upem(fc->face);
	if (hb_face_get_glyph_count(fc->face) == 0 || fc->upem == 0) {
		msg_error(loc, "\"%s\" is not a TrueType font", fc->source);
		return false;
	}
	fc->font = hb_font_create(fc->face);
	fc->advance = xcalloc(256, sizeof *fc->advance);
	hb_font_get_h_extents(fc->font, &ext);
	fc->ascent = (double)ext.ascender / fc->upem;
	fc->descent = (double)-ext.descender / fc->upem;
	return true;
}

/* Reads the configuration at path; with open, opens every font too. */
static struct fonts *
read_conf(const char *path, bool open)
{
	struct fonts *f = xcalloc(1, sizeof *f);
	struct buf b = {0};
	struct loc loc = {path, 0, 0};
	char *line, *next;
	bool ok;

	ok = infile_load(path, INFILE_INPUT, &b);
	for (line = b.data; ok && line != NULL; line = next) {
		char name[64], file[1024], extra;
		struct face *fc;
		int k;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		loc.line++;
		line += strspn(line, " \t");
		if (*line == '#' || *line == '\0' || *line == '\r')
			continue;
		k = sscanf(line, "%63s %1023s %c", name, file, &extra);
		if (k != 2) {
			msg_error(&loc, "expected \"name file\"");
			ok = false;
			continue;
		}
		if (fonts_find(f, name) >= 0) {
			msg_error(&loc, "font \"%s\" is named twice", name);
			ok = false;
			continue;
		}
		f->v = xreallocarray(f->v, f->n + 1, sizeof *f->v);
		fc = &f->v[f->n++];
		memset(fc, 0, sizeof *fc);
		fc->name = xstrdup(name);
		fc->file = xstrdup(file);
		/* A PDF's fonts configuration names the font, not the file
		 * to read. */
		fc->source = infile_confined() ? fonts_locate(file)
					       : xstrdup(file);
		if (fc->source == NULL) {
			msg_error(&loc, "font %s: no file like \"%s\" in this "
					"machine's font directories",
				  name, file);
			ok = false;
			continue;
		}
		ok = (!open || open_face(fc, &loc)) && ok;
	}
	if (ok && f->n == 0) {
		msg_error(&loc, "no fonts are named");
		ok = false;
	}
	buf_free(&b);
	if (!ok) {
		fonts_free(f);
		return NULL;
	}
	return f;
}

struct fonts *
fonts_load(const char *path)
{
	return read_conf(path, true);
}

struct fonts *
fonts_read_conf(const char *path)
{
	return read_conf(path, false);
}

void
fonts_free(struct fonts *f)
{
	size_t i, k;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		hb_font_destroy(f->v[i].font);
		hb_face_destroy(f->v[i].face);
		hb_blob_destroy(f->v[i].blob);
		for (k = 0; f->v[i].advance != NULL && k < 256; k++)
			free(f->v[i].advance[k]);
		free(f->v[i].advance);
		free(f->v[i].name);
		free(f->v[i].file);
		free(f->v[i].source);
	}
	free(f->v);
	free(f);
}

int
fonts_find(const struct fonts *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return (int)i;
	return -1;
}

size_t
fonts_count(const struct fonts *f)
{
	return f->n;
}

const char *
fonts_name(const struct fonts *f, int font)
{
	return f->v[font].name;
}

const char *
fonts_file(const struct fonts *f, int font)
{
	return f->v[font].file;
}

const char *
fonts_source(const struct fonts *f, int font)
{
	return f->v[font].source;
}

/* --- finding a PDF's fonts on this machine ------------------------------ */

/* Directories below a font directory that fonts_locate looks into. */
#define LOCATE_DEPTH 6
/* Directory entries it looks at, at most. */
#define LOCATE_ENTRIES 100000

/* This machine's font directories, as fontconfig's defaults have them;
 * *n of them.  The caller frees each and the array. */
static char **
font_dirs(size_t *n)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char **v = xcalloc(4, sizeof *v);

	*n = 0;
	v[(*n)++] = xstrdup("/usr/share/fonts");
	v[(*n)++] = xstrdup("/usr/local/share/fonts");
	if (xdg != NULL && xdg[0] == '/')
		v[(*n)++] = xasprintf("%s/fonts", xdg);
	else if (home != NULL && home[0] == '/')
		v[(*n)++] = xasprintf("%s/.local/share/fonts", home);
	if (home != NULL && home[0] == '/')
		v[(*n)++] = xasprintf("%s/.fonts", home);
	return v;
}

static bool
is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first regular file called base below dir, in name order, or NULL;
 * *budget counts the entries looked at. */
static char *
find_below(const char *dir, const char *base, int depth, long *budget)
{
	DIR *d = depth <= LOCATE_DEPTH ? opendir(dir) : NULL;
	struct dirent *e;
	char **names = NULL, *found = NULL;
	size_t n = 0, i;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL && --*budget > 0)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n && found == NULL; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);
		struct stat st;

		if (strcmp(names[i], base) == 0 && is_regular(p))
			found = xstrdup(p);
		else if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			found = find_below(p, base, depth + 1, budget);
		free(p);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return found;
}

char *
fonts_locate(const char *file)
{
	const char *slash = strrchr(file, '/');
	const char *base = slash ? slash + 1 : file;
	char **dirs, *found = NULL;
	long budget = LOCATE_ENTRIES;
	size_t n, i;

	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return NULL;
	dirs = font_dirs(&n);
	/* The very file, when it lies in a font directory. */
	if (file[0] == '/' && strstr(file, "/../") == NULL &&
	    strstr(file, "/./") == NULL)
		for (i = 0; i < n && found == NULL; i++) {
			size_t k = strlen(dirs[i]);

			if (strncmp(file, dirs[i], k) == 0 && file[k] == '/' &&
			    is_regular(file))
				found = xstrdup(file);
		}
	for (i = 0; i < n && found == NULL; i++)
		found = find_below(dirs[i], base, 0, &budget);
	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	return found;
}

static unsigned
units(const struct face *fc, uint32_t cp)
{
	uint16_t **block = &fc->advance[(cp >> 8) & 0xff];
	hb_codepoint_t gid = 0;
	unsigned adv;

	if (cp < 0x10000 && *block != NULL && (*block)[cp & 0xff] != 0)
		return (*block)[cp & 0xff] - 1U;
	if (utf8_is_vs((int32_t)cp))
		return 0;
	hb_font_get_nominal_glyph(fc->font, cp, &gid);
	adv = (unsigned)hb_font_get_glyph_h_advance(fc->font, gid);
	if (cp < 0x10000 && adv < UINT16_MAX) {
		if (*block == NULL)
			*block = xcalloc(256, sizeof **block);
		(*block)[cp & 0xff] = (uint16_t)(adv + 1);
	}
	return adv;
}

double
fonts_advance(const struct fonts *f, int font, uint32_t cp, double size_pt)
{
	const struct face *fc = &f->v[font];

	return units(fc, cp) * size_pt / fc->upem;
}

double
fonts_width(const struct fonts *f, int font, const char *s, size_t len,
	    double size_pt)
{
	const struct face *fc = &f->v[font];
	const char *p = s, *end = s + len;
	unsigned long sum = 0;
	int32_t cp;

	while (p < end)
		if ((cp = utf8_next(&p, end)) >= 0)
			sum += units(fc, (uint32_t)cp);
	return sum * size_pt / fc->upem;
}

bool
fonts_has(const struct fonts *f, int font, uint32_t cp)
{
	hb_codepoint_t gid;

	return hb_font_get_nominal_glyph(f->v[font].font, cp, &gid) != 0;
}

bool
fonts_has_variant(const struct fonts *f, int font, uint32_t cp, uint32_t vs)
{
	hb_codepoint_t gid;

	return hb_font_get_variation_glyph(f->v[font].font, cp, vs, &gid) != 0;
}

uint32_t
fonts_variant_glyph(const struct fonts *f, int font, uint32_t cp, uint32_t vs)
{
	hb_codepoint_t gid = 0;

	if (!hb_font_get_variation_glyph(f->v[font].font, cp, vs, &gid))
		gid = 0;
	return gid;
}

double
fonts_ascent(const struct fonts *f, int font)
{
	return f->v[font].ascent;
}

double
fonts_descent(const struct fonts *f, int font)
{
	return f->v[font].descent;
}

const char *
fonts_version(void)
{
	static char v[48];

	if (v[0] == '\0')
		snprintf(v, sizeof v, "harfbuzz %s", hb_version_string());
	return v;
}

uint32_t
fonts_glyph(const struct fonts *f, int font, uint32_t cp)
{
	hb_codepoint_t gid = 0;

	hb_font_get_nominal_glyph(f->v[font].font, cp, &gid);
	return gid;
}

long
fonts_lacks(const struct fonts *f, int font, const char *s, uint32_t *cp)
{
	const char *p = s, *end = s + strlen(s);

	while (p < end) {
		const char *at = p;
		int32_t c = utf8_next(&p, end);

		if (c < 0 || c == '\n' || utf8_is_vs(c) ||
		    fonts_glyph(f, font, (uint32_t)c) != 0)
			continue;
		*cp = (uint32_t)c;
		return (long)(at - s);
	}
	return -1;
}

/* v font units in thousandths of the em, rounded. */
static int
thousandths(const struct face *fc, double v)
{
	return (int)lround(v * 1000 / fc->upem);
}

int
fonts_glyph_width(const struct fonts *f, int font, uint32_t gid)
{
	const struct face *fc = &f->v[font];

	return thousandths(fc, hb_font_get_glyph_h_advance(fc->font, gid));
}

/* A big-endian 16-bit signed number of a table. */
static int
int16_at(const char *p)
{
	return (int16_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

void
fonts_info(const struct fonts *f, int font, struct font_info *out)
{
	const struct face *fc = &f->v[font];
	hb_blob_t *head = hb_face_reference_table(fc->face, HB_TAG('h', 'e',
								      'a', 'd'));
	unsigned len = sizeof out->name, i, k = 0, n;
	const char *p = hb_blob_get_data(head, &n);
	hb_position_t cap = 0;
	char name[64];

	memset(out, 0, sizeof *out);
	if (!hb_ot_name_get_utf8(fc->face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
				 HB_LANGUAGE_INVALID, &len, name))
		name[0] = '\0';
	/* A PDF name of the characters PostScript names may hold. */
	for (i = 0; name[i] != '\0' && k + 1 < sizeof out->name; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789-_.", name[i]) != NULL)
			out->name[k++] = name[i];
	if (k == 0)
		snprintf(out->name, sizeof out->name, "Font%d", font);
	/* The bounding box of all glyphs, 'head' bytes 36 to 43. */
	if (n >= 44)
		for (i = 0; i < 4; i++)
			out->bbox[i] = thousandths(fc, int16_at(p + 36 + 2 * i));
	hb_blob_destroy(head);
	out->ascent = (int)lround(fc->ascent * 1000);
	out->descent = -(int)lround(fc->descent * 1000);
	if (hb_ot_metrics_get_position(fc->font, HB_OT_METRICS_TAG_CAP_HEIGHT,
				       &cap) && cap > 0)
		out->cap_height = thousandths(fc, cap);
	else
		out->cap_height = out->ascent;
	out->italic_angle = (int)lround(
		hb_style_get_value(fc->font, HB_STYLE_TAG_SLANT_ANGLE));
}

/*
 * A subset input for the glyphs of a PDF's CIDFontType2 program: hinting
 * dropped, no layout closure, and without the tables ISO 32000-1, 9.9
 * does not ask of a TrueType program that a CIDFont uses.  9.9 asks for
 * 'glyf', 'head', 'hhea', 'hmtx', 'loca' and 'maxp', and for 'cvt ',
 * 'fpgm' and 'prep' only where the glyphs' instructions need them: with
 * the instructions dropped, none do.  A CIDFont reaches its glyphs by
 * number, so no 'cmap' (9.9, 9.7.4.2) and no 'name'; no 'post' either,
 * whose glyph names and underline metrics no PDF consumer takes from an
 * embedded program.  'OS/2' stays: its fsType carries the font's
 * embedding licence.  PDF/A-3 (ISO 19005-3, 6.2.11.4 and 6.2.11.5) asks
 * that the program define every glyph shown, with the widths of /W:
 * 'glyf' and 'hmtx' are kept whole for the glyphs kept.
 */
static hb_subset_input_t *
subset_input(void)
{
	static const char drop[][5] = {
		"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx",
		"VORG", "fpgm", "prep", "cvt ", "gasp", "hdmx", "LTSH",
		"VDMX", "kern", "DSIG", "morx", "cmap", "name", "post"};
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *set;
	size_t i;

	if (in == NULL)
		msg_fatal("out of memory");
	set = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (i = 0; i < sizeof drop / sizeof drop[0]; i++)
		hb_set_add(set, hb_tag_from_string(drop[i], 4));
	hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	return in;
}

/* Runs the subset of face that in asks for (and destroys in); NULL if it
 * fails.  *plan is the plan, for its glyph mapping; the caller destroys
 * both. */
static hb_face_t *
run_subset(hb_face_t *face, hb_subset_input_t *in, hb_subset_plan_t **plan)
{
	*plan = hb_subset_plan_create_or_fail(face, in);
	hb_subset_input_destroy(in);
	return *plan != NULL ? hb_subset_plan_execute_or_fail(*plan) : NULL;
}

size_t
fonts_subset(const struct fonts *f, int font, const struct subset_glyphs *g,
	     const uint32_t *old, size_t n, struct buf *out, uint32_t *new_gid)
{
	const struct face *fc = &f->v[font];
	hb_subset_input_t *in = subset_input();
	hb_subset_plan_t *plan, *plan2 = NULL;
	hb_face_t *sub, *sub2;
	hb_set_t *set;
	hb_blob_t *blob;
	unsigned len;
	const char *data;
	size_t i, count;

	/* By code point where a glyph has one: HarfBuzz reads the whole
	 * cmap for a request by glyph, which took most of a subset's time. */
	set = hb_subset_input_unicode_set(in);
	for (i = 0; i < g->ncps; i++)
		hb_set_add(set, g->cps[i]);
	set = hb_subset_input_glyph_set(in);
	for (i = 0; i < g->ngids; i++)
		hb_set_add(set, g->gids[i]);
	sub = run_subset(fc->face, in, &plan);
	if (sub == NULL) {
		hb_subset_plan_destroy(plan);
		msg_error(NULL, "cannot subset font \"%s\"", fc->file);
		return 0;
	}
	for (i = 0; i < n; i++)
		new_gid[i] = hb_map_get(hb_subset_plan_old_to_new_glyph_mapping(
						plan),
					old[i]);
	/*
	 * HarfBuzz adds to the glyphs of the code points those of their
	 * variation sequences in the font's 'cmap' (format 14): IPAex has
	 * hundreds, which the pages never draw.  They go in a second pass,
	 * asked by glyph of the first subset, which has no 'cmap' to add
	 * them from.  Composite glyphs' parts stay.
	 */
	if (hb_face_get_glyph_count(sub) > n + 1) {
		in = subset_input();
		set = hb_subset_input_glyph_set(in);
		for (i = 0; i < n; i++)
			hb_set_add(set, new_gid[i]);
		sub2 = run_subset(sub, in, &plan2);
		if (sub2 == NULL) {
			hb_subset_plan_destroy(plan2);
			hb_subset_plan_destroy(plan);
			hb_face_destroy(sub);
			msg_error(NULL, "cannot subset font \"%s\"", fc->file);
			return 0;
		}
		for (i = 0; i < n; i++)
			new_gid[i] = hb_map_get(
				hb_subset_plan_old_to_new_glyph_mapping(plan2),
				new_gid[i]);
		hb_face_destroy(sub);
		sub = sub2;
	}
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	buf_add(out, data, len);
	count = hb_face_get_glyph_count(sub);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan2);
	hb_subset_plan_destroy(plan);
	return count;
}
