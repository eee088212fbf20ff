/* SPDX-License-Identifier: MIT */
/* file.c -- read a whole file into memory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "io/file.h"

int
file_read(const char *path, struct strbuf *sb, struct sluice_err *err)
{
	int r;

	if ((r = file_read_if(path, sb, err)) == 0)
		return err_set(err, 0, "%s: %s", path, strerror(ENOENT));
	return r == 1 ? 0 : -1;
}

int
file_read_if(const char *path, struct strbuf *sb, struct sluice_err *err)
{
	char buf[65536];
	size_t n;
	FILE *fp;
	int rv = 1;

	if ((fp = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 :
		    err_set(err, 0, "%s: %s", path, strerror(errno));
	strbuf_add(sb, "", 0);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(sb, buf, n);
	if (ferror(fp))
		rv = err_set(err, 0, "%s: %s", path, strerror(errno));
	fclose(fp);
	return rv;
}
