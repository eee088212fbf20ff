/* SPDX-License-Identifier: MIT */
/*
 * timeit.c -- the timer of bench/speed.sh.
 *
 * timeit RUNS SLOW FEW OUT ERR COMMAND [ARG...]
 *	Run COMMAND (execvp, no shell) RUNS times, with stdin from
 *	/dev/null, stdout to OUT and stderr to ERR (both truncated at each
 *	run), one run after the other; if the first run took more than
 *	SLOW seconds of CPU, run it FEW times in all instead.  Print one
 *	line: "WALL CPU RSS STATUS RUNS": the least elapsed seconds
 *	(CLOCK_MONOTONIC), the least CPU seconds (user + system, from the
 *	rusage of wait4(2), which counts the children COMMAND waited for:
 *	every stage of a pipeline run by sh -c), the least peak resident
 *	set in KB (the largest process of the run), the exit status of the
 *	last run (128 + N for a signal N) and the count of runs.
 *	The least of several runs is the figure least disturbed by other
 *	work on the machine.  Exit 2 on bad arguments or a failed fork.
 */
#define _DEFAULT_SOURCE	/* wait4() */
#define _XOPEN_SOURCE 700
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct sample {
	double		wall;	/* elapsed seconds */
	double		cpu;	/* user + system seconds */
	long		rss;	/* peak resident set, KB */
	int		status;	/* exit status, 128 + signal */
};

static void
usage(void)
{
	fprintf(stderr, "usage: timeit RUNS SLOW FEW OUT ERR COMMAND "
	    "[ARG...]\n");
	exit(2);
}

/* seconds: a timeval in seconds. */
static double
seconds(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

/* now: CLOCK_MONOTONIC in seconds. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * timeit_run: run argv once as described at the top of the file and
 * fill *s.  Returns 0, or -1 if the fork or the wait failed (errno set).
 * A command that cannot be run exits 127, as in the shell.
 */
static int
timeit_run(char **argv, const char *out, const char *errf, struct sample *s)
{
	struct rusage ru;
	double t0;
	pid_t pid;
	int st;

	t0 = now();
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		int in, o, e;

		in = open("/dev/null", O_RDONLY);
		o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		e = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in == -1 || o == -1 || e == -1 || dup2(in, 0) == -1 ||
		    dup2(o, 1) == -1 || dup2(e, 2) == -1)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "timeit: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) == -1)
		if (errno != EINTR)
			return -1;
	s->wall = now() - t0;
	s->cpu = seconds(ru.ru_utime) + seconds(ru.ru_stime);
	s->rss = ru.ru_maxrss;
	s->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sample best, s;
	double slow;
	char *end;
	long runs, few, i;

	if (argc < 7)
		usage();
	runs = strtol(argv[1], &end, 10);
	if (*end != '\0' || runs < 1)
		usage();
	slow = strtod(argv[2], &end);
	if (*end != '\0' || slow < 0)
		usage();
	few = strtol(argv[3], &end, 10);
	if (*end != '\0' || few < 1)
		usage();
	for (i = 0; i < runs; i++) {
		if (timeit_run(argv + 6, argv[4], argv[5], &s) == -1) {
			fprintf(stderr, "timeit: %s: %s\n", argv[6],
			    strerror(errno));
			return 2;
		}
		if (i == 0) {
			best = s;
			if (s.cpu > slow && few < runs)
				runs = few;
			continue;
		}
		if (s.wall < best.wall)
			best.wall = s.wall;
		if (s.cpu < best.cpu)
			best.cpu = s.cpu;
		if (s.rss < best.rss)
			best.rss = s.rss;
		if (best.status == 0)
			best.status = s.status;
	}
	printf("%.4f %.4f %ld %d %ld\n", best.wall, best.cpu, best.rss,
	    best.status, runs);
	return 0;
}
