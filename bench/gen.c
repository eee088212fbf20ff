/* SPDX-License-Identifier: MIT */
/* gen.c -- deterministic demo and benchmark data for sluice. */

/*
 * sluice-gen access   a day of Apache/nginx combined access log, with
 *                     incidents at fixed times (see access_usage)
 * sluice-gen events   NDJSON events, fast enough to benchmark with
 * sluice-gen csv      the same events as CSV with a header row
 *
 * The output depends only on the arguments: the random numbers come
 * from xoshiro256** seeded by splitmix64 from --seed.
 */

#include <errno.h>
#include <err.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_TROUBLE	2
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define TWO_PI		6.283185307179586
#define NS_PER_SEC	1000000000LL
#define DAY_SEC		86400

/*
 * Random numbers.
 */

struct rng {
	uint64_t	s[4];
	double		spare;		/* the second Box-Muller normal */
	int		has_spare;
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A stateless hash of a value, for properties fixed per client or item. */
static uint64_t
hash64(uint64_t x)
{
	return splitmix64(&x);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
	r->has_spare = 0;
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res, t;

	res = rotl(s[1] * 5, 7) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform in [0, 1). */
static inline double
rng_unif(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in (0, 1], safe for log(). */
static inline double
rng_unif_pos(struct rng *r)
{
	return ((double)(rng_next(r) >> 11) + 1.0) * 0x1.0p-53;
}

/* Uniform integer in [0, n). */
static inline uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static double
rng_normal(struct rng *r)
{
	double u, v, m;

	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	u = rng_unif_pos(r);
	v = rng_unif(r);
	m = sqrt(-2.0 * log(u));
	r->spare = m * sin(TWO_PI * v);
	r->has_spare = 1;
	return m * cos(TWO_PI * v);
}

/* Log-normal with the given median and shape. */
static double
rng_lognormal(struct rng *r, double median, double sigma)
{
	return median * exp(sigma * rng_normal(r));
}

/* Zipf-like (P(k) ~ 1/(k+1)) integer in [0, n). */
static uint32_t
rng_zipf(struct rng *r, uint32_t n)
{
	uint32_t k;

	k = (uint32_t)(exp(rng_unif(r) * log((double)n + 1.0)) - 1.0);
	return k < n ? k : n - 1;
}

/* Index into a table of weights summing to total. */
static size_t
pick(struct rng *r, const double *w, size_t n, double total)
{
	double x;
	size_t i;

	x = rng_unif(r) * total;
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/*
 * Output: one big buffer written with write(2).  Callers reserve room
 * for a whole record first, so the buffer is flushed between records.
 */

#define OBUF_SIZE	(1 << 20)
#define REC_MAX		4096

static char	obuf[OBUF_SIZE];
static size_t	olen;

static void
out_flush(void)
{
	size_t off = 0;
	ssize_t n;

	while (off < olen) {
		n = write(STDOUT_FILENO, obuf + off, olen - off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err(EXIT_TROUBLE, "stdout");
		}
		off += (size_t)n;
	}
	olen = 0;
}

static inline void
out_reserve(void)
{
	if (olen > OBUF_SIZE - REC_MAX)
		out_flush();
}

static inline void
out_mem(const char *s, size_t n)
{
	memcpy(obuf + olen, s, n);
	olen += n;
}

static inline void
out_str(const char *s)
{
	out_mem(s, strlen(s));
}

static inline void
out_ch(char c)
{
	obuf[olen++] = c;
}

static void
out_u64(uint64_t v)
{
	char tmp[20];
	int i = 0;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (i > 0)
		obuf[olen++] = tmp[--i];
}

static inline void
out_2d(unsigned v)
{
	obuf[olen++] = (char)('0' + v / 10);
	obuf[olen++] = (char)('0' + v % 10);
}

/* A fixed-point value: v / 10^dec, printed without needless zeros. */
static void
out_fixed(int64_t v, int dec)
{
	uint64_t a, scale = 1;
	char frac[4];
	int i, n;

	if (v < 0) {
		out_ch('-');
		a = (uint64_t)(-(v + 1)) + 1;
	} else
		a = (uint64_t)v;
	for (i = 0; i < dec; i++)
		scale *= 10;
	out_u64(a / scale);
	a %= scale;
	for (i = dec - 1; i >= 0; i--) {
		frac[i] = (char)('0' + a % 10);
		a /= 10;
	}
	for (n = dec; n > 1 && frac[n - 1] == '0'; n--)
		;
	out_ch('.');
	out_mem(frac, (size_t)n);
}

/*
 * Calendar arithmetic (proleptic Gregorian, UTC), after H. Hinnant's
 * days_from_civil and civil_from_days.
 */

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int
leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
month_days(int64_t y, unsigned m)
{
	static const unsigned char md[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return md[m - 1] + (unsigned)(m == 2 && leap(y));
}

/* Read n digits; -1 if they are not all digits. */
static long
digits(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" -> days since the epoch; *end is past the date. */
static int
parse_date(const char *s, int64_t *days, const char **end)
{
	long y, m, d;

	if ((y = digits(s, 4)) < 1970 || s[4] != '-' ||
	    (m = digits(s + 5, 2)) < 1 || m > 12 || s[7] != '-' ||
	    (d = digits(s + 8, 2)) < 1 || d > (long)month_days(y,
	    (unsigned)m))
		return -1;
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	*end = s + 10;
	return 0;
}

/*
 * RFC 3339 (YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)), or a date
 * alone for its midnight UTC, to nanoseconds since the epoch.
 */
static int
parse_rfc3339(const char *s, int64_t *ns)
{
	const char *p;
	int64_t days, frac = 0, scale = NS_PER_SEC, off = 0;
	long hh, mi, ss, oh, om;

	if (parse_date(s, &days, &p) == -1)
		return -1;
	if (*p == '\0') {
		*ns = days * DAY_SEC * NS_PER_SEC;
		return 0;
	}
	if ((*p != 'T' && *p != 't' && *p != ' ') ||
	    (hh = digits(p + 1, 2)) < 0 || hh > 23 || p[3] != ':' ||
	    (mi = digits(p + 4, 2)) < 0 || mi > 59 || p[6] != ':' ||
	    (ss = digits(p + 7, 2)) < 0 || ss > 60)
		return -1;
	p += 9;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
		}
		if (scale == NS_PER_SEC)
			return -1;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		if ((oh = digits(p + 1, 2)) < 0 || oh > 23 || p[3] != ':' ||
		    (om = digits(p + 4, 2)) < 0 || om > 59)
			return -1;
		off = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	} else
		return -1;
	if (*p != '\0')
		return -1;
	*ns = ((days * DAY_SEC + hh * 3600 + mi * 60 + ss) - off) *
	    NS_PER_SEC + frac;
	return 0;
}

/*
 * Command line helpers.
 */

/* "sluice-gen" or "sluice-gen events": how messages begin. */
static const char *progname = "sluice-gen";

/* Say what is wrong (fmt may be NULL), show the synopsis, exit 2. */
static _Noreturn void
bad_usage(const char *usage, const char *fmt, const char *arg)
{
	const char *end;

	if (fmt != NULL) {
		fprintf(stderr, "%s: ", progname);
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
	if ((end = strstr(usage, "\n\n")) == NULL)
		end = usage + strlen(usage) - 1;
	fprintf(stderr, "%.*s\n", (int)(end - usage), usage);
	exit(EXIT_TROUBLE);
}

static _Noreturn void
help(const char *usage)
{
	fputs(usage, stdout);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EXIT_TROUBLE, "stdout");
	exit(EXIT_SUCCESS);
}

static uint64_t
arg_u64(const char *usage, const char *opt, const char *s, uint64_t min,
    uint64_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9' ||
	    (v = strtoull(s, &end, 10), errno != 0) || *end != '\0' ||
	    v < min || v > max)
		bad_usage(usage, "bad value for %s", opt);
	return v;
}

static double
arg_double(const char *usage, const char *opt, const char *s, double min,
    double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !(v >= min) ||
	    !(v <= max))
		bad_usage(usage, "bad value for %s", opt);
	return v;
}

/*
 * sluice-gen access
 */

static const char access_usage[] =
"usage: sluice-gen access [-hv] [-n lines] [-s seed] [-d date] [--clean]\n"
"\n"
"Write one UTC day of Apache/nginx combined access log, in time order,\n"
"each line ending in nginx fields request_time=SECONDS host=web-N.\n"
"\n"
"  -n, --lines N    lines in all, malformed ones included (default 50000)\n"
"  -s, --seed S     random seed (default 1)\n"
"  -d, --date DATE  the day, YYYY-MM-DD (default 2026-11-21)\n"
"      --clean      leave out the malformed lines\n"
"  -v, --verbose    print a summary of the incidents on stderr\n"
"  -h, --help       show this help\n"
"\n"
"Incidents (UTC, on the given day):\n"
"  13:50:00-14:09:59  traffic spike: 5x the requests, on every host\n"
"  16:30:00-16:44:59  web-3 fails: ~30% 5xx (502/503/504/500), slow\n"
"  19:00:00-          web-4 logs nothing for the rest of the day\n"
"  5 malformed lines at random places (with at least 20 lines):\n"
"  truncated, unterminated quote, binary junk, a lone '-', bad time\n";

#define SPIKE_START	(13 * 3600 + 50 * 60)
#define SPIKE_END	(14 * 3600 + 10 * 60)
#define SPIKE_FACTOR	5.0
#define BURST_START	(16 * 3600 + 30 * 60)
#define BURST_END	(16 * 3600 + 45 * 60)
#define BURST_HOST	2		/* web-3 */
#define SILENT_START	(19 * 3600)
#define SILENT_HOST	3		/* web-4 */
#define NHOSTS		4
#define NCLIENTS	4000
#define NPRODUCTS	5000
#define NMALFORMED	5
#define MALFORMED_MIN	20

/* What a request is, for its status, size and time. */
enum kind {
	K_ASSET,	/* static file of fixed size */
	K_IMAGE,	/* product image, size fixed per product */
	K_PAGE,		/* HTML */
	K_PRODUCT,	/* HTML, may be gone (404) */
	K_LOGIN,	/* POST /login */
	K_REDIRECT,	/* 302 */
	K_API,		/* JSON */
	K_API_AUTH,	/* JSON, may be 401 */
	K_API_ITEM,	/* JSON, may be 404 */
	K_API_CREATE,	/* 201 */
	K_API_DELETE,	/* 204 */
	K_API_SLOW,	/* orders, search */
	K_HEAD,		/* monitoring: no body */
	K_METRICS,	/* basic auth user "monitor" */
	K_PROBE		/* vulnerability scanners: 404 */
};

/*
 * The path mix.  In a path, %d is a product id, %p a page number, %q a
 * search term, %c a category.  size is the byte count of K_ASSET.
 */
struct route {
	const char	*method;
	const char	*path;
	enum kind	 kind;
	double		 weight;
	uint32_t	 size;
};

static const struct route routes[] = {
	{ "GET", "/static/css/app.3f9a1c.css",	K_ASSET,	6, 48213 },
	{ "GET", "/static/js/app.8b2e4d.js",	K_ASSET,	6, 312877 },
	{ "GET", "/static/js/vendor.c71f02.js",	K_ASSET,	5, 894112 },
	{ "GET", "/static/img/logo.svg",	K_ASSET,	4, 3112 },
	{ "GET", "/static/fonts/inter-var.woff2", K_ASSET,	3, 112340 },
	{ "GET", "/favicon.ico",		K_ASSET,	4, 15086 },
	{ "GET", "/static/img/products/%d.jpg",	K_IMAGE,	12, 0 },
	{ "GET", "/",				K_PAGE,		6, 0 },
	{ "GET", "/products/%d",		K_PRODUCT,	8, 0 },
	{ "GET", "/category/%c?page=%p",	K_PAGE,		4, 0 },
	{ "GET", "/search?q=%q",		K_PAGE,		3, 0 },
	{ "GET", "/cart",			K_PAGE,		2, 0 },
	{ "GET", "/checkout",			K_PAGE,		1, 0 },
	{ "GET", "/login",			K_PAGE,		1.5, 0 },
	{ "POST", "/login",			K_LOGIN,	1.5, 0 },
	{ "GET", "/logout",			K_REDIRECT,	0.3, 0 },
	{ "GET", "/account",			K_PAGE,		1, 0 },
	{ "GET", "/robots.txt",			K_ASSET,	0.5, 412 },
	{ "GET", "/sitemap.xml",		K_ASSET,	0.2, 58220 },
	{ "GET", "/api/v1/items?page=%p",	K_API,		6, 0 },
	{ "GET", "/api/v1/items/%d",		K_API_ITEM,	7, 0 },
	{ "GET", "/api/v1/cart",		K_API_AUTH,	3, 0 },
	{ "POST", "/api/v1/cart/items",		K_API_CREATE,	2, 0 },
	{ "PUT", "/api/v1/cart/items/%d",	K_API_AUTH,	0.5, 0 },
	{ "DELETE", "/api/v1/cart/items/%d",	K_API_DELETE,	0.5, 0 },
	{ "POST", "/api/v1/orders",		K_API_SLOW,	0.8, 0 },
	{ "GET", "/api/v1/recommendations?limit=12", K_API,	2, 0 },
	{ "GET", "/api/v1/session",		K_API_AUTH,	2, 0 },
	{ "GET", "/api/v1/search?q=%q",		K_API_SLOW,	2, 0 },
	{ "OPTIONS", "/api/v1/items",		K_API_DELETE,	0.5, 0 },
	{ "HEAD", "/",				K_HEAD,		0.3, 0 },
	{ "GET", "/internal/metrics",		K_METRICS,	0.4, 0 },
	{ "GET", "/wp-login.php",		K_PROBE,	0.3, 0 },
	{ "GET", "/.env",			K_PROBE,	0.2, 0 },
	{ "GET", "/phpmyadmin/index.php",	K_PROBE,	0.1, 0 },
	{ "GET", "/.git/config",		K_PROBE,	0.1, 0 },
	/* Only during the spike: a campaign landing page and its API. */
	{ "GET", "/sale/black-friday",		K_PAGE,		0, 0 },
	{ "GET", "/api/v1/items?tag=black-friday&page=%p", K_API, 0, 0 }
};
#define ROUTE_SALE	(NELEM(routes) - 2)

static const char *const terms[] = {
	"shoes", "red+dress", "laptop", "coffee+grinder", "winter+jacket",
	"headphones", "black+friday", "usb-c+cable", "yoga+mat",
	"gift+ideas", "%C3%A9t%C3%A9", "running+shoes+men", "lego",
	"air+fryer", "wool+socks"
};

static const char *const categories[] = {
	"shoes", "electronics", "kitchen", "outdoor", "toys", "books",
	"garden", "women", "men"
};

struct agent {
	const char	*ua;
	double		 weight;
};

static const struct agent agents[] = {
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", 30 },
	{ "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	  "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
	  "Safari/537.36", 12 },
	{ "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
	  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
	  "Mobile/15E148 Safari/604.1", 18 },
	{ "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", 12 },
	{ "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
	  "Safari/605.1.15", 7 },
	{ "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 "
	  "Firefox/133.0", 5 },
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) "
	  "Gecko/20100101 Firefox/133.0", 5 },
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 "
	  "Edg/131.0.0.0", 5 },
	{ "ShopApp/4.12.1 (Android 14; Pixel 8) okhttp/4.12.0", 3 },
	{ "Mozilla/5.0 (compatible; Googlebot/2.1; "
	  "+http://www.google.com/bot.html)", 2 },
	{ "Mozilla/5.0 (compatible; bingbot/2.0; "
	  "+http://www.bing.com/bingbot.htm)", 1 },
	{ "curl/8.5.0", 1 },
	{ "python-requests/2.32.3", 1 },
	{ "Go-http-client/1.1", 1 }
};

