/* SPDX-License-Identifier: MIT */
/* bundled.h -- the format files built into ingest: -f postgres, ... */
#ifndef SLUICE_BUNDLED_H
#define SLUICE_BUNDLED_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fmtfile.h"

/*
 * A bundled format: a format file of lib/parse/formats/ (one format,
 * named as the file), built in by embed.sh.  Static, never freed.
 */
struct bundled_fmt {
	const char	*name;		/* "postgres" */
	const char	*desc;		/* its file's first line, one line */
	const char	*text;		/* the whole file */
};

/* The bundled formats, sorted by name (generated: build/gen/formats.c). */
extern const struct bundled_fmt bundled_fmts[];
extern const size_t bundled_count;

/* The bundled format named name, or NULL. */
const struct bundled_fmt *bundled_find(const char *name);

/*
 * Read the bundled format b into def (owned by the caller: release with
 * fmtdef_release).  Returns 0, or -1 with err as fmtfile_read sets it.
 */
int	bundled_read(const struct bundled_fmt *b, struct fmtdef *def,
	    struct sluice_err *err);

#endif
