/* SPDX-License-Identifier: MIT */
/* reader.c -- the lines of ingest's files made into NDJSON records. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/bytes.h"
#include "json/jsonw.h"
#include "json/record.h"
#include "json/scan.h"
#include "parse/reader.h"
#include "regex/regex.h"
#include "stream/stream.h"
#include "time/timefmt.h"

struct reader {
	struct reader_opts	 o;
	struct reader_out	 out;
	struct reader_counts	 n;
	struct stamp		 stamp;
	enum logformat		 cur;		/* of the current file */
	struct logparse		*lp;
	const char		*file;		/* name of the current file */
	struct line		 last;		/* its last line */
	uint64_t		 pending_line;	/* a csv record's first line */
	struct strbuf		 pending_raw;	/* and its lines so far */
	struct record		 rec;
	struct fieldlist	 fl;
	struct strbuf		 sb;
	struct line		 held[DETECT_LINES]; /* -f auto, undecided */
	size_t			 held_at[DETECT_LINES]; /* in held_text */
	size_t			 nheld;
	struct strbuf		 held_text;
	int			 hinted;	/* the time hint is done */
	int			 json_hinted;	/* the not-JSON hint */
	struct strbuf		 time_key;	/* a field like a time */
	const char		*time_key_file;
	struct multiline	*ml;		/* --multiline */
	struct rx		*cont;		/* its pattern, for -f auto */
	struct yearless		 yl;		/* --time-format with no year */
};

struct reader *
reader_new(const struct reader_opts *o, const struct reader_out *out,
    struct sluice_err *err)
{
	struct reader *r;

	r = xcalloc(1, sizeof(*r));
	r->o = *o;
	r->out = *out;
	if (stamp_init(&r->stamp, o->time_field, &o->topts, err) == -1) {
		free(r);
		return NULL;
	}
	if (o->topts.format != NULL && !timefmt_has_year(o->topts.format)) {
		yearless_init(&r->yl, o->lpo.year);
		r->stamp.topts.yearless = &r->yl;
	}
	/* -f auto: per file, when its format takes it (set_format). */
	if (o->ml.pattern != NULL && (o->format == LF_AUTO ?
	    (r->cont = rx_compile(o->ml.pattern, strlen(o->ml.pattern),
	    RX_PCRE, err)) == NULL :
	    (r->ml = multiline_new(&o->ml, o->format, err)) == NULL)) {
		stamp_release(&r->stamp);
		free(r);
		return NULL;
	}
	if (o->format != LF_AUTO && o->format != LF_NDJSON &&
	    o->format != LF_JOURNALD)
		r->lp = logparse_new(o->format, &o->lpo);
	return r;
}

static void	decide(struct reader *, int);
static void	end_file(struct reader *);
static void	read_line(struct reader *, const struct line *);

static void
note(struct reader *r, enum reader_note k, const char *file,
    const char *msg)
{
	if (r->out.note != NULL)
		r->out.note(r->out.arg, k, file, msg);
}

/*
 * Once, when READER_HINT_RECORDS records are out, or at the end: if
 * none of them has a time, say which field looks like one.
 */
static void
time_hint(struct reader *r)
{
	struct strbuf msg = STRBUF_INIT;
	const char *k = r->time_key.buf, *q;

	if (r->hinted || r->n.records == 0)
		return;
	r->hinted = 1;
	if (r->n.untimed < r->n.records)
		return;
	strbuf_addf(&msg, "no record of the first %llu has a time",
	    (unsigned long long)r->n.records);
	if (r->time_key.len > 0) {
		strbuf_addf(&msg, "; field '%s' looks like one: try -t ", k);
		/* For the shell: as it is if a plain word, else in '...'. */
		if (k[strspn(k, "@_.-abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")] == '\0') {
			strbuf_addstr(&msg, k);
		} else {
			strbuf_addch(&msg, '\'');
			for (; (q = strchr(k, '\'')) != NULL; k = q + 1) {
				strbuf_add(&msg, k, (size_t)(q - k));
				strbuf_addstr(&msg, "'\\''");
			}
			strbuf_addstr(&msg, k);
			strbuf_addch(&msg, '\'');
		}
	} else {
		strbuf_addf(&msg, " and no field looks like one: -t FIELD "
		    "names it, -t none if no time is wanted");
	}
	note(r, READER_HINT, r->time_key.len > 0 ? r->time_key_file :
	    r->file, msg.buf);
	strbuf_release(&msg);
}

