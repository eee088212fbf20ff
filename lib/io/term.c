/* SPDX-License-Identifier: MIT */
/* term.c -- the terminal: escape sequences, its size, a full-screen view. */
#include <sys/ioctl.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "io/term.h"
#include "json/scan.h"

/* Alternate screen on, cursor hidden, autowrap off; and back. */
#define ENTER	"\033[?1049h\033[?25l\033[?7l"
#define LEAVE	"\033[?7h\033[?25h\033[?1049l"
/* Synchronized output: the terminal shows the frame at once. */
#define SYNC_ON		"\033[?2026h"
#define SYNC_OFF	"\033[?2026l"

/* The sequences term_seq() names, in the order of enum term_seq. */
static const char *const seqs[] = {
	"\033[0m",		/* TERM_RESET */
	"\033[1m",		/* TERM_BOLD */
	"\033[31m",		/* TERM_RED */
	"\033[32m",		/* TERM_GREEN */
	"\033[K"		/* TERM_ERASE_LINE */
};

/* The state the signal handlers need. */
static int			 term_fd = -1;
static volatile sig_atomic_t	 term_on;
static volatile sig_atomic_t	 term_winch;
static volatile sig_atomic_t	 term_stops;	/* signals seen (INT/TERM) */
static struct sigaction		 old_int, old_term, old_winch, old_tstp;
static int			 atexit_set;
static struct term		*term_cur;

