/* SPDX-License-Identifier: MIT */
/* state.c -- remember how far each file was read, from one run to the next. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/hash.h"
#include "io/decomp.h"
#include "io/state.h"
#include "core/strbuf.h"
#include "json/jsonw.h"

/*
 * FNV-1a over the first n bytes of the content of the file at path
 * (decompressed if it is compressed: positions count the bytes of the
 * content); -1 if it holds fewer than n, or fewer than need, or if id
 * is not NULL and path is no longer the file id.
 */
static int
fingerprint(const char *path, const struct stat *id, int64_t n,
    int64_t need, uint64_t *out)
{
	unsigned char buf[STATE_FINGERPRINT_BYTES];
	struct stat st;
	int64_t got;
	int fd;

	if (n > (int64_t)sizeof(buf))
		n = sizeof(buf);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (id != NULL && (fstat(fd, &st) == -1 || st.st_dev != id->st_dev ||
	    st.st_ino != id->st_ino)) {
		close(fd);
		return -1;
	}
	got = decomp_file_head(fd, buf, (size_t)n, need);
	close(fd);
	if (got < n || got < need)
		return -1;
	*out = hash_fnv1a(HASH_FNV1A_INIT, buf, (size_t)n);
	return 0;
}

static const struct state_entry *
find(const struct state *st, const char *path)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (strcmp(st->e[i].path, path) == 0)
			return &st->e[i];
	return NULL;
}

/* An unsigned number, or a string of digits for one above INT64_MAX. */
static uint64_t
get_u64(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (json_is_string(v))
		return strtoull(json_string_value(v), NULL, 10);
	return json_is_integer(v) ? (uint64_t)json_integer_value(v) : 0;
}

static void
put_u64(struct strbuf *sb, const char *k, uint64_t v)
{
	if (v > INT64_MAX)
		strbuf_addf(sb, ",\"%s\":\"%llu\"", k, (unsigned long long)v);
	else
		strbuf_addf(sb, ",\"%s\":%llu", k, (unsigned long long)v);
}

int
state_read(struct state *st, const char *text, size_t len,
    struct sluice_err *e)
{
	struct state_entry *se;
	json_error_t jerr;
	json_t *o, *fp;
	const char *p, *nl, *end = text + len;
	size_t lineno = 0;

	memset(st, 0, sizeof(*st));
	for (p = text; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p)
			continue;
		if ((o = json_loadb(p, (size_t)(nl - p), 0, &jerr)) == NULL ||
		    !json_is_string(json_object_get(o, "path"))) {
			json_decref(o);
			e->line = lineno;
			err_set(e, 0, "line %zu: not a state entry", lineno);
			state_release(st);
			return -1;
		}
		st->e = xreallocarray(st->e, st->n + 1, sizeof(*st->e));
		se = &st->e[st->n++];
		se->path = xstrdup(json_string_value(json_object_get(o,
		    "path")));
		se->dev = get_u64(o, "dev");
		se->ino = get_u64(o, "ino");
		se->offset = (int64_t)get_u64(o, "offset");
		se->lineno = get_u64(o, "line");
		se->fplen = (int64_t)get_u64(o, "fingerprint_bytes");
		fp = json_object_get(o, "fingerprint");
		se->fp = json_is_string(fp) ? strtoull(json_string_value(fp),
		    NULL, 16) : 0;
		json_decref(o);
	}
	return 0;
}

/*
 * Whether path begins as se did and holds at least its offset (the
 * length last: a compressed file is decompressed that far).
 */
static int
same_content(const struct state_entry *se, const char *path)
{
	uint64_t h;

	if (fingerprint(path, NULL, se->fplen, 0, &h) == -1 ||
	    (se->fplen > 0 && h != se->fp))
		return 0;
	return se->offset <= se->fplen ||
	    fingerprint(path, NULL, se->fplen, se->offset, &h) == 0;
}

/*
 * The rotated copy of se: a file in the same directory whose name
 * starts with the base name, holds at least se->offset bytes and
 * begins as se did; one with se's inode (renamed) is preferred to one
 * with another (copied, or compressed: its content is compared).
 */
static char *
find_rotated(const struct state_entry *se, const char *path)
{
	struct strbuf cand = STRBUF_INIT;
	const char *slash, *base;
	struct dirent *de;
	struct stat st;
	char *dir, *found = NULL, *copied = NULL;
	size_t blen, nlen;
	DIR *d;

	slash = strrchr(path, '/');
	dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) :
	    xstrdup("./");
	base = slash ? slash + 1 : path;
	blen = strlen(base);
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return NULL;
	}
	while (found == NULL && (de = readdir(d)) != NULL) {
		nlen = strlen(de->d_name);
		if (nlen <= blen || strncmp(de->d_name, base, blen) != 0)
			continue;
		if (nlen > 3 && strcmp(de->d_name + nlen - 3, ".xz") == 0)
			continue;
		strbuf_reset(&cand);
		if (slash)
			strbuf_addstr(&cand, dir);
		strbuf_addstr(&cand, de->d_name);
		if (stat(cand.buf, &st) == -1 || !S_ISREG(st.st_mode) ||
		    !same_content(se, cand.buf))
			continue;
		if ((uint64_t)st.st_dev == se->dev &&
		    (uint64_t)st.st_ino == se->ino)
			found = xstrdup(cand.buf);
		else if (copied == NULL && se->fplen > 0)
			copied = xstrdup(cand.buf);
	}
	closedir(d);
	free(dir);
	strbuf_release(&cand);
	if (found == NULL)
		return copied;
	free(copied);
	return found;
}

