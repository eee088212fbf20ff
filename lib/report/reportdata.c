/* SPDX-License-Identifier: MIT */
/* reportdata.c -- the report's model and its renderings. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "time/duration.h"
#include "agg/group.h"
#include "report/html.h"
#include "json/jsonw.h"
#include "report/reportdata.h"
#include "report/table.h"
#include "time/timefmt.h"

#define DEFAULT_TITLE	"sluice report"
#define REJECT_SHOW	300	/* bytes of a rejected record shown */
#define NONE		((size_t)-1)
#define SPARK_METRICS	8	/* sparklines on the live screen */
#define LIVE_ALERTS	5	/* firing alerts on the live screen */
#define TIMELINE_MAX	60	/* bars in the HTML alert timeline */

enum merge { M_SUM, M_MIN, M_MAX, M_MEAN };
enum kind { K_KEY, K_METRIC, K_OTHER };

/* Types seen in a column. */
#define T_NUM	0x1
#define T_STR	0x2	/* strings and booleans */
#define T_NULL	0x4
#define T_OTHER	0x8	/* objects and arrays */

/* A merged value: a sum (M_SUM, M_MEAN), minimum or maximum of n. */
struct acc {
	double		 v;
	uint64_t	 n;
};

/* Per distinct value of a key column: rows and merged metrics. */
struct top {
	uint64_t	 rows;
	struct acc	*acc;		/* per column */
	size_t		 nacc;
};

struct col {
	char		*name;
	size_t		 nlen;
	struct path	*path;		/* --columns, borrowed */
	unsigned	 types[2];	/* T_*, in plain [0], windowed [1] */
	uint64_t	 rows[2];	/* rows that have it, same */
	enum merge	 merge;
	int		 at;		/* the name starts with '@' */
	int		 key;		/* named by --by: a key, whatever it holds */
	struct map values;	/* key values -> struct top */
};

struct grp {
	char		*label;
	size_t		 lablen;
	struct acc	*tot;		/* per column: plain sums */
	size_t		 ntot;
};

struct win {
	const char	*start;		/* in the window map's key */
	const char	*end;
	size_t		 slen;
	size_t		 elen;
	int64_t		 s_ns;
	int64_t		 e_ns;
	uint64_t	 rows;
	size_t		 bucket;
	struct acc	*acc;		/* per column, merged */
	size_t		 nacc;
};

/* A chart point of one group and column. */
struct cell {
	uint32_t	 g;
	uint32_t	 c;
	struct acc	 a;
};

/* A chart point: one window, or several neighbours merged. */
struct bucket {
	int64_t		 x;		/* start of its first window */
	uint64_t	 nwin;
	struct cell	*cell;
	size_t		 n;
	size_t		 cap;
	uint32_t	*slot;		/* hash of (g, c): cell index + 1 */
	size_t		 mask;
};

/* Row texts, each with its window (NONE for plain rows). */
struct rows {
	struct strbuf	 text;
	size_t		*off;
	size_t		*len;
	size_t		*win;
	size_t		 n;
	size_t		 cap;
};

struct alert {
	char		*raw;
	size_t		 rawlen;
	char		*rule;
	char		*state;
	char		*severity;
	char		*since;
	char		*at;
	char		*message;
	char		*value;
	char		*labels;
	int64_t		 t;		/* at, else since; INT64_MIN */
};

struct reject {
	char		*where;
	char		*reason;
	char		*text;
};

struct reportdata {
	struct reportdata_opts	 o;
	struct col		*col;
	size_t			 ncol;
	size_t			 acol;
	struct map	 colmap;
	struct grp		*grp;
	size_t			 agrp;
	struct map	 gmap;
	struct win		*win;
	size_t			 nwin;
	size_t			 awin;
	struct map	 wmap;
	struct bucket		*bk;
	size_t			 nbk;
	uint64_t		 span;		/* windows per bucket */
	int64_t			 last_x;
	size_t			 latest;	/* the newest window */
	struct rows		 latest_rows;
	size_t			 closed;	/* the newest closed one */
	struct rows		 closed_rows;
	struct rows		 all;		/* keep_all */
	struct rows		 plain;
	size_t			 plain_frame;	/* [0, frame): last snapshot */
	int			 windowed;
	uint64_t		 nplain;
	uint64_t		 nwrows;
	uint64_t		 nrejects;
	uint64_t		 nctl;
	uint64_t		 nsnap;
	struct alert		*al;
	size_t			 nal;
	size_t			 aal;
	struct reject		 rej[REPORTDATA_MAX_REJECTS];
	size_t			 nrej;
	int64_t			 tmin;		/* plain rows' @timestamp */
	int64_t			 tmax;
	/* Scratch for one row. */
	struct record		 rec;
	struct strbuf		 sb;
	struct strbuf		 key;
	struct strbuf		 label;
	struct jval		*rowv;
	unsigned char		*rowhas;
	size_t			 arow;
	/* What reportdata_update() has shown. */
	size_t			 up_alerts;
	size_t			 up_latest;
	size_t			 up_latest_rows;
	uint64_t		 up_plain;
	uint64_t		 up_snap;
};

static const struct tzspec utc = TZSPEC_UTC;

/* --- merged values ------------------------------------------------------- */

static int
prefix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && strncasecmp(s, p, k) == 0;
}

/* How values of a metric combine, from its name (reportdata.h). */
static enum merge
merge_of(const char *s, size_t n)
{
	static const char *const mean[] = {
		"mean", "avg", "median", "std", "var", "rate", "distinct",
		"first", "last"
	};
	size_t i;

	if (prefix(s, n, "min"))
		return M_MIN;
	if (prefix(s, n, "max"))
		return M_MAX;
	if (n > 1 && (s[0] == 'p' || s[0] == 'P') &&
	    isdigit((unsigned char)s[1]))
		return M_MEAN;
	for (i = 0; i < NELEM(mean); i++)
		if (prefix(s, n, mean[i]))
			return M_MEAN;
	return M_SUM;
}

static void
acc_add(struct acc *a, double v, enum merge m)
{
	if (a->n == 0)
		a->v = v;
	else if (m == M_MIN)
		a->v = v < a->v ? v : a->v;
	else if (m == M_MAX)
		a->v = v > a->v ? v : a->v;
	else
		a->v += v;
	a->n++;
}

static void
acc_merge(struct acc *a, const struct acc *b, enum merge m)
{
	if (b->n == 0)
		return;
	if (a->n == 0)
		*a = *b;
	else {
		if (m == M_MIN)
			a->v = b->v < a->v ? b->v : a->v;
		else if (m == M_MAX)
			a->v = b->v > a->v ? b->v : a->v;
		else
			a->v += b->v;
		a->n += b->n;
	}
}

static double
acc_value(const struct acc *a, enum merge m)
{
	if (a == NULL || a->n == 0)
		return NAN;
	return m == M_MEAN ? a->v / (double)a->n : a->v;
}

/* Element i of a growable array of accs, zero-filled as it grows. */
static struct acc *
acc_at(struct acc **arr, size_t *n, size_t i)
{
	size_t k;

	if (i >= *n) {
		k = *n;
		*n = (i + 4) & ~(size_t)3;
		*arr = xreallocarray(*arr, *n, sizeof(**arr));
		memset(*arr + k, 0, (*n - k) * sizeof(**arr));
	}
	return &(*arr)[i];
}

static const struct acc *
acc_get(const struct acc *arr, size_t n, size_t i)
{
	return i < n ? &arr[i] : NULL;
}

/* --- row storage --------------------------------------------------------- */

static void
rows_add(struct rows *r, const char *p, size_t n, size_t win)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->off = xreallocarray(r->off, r->cap, sizeof(*r->off));
		r->len = xreallocarray(r->len, r->cap, sizeof(*r->len));
		r->win = xreallocarray(r->win, r->cap, sizeof(*r->win));
	}
	r->off[r->n] = r->text.len;
	r->len[r->n] = n;
	r->win[r->n] = win;
	r->n++;
	strbuf_add(&r->text, p, n);
}

static void
rows_clear(struct rows *r)
{
	strbuf_reset(&r->text);
	r->n = 0;
}

/* Forget the first k rows. */
static void
rows_drop_front(struct rows *r, size_t k)
{
	size_t i, base;

	if (k == 0)
		return;
	if (k >= r->n) {
		rows_clear(r);
		return;
	}
	base = r->off[k];
	memmove(r->text.buf, r->text.buf + base, r->text.len - base);
	strbuf_truncate(&r->text, r->text.len - base);
	for (i = k; i < r->n; i++) {
		r->off[i - k] = r->off[i] - base;
		r->len[i - k] = r->len[i];
		r->win[i - k] = r->win[i];
	}
	r->n -= k;
}

static void
rows_release(struct rows *r)
{
	strbuf_release(&r->text);
	free(r->off);
	free(r->len);
	free(r->win);
	memset(r, 0, sizeof(*r));
}

/* --- chart points -------------------------------------------------------- */

static size_t
cell_hash(uint32_t g, uint32_t c)
{
	uint64_t h = ((uint64_t)g << 32 | c) * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h >> 17);
}

static void
bucket_rehash(struct bucket *b)
{
	size_t i, j, size = b->mask ? (b->mask + 1) * 2 : 16;

	free(b->slot);
	b->slot = xcalloc(size, sizeof(*b->slot));
	b->mask = size - 1;
	for (i = 0; i < b->n; i++) {
		j = cell_hash(b->cell[i].g, b->cell[i].c) & b->mask;
		while (b->slot[j] != 0)
			j = (j + 1) & b->mask;
		b->slot[j] = (uint32_t)i + 1;
	}
}

/* The point of group g, column c in bucket b (added if new). */
static struct acc *
bucket_acc(struct bucket *b, uint32_t g, uint32_t c)
{
	struct cell *e;
	size_t j;

	if (b->mask == 0 || (b->n + 1) * 2 > b->mask + 1)
		bucket_rehash(b);
	for (j = cell_hash(g, c) & b->mask; b->slot[j] != 0;
	    j = (j + 1) & b->mask) {
		e = &b->cell[b->slot[j] - 1];
		if (e->g == g && e->c == c)
			return &e->a;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->cell = xreallocarray(b->cell, b->cap, sizeof(*b->cell));
	}
	e = &b->cell[b->n];
	e->g = g;
	e->c = c;
	e->a.v = 0;
	e->a.n = 0;
	b->slot[j] = (uint32_t)++b->n;
	return &e->a;
}

static const struct acc *
bucket_find(const struct bucket *b, uint32_t g, uint32_t c)
{
	const struct cell *e;
	size_t j;

	if (b->mask == 0)
		return NULL;
	for (j = cell_hash(g, c) & b->mask; b->slot[j] != 0;
	    j = (j + 1) & b->mask) {
		e = &b->cell[b->slot[j] - 1];
		if (e->g == g && e->c == c)
			return &e->a;
	}
	return NULL;
}

static void
bucket_release(struct bucket *b)
{
	free(b->cell);
	free(b->slot);
	memset(b, 0, sizeof(*b));
}

/* Merge the buckets two by two: twice as many windows per point. */
static void
halve(struct reportdata *rd)
{
	struct bucket *a, *b;
	size_t i, k;

	for (i = 0; i < rd->nbk; i += 2) {
		a = &rd->bk[i];
		if (i + 1 < rd->nbk) {
			b = &rd->bk[i + 1];
			for (k = 0; k < b->n; k++)
				acc_merge(bucket_acc(a, b->cell[k].g,
				    b->cell[k].c), &b->cell[k].a,
				    rd->col[b->cell[k].c].merge);
			a->nwin += b->nwin;
			bucket_release(b);
		}
		rd->bk[i / 2] = *a;
		if (i / 2 != i)
			memset(a, 0, sizeof(*a));
	}
	rd->nbk = (rd->nbk + 1) / 2;
	rd->span *= 2;
	for (i = 0; i < rd->nwin; i++)
		rd->win[i].bucket /= 2;
}

