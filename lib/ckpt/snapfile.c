/* SPDX-License-Identifier: MIT */
/* snapfile.c -- a stage's state file: versioned, checked, two generations. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ckpt/snapfile.h"
#include "core/hash.h"
#include "io/atomic.h"
#include "io/file.h"
#include "json/jsonw.h"
#include "json/scan.h"

/* The files of a state: the newest, the one before, and one on its way. */
enum { F_CUR, F_PREV, F_NEW, NFILES };
static const char *const suffix[NFILES] = { "", ".prev", ".new" };

static void
file_name(struct strbuf *sb, const char *path, int which)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, path);
	strbuf_addstr(sb, suffix[which]);
}

void
snapgen_init(struct snapgen *g)
{
	static const struct strbuf empty = STRBUF_INIT;

	memset(g, 0, sizeof(*g));
	g->output_length = -1;
	g->body = empty;
}

void
snapgen_release(struct snapgen *g)
{
	free(g->source);
	strbuf_release(&g->body);
	snapgen_init(g);
}

int
snapfile_check(const char *path, struct sluice_err *err)
{
	struct strbuf dir = STRBUF_INIT;
	struct stat st;
	const char *slash;
	int rv = 0;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return err_set(err, 0, "%s is a directory", path);
	if ((slash = strrchr(path, '/')) == NULL)
		strbuf_addch(&dir, '.');
	else if (slash == path)
		strbuf_addch(&dir, '/');
	else
		strbuf_add(&dir, path, (size_t)(slash - path));
	if (access(dir.buf, W_OK | X_OK) == -1)
		rv = err_set(err, 0, "cannot write in %s: %s", dir.buf,
		    strerror(errno));
	strbuf_release(&dir);
	return rv;
}

/* The fnv1a of a body, as 16 hex digits in buf. */
static void
body_hash(const struct strbuf *body, char buf[17])
{
	snprintf(buf, 17, "%016" PRIx64,
	    hash_fnv1a(HASH_FNV1A_INIT, body->buf, body->len));
}

