/*
 * briefgen: survey CSV files and an XML layout in, bilingual PDF briefing
 * packs out.  This file parses the command line and hands over to batch.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "decode.h"
#include "format.h"
#include "infile.h"
#include "msg.h"
#include "outfile.h"
#include "spec.h"
#include "version.h"
#include "xalloc.h"

static const char usage_text[] =
	"usage: briefgen render LAYOUT [-o OUT.pdf] [--pack ID] "
	"[--packs FILE]\n"
	"                      [--data NAME=PATH]... [--encoding NAME=ENC]...\n"
	"                      [--as-of YYYY-MM] [--lang ja+en|ja|en] "
	"[--dump-layout]\n"
	"       briefgen batch PACKS [-o DIR] [-j N] [--only ID,...] "
	"[--shard K/N]\n"
	"                      [--data NAME=PATH]... [--encoding NAME=ENC]...\n"
	"                      [--as-of YYYY-MM] [--lang ja+en|ja|en]\n"
	"       briefgen check LAYOUT [--data NAME=PATH]... "
	"[--encoding NAME=ENC]...\n"
	"                      [--as-of YYYY-MM]\n"
	"       briefgen regenerate OLD.pdf -o NEW.pdf\n"
	"       briefgen verify OLD.pdf\n"
	"       briefgen --help | --version\n";

static const char help_text[] =
	"\n"
	"Renders bilingual (Japanese and English) PDF briefing packs from "
	"survey CSV\n"
	"files and an XML layout.  Every PDF carries its sources, so it can "
	"be\n"
	"regenerated and verified byte for byte.\n"
	"\n"
	"commands:\n"
	"  render      render one pack of LAYOUT (by default the first pack "
	"in the\n"
	"              packs file beside it that uses LAYOUT)\n"
	"  batch       render every pack of the packs file PACKS into DIR "
	"(output/),\n"
	"              N at a time, as DIR/ID-YYYY-MM.pdf\n"
	"  check       validate LAYOUT and the data it names, render nothing\n"
	"  regenerate  render OLD.pdf again from the sources it carries\n"
	"  verify      render OLD.pdf again and compare: exit 0 only when "
	"identical\n"
	"\n"
	"options:\n"
	"  -o PATH            output file (render, regenerate) or directory "
	"(batch)\n"
	"  --pack ID          the pack (meeting) to render\n"
	"  --packs FILE       packs file (default: packs.xml beside LAYOUT)\n"
	"  --data NAME=PATH   read dataset NAME from PATH\n"
	"  --encoding NAME=ENC\n"
	"                     read dataset NAME as ENC: utf-8, cp932 "
	"(shift_jis),\n"
	"                     euc-jp or auto (detect; the default)\n"
	"  --as-of YYYY-MM    use the data as of that month: datasets as of a "
	"later\n"
	"                     month are left out (default: all of them)\n"
	"  --lang LANGS       ja+en (default), ja or en\n"
	"  --dump-layout      print the page display list instead of "
	"writing a PDF\n"
	"  --strict           treat warnings as errors\n"
	"  --limit NAME=SIZE  raise or lower a size cap (K, M, G: KiB, MiB, "
	"GiB): input\n"
	"                     (any file read, 256M), pdf (a PDF read back, "
	"256M),\n"
	"                     attachment (a file it carries, 256M), sources "
	"(all of\n"
	"                     them, 512M)\n"
	"  -j N               batch: render N packs at once (default: the "
	"cores)\n"
	"  --only ID,...      batch: only these packs\n"
	"  --shard K/N        batch: only the K-th of N slices of the packs\n"
	"\n"
	"SOURCE_DATE_EPOCH, when set, gives the PDFs' date; otherwise it is "
	"the\n"
	"pack's date.\n"
	"\n"
	"exit status: 0 success, 1 bad input (or, for verify, not "
	"identical),\n"
	"2 bad usage, 3 system error\n";

enum {
	OPT_PACK = 256,
	OPT_PACKS,
	OPT_DATA,
	OPT_ENCODING,
	OPT_LANG,
	OPT_DUMP,
	OPT_STRICT,
	OPT_AS_OF,
	OPT_ONLY,
	OPT_SHARD,
	OPT_LIMIT
};

struct cmdline {
	const char *command;
	const char *input;  /* LAYOUT, PACKS or OLD.pdf */
	const char *out;
	const char *pack;
	const char *packs;
	const char **data;
	size_t ndata;
	const char **encodings;
	size_t nencodings;
	struct date until;  /* --as-of */
	struct batch batch; /* -j, --only, --shard */
	struct options opt;
};