/* Put a new window in a bucket. */
static void
bucket_assign(struct reportdata *rd, struct win *w)
{
	size_t lo, hi, mid;

	if (rd->nbk == 0 || w->s_ns > rd->last_x) {
		if (rd->nbk == REPORTDATA_MAX_POINTS &&
		    rd->bk[rd->nbk - 1].nwin >= rd->span)
			halve(rd);
		if (rd->nbk == 0 || rd->bk[rd->nbk - 1].nwin >= rd->span) {
			memset(&rd->bk[rd->nbk], 0, sizeof(rd->bk[0]));
			rd->bk[rd->nbk++].x = w->s_ns;
		}
		rd->last_x = w->s_ns;
		w->bucket = rd->nbk - 1;
	} else {
		/* An older window: the last bucket starting at or before. */
		lo = 0;
		hi = rd->nbk;
		while (hi - lo > 1) {
			mid = (lo + hi) / 2;
			if (rd->bk[mid].x <= w->s_ns)
				lo = mid;
			else
				hi = mid;
		}
		w->bucket = lo;
	}
	rd->bk[w->bucket].nwin++;
}

/* --- the model ----------------------------------------------------------- */

struct reportdata *
reportdata_new(const struct reportdata_opts *o)
{
	struct reportdata *rd;
	struct col *c;
	int i;

	rd = xcalloc(1, sizeof(*rd));
	rd->o = *o;
	if (rd->o.top <= 0)
		rd->o.top = REPORTDATA_TOP;
	rd->latest = NONE;
	rd->closed = NONE;
	rd->up_latest = NONE;
	rd->span = 1;
	rd->tmin = INT64_MAX;
	rd->tmax = INT64_MIN;
	rd->bk = xcalloc(REPORTDATA_MAX_POINTS, sizeof(*rd->bk));
	if (o->cols != NULL) {
		rd->acol = rd->ncol = (size_t)o->ncols;
		rd->col = xcalloc(rd->acol, sizeof(*rd->col));
		for (i = 0; i < o->ncols; i++) {
			c = &rd->col[i];
			c->path = o->cols[i];
			c->name = xstrdup(c->path->text);
			c->nlen = strlen(c->name);
			c->at = c->name[0] == '@' || (c->name[0] == '.' &&
			    c->name[1] == '@');
			c->merge = merge_of(c->name, c->nlen);
		}
	}
	return rd;
}

/* The column named name[0..n), added if new (without --columns). */
static size_t
col_find(struct reportdata *rd, const char *name, size_t n)
{
	struct map_entry *g;
	struct col *c;
	int created, k;

	g = map_insert(&rd->colmap, name, n, hash_bytes(name, n),
	    &created);
	if (!created)
		return (size_t)(g - rd->colmap.g);
	if (rd->ncol == rd->acol) {
		rd->acol = rd->acol ? rd->acol * 2 : 16;
		rd->col = xreallocarray(rd->col, rd->acol, sizeof(*rd->col));
	}
	c = &rd->col[rd->ncol];
	memset(c, 0, sizeof(*c));
	c->name = xstrndup(name, n);
	c->nlen = n;
	c->at = n > 0 && name[0] == '@';
	c->merge = merge_of(name, n);
	for (k = 0; k < rd->o.nkeys; k++)
		if (strlen(rd->o.keys[k]->text) == n &&
		    memcmp(rd->o.keys[k]->text, name, n) == 0)
			c->key = 1;
	return rd->ncol++;
}

static unsigned
type_bit(const struct jval *v)
{
	switch (v->type) {
	case JT_NUMBER:
		return T_NUM;
	case JT_STRING:
	case JT_TRUE:
	case JT_FALSE:
		return T_STR;
	case JT_NULL:
		return T_NULL;
	default:
		return T_OTHER;
	}
}

/* Find the row's values: rd->rowv[c] where rd->rowhas[c]. */
static void
row_scan(struct reportdata *rd, struct record *r, int windowed)
{
	struct jiter it;
	struct jval k, v;
	const char *name;
	size_t c, n;
	int i;

	if (rd->o.cols != NULL) {
		if (rd->arow < rd->ncol) {
			rd->arow = rd->ncol;
			rd->rowv = xreallocarray(rd->rowv, rd->arow,
			    sizeof(*rd->rowv));
			rd->rowhas = xrealloc(rd->rowhas, rd->arow);
		}
		for (i = 0; i < rd->o.ncols; i++)
			rd->rowhas[i] = record_get(r, rd->col[i].path,
			    &rd->rowv[i]);
	} else {
		if (rd->arow > 0)
			memset(rd->rowhas, 0, rd->arow);
		jiter_init(&it, &r->root);
		while (jiter_next(&it, &k, &v)) {
			name = jval_str(&k, &rd->sb, &n);
			if (windowed && n == 7 && memcmp(name, "@window", 7)
			    == 0)
				continue;
			c = col_find(rd, name, n);
			if (c >= rd->arow) {
				n = rd->arow;
				rd->arow = rd->acol;
				rd->rowv = xreallocarray(rd->rowv, rd->arow,
				    sizeof(*rd->rowv));
				rd->rowhas = xrealloc(rd->rowhas, rd->arow);
				memset(rd->rowhas + n, 0, rd->arow - n);
			}
			rd->rowv[c] = v;
			rd->rowhas[c] = 1;
		}
	}
	for (c = 0; c < rd->ncol; c++)
		if (rd->rowhas[c]) {
			rd->col[c].types[windowed] |= type_bit(&rd->rowv[c]);
			rd->col[c].rows[windowed]++;
		}
}

/* The string at key in object o, decoded into a new string, or NULL. */
static char *
obj_str(const struct jval *o, const char *key, struct strbuf *sb)
{
	struct jval v;

	if (o->type != JT_OBJECT || !jval_find(o, key, strlen(key), &v))
		return NULL;
	strbuf_reset(sb);
	if (v.type == JT_STRING)
		jval_str_append(&v, sb);
	else if (v.type == JT_NULL)
		return NULL;
	else
		strbuf_add(sb, v.p, v.n);
	return xstrndup(sb->buf != NULL ? sb->buf : "", sb->len);
}

static int
parse_time(const char *s, size_t n, int64_t *ns)
{
	int prec;

	return n > 0 && timefmt_parse_iso(s, n, &utc, ns, &prec) == n;
}

/* The window named by an @window value; NONE if it has no bounds. */
static size_t
window_of(struct reportdata *rd, const struct jval *wv)
{
	struct map_entry *g;
	struct win *w;
	char *s, *e;
	int64_t sn, en;
	int created;

	if ((s = obj_str(wv, "start", &rd->sb)) == NULL)
		return NONE;
	if ((e = obj_str(wv, "end", &rd->sb)) == NULL ||
	    !parse_time(s, strlen(s), &sn) || !parse_time(e, strlen(e), &en)) {
		free(s);
		free(e);
		return NONE;
	}
	strbuf_reset(&rd->key);
	strbuf_add(&rd->key, s, strlen(s) + 1);
	strbuf_addstr(&rd->key, e);
	g = map_insert(&rd->wmap, rd->key.buf, rd->key.len,
	    hash_bytes(rd->key.buf, rd->key.len), &created);
	free(s);
	free(e);
	if (!created)
		return (size_t)(g - rd->wmap.g);
	if (rd->nwin == rd->awin) {
		rd->awin = rd->awin ? rd->awin * 2 : 64;
		rd->win = xreallocarray(rd->win, rd->awin, sizeof(*rd->win));
	}
	w = &rd->win[rd->nwin];
	memset(w, 0, sizeof(*w));
	/* The bounds live in the map's copy of the key: "start\0end". */
	w->start = g->key;
	w->slen = strlen(g->key);
	w->end = g->key + w->slen + 1;
	w->elen = g->klen - w->slen - 1;
	w->s_ns = sn;
	w->e_ns = en;
	bucket_assign(rd, w);
	if (rd->latest == NONE || sn > rd->win[rd->latest].s_ns ||
	    (sn == rd->win[rd->latest].s_ns &&
	    en > rd->win[rd->latest].e_ns)) {
		rd->latest = rd->nwin;
		rows_clear(&rd->latest_rows);
	}
	return rd->nwin++;
}

/* The group of the row in rd->rowv (its key values), added if new. */
static uint32_t
group_of(struct reportdata *rd)
{
	struct map_entry *g;
	struct grp *gr;
	const char *s;
	size_t c, n, idx;
	int created, nkeys = 0;

	strbuf_reset(&rd->key);
	strbuf_reset(&rd->label);
	for (c = 0; c < rd->ncol; c++) {
		if (!rd->rowhas[c] || rd->col[c].at ||
		    type_bit(&rd->rowv[c]) != T_STR)
			continue;
		if (rd->rowv[c].type == JT_STRING)
			s = jval_str(&rd->rowv[c], &rd->sb, &n);
		else {
			s = rd->rowv[c].p;
			n = rd->rowv[c].n;
		}
		strbuf_addf(&rd->key, "%zu:%c%zu:", c,
		    rd->rowv[c].type == JT_STRING ? 's' : 'b', n);
		strbuf_add(&rd->key, s, n);
		if (nkeys++ > 0)
			strbuf_addstr(&rd->label, " / ");
		strbuf_add(&rd->label, s, n);
	}
	if (nkeys == 0)
		strbuf_addstr(&rd->label, "all");
	if (rd->key.buf == NULL)
		strbuf_addstr(&rd->key, "");
	g = map_insert(&rd->gmap, rd->key.buf, rd->key.len,
	    hash_bytes(rd->key.buf, rd->key.len), &created);
	idx = (size_t)(g - rd->gmap.g);
	if (created) {
		if (idx >= rd->agrp) {
			rd->agrp = rd->agrp ? rd->agrp * 2 : 16;
			rd->grp = xreallocarray(rd->grp, rd->agrp,
			    sizeof(*rd->grp));
		}
		gr = &rd->grp[idx];
		memset(gr, 0, sizeof(*gr));
		gr->label = xstrndup(rd->label.buf, rd->label.len);
		gr->lablen = rd->label.len;
	}
	return (uint32_t)idx;
}

/* The key-value statistics of value v of key column c. */
static struct top *
top_of(struct reportdata *rd, size_t c, const struct jval *v)
{
	struct map_entry *g;
	const char *s;
	size_t n;

	if (v->type == JT_STRING)
		s = jval_str(v, &rd->sb, &n);
	else {
		s = v->p;
		n = v->n;
	}
	g = map_insert(&rd->col[c].values, s, n, hash_bytes(s, n), NULL);
	if (g->val == NULL)
		g->val = xcalloc(1, sizeof(struct top));
	return g->val;
}

