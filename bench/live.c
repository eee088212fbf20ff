/* SPDX-License-Identifier: MIT */
/*
 * live.c -- the writer and the receiver of bench/live.sh.
 *
 * live write FILE RATE SECONDS GROUPS
 *	Append RATE lines a second for SECONDS to FILE, one write(2) a
 *	line, each an NDJSON record stamped with its send time:
 *	{"@timestamp":"...Z","host":"hG","seq":N,"sent_ns":T}
 *	where T is CLOCK_REALTIME in ns just before the write, @timestamp
 *	the same time in ms, and G = N mod GROUPS.
 *
 * live recv [-j LOG -b FIELD -k K -w SECONDS]
 *	Read the output of a pipeline on stdin and stamp the arrival of
 *	each line (CLOCK_REALTIME, when its read returned).  A line that
 *	carries "sent_ns" gives a latency, arrival - sent_ns.  With -j, a
 *	firing alert gives one too: it is joined to the line of LOG that
 *	made it fire, the K-th line of its group (the value of FIELD) in
 *	its window (@alert.window.start, windows of SECONDS), and only the
 *	first firing alert of each group and window counts.  At EOF print
 *	"n=N p50=MS p99=MS max=MS" (and "missed=M" with -j: groups and
 *	windows that reached K lines but had no alert).
 */
#define _DEFAULT_SOURCE	/* timegm() */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NS	1000000000LL

struct key {
	char		host[32];
	int64_t		wstart;		/* ms */
	int64_t		count;
	int64_t		cross_ns;	/* sent_ns of the K-th line, or 0 */
	int		seen;		/* an alert came */
};

static int64_t	*lat;
static size_t	 nlat, caplat;
static struct key *keys;
static size_t	 nkeys, capkeys;

/* A firing alert, joined to LOG at the end (LOG is still growing). */
struct fired {
	char		host[32];
	int64_t		wstart;		/* ms */
	int64_t		at;		/* arrival, ns */
};
static struct fired *fired;
static size_t	 nfired, capfired;

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("live");
		exit(2);
	}
	return p;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

static void
usage(void)
{
	fprintf(stderr, "usage: live write FILE RATE SECONDS GROUPS\n"
	    "       live recv [-j LOG -b FIELD -k K -w SECONDS]\n");
	exit(2);
}

/* "YYYY-MM-DDTHH:MM:SS[.fff]Z" at p: ms since the epoch, or -1. */
static int64_t
parse_ms(const char *p)
{
	struct tm tm = { 0 };
	int64_t ms = 0, scale = 100;
	int n = 0;

	if (sscanf(p, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	p += n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			ms += (*p - '0') * scale;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

static void
write_lines(const char *path, double rate, double secs, int groups)
{
	char line[256];
	struct timespec due, ts;
	struct tm tm;
	int64_t i, n, t0, t, sent;
	time_t sec;
	int fd, len;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1) {
		perror(path);
		exit(2);
	}
	n = (int64_t)(rate * secs);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		t = t0 + (int64_t)((double)i * NS / rate);
		due.tv_sec = t / NS;
		due.tv_nsec = t % NS;
		while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &due,
		    NULL) == EINTR)
			;
		clock_gettime(CLOCK_REALTIME, &ts);
		sent = (int64_t)ts.tv_sec * NS + ts.tv_nsec;
		sec = ts.tv_sec;
		gmtime_r(&sec, &tm);
		len = snprintf(line, sizeof(line), "{\"@timestamp\":"
		    "\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\",\"host\":\"h%d\","
		    "\"seq\":%" PRId64 ",\"sent_ns\":%" PRId64 "}\n",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000),
		    (int)(i % groups), i, sent);
		if (write(fd, line, (size_t)len) != len) {
			perror(path);
			exit(2);
		}
	}
	close(fd);
}

/* The string value of "name": at or after p, copied to buf; or NULL. */
static const char *
str_field(const char *p, const char *name, char *buf, size_t sz)
{
	char pat[64];
	const char *q, *e;

	snprintf(pat, sizeof(pat), "\"%s\":\"", name);
	if ((q = strstr(p, pat)) == NULL)
		return NULL;
	q += strlen(pat);
	if ((e = strchr(q, '"')) == NULL || (size_t)(e - q) >= sz)
		return NULL;
	memcpy(buf, q, (size_t)(e - q));
	buf[e - q] = '\0';
	return buf;
}

static struct key *
key_find(const char *host, int64_t wstart, int add)
{
	size_t i;

	for (i = nkeys; i-- > 0;)
		if (keys[i].wstart == wstart && strcmp(keys[i].host, host) == 0)
			return &keys[i];
	if (!add)
		return NULL;
	if (nkeys == capkeys) {
		capkeys = capkeys ? 2 * capkeys : 1024;
		keys = xrealloc(keys, capkeys * sizeof(*keys));
	}
	memset(&keys[nkeys], 0, sizeof(*keys));
	snprintf(keys[nkeys].host, sizeof(keys[nkeys].host), "%s", host);
	keys[nkeys].wstart = wstart;
	return &keys[nkeys++];
}