static void
raw_write(const char *s)
{
	size_t n = strlen(s);
	ssize_t w;

	while (n > 0) {
		if ((w = write(term_fd, s, n)) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

static void
on_winch(int sig)
{
	(void)sig;
	term_winch = 1;
}

static void
on_tstp(int sig)
{
	struct sigaction sa;
	sigset_t set;
	int saved = errno;

	if (term_on)
		raw_write(LEAVE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGTSTP);
	/* Stopped here until SIGCONT. */
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
	if (term_on) {
		raw_write(ENTER);
		term_winch = 1;
	}
	(void)sig;
	errno = saved;
}

/*
 * SIGINT, SIGTERM: the first goes to the handler that was there (which
 * ends the input); the next one, or the first if there was none, gives
 * the terminal back and kills.
 */
static void
on_stop(int sig)
{
	const struct sigaction *old = sig == SIGINT ? &old_int : &old_term;

	if (term_stops++ == 0 && old->sa_handler != SIG_DFL) {
		old->sa_handler(sig);
		return;
	}
	if (term_on)
		raw_write(LEAVE);
	term_on = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
at_exit(void)
{
	if (term_cur != NULL)
		term_close(term_cur);
}

const char *
term_seq(enum term_seq s)
{
	return (size_t)s < NELEM(seqs) ? seqs[s] : "";
}

/* The code point of the valid UTF-8 character p[0..len). */
static unsigned long
decode(const unsigned char *p, size_t len)
{
	switch (len) {
	case 2:
		return ((unsigned long)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
	case 3:
		return ((unsigned long)(p[0] & 0x0f) << 12) |
		    ((unsigned long)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
	case 4:
		return ((unsigned long)(p[0] & 0x07) << 18) |
		    ((unsigned long)(p[1] & 0x3f) << 12) |
		    ((unsigned long)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
	default:
		return p[0];
	}
}

/* The characters of term.h's list, in ascending ranges. */
static const unsigned long unsafe[][2] = {
	{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad },
	{ 0x061c, 0x061c }, { 0x180e, 0x180e }, { 0x200b, 0x200b },
	{ 0x200e, 0x200f }, { 0x2028, 0x202e }, { 0x2060, 0x2064 },
	{ 0x2066, 0x206f }, { 0xfeff, 0xfeff }, { 0xfff9, 0xfffb },
	{ 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f }
};

static int
unsafe_cp(unsigned long cp)
{
	size_t i;

	for (i = 0; i < NELEM(unsafe) && cp >= unsafe[i][0]; i++)
		if (cp <= unsafe[i][1])
			return 1;
	return 0;
}

size_t
term_escape_char(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t len;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 0;
	if (p[0] < 0x80)
		len = 1;
	else if ((len = utf8_char_len(s, n)) == 0) {
		strbuf_addf(sb, "\\x%02x", p[0]);
		return 1;
	}
	if (!unsafe_cp(cp = decode(p, len)))
		return 0;
	if (cp == '\n')
		strbuf_addstr(sb, "\\n");
	else if (cp == '\t')
		strbuf_addstr(sb, "\\t");
	else if (cp == '\r')
		strbuf_addstr(sb, "\\r");
	else if (cp < 0x80)
		strbuf_addf(sb, "\\x%02lx", cp);
	else if (cp <= 0xffff)
		strbuf_addf(sb, "\\u%04lx", cp);
	else
		strbuf_addf(sb, "\\U%08lx", cp);
	return len;
}

void
term_escape(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, run, len;

	for (i = 0; i < n; i += len) {
		/* Copy a run of plain ASCII at once. */
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x7f;
		    run++)
			;
		if (run > i) {
			strbuf_add(sb, s + i, run - i);
			len = run - i;
		} else if ((len = term_escape_char(sb, s + i, n - i)) == 0) {
			len = utf8_char_len(s + i, n - i);
			strbuf_add(sb, s + i, len);
		}
	}
}

void
term_vescapef(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	char *msg;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n <= 0)
		return;
	msg = xmalloc((size_t)n + 1);
	(void)vsnprintf(msg, (size_t)n + 1, fmt, ap);
	term_escape(sb, msg, (size_t)n);
	free(msg);
}

int
term_size(int fd, int *rows, int *cols)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) == -1 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return -1;
	if (rows != NULL)
		*rows = ws.ws_row;
	if (cols != NULL)
		*cols = ws.ws_col;
	return 0;
}

static void
measure(struct term *t)
{
	const char *e;

	t->rows = 24;
	t->cols = 80;
	if (term_size(t->out->fd, &t->rows, &t->cols) == 0)
		return;
	if ((e = getenv("LINES")) != NULL && atoi(e) > 0)
		t->rows = atoi(e);
	if ((e = getenv("COLUMNS")) != NULL && atoi(e) > 0)
		t->cols = atoi(e);
}

/* Handle sig with fn, keeping the old action; an ignored one stays so. */
static void
catch(int sig, void (*fn)(int), struct sigaction *old)
{
	struct sigaction sa;

	sigaction(sig, NULL, old);
	if (old->sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int
term_open(struct term *t, struct output *out)
{
	if (term_cur != NULL)
		return -1;
	memset(t, 0, sizeof(*t));
	t->out = out;
	term_fd = out->fd;
	measure(t);
	output_flush(out);
	output_write(out, ENTER, sizeof(ENTER) - 1);
	output_flush(out);
	term_cur = t;
	t->active = 1;
	term_on = 1;
	term_stops = 0;
	catch(SIGWINCH, on_winch, &old_winch);
	catch(SIGTSTP, on_tstp, &old_tstp);
	catch(SIGINT, on_stop, &old_int);
	catch(SIGTERM, on_stop, &old_term);
	if (!atexit_set) {
		atexit(at_exit);
		atexit_set = 1;
	}
	return 0;
}

int
term_changed(struct term *t)
{
	if (!term_winch)
		return 0;
	term_winch = 0;
	measure(t);
	return 1;
}

void
term_draw(struct term *t, const char *frame, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = frame, *end = frame + n, *nl;
	int row;

	if (!t->active)
		return;
	strbuf_addstr(&sb, SYNC_ON);
	for (row = 1; row <= t->rows && p < end; row++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		/* Clear first: after the last column, EL would eat it. */
		strbuf_addf(&sb, "\033[%d;1H\033[2K", row);
		strbuf_add(&sb, p, (size_t)(nl - p));
		strbuf_addstr(&sb, term_seq(TERM_RESET));
		p = nl < end ? nl + 1 : end;
	}
	if (row <= t->rows)
		strbuf_addf(&sb, "\033[%d;1H\033[J", row);
	strbuf_addstr(&sb, SYNC_OFF);
	output_write(t->out, sb.buf, sb.len);
	output_flush(t->out);
	strbuf_release(&sb);
}

void
term_close(struct term *t)
{
	sigset_t set, old;

	if (!t->active)
		return;
	/* No signal may see the view half given back. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGTSTP);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, &old);
	t->active = 0;
	term_on = 0;
	term_cur = NULL;
	output_write(t->out, LEAVE, sizeof(LEAVE) - 1);
	output_flush(t->out);
	sigaction(SIGWINCH, &old_winch, NULL);
	sigaction(SIGTSTP, &old_tstp, NULL);
	/*
	 * Give SIGINT and SIGTERM back to their old handlers, unless one
	 * was already seen: then it is the default (a second one kills).
	 */
	if (term_stops == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}