static void
add_row(struct reportdata *rd, struct record *r, size_t wi)
{
	struct win *w;
	struct top *tp;
	uint32_t g;
	size_t c, k;
	double d;

	rd->nwrows++;
	if (!rd->windowed) {
		/* The plain rows so far were late rows after all. */
		rd->windowed = 1;
		rows_release(&rd->plain);
		rd->plain_frame = 0;
	}
	row_scan(rd, r, 1);
	g = group_of(rd);
	w = &rd->win[wi];
	w->rows++;
	for (c = 0; c < rd->ncol; c++) {
		if (!rd->rowhas[c] || rd->col[c].at ||
		    rd->rowv[c].type != JT_NUMBER ||
		    jval_double(&rd->rowv[c], &d) == -1 || !isfinite(d))
			continue;
		acc_add(acc_at(&w->acc, &w->nacc, c), d, rd->col[c].merge);
		acc_add(acc_at(&rd->grp[g].tot, &rd->grp[g].ntot, c), d,
		    M_SUM);
		acc_add(bucket_acc(&rd->bk[w->bucket], g, (uint32_t)c), d,
		    rd->col[c].merge);
	}
	for (k = 0; k < rd->ncol; k++) {
		if (!rd->rowhas[k] || rd->col[k].at ||
		    type_bit(&rd->rowv[k]) != T_STR)
			continue;
		tp = top_of(rd, k, &rd->rowv[k]);
		tp->rows++;
		for (c = 0; c < rd->ncol; c++)
			if (rd->rowhas[c] && !rd->col[c].at &&
			    rd->rowv[c].type == JT_NUMBER &&
			    jval_double(&rd->rowv[c], &d) == 0 &&
			    isfinite(d))
				acc_add(acc_at(&tp->acc, &tp->nacc, c), d,
				    rd->col[c].merge);
	}
	if (wi == rd->latest)
		rows_add(&rd->latest_rows, r->text, r->len, wi);
	else if (wi == rd->closed)
		rows_add(&rd->closed_rows, r->text, r->len, wi);
	if (rd->o.keep_all)
		rows_add(&rd->all, r->text, r->len, wi);
}

static void
add_plain(struct reportdata *rd, struct record *r)
{
	struct jval v;
	const char *s;
	int64_t ns;
	size_t n;

	rd->nplain++;
	if (rd->windowed)
		return;
	row_scan(rd, r, 0);
	if (record_get_key(r, "@timestamp", 10, &v) && v.type == JT_STRING) {
		s = jval_str(&v, &rd->sb, &n);
		if (parse_time(s, n, &ns)) {
			if (ns < rd->tmin)
				rd->tmin = ns;
			if (ns > rd->tmax)
				rd->tmax = ns;
		}
	}
	rows_add(&rd->plain, r->text, r->len, NONE);
}

static void
snapshot(struct reportdata *rd)
{
	rd->nsnap++;
	if (rd->windowed || rd->plain.n == rd->plain_frame)
		return;
	rows_drop_front(&rd->plain, rd->plain_frame);
	rd->plain_frame = rd->plain.n;
}

/* "k=v, k=v" of the fields of an alert record that are not '@' ones. */
static char *
alert_labels(struct reportdata *rd, struct record *r)
{
	struct strbuf out = STRBUF_INIT;
	struct jiter it;
	struct jval k, v;
	const char *name;
	size_t n;

	jiter_init(&it, &r->root);
	while (jiter_next(&it, &k, &v)) {
		name = jval_str(&k, &rd->sb, &n);
		if (n > 0 && name[0] == '@')
			continue;
		if (out.len > 0)
			strbuf_addstr(&out, ", ");
		strbuf_add(&out, name, n);
		strbuf_addch(&out, '=');
		if (v.type == JT_STRING)
			jval_str_append(&v, &out);
		else
			strbuf_add(&out, v.p, v.n);
	}
	if (out.len == 0)
		return xstrdup("");
	return strbuf_detach(&out, NULL);
}

static char *
or_empty(char *s)
{
	return s != NULL ? s : xstrdup("");
}

static void
add_alert(struct reportdata *rd, struct record *r, const struct jval *a)
{
	struct alert *al;
	int64_t ns;

	if (rd->nal == rd->aal) {
		rd->aal = rd->aal ? rd->aal * 2 : 16;
		rd->al = xreallocarray(rd->al, rd->aal, sizeof(*rd->al));
	}
	al = &rd->al[rd->nal++];
	memset(al, 0, sizeof(*al));
	al->raw = xstrndup(r->text, r->len);
	al->rawlen = r->len;
	al->rule = or_empty(obj_str(a, "rule", &rd->sb));
	al->state = or_empty(obj_str(a, "state", &rd->sb));
	al->severity = or_empty(obj_str(a, "severity", &rd->sb));
	al->since = or_empty(obj_str(a, "since", &rd->sb));
	al->at = or_empty(obj_str(a, "at", &rd->sb));
	al->message = or_empty(obj_str(a, "message", &rd->sb));
	al->value = or_empty(obj_str(a, "value", &rd->sb));
	al->labels = alert_labels(rd, r);
	al->t = INT64_MIN;
	if (parse_time(al->at, strlen(al->at), &ns) ||
	    parse_time(al->since, strlen(al->since), &ns))
		al->t = ns;
}

/* A copy of s[0..n) cut to about max bytes (at a character). */
static char *
cut_copy(const char *s, size_t n, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	size_t k = n;

	if (n > max) {
		k = max;
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
	}
	strbuf_add(&sb, s, k);
	if (k < n)
		strbuf_addstr(&sb, "\xe2\x80\xa6");
	if (sb.buf == NULL)
		return xstrdup("");
	return strbuf_detach(&sb, NULL);
}

static void
add_reject(struct reportdata *rd, struct record *r, const struct jval *e)
{
	struct reject *rj;
	struct jval v;
	char *src, *line;

	rd->nrejects++;
	if (rd->nrej == REPORTDATA_MAX_REJECTS)
		return;
	rj = &rd->rej[rd->nrej++];
	src = obj_str(e, "source", &rd->sb);
	line = obj_str(e, "line", &rd->sb);
	strbuf_reset(&rd->key);
	strbuf_addf(&rd->key, "%s%s%s", src ? src : "", line ? ":" : "",
	    line ? line : "");
	rj->where = xstrndup(rd->key.buf, rd->key.len);
	free(src);
	free(line);
	if ((rj->reason = obj_str(e, "reason", &rd->sb)) == NULL) {
		if ((rj->reason = obj_str(e, "errors", &rd->sb)) != NULL) {
			src = rj->reason;
			rj->reason = cut_copy(src, strlen(src), REJECT_SHOW);
			free(src);
		} else
			rj->reason = xstrdup("");
	}
	strbuf_reset(&rd->sb);
	if (record_get_key(r, "@raw", 4, &v) && v.type == JT_STRING)
		jval_str_append(&v, &rd->sb);
	else if (record_get_key(r, "@record", 7, &v))
		strbuf_add(&rd->sb, v.p, v.n);
	rj->text = cut_copy(rd->sb.buf != NULL ? rd->sb.buf : "", rd->sb.len,
	    REJECT_SHOW);
}

/* The newest window closed: its rows become the ones shown. */
static void
close_latest(struct reportdata *rd)
{
	struct rows tmp;

	rd->closed = rd->latest;
	tmp = rd->closed_rows;
	rd->closed_rows = rd->latest_rows;
	rd->latest_rows = tmp;
	rows_clear(&rd->latest_rows);
}

/*
 * The window shown as "the latest": the newest closed window once any
 * window closed, else the newest window; its rows in *r.
 */
static size_t
shown_window(const struct reportdata *rd, const struct rows **r)
{
	if (rd->closed != NONE) {
		*r = &rd->closed_rows;
		return rd->closed;
	}
	*r = &rd->latest_rows;
	return rd->latest;
}

enum reportdata_kind
reportdata_add(struct reportdata *rd, struct record *r)
{
	struct jval v, w;
	size_t wi;

	if (record_get_key(r, "@ctl", 4, &v)) {
		rd->nctl++;
		if (jval_str_eq(&v, "close", 5)) {
			if (record_get_key(r, "@window", 7, &w) &&
			    (wi = window_of(rd, &w)) != NONE &&
			    wi == rd->latest)
				close_latest(rd);
			return REPORTDATA_CLOSE;
		}
		if (jval_str_eq(&v, "snapshot", 8)) {
			snapshot(rd);
			return REPORTDATA_SNAPSHOT;
		}
		return REPORTDATA_CTL;
	}
	if (record_get_key(r, "@alert", 6, &v) && v.type == JT_OBJECT) {
		add_alert(rd, r, &v);
		return REPORTDATA_ALERT;
	}
	if (record_get_key(r, "@error", 6, &v)) {
		add_reject(rd, r, &v);
		return REPORTDATA_REJECT;
	}
	if (record_get_key(r, "@window", 7, &w) && w.type == JT_OBJECT &&
	    (wi = window_of(rd, &w)) != NONE) {
		add_row(rd, r, wi);
		return REPORTDATA_ROW;
	}
	add_plain(rd, r);
	return REPORTDATA_RECORD;
}

/*
 * Which alerts are firing now: those in state firing that are the last
 * word on their rule and labels.  Returns a new array of nal flags.
 */
static unsigned char *
firing_marks(const struct reportdata *rd, uint64_t *count)
{
	struct map map = MAP_INIT;
	struct strbuf key = STRBUF_INIT;
	struct map_entry *g;
	unsigned char *f;
	size_t i;

	f = xcalloc(rd->nal ? rd->nal : 1, 1);
	for (i = 0; i < rd->nal; i++) {
		strbuf_reset(&key);
		strbuf_addstr(&key, rd->al[i].rule);
		strbuf_addch(&key, '\n');
		strbuf_addstr(&key, rd->al[i].labels);
		g = map_insert(&map, key.buf, key.len,
		    hash_bytes(key.buf, key.len), NULL);
		g->n = i;
	}
	*count = 0;
	for (i = 0; i < map.n; i++)
		if (strcmp(rd->al[map.g[i].n].state, "firing") == 0) {
			f[map.g[i].n] = 1;
			(*count)++;
		}
	map_release(&map);
	strbuf_release(&key);
	return f;
}

static uint64_t
count_firing(const struct reportdata *rd)
{
	uint64_t n;

	free(firing_marks(rd, &n));
	return n;
}

void
reportdata_counts(const struct reportdata *rd, struct reportdata_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->rows = rd->windowed ? rd->nwrows : rd->nplain;
	c->windows = rd->windowed ? rd->nwin : 0;
	c->alerts = rd->nal;
	c->firing = count_firing(rd);
	c->rejects = rd->nrejects;
	c->late = rd->windowed ? rd->nplain : 0;
	c->ctl = rd->nctl;
}

/* --- what to show -------------------------------------------------------- */

static enum kind
col_kind(const struct col *c, int windowed)
{
	unsigned t = c->types[windowed];

	if (c->at)
		return K_OTHER;
	if (c->key)
		return K_KEY;
	if (t & T_STR)
		return K_KEY;
	if (t & T_NUM)
		return K_METRIC;
	if (t & T_OTHER)
		return K_OTHER;
	return K_KEY;
}

/* The columns shown, in order; returns how many. */
static size_t
shown_cols(const struct reportdata *rd, size_t **out)
{
	size_t c, n = 0;

	*out = xreallocarray(NULL, rd->ncol ? rd->ncol : 1, sizeof(**out));
	for (c = 0; c < rd->ncol; c++)
		if (rd->o.cols != NULL || rd->col[c].rows[rd->windowed] > 0)
			(*out)[n++] = c;
	return n;
}

static size_t
first_metric(const struct reportdata *rd, const size_t *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (col_kind(&rd->col[cols[i]], rd->windowed) == K_METRIC)
			return cols[i];
	return NONE;
}

