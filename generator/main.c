/*
 * briefgen: survey CSV files and an XML layout in, bilingual PDF briefing
 * packs out.  This file parses the command line, prints the help of each
 * command, and hands over to batch and watch.
 */
#define _DEFAULT_SOURCE /* readlink */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "decode.h"
#include "format.h"
#include "infile.h"
#include "msg.h"
#include "outfile.h"
#include "spec.h"
#include "suggest.h"
#include "watch.h"
#include "xalloc.h"

/* The commands, as bits, so that an option can name those that take it. */
enum {
	CMD_RENDER = 1 << 0,
	CMD_BATCH = 1 << 1,
	CMD_CHECK = 1 << 2,
	CMD_WATCH = 1 << 3,
	CMD_PACKS = 1 << 4,
	CMD_FONTS = 1 << 5,
	CMD_VERIFY = 1 << 6,
	CMD_REGENERATE = 1 << 7,
	CMD_HELP = 1 << 8,
	CMD_ALL = (1 << 9) - 1,
	/* Those that load a layout and its data. */
	CMD_LOADS = CMD_RENDER | CMD_BATCH | CMD_CHECK | CMD_WATCH
};

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
	OPT_LIMIT,
	OPT_VERBOSE
};

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
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, OPT_VERBOSE},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0}};
/* ":" first: a missing argument is told from an unknown option. */
static const char shortopts[] = ":o:j:qh";

/* One line of a command's help: an option as the commands in commands
 * take it.  An option whose meaning differs between commands (-o) has a
 * line for each meaning. */
struct optdoc {
	int id;            /* what getopt_long returns for it */
	unsigned commands; /* CMD_ bits */
	const char *form;  /* "-o PATH" */
	const char *help;  /* lines after the first start with spaces */
};

static const struct optdoc optdocs[] = {
	{'o', CMD_RENDER, "-o PATH",
	 "write the PDF to PATH, making its directory if need be\n"
	 "(default: output/ID-YYYY-MM.pdf); - for standard\n"
	 "output, unless it is a terminal"},
	{'o', CMD_WATCH, "-o PATH",
	 "write the PDF to PATH, making its directory if need be\n"
	 "(default: output/ID-YYYY-MM.pdf)"},
	{'o', CMD_BATCH, "-o DIR",
	 "write the PDFs into DIR, made if need be (default:\n"
	 "output)"},
	{'o', CMD_REGENERATE, "-o PATH",
	 "write the regenerated PDF to PATH; - for standard\n"
	 "output, unless it is a terminal"},
	{OPT_PACK, CMD_RENDER | CMD_WATCH, "--pack ID",
	 "the pack to render (default: the first pack of the\n"
	 "packs file that uses LAYOUT)"},
	{OPT_PACKS, CMD_RENDER | CMD_WATCH, "--packs FILE",
	 "the packs file (default: packs.xml beside LAYOUT)"},
	{OPT_DATA, CMD_LOADS, "--data NAME=PATH",
	 "read the layout's dataset NAME from PATH"},
	{OPT_ENCODING, CMD_LOADS, "--encoding NAME=ENC",
	 "read dataset NAME as ENC: utf-8, cp932 (shift_jis),\n"
	 "euc-jp or auto (detect; the default)"},
	{OPT_AS_OF, CMD_LOADS, "--as-of YYYY-MM",
	 "make the packs as of the month's last day, or of their\n"
	 "own date where that is earlier: what was published\n"
	 "later is left out (default: each pack's date, and the\n"
	 "day of the run for an undated pack)"},
	{OPT_LANG, CMD_RENDER | CMD_BATCH | CMD_WATCH, "--lang LANGS",
	 "the languages: ja+en (the default), ja or en"},
	{OPT_LANG, CMD_PACKS, "--lang LANGS",
	 "the languages of the titles: ja+en (the default), ja\n"
	 "or en"},
	{OPT_DUMP, CMD_RENDER, "--dump-layout",
	 "print the pages' display list instead of a PDF"},
	{OPT_STRICT, CMD_LOADS, "--strict", "treat warnings as errors"},
	{'j', CMD_BATCH, "-j N",
	 "render N packs at once (default: the CPUs this\n"
	 "process may use, its cgroup's CPU quota included)"},
	{OPT_ONLY, CMD_BATCH, "--only ID,...", "render only these packs"},
	{OPT_SHARD, CMD_BATCH, "--shard K/N",
	 "render only the K-th of N slices of the packs"},
	{OPT_LIMIT, CMD_ALL & ~CMD_HELP, "--limit NAME=SIZE",
	 "raise or lower a size cap (K, M, G: KiB, MiB, GiB):\n"
	 "input (any file read, 256M), pdf (a PDF read back,\n"
	 "256M), attachment (a file a PDF carries, 256M),\n"
	 "sources (all of them, 512M), sheet (a sheet of a\n"
	 "workbook, inflated, and all read from one, 1G),\n"
	 "layout (a layout with what it includes, 16M)"},
	{'q', CMD_ALL & ~CMD_HELP, "-q, --quiet",
	 "print errors only: no warnings, no lines for what\n"
	 "went well"},
	{OPT_VERBOSE, CMD_ALL & ~CMD_HELP, "--verbose",
	 "also say what was read and how long each stage took"},
	{'h', CMD_ALL, "-h, --help", "print this help"},
};