static const char *const referers[] = {
	"-",
	"https://shop.example.com/",
	"https://shop.example.com/products/%d",
	"https://shop.example.com/category/%c?page=%p",
	"https://shop.example.com/search?q=%q",
	"https://shop.example.com/cart",
	"https://www.google.com/",
	"https://duckduckgo.com/",
	"https://www.bing.com/",
	"https://t.co/",
	"https://www.facebook.com/",
	"https://newsletter.example.com/2026/11/black-friday"
};
static const double referer_w[NELEM(referers)] = {
	30, 14, 16, 10, 6, 4, 10, 2, 2, 1.5, 1.5, 0
};
#define REFERER_MAIL	(NELEM(referers) - 1)

static const char *const months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

struct access {
	struct rng	 r;
	int64_t		 day;		/* days since the epoch */
	double		 route_w[NELEM(routes)];
	double		 route_sum;
	double		 spike_w[NELEM(routes)];
	double		 spike_sum;
	double		 agent_w[NELEM(agents)];
	double		 agent_sum;
	double		 referer_sum;
	char		 date[32];	/* "21/Nov/2026:" */
	char		 iso[32];	/* "2026-11-21" */
	uint64_t	 lines;		/* written so far */
	uint64_t	 malformed_at[NMALFORMED];	/* line numbers */
};