static int
row_value(struct reportdata *rd, size_t c, struct jval *v)
{
	if (rd->col[c].path != NULL)
		return record_get(&rd->rec, rd->col[c].path, v);
	return record_get_key(&rd->rec, rd->col[c].name, rd->col[c].nlen, v);
}

static int
row_open(struct reportdata *rd, const struct rows *r, size_t i)
{
	struct sluice_err e;

	return record_parse(&rd->rec, r->text.buf + r->off[i], r->len[i],
	    &e) == 0;
}

struct ranked {
	double	 v;
	size_t	 i;
	int	 has;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->has != y->has)
		return y->has - x->has;
	if (x->has && x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The rows to show among the rows cand[0..n) of r: indexes into r in
 * *out.  With a limit, the top rows by metric m, largest first; *more
 * gets how many were left out.
 */
static size_t
pick_list(struct reportdata *rd, const struct rows *r, const size_t *cand,
    size_t n, size_t m, size_t **out, size_t *more)
{
	struct ranked *rk;
	struct jval v;
	size_t i;

	*out = xreallocarray(NULL, n ? n : 1, sizeof(**out));
	if (n > 0)
		memcpy(*out, cand, n * sizeof(**out));
	*more = 0;
	if (rd->o.limit <= 0)
		return n;
	if (m != NONE) {
		rk = xreallocarray(NULL, n ? n : 1, sizeof(*rk));
		for (i = 0; i < n; i++) {
			rk[i].i = (*out)[i];
			rk[i].has = row_open(rd, r, (*out)[i]) &&
			    row_value(rd, m, &v) && v.type == JT_NUMBER &&
			    jval_double(&v, &rk[i].v) == 0 && !isnan(rk[i].v);
		}
		qsort(rk, n, sizeof(*rk), ranked_cmp);
		for (i = 0; i < n; i++)
			(*out)[i] = rk[i].i;
		free(rk);
	}
	if (n > (size_t)rd->o.limit) {
		*more = n - (size_t)rd->o.limit;
		n = (size_t)rd->o.limit;
	}
	return n;
}

/* Append the text of a value as a cell; returns TABLE_* flags. */
/* The same for the rows r[from, to). */
static size_t
pick_rows(struct reportdata *rd, const struct rows *r, size_t from,
    size_t to, size_t m, size_t **out, size_t *more)
{
	size_t *cand, i, n;

	cand = xreallocarray(NULL, to > from ? to - from : 1, sizeof(*cand));
	for (i = from; i < to; i++)
		cand[i - from] = i;
	n = pick_list(rd, r, cand, to - from, m, out, more);
	free(cand);
	return n;
}

static unsigned
value_text(struct strbuf *sb, const struct jval *v, int human)
{
	double d;

	switch (v->type) {
	case JT_STRING:
		jval_str_append(v, sb);
		return 0;
	case JT_NUMBER:
		if (human && !(v->flags & JV_INTEGER) &&
		    jval_double(v, &d) == 0 && isfinite(d))
			table_real(sb, d);
		else
			strbuf_add(sb, v->p, v->n);
		return TABLE_NUM;
	case JT_NULL:
	case JT_MISSING:
		return TABLE_MISSING;
	default:
		strbuf_add(sb, v->p, v->n);
		return 0;
	}
}

/* A table of the rows idx[0..n) of r, columns cols[0..nc). */
static void
rows_table(struct reportdata *rd, const struct rows *r, const size_t *idx,
    size_t n, const size_t *cols, size_t nc, int human, struct table *t)
{
	struct jval v;
	size_t i, c, row;
	unsigned f;

	table_init(t, nc);
	for (c = 0; c < nc; c++)
		table_head(t, c, rd->col[cols[c]].name, rd->col[cols[c]].nlen);
	for (i = 0; i < n; i++) {
		if (!row_open(rd, r, idx[i]))
			continue;
		row = table_row(t, 0);
		for (c = 0; c < nc; c++) {
			if (!row_value(rd, cols[c], &v))
				continue;
			strbuf_reset(&rd->sb);
			f = value_text(&rd->sb, &v, human);
			if (!(f & TABLE_MISSING))
				table_set(t, row, c, rd->sb.buf != NULL ?
				    rd->sb.buf : "", rd->sb.len, f);
		}
	}
}

static void
set_str(struct table *t, size_t row, size_t col, const char *s)
{
	table_set(t, row, col, s, strlen(s), 0);
}

static void
set_num(struct table *t, size_t row, size_t col, double d, int human)
{
	struct strbuf sb = STRBUF_INIT;

	if (isnan(d))
		return;
	if (!human)
		jsonw_real(&sb, d);
	else if (d == floor(d) && fabs(d) < 1e15)
		strbuf_addf(&sb, "%.0f", d);
	else
		table_real(&sb, d);
	table_set(t, row, col, sb.buf, sb.len, TABLE_NUM);
	strbuf_release(&sb);
}

static void
set_pct(struct table *t, size_t row, size_t col, double part, double whole)
{
	char buf[32];

	if (isnan(part) || !(whole != 0))
		return;
	snprintf(buf, sizeof(buf), "%.1f%%", 100 * part / whole);
	table_set(t, row, col, buf, strlen(buf), TABLE_NUM);
}

static void
set_uint(struct table *t, size_t row, size_t col, uint64_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n);
	table_set(t, row, col, buf, strlen(buf), TABLE_NUM);
}

static int
win_cmp(const struct win *a, const struct win *b)
{
	if (a->s_ns != b->s_ns)
		return a->s_ns < b->s_ns ? -1 : 1;
	if (a->e_ns != b->e_ns)
		return a->e_ns < b->e_ns ? -1 : 1;
	return 0;
}

static const struct reportdata *sort_rd;	/* for qsort */

static int
win_order(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int r = win_cmp(&sort_rd->win[x], &sort_rd->win[y]);

	return r != 0 ? r : (x < y ? -1 : x > y);
}

/* The windows in time order. */
static size_t *
sorted_windows(const struct reportdata *rd)
{
	size_t *o, i;

	o = xreallocarray(NULL, rd->nwin ? rd->nwin : 1, sizeof(*o));
	for (i = 0; i < rd->nwin; i++)
		o[i] = i;
	sort_rd = rd;
	qsort(o, rd->nwin, sizeof(*o), win_order);
	return o;
}

/* The time range covered, as text; 0 if unknown. */
static int
time_range(const struct reportdata *rd, char *s, char *e, int64_t *t0,
    int64_t *t1)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	size_t i, a = NONE, b = NONE;

	if (rd->windowed) {
		for (i = 0; i < rd->nwin; i++) {
			if (a == NONE || rd->win[i].s_ns < rd->win[a].s_ns)
				a = i;
			if (b == NONE || rd->win[i].e_ns > rd->win[b].e_ns)
				b = i;
		}
		snprintf(s, TIMEFMT_LEN, "%s", rd->win[a].start);
		snprintf(e, TIMEFMT_LEN, "%s", rd->win[b].end);
		*t0 = rd->win[a].s_ns;
		*t1 = rd->win[b].e_ns;
		return 1;
	}
	if (rd->tmin <= rd->tmax) {
		lo = rd->tmin;
		hi = rd->tmax;
	}
	for (i = 0; i < rd->nal; i++) {
		if (rd->al[i].t == INT64_MIN)
			continue;
		if (rd->al[i].t < lo)
			lo = rd->al[i].t;
		if (rd->al[i].t > hi)
			hi = rd->al[i].t;
	}
	if (lo > hi)
		return 0;
	timefmt_format(lo, 3, s);
	timefmt_format(hi, 3, e);
	*t0 = lo;
	*t1 = hi;
	return 1;
}

/* The plain rows to show: the current snapshot, or the last one. */
static void
plain_span(const struct reportdata *rd, size_t *from, size_t *to)
{
	*from = 0;
	*to = rd->plain.n;
	if (rd->nsnap > 0 && rd->plain.n == rd->plain_frame)
		*to = rd->plain_frame;
	else if (rd->nsnap > 0)
		*from = rd->plain_frame;
}

/* The table of the main rows: the latest window's, or the plain ones. */
static void
main_table(struct reportdata *rd, int human, struct table *t,
    size_t *shown, size_t *more)
{
	const struct rows *r;
	size_t *cols, *idx, nc, from, to, m;

	nc = shown_cols(rd, &cols);
	m = first_metric(rd, cols, nc);
	if (rd->windowed) {
		shown_window(rd, &r);
		from = 0;
		to = r->n;
	} else {
		r = &rd->plain;
		plain_span(rd, &from, &to);
	}
	*shown = pick_rows(rd, r, from, to, m, &idx, more);
	rows_table(rd, r, idx, *shown, cols, nc, human, t);
	free(idx);
	free(cols);
}

/* One row per window: its bounds, rows and merged metrics. */
static void
windows_table(struct reportdata *rd, int human, struct table *t)
{
	const struct win *w;
	size_t *cols, *order, *mc, nc, nm = 0, i, c, row;

	nc = shown_cols(rd, &cols);
	mc = xreallocarray(NULL, nc ? nc : 1, sizeof(*mc));
	for (i = 0; i < nc; i++)
		if (col_kind(&rd->col[cols[i]], 1) == K_METRIC)
			mc[nm++] = cols[i];
	table_init(t, 3 + nm);
	table_head(t, 0, "start", 5);
	table_head(t, 1, "end", 3);
	table_head(t, 2, "rows", 4);
	for (c = 0; c < nm; c++)
		table_head(t, 3 + c, rd->col[mc[c]].name, rd->col[mc[c]].nlen);
	order = sorted_windows(rd);
	for (i = 0; i < rd->nwin; i++) {
		w = &rd->win[order[i]];
		row = table_row(t, 0);
		table_set(t, row, 0, w->start, w->slen, 0);
		table_set(t, row, 1, w->end, w->elen, 0);
		set_uint(t, row, 2, w->rows);
		for (c = 0; c < nm; c++)
			set_num(t, row, 3 + c, acc_value(acc_get(w->acc,
			    w->nacc, mc[c]), rd->col[mc[c]].merge), human);
	}
	free(order);
	free(mc);
	free(cols);
}

/* The alerts in order of arrival, firing ones flagged. */
static void
alerts_table(const struct reportdata *rd, size_t from, struct table *t)
{
	static const char *const head[] = {
		"at", "rule", "state", "severity", "value", "labels",
		"message"
	};
	const struct alert *a;
	size_t i, c, row;
	unsigned f;

	table_init(t, NELEM(head));
	for (c = 0; c < NELEM(head); c++)
		table_head(t, c, head[c], strlen(head[c]));
	for (i = from; i < rd->nal; i++) {
		a = &rd->al[i];
		f = strcmp(a->state, "firing") == 0 ? TABLE_ROW_BAD :
		    strcmp(a->state, "resolved") == 0 ? TABLE_ROW_GOOD : 0;
		row = table_row(t, f);
		set_str(t, row, 0, a->at[0] != '\0' ? a->at : a->since);
		set_str(t, row, 1, a->rule);
		set_str(t, row, 2, a->state);
		set_str(t, row, 3, a->severity);
		table_set(t, row, 4, a->value, strlen(a->value),
		    strspn(a->value, "-+.0123456789eE") == strlen(a->value) &&
		    a->value[0] != '\0' ? TABLE_NUM : 0);
		set_str(t, row, 5, a->labels);
		set_str(t, row, 6, a->message);
	}
}