static void
emit(struct reader *r, const char *p, size_t n)
{
	r->n.records++;
	r->out.record(r->out.arg, p, n);
	if (r->n.records == READER_HINT_RECORDS)
		time_hint(r);
}

/* What timelike() is given as the value of a field. */
enum tl_kind {
	TL_OTHER,	/* no value worth a look (an object, an array, ...) */
	TL_NUMBER,	/* a number, or text that may be one */
	TL_TEXT		/* text: a string's bytes without the quotes */
};

/*
 * Whether a field of an untimed record looks like a time: by its name
 * (@t, eventTime, any name holding "time" or "date"), an integer of as
 * many digits as an epoch time in s, ms, us or ns of these years, or
 * text that is a whole ISO 8601 date and time (created_at).
 */
static int
timelike(const char *k, size_t kn, const char *v, size_t vn,
    enum tl_kind kind)
{
	static const char *const names[] = { "@t", "ts", "time", "date" };
	const struct tzspec utc = TZSPEC_UTC;
	int64_t ns;
	size_t i;
	int prec;

	for (i = 0; i < NELEM(names); i++)
		if (kn == strlen(names[i]) && strncasecmp(k, names[i], kn) == 0)
			return 1;
	for (i = 0; i + 4 <= kn; i++)
		if (strncasecmp(k + i, "time", 4) == 0 ||
		    strncasecmp(k + i, "date", 4) == 0)
			return 1;
	if (kind == TL_NUMBER && (vn == 10 || vn == 13 || vn == 16 ||
	    vn == 19) && bytes_digits(v, vn) && v[0] == '1')
		return 1;
	/* "YYYY-MM-DD" and an hour at least, nothing after it. */
	return kind != TL_OTHER && vn >= 13 && vn <= TIMEFMT_LEN &&
	    bytes_digits(v, 4) && v[4] == '-' &&
	    timefmt_parse_iso(v, vn, &utc, &ns, &prec) == vn;
}

/* Remember the first field that looks like a time, for time_hint(). */
static void
time_key(struct reader *r, const char *k, size_t kn)
{
	strbuf_reset(&r->time_key);
	strbuf_add(&r->time_key, k, kn);
	r->time_key_file = r->file;
}

/* Whether a key (quotes included) is a plain name, fit for "outer.key". */
static int
plain_key(const struct jval *k)
{
	size_t i;

	for (i = 1; i + 1 < k->n; i++)
		if (!bytes_alpha(k->p[i]) && !bytes_digit(k->p[i]) &&
		    strchr("_@-", k->p[i]) == NULL)
			return 0;
	return k->n > 2;
}

/*
 * The first member of object o that looks like a time, its key in *k:
 * 1, or 0.  When nested is set, only plain names are looked at: the
 * path "outer.key" would not name the others.
 */
static int
timelike_member(const struct jval *o, int nested, struct jval *k)
{
	struct jiter it;
	struct jval v;

	jiter_init(&it, o);
	while (jiter_next(&it, k, &v)) {
		if ((k->flags & JV_ESCAPED) || (nested && !plain_key(k)))
			continue;
		if (v.type == JT_STRING && !(v.flags & JV_ESCAPED) ?
		    timelike(k->p + 1, k->n - 2, v.p + 1, v.n - 2, TL_TEXT) :
		    timelike(k->p + 1, k->n - 2, v.p, v.n, v.type == JT_NUMBER ?
		    TL_NUMBER : TL_OTHER))
			return 1;
	}
	return 0;
}

/*
 * An untimed record of those the hint is about: look for a time field,
 * at the top, else one level down ("properties.time").
 */
static void
untimed_json(struct reader *r)
{
	struct jiter it;
	struct jval k, v, ik;

	r->n.untimed++;
	if (r->hinted || r->time_key.len > 0 || r->rec.root.type != JT_OBJECT)
		return;
	if (timelike_member(&r->rec.root, 0, &k)) {
		time_key(r, k.p + 1, k.n - 2);
		return;
	}
	jiter_init(&it, &r->rec.root);
	while (jiter_next(&it, &k, &v)) {
		if (v.type != JT_OBJECT || (k.flags & JV_ESCAPED) ||
		    !plain_key(&k) || !timelike_member(&v, 1, &ik))
			continue;
		time_key(r, k.p + 1, k.n - 2);
		strbuf_addch(&r->time_key, '.');
		strbuf_add(&r->time_key, ik.p + 1, ik.n - 2);
		return;
	}
}