/* Write a template with %d (as id) %p %q %c expanded. */
static void
out_template(struct rng *r, const char *t, uint32_t id)
{
	const char *p;

	for (p = t; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			out_ch(*p);
			continue;
		}
		switch (*++p) {
		case 'd':
			out_u64(id);
			break;
		case 'p':
			out_u64(1 + rng_zipf(r, 20));
			break;
		case 'q':
			out_str(terms[rng_zipf(r, NELEM(terms))]);
			break;
		case 'c':
			out_str(categories[rng_below(r, NELEM(categories))]);
			break;
		default:
			out_ch('%');
			out_ch(*p);
			break;
		}
	}
}

/* The client address of client k: mostly IPv4, some IPv6. */
static void
out_client(uint32_t k)
{
	uint64_t h;
	unsigned a;
	static const char hex[] = "0123456789abcdef";
	int i;

	if (k == 0) {		/* the monitoring host */
		out_str("10.0.0.5");
		return;
	}
	h = hash64(k * 0x2545f4914f6cdd1dULL + 17);
	if (h % 100 < 6) {
		out_str("2001:db8:");
		for (i = 0; i < 3; i++) {
			out_ch(hex[(h >> (8 + 4 * i)) & 15]);
			out_ch(hex[(h >> (20 + 4 * i)) & 15]);
			out_ch(hex[(h >> (32 + 4 * i)) & 15]);
			out_ch(':');
		}
		out_ch(':');
		out_ch(hex[(h >> 44) & 15]);
		out_ch(hex[(h >> 48) & 15]);
		return;
	}
	a = 1 + (unsigned)((h >> 8) % 222);
	if (a == 10 || a == 127 || a == 100 || a == 172 || a == 192)
		a += 3;
	out_u64(a);
	out_ch('.');
	out_u64((h >> 16) & 255);
	out_ch('.');
	out_u64((h >> 24) & 255);
	out_ch('.');
	out_u64(1 + (h >> 32) % 254);
}

