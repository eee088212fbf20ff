/* SPDX-License-Identifier: MIT */
/* fields.h -- a flat list of named values, as the ingest parsers build them. */
#ifndef SLUICE_FIELDS_H
#define SLUICE_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/* What a value is, and how fields_to_json writes it. */
enum ftype {
	F_STRING,	/* text, written as a JSON string */
	F_INFER,	/* text that becomes a number or boolean if it is one */
	F_NUMBER,	/* text of a JSON number, written as is */
	F_TRUE,
	F_FALSE,
	F_NULL,
	F_JSON,		/* valid JSON text, written as is */
	F_TIME		/* the record's time: fl->ts, written as RFC 3339 */
};

struct field {
	size_t		key;		/* offsets into fieldlist.buf */
	size_t		klen;
	size_t		val;
	size_t		vlen;
	enum ftype	type;
};

/*
 * Fields in order.  Keys and values are copied into buf, so a parser
 * may build a list from a line it does not keep.  Adding a key that is
 * already present replaces its value in place (the last one wins).
 * Past FIELDS_LINEAR fields the keys are also in a hash table, so that
 * a line of many fields costs time in proportion to them, not to
 * their square.
 */
struct fieldlist {
	struct field	*f;
	size_t		 n;
	size_t		 cap;
	struct strbuf	 buf;
	int64_t		 ts;		/* for F_TIME fields */
	int		 ts_prec;	/* fraction digits of the source */
	uint32_t	*slot;		/* 0 empty, else field index + 1 */
	size_t		 mask;		/* table size - 1; 0: no table */
};

#define FIELDS_LINEAR	16
#define FIELDLIST_INIT	{ NULL, 0, 0, STRBUF_INIT, 0, 0, NULL, 0 }

void	fields_reset(struct fieldlist *);
void	fields_add(struct fieldlist *, const char *key, size_t klen,
	    const char *val, size_t vlen, enum ftype);
/* Same without looking for the key: the caller knows it is new. */
void	fields_append(struct fieldlist *, const char *key, size_t klen,
	    const char *val, size_t vlen, enum ftype);
/* Add the record time as an F_TIME field named "@timestamp". */
void	fields_add_time(struct fieldlist *, int64_t ns, int prec);
/* Index of a key, or -1. */
long	fields_find(const struct fieldlist *, const char *key, size_t klen);
/* Pointers to a field's key and value (valid until the next add). */
const char *fields_key(const struct fieldlist *, size_t i);
const char *fields_val(const struct fieldlist *, size_t i);

/*
 * Append the list as one JSON object.  With infer, F_INFER values that
 * are numbers or true/false are written as such; else as strings.
 * Returns the number of bytes of keys and values that were not UTF-8,
 * each written as U+FFFD.
 */
size_t	fields_to_json(const struct fieldlist *, int infer, struct strbuf *);
void	fields_release(struct fieldlist *);

#endif