static void
untimed_fields(struct reader *r)
{
	const struct field *f;
	size_t i;

	r->n.untimed++;
	if (r->hinted || r->time_key.len > 0)
		return;
	for (i = 0; i < r->fl.n; i++) {
		f = &r->fl.f[i];
		if (timelike(fields_key(&r->fl, i), f->klen,
		    fields_val(&r->fl, i), f->vlen, f->type == F_INFER ||
		    f->type == F_NUMBER ? TL_NUMBER : f->type == F_STRING ?
		    TL_TEXT : TL_OTHER)) {
			time_key(r, fields_key(&r->fl, i), f->klen);
			return;
		}
	}
}

/*
 * -f ndjson and line 1 of a file is not JSON: say once which format it
 * looks like.
 */
static void
json_hint(struct reader *r, const struct line *ln)
{
	struct strbuf msg = STRBUF_INIT;
	const char *const lines[1] = { ln->p };
	enum logformat f;
	size_t i;

	if (r->json_hinted || r->o.format != LF_NDJSON || ln->lineno != 1)
		return;
	i = bytes_skip_blanks(ln->p, ln->len, 0);
	if (i < ln->len && (ln->p[i] == '{' || ln->p[i] == '['))
		return;
	r->json_hinted = 1;
	f = logformat_detect(lines, &ln->len, 1, 1);
	if (f == LF_TEXT)
		strbuf_addf(&msg, "line 1 is not JSON: try -f auto or -f text");
	else
		strbuf_addf(&msg, "line 1 is not JSON; it looks like %s: "
		    "try -f %s", logformat_name(f), logformat_name(f));
	note(r, READER_HINT, ln->name, msg.buf);
	strbuf_release(&msg);
}

/* A JSON record, with its @timestamp added or normalised. */
static void
do_json(struct reader *r, const struct line *ln)
{
	struct sluice_err e;
	int s;

	if (record_parse(&r->rec, ln->p, ln->len, &e) == -1) {
		json_hint(r, ln);
		r->out.reject(r->out.arg, ln, e.col, e.msg);
		return;
	}
	s = stamp_record(&r->stamp, &r->rec, r->cur == LF_JOURNALD, &e);
	if (s == STAMP_REJECT) {
		r->out.reject(r->out.arg, ln, 0, e.msg);
		return;
	}
	if (s == STAMP_NONE)
		untimed_json(r);
	emit(r, r->rec.text, r->rec.len);
}

/*
 * The record in r->fl, with its time.  Text that is not UTF-8 was
 * written as U+FFFD (fields_to_json): say so on the record.
 */
static void
do_fields(struct reader *r, const struct line *ln)
{
	struct sluice_err e;
	size_t bad;
	int s;

	if ((s = stamp_fields(&r->stamp, &r->fl, &e)) == STAMP_REJECT) {
		r->out.reject(r->out.arg, ln, 0, e.msg);
		return;
	}
	if (s == STAMP_NONE)
		untimed_fields(r);
	strbuf_reset(&r->sb);
	if ((bad = fields_to_json(&r->fl, r->o.infer, &r->sb)) > 0) {
		r->n.repaired++;
		strbuf_truncate(&r->sb, r->sb.len - 1);	/* the '}' */
		if (r->fl.n > 0)
			strbuf_addch(&r->sb, ',');
		stream_add_key(&r->sb, SK_UTF8_REPAIRED);
		jsonw_int(&r->sb, (int64_t)bad);
		strbuf_addch(&r->sb, '}');
	}
	emit(r, r->sb.buf, r->sb.len);
}

/*
 * Act on a parser's verdict v on line ln (ln->p == NULL: the file
 * ended).  A record that spans lines is reported at its first line.
 */
static void
parsed(struct reader *r, const struct line *ln, int v,
    const struct sluice_err *e)
{
	struct line at = *ln;

	if (v == PARSE_MORE) {
		if (r->pending_line == 0) {
			r->pending_line = ln->lineno;
			strbuf_reset(&r->pending_raw);
		} else
			strbuf_addch(&r->pending_raw, '\n');
		strbuf_add(&r->pending_raw, ln->p, ln->len);
		return;
	}
	if (r->pending_line) {
		if (ln->p != NULL) {
			strbuf_addch(&r->pending_raw, '\n');
			strbuf_add(&r->pending_raw, ln->p, ln->len);
		}
		r->n.continued += ln->lineno - r->pending_line;
		at.lineno = r->pending_line;
		at.p = r->pending_raw.buf;
		at.len = r->pending_raw.len;
		r->pending_line = 0;
	}
	switch (v) {
	case PARSE_RECORD:
		do_fields(r, &at);
		break;
	case PARSE_SKIP:
		r->n.skipped++;
		break;
	default:
		r->out.reject(r->out.arg, &at, e->col, e->msg);
		break;
	}
}