/* Read LOG: the K-th line of each group and window. */
static void
load_log(const char *path, const char *by, int64_t k, int64_t wms)
{
	char line[1024], ts[64], host[32];
	const char *p;
	struct key *kp;
	int64_t ms, sent;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (str_field(line, "@timestamp", ts, sizeof(ts)) == NULL ||
		    str_field(line, by, host, sizeof(host)) == NULL ||
		    (p = strstr(line, "\"sent_ns\":")) == NULL ||
		    (ms = parse_ms(ts)) < 0)
			continue;
		sent = strtoll(p + 10, NULL, 10);
		kp = key_find(host, ms - ms % wms, 1);
		if (++kp->count == k)
			kp->cross_ns = sent;
	}
	fclose(f);
}

static void
sample(int64_t ns)
{
	if (nlat == caplat) {
		caplat = caplat ? 2 * caplat : 4096;
		lat = xrealloc(lat, caplat * sizeof(*lat));
	}
	lat[nlat++] = ns;
}

/* One line of output that arrived at ns. */
static void
take(char *line, int64_t at, const char *by)
{
	char start[64], host[32];
	const char *p;
	int64_t ms;

	if ((p = strstr(line, "\"sent_ns\":")) != NULL) {
		sample(at - strtoll(p + 10, NULL, 10));
		return;
	}
	if (by == NULL || strstr(line, "\"state\":\"firing\"") == NULL ||
	    (p = strstr(line, "\"window\":{")) == NULL ||
	    str_field(p, "start", start, sizeof(start)) == NULL ||
	    str_field(line, by, host, sizeof(host)) == NULL ||
	    (ms = parse_ms(start)) < 0)
		return;
	if (nfired == capfired) {
		capfired = capfired ? 2 * capfired : 1024;
		fired = xrealloc(fired, capfired * sizeof(*fired));
	}
	snprintf(fired[nfired].host, sizeof(fired[nfired].host), "%s", host);
	fired[nfired].wstart = ms;
	fired[nfired++].at = at;
}

/* Join the firing alerts to the lines of log that made them fire. */
static size_t
join(const char *log, const char *by, int64_t k, int64_t wms)
{
	struct key *kp;
	size_t i, missed = 0;

	load_log(log, by, k, wms);
	for (i = 0; i < nfired; i++) {
		if ((kp = key_find(fired[i].host, fired[i].wstart, 0)) ==
		    NULL || kp->cross_ns == 0 || kp->seen)
			continue;
		kp->seen = 1;
		sample(fired[i].at - kp->cross_ns);
	}
	for (i = 0; i < nkeys; i++)
		if (keys[i].cross_ns != 0 && !keys[i].seen)
			missed++;
	return missed;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double
pct(double q)
{
	size_t i = (size_t)(q * (double)(nlat - 1) + 0.5);

	return (double)lat[i] / 1e6;
}

static void
recv_lines(const char *log, const char *by, int64_t k, int64_t wms)
{
	static char buf[1 << 20];
	size_t have = 0, start;
	size_t missed = 0;
	ssize_t r;
	int64_t at;
	char *nl;

	for (;;) {
		r = read(STDIN_FILENO, buf + have, sizeof(buf) - have - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		at = now_ns();
		have += (size_t)r;
		start = 0;
		while ((nl = memchr(buf + start, '\n', have - start)) != NULL) {
			*nl = '\0';
			take(buf + start, at, by);
			start = (size_t)(nl - buf) + 1;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have == sizeof(buf) - 1)
			have = 0;	/* a line too long: not ours */
	}
	if (log != NULL)
		missed = join(log, by, k, wms);
	if (nlat == 0) {
		printf("n=0%s\n", log != NULL ? " missed=all" : "");
		return;
	}
	qsort(lat, nlat, sizeof(*lat), cmp64);
	printf("n=%zu p50=%.3f p99=%.3f max=%.3f", nlat, pct(0.50),
	    pct(0.99), (double)lat[nlat - 1] / 1e6);
	if (by != NULL)
		printf(" missed=%zu", missed);
	printf("\n");
}

int
main(int argc, char *argv[])
{
	const char *log = NULL, *by = NULL;
	int64_t k = 0, wsecs = 0;
	int ch;

	if (argc >= 6 && strcmp(argv[1], "write") == 0) {
		write_lines(argv[2], atof(argv[3]), atof(argv[4]),
		    atoi(argv[5]) > 0 ? atoi(argv[5]) : 1);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "recv") != 0)
		usage();
	optind = 2;
	while ((ch = getopt(argc, argv, "b:j:k:w:")) != -1) {
		switch (ch) {
		case 'b':
			by = optarg;
			break;
		case 'j':
			log = optarg;
			break;
		case 'k':
			k = strtoll(optarg, NULL, 10);
			break;
		case 'w':
			wsecs = strtoll(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (log != NULL && (by == NULL || k <= 0 || wsecs <= 0))
		usage();
	if (log == NULL)
		by = NULL;
	recv_lines(log, by, k, wsecs * 1000);
	return 0;
}
