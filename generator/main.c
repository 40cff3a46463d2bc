/*
 * briefgen: survey CSV files and an XML layout in, bilingual PDF briefing
 * packs out.  This file parses the command line and hands over to batch.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "decode.h"
#include "format.h"
#include "msg.h"
#include "spec.h"
#include "version.h"
#include "xalloc.h"

static const char usage_text[] =
	"usage: briefgen render LAYOUT [-o OUT.pdf] [--pack ID] "
	"[--packs FILE]\n"
	"                      [--data NAME=PATH]... [--encoding NAME=ENC]...\n"
	"                      [--lang ja+en|ja|en] [--dump-layout]\n"
	"       briefgen batch PACKS [-o DIR] [--lang ja+en|ja|en]\n"
	"       briefgen check LAYOUT [--data NAME=PATH]... "
	"[--encoding NAME=ENC]...\n"
	"       briefgen --help | --version\n";

static const char help_text[] =
	"\n"
	"Renders bilingual (Japanese and English) PDF briefing packs from "
	"survey CSV\n"
	"files and an XML layout.\n"
	"\n"
	"commands:\n"
	"  render   render one pack of LAYOUT (by default the first pack in "
	"the\n"
	"           packs file beside it that uses LAYOUT)\n"
	"  batch    render every pack of the packs file PACKS into DIR "
	"(output/)\n"
	"  check    validate LAYOUT and the data it names, render nothing\n"
	"\n"
	"options:\n"
	"  -o PATH            output file (render) or directory (batch)\n"
	"  --pack ID          the pack (meeting) to render\n"
	"  --packs FILE       packs file (default: packs.xml beside LAYOUT)\n"
	"  --data NAME=PATH   read dataset NAME from PATH\n"
	"  --encoding NAME=ENC\n"
	"                     read dataset NAME as ENC: utf-8, cp932 "
	"(shift_jis),\n"
	"                     euc-jp or auto (detect; the default)\n"
	"  --lang LANGS       ja+en (default), ja or en\n"
	"  --dump-layout      print the page display list instead of "
	"writing a PDF\n"
	"  --strict           treat warnings as errors\n"
	"\n"
	"exit status: 0 success, 1 bad input, 2 bad usage, 3 system error\n";

enum {
	OPT_PACK = 256,
	OPT_PACKS,
	OPT_DATA,
	OPT_ENCODING,
	OPT_LANG,
	OPT_DUMP,
	OPT_STRICT
};

struct cmdline {
	const char *command;
	const char *input;  /* LAYOUT or PACKS */
	const char *out;
	const char *pack;
	const char *packs;
	const char **data;
	size_t ndata;
	const char **encodings;
	size_t nencodings;
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
		{NULL, 0, NULL, 0}};
	int ch;

	c->command = argv[1];
	c->opt.lang = LANG_JA | LANG_EN;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			c->out = optarg;
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
	return 0;
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

static int
cmd_render(struct cmdline *c)
{
	char *packs_path = NULL, *out = NULL;
	const char *slash = strrchr(c->input, '/');
	const struct pack *pack = NULL;
	struct packs *ps;
	struct run *r;
	struct result res;
	size_t i;

	if (c->packs == NULL)
		packs_path = slash ? xasprintf("%.*s/packs.xml",
					       (int)(slash - c->input),
					       c->input)
				   : xstrdup("packs.xml");
	ps = packs_read(c->packs ? c->packs : packs_path);
	if (ps == NULL)
		goto out;
	if (c->pack != NULL) {
		if ((pack = packs_find(ps, c->pack)) == NULL)
			msg_error(&(struct loc){ps->path, 0, 0},
				  "no pack \"%s\"", c->pack);
	} else {
		for (i = 0; i < ps->n && pack == NULL; i++)
			if (same_file(ps->v[i].layout, c->input))
				pack = &ps->v[i];
		if (pack == NULL)
			msg_error(&(struct loc){ps->path, 0, 0},
				  "no pack uses %s; name one with --pack",
				  c->input);
	}
	if (pack != NULL) {
		out = c->out ? xstrdup(c->out)
			     : xasprintf("output/%s.pdf", pack->id);
		r = run_new(&c->opt);
		run_render(r, c->input, pack, out, &res);
		run_free(r);
	}
out:
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
	r = run_new(&c->opt);
	status = run_batch(r, ps, c->out ? c->out : "output");
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

int
main(int argc, char **argv)
{
	struct cmdline c = {0};
	int status;

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
	else {
		msg_error(NULL, "unknown command \"%s\"", c.command);
		status = usage(NULL);
	}
	free(c.data);
	free(c.encodings);
	spec_cleanup();
	return status;
}
