/*
 * How many processors this process may use: those of its affinity mask,
 * or fewer when its cgroup's CPU quota allows less, as in a container
 * or a systemd unit with CPUQuota=.  Used by batch for its default -j.
 */
#ifndef BRIEFGEN_CPUS_H
#define BRIEFGEN_CPUS_H

/* The processors this process may use: those of its affinity mask, or
 * cpus_quota("/") when that is fewer.  At least 1. */
unsigned cpus_usable(void);

/*
 * The CPU quota of this process's cgroup and of every cgroup above it,
 * the tightest of them, in processors rounded up: cgroup v2's cpu.max
 * ("150000 100000" is 2), else cgroup v1's cpu.cfs_quota_us over
 * cpu.cfs_period_us (Linux, Documentation/admin-guide/cgroup-v2.rst and
 * scheduler/sched-bwc.rst).  The cgroup comes from proc/self/cgroup and
 * where it is mounted from proc/self/mountinfo, both under root ("/" for
 * this machine; the tests give a tree of their own).  Returns 0 when no
 * quota applies or none can be read.
 */
unsigned cpus_quota(const char *root);

#endif