static void
rejects_table(const struct reportdata *rd, struct table *t)
{
	size_t i, row;

	table_init(t, 3);
	table_head(t, 0, "where", 5);
	table_head(t, 1, "reason", 6);
	table_head(t, 2, "record", 6);
	for (i = 0; i < rd->nrej; i++) {
		row = table_row(t, 0);
		set_str(t, row, 0, rd->rej[i].where);
		set_str(t, row, 1, rd->rej[i].reason);
		set_str(t, row, 2, rd->rej[i].text);
	}
}

/* --- text and Markdown --------------------------------------------------- */

static const char *
title_of(const struct reportdata *rd)
{
	return rd->o.title != NULL ? rd->o.title : DEFAULT_TITLE;
}

/* Only a table of records: no header, no sections. */
static int
bare(const struct reportdata *rd)
{
	return !rd->windowed && rd->o.title == NULL && rd->nal == 0 &&
	    rd->nrejects == 0;
}

static void
counts_line(const struct reportdata *rd, struct strbuf *out)
{
	struct reportdata_counts c;

	reportdata_counts(rd, &c);
	if (rd->windowed)
		strbuf_addf(out, "windows %llu, ",
		    (unsigned long long)c.windows);
	strbuf_addf(out, "rows %llu, alerts %llu", (unsigned long long)c.rows,
	    (unsigned long long)c.alerts);
	if (c.firing > 0)
		strbuf_addf(out, " (%llu firing)",
		    (unsigned long long)c.firing);
	strbuf_addf(out, ", rejects %llu", (unsigned long long)c.rejects);
	if (rd->windowed)
		strbuf_addf(out, ", late %llu", (unsigned long long)c.late);
}

struct textfmt {
	int				 md;
	const struct reportdata_view	*view;
};

static void
text_heading(const struct textfmt *f, int level, const char *s, size_t n,
    struct strbuf *out)
{
	if (f->md) {
		strbuf_addstr(out, level == 1 ? "# " : "## ");
		table_markdown_escape(out, s, n);
		strbuf_addstr(out, "\n\n");
		return;
	}
	if (f->view->colour)
		strbuf_addstr(out, "\033[1m");
	if (f->view->width > 0)
		table_fit(out, s, n, f->view->width);
	else
		table_sanitize(out, s, n);
	if (f->view->colour)
		strbuf_addstr(out, "\033[0m");
	strbuf_addch(out, '\n');
}

static void
text_line(const struct textfmt *f, const char *s, size_t n,
    struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;

	if (f->md) {
		table_markdown_escape(out, s, n);
		strbuf_addstr(out, "\n\n");
		return;
	}
	table_sanitize(&sb, s, n);
	if (f->view->width > 0)
		table_fit(out, sb.buf != NULL ? sb.buf : "", sb.len,
		    f->view->width);
	else
		strbuf_add(out, sb.buf, sb.len);
	strbuf_addch(out, '\n');
	strbuf_release(&sb);
}

static void
text_table(const struct textfmt *f, const struct table *t,
    struct strbuf *out)
{
	struct table_style st;

	if (f->md) {
		table_render_markdown(t, out);
	} else {
		st.width = f->view->width;
		st.colour = f->view->colour;
		table_render_text(t, &st, out);
	}
}

static void
more_line(const struct textfmt *f, size_t shown, size_t more,
    struct strbuf *out)
{
	char buf[96];

	if (more == 0)
		return;
	snprintf(buf, sizeof(buf), "(top %zu of %zu rows)", shown,
	    shown + more);
	if (f->md)
		strbuf_addch(out, '\n');
	text_line(f, buf, strlen(buf), out);
}

/* A blank line before a section, unless there is one. */
static void
section(struct strbuf *out)
{
	if (out->len > 0 && !(out->len >= 2 &&
	    out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n'))
		strbuf_addch(out, '\n');
}

static void
render_text(struct reportdata *rd, const struct textfmt *f,
    struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct table t;
	char s[TIMEFMT_LEN], e[TIMEFMT_LEN];
	int64_t t0, t1;
	size_t shown, more;
	const struct rows *r;
	const struct win *w;

	main_table(rd, 1, &t, &shown, &more);
	if (bare(rd)) {
		if (t.nrows > 0) {
			text_table(f, &t, out);
			more_line(f, shown, more, out);
		}
		table_release(&t);
		return;
	}
	text_heading(f, 1, title_of(rd), strlen(title_of(rd)), out);
	if (!f->md)
		strbuf_addch(out, '\n');
	if (time_range(rd, s, e, &t0, &t1)) {
		strbuf_addf(&sb, "%s to %s", s, e);
		text_line(f, sb.buf, sb.len, out);
	}
	strbuf_reset(&sb);
	counts_line(rd, &sb);
	text_line(f, sb.buf, sb.len, out);
	if (rd->windowed) {
		w = &rd->win[shown_window(rd, &r)];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Latest window: %s to %s, %llu row%s",
		    w->start, w->end, (unsigned long long)w->rows,
		    w->rows == 1 ? "" : "s");
		section(out);
		text_heading(f, 2, sb.buf, sb.len, out);
		if (t.nrows > 0) {
			text_table(f, &t, out);
			more_line(f, shown, more, out);
		} else
			text_line(f, "(no rows)", 9, out);
		table_release(&t);
		section(out);
		text_heading(f, 2, "Windows", 7, out);
		windows_table(rd, 1, &t);
		text_table(f, &t, out);
	} else if (t.nrows > 0) {
		section(out);
		text_heading(f, 2, "Records", 7, out);
		text_table(f, &t, out);
		more_line(f, shown, more, out);
	}
	table_release(&t);
	if (rd->nal > 0) {
		section(out);
		text_heading(f, 2, "Alerts", 6, out);
		alerts_table(rd, 0, &t);
		text_table(f, &t, out);
		table_release(&t);
	}
	if (rd->nrejects > 0) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Rejected records: %llu",
		    (unsigned long long)rd->nrejects);
		if (rd->nrejects > rd->nrej)
			strbuf_addf(&sb, " (the first %zu)", rd->nrej);
		section(out);
		text_heading(f, 2, sb.buf, sb.len, out);
		rejects_table(rd, &t);
		text_table(f, &t, out);
		table_release(&t);
	}
	strbuf_release(&sb);
}

/* --- CSV and JSON -------------------------------------------------------- */

/* The rows of every window, in window order: indexes into rd->all. */
static size_t *
all_by_window(struct reportdata *rd, size_t *n)
{
	size_t *order, *rank, *idx, *cnt, *pos, i;

	order = sorted_windows(rd);
	rank = xreallocarray(NULL, rd->nwin ? rd->nwin : 1, sizeof(*rank));
	for (i = 0; i < rd->nwin; i++)
		rank[order[i]] = i;
	cnt = xcalloc(rd->nwin + 1, sizeof(*cnt));
	for (i = 0; i < rd->all.n; i++)
		cnt[rank[rd->all.win[i]] + 1]++;
	for (i = 1; i <= rd->nwin; i++)
		cnt[i] += cnt[i - 1];
	pos = cnt;
	idx = xreallocarray(NULL, rd->all.n ? rd->all.n : 1, sizeof(*idx));
	for (i = 0; i < rd->all.n; i++)
		idx[pos[rank[rd->all.win[i]]]++] = i;
	*n = rd->all.n;
	free(order);
	free(rank);
	free(cnt);
	return idx;
}

static void
render_csv(struct reportdata *rd, struct strbuf *out)
{
	struct table t;
	struct jval v;
	size_t *cols, *idx, *pick, nc, n, np, i, j, k, c, m, more, from, to,
	    row, extra;
	const struct win *w;
	unsigned f;

	nc = shown_cols(rd, &cols);
	m = first_metric(rd, cols, nc);
	if (!rd->windowed) {
		plain_span(rd, &from, &to);
		n = pick_rows(rd, &rd->plain, from, to, m, &idx, &more);
		rows_table(rd, &rd->plain, idx, n, cols, nc, 0, &t);
		if (t.nrows > 0 || rd->o.cols != NULL)
			table_render_csv(&t, out);
		table_release(&t);
		free(idx);
		free(cols);
		return;
	}
	/* Windows: @window.start and @window.end first (unless --columns). */
	extra = rd->o.cols != NULL ? 0 : 2;
	table_init(&t, nc + extra);
	if (extra) {
		table_head(&t, 0, "@window.start", 13);
		table_head(&t, 1, "@window.end", 11);
	}
	for (c = 0; c < nc; c++)
		table_head(&t, extra + c, rd->col[cols[c]].name,
		    rd->col[cols[c]].nlen);
	idx = all_by_window(rd, &n);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && rd->all.win[idx[j]] ==
		    rd->all.win[idx[i]]; j++)
			;
		w = &rd->win[rd->all.win[idx[i]]];
		np = pick_list(rd, &rd->all, idx + i, j - i, m, &pick,
		    &more);
		for (k = 0; k < np; k++) {
			if (!row_open(rd, &rd->all, pick[k]))
				continue;
			row = table_row(&t, 0);
			if (extra) {
				table_set(&t, row, 0, w->start, w->slen, 0);
				table_set(&t, row, 1, w->end, w->elen, 0);
			}
			for (c = 0; c < nc; c++) {
				if (!row_value(rd, cols[c], &v))
					continue;
				strbuf_reset(&rd->sb);
				f = value_text(&rd->sb, &v, 0);
				if (!(f & TABLE_MISSING))
					table_set(&t, row, extra + c,
					    rd->sb.buf != NULL ? rd->sb.buf :
					    "", rd->sb.len, f);
			}
		}
		free(pick);
	}
	table_render_csv(&t, out);
	table_release(&t);
	free(idx);
	free(cols);
}

/* One row as a JSON object of the shown columns. */
static void
json_row(struct reportdata *rd, const struct rows *r, size_t i,
    const size_t *cols, size_t nc, struct strbuf *out)
{
	struct jval v;
	size_t c;
	int first = 1;

	strbuf_addch(out, '{');
	if (row_open(rd, r, i))
		for (c = 0; c < nc; c++) {
			if (!row_value(rd, cols[c], &v))
				continue;
			if (!first)
				strbuf_addch(out, ',');
			first = 0;
			jsonw_string(out, rd->col[cols[c]].name,
			    rd->col[cols[c]].nlen);
			strbuf_addch(out, ':');
			strbuf_add(out, v.p, v.n);
		}
	strbuf_addch(out, '}');
}

static void
json_rows(struct reportdata *rd, const struct rows *r, const size_t *idx,
    size_t n, const size_t *cols, size_t nc, struct strbuf *out)
{
	size_t i;

	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(out, ',');
		json_row(rd, r, idx[i], cols, nc, out);
	}
	strbuf_addch(out, ']');
}

static void
json_names(const struct reportdata *rd, const size_t *cols, size_t nc,
    int kind, struct strbuf *out)
{
	size_t i;
	int first = 1;

	strbuf_addch(out, '[');
	for (i = 0; i < nc; i++) {
		if (kind >= 0 && col_kind(&rd->col[cols[i]], rd->windowed) !=
		    (enum kind)kind)
			continue;
		if (!first)
			strbuf_addch(out, ',');
		first = 0;
		jsonw_string(out, rd->col[cols[i]].name,
		    rd->col[cols[i]].nlen);
	}
	strbuf_addch(out, ']');
}

static void
json_str(struct strbuf *out, const char *s)
{
	jsonw_string(out, s, strlen(s));
}