/* Relative traffic of a second of the day, before incidents. */
static double
diurnal(double sec)
{
	double h = sec / 3600.0, c, eve;

	c = 0.5 - 0.5 * cos(TWO_PI * (h - 3.5) / 24.0);
	eve = (h - 21.0) / 1.5;
	return 0.06 + c * c + 0.2 * exp(-eve * eve);
}

static void
access_init(struct access *a, uint64_t seed, int64_t day)
{
	int64_t y;
	unsigned m, d;
	size_t i;

	memset(a, 0, sizeof(*a));
	rng_seed(&a->r, seed);
	a->day = day;
	for (i = 0; i < NELEM(routes); i++) {
		a->route_w[i] = routes[i].weight;
		a->route_sum += a->route_w[i];
		a->spike_w[i] = routes[i].weight;
	}
	/* The campaign brings 4 new requests for each usual one. */
	a->spike_w[ROUTE_SALE] = a->route_sum * 2.0;
	a->spike_w[ROUTE_SALE + 1] = a->route_sum * 1.0;
	for (i = 0; i < NELEM(routes); i++)
		a->spike_sum += a->spike_w[i];
	for (i = 0; i < NELEM(agents); i++) {
		a->agent_w[i] = agents[i].weight;
		a->agent_sum += agents[i].weight;
	}
	for (i = 0; i < NELEM(referers); i++)
		a->referer_sum += referer_w[i];
	civil_from_days(day, &y, &m, &d);
	snprintf(a->date, sizeof(a->date), "%02u/%s/%04lld:", d,
	    months[m - 1], (long long)y);
	snprintf(a->iso, sizeof(a->iso), "%04lld-%02u-%02u", (long long)y, m,
	    d);
}

static void
out_clock(const struct access *a, uint32_t sec)
{
	out_ch('[');
	out_str(a->date);
	out_2d(sec / 3600);
	out_ch(':');
	out_2d(sec / 60 % 60);
	out_ch(':');
	out_2d(sec % 60);
	out_str(" +0000]");
}

/* Seconds with millisecond resolution, as nginx prints request_time. */
static void
out_seconds(double s)
{
	int64_t ms;
	unsigned f;

	ms = (int64_t)(s * 1000.0 + 0.5);
	if (ms < 0)
		ms = 0;
	out_u64((uint64_t)(ms / 1000));
	out_ch('.');
	f = (unsigned)(ms % 1000);
	out_ch((char)('0' + f / 100));
	out_2d(f % 100);
}

