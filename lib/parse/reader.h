/* SPDX-License-Identifier: MIT */
/* reader.h -- the lines of ingest's files made into NDJSON records. */
#ifndef SLUICE_READER_H
#define SLUICE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "io/input.h"
#include "parse/logparse.h"
#include "parse/multiline.h"
#include "parse/stamp.h"

/*
 * What a reader makes of the lines it is given, handed to the owner:
 * each record (one JSON object, no newline; valid during the call;
 * from a text format whose line was not all UTF-8, with the count of
 * its bytes that were not as @utf8_repaired, each now U+FFFD),
 * and each line it cannot read, with why (col: the 1-based column of
 * the problem, 0 if none).  Notes: the format -f auto chose for each
 * file (once per file); a hint, once, when none of the first
 * READER_HINT_RECORDS records (or all, if fewer) has a time, naming a
 * field that looks like one; a hint, once, when -f ndjson meets a
 * line 1 that is not JSON, naming the format it looks like.  A record
 * that spans lines is rejected at its first line, whole (ln->p holds
 * its lines joined by '\n'); one cut short by the end of its file has
 * ln->p NULL.
 */
enum reader_note {
	READER_FORMAT,	/* "reading as FORMAT": what -f auto chose */
	READER_HINT	/* what to try: the run should end in failure */
};
struct reader_out {
	void	(*record)(void *arg, const char *p, size_t n);
	void	(*reject)(void *arg, const struct line *ln, size_t col,
		    const char *reason);
	void	 *arg;
	/* A message about file (NULL: none wanted); msg valid during the call. */
	void	(*note)(void *arg, enum reader_note, const char *file,
		    const char *msg);
};

struct reader_opts {
	enum logformat		 format;	/* LF_AUTO: per file */
	struct logparse_opts	 lpo;
	int			 infer;		/* csv ... values typed */
	const char		*time_field;	/* NULL: found; "none" */
	struct time_opts	 topts;
	struct multiline_opts	 ml;		/* --multiline */
};

/* What a reader has seen so far. */
struct reader_counts {
	uint64_t	records;	/* written */
	uint64_t	untimed;	/* of them, without a time */
	uint64_t	skipped;	/* empty lines and headers */
	uint64_t	continued;	/* lines of multi-line records */
	uint64_t	repaired;	/* of them, from text not all UTF-8 */
	uint32_t	formats;	/* -f auto: 1 << each format chosen */
};

/* The records looked at for a time before the hint of reader_out. */
#define READER_HINT_RECORDS	1000

struct reader;

/*
 * A reader writing to out (copied).  Returns it, or NULL with err->col
 * and err->msg when o->time_field is not a field path, or o->ml.pattern
 * is not a pattern or is given with a format that cannot take it
 * (multiline_takes()).  With -f auto, o->ml applies to each file whose
 * format takes it, and the "reading as" note of the others says not.
 */
struct reader	*reader_new(const struct reader_opts *o,
		    const struct reader_out *out, struct sluice_err *err);
/*
 * Read one input line.  A new file (a new name, or line 1 again after
 * a rotation) ends the last one (see reader_end()) and starts its
 * format afresh: its header for csv, its year for syslog, its format
 * for LF_AUTO.  A csv file resumed mid-way (--state) has its header
 * read again from its start, a w3c file its directives before the
 * resumed line.
 */
void	reader_line(struct reader *, const struct line *ln);
/*
 * Whether it holds lines of a record not yet complete (a csv record over
 * lines; a --multiline record, until a line that does not continue it),
 * or (-f auto) the first lines of a file, until it can tell the format
 * (at most DETECT_LINES lines).
 */
int	reader_pending(const struct reader *);
/*
 * The input waits: decide the format of the lines held (-f auto), and
 * complete a --multiline record held.
 */
void	reader_idle(struct reader *);
/* The input ended: complete or reject a record still pending. */
void	reader_end(struct reader *);
const struct reader_counts *reader_counts(const struct reader *);
void	reader_free(struct reader *);

#endif
