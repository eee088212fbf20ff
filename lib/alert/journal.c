/* SPDX-License-Identifier: MIT */
/* journal.c -- the notifications already run, so a restart never runs one twice. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert/journal.h"
#include "core/hash.h"
#include "core/strbuf.h"
#include "io/atomic.h"
#include "io/file.h"

/* The journal's key of an alert: 16 hex digits of its hash. */
static void
key_of(const char *json, size_t n, char key[17])
{
	snprintf(key, 17, "%016" PRIx64, hash_bytes(json, n));
}

static void
remember(struct journal *j, const char *key, int64_t id)
{
	struct map_entry *e;
	int created;

	e = map_insert(&j->seen, key, 16, hash_bytes(key, 16), &created);
	e->n = (uint64_t)id + 1;
}

/*
 * Open j->path for appending, the one before closed: 0, or -1 with a
 * message.  Never through a link (O_NOFOLLOW: ELOOP if it is one).
 */
static int
journal_append(struct journal *j, struct sluice_err *err)
{
	if (j->fd != -1)
		close(j->fd);
	if ((j->fd = open(j->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0666)) == -1)
		return err_set(err, 0, "%s: %s", j->path, errno == ELOOP ?
		    "a symbolic link; not followed" : strerror(errno));
	return 0;
}

/* Whether the line p..nl is "KEY ID" or "KEY ID +"; its ID to *id. */
static int
parse_line(const char *p, const char *nl, int64_t *id)
{
	return nl - p >= 18 && p[16] == ' ' &&
	    sscanf(p + 17, "%" SCNd64, id) == 1;
}

/* Whether the line p..nl goes on: "KEY ID +", a batch not ended yet. */
static int
goes_on(const char *p, const char *nl)
{
	return nl - p >= 2 && nl[-1] == '+' && nl[-2] == ' ';
}

int
journal_open(struct journal *j, const char *state_path,
    struct sluice_err *err)
{
	struct strbuf text = STRBUF_INIT;
	const char *p, *q, *nl, *end, *batch = NULL;
	int64_t id;
	int r;

	memset(j, 0, sizeof(*j));
	j->fd = -1;
	strbuf_addf(&text, "%s.exec", state_path);
	j->path = strbuf_detach(&text, NULL);
	if ((r = file_read_if(j->path, &text, err)) == -1) {
		strbuf_release(&text);
		return -1;
	}
	/* A missing or empty journal has no buffer yet: no NULL + 0. */
	strbuf_grow(&text, 0);
	end = text.buf + text.len;
	for (p = text.buf; r == 1 && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;		/* a line cut by a crash: not run */
		if (!parse_line(p, nl, &id)) {
			strbuf_release(&text);
			return err_set(err, 0, "%s is damaged", j->path);
		}
		/* A batch counts once its last line is there. */
		if (goes_on(p, nl)) {
			if (batch == NULL)
				batch = p;
			continue;
		}
		for (q = batch; q != NULL && q < p; q = strchr(q, '\n') + 1) {
			parse_line(q, strchr(q, '\n'), &id);
			remember(j, q, id);
		}
		parse_line(p, nl, &id);
		batch = NULL;
		remember(j, p, id);
	}
	strbuf_release(&text);
	return journal_append(j, err);
}

int
journal_seen(struct journal *j, const char *json, size_t n)
{
	char key[17];

	key_of(json, n, key);
	return map_find(&j->seen, key, 16, hash_bytes(key, 16)) != NULL;
}

int
journal_add(struct journal *j, const char *json, size_t n, int64_t id,
    struct sluice_err *err)
{
	char key[17], line[64];
	int len;

	key_of(json, n, key);
	len = snprintf(line, sizeof(line), "%s %" PRId64 "\n", key, id);
	if (write(j->fd, line, (size_t)len) != len || fsync(j->fd) == -1)
		return err_set(err, 0, "%s: %s", j->path, strerror(errno));
	remember(j, key, id);
	return 0;
}

int
journal_add_lines(struct journal *j, const char *text, size_t n, int64_t id,
    struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *nl, *end = text + n;
	char key[17];
	int rv = 0;

	for (p = text; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		key_of(p, (size_t)(nl - p), key);
		/* Every line but the last says the batch goes on. */
		strbuf_addf(&sb, "%s %" PRId64 "%s\n", key, id,
		    nl + 1 < end ? " +" : "");
	}
	if (sb.len > 0 && ((size_t)write(j->fd, sb.buf, sb.len) != sb.len ||
	    fsync(j->fd) == -1))
		rv = err_set(err, 0, "%s: %s", j->path, strerror(errno));
	/* Remembered only once they are on disk. */
	for (p = sb.buf; rv == 0 && p != NULL && p < sb.buf + sb.len;
	    p = strchr(p, '\n') + 1)
		remember(j, p, id);
	strbuf_release(&sb);
	return rv;
}

int
journal_prune(struct journal *j, int64_t keep, struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rv;

	for (i = 0; i < j->seen.n;) {
		if ((int64_t)j->seen.g[i].n - 1 < keep) {
			map_remove(&j->seen, &j->seen.g[i]);
			continue;
		}
		strbuf_addf(&sb, "%.16s %" PRId64 "\n", j->seen.g[i].key,
		    (int64_t)j->seen.g[i].n - 1);
		i++;
	}
	rv = atomic_replace(j->path, sb.buf ? sb.buf : "", sb.len, err);
	strbuf_release(&sb);
	/* The old file is gone: append to the new one from now on. */
	if (rv == 0)
		rv = journal_append(j, err);
	return rv;
}

void
journal_close(struct journal *j)
{
	if (j->fd != -1)
		close(j->fd);
	map_release(&j->seen);
	free(j->path);
	memset(j, 0, sizeof(*j));
}