/*
 * Resuming a file mid-way (--state) at line lineno: the parser needs
 * its header (csv), or every directive before that line (w3c).
 */
static void
feed_header(struct reader *r, const char *name, uint64_t lineno)
{
	struct sluice_err e;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	uint64_t k = 1;
	int v = PARSE_MORE, w3c = r->o.format == LF_W3C;

	if ((fp = fopen(name, "r")) == NULL)
		return;
	while ((w3c ? k++ < lineno : v == PARSE_MORE) &&
	    (n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (!w3c || (n > 0 && line[0] == '#'))
			v = logparse_line(r->lp, line, (size_t)n, &r->fl, &e);
	}
	free(line);
	fclose(fp);
}

/* The time syslog years are inferred from: the file's, else now. */
static int64_t
file_time(const char *name)
{
	struct stat st;

	if (strcmp(name, "stdin") != 0 && stat(name, &st) == 0) {
		/* A time past either end of the range is that end. */
		if (st.st_mtime >= INT64_MAX / NS_PER_SEC)
			return INT64_MAX;
		if (st.st_mtime <= INT64_MIN / NS_PER_SEC)
			return INT64_MIN;
		return (int64_t)st.st_mtime * NS_PER_SEC;
	}
	return (int64_t)time(NULL) * NS_PER_SEC;
}

/* A new file, or the same name after rotation. */
static void
new_file(struct reader *r, const struct line *ln)
{
	end_file(r);
	r->file = ln->name;
	r->cur = r->o.format;
	if (r->stamp.topts.yearless != NULL)
		yearless_reset(&r->yl, file_time(ln->name));
	if (r->lp != NULL && r->o.format != LF_AUTO) {
		logparse_reset(r->lp, file_time(ln->name));
		if (ln->lineno > 1 && (r->o.format == LF_CSV ||
		    r->o.format == LF_TSV || r->o.format == LF_W3C))
			feed_header(r, ln->name, ln->lineno);
	}
}

/* How -f auto names what it chose, as "syslog (RFC 3164)". */
static void
say_format(struct reader *r, enum logformat f, const struct line *first)
{
	struct strbuf msg = STRBUF_INIT;
	size_t i = 0;

	strbuf_addf(&msg, "reading as %s", logformat_name(f));
	if (f == LF_SYSLOG) {
		if (first->len > 0 && first->p[0] == '<')
			for (i = 1; i < first->len &&
			    bytes_digit(first->p[i]); i++)
				;
		/* "<PRI>1 " is RFC 5424's version field. */
		strbuf_addf(&msg, " (RFC %s)", i > 1 && i + 2 < first->len &&
		    first->p[i] == '>' && first->p[i + 1] == '1' &&
		    first->p[i + 2] == ' ' ? "5424" : "3164");
	}
	if (r->o.ml.pattern != NULL && r->ml == NULL)
		strbuf_addf(&msg, "; --multiline does not apply to it");
	note(r, READER_FORMAT, first->name, msg.buf);
	strbuf_release(&msg);
}

/* Use format f for the current file (-f auto). */
static void
set_format(struct reader *r, enum logformat f, const struct line *first)
{
	struct sluice_err e;

	r->cur = f;
	r->n.formats |= UINT32_C(1) << f;
	logparse_free(r->lp);
	r->lp = NULL;
	if (f != LF_NDJSON && f != LF_JOURNALD) {
		r->lp = logparse_new(f, &r->o.lpo);
		logparse_reset(r->lp, file_time(first->name));
	}
	/* The record held of the file before is out (end_file). */
	multiline_free(r->ml);
	r->ml = NULL;
	if (r->o.ml.pattern != NULL && multiline_takes(f, &e))
		r->ml = multiline_new(&r->o.ml, f, &e);
	say_format(r, f, first);
}

/*
 * -f auto: tell the format from the lines held, if they are enough or
 * final says no more will come; then read them.
 */
static void
decide(struct reader *r, int final)
{
	const char *lines[DETECT_LINES];
	size_t lens[DETECT_LINES], i, n = 0;
	enum logformat f;

	if (r->nheld == 0)
		return;
	/* The first lines of records only, as --multiline will tell them. */
	for (i = 0; i < r->nheld; i++) {
		r->held[i].p = r->held_text.buf + r->held_at[i];
		if (bytes_blank_line(r->held[i].p, r->held[i].len) ||
		    (n > 0 && r->cont != NULL && rx_match(r->cont,
		    r->held[i].p, r->held[i].len) == 1))
			continue;
		lines[n] = r->held[i].p;
		lens[n++] = r->held[i].len;
	}
	if ((f = logformat_detect(lines, lens, n, final ||
	    r->nheld == DETECT_LINES)) == LF_AUTO)
		return;
	set_format(r, f, &r->held[0]);
	n = r->nheld;
	r->nheld = 0;
	for (i = 0; i < n; i++)
		read_line(r, &r->held[i]);
	strbuf_reset(&r->held_text);
}

/* -f auto: keep a line of a file whose format is not yet known. */
static void
hold(struct reader *r, const struct line *ln)
{
	r->held_at[r->nheld] = r->held_text.len;
	strbuf_add(&r->held_text, ln->p, ln->len);
	r->held[r->nheld++] = *ln;
	decide(r, 0);
}

/* --multiline: parse the record held, its lines joined. */
static void
flush_held(struct reader *r)
{
	struct multiline_rec m;
	struct sluice_err e;
	int v;

	if (r->ml == NULL || !multiline_take(r->ml, &m))
		return;
	r->n.continued += m.ncont;
	v = logparse_line(r->lp, m.whole.p, m.first_len, &r->fl, &e);
	if (v == PARSE_RECORD)
		multiline_join(r->ml, &m, &r->fl);
	parsed(r, &m.whole, v, &e);
}

/* A line of a file whose format is known. */
static void
read_line(struct reader *r, const struct line *ln)
{
	struct sluice_err e;
	int v;

	if (r->ml != NULL) {
		if (multiline_continues(r->ml, ln))
			return;
		flush_held(r);
		if (!bytes_blank_line(ln->p, ln->len)) {
			multiline_hold(r->ml, ln);
			return;
		}
	}
	if (r->pending_line == 0 && bytes_blank_line(ln->p, ln->len)) {
		r->n.skipped++;
		return;
	}
	if (r->cur == LF_NDJSON || r->cur == LF_JOURNALD) {
		do_json(r, ln);
		return;
	}
	v = logparse_line(r->lp, ln->p, ln->len, &r->fl, &e);
	parsed(r, ln, v, &e);
}

void
reader_line(struct reader *r, const struct line *ln)
{
	if (ln->name != r->file || ln->lineno == 1)
		new_file(r, ln);
	r->last = *ln;
	if (r->cur != LF_AUTO)
		read_line(r, ln);
	else if (r->nheld == 0 && bytes_blank_line(ln->p, ln->len))
		r->n.skipped++;
	else
		hold(r, ln);
}

/* The file ended: complete or reject a record still pending. */
static void
end_file(struct reader *r)
{
	struct sluice_err e;
	struct line end = r->last;
	int v;

	decide(r, 1);
	flush_held(r);
	if (r->lp == NULL || r->file == NULL)
		return;
	end.p = NULL;
	v = logparse_end(r->lp, &r->fl, &e);
	if (v != PARSE_SKIP || r->pending_line)
		parsed(r, &end, v, &e);
}

void
reader_end(struct reader *r)
{
	end_file(r);
	time_hint(r);
}

void
reader_idle(struct reader *r)
{
	decide(r, 1);
	flush_held(r);
}

int
reader_pending(const struct reader *r)
{
	return r->pending_line != 0 || r->nheld > 0 ||
	    (r->ml != NULL && multiline_held(r->ml));
}

const struct reader_counts *
reader_counts(const struct reader *r)
{
	return &r->n;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	logparse_free(r->lp);
	multiline_free(r->ml);
	rx_free(r->cont);
	stamp_release(&r->stamp);
	record_release(&r->rec);
	fields_release(&r->fl);
	strbuf_release(&r->sb);
	strbuf_release(&r->pending_raw);
	strbuf_release(&r->held_text);
	strbuf_release(&r->time_key);
	free(r);
}