static void
render_json(struct reportdata *rd, struct strbuf *out)
{
	struct reportdata_counts c;
	char s[TIMEFMT_LEN], e[TIMEFMT_LEN];
	int64_t t0, t1;
	size_t *cols, *order, *idx, *byw, nc, n, nall, i, j, k, m, more, from,
	    to;
	const struct win *w;

	reportdata_counts(rd, &c);
	nc = shown_cols(rd, &cols);
	m = first_metric(rd, cols, nc);
	strbuf_addstr(out, "{\"title\":");
	json_str(out, title_of(rd));
	strbuf_addstr(out, ",\"range\":");
	if (time_range(rd, s, e, &t0, &t1)) {
		strbuf_addstr(out, "{\"start\":");
		json_str(out, s);
		strbuf_addstr(out, ",\"end\":");
		json_str(out, e);
		strbuf_addch(out, '}');
	} else
		strbuf_addstr(out, "{\"start\":null,\"end\":null}");
	strbuf_addf(out, ",\"counts\":{\"records\":%llu,\"windows\":%llu,"
	    "\"alerts\":%llu,\"firing\":%llu,\"rejects\":%llu,\"late\":%llu}",
	    (unsigned long long)c.rows, (unsigned long long)c.windows,
	    (unsigned long long)c.alerts, (unsigned long long)c.firing,
	    (unsigned long long)c.rejects, (unsigned long long)c.late);
	strbuf_addstr(out, ",\"columns\":");
	json_names(rd, cols, nc, -1, out);
	strbuf_addstr(out, ",\"keys\":");
	json_names(rd, cols, nc, K_KEY, out);
	strbuf_addstr(out, ",\"metrics\":");
	json_names(rd, cols, nc, K_METRIC, out);
	if (rd->windowed) {
		strbuf_addstr(out, ",\"windows\":[");
		order = sorted_windows(rd);
		byw = all_by_window(rd, &nall);
		for (i = 0, k = 0; i < rd->nwin; i++) {
			w = &rd->win[order[i]];
			if (i > 0)
				strbuf_addch(out, ',');
			strbuf_addstr(out, "{\"start\":");
			jsonw_string(out, w->start, w->slen);
			strbuf_addstr(out, ",\"end\":");
			jsonw_string(out, w->end, w->elen);
			strbuf_addstr(out, ",\"rows\":");
			for (j = k; j < nall && rd->all.win[byw[j]] ==
			    order[i]; j++)
				;
			n = pick_list(rd, &rd->all, byw + k, j - k, m, &idx,
			    &more);
			k = j;
			json_rows(rd, &rd->all, idx, n, cols, nc, out);
			free(idx);
			strbuf_addch(out, '}');
		}
		strbuf_addch(out, ']');
		free(order);
		free(byw);
	} else {
		strbuf_addstr(out, ",\"rows\":");
		plain_span(rd, &from, &to);
		n = pick_rows(rd, &rd->plain, from, to, m, &idx, &more);
		json_rows(rd, &rd->plain, idx, n, cols, nc, out);
		free(idx);
	}
	strbuf_addstr(out, ",\"alerts\":[");
	for (i = 0; i < rd->nal; i++) {
		if (i > 0)
			strbuf_addch(out, ',');
		strbuf_add(out, rd->al[i].raw, rd->al[i].rawlen);
	}
	strbuf_addstr(out, "]}\n");
	free(cols);
}

/* --- HTML ---------------------------------------------------------------- */

struct rankg {
	double	 v;
	uint32_t g;
};

static int
rankg_cmp(const void *a, const void *b)
{
	const struct rankg *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->g < y->g ? -1 : x->g > y->g;
}

/* A chart point of a merged acc: per window for sums. */
static double
point(const struct acc *a, enum merge m, uint64_t nwin)
{
	if (a == NULL || a->n == 0)
		return NAN;
	if (m == M_SUM)
		return a->v / (double)(nwin ? nwin : 1);
	return acc_value(a, m);
}

/*
 * A colour per group, the same in every chart: by rank of the total of
 * metric m (or by first appearance).  Returns a new array.
 */
static int *
group_colours(const struct reportdata *rd, size_t m)
{
	struct rankg *rk;
	const struct acc *a;
	size_t i, ng = rd->gmap.n;
	int *col;

	rk = xreallocarray(NULL, ng ? ng : 1, sizeof(*rk));
	col = xreallocarray(NULL, ng ? ng : 1, sizeof(*col));
	for (i = 0; i < ng; i++) {
		a = m != NONE ? acc_get(rd->grp[i].tot, rd->grp[i].ntot, m) :
		    NULL;
		rk[i].v = a != NULL && a->n > 0 ? a->v : -INFINITY;
		rk[i].g = (uint32_t)i;
	}
	qsort(rk, ng, sizeof(*rk), rankg_cmp);
	for (i = 0; i < ng; i++)
		col[rk[i].g] = (int)i;
	free(rk);
	return col;
}

static void
html_metric_chart(struct reportdata *rd, size_t c, const int *gcol,
    struct strbuf *out)
{
	struct html_series *s;
	struct html_chart ch;
	struct rankg *rk;
	const struct acc *a;
	struct acc other;
	enum merge m = rd->col[c].merge;
	unsigned char *top;
	double *y;
	int64_t *x;
	size_t ng = rd->gmap.n, nr = 0, ns, i, b, k;

	rk = xreallocarray(NULL, ng ? ng : 1, sizeof(*rk));
	for (i = 0; i < ng; i++) {
		a = acc_get(rd->grp[i].tot, rd->grp[i].ntot, c);
		if (a == NULL || a->n == 0)
			continue;
		rk[nr].v = a->v;
		rk[nr].g = (uint32_t)i;
		nr++;
	}
	if (nr == 0) {
		free(rk);
		return;
	}
	qsort(rk, nr, sizeof(*rk), rankg_cmp);
	ns = nr > (size_t)rd->o.top ? (size_t)rd->o.top + 1 : nr;
	top = xcalloc(ng, 1);
	for (i = 0; i < nr && i < (size_t)rd->o.top; i++)
		top[rk[i].g] = 1;
	x = xreallocarray(NULL, rd->nbk, sizeof(*x));
	y = xreallocarray(NULL, rd->nbk * ns, sizeof(*y));
	s = xcalloc(ns, sizeof(*s));
	for (b = 0; b < rd->nbk; b++)
		x[b] = rd->bk[b].x;
	for (i = 0; i < ns; i++) {
		s[i].y = y + i * rd->nbk;
		if (i < (size_t)rd->o.top && i < nr) {
			s[i].label = rd->grp[rk[i].g].label;
			s[i].labellen = rd->grp[rk[i].g].lablen;
			s[i].colour = gcol[rk[i].g];
			for (b = 0; b < rd->nbk; b++)
				y[i * rd->nbk + b] = point(bucket_find(
				    &rd->bk[b], rk[i].g, (uint32_t)c), m,
				    rd->bk[b].nwin);
			continue;
		}
		s[i].label = m == M_SUM ? "other (sum)" : m == M_MIN ?
		    "other (min)" : m == M_MAX ? "other (max)" :
		    "other (mean)";
		s[i].labellen = strlen(s[i].label);
		s[i].other = 1;
		for (b = 0; b < rd->nbk; b++) {
			memset(&other, 0, sizeof(other));
			for (k = 0; k < rd->bk[b].n; k++)
				if (rd->bk[b].cell[k].c == c &&
				    !top[rd->bk[b].cell[k].g])
					acc_merge(&other,
					    &rd->bk[b].cell[k].a, m);
			y[i * rd->nbk + b] = point(&other, m,
			    rd->bk[b].nwin);
		}
	}
	strbuf_addstr(out, "<h3>");
	html_escape(out, rd->col[c].name, rd->col[c].nlen);
	strbuf_addstr(out, "</h3>\n");
	memset(&ch, 0, sizeof(ch));
	ch.title = rd->col[c].name;
	ch.titlelen = rd->col[c].nlen;
	ch.x = x;
	ch.n = rd->nbk;
	ch.s = s;
	ch.ns = ns;
	html_chart(out, &ch);
	if (nr > (size_t)rd->o.top || rd->span > 1) {
		strbuf_addstr(out, "<p class=\"note\">");
		if (nr > (size_t)rd->o.top)
			strbuf_addf(out, "The top %d of %zu groups by "
			    "total; the others as one line. ", rd->o.top, nr);
		if (rd->span > 1)
			strbuf_addf(out, "Each point merges up to %llu "
			    "windows%s.", (unsigned long long)rd->span,
			    m == M_SUM ? " (the mean per window)" : "");
		strbuf_addstr(out, "</p>\n");
	}
	free(rk);
	free(top);
	free(x);
	free(y);
	free(s);
}

struct rankv {
	double		 v;
	size_t		 i;
	uint64_t	 rows;
};