struct cmdline;

struct command {
	const char *name;
	unsigned bit;
	const char *operands; /* as the usage line shows them */
	unsigned min, max;    /* how many operands */
	const char *summary;  /* its line in the list of commands */
	const char *about;    /* the paragraph of its help */
	int (*run)(struct cmdline *c);
};

struct cmdline {
	const struct command *cmd;
	const char *input;  /* LAYOUT, PACKS, PDF or the like; may be NULL */
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

static int cmd_render(struct cmdline *c);
static int cmd_batch(struct cmdline *c);
static int cmd_check(struct cmdline *c);
static int cmd_watch(struct cmdline *c);
static int cmd_packs(struct cmdline *c);
static int cmd_fonts(struct cmdline *c);
static int cmd_verify(struct cmdline *c);
static int cmd_regenerate(struct cmdline *c);
static int cmd_help(struct cmdline *c);

static const struct command commands[] = {
	{"render", CMD_RENDER, "LAYOUT", 1, 1, "render one pack of LAYOUT",
	 "Renders one pack of LAYOUT into a PDF: the pack --pack names, or\n"
	 "the first pack of the packs file that uses LAYOUT.  Prints one line:\n"
	 "the pack, its pages, bytes and time, \"written\" (or \"unchanged\",\n"
	 "when the file held these very bytes already) and the file.",
	 cmd_render},
	{"batch", CMD_BATCH, "PACKS", 1, 1,
	 "render every pack of a packs file",
	 "Renders every pack of the packs file PACKS into DIR/ID-YYYY-MM.pdf,\n"
	 "N at a time.  Prints a line with the date, the time and what it\n"
	 "runs, a line per pack in the order of PACKS, and a summary that\n"
	 "ends with the time taken.",
	 cmd_batch},
	{"check", CMD_CHECK, "LAYOUT", 1, 1,
	 "validate LAYOUT and its data, render nothing",
	 "Validates LAYOUT and reads every data file it names, as render\n"
	 "would, streaming them, and renders nothing.  Prints one line per\n"
	 "dataset: its file, rows, encoding and missing values.",
	 cmd_check},
	{"watch", CMD_WATCH, "LAYOUT", 1, 1,
	 "render again whenever a file it reads changes",
	 "Renders a pack of LAYOUT as render does, then again whenever the\n"
	 "layout, a file it includes, a dataset or the packs file changes,\n"
	 "printing one line per render, after the time of day, or its errors.\n"
	 "Runs until interrupted.",
	 cmd_watch},
	{"packs", CMD_PACKS, "PACKS", 1, 1,
	 "list the packs a packs file makes",
	 "Lists every pack the packs file PACKS makes, the generated ones\n"
	 "included, one a line: id, date (\"undated\": made as of the day\n"
	 "of the run), layout and title.",
	 cmd_packs},
	{"fonts", CMD_FONTS, "[LAYOUT | FONTS.CONF]", 0, 1,
	 "list the configured fonts and check their files",
	 "Lists the fonts of a fonts configuration: the one LAYOUT (a file\n"
	 "ending in .xml) names, FONTS.CONF, or, given neither, the one\n"
	 "briefgen was installed with.  For each: its name, its file, and\n"
	 "whether the file is present and has the digest remembered for it.",
	 cmd_fonts},
	{"verify", CMD_VERIFY, "PDF", 1, 1,
	 "render PDF again from its sources and compare",
	 "Renders PDF again from the sources it carries and compares the\n"
	 "bytes.  Exits 0 when they are identical, 1 when they differ (and\n"
	 "says where and why), 2 when it cannot tell (not a PDF, no sources,\n"
	 "unreadable).",
	 cmd_verify},
	{"regenerate", CMD_REGENERATE, "PDF -o NEW.pdf", 1, 1,
	 "render PDF again from its sources into NEW.pdf",
	 "Renders PDF again from the sources it carries, with the options it\n"
	 "was made with, into NEW.pdf.  Refuses sources that were altered.",
	 cmd_regenerate},
	{"help", CMD_HELP, "[COMMAND]", 0, 1,
	 "print the usage and options of COMMAND",
	 "Prints the usage and options of COMMAND, or the list of commands.",
	 cmd_help},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char about_text[] =
	"Renders bilingual (Japanese and English) PDF briefing packs from "
	"survey CSV\n"
	"files and XML layouts.  Every PDF carries its sources, so that it "
	"can be\n"
	"regenerated and verified byte for byte.\n";

static const char tail_text[] =
	"\"briefgen help COMMAND\" gives the options of a command; the "
	"manual,\n"
	"briefgen(1), gives the rest.\n"
	"\n"
	"exit status: 0 success, 1 bad input, 2 bad usage, 3 system error;\n"
	"verify: 0 identical, 1 differs, 2 cannot tell\n";

/* --- help and usage errors ------------------------------------------- */

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The commands taking an option, as "render, watch and batch". */
static void
add_commands(struct buf *b, unsigned bits)
{
	size_t i, n = 0, k = 0;

	for (i = 0; i < NCOMMANDS; i++)
		n += (bits & commands[i].bit) != 0;
	for (i = 0; i < NCOMMANDS; i++)
		if (bits & commands[i].bit)
			buf_printf(b, "%s%s", k++ == 0 ? "" : k == n ? " and " : ", ",
				   commands[i].name);
}

static void
print_help(const struct command *cmd)
{
	size_t i;
	const char *p;

	if (cmd == NULL) {
		printf("usage: briefgen COMMAND [options] ...\n\n%s\n"
		       "commands:\n",
		       about_text);
		for (i = 0; i < NCOMMANDS; i++) {
			char *head = xasprintf("%s %s", commands[i].name,
					       commands[i].operands);

			printf("  %-28s %s\n", head, commands[i].summary);
			free(head);
		}
		printf("\nbriefgen -V, --version prints the versions and font "
		       "digests that decide\nthe bytes of a PDF.  "
		       "SOURCE_DATE_EPOCH, when set, gives the PDFs' date\n"
		       "and the day of the run; otherwise the PDF's date is "
		       "the pack's.\n\n%s",
		       tail_text);
		return;
	}
	printf("usage: briefgen %s %s%s\n\n%s\n", cmd->name, cmd->operands,
	       cmd->bit == CMD_HELP ? "" : " [options]", cmd->about);
	printf("\noptions:\n");
	for (i = 0; i < sizeof optdocs / sizeof optdocs[0]; i++) {
		if (!(optdocs[i].commands & cmd->bit))
			continue;
		printf("  %-20s ", optdocs[i].form);
		for (p = optdocs[i].help; *p != '\0';) {
			size_t n = strcspn(p, "\n");

			printf("%.*s\n", (int)n, p);
			p += n;
			if (*p == '\n') {
				p++;
				printf("  %-20s ", "");
			}
		}
	}
	printf("\n%s", tail_text);
}

/*
 * Reports a usage error in one line, then the usage of the command (or of
 * briefgen) in one more, pointing to its help.  Returns EXIT_USAGE.
 */
static int
usage(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_verror(NULL, fmt, ap);
	va_end(ap);
	if (cmd == NULL)
		msg_hint("usage: briefgen COMMAND [options] ...; see "
			 "\"briefgen help\"");
	else
		msg_hint("usage: briefgen %s %s%s; see \"briefgen help %s\"",
			 cmd->name, cmd->operands,
			 cmd->bit == CMD_HELP ? "" : " [options]", cmd->name);
	return EXIT_USAGE;
}

/* The long option nearest to a misspelt arg ("--pak"), or NULL. */
static const char *
nearest_option(const char *arg)
{
	static char names[sizeof longopts / sizeof longopts[0]][24];
	static const char *v[sizeof longopts / sizeof longopts[0]];
	size_t n, len = strcspn(arg, "=");
	char *word = xstrndup(arg, len);
	const char *found;

	for (n = 0; longopts[n].name != NULL; n++) {
		snprintf(names[n], sizeof names[n], "--%s", longopts[n].name);
		v[n] = names[n];
	}
	found = suggest_nearest(word, v, n);
	free(word);
	return found;
}

/* The long options arg ("--pa") abbreviates, as "--pack, --packs". */
static char *
abbreviated(const char *arg)
{
	struct buf b = {0};
	size_t i, len = strcspn(arg + 2, "=");

	for (i = 0; longopts[i].name != NULL; i++)
		if (strncmp(longopts[i].name, arg + 2, len) == 0)
			buf_printf(&b, "%s--%s", b.len ? ", " : "",
				   longopts[i].name);
	return b.data;
}

/* Options as other tools spell them (pandoc's --output, make's --jobs),
 * and what briefgen calls them. */
static const struct {
	const char *theirs, *ours;
} other_spellings[] = {
	{"--output", "-o"},
	{"--out", "-o"},
	{"--jobs", "-j"},
	{"--language", "--lang"},
	{"--version", "briefgen --version"},
};

/* What briefgen calls the option at arg ("--output=x"), or NULL. */
static const char *
spelt_otherwise(const char *arg)
{
	size_t i, len = strcspn(arg, "=");

	for (i = 0; i < sizeof other_spellings / sizeof other_spellings[0];
	     i++)
		if (strlen(other_spellings[i].theirs) == len &&
		    strncmp(arg, other_spellings[i].theirs, len) == 0)
			return other_spellings[i].ours;
	return NULL;
}

/* getopt_long found an option it does not know, at arg. */
static int
unknown_option(const struct command *cmd, const char *arg, int optopt_)
{
	const char *near;
	char *all;
	int status;

	if (strncmp(arg, "--", 2) != 0)
		return usage(cmd, "unknown option \"-%c\"", optopt_);
	if ((near = spelt_otherwise(arg)) != NULL)
		return usage(cmd, "unknown option \"%.*s\"; did you mean "
				  "\"%s\"?",
			     (int)strcspn(arg, "="), arg, near);
	all = abbreviated(arg);
	if (all != NULL && strchr(all, ',') != NULL)
		status = usage(cmd, "option \"%.*s\" is ambiguous: %s",
			       (int)strcspn(arg, "="), arg, all);
	else if (all != NULL)
		/* A whole option given an argument it does not take. */
		status = usage(cmd, "option \"%s\" takes no argument", all);
	else if ((near = nearest_option(arg)) != NULL)
		status = usage(cmd, "unknown option \"%.*s\"; did you mean "
				    "\"%s\"?",
			       (int)strcspn(arg, "="), arg, near);
	else
		status = usage(cmd, "unknown option \"%.*s\"",
			       (int)strcspn(arg, "="), arg);
	free(all);
	return status;
}

/* The option as typed at arg, without its argument: "--only", "-j". */
static char *
option_name(const char *arg, int id)
{
	if (strncmp(arg, "--", 2) == 0)
		return xstrndup(arg, strcspn(arg, "="));
	return xasprintf("-%c", (char)id);
}

/* An option the command does not take. */
static int
wrong_command(const struct command *cmd, int id, const char *arg)
{
	struct buf b = {0};
	char *name = option_name(arg, id);
	unsigned bits = 0;
	size_t i;
	int status;

	for (i = 0; i < sizeof optdocs / sizeof optdocs[0]; i++)
		if (optdocs[i].id == id)
			bits |= optdocs[i].commands;
	add_commands(&b, bits);
	status = usage(cmd, "%s takes no option \"%s\" (%s %s it)",
		       cmd->name, name, b.data,
		       strstr(b.data, " and ") ? "take" : "takes");
	free(name);
	buf_free(&b);
	return status;
}

/* --- parsing --------------------------------------------------------- */

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
	      d->year >= DATE_MIN_YEAR && d->year <= DATE_MAX_YEAR &&
	      d->month >= 1 && d->month <= 12))
		return false;
	/* The packs are made as of the month's last day. */
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
	/* To the end of 9999: a PDF date has four digits of year. */
	if (errno != 0 || *end != '\0' || v < 0 || v > 253402300799LL) {
		msg_warn(NULL, "SOURCE_DATE_EPOCH is not a number of seconds "
			       "from 0 (1970) to 253402300799 (9999): \"%s\"; "
			       "ignored",
			 s);
		return -1;
	}
	return v;
}

