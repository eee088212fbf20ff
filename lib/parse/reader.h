/* SPDX-License-Identifier: MIT */
/* reader.h -- the lines of ingest's files made into NDJSON records. */
#ifndef SLUICE_READER_H
#define SLUICE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "io/input.h"
#include "parse/logparse.h"
#include "parse/stamp.h"

/*
 * What a reader makes of the lines it is given, handed to the owner:
 * each record (one JSON object, no newline; valid during the call;
 * from a text format whose line was not all UTF-8, with the count of
 * its bytes that were not as @utf8_repaired, each now U+FFFD),
 * and each line it cannot read, with why (col: the 1-based column of
 * the problem, 0 if none).  A record that spans lines is rejected at
 * its first line, whole (ln->p holds its lines joined by '\n'); one
 * cut short by the end of its file has ln->p NULL.
 */
struct reader_out {
	void	(*record)(void *arg, const char *p, size_t n);
	void	(*reject)(void *arg, const struct line *ln, size_t col,
		    const char *reason);
	void	 *arg;
};

struct reader_opts {
	enum logformat		 format;	/* LF_AUTO: per file */
	struct logparse_opts	 lpo;
	int			 infer;		/* csv ... values typed */
	const char		*time_field;	/* NULL: found; "none" */
	struct time_opts	 topts;
};

/* What a reader has seen so far. */
struct reader_counts {
	uint64_t	records;	/* written */
	uint64_t	untimed;	/* of them, without a time */
	uint64_t	skipped;	/* empty lines and headers */
	uint64_t	continued;	/* lines of multi-line records */
	uint64_t	repaired;	/* of them, from text not all UTF-8 */
};

struct reader;

/*
 * A reader writing to out (copied).  Returns it, or NULL with err->col
 * and err->msg when o->time_field is not a field path.
 */
struct reader	*reader_new(const struct reader_opts *o,
		    const struct reader_out *out, struct sluice_err *err);
/*
 * Read one input line.  A new file (a new name, or line 1 again after
 * a rotation) ends the last one (see reader_end()) and starts its
 * format afresh: its header for csv, its year for syslog, its format
 * for LF_AUTO.  A csv file resumed mid-way (--state) has its header
 * read again from its start.
 */
void	reader_line(struct reader *, const struct line *ln);
/* Whether it holds lines of a record not yet complete. */
int	reader_pending(const struct reader *);
/* The input ended: complete or reject a record still pending. */
void	reader_end(struct reader *);
const struct reader_counts *reader_counts(const struct reader *);
void	reader_free(struct reader *);

#endif