static int
rankv_cmp(const void *a, const void *b)
{
	const struct rankv *x = a, *y = b;

	if (x->v != y->v) {
		if (isnan(x->v) || isnan(y->v))
			return isnan(x->v) ? 1 : -1;
		return x->v < y->v ? 1 : -1;
	}
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The top values of key column k, by metric m (or by rows). */
static void
html_top_table(struct reportdata *rd, size_t k, size_t m,
    struct strbuf *out)
{
	struct map *vm = &rd->col[k].values;
	struct table t;
	struct rankv *rk;
	struct top *tp;
	struct acc rest, all;
	enum merge mg = m != NONE ? rd->col[m].merge : M_SUM;
	uint64_t rest_rows = 0;
	size_t i, row, n = vm->n, shown;
	int share = m == NONE || mg == M_SUM;

	if (n == 0)
		return;
	rk = xreallocarray(NULL, n, sizeof(*rk));
	memset(&all, 0, sizeof(all));
	for (i = 0; i < n; i++) {
		tp = vm->g[i].val;
		rk[i].i = i;
		rk[i].rows = tp->rows;
		rk[i].v = m == NONE ? (double)tp->rows :
		    acc_value(acc_get(tp->acc, tp->nacc, m), mg);
		if (m != NONE && acc_get(tp->acc, tp->nacc, m) != NULL)
			acc_merge(&all, acc_get(tp->acc, tp->nacc, m), mg);
	}
	qsort(rk, n, sizeof(*rk), rankv_cmp);
	strbuf_addstr(out, "<h3>");
	html_escape(out, rd->col[k].name, rd->col[k].nlen);
	strbuf_addstr(out, " by ");
	if (m != NONE)
		html_escape(out, rd->col[m].name, rd->col[m].nlen);
	else
		strbuf_addstr(out, "rows");
	strbuf_addstr(out, "</h3>\n");
	table_init(&t, share ? 4 : 3);
	table_head(&t, 0, rd->col[k].name, rd->col[k].nlen);
	table_head(&t, 1, "rows", 4);
	if (m != NONE)
		table_head(&t, 2, rd->col[m].name, rd->col[m].nlen);
	else
		table_head(&t, 2, "share", 5);
	if (share && m != NONE)
		table_head(&t, 3, "share", 5);
	shown = n < (size_t)rd->o.top ? n : (size_t)rd->o.top;
	memset(&rest, 0, sizeof(rest));
	for (i = 0; i < n; i++) {
		tp = vm->g[rk[i].i].val;
		if (i >= shown) {
			rest_rows += tp->rows;
			if (m != NONE && acc_get(tp->acc, tp->nacc, m) != NULL)
				acc_merge(&rest, acc_get(tp->acc, tp->nacc,
				    m), mg);
			continue;
		}
		row = table_row(&t, 0);
		table_set(&t, row, 0, vm->g[rk[i].i].key,
		    vm->g[rk[i].i].klen, 0);
		set_uint(&t, row, 1, tp->rows);
		if (m != NONE) {
			set_num(&t, row, 2, rk[i].v, 1);
			if (share)
				set_pct(&t, row, 3, rk[i].v, all.v);
		} else
			set_pct(&t, row, 2, (double)tp->rows,
			    (double)rd->nwrows);
	}
	if (n > shown) {
		row = table_row(&t, 0);
		strbuf_reset(&rd->sb);
		strbuf_addf(&rd->sb, "other (%zu values)", n - shown);
		table_set(&t, row, 0, rd->sb.buf, rd->sb.len, 0);
		set_uint(&t, row, 1, rest_rows);
		if (m != NONE) {
			set_num(&t, row, 2, acc_value(&rest, mg), 1);
			if (share && rest.n > 0)
				set_pct(&t, row, 3, rest.v, all.v);
		} else
			set_pct(&t, row, 2, (double)rest_rows,
			    (double)rd->nwrows);
	}
	html_table(out, &t);
	table_release(&t);
	free(rk);
}

struct span {
	size_t	 first;		/* the alert that fired */
	size_t	 last;		/* the one that resolved it, or NONE */
	int64_t	 start;
	int64_t	 end;
};

/* Pair each firing with the next resolution of the same rule+labels. */
static size_t
alert_spans(const struct reportdata *rd, struct span **out)
{
	struct span *sp;
	const struct alert *a, *b;
	size_t i, j, n = 0;

	sp = xreallocarray(NULL, rd->nal ? rd->nal : 1, sizeof(*sp));
	for (i = 0; i < rd->nal; i++) {
		a = &rd->al[i];
		if (strcmp(a->state, "firing") != 0)
			continue;
		/* A renotification of an open span is not a new span. */
		for (j = 0; j < n; j++)
			if (sp[j].last == NONE && sp[j].end == INT64_MAX &&
			    strcmp(rd->al[sp[j].first].rule, a->rule) == 0 &&
			    strcmp(rd->al[sp[j].first].labels, a->labels) ==
			    0)
				break;
		if (j < n)
			continue;
		sp[n].first = i;
		sp[n].last = NONE;
		sp[n].start = a->t;
		sp[n].end = INT64_MAX;
		for (j = i + 1; j < rd->nal; j++) {
			b = &rd->al[j];
			if (strcmp(a->rule, b->rule) != 0 ||
			    strcmp(a->labels, b->labels) != 0)
				continue;
			if (strcmp(b->state, "resolved") == 0 ||
			    strcmp(b->state, "inactive") == 0) {
				sp[n].last = j;
				sp[n].end = b->t;
				break;
			}
		}
		n++;
	}
	*out = sp;
	return n;
}

static void
html_alerts(struct reportdata *rd, int64_t t0, int64_t t1,
    struct strbuf *out)
{
	static const char *const head[] = {
		"rule", "labels", "severity", "fired", "resolved",
		"duration", "value", "message"
	};
	struct html_span *hs;
	struct span *sp;
	struct table t;
	const struct alert *a;
	char buf[DURATION_LEN + 16];
	size_t n, i, c, row, nh = 0;
	int64_t end;

	n = alert_spans(rd, &sp);
	strbuf_addf(out, "<h2>Alerts</h2>\n<p class=\"meta\">%llu alert "
	    "record%s; %zu time%s fired, %llu firing at the end.</p>\n",
	    (unsigned long long)rd->nal, rd->nal == 1 ? "" : "s", n,
	    n == 1 ? "" : "s", (unsigned long long)count_firing(rd));
	hs = xcalloc(n ? n : 1, sizeof(*hs));
	for (i = 0; i < n && nh < TIMELINE_MAX; i++) {
		if (sp[i].start == INT64_MIN)
			continue;
		a = &rd->al[sp[i].first];
		strbuf_reset(&rd->sb);
		strbuf_addf(&rd->sb, "%s%s%s", a->rule, a->labels[0] ? " " :
		    "", a->labels);
		hs[nh].label = xstrndup(rd->sb.buf, rd->sb.len);
		hs[nh].labellen = rd->sb.len;
		hs[nh].start = sp[i].start;
		hs[nh].end = sp[i].end == INT64_MAX || sp[i].end ==
		    INT64_MIN ? t1 : sp[i].end;
		hs[nh].open = sp[i].last == NONE;
		if (hs[nh].start < t0)
			t0 = hs[nh].start;
		if (hs[nh].end > t1)
			t1 = hs[nh].end;
		nh++;
	}
	if (nh > 0)
		html_timeline(out, hs, nh, t0, t1);
	for (i = 0; i < nh; i++)
		free((char *)hs[i].label);
	free(hs);
	table_init(&t, NELEM(head));
	for (c = 0; c < NELEM(head); c++)
		table_head(&t, c, head[c], strlen(head[c]));
	for (i = 0; i < n; i++) {
		a = &rd->al[sp[i].first];
		row = table_row(&t, sp[i].last == NONE ? TABLE_ROW_BAD : 0);
		set_str(&t, row, 0, a->rule);
		set_str(&t, row, 1, a->labels);
		set_str(&t, row, 2, a->severity);
		set_str(&t, row, 3, a->at[0] ? a->at : a->since);
		if (sp[i].last == NONE)
			set_str(&t, row, 4, "still firing");
		else
			set_str(&t, row, 4, rd->al[sp[i].last].at);
		end = sp[i].last == NONE ? t1 : sp[i].end;
		if (sp[i].start != INT64_MIN && end != INT64_MIN &&
		    end >= sp[i].start) {
			duration_format(end - sp[i].start, buf);
			/* Still firing: at least that long. */
			if (sp[i].last == NONE)
				strcat(buf, "+");
			set_str(&t, row, 5, buf);
		}
		table_set(&t, row, 6, a->value, strlen(a->value), TABLE_NUM);
		set_str(&t, row, 7, a->message);
	}
	if (n > 0)
		html_table(out, &t);
	table_release(&t);
	free(sp);
	/* Every transition, for the record. */
	strbuf_addstr(out, "<h3>Transitions</h3>\n");
	alerts_table(rd, 0, &t);
	html_table(out, &t);
	table_release(&t);
}

static void
html_li(struct strbuf *out, uint64_t n, const char *what)
{
	strbuf_addf(out, "<li><b>%llu</b> %s</li>", (unsigned long long)n,
	    what);
}

static void
render_html(struct reportdata *rd, struct strbuf *out)
{
	struct reportdata_counts c;
	struct table t;
	char s[TIMEFMT_LEN], e[TIMEFMT_LEN];
	int64_t t0 = 0, t1 = 0;
	size_t *cols, nc, i, m, shown, more;
	const struct rows *r;
	const struct win *w;
	const char *title = title_of(rd);
	int range, *gcol;

	reportdata_counts(rd, &c);
	html_begin(out, title, strlen(title));
	strbuf_addstr(out, "<header>\n<h1>");
	html_escape_str(out, title);
	strbuf_addstr(out, "</h1>\n");
	if ((range = time_range(rd, s, e, &t0, &t1)))
		strbuf_addf(out, "<p class=\"meta\">%s to %s</p>\n", s, e);
	strbuf_addstr(out, "<ul class=\"counts\">");
	if (rd->windowed)
		html_li(out, c.windows, "windows");
	html_li(out, c.rows, "rows");
	html_li(out, c.alerts, "alerts");
	if (c.firing > 0)
		html_li(out, c.firing, "firing");
	if (c.rejects > 0)
		html_li(out, c.rejects, "rejected");
	if (c.late > 0)
		html_li(out, c.late, "late");
	strbuf_addstr(out, "</ul>\n</header>\n");
	nc = shown_cols(rd, &cols);
	m = first_metric(rd, cols, nc);
	if (rd->windowed) {
		strbuf_addstr(out, "<h2>Metrics over time</h2>\n");
		gcol = group_colours(rd, m);
		for (i = 0; i < nc; i++)
			if (col_kind(&rd->col[cols[i]], 1) == K_METRIC)
				html_metric_chart(rd, cols[i], gcol, out);
		free(gcol);
		w = &rd->win[shown_window(rd, &r)];
		strbuf_addf(out, "<h2>Latest window</h2>\n<p class=\"meta\">"
		    "%s to %s, %llu row%s</p>\n", w->start, w->end,
		    (unsigned long long)w->rows, w->rows == 1 ? "" : "s");
	} else
		strbuf_addstr(out, "<h2>Records</h2>\n");
	main_table(rd, 1, &t, &shown, &more);
	if (t.nrows > 0)
		html_table(out, &t);
	else
		strbuf_addstr(out, "<p class=\"empty\">No rows.</p>\n");
	if (more > 0)
		strbuf_addf(out, "<p class=\"note\">The top %zu of %zu rows."
		    "</p>\n", shown, shown + more);
	table_release(&t);
	if (rd->windowed) {
		for (i = 0; i < nc; i++)
			if (col_kind(&rd->col[cols[i]], 1) == K_KEY &&
			    rd->col[cols[i]].values.n > 0)
				break;
		if (i < nc)
			strbuf_addstr(out, "<h2>Top values</h2>\n");
		for (; i < nc; i++)
			if (col_kind(&rd->col[cols[i]], 1) == K_KEY)
				html_top_table(rd, cols[i], m, out);
	}
	if (rd->nal > 0)
		html_alerts(rd, range ? t0 : 0, range ? t1 : 0, out);
	if (c.rejects > 0 || c.late > 0) {
		strbuf_addstr(out, "<h2>Rejected and late records</h2>\n");
		strbuf_addf(out, "<p class=\"meta\">%llu rejected upstream, "
		    "%llu without a window (late).</p>\n",
		    (unsigned long long)c.rejects,
		    (unsigned long long)c.late);
		if (rd->nrej > 0) {
			rejects_table(rd, &t);
			html_table(out, &t);
			table_release(&t);
		}
	}
	html_end(out);
	free(cols);
}

void
reportdata_render(struct reportdata *rd, enum reportdata_format f,
    const struct reportdata_view *view, struct strbuf *out)
{
	struct reportdata_view none = { 0, 0, 0 };
	struct textfmt tf;

	tf.view = view != NULL ? view : &none;
	switch (f) {
	case REPORTDATA_TABLE:
	case REPORTDATA_MARKDOWN:
		tf.md = f == REPORTDATA_MARKDOWN;
		if (tf.md)
			tf.view = &none;
		render_text(rd, &tf, out);
		break;
	case REPORTDATA_CSV:
		render_csv(rd, out);
		break;
	case REPORTDATA_JSON:
		render_json(rd, out);
		break;
	case REPORTDATA_HTML:
		render_html(rd, out);
		break;
	}
}

/* --- live ---------------------------------------------------------------- */

static void
sparkline(struct strbuf *out, const double *v, size_t n)
{
	static const char *const bars[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
		"\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
		"\xe2\x96\x87", "\xe2\x96\x88"
	};
	double lo = INFINITY, hi = -INFINITY;
	size_t i, k;

	for (i = 0; i < n; i++)
		if (!isnan(v[i])) {
			lo = v[i] < lo ? v[i] : lo;
			hi = v[i] > hi ? v[i] : hi;
		}
	for (i = 0; i < n; i++) {
		if (isnan(v[i])) {
			strbuf_addch(out, ' ');
			continue;
		}
		k = hi > lo ? (size_t)((v[i] - lo) / (hi - lo) * 7.999) : 0;
		strbuf_addstr(out, bars[k > 7 ? 7 : k]);
	}
}

/* Append the first max lines of text (all if max is 0); returns count. */
static size_t
add_lines(struct strbuf *out, const char *s, size_t n, size_t max)
{
	const char *p = s, *end = s + n, *nl;
	size_t k = 0;

	while (p < end && (max == 0 || k < max)) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		strbuf_add(out, p, (size_t)(nl - p));
		strbuf_addch(out, '\n');
		k++;
		p = nl < end ? nl + 1 : end;
	}
	return k;
}