/* The day of the run, which an undated pack is made as of: that of
 * SOURCE_DATE_EPOCH (UTC) when given, as reproducible builds read it,
 * else today's, where the run is. */
static struct date
run_day(long long epoch)
{
	time_t t = epoch >= 0 ? (time_t)epoch : time(NULL);
	struct tm tm;

	if (epoch >= 0 ? gmtime_r(&t, &tm) == NULL
		       : localtime_r(&t, &tm) == NULL)
		return (struct date){DATE_MAX_YEAR, 12, 31};
	return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static void
push(const char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/* Is arg, of --data NAME=PATH, standard input ("NAME=-")? */
static bool
from_stdin(const char *arg)
{
	return strcmp(strchr(arg, '=') + 1, "-") == 0;
}

/* The --data given so far that reads standard input, or NULL. */
static const char *
stdin_data(const struct cmdline *c)
{
	size_t i;

	for (i = 0; i < c->ndata; i++)
		if (from_stdin(c->data[i]))
			return c->data[i];
	return NULL;
}

/* Takes the option id with its argument arg into c; returns 0, or the
 * exit status of a usage error. */
static int
take_option(struct cmdline *c, int id, const char *arg)
{
	const struct command *cmd = c->cmd;
	const char *prev;

	switch (id) {
	case 'o':
		c->out = arg;
		break;
	case 'j':
		if (!parse_count(arg, 1024, &c->batch.jobs))
			return usage(cmd, "-j needs a number of processes "
					  "from 1 to 1024");
		break;
	case OPT_PACK:
		c->pack = arg;
		break;
	case OPT_PACKS:
		c->packs = arg;
		break;
	case OPT_DATA:
		if (strchr(arg, '=') == NULL || arg[0] == '=')
			return usage(cmd, "--data needs NAME=PATH");
		/* Standard input can be read once: one dataset at most. */
		if (from_stdin(arg) && (prev = stdin_data(c)) != NULL)
			return usage(cmd, "--data %s and --data %s: standard "
					  "input can feed one dataset only",
				     prev, arg);
		push(&c->data, &c->ndata, arg);
		break;
	case OPT_ENCODING:
		if (!encoding_arg(arg))
			return usage(cmd, "--encoding needs NAME=ENC, ENC one "
					  "of utf-8, cp932, euc-jp, auto");
		push(&c->encodings, &c->nencodings, arg);
		break;
	case OPT_LANG:
		if (!parse_lang(arg, &c->opt.lang))
			return usage(cmd, "--lang must be ja+en, ja or en");
		break;
	case OPT_DUMP:
		c->opt.dump = true;
		break;
	case OPT_STRICT:
		msg_set_strict(true);
		break;
	case OPT_AS_OF:
		if (!parse_month(arg, &c->until))
			return usage(cmd, "--as-of needs a month, YYYY-MM, "
					  "from 1970-01 to 9999-12");
		c->opt.until = &c->until;
		break;
	case OPT_ONLY:
		c->batch.only = arg;
		break;
	case OPT_SHARD:
		if (!parse_shard(arg, &c->batch))
			return usage(cmd, "--shard needs K/N, 1 <= K <= N");
		break;
	case OPT_LIMIT:
		if (!infile_set_limit(arg))
			return usage(cmd, "--limit needs NAME=SIZE, NAME one "
					  "of input, pdf, attachment, sources, "
					  "sheet, layout");
		break;
	case 'q':
		msg_set_verbosity(MSG_QUIET);
		break;
	case OPT_VERBOSE:
		msg_set_verbosity(MSG_VERBOSE);
		break;
	}
	return 0;
}

/* Does the command take option id? */
static bool
takes(const struct command *cmd, int id)
{
	size_t i;

	for (i = 0; i < sizeof optdocs / sizeof optdocs[0]; i++)
		if (optdocs[i].id == id && (optdocs[i].commands & cmd->bit))
			return true;
	return false;
}

/* Is --help or -h among the options of argv (before any "--")? */
static bool
wants_help(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

/* What the options given together require. */
static int
check_options(const struct cmdline *c)
{
	const struct command *cmd = c->cmd;

	if (cmd->bit == CMD_REGENERATE && c->out == NULL)
		return usage(cmd, "regenerate needs -o NEW.pdf");
	/* A PDF on the screen is of no use, and can garble the terminal. */
	if ((cmd->bit & (CMD_RENDER | CMD_REGENERATE)) && !c->opt.dump &&
	    c->out != NULL && strcmp(c->out, "-") == 0 &&
	    isatty(STDOUT_FILENO))
		return usage(cmd, "-o -: standard output is a terminal; "
				  "send it to a file or a pipe");
	/* A directory of PDFs, or a PDF after every change, is no stream. */
	if ((cmd->bit & (CMD_BATCH | CMD_WATCH)) && c->out != NULL &&
	    strcmp(c->out, "-") == 0)
		return usage(cmd, "-o -: %s writes files, not standard output "
				  "(render and regenerate do)",
			     cmd->name);
	return 0;
}

/* Parses argv into c; returns 0, or the exit status to stop with. */
static int
parse_args(int argc, char **argv, struct cmdline *c)
{
	unsigned nops;
	int ch, status;

	c->opt.lang = LANG_JA | LANG_EN;
	optind = 2;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	       -1) {
		const char *arg = argv[optind - 1];

		if (ch == '?')
			return unknown_option(c->cmd, arg, optopt);
		if (ch == ':') {
			char *name = option_name(arg, optopt);

			status = usage(c->cmd, "option \"%s\" needs an "
					       "argument",
				       name);
			free(name);
			return status;
		}
		/* The option, not its argument: "-o x" as well as "-ox". */
		if (optarg != NULL && arg == optarg)
			arg = argv[optind - 2];
		if (!takes(c->cmd, ch))
			return wrong_command(c->cmd, ch, arg);
		if ((status = take_option(c, ch, optarg)) != 0)
			return status;
	}
	nops = (unsigned)(argc - optind);
	if (nops < c->cmd->min)
		return usage(c->cmd, "%s needs %s", c->cmd->name,
			     c->cmd->operands);
	if (nops > c->cmd->max)
		return usage(c->cmd, "too many arguments: \"%s\"",
			     argv[optind + c->cmd->max]);
	c->input = nops > 0 ? argv[optind] : NULL;
	c->opt.data = c->data;
	c->opt.ndata = c->ndata;
	c->opt.encodings = c->encodings;
	c->opt.nencodings = c->nencodings;
	c->opt.epoch = source_date_epoch();
	c->opt.today = run_day(c->opt.epoch);
	c->opt.pdf = !c->opt.dump && (c->cmd->bit & (CMD_RENDER | CMD_BATCH |
						     CMD_WATCH));
	c->opt.many = c->cmd->bit == CMD_BATCH;
	return check_options(c);
}

/* --- the commands ---------------------------------------------------- */

/* The packs file: --packs, or packs.xml beside the layout.  The caller
 * frees the result. */
static char *
packs_path(const struct cmdline *c)
{
	const char *slash = strrchr(c->input, '/');

	if (c->packs != NULL)
		return xstrdup(c->packs);
	return slash ? xasprintf("%.*s/packs.xml", (int)(slash - c->input),
				 c->input)
		     : xstrdup("packs.xml");
}

static int
cmd_render(struct cmdline *c)
{
	char *path = packs_path(c), *out = NULL;
	double start = run_now_ms();
	const struct pack *pack;
	struct packs *ps = NULL;
	struct run *r = run_new(&c->opt);
	struct result res;
	struct buf pdf = {0};

	/* The layout first: it is what the user named.  Without a pack to
	 * render, its errors are still told. */
	if (!run_open(r, c->input))
		goto out;
	if ((ps = packs_read(path)) == NULL ||
	    (pack = run_pick_pack(ps, c->input, c->pack)) == NULL) {
		run_load(r, c->input);
		goto out;
	}
	if (!run_render(r, c->input, pack, &pdf, &res) || c->opt.dump)
		goto out;
	out = c->out ? xstrdup(c->out) : run_output(r, pack, "output");
	if (run_make_parent(out) && run_write(&pdf, out, &res.unchanged)) {
		res.ms = run_now_ms() - start;
		/* With "-o -" standard output holds the PDF. */
		if (msg_verbosity() >= MSG_NORMAL && strcmp(out, "-") != 0)
			run_print_result(stdout, pack->id, &res, out);
	}
out:
	run_free(r);
	buf_free(&pdf);
	packs_free(ps);
	free(path);
	free(out);
	return msg_status();
}

/* The options of c that choose the packs of a batch and what they show,
 * as batch's first line gives them, or NULL for none.  The caller frees
 * the result. */
static char *
chosen_options(const struct cmdline *c)
{
	struct buf b = {0};
	size_t i;

	if (c->opt.until != NULL)
		buf_printf(&b, " --as-of %04d-%02d", c->until.year,
			   c->until.month);
	if (c->opt.lang != (LANG_JA | LANG_EN))
		buf_adds(&b, c->opt.lang == LANG_JA ? " --lang ja"
						    : " --lang en");
	if (c->batch.only != NULL)
		buf_printf(&b, " --only %s", c->batch.only);
	if (c->batch.nshards > 0)
		buf_printf(&b, " --shard %u/%u", c->batch.shard,
			   c->batch.nshards);
	for (i = 0; i < c->ndata; i++)
		buf_printf(&b, " --data %s", c->data[i]);
	for (i = 0; i < c->nencodings; i++)
		buf_printf(&b, " --encoding %s", c->encodings[i]);
	if (b.len == 0)
		return NULL;
	memmove(b.data, b.data + 1, b.len);
	return b.data;
}

static int
cmd_batch(struct cmdline *c)
{
	struct packs *ps = packs_read(c->input);
	char *chosen;
	struct run *r;
	int status;

	if (ps == NULL)
		return msg_status();
	c->batch.dir = c->out ? c->out : "output";
	c->batch.packs = c->input;
	c->batch.chosen = chosen = chosen_options(c);
	r = run_new(&c->opt);
	status = run_batch(r, ps, &c->batch);
	run_free(r);
	packs_free(ps);
	free(chosen);
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
cmd_watch(struct cmdline *c)
{
	char *path = packs_path(c);
	struct watch w = {c->input, path, c->pack, c->out, &c->opt};
	int status = watch_run(&w);

	free(path);
	return status;
}

static int
cmd_packs(struct cmdline *c)
{
	struct packs *ps = packs_read(c->input);

	if (ps != NULL)
		run_list_packs(ps, c->opt.lang);
	packs_free(ps);
	return msg_status();
}

/*
 * The file rel (such as "fonts/fonts.conf") of briefgen's data: in
 * ../share/briefgen beside the directory of the program when installed,
 * else beside the program itself, as in the source tree.  NULL when
 * neither exists; the caller frees the result.
 */
static char *
data_file(const char *rel)
{
	char exe[PATH_MAX], *slash, *path;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	path = xasprintf("%s/../share/briefgen/%s", exe, rel);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	path = xasprintf("%s/%s", exe, rel);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

static int
cmd_fonts(struct cmdline *c)
{
	char *conf = c->input ? NULL : data_file("fonts/fonts.conf");
	int status;

	if (c->input == NULL && conf == NULL) {
		msg_error(NULL, "no fonts configuration beside the program; "
				"name a layout or a fonts.conf");
		return EXIT_INPUT;
	}
	status = run_list_fonts(c->input ? c->input : conf, &c->opt);
	free(conf);
	return status;
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

static int
cmd_help(struct cmdline *c)
{
	const struct command *cmd = NULL;
	const char *near;
	const char *names[NCOMMANDS];
	size_t i;

	if (c->input != NULL && (cmd = find_command(c->input)) == NULL) {
		for (i = 0; i < NCOMMANDS; i++)
			names[i] = commands[i].name;
		near = suggest_nearest(c->input, names, NCOMMANDS);
		if (near != NULL)
			return usage(NULL, "no command \"%s\"; did you mean "
					     "\"%s\"?",
				     c->input, near);
		return usage(NULL, "no command \"%s\"", c->input);
	}
	print_help(cmd);
	return 0;
}

static int
print_version(void)
{
	char *conf = data_file("fonts/fonts.conf");
	int status = run_print_versions(conf);

	free(conf);
	return status;
}

/* Is arg one of the options of a command ("--quiet", "-q", "--pack=x")? */
static bool
is_option(const char *arg)
{
	size_t i, len;

	if (arg[1] != '-')
		return arg[1] != '\0' && arg[1] != ':' &&
		       strchr(shortopts, arg[1]) != NULL;
	len = strcspn(arg + 2, "=");
	for (i = 0; longopts[i].name != NULL; i++)
		if (strlen(longopts[i].name) == len &&
		    strncmp(longopts[i].name, arg + 2, len) == 0)
			return true;
	return false;
}

/* The command argv[1] names, or NULL after reporting. */
static const struct command *
parse_command(const char *name)
{
	static const char *const top_options[] = {"--help", "--version"};
	const char *names[NCOMMANDS];
	const char *near;
	size_t i;

	if (find_command(name) != NULL)
		return find_command(name);
	for (i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	if (name[0] == '-' && is_option(name))
		usage(NULL, "option \"%s\" comes after the command: "
			    "briefgen COMMAND %s ...",
		      name, name);
	else if (name[0] == '-' &&
		 (near = suggest_nearest(name, top_options, 2)) != NULL)
		usage(NULL, "unknown option \"%s\"; did you mean \"%s\"?",
		      name, near);
	else if (name[0] == '-')
		usage(NULL, "unknown option \"%s\"", name);
	else if ((near = suggest_nearest(name, names, NCOMMANDS)) != NULL)
		usage(NULL, "unknown command \"%s\"; did you mean \"%s\"?",
		      name, near);
	else
		usage(NULL, "unknown command \"%s\"", name);
	return NULL;
}

/*
 * What a command printed must reach standard output: "packs PACKS >
 * list" or "--dump-layout > pages.txt" on a full disk is a file that
 * cannot be written (exit 3; for verify, 2: it cannot tell), not success.
 * A reader that stopped early (EPIPE) is not told of.  An earlier flush
 * that failed left only the error flag, not why.
 */
static int
flush_stdout(const struct command *cmd, int status)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	if (errno == 0)
		msg_error(NULL, "cannot write to standard output");
	else if (errno != EPIPE)
		msg_syserr(NULL, "cannot write to standard output");
	if (cmd != NULL && cmd->bit == CMD_VERIFY)
		return status > EXIT_USAGE ? status : EXIT_USAGE;
	return status > EXIT_SYSTEM ? status : EXIT_SYSTEM;
}

int
main(int argc, char **argv)
{
	struct cmdline c = {0};
	int status;

	outfile_catch_signals();
	if (argc < 2)
		return usage(NULL, "no command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help(NULL);
		return flush_stdout(NULL, 0);
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return flush_stdout(NULL, print_version());
	if ((c.cmd = parse_command(argv[1])) == NULL)
		return EXIT_USAGE;
	if (wants_help(argc, argv)) {
		print_help(c.cmd);
		return flush_stdout(NULL, 0);
	}
	if ((status = parse_args(argc, argv, &c)) == 0)
		status = flush_stdout(c.cmd, c.cmd->run(&c));
	free(c.data);
	free(c.encodings);
	spec_cleanup();
	return status;
}