static int
usage(const char *why)
{
	if (why != NULL)
		msg_error(NULL, "%s", why);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

static bool
parse_lang(const char *s, unsigned *lang)
{
	if (strcmp(s, "ja+en") == 0)
		*lang = LANG_JA | LANG_EN;
	else if (strcmp(s, "ja") == 0)
		*lang = LANG_JA;
	else if (strcmp(s, "en") == 0)
		*lang = LANG_EN;
	else
		return false;
	return true;
}

/* Is s NAME=ENC with an encoding decode knows? */
static bool
encoding_arg(const char *s)
{
	const char *eq = strchr(s, '=');
	enum encoding e;

	return eq != NULL && eq != s && decode_parse_name(eq + 1, &e);
}

/* Parses "YYYY-MM" into the last day of that month. */
static bool
parse_month(const char *s, struct date *d)
{
	char extra;

	if (!(strlen(s) == 7 && s[4] == '-' &&
	      sscanf(s, "%4d-%2d%c", &d->year, &d->month, &extra) == 2 &&
	      d->year >= 1868 && d->month >= 1 && d->month <= 12))
		return false;
	date_end_of_month(d);
	return true;
}

/* Parses a positive number no greater than max. */
static bool
parse_count(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v == 0 || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

/* Parses "K/N", 1 <= K <= N. */
static bool
parse_shard(const char *s, struct batch *b)
{
	const char *slash = strchr(s, '/');
	char *k;
	bool ok;

	if (slash == NULL)
		return false;
	k = xstrndup(s, (size_t)(slash - s));
	ok = parse_count(k, 1000000, &b->shard) &&
	     parse_count(slash + 1, 1000000, &b->nshards) &&
	     b->shard <= b->nshards;
	free(k);
	return ok;
}

/* The documents' date from SOURCE_DATE_EPOCH, or -1. */
static long long
source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0) {
		msg_warn(NULL, "SOURCE_DATE_EPOCH is not a number of seconds: "
			       "\"%s\"; ignored",
			 s);
		return -1;
	}
	return v;
}

/* Options only some commands take. */
static int
check_options(const struct cmdline *c)
{
	bool batch = strcmp(c->command, "batch") == 0;
	bool archive = strcmp(c->command, "regenerate") == 0 ||
		       strcmp(c->command, "verify") == 0;

	if (!batch && (c->batch.jobs || c->batch.only || c->batch.nshards))
		return usage("-j, --only and --shard are for batch");
	if (strcmp(c->command, "render") != 0 &&
	    (c->pack || c->packs || c->opt.dump))
		return usage("--pack, --packs and --dump-layout are for render");
	if (archive && (c->ndata || c->nencodings || c->opt.until ||
			c->opt.lang != (LANG_JA | LANG_EN)))
		return usage("regenerate and verify take their options from "
			     "the PDF");
	if (strcmp(c->command, "verify") == 0 && c->out != NULL)
		return usage("verify writes no file");
	if (strcmp(c->command, "regenerate") == 0 && c->out == NULL)
		return usage("regenerate needs -o NEW.pdf");
	return 0;
}

/* Parses argv into c; returns 0, or the exit status to stop with. */
static int
parse_args(int argc, char **argv, struct cmdline *c)
{
	static const struct option longopts[] = {
		{"pack", required_argument, NULL, OPT_PACK},
		{"packs", required_argument, NULL, OPT_PACKS},
		{"data", required_argument, NULL, OPT_DATA},
		{"encoding", required_argument, NULL, OPT_ENCODING},
		{"lang", required_argument, NULL, OPT_LANG},
		{"dump-layout", no_argument, NULL, OPT_DUMP},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"only", required_argument, NULL, OPT_ONLY},
		{"shard", required_argument, NULL, OPT_SHARD},
		{"limit", required_argument, NULL, OPT_LIMIT},
		{NULL, 0, NULL, 0}};
	int ch;

	c->command = argv[1];
	c->opt.lang = LANG_JA | LANG_EN;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "o:j:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			c->out = optarg;
			break;
		case 'j':
			if (!parse_count(optarg, 1024, &c->batch.jobs))
				return usage("-j needs a number of processes "
					     "from 1 to 1024");
			break;
		case OPT_PACK:
			c->pack = optarg;
			break;
		case OPT_PACKS:
			c->packs = optarg;
			break;
		case OPT_DATA:
			if (strchr(optarg, '=') == NULL ||
			    optarg[0] == '=')
				return usage("--data needs NAME=PATH");
			c->data = xreallocarray(c->data, c->ndata + 1,
						sizeof *c->data);
			c->data[c->ndata++] = optarg;
			break;
		case OPT_ENCODING:
			if (!encoding_arg(optarg))
				return usage("--encoding needs NAME=ENC, ENC "
					     "one of utf-8, cp932, euc-jp, "
					     "auto");
			c->encodings = xreallocarray(c->encodings,
						     c->nencodings + 1,
						     sizeof *c->encodings);
			c->encodings[c->nencodings++] = optarg;
			break;
		case OPT_LANG:
			if (!parse_lang(optarg, &c->opt.lang))
				return usage("--lang must be ja+en, ja or en");
			break;
		case OPT_DUMP:
			c->opt.dump = true;
			break;
		case OPT_STRICT:
			msg_set_strict(true);
			break;
		case OPT_AS_OF:
			if (!parse_month(optarg, &c->until))
				return usage("--as-of needs a month, YYYY-MM");
			c->opt.until = &c->until;
			break;
		case OPT_ONLY:
			c->batch.only = optarg;
			break;
		case OPT_SHARD:
			if (!parse_shard(optarg, &c->batch))
				return usage("--shard needs K/N, 1 <= K <= N");
			break;
		case OPT_LIMIT:
			if (!infile_set_limit(optarg))
				return usage("--limit needs NAME=SIZE, NAME "
					     "one of input, pdf, attachment, "
					     "sources");
			break;
		default:
			return usage(NULL);
		}
	}
	if (optind != argc - 1)
		return usage(optind < argc ? "too many arguments"
					   : "missing input file");
	c->input = argv[optind];
	c->opt.data = c->data;
	c->opt.ndata = c->ndata;
	c->opt.encodings = c->encodings;
	c->opt.nencodings = c->nencodings;
	c->opt.epoch = source_date_epoch();
	c->opt.pdf = !c->opt.dump && (strcmp(c->command, "render") == 0 ||
				      strcmp(c->command, "batch") == 0);
	c->opt.many = strcmp(c->command, "batch") == 0;
	return check_options(c);
}

