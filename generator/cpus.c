#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "cpus.h"

#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Where a cgroup hierarchy is mounted, and this process's cgroup in it. */
struct hierarchy {
	char *mount; /* the mount point under root */
	char *dir;   /* this process's cgroup: a directory under mount */
};

/* Processors allowed by quota over period, rounded up; 0 for none. */
static unsigned
ceil_cpus(long long quota, long long period)
{
	if (quota <= 0 || period <= 0)
		return 0;
	return (unsigned)((quota + period - 1) / period);
}

/* The quota of the cgroup directory dir, in processors, or 0. */
static unsigned
dir_quota(const char *dir, bool v2)
{
	char *path, word[32];
	long long quota = 0, period = 0;
	FILE *f;

	path = xasprintf("%s/%s", dir, v2 ? "cpu.max" : "cpu.cfs_quota_us");
	if ((f = fopen(path, "r")) != NULL) {
		if (v2 && fscanf(f, "%31s %lld", word, &period) == 2)
			quota = strcmp(word, "max") == 0 ? 0 : atoll(word);
		else if (!v2 && fscanf(f, "%lld", &quota) != 1)
			quota = 0;
		fclose(f);
	}
	free(path);
	if (!v2 && quota > 0) {
		path = xasprintf("%s/cpu.cfs_period_us", dir);
		if ((f = fopen(path, "r")) != NULL) {
			if (fscanf(f, "%lld", &period) != 1)
				period = 0;
			fclose(f);
		}
		free(path);
	}
	return ceil_cpus(quota, period);
}

/* The tightest quota from h->dir up to h->mount, or 0. */
static unsigned
hierarchy_quota(const struct hierarchy *h, bool v2)
{
	char *dir = xstrdup(h->dir), *slash;
	size_t top = strlen(h->mount);
	unsigned best = 0, q;

	for (;;) {
		q = dir_quota(dir, v2);
		if (q > 0 && (best == 0 || q < best))
			best = q;
		if (strlen(dir) <= top || (slash = strrchr(dir, '/')) == NULL)
			break;
		*slash = '\0';
	}
	free(dir);
	return best;
}

/* Is word one of the comma-separated items of list? */
static bool
has_item(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; *p != '\0'; p += strcspn(p, ","), p += *p == ',')
		if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* This process's cgroup in the v2 hierarchy (v2) or the v1 hierarchy of
 * the cpu controller, from root/proc/self/cgroup; NULL if none. */
static char *
cgroup_path(const char *root, bool v2)
{
	char *path = xasprintf("%s/proc/self/cgroup", root), line[4096];
	char *found = NULL, *ctl, *cg;
	FILE *f = fopen(path, "r");

	free(path);
	if (f == NULL)
		return NULL;
	while (found == NULL && fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		/* ID:CONTROLLERS:PATH */
		if ((ctl = strchr(line, ':')) == NULL ||
		    (cg = strchr(++ctl, ':')) == NULL)
			continue;
		*cg++ = '\0';
		if (v2 ? strcmp(line, "0:") == 0 && *ctl == '\0'
		       : has_item(ctl, "cpu"))
			found = xstrdup(cg);
	}
	fclose(f);
	return found;
}

/* Finds in root/proc/self/mountinfo where the hierarchy holding the
 * cgroup cg is mounted, and the directory of cg under it. */
static bool
find_mount(const char *root, bool v2, const char *cg, struct hierarchy *h)
{
	char *path = xasprintf("%s/proc/self/mountinfo", root), line[4096];
	char mroot[1024], mpoint[1024], fstype[64], opts[1024];
	FILE *f = fopen(path, "r");
	const char *dash;

	free(path);
	if (f == NULL)
		return false;
	h->dir = NULL;
	while (h->dir == NULL && fgets(line, sizeof line, f) != NULL) {
		size_t n;

		/* ID PARENT MAJOR:MINOR ROOT POINT OPTIONS ... - TYPE
		 * SOURCE SUPER-OPTIONS */
		if (sscanf(line, "%*s %*s %*s %1023s %1023s", mroot, mpoint) !=
		            2 ||
		    (dash = strstr(line, " - ")) == NULL ||
		    sscanf(dash + 3, "%63s %*s %1023s", fstype, opts) != 2)
			continue;
		if (v2 ? strcmp(fstype, "cgroup2") != 0
		       : strcmp(fstype, "cgroup") != 0 ||
		                    !has_item(opts, "cpu"))
			continue;
		/* The mount shows the hierarchy from mroot down. */
		n = strcmp(mroot, "/") == 0 ? 0 : strlen(mroot);
		if (strncmp(cg, mroot, n) != 0 ||
		    (cg[n] != '/' && cg[n] != '\0'))
			continue;
		h->mount = xasprintf("%s%s", strcmp(root, "/") ? root : "",
		                     mpoint);
		h->dir = xasprintf("%s%s", h->mount,
		                   strcmp(cg + n, "/") == 0 ? "" : cg + n);
	}
	fclose(f);
	return h->dir != NULL;
}

unsigned
cpus_quota(const char *root)
{
	static const bool versions[] = {true, false};
	struct hierarchy h;
	unsigned q = 0;
	size_t i;

	for (i = 0; i < 2 && q == 0; i++) {
		char *cg = cgroup_path(root, versions[i]);

		if (cg != NULL && find_mount(root, versions[i], cg, &h)) {
			q = hierarchy_quota(&h, versions[i]);
			free(h.mount);
			free(h.dir);
		}
		free(cg);
	}
	return q;
}

unsigned
cpus_usable(void)
{
	cpu_set_t set;
	unsigned n = 1, q = cpus_quota("/");

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		n = (unsigned)CPU_COUNT(&set);
	return q > 0 && q < n ? q : n;
}