static size_t
count_lines(const char *p, size_t n)
{
	size_t k = 0;
	const char *q, *end = p + n;

	for (; p < end && (q = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = q + 1)
		k++;
	return k;
}

static void
add_member(struct strbuf *sb, const char *key)
{
	strbuf_addch(sb, ',');
	jsonw_string(sb, key, strlen(key));
	strbuf_addch(sb, ':');
}

int
snapfile_save(const char *path, const struct snapid *who,
    const struct snapgen *g, struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT, cur = STRBUF_INIT,
	    prev = STRBUF_INIT, next = STRBUF_INIT;
	char hex[17];
	size_t i;
	int rv = -1;

	strbuf_addf(&sb, "{\"sluice_state\":%d", SNAPFILE_VERSION);
	add_member(&sb, "tool");
	jsonw_string(&sb, who->tool, strlen(who->tool));
	add_member(&sb, "config");
	strbuf_addch(&sb, '[');
	for (i = 0; i < who->nconfig; i++) {
		if (i > 0)
			strbuf_addch(&sb, ',');
		jsonw_string(&sb, who->config[i], strlen(who->config[i]));
	}
	strbuf_addch(&sb, ']');
	add_member(&sb, "id");
	jsonw_int(&sb, g->id);
	if (g->source != NULL) {
		add_member(&sb, "source");
		jsonw_string(&sb, g->source, strlen(g->source));
	}
	add_member(&sb, "output_length");
	jsonw_int(&sb, g->output_length);
	add_member(&sb, "lines");
	jsonw_int(&sb, (int64_t)count_lines(g->body.buf, g->body.len));
	add_member(&sb, "fnv1a");
	body_hash(&g->body, hex);
	jsonw_string(&sb, hex, 16);
	strbuf_addstr(&sb, "}\n");
	strbuf_add(&sb, g->body.buf, g->body.len);

	file_name(&cur, path, F_CUR);
	file_name(&prev, path, F_PREV);
	file_name(&next, path, F_NEW);
	/*
	 * The new generation is durable as path.new before the old ones
	 * move: at any instant the newest two are among the three files.
	 */
	if (atomic_replace(next.buf, sb.buf, sb.len, err) == -1)
		goto out;
	if (rename(cur.buf, prev.buf) == -1 && errno != ENOENT) {
		err_set(err, 0, "rename %s: %s", cur.buf, strerror(errno));
		goto out;
	}
	if (rename(next.buf, cur.buf) == -1) {
		err_set(err, 0, "rename %s: %s", next.buf, strerror(errno));
		goto out;
	}
	rv = 0;
out:
	strbuf_release(&sb);
	strbuf_release(&cur);
	strbuf_release(&prev);
	strbuf_release(&next);
	return rv;
}

/*
 * The config strings of a header against ours: 0, or -1 naming the
 * first difference.
 */
static int
check_config(const char *name, const struct jval *cfg,
    const struct snapid *who, struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct jiter it;
	struct jval k, v;
	const char *s;
	size_t i = 0, n;
	int rv = 0;

	if (cfg->type != JT_ARRAY)
		return err_set(err, 0, "%s: damaged header (config)", name);
	jiter_init(&it, cfg);
	for (; jiter_next(&it, &k, &v); i++) {
		if (v.type != JT_STRING) {
			rv = err_set(err, 0, "%s: damaged header (config)",
			    name);
			break;
		}
		s = jval_str(&v, &sb, &n);
		if (i >= who->nconfig) {
			rv = err_set(err, 0, "%s was written with %.*s, "
			    "which this command line lacks", name, (int)n, s);
			break;
		}
		if (strlen(who->config[i]) != n ||
		    memcmp(who->config[i], s, n) != 0) {
			rv = err_set(err, 0, "%s was written with %.*s, "
			    "this command line has %s", name, (int)n, s,
			    who->config[i]);
			break;
		}
	}
	if (rv == 0 && i < who->nconfig)
		rv = err_set(err, 0, "%s was written without %s", name,
		    who->config[i]);
	strbuf_release(&sb);
	return rv;
}

/*
 * Parse one state file's text into g: 0, or -1 naming what is wrong.
 * Takes the text's buffer.
 */
static int
parse(const char *name, struct strbuf *text, const struct snapid *who,
    struct snapgen *g, struct sluice_err *err)
{
	struct sluice_err e;
	struct jval h, v;
	const char *nl;
	char hex[17], got[17];
	int64_t version, lines;
	size_t hlen;

	if ((nl = memchr(text->buf, '\n', text->len)) == NULL ||
	    scan_document(text->buf, (size_t)(nl - text->buf), &h, &e) ==
	    -1 || h.type != JT_OBJECT)
		return err_set(err, 0, "%s is not a sluice state file", name);
	if (!jval_find(&h, "sluice_state", 12, &v) ||
	    jval_int64(&v, &version) == -1)
		return err_set(err, 0, "%s is not a sluice state file", name);
	if (version != SNAPFILE_VERSION)
		return err_set(err, 0, "%s has state format %" PRId64 ", this "
		    "sluice reads %d", name, version, SNAPFILE_VERSION);
	if (!jval_find(&h, "tool", 4, &v) ||
	    !jval_str_eq(&v, who->tool, strlen(who->tool)))
		return err_set(err, 0, "%s is not the state of %s", name,
		    who->tool);
	if (!jval_find(&h, "config", 6, &v) ||
	    check_config(name, &v, who, err) == -1)
		return -1;
	if (!jval_find(&h, "id", 2, &v) || jval_int64(&v, &g->id) == -1 ||
	    !jval_find(&h, "output_length", 13, &v) ||
	    jval_int64(&v, &g->output_length) == -1 ||
	    !jval_find(&h, "lines", 5, &v) || jval_int64(&v, &lines) == -1 ||
	    !jval_find(&h, "fnv1a", 5, &v) || v.type != JT_STRING ||
	    v.n != 18)
		return err_set(err, 0, "%s: damaged header", name);
	memcpy(hex, v.p + 1, 16);
	hex[16] = '\0';
	if (jval_find(&h, "source", 6, &v) && v.type == JT_STRING) {
		strbuf_reset(&g->body);
		jval_str_append(&v, &g->body);
		g->source = strbuf_detach(&g->body, NULL);
	}
	hlen = (size_t)(nl - text->buf) + 1;
	strbuf_reset(&g->body);
	strbuf_add(&g->body, text->buf + hlen, text->len - hlen);
	if ((int64_t)count_lines(g->body.buf, g->body.len) != lines ||
	    (g->body.len > 0 && g->body.buf[g->body.len - 1] != '\n'))
		return err_set(err, 0, "%s is damaged: %" PRId64 " lines "
		    "announced, %zu found", name, lines,
		    count_lines(g->body.buf, g->body.len));
	body_hash(&g->body, got);
	if (strcmp(got, hex) != 0)
		return err_set(err, 0, "%s is damaged: its checksum does not "
		    "match", name);
	return 0;
}

int
snapfile_load(const char *path, const struct snapid *who, int64_t id,
    struct snapgen *g, struct sluice_err *err)
{
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;
	struct snapgen cand;
	int which, r, found = 0, any = 0, rv = -1;

	snapgen_init(g);
	for (which = 0; which < NFILES; which++) {
		file_name(&name, path, which);
		strbuf_reset(&text);
		if ((r = file_read_if(name.buf, &text, err)) == -1)
			goto out;
		if (r == 0)
			continue;
		any = 1;
		snapgen_init(&cand);
		if (parse(name.buf, &text, who, &cand, err) == -1) {
			snapgen_release(&cand);
			goto out;
		}
		if ((id >= 0 && cand.id == id) ||
		    (id < 0 && (!found || cand.id > g->id))) {
			snapgen_release(g);
			*g = cand;
			found = 1;
		} else
			snapgen_release(&cand);
	}
	if (!any) {
		rv = 0;
		goto out;
	}
	if (!found) {
		err_set(err, 0, "%s holds no state for checkpoint %" PRId64
		    " (the pipeline's stages disagree: was one of them "
		    "given another state file?)", path, id);
		goto out;
	}
	rv = 1;
out:
	if (rv == -1)
		snapgen_release(g);
	strbuf_release(&name);
	strbuf_release(&text);
	return rv;
}

/* The id in the header of file name: 0 and *id, or -1. */
static int
file_id(const char *name, int64_t *id)
{
	struct sluice_err e;
	struct strbuf text = STRBUF_INIT;
	struct jval h, v;
	const char *nl;
	int rv = -1;

	if (file_read_if(name, &text, &e) == 1 &&
	    (nl = memchr(text.buf, '\n', text.len)) != NULL &&
	    scan_document(text.buf, (size_t)(nl - text.buf), &h, &e) == 0 &&
	    jval_find(&h, "id", 2, &v) && jval_int64(&v, id) == 0)
		rv = 0;
	strbuf_release(&text);
	return rv;
}

int
snapfile_rollback(const char *path, int64_t id, struct sluice_err *err)
{
	struct strbuf name = STRBUF_INIT, cur = STRBUF_INIT;
	int64_t got;
	int which, rv = 0;

	/* Newer generations go; the kept one becomes the newest. */
	file_name(&cur, path, F_CUR);
	for (which = NFILES - 1; which >= 0 && rv == 0; which--) {
		file_name(&name, path, which);
		if (file_id(name.buf, &got) == -1)
			continue;
		if (got > id && unlink(name.buf) == -1)
			rv = err_set(err, 0, "unlink %s: %s", name.buf,
			    strerror(errno));
		else if (got == id && which != F_CUR &&
		    rename(name.buf, cur.buf) == -1)
			rv = err_set(err, 0, "rename %s: %s", name.buf,
			    strerror(errno));
	}
	strbuf_release(&name);
	strbuf_release(&cur);
	return rv;
}

int
snapfile_remove(const char *path, struct sluice_err *err)
{
	struct strbuf name = STRBUF_INIT;
	int which, rv = 0;

	for (which = 0; which < NFILES; which++) {
		file_name(&name, path, which);
		if (unlink(name.buf) == -1 && errno != ENOENT)
			rv = err_set(err, 0, "unlink %s: %s", name.buf,
			    strerror(errno));
	}
	strbuf_release(&name);
	return rv;
}