/* One well-formed line for second sec of the day. */
static void
access_line(struct access *a, uint32_t sec)
{
	struct rng *r = &a->r;
	const struct route *rt;
	uint32_t client, host, status, id;
	int64_t bytes;
	double rtime, x;
	size_t ri, ai, ref;
	int spike, burst, dyn;

	spike = sec >= SPIKE_START && sec < SPIKE_END;
	/* Load balancer: round robin, minus the silent host. */
	host = rng_below(r, sec >= SILENT_START ? NHOSTS - 1 : NHOSTS);
	burst = host == BURST_HOST && sec >= BURST_START && sec < BURST_END;

	if (spike && rng_unif(r) < 0.8)
		ri = pick(r, a->spike_w, NELEM(routes), a->spike_sum);
	else
		ri = pick(r, a->route_w, NELEM(routes), a->route_sum);
	rt = &routes[ri];
	id = 1000 + rng_zipf(r, NPRODUCTS);
	client = rt->kind == K_METRICS ? 0 : 1 + rng_zipf(r, NCLIENTS - 1);
	/* A client keeps its user agent all day. */
	x = (double)(hash64(client) % 1000000) / 1e6 * a->agent_sum;
	for (ai = 0; ai < NELEM(agents) - 1 && x >= agents[ai].weight; ai++)
		x -= agents[ai].weight;

	/* Status and body size. */
	status = 200;
	bytes = (int64_t)rng_lognormal(r, 1800, 1.0);
	dyn = 1;
	switch (rt->kind) {
	case K_ASSET:
		dyn = 0;
		bytes = rt->size;
		if (rng_unif(r) < 0.3)
			status = 304;
		break;
	case K_IMAGE:
		dyn = 0;
		bytes = 8000 + (int64_t)(hash64(id) % 180000);
		x = rng_unif(r);
		status = x < 0.25 ? 304 : x < 0.26 ? 404 : 200;
		break;
	case K_PAGE:
		bytes = (int64_t)rng_lognormal(r, 24000, 0.3);
		break;
	case K_PRODUCT:
		bytes = (int64_t)rng_lognormal(r, 31000, 0.25);
		if (rng_unif(r) < 0.02)
			status = 404;
		break;
	case K_LOGIN:
		x = rng_unif(r);
		status = x < 0.7 ? 302 : x < 0.97 ? 200 : 429;
		break;
	case K_REDIRECT:
		status = 302;
		break;
	case K_API:
		break;
	case K_API_AUTH:
		if (rng_unif(r) < 0.04)
			status = 401;
		break;
	case K_API_ITEM:
		if (rng_unif(r) < 0.02)
			status = 404;
		break;
	case K_API_CREATE:
		status = 201;
		break;
	case K_API_DELETE:
		status = 204;
		break;
	case K_API_SLOW:
		if (rng_unif(r) < 0.01)
			status = 400;
		break;
	case K_HEAD:
	case K_METRICS:
		break;
	case K_PROBE:
		status = 404;
		break;
	}
	if (dyn && status < 400 && rng_unif(r) < 0.002)
		status = rng_unif(r) < 0.7 ? 500 : 502;
	else if (dyn && rng_unif(r) < 0.001)
		status = 499;		/* the client went away */

	/* Time taken: log-normal around 40 ms. */
	rtime = rng_lognormal(r, 0.040, 0.6);
	if (!dyn)
		rtime *= 0.25;
	else if (rt->kind == K_API_SLOW || rt->kind == K_PRODUCT)
		rtime *= 2.0;
	if (spike)
		rtime *= 1.6;
	if (burst) {
		rtime *= 12.0;
		if (rng_unif(r) < 0.3) {
			x = rng_unif(r);
			if (x < 0.4) {
				status = 502;
				rtime = rng_lognormal(r, 0.9, 0.5);
			} else if (x < 0.7) {
				status = 503;
				rtime = rng_lognormal(r, 0.2, 0.5);
			} else if (x < 0.9) {
				status = 504;
				rtime = 60.0 + rng_unif(r) * 0.05;
			} else {
				status = 500;
				rtime = rng_lognormal(r, 2.5, 0.4);
			}
		}
	}
	switch (status) {
	case 204:
	case 304:
		bytes = 0;
		break;
	case 302:
		bytes = 154;
		break;
	case 404:
		bytes = dyn ? 1834 : 153;
		break;
	case 401:
	case 429:
		bytes = 67;
		break;
	case 400:
		bytes = 112;
		break;
	case 499:
		bytes = 0;
		break;
	case 500:
	case 502:
	case 503:
	case 504:
		bytes = 494 + status % 10;
		break;
	}
	if (rt->kind == K_HEAD)
		bytes = 0;

	out_client(client);
	out_str(rt->kind == K_METRICS ? " - monitor " : " - - ");
	out_clock(a, sec);
	out_str(" \"");
	out_str(rt->method);
	out_ch(' ');
	out_template(r, rt->path, id);
	x = rng_unif(r);
	out_str(x < 0.45 ? " HTTP/2.0\" " : x < 0.98 ? " HTTP/1.1\" " :
	    " HTTP/1.0\" ");
	out_u64(status);
	out_ch(' ');
	if (status == 304)
		out_ch('-');
	else
		out_u64((uint64_t)bytes);
	out_str(" \"");
	if (rt->kind == K_METRICS || rt->kind == K_HEAD ||
	    rt->kind == K_PROBE) {
		out_ch('-');
	} else if (ri >= ROUTE_SALE && rng_unif(r) < 0.7) {
		out_str(referers[REFERER_MAIL]);
	} else {
		/* Two draws, in this order on every compiler. */
		id = 1000 + rng_zipf(r, NPRODUCTS);
		ref = pick(r, referer_w, NELEM(referers), a->referer_sum);
		out_template(r, referers[ref], id);
	}
	out_str("\" \"");
	if (rt->kind == K_METRICS)
		out_str("Prometheus/2.53.0");
	else if (rt->kind == K_HEAD)
		out_str("kube-probe/1.31");
	else if (rt->kind == K_PROBE)
		out_str("Mozilla/5.0 zgrab/0.x");
	else
		out_str(agents[ai].ua);
	out_str("\" request_time=");
	out_seconds(rtime);
	out_str(" host=web-");
	out_u64(host + 1);
	out_ch('\n');
}

/*
 * The malformed lines, each made from the good line just written (at
 * start): they replace it, so the line count stays as asked.
 */
