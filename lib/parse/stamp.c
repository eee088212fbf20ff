/* SPDX-License-Identifier: MIT */
/* stamp.c -- find a record's time field and write it as @timestamp. */
#include <string.h>
#include <strings.h>

#include "parse/stamp.h"
#include "stream/stream.h"

static const char *const candidates[STAMP_NCAND] = {
	STREAM_TIMESTAMP, "timestamp", "time", "ts", "datetime", "date"
};

int
stamp_init(struct stamp *s, const char *field, const struct time_opts *topts,
    struct sluice_err *err)
{
	struct sluice_err e;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->topts = *topts;
	if (field != NULL && strcmp(field, "none") == 0)
		s->none = 1;
	else if (field != NULL &&
	    (s->path = path_compile(field, err)) == NULL)
		return -1;
	s->journald = path_compile("__REALTIME_TIMESTAMP", &e);
	for (i = 0; i < STAMP_NCAND; i++)
		s->cand[i] = path_compile(candidates[i], &e);
	return 0;
}

/* The reason a record is rejected for its time field. */
static int
bad_time(struct sluice_err *err, const char *field, const char *val,
    size_t n)
{
	if (val == NULL)
		err_set(err, 0, "no time field '%s'", field);
	else
		err_set(err, 0, "cannot read time '%.*s' in field '%s'",
		    n > 60 ? 60 : (int)n, val, field);
	return STAMP_REJECT;
}

/*
 * record_time() of field p, with v its value: a time in the form
 * sluice writes is read by timefmt_canonical() alone, and 2 says so
 * (its text is the @timestamp to write); else 1, 0 or -1 as
 * record_time().
 */
static int
time_of(const struct stamp *s, struct record *rec, const struct path *p,
    struct jval *v, int64_t *ns, int *prec)
{
	if (!record_get(rec, p, v))
		return 0;
	if (s->topts.format == NULL && v->type == JT_STRING &&
	    !(v->flags & JV_ESCAPED) &&
	    timefmt_canonical(v->p + 1, v->n - 2, ns)) {
		*prec = 3;
		return 2;
	}
	return record_time_value(v, &s->topts, ns, prec);
}

int
stamp_record(struct stamp *s, struct record *rec, int journald,
    struct sluice_err *err)
{
	struct path *p;
	struct jval v, t;
	char tbuf[TIMEFMT_LEN + 2];
	int64_t ns;
	size_t i, n;
	int prec, r = 0;

	if (s->none || stream_ctl_of(rec) != CTL_NONE)
		return STAMP_OK;
	p = s->path;
	if (p == NULL && journald)
		p = s->journald;
	if (p != NULL)
		r = time_of(s, rec, p, &t, &ns, &prec);
	else
		for (i = 0; i < STAMP_NCAND && r == 0; i++) {
			p = s->cand[i];
			r = time_of(s, rec, p, &t, &ns, &prec);
		}
	if (r == 0 && (s->path != NULL || journald))
		return bad_time(err, p->text, NULL, 0);
	if (r == 0)
		return STAMP_NONE;
	if (r == -1) {
		record_get(rec, p, &v);
		return bad_time(err, p->text, v.p, v.n);
	}
	if (r == 2) {
		/* The text is what timefmt_format() would write. */
		memcpy(tbuf, t.p, t.n);
		n = t.n;
	} else {
		tbuf[0] = '"';
		n = timefmt_format(ns, prec, tbuf + 1) + 1;
		tbuf[n++] = '"';
	}
	/* Already normalised: leave the bytes alone. */
	if (!record_get_key(rec, SK_TIMESTAMP, &v) || v.n != n ||
	    memcmp(v.p, tbuf, n) != 0)
		record_set_raw(rec, SK_TIMESTAMP, tbuf, n);
	return STAMP_OK;
}

/* Index of the time field among the fields, or -1. */
static long
find_field(const struct stamp *s, const struct fieldlist *fl)
{
	size_t i, j;

	if (s->path != NULL)
		return fields_find(fl, s->path->text, strlen(s->path->text));
	for (j = 0; j < STAMP_NCAND; j++)
		for (i = 0; i < fl->n; i++)
			if (strcasecmp(fields_key(fl, i), candidates[j]) == 0)
				return (long)i;
	return -1;
}

int
stamp_fields(struct stamp *s, struct fieldlist *fl, struct sluice_err *err)
{
	const struct field *f;
	const char *val;
	int64_t ns;
	long i;
	int prec;

	i = fields_find(fl, SK_TIMESTAMP);
	if (s->none || (i >= 0 && fl->f[i].type == F_TIME))
		return STAMP_OK;
	if ((i = find_field(s, fl)) < 0) {
		if (s->path != NULL)
			return bad_time(err, s->path->text, NULL, 0);
		return STAMP_NONE;
	}
	f = &fl->f[i];
	val = fields_val(fl, (size_t)i);
	if (f->type == F_NULL || timefmt_parse_text(val, f->vlen, &s->topts,
	    &ns, &prec) == -1)
		return bad_time(err, fields_key(fl, (size_t)i), val, f->vlen);
	fields_add_time(fl, ns, prec);
	return STAMP_OK;
}

void
stamp_release(struct stamp *s)
{
	size_t i;

	path_free(s->path);
	path_free(s->journald);
	for (i = 0; i < STAMP_NCAND; i++)
		path_free(s->cand[i]);
	memset(s, 0, sizeof(*s));
}
