/* SPDX-License-Identifier: MIT */
/* record.h -- one NDJSON record: raw bytes, fields read on demand. */
#ifndef SLUICE_RECORD_H
#define SLUICE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "json/path.h"
#include "json/scan.h"
#include "core/strbuf.h"
#include "time/timefmt.h"

/*
 * A record keeps the line it came from.  Fields are found by scanning
 * the raw bytes when asked for; nothing is decoded otherwise.  Writing
 * an unmodified record writes the line back byte for byte.  Setting a
 * field splices the new value into a private copy of the bytes: in
 * place of the old value, or before the closing brace (new keys go
 * last), without re-serialising the rest (DESIGN.md 8).  The buffers
 * are kept from record to record: editing allocates nothing once they
 * are large enough.
 */
struct record {
	const char		*text;	/* the object text, borrowed or own.buf */
	size_t			 len;
	struct jval		 root;
	struct strbuf		 own;
	struct strbuf		 spare;	/* the next own, swapped in by edits */
	struct strbuf		 member;	/* a member being added */
	struct jmember		*m;	/* top-level index, built lazily */
	size_t			 nm;
	size_t			 am;
	int			 indexed;
	/* Past RECORD_LINEAR members, their keys hashed, built lazily. */
	uint32_t		*slot;	/* 0 empty, else member index + 1 */
	size_t			 mask;	/* table size - 1 */
	int			 hashed;
	struct strbuf		 kbuf;	/* a key decoded */
};

#define RECORD_LINEAR	32
#define RECORD_INIT	{ NULL, 0, { JT_MISSING, 0, NULL, 0 }, STRBUF_INIT, \
			  STRBUF_INIT, STRBUF_INIT, NULL, 0, 0, 0, NULL, 0, 0, \
			  STRBUF_INIT }

/*
 * Take line[0..len) as the record (borrowed: it must stay valid while
 * the record is used).  Returns 0, or -1 with err->col and err->msg if
 * it is not one well-formed JSON object.
 */
int	record_parse(struct record *, const char *line, size_t len,
	    struct sluice_err *err);

/*
 * As record_parse(), but any JSON value is taken: in a scalar or an
 * array every field is missing.  0, or -1 with err set.
 */
int	record_scan(struct record *, const char *text, size_t len,
	    struct sluice_err *err);

/*
 * Take text[0..len), already checked by scan_document() into root, as
 * the record, without scanning it again.  Unlike record_parse() any
 * JSON value is accepted: in a scalar or array every field is missing.
 */
void	record_adopt(struct record *, const char *text, size_t len,
	    const struct jval *root);

/* Field lookup: 1 and *out filled if present, 0 if missing. */
int	record_get(struct record *, const struct path *, struct jval *out);
int	record_get_key(struct record *, const char *key, size_t klen,
	    struct jval *out);
/*
 * The time in a field: a string read by the options, or an epoch
 * number (a JSON number or a string of digits) in the options' unit,
 * which with TU_AUTO follows its magnitude (timefmt_parse_epoch(), the
 * rule of sluice(7) TIME).  Every tool reads event times through here.
 * Returns 1 and *ns, 0 if the field is missing or null, -1 if it is
 * there but not a time, or a time outside TIME_MIN .. TIME_MAX.
 */
int	record_time(struct record *, const struct path *,
	    const struct time_opts *, int64_t *ns, int *prec);
/* The same for a value already found (v may be of any type). */
int	record_time_value(const struct jval *v, const struct time_opts *,
	    int64_t *ns, int *prec);

/*
 * Set a top-level field to a value given as JSON text (trusted to be
 * valid), replacing the last member of that name or appending one.
 */
void	record_set_raw(struct record *, const char *key, size_t klen,
	    const char *json, size_t n);


/* Free what the record owns; it can be reused after record_parse(). */
void	record_release(struct record *);

#endif