static void
access_malformed(struct access *a, int which, size_t start)
{
	char *line = obuf + start, *q;
	size_t n = olen - start, i, len;

	switch (which) {
	case 0:		/* cut after the status code */
		q = memchr(line, '"', n);
		q = q != NULL ? memchr(q + 1, '"', n - (size_t)(q + 1 -
		    line)) : NULL;
		if (q != NULL && (size_t)(q - line) + 6 < n) {
			olen = start + (size_t)(q - line) + 5;
			out_ch('\n');
		}
		break;
	case 1:		/* the request's closing quote is missing */
		q = memchr(line, '"', n);
		q = q != NULL ? memchr(q + 1, '"', n - (size_t)(q + 1 -
		    line)) : NULL;
		if (q != NULL) {
			memmove(q, q + 1, n - (size_t)(q + 1 - line));
			olen--;
		}
		break;
	case 2:		/* binary junk: a TLS hello, random bytes, no NUL */
		olen = start;
		out_mem("\x16\x03\x01\x02\x17\x01\x02\x13\xfc\x03\x03", 11);
		len = 40 + rng_below(&a->r, 60);
		for (i = 0; i < len; i++) {
			do
				obuf[olen] = (char)(1 + rng_below(&a->r, 255));
			while (obuf[olen] == '\n' || obuf[olen] == '\r');
			olen++;
		}
		out_ch('\n');
		break;
	case 3:		/* nothing but a dash */
		olen = start;
		out_str("-\n");
		break;
	case 4:		/* a garbled time: the letter O for a zero */
		q = memchr(line, '[', n);
		if (q != NULL && (size_t)(q - line) + 17 < n)
			q[17] = 'O';
		break;
	}
}

static void
access_run(struct access *a, uint64_t lines, int clean, int verbose)
{
	static double w[1440];
	double total = 0, cum = 0, x, noise;
	uint64_t done = 0, target, k, j;
	uint32_t m, sec, s;
	size_t start;
	int i, nm = 0;

	/* Malformed lines: distinct line numbers, in order. */
	if (!clean && lines >= MALFORMED_MIN) {
		while (nm < NMALFORMED) {
			k = 1 + (uint64_t)(rng_unif(&a->r) * (double)(lines -
			    2));
			for (i = 0; i < nm && a->malformed_at[i] != k; i++)
				;
			if (i == nm)
				a->malformed_at[nm++] = k;
		}
		for (i = 1; i < nm; i++)
			for (j = (uint64_t)i; j > 0 && a->malformed_at[j - 1] >
			    a->malformed_at[j]; j--) {
				k = a->malformed_at[j];
				a->malformed_at[j] = a->malformed_at[j - 1];
				a->malformed_at[j - 1] = k;
			}
	}

	for (m = 0; m < 1440; m++) {
		noise = 0.9 + 0.2 * rng_unif(&a->r);
		w[m] = diurnal(m * 60.0 + 30.0) * noise;
		if (m * 60 >= SPIKE_START && m * 60 < SPIKE_END)
			w[m] *= SPIKE_FACTOR;
		if (m * 60 >= SILENT_START)
			w[m] *= (NHOSTS - 1) / (double)NHOSTS;
		total += w[m];
	}

	for (m = 0; m < 1440; m++) {
		cum += w[m];
		target = (uint64_t)((double)lines * cum / total + 0.5);
		if (m == 1439)
			target = lines;
		k = target - done;
		/* k sorted uniform times in the minute, without storing. */
		x = 0;
		for (j = 0; j < k; j++) {
			x = 1.0 - (1.0 - x) * pow(rng_unif_pos(&a->r),
			    1.0 / (double)(k - j));
			s = (uint32_t)(x * 60.0);
			sec = m * 60 + (s < 60 ? s : 59);
			out_reserve();
			start = olen;
			access_line(a, sec);
			a->lines++;
			for (i = 0; i < nm; i++)
				if (a->malformed_at[i] == a->lines)
					access_malformed(a, i, start);
		}
		done = target;
	}
	out_flush();
	if (verbose) {
		fprintf(stderr, "%s: %s: %llu lines; spike 13:50-14:10 "
		    "x%.0f all hosts; web-3 5xx ~30%% and slow 16:30-16:45; "
		    "web-4 silent from 19:00; %d malformed at lines",
		    progname, a->iso, (unsigned long long)a->lines,
		    SPIKE_FACTOR, nm);
		for (i = 0; i < nm; i++)
			fprintf(stderr, "%s%llu", i ? "," : " ",
			    (unsigned long long)a->malformed_at[i]);
		fputc('\n', stderr);
	}
}

static const struct option access_opts[] = {
	{ "clean",	no_argument,		NULL,	'C' },
	{ "date",	required_argument,	NULL,	'd' },
	{ "help",	no_argument,		NULL,	'h' },
	{ "lines",	required_argument,	NULL,	'n' },
	{ "seed",	required_argument,	NULL,	's' },
	{ "verbose",	no_argument,		NULL,	'v' },
	{ NULL,		0,			NULL,	0 }
};

