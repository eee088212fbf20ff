/* SPDX-License-Identifier: MIT */
/* report_int.h -- the model's insides, shared by lib/report's files alone. */
#ifndef SLUICE_REPORT_INT_H
#define SLUICE_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/map.h"
#include "core/strbuf.h"
#include "json/record.h"
#include "report/merge.h"
#include "report/model.h"
#include "report/points.h"
#include "report/pstate.h"
#include "report/rows.h"
#include "stream/stream.h"

#define NO_INDEX	((size_t)-1)

/* Types seen in a column. */
#define T_NUM	0x1
#define T_STR	0x2	/* strings and booleans */
#define T_NULL	0x4
#define T_OTHER	0x8	/* objects and arrays */

/* Per distinct value of a key column: rows and merged metrics. */
struct top {
	uint64_t	 rows;
	struct merge	*acc;		/* per column */
	size_t		 nacc;
};

struct col {
	char		*name;
	size_t		 nlen;
	struct path	*path;		/* --columns, borrowed */
	unsigned	 types[2];	/* T_*, in plain [0], windowed [1] */
	uint64_t	 rows[2];	/* rows that have it, same */
	int		 at;		/* the name starts with '@' */
	int		 key;		/* named by --by: a key, whatever it holds */
	int		 by;		/* the meta record names it a group key */
	int		 metric;	/* the meta record names it a metric */
	struct map	 values;	/* key values -> struct top */
};

struct grp {
	char		*label;
	size_t		 lablen;
	struct merge	*tot;		/* per column */
	size_t		 ntot;
	size_t		 lastwin;	/* its last row's window + 1, or 0 */
	uint64_t	 rows;
	struct agg_acc	*state;		/* its partial states, merged */
};

struct win {
	const char	*start;		/* in the window map's key */
	const char	*end;
	size_t		 slen;
	size_t		 elen;
	int64_t		 s_ns;
	int64_t		 e_ns;
	uint64_t	 rows;
	struct merge	*acc;		/* per column */
	size_t		 nacc;
	struct agg_acc	*state;		/* its groups' states, merged */
	struct merge	*fin;		/* per column, one value from state */
	size_t		 nfin;
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

/*
 * The window still open that provisional rows show (aggregate --early,
 * sluice(7)), kept with model_opts.early alone: the newest window that
 * provisional rows came for and that is newer than the newest closed
 * one, and per group the latest provisional row.  A final row or a
 * close marker of that window (or of a newer one) ends it.
 */
struct early {
	int		 open;		/* a window is shown */
	struct strbuf	 bounds;	/* "start\0end" */
	size_t		 slen;		/* of start */
	int64_t		 s_ns;
	int64_t		 e_ns;
	struct map	 groups;	/* group key -> index into row */
	struct strbuf	*row;		/* per group, the latest row's text */
	size_t		 arow;
	uint64_t	 updates;	/* provisional rows taken in, ever */
	struct rows	 shown;		/* the rows view_open() gives */
	uint64_t	 shown_at;	/* updates when shown was made */
};

struct reject {
	char		*where;
	char		*reason;
	char		*text;
};

struct model {
	struct model_opts	 o;
	struct col		*col;
	size_t			 ncol;
	size_t			 acol;
	struct map		 colmap;
	struct grp		*grp;
	size_t			 agrp;
	struct map		 gmap;
	struct win		*win;
	size_t			 nwin;
	size_t			 awin;
	struct map		 wmap;
	struct points		 pts;
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
	uint64_t		 nearly;	/* provisional rows */
	struct alert		*al;
	size_t			 nal;
	size_t			 aal;
	struct reject		 rej[MODEL_MAX_REJECTS];
	size_t			 nrej;
	struct stream_meta	 meta;		/* the last meta record */
	int			 has_meta;
	int			 guessed;	/* see model_guessed() */
	int64_t			 tmin;		/* plain rows' timestamps */
	int64_t			 tmax;
	struct early		 early;		/* model_opts.early */
	/* Partial states (pstate.h), once a partial record came. */
	struct pstate		*ps;
	struct agg_acc		*all_state;	/* all groups' */
	uint64_t		 line;		/* model_line() */
	struct record		 prow;		/* merged partial record */
	struct record		 frow;		/* its row */
	struct strbuf		 psb;
	struct strbuf		 why;
	size_t			 why_col;
	/* Scratch for one row, and for the renderings. */
	struct record		 rec;
	struct strbuf		 sb;
	struct strbuf		 key;
	struct strbuf		 label;
	struct jval		*rowv;
	unsigned char		*rowhas;
	size_t			 arow;
	/* What live_update() has shown. */
	size_t			 up_alerts;
	size_t			 up_latest;
	size_t			 up_latest_rows;
	uint64_t		 up_plain;
	uint64_t		 up_snap;
	uint64_t		 up_early;	/* early.updates shown */
};

/*
 * Which alerts are firing now: those in state firing that are the last
 * word on their rule and labels.  Returns a new array of m->nal flags
 * (free it) and their number in *count.
 */
unsigned char	*model_firing(const struct model *, uint64_t *count);
/*
 * What the meta record says column c is (borrowed), or NULL if there
 * is no meta record or it does not name the column.
 */
const struct stream_metric *model_metric(const struct model *, size_t c);
/* Whether the meta record names column c as a group key. */
int	model_is_by(const struct model *, size_t c);
/*
 * Whether value v of column c is a group key value (report(1)): any
 * value of a column --by or the meta record's "by" names; else never
 * in a column the meta record names a metric; else a string or a
 * boolean, or, when a meta record came, a number (it is no aggregate
 * output).  Null is a key value only in a named key column.
 */
int	model_key_value(const struct model *, size_t c, const struct jval *v);

/*
 * The values of the partial states acc finalized (pstate_values(), secs
 * for rate), for each metric column that does not combine by its rule
 * (MERGE_NONE): one value (merge_add()) in (*fin)[c], grown by
 * merge_at(); columns whose result is not a number are left empty.
 */
void	model_finalize(struct model *, struct agg_acc *acc, double secs,
	    struct merge **fin, size_t *nfin);

#endif
