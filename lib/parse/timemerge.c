/* SPDX-License-Identifier: MIT */
/* timemerge.c -- the records of several files merged by their @timestamp. */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "json/record.h"
#include "json/scan.h"
#include "parse/timemerge.h"
#include "stream/stream.h"

/* A record a lane holds: its bytes in the lane's text, its merge key. */
struct held {
	size_t		 off;
	size_t		 len;
	int64_t		 key;
	const char	*name;		/* the line it came from */
	uint64_t	 lineno;
};

struct lane {
	struct timemerge	*m;
	struct reader	*r;
	struct held	*q;		/* the records held, first at head */
	size_t		 n;
	size_t		 head;
	size_t		 cap;
	struct strbuf	 text;
	int64_t		 last;		/* the key of the last record */
	const char	*name;		/* the last line read */
	uint64_t	 lineno;
	int		 ended;
};

struct timemerge {
	struct lane		*lane;
	size_t			 nlanes;
	struct reader_out	 out;
	struct time_opts	 topts;
	struct line		 at;
	struct reader_counts	 sum;
	int			 hinted;	/* a hint was passed on */
};

/*
 * The time of record p[0..n): 1 and *ns, else 0.  The reader's records
 * are JSON objects it checked or wrote itself: they are read as they
 * are, not scanned again, up to the first @timestamp (the reader
 * leaves one).
 */
static int
time_of(const struct timemerge *m, const char *p, size_t n, int64_t *ns)
{
	struct jval root, k, v;
	struct jiter it;
	int prec;

	root.type = JT_OBJECT;
	root.flags = 0;
	root.p = p;
	root.n = n;
	jiter_init(&it, &root);
	while (jiter_next(&it, &k, &v))
		if (jval_str_eq(&k, STREAM_TIMESTAMP,
		    sizeof(STREAM_TIMESTAMP) - 1))
			return record_time_value(&v, &m->topts, ns,
			    &prec) == 1;
	return 0;
}

/* The merge key of record p[0..n): its time, never less than the last. */
static int64_t
key_of(struct lane *l, const char *p, size_t n)
{
	int64_t ns;

	if (time_of(l->m, p, n, &ns) && ns > l->last)
		l->last = ns;
	return l->last;
}

/* A lane's reader made a record: hold it. */
static void
on_record(void *arg, const char *p, size_t n)
{
	struct lane *l = arg;
	struct held *h;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->q = xreallocarray(l->q, l->cap, sizeof(*l->q));
	}
	h = &l->q[l->n++];
	h->off = l->text.len;
	h->len = n;
	h->key = key_of(l, p, n);
	h->name = l->name;
	h->lineno = l->lineno;
	strbuf_add(&l->text, p, n);
}

static void
on_reject(void *arg, const struct line *ln, size_t col, const char *reason)
{
	struct lane *l = arg;

	l->m->out.reject(l->m->out.arg, ln, col, reason);
}

static void
on_note(void *arg, enum reader_note k, const char *file, const char *msg)
{
	struct lane *l = arg;

	if (k == READER_HINT && l->m->hinted++ > 0)
		return;
	if (l->m->out.note != NULL)
		l->m->out.note(l->m->out.arg, k, file, msg);
}

struct timemerge *
timemerge_new(const struct reader_opts *o, const struct reader_out *out,
    size_t nlanes, struct sluice_err *err)
{
	struct reader_out lo;
	struct timemerge *m;
	size_t k;

	m = xcalloc(1, sizeof(*m));
	m->out = *out;
	m->topts.tz.kind = TZ_UTC;
	m->topts.unit = TU_AUTO;
	m->lane = xcalloc(nlanes, sizeof(*m->lane));
	lo.record = on_record;
	lo.reject = on_reject;
	lo.note = on_note;
	for (k = 0; k < nlanes; k++) {
		m->lane[k].m = m;
		m->lane[k].last = INT64_MIN;
		m->lane[k].name = "";
		lo.arg = &m->lane[k];
		if ((m->lane[k].r = reader_new(o, &lo, err)) == NULL) {
			timemerge_free(m);
			return NULL;
		}
		m->nlanes++;
	}
	return m;
}

const struct line *
timemerge_at(const struct timemerge *m)
{
	return &m->at;
}

/* Read lines into lane l until it holds a record or it ends. */
static void
fill(struct lane *l, timemerge_next_fn next, void *arg, size_t k)
{
	struct line ln;

	if (l->head == l->n) {
		l->head = l->n = 0;
		strbuf_reset(&l->text);
	}
	while (l->n == 0 && !l->ended) {
		if (next(arg, k, &ln)) {
			l->name = ln.name;
			l->lineno = ln.lineno;
			reader_line(l->r, &ln);
		} else {
			l->ended = 1;
			reader_end(l->r);
		}
	}
}

/* Write the first record lane l holds. */
static void
pop(struct timemerge *m, struct lane *l)
{
	struct held *h = &l->q[l->head++];

	m->at.name = h->name;
	m->at.lineno = h->lineno;
	m->out.record(m->out.arg, l->text.buf + h->off, h->len);
}

void
timemerge_run(struct timemerge *m, timemerge_next_fn next, void *arg)
{
	struct lane *l, *best;
	size_t k;

	for (;;) {
		best = NULL;
		for (k = 0; k < m->nlanes; k++) {
			l = &m->lane[k];
			if (l->head == l->n)
				fill(l, next, arg, k);
			if (l->head < l->n && (best == NULL ||
			    l->q[l->head].key < best->q[best->head].key))
				best = l;
		}
		if (best == NULL)
			return;
		pop(m, best);
	}
}

void
timemerge_idle(struct timemerge *m)
{
	size_t k;

	for (k = 0; k < m->nlanes; k++)
		reader_idle(m->lane[k].r);
}

const struct reader_counts *
timemerge_counts(struct timemerge *m, const struct reader *r)
{
	const struct reader_counts *c;
	size_t k;

	if (m == NULL)
		return reader_counts(r);
	memset(&m->sum, 0, sizeof(m->sum));
	for (k = 0; k < m->nlanes; k++) {
		c = reader_counts(m->lane[k].r);
		m->sum.records += c->records;
		m->sum.untimed += c->untimed;
		m->sum.skipped += c->skipped;
		m->sum.continued += c->continued;
		m->sum.repaired += c->repaired;
		m->sum.formats |= c->formats;
	}
	return &m->sum;
}

void
timemerge_free(struct timemerge *m)
{
	size_t k;

	if (m == NULL)
		return;
	for (k = 0; k < m->nlanes; k++) {
		reader_free(m->lane[k].r);
		free(m->lane[k].q);
		strbuf_release(&m->lane[k].text);
	}
	free(m->lane);
	free(m);
}