static int
cmd_access(int argc, char *argv[])
{
	static struct access a;
	const char *end;
	uint64_t lines = 50000, seed = 1;
	int64_t day;
	int ch, clean = 0, verbose = 0;

	parse_date("2026-11-21", &day, &end);
	while ((ch = getopt_long(argc, argv, "d:hn:s:v", access_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'C':
			clean = 1;
			break;
		case 'd':
			if (parse_date(optarg, &day, &end) == -1 ||
			    *end != '\0')
				bad_usage(access_usage, "bad date '%s' "
				    "(want YYYY-MM-DD)", optarg);
			break;
		case 'h':
			help(access_usage);
		case 'n':
			lines = arg_u64(access_usage, "--lines", optarg, 0,
			    1000000000000ULL);
			break;
		case 's':
			seed = arg_u64(access_usage, "--seed", optarg, 0,
			    UINT64_MAX);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			bad_usage(access_usage, NULL, NULL);
		}
	}
	if (optind != argc)
		bad_usage(access_usage, "unexpected argument '%s'",
		    argv[optind]);
	access_init(&a, seed, day);
	access_run(&a, lines, clean, verbose);
	return EXIT_SUCCESS;
}

/*
 * sluice-gen events, sluice-gen csv
 */

static const char events_usage[] =
"usage: sluice-gen events [-h] [-n count] [-s seed] [--start time]\n"
"                         [-r rate] [--hosts k] [--disorder seconds]\n"
"       sluice-gen csv    (the same options)\n"
"\n"
"Write web request events as NDJSON (events) or as CSV with a header\n"
"row (csv); the same seed and options give the same events.\n"
"\n"
"  -n, --count N       events (default 100000)\n"
"  -s, --seed S        random seed (default 1)\n"
"      --start TIME    time of the first event, RFC 3339\n"
"                      (default 2026-11-21T00:00:00Z)\n"
"  -r, --rate R        mean events per second, Poisson (default 100)\n"
"      --hosts K       hosts web-1 .. web-K (default 4)\n"
"      --disorder S    make each event up to S seconds older than its\n"
"                      place in the stream (default 0: in time order)\n"
"  -h, --help          show this help\n"
"\n"
"Fields: @timestamp host user_id method path status latency_ms bytes\n"
"amount.  About 0.3% of events have no user_id and 0.2% a negative\n"
"amount.  With --disorder S, a window with a lateness of S loses\n"
"nothing.\n";

struct endpoint {
	const char	*method;
	const char	*path;
	double		 weight;
	int		 quote;		/* has a comma: quote it in CSV */
};

static const struct endpoint endpoints[] = {
	{ "GET",	"/api/items",			30, 0 },
	{ "GET",	"/api/items/search",		10, 0 },
	{ "GET",	"/api/recommendations",		10, 0 },
	{ "GET",	"/api/users/me",		8, 0 },
	{ "GET",	"/api/cart",			8, 0 },
	{ "POST",	"/api/cart",			6, 0 },
	{ "PUT",	"/api/cart",			2, 0 },
	{ "DELETE",	"/api/cart",			2, 0 },
	{ "POST",	"/api/checkout",		3, 0 },
	{ "POST",	"/api/login",			4, 0 },
	{ "GET",	"/",				8, 0 },
	{ "GET",	"/static/app.js",		8, 0 },
	{ "GET",	"/api/search?tags=red,sale",	1, 1 }
};

#define NUSERS		20000

struct event {
	int64_t		 t;		/* ns since the epoch */
	uint32_t	 host;
	int32_t		 user;		/* -1: none */
	uint32_t	 ep;
	uint32_t	 status;
	int64_t		 latency;	/* tenths of a millisecond */
	uint64_t	 bytes;
	int64_t		 amount;	/* cents */
};

struct events {
	struct rng	 r;
	int64_t		 now;		/* ns: arrival time */
	double		 gap;		/* mean gap, ns */
	double		 disorder;	/* ns */
	uint32_t	 hosts;
	double		 ep_w[NELEM(endpoints)];
	double		 ep_sum;
	int64_t		 ts_sec;	/* second of ts_buf */
	char		 ts_buf[64];	/* "2026-11-21T00:00:00." */
	size_t		 ts_len;
};

static void
events_init(struct events *e, uint64_t seed, int64_t start, double rate,
    uint32_t hosts, double disorder)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	rng_seed(&e->r, seed);
	e->now = start;
	e->gap = 1e9 / rate;
	e->hosts = hosts;
	e->disorder = disorder * 1e9;
	e->ts_sec = INT64_MIN;
	for (i = 0; i < NELEM(endpoints); i++) {
		e->ep_w[i] = endpoints[i].weight;
		e->ep_sum += endpoints[i].weight;
	}
}