static size_t
count_lines(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

void
reportdata_live(struct reportdata *rd, const struct reportdata_view *view,
    struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT, tb = STRBUF_INIT;
	struct table_style st;
	struct table t;
	size_t *cols, *order, mc[SPARK_METRICS], nc, nm = 0, i, j, k, room,
	    lines, shown, more, used = 0, labw = 0, valw, nf = 0, budget;
	size_t width = view->width, height = view->height;
	unsigned char *firing;
	uint64_t nfiring;
	double *v;
	const struct rows *r;
	const struct win *w;

	/* The title, the window shown and the counts. */
	strbuf_addstr(&sb, title_of(rd));
	if (rd->windowed) {
		w = &rd->win[shown_window(rd, &r)];
		strbuf_addf(&sb, ": %s to %s", w->start, w->end);
	}
	strbuf_addch(&sb, '\n');
	counts_line(rd, &sb);
	for (i = 0, j = 0; i <= sb.len; i++) {
		if (i < sb.len && sb.buf[i] != '\n')
			continue;
		strbuf_reset(&tb);
		table_sanitize(&tb, sb.buf + j, i - j);
		if (view->colour && j == 0)
			strbuf_addstr(out, "\033[1m");
		if (width > 0)
			table_fit(out, tb.buf, tb.len, width);
		else
			strbuf_add(out, tb.buf, tb.len);
		if (view->colour && j == 0)
			strbuf_addstr(out, "\033[0m");
		strbuf_addch(out, '\n');
		j = i + 1;
	}
	strbuf_addch(out, '\n');
	used = 3;
	/* What comes below the table. */
	nc = shown_cols(rd, &cols);
	for (i = 0; i < nc && nm < SPARK_METRICS && rd->windowed; i++)
		if (col_kind(&rd->col[cols[i]], 1) == K_METRIC)
			mc[nm++] = cols[i];
	firing = firing_marks(rd, &nfiring);
	nf = (size_t)nfiring;
	budget = (nm > 0 ? nm + 1 : 0) + (nf > 0 ? 1 + (nf > LIVE_ALERTS ?
	    LIVE_ALERTS + 1 : nf) : 0);
	/* The table, cut to the room left. */
	main_table(rd, 1, &t, &shown, &more);
	st.width = width;
	st.colour = view->colour;
	strbuf_reset(&tb);
	if (t.nrows > 0)
		table_render_text(&t, &st, &tb);
	else
		strbuf_addstr(&tb, "(no rows)\n");
	table_release(&t);
	lines = count_lines(tb.buf, tb.len);
	room = height == 0 ? lines : height > used + budget + 3 ?
	    height - used - budget : 3;
	if (lines <= room)
		used += add_lines(out, tb.buf, tb.len, 0);
	else {
		used += add_lines(out, tb.buf, tb.len, room - 1);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %zu more rows", table_ellipsis(),
		    lines - (room - 1));
		strbuf_add(out, sb.buf, sb.len);
		strbuf_addch(out, '\n');
		used++;
	}
	if (more > 0 && (height == 0 || used < height)) {
		strbuf_addf(out, "(top %zu of %zu rows)\n", shown,
		    shown + more);
		used++;
	}
	/* A sparkline per metric over the last windows. */
	if (nm > 0 && (height == 0 || used + 2 <= height)) {
		strbuf_addch(out, '\n');
		used++;
		for (i = 0; i < nm; i++) {
			k = table_width(rd->col[mc[i]].name,
			    rd->col[mc[i]].nlen);
			labw = k > labw ? k : labw;
		}
		labw = labw > 20 ? 20 : labw;
		valw = 12;
		k = width > labw + valw + 4 ? width - labw - valw - 4 : 10;
		k = k > rd->nwin ? rd->nwin : k;
		order = sorted_windows(rd);
		v = xreallocarray(NULL, k ? k : 1, sizeof(*v));
		for (i = 0; i < nm && (height == 0 || used < height); i++) {
			for (j = 0; j < k; j++) {
				w = &rd->win[order[rd->nwin - k + j]];
				v[j] = acc_value(acc_get(w->acc, w->nacc,
				    mc[i]), rd->col[mc[i]].merge);
			}
			strbuf_reset(&sb);
			strbuf_reset(&tb);
			table_sanitize(&tb, rd->col[mc[i]].name,
			    rd->col[mc[i]].nlen);
			j = table_fit(&sb, tb.buf, tb.len, labw);
			while (j++ < labw)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, "  ");
			sparkline(&sb, v, k);
			strbuf_addstr(&sb, "  ");
			if (k > 0 && !isnan(v[k - 1]))
				table_real(&sb, v[k - 1]);
			if (width > 0)
				table_fit(out, sb.buf, sb.len, width);
			else
				strbuf_add(out, sb.buf, sb.len);
			strbuf_addch(out, '\n');
			used++;
		}
		free(v);
		free(order);
	}
	/* The alerts firing now. */
	if (nf > 0 && (height == 0 || used + 2 <= height)) {
		strbuf_addch(out, '\n');
		used++;
		for (i = 0, k = 0; i < rd->nal && (height == 0 ||
		    used < height); i++) {
			if (!firing[i])
				continue;
			if (k++ == LIVE_ALERTS) {
				strbuf_addf(out, "%s %zu more firing\n",
				    table_ellipsis(), nf - LIVE_ALERTS);
				used++;
				break;
			}
			strbuf_reset(&sb);
			strbuf_addf(&sb, "FIRING %s", rd->al[i].rule);
			if (rd->al[i].labels[0])
				strbuf_addf(&sb, " %s", rd->al[i].labels);
			if (rd->al[i].severity[0])
				strbuf_addf(&sb, " [%s]", rd->al[i].severity);
			strbuf_addf(&sb, " since %s", rd->al[i].since[0] ?
			    rd->al[i].since : rd->al[i].at);
			if (rd->al[i].value[0])
				strbuf_addf(&sb, " value %s",
				    rd->al[i].value);
			if (rd->al[i].message[0])
				strbuf_addf(&sb, ": %s", rd->al[i].message);
			strbuf_reset(&tb);
			table_sanitize(&tb, sb.buf, sb.len);
			if (view->colour)
				strbuf_addstr(out, "\033[31m");
			if (width > 0)
				table_fit(out, tb.buf, tb.len, width);
			else
				strbuf_add(out, tb.buf, tb.len);
			if (view->colour)
				strbuf_addstr(out, "\033[0m");
			strbuf_addch(out, '\n');
			used++;
		}
	}
	free(firing);
	free(cols);
	strbuf_release(&sb);
	strbuf_release(&tb);
}

void
reportdata_update(struct reportdata *rd, const struct reportdata_view *view,
    struct strbuf *out)
{
	struct textfmt tf;
	struct strbuf sb = STRBUF_INIT;
	struct table t;
	size_t *cols, *idx, nc, n, m, more, from = 0, to = 0, wi;
	const struct win *w;
	const struct rows *r = NULL, *wr;
	int shown = 0;

	tf.md = 0;
	tf.view = view;
	nc = shown_cols(rd, &cols);
	m = first_metric(rd, cols, nc);
	if (rd->windowed && (wi = shown_window(rd, &wr)) != NONE &&
	    (wi != rd->up_latest || wr->n != rd->up_latest_rows)) {
		r = wr;
		w = &rd->win[wi];
		strbuf_addf(&sb, "window %s to %s, %llu row%s", w->start,
		    w->end, (unsigned long long)w->rows,
		    w->rows == 1 ? "" : "s");
		from = 0;
		to = r->n;
		rd->up_latest = wi;
		rd->up_latest_rows = r->n;
	} else if (!rd->windowed && rd->nsnap > rd->up_snap &&
	    rd->plain_frame > 0) {
		strbuf_addf(&sb, "snapshot, %zu rows", rd->plain_frame);
		r = &rd->plain;
		from = 0;
		to = rd->plain_frame;
		rd->up_snap = rd->nsnap;
		rd->up_plain = rd->nplain;
	} else if (!rd->windowed && rd->nplain > rd->up_plain) {
		plain_span(rd, &from, &to);
		n = (size_t)(rd->nplain - rd->up_plain);
		if (to - from > n)
			from = to - n;
		strbuf_addf(&sb, "records, %zu rows", to - from);
		r = &rd->plain;
		rd->up_plain = rd->nplain;
		rd->up_snap = rd->nsnap;
	}
	if (r != NULL) {
		shown = 1;
		text_heading(&tf, 2, sb.buf, sb.len, out);
		n = pick_rows(rd, r, from, to, m, &idx, &more);
		rows_table(rd, r, idx, n, cols, nc, 1, &t);
		if (t.nrows > 0)
			text_table(&tf, &t, out);
		else
			text_line(&tf, "(no rows)", 9, out);
		more_line(&tf, n, more, out);
		table_release(&t);
		free(idx);
	}
	if (rd->nal > rd->up_alerts) {
		text_heading(&tf, 2, "alerts", 6, out);
		alerts_table(rd, rd->up_alerts, &t);
		text_table(&tf, &t, out);
		table_release(&t);
		rd->up_alerts = rd->nal;
		shown = 1;
	}
	if (shown)
		strbuf_addch(out, '\n');
	free(cols);
	strbuf_release(&sb);
}

void
reportdata_free(struct reportdata *rd)
{
	struct top *tp;
	size_t i, k;

	if (rd == NULL)
		return;
	for (i = 0; i < rd->ncol; i++) {
		free(rd->col[i].name);
		for (k = 0; k < rd->col[i].values.n; k++) {
			tp = rd->col[i].values.g[k].val;
			free(tp->acc);
			free(tp);
		}
		map_release(&rd->col[i].values);
	}
	free(rd->col);
	map_release(&rd->colmap);
	for (i = 0; i < rd->gmap.n; i++) {
		free(rd->grp[i].label);
		free(rd->grp[i].tot);
	}
	free(rd->grp);
	map_release(&rd->gmap);
	for (i = 0; i < rd->nwin; i++)
		free(rd->win[i].acc);
	free(rd->win);
	map_release(&rd->wmap);
	for (i = 0; i < rd->nbk; i++)
		bucket_release(&rd->bk[i]);
	free(rd->bk);
	rows_release(&rd->latest_rows);
	rows_release(&rd->closed_rows);
	rows_release(&rd->all);
	rows_release(&rd->plain);
	for (i = 0; i < rd->nal; i++) {
		free(rd->al[i].raw);
		free(rd->al[i].rule);
		free(rd->al[i].state);
		free(rd->al[i].severity);
		free(rd->al[i].since);
		free(rd->al[i].at);
		free(rd->al[i].message);
		free(rd->al[i].value);
		free(rd->al[i].labels);
	}
	free(rd->al);
	for (i = 0; i < rd->nrej; i++) {
		free(rd->rej[i].where);
		free(rd->rej[i].reason);
		free(rd->rej[i].text);
	}
	record_release(&rd->rec);
	strbuf_release(&rd->sb);
	strbuf_release(&rd->key);
	strbuf_release(&rd->label);
	free(rd->rowv);
	free(rd->rowhas);
	free(rd);
}
