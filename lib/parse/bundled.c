/* SPDX-License-Identifier: MIT */
/* bundled.c -- the format files built into ingest: -f postgres, ... */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse/bundled.h"

const struct bundled_fmt *
bundled_find(const char *name)
{
	size_t i;

	for (i = 0; i < bundled_count; i++)
		if (strcmp(bundled_fmts[i].name, name) == 0)
			return &bundled_fmts[i];
	return NULL;
}

int
bundled_read(const struct bundled_fmt *b, struct fmtdef *def,
    struct sluice_err *err)
{
	FILE *fp;
	int r;

	memset(def, 0, sizeof(*def));
	err->line = 0;
	/* fmemopen() does not write to a buffer opened "r". */
	if ((fp = fmemopen((void *)(uintptr_t)b->text, strlen(b->text),
	    "r")) == NULL)
		return err_set(err, 0, "%s", strerror(errno));
	r = fmtfile_read_fp(fp, b->name, def, err);
	fclose(fp);
	return r;
}