static void
event_next(struct events *e, struct event *ev)
{
	struct rng *r = &e->r;
	const struct endpoint *ep;
	double x, lat;

	ev->t = e->now;
	if (e->disorder > 0)
		ev->t -= (int64_t)(rng_unif(r) * e->disorder);
	e->now += (int64_t)(-log(rng_unif_pos(r)) * e->gap);

	ev->host = rng_below(r, e->hosts);
	ev->user = rng_unif(r) < 0.003 ? -1 : (int32_t)rng_zipf(r, NUSERS);
	ev->ep = (uint32_t)pick(r, e->ep_w, NELEM(endpoints), e->ep_sum);
	ep = &endpoints[ev->ep];
	x = rng_unif(r);
	if (ep->method[0] == 'P' && ep->method[1] == 'O')
		ev->status = x < 0.95 ? 201 : x < 0.985 ? 400 : x < 0.995 ?
		    500 : 503;
	else if (ep->method[0] == 'D')
		ev->status = x < 0.97 ? 204 : x < 0.99 ? 404 : 500;
	else
		ev->status = x < 0.93 ? 200 : x < 0.955 ? 304 : x < 0.98 ?
		    404 : x < 0.99 ? 400 : x < 0.998 ? 500 : 503;
	lat = rng_lognormal(r, 40.0, 0.7);
	if (ev->status >= 500)
		lat *= 5.0;
	ev->latency = (int64_t)(lat * 10.0 + 0.5);
	if (ev->status == 304 || ev->status == 204)
		ev->bytes = 0;
	else
		ev->bytes = (uint64_t)rng_lognormal(r, 2048.0, 1.2);
	ev->amount = (int64_t)(rng_lognormal(r, 2000.0, 1.0) + 0.5);
	if (rng_unif(r) < 0.002)
		ev->amount = -ev->amount;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* "2026-11-21T00:00:00.123Z", with the date part cached per second. */
static void
out_ts(struct events *e, int64_t t)
{
	int64_t sec, days, y;
	unsigned mo, d, sod, ms;

	sec = floor_div(t, NS_PER_SEC);
	if (sec != e->ts_sec) {
		days = floor_div(sec, DAY_SEC);
		sod = (unsigned)(sec - days * DAY_SEC);
		civil_from_days(days, &y, &mo, &d);
		e->ts_len = (size_t)snprintf(e->ts_buf, sizeof(e->ts_buf),
		    "%04lld-%02u-%02uT%02u:%02u:%02u.", (long long)y, mo, d,
		    sod / 3600, sod / 60 % 60, sod % 60);
		e->ts_sec = sec;
	}
	out_mem(e->ts_buf, e->ts_len);
	ms = (unsigned)((t - sec * NS_PER_SEC) / 1000000);
	out_ch((char)('0' + ms / 100));
	out_2d(ms % 100);
	out_ch('Z');
}

static void
out_event_json(struct events *e, const struct event *ev)
{
	const struct endpoint *ep = &endpoints[ev->ep];

	out_str("{\"@timestamp\":\"");
	out_ts(e, ev->t);
	out_str("\",\"host\":\"web-");
	out_u64(ev->host + 1);
	if (ev->user >= 0) {
		out_str("\",\"user_id\":\"u");
		out_u64((uint64_t)ev->user + 1);
	}
	out_str("\",\"method\":\"");
	out_str(ep->method);
	out_str("\",\"path\":\"");
	out_str(ep->path);
	out_str("\",\"status\":");
	out_u64(ev->status);
	out_str(",\"latency_ms\":");
	out_fixed(ev->latency, 1);
	out_str(",\"bytes\":");
	out_u64(ev->bytes);
	out_str(",\"amount\":");
	out_fixed(ev->amount, 2);
	out_str("}\n");
}

static void
out_event_csv(struct events *e, const struct event *ev)
{
	const struct endpoint *ep = &endpoints[ev->ep];

	out_ts(e, ev->t);
	out_str(",web-");
	out_u64(ev->host + 1);
	out_ch(',');
	if (ev->user >= 0) {
		out_ch('u');
		out_u64((uint64_t)ev->user + 1);
	}
	out_ch(',');
	out_str(ep->method);
	out_ch(',');
	if (ep->quote)
		out_ch('"');
	out_str(ep->path);
	if (ep->quote)
		out_ch('"');
	out_ch(',');
	out_u64(ev->status);
	out_ch(',');
	out_fixed(ev->latency, 1);
	out_ch(',');
	out_u64(ev->bytes);
	out_ch(',');
	out_fixed(ev->amount, 2);
	out_ch('\n');
}

static const struct option events_opts[] = {
	{ "count",	required_argument,	NULL,	'n' },
	{ "disorder",	required_argument,	NULL,	'D' },
	{ "help",	no_argument,		NULL,	'h' },
	{ "hosts",	required_argument,	NULL,	'H' },
	{ "rate",	required_argument,	NULL,	'r' },
	{ "seed",	required_argument,	NULL,	's' },
	{ "start",	required_argument,	NULL,	'S' },
	{ NULL,		0,			NULL,	0 }
};

static int
cmd_events(int argc, char *argv[], int csv)
{
	static struct events e;
	struct event ev;
	uint64_t count = 100000, seed = 1, i;
	int64_t start;
	double rate = 100, disorder = 0;
	uint32_t hosts = 4;
	int ch;

	parse_rfc3339("2026-11-21T00:00:00Z", &start);
	while ((ch = getopt_long(argc, argv, "hn:r:s:", events_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'D':
			disorder = arg_double(events_usage, "--disorder",
			    optarg, 0, 86400.0 * 365);
			break;
		case 'h':
			help(events_usage);
		case 'H':
			hosts = (uint32_t)arg_u64(events_usage, "--hosts",
			    optarg, 1, 100000);
			break;
		case 'n':
			count = arg_u64(events_usage, "--count", optarg, 0,
			    1000000000000ULL);
			break;
		case 'r':
			rate = arg_double(events_usage, "--rate", optarg,
			    1e-6, 1e9);
			break;
		case 's':
			seed = arg_u64(events_usage, "--seed", optarg, 0,
			    UINT64_MAX);
			break;
		case 'S':
			if (parse_rfc3339(optarg, &start) == -1)
				bad_usage(events_usage, "bad time '%s' (want "
				    "RFC 3339, e.g. 2026-11-21T00:00:00Z)",
				    optarg);
			break;
		default:
			bad_usage(events_usage, NULL, NULL);
		}
	}
	if (optind != argc)
		bad_usage(events_usage, "unexpected argument '%s'",
		    argv[optind]);
	events_init(&e, seed, start, rate, hosts, disorder);
	if (csv)
		out_str("@timestamp,host,user_id,method,path,status,"
		    "latency_ms,bytes,amount\n");
	for (i = 0; i < count; i++) {
		out_reserve();
		event_next(&e, &ev);
		if (csv)
			out_event_csv(&e, &ev);
		else
			out_event_json(&e, &ev);
	}
	out_flush();
	return EXIT_SUCCESS;
}

static const char main_usage[] =
"usage: sluice-gen access [-hv] [-n lines] [-s seed] [-d date] [--clean]\n"
"       sluice-gen events [-h] [-n count] [-s seed] [--start time]\n"
"                         [-r rate] [--hosts k] [--disorder seconds]\n"
"       sluice-gen csv    (the options of events)\n"
"       sluice-gen -h | --help\n"
"\n"
"Generate demo and benchmark data, the same for the same --seed.\n"
"  access  a day of combined access log with incidents\n"
"  events  NDJSON request events\n"
"  csv     the same events as CSV\n"
"Run sluice-gen COMMAND --help for the options of each.\n";

int
main(int argc, char *argv[])
{
	static char name[64];
	const char *cmd;

	if (argc < 2)
		bad_usage(main_usage, "missing command", NULL);
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0)
		help(main_usage);
	/* The command's options follow it: getopt sees argv[1..]. */
	snprintf(name, sizeof(name), "sluice-gen %s", cmd);
	progname = name;
	argc--;
	argv++;
	argv[0] = name;
	if (strcmp(cmd, "access") == 0)
		return cmd_access(argc, argv);
	if (strcmp(cmd, "events") == 0)
		return cmd_events(argc, argv, 0);
	if (strcmp(cmd, "csv") == 0)
		return cmd_events(argc, argv, 1);
	bad_usage(main_usage, "unknown command '%s'", cmd);
}