/* Does the pack's layout name the same file as path? */
static bool
same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (realpath(a, ra) == NULL || realpath(b, rb) == NULL)
		return strcmp(a, b) == 0;
	return strcmp(ra, rb) == 0;
}

/* The pack render renders: --pack, or the first that uses the layout. */
static const struct pack *
find_pack(const struct cmdline *c, const struct packs *ps)
{
	const struct pack *pack = NULL;
	size_t i;

	if (c->pack != NULL) {
		if ((pack = packs_find(ps, c->pack)) == NULL)
			msg_error(&(struct loc){ps->path, 0, 0},
				  "no pack \"%s\"", c->pack);
		return pack;
	}
	for (i = 0; i < ps->n && pack == NULL; i++)
		if (same_file(ps->v[i].layout, c->input))
			pack = &ps->v[i];
	if (pack == NULL)
		msg_error(&(struct loc){ps->path, 0, 0},
			  "no pack uses %s; name one with --pack", c->input);
	return pack;
}

static int
cmd_render(struct cmdline *c)
{
	char *packs_path = NULL, *out = NULL;
	const char *slash = strrchr(c->input, '/');
	const struct pack *pack;
	struct packs *ps;
	struct run *r = NULL;
	struct result res;
	struct buf pdf = {0};
	bool unchanged;

	if (c->packs == NULL)
		packs_path = slash ? xasprintf("%.*s/packs.xml",
					       (int)(slash - c->input),
					       c->input)
				   : xstrdup("packs.xml");
	ps = packs_read(c->packs ? c->packs : packs_path);
	if (ps == NULL || (pack = find_pack(c, ps)) == NULL)
		goto out;
	r = run_new(&c->opt);
	if (!run_render(r, c->input, pack, &pdf, &res) || c->opt.dump)
		goto out;
	/* The layout loaded, so the name can be made. */
	out = c->out ? xstrdup(c->out) : run_output(r, pack, "output");
	run_write(&pdf, out, &unchanged);
out:
	run_free(r);
	buf_free(&pdf);
	packs_free(ps);
	free(packs_path);
	free(out);
	return msg_status();
}

static int
cmd_batch(struct cmdline *c)
{
	struct packs *ps = packs_read(c->input);
	struct run *r;
	int status;

	if (ps == NULL)
		return msg_status();
	c->batch.dir = c->out ? c->out : "output";
	r = run_new(&c->opt);
	status = run_batch(r, ps, &c->batch);
	run_free(r);
	packs_free(ps);
	return status ? status : msg_status();
}

static int
cmd_check(struct cmdline *c)
{
	struct run *r = run_new(&c->opt);

	run_check(r, c->input);
	run_free(r);
	return msg_status();
}

static int
cmd_regenerate(struct cmdline *c)
{
	return run_regenerate(c->input, c->out);
}

static int
cmd_verify(struct cmdline *c)
{
	return run_verify(c->input);
}

int
main(int argc, char **argv)
{
	struct cmdline c = {0};
	int status;

	outfile_catch_signals();
	if (argc < 2)
		return usage("no command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("briefgen " BRIEFGEN_VERSION);
		return 0;
	}
	if ((status = parse_args(argc, argv, &c)) != 0) {
		free(c.data);
		free(c.encodings);
		return status;
	}
	if (strcmp(c.command, "render") == 0)
		status = cmd_render(&c);
	else if (strcmp(c.command, "batch") == 0)
		status = cmd_batch(&c);
	else if (strcmp(c.command, "check") == 0)
		status = cmd_check(&c);
	else if (strcmp(c.command, "regenerate") == 0)
		status = cmd_regenerate(&c);
	else if (strcmp(c.command, "verify") == 0)
		status = cmd_verify(&c);
	else {
		msg_error(NULL, "unknown command \"%s\"", c.command);
		status = usage(NULL);
	}
	free(c.data);
	free(c.encodings);
	spec_cleanup();
	return status;
}