/* Add a source for path to in, remembering that it reads path. */
static void
plan_add(struct state *st, struct input *in, const char *file,
    const char *path, off_t start, uint64_t lineno, int rotated)
{
	size_t k = input_nsources(in);

	if (rotated)
		input_add_rotated(in, file, start, lineno);
	else
		input_add(in, file, start, lineno);
	if (st->nowner <= k) {
		st->owner = xreallocarray(st->owner, k + 1,
		    sizeof(*st->owner));
		while (st->nowner <= k)
			st->owner[st->nowner++] = NULL;
	}
	st->owner[k] = xstrdup(path);
}

void
state_plan(struct state *st, const char *path, struct input *in,
    char *note, size_t notesz)
{
	const struct state_entry *se;
	struct stat cur;
	char *old;
	int missing;

	note[0] = '\0';
	if ((se = find(st, path)) == NULL) {
		plan_add(st, in, path, path, 0, 0, 0);
		return;
	}
	missing = stat(path, &cur) == -1;
	if (!missing && (uint64_t)cur.st_dev == se->dev &&
	    (uint64_t)cur.st_ino == se->ino && same_content(se, path)) {
		plan_add(st, in, path, path, (off_t)se->offset, se->lineno,
		    0);
		return;
	}
	/* Rotated (or truncated): look for the rest of the old file. */
	if ((old = find_rotated(se, path)) != NULL) {
		if (missing)
			snprintf(note, notesz, "rotated since the last run, "
			    "and not created again yet; reading the rest of "
			    "%s", old);
		else
			snprintf(note, notesz, "rotated since the last run; "
			    "reading the rest of %s first", old);
		plan_add(st, in, old, path, (off_t)se->offset, se->lineno,
		    1);
		free(old);
		/* Followed, the new file is waited for. */
		if (missing && !(input_flags(in) & INPUT_FOLLOW))
			return;
	} else if (!missing)
		snprintf(note, notesz, "rotated or truncated since the last "
		    "run, and the old file was not found; reading from the "
		    "start");
	plan_add(st, in, path, path, 0, 0, 0);
}

static void
put_entry(struct strbuf *sb, const struct state_entry *se)
{
	strbuf_addstr(sb, "{\"path\":");
	jsonw_string(sb, se->path, strlen(se->path));
	put_u64(sb, "dev", se->dev);
	put_u64(sb, "ino", se->ino);
	strbuf_addf(sb, ",\"offset\":%lld,\"line\":%llu,"
	    "\"fingerprint\":\"%016llx\",\"fingerprint_bytes\":%lld}\n",
	    (long long)se->offset, (unsigned long long)se->lineno,
	    (unsigned long long)se->fp, (long long)se->fplen);
}

/* Set the entry for path to pos, the file last read for it. */
static void
update(struct state *st, const struct input_pos *pos, const char *path)
{
	struct state_entry *se = NULL, ne;
	struct stat id;
	size_t i;

	memset(&ne, 0, sizeof(ne));
	ne.dev = (uint64_t)pos->dev;
	ne.ino = (uint64_t)pos->ino;
	ne.offset = (int64_t)pos->offset;
	ne.lineno = pos->lineno;
	ne.fplen = ne.offset < STATE_FINGERPRINT_BYTES ? ne.offset :
	    STATE_FINGERPRINT_BYTES;
	/* Hash the file that was read, not whatever pos->path is now. */
	memset(&id, 0, sizeof(id));
	id.st_dev = pos->dev;
	id.st_ino = pos->ino;
	if (ne.fplen > 0 &&
	    fingerprint(pos->path, &id, ne.fplen, 0, &ne.fp) == -1)
		ne.fplen = 0;
	for (i = 0; i < st->n; i++)
		if (strcmp(st->e[i].path, path) == 0)
			se = &st->e[i];
	if (se == NULL) {
		st->e = xreallocarray(st->e, st->n + 1, sizeof(*st->e));
		se = &st->e[st->n++];
		se->path = xstrdup(path);
	}
	ne.path = se->path;
	*se = ne;
}

void
state_write(struct state *st, const struct input *in, char *const paths[],
    int npaths, struct strbuf *sb)
{
	struct input_pos pos;
	const char *owner;
	size_t i, k;
	int j;

	for (j = 0; j < npaths; j++) {
		/* The last source read for this path. */
		for (k = input_nsources(in); k-- > 0;) {
			input_source_pos(in, k, &pos);
			owner = k < st->nowner && st->owner[k] != NULL ?
			    st->owner[k] : pos.path;
			if (pos.path != NULL && pos.opened && owner != NULL &&
			    strcmp(owner, paths[j]) == 0) {
				update(st, &pos, paths[j]);
				break;
			}
		}
	}
	for (i = 0; i < st->n; i++)
		put_entry(sb, &st->e[i]);
}

void
state_release(struct state *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		free(st->e[i].path);
	free(st->e);
	st->e = NULL;
	st->n = 0;
	for (i = 0; i < st->nowner; i++)
		free(st->owner[i]);
	free(st->owner);
	st->owner = NULL;
	st->nowner = 0;
}
