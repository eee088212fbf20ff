/* SPDX-License-Identifier: MIT */
/* path.c -- compile and look up record field paths: a.b, a[0], ."odd key". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json/path.h"
#include "core/strbuf.h"

static int
bare_byte(unsigned char c, int mode)
{
	if (mode == PATH_CLI)
		return c != '.' && c != '[' && c != '"' && c != '\0';
	if (mode == PATH_LIST)
		return c != '.' && c != '[' && c != '"' && c != ',' &&
		    c != '\0';
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '@' || c == '$' ||
	    c >= 0x80;
}

static void
add_seg(struct path *p, char *key, size_t klen, long index)
{
	p->seg = xreallocarray(p->seg, p->nseg + 1, sizeof(*p->seg));
	p->seg[p->nseg].key = key;
	p->seg[p->nseg].klen = klen;
	p->seg[p->nseg].index = index;
	p->nseg++;
}

/* A quoted key at s (the opening quote); returns bytes used or 0. */
static size_t
quoted_key(const char *s, size_t n, struct path *p, struct sluice_err *e,
    size_t base)
{
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err serr;
	struct jval v;
	size_t i;

	for (i = 1; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	if (i >= n) {
		err_set(e, base + 1, "unterminated quoted key");
		return 0;
	}
	if (scan_document(s, i + 1, &v, &serr) == -1) {
		err_set(e, base + serr.col, "bad quoted key: %s", serr.msg);
		return 0;
	}
	jval_str_append(&v, &sb);
	add_seg(p, sb.buf ? sb.buf : xstrdup(""), sb.len, 0);
	return i + 1;
}

struct path *
path_parse(const char *s, size_t n, int mode, size_t *used,
    struct sluice_err *e)
{
	struct path *p;
	size_t i = 0, j, k;
	int plain = 1;
	char num[32], *end;
	long idx;

	p = xcalloc(1, sizeof(*p));
	if (i < n && s[i] == '.' && (i + 1 >= n || s[i + 1] != '.'))
		i++;
	for (;;) {
		if (i < n && s[i] == '"') {
			if ((k = quoted_key(s + i, n - i, p, e, i)) == 0)
				goto fail;
			i += k;
			plain = 0;
		} else if (i < n && s[i] == '[' && p->nseg == 0) {
			/* "[0]" alone indexes the record itself: no. */
			err_set(e, i + 1, "a path must start with a key");
			goto fail;
		} else {
			for (j = i; j < n && bare_byte((unsigned char)s[j],
			    mode); j++)
				;
			if (j == i) {
				err_set(e, i + 1, "expected a field name");
				goto fail;
			}
			add_seg(p, xstrndup(s + i, j - i), j - i, 0);
			i = j;
		}
		while (i < n && s[i] == '[') {
			/* strtol on a copy: s[0..n) need not end in a NUL. */
			k = n - i - 1 < sizeof(num) - 1 ? n - i - 1 :
			    sizeof(num) - 1;
			memcpy(num, s + i + 1, k);
			num[k] = '\0';
			errno = 0;
			idx = strtol(num, &end, 10);
			if (end == num || *end != ']' || errno != 0) {
				err_set(e, i + 1, "expected [INTEGER]");
				goto fail;
			}
			add_seg(p, NULL, 0, idx);
			plain = 0;
			i += 1 + (size_t)(end - num) + 1;
		}
		if (i + 1 < n && s[i] == '.' && (s[i + 1] == '"' ||
		    bare_byte((unsigned char)s[i + 1], mode))) {
			i++;
			continue;
		}
		break;
	}
	p->text = xstrndup(s, i);
	if (plain && p->nseg > 1) {
		p->flat = xstrndup(s[0] == '.' ? s + 1 : s,
		    s[0] == '.' ? i - 1 : i);
		p->flatlen = strlen(p->flat);
	}
	if (used)
		*used = i;
	return p;
fail:
	path_free(p);
	return NULL;
}

struct path *
path_compile(const char *s, struct sluice_err *e)
{
	struct path *p;
	size_t used, n = strlen(s);

	if ((p = path_parse(s, n, PATH_CLI, &used, e)) == NULL)
		return NULL;
	if (used != n) {
		err_set(e, used + 1, "unexpected '%c' in field path",
		    s[used]);
		path_free(p);
		return NULL;
	}
	return p;
}

void
path_free(struct path *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nseg; i++)
		free(p->seg[i].key);
	free(p->seg);
	free(p->text);
	free(p->flat);
	free(p);
}

/* A NUL-terminated copy of s[0..n), which may hold NUL bytes. */
static char *
bytes_dup(const char *s, size_t n)
{
	char *c;

	c = xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

struct path *
path_copy(const struct path *p)
{
	struct path *c;
	size_t i;

	c = xcalloc(1, sizeof(*c));
	c->seg = xreallocarray(NULL, p->nseg ? p->nseg : 1, sizeof(*c->seg));
	for (i = 0; i < p->nseg; i++) {
		c->seg[i] = p->seg[i];
		if (p->seg[i].key != NULL)
			c->seg[i].key = bytes_dup(p->seg[i].key,
			    p->seg[i].klen);
	}
	c->nseg = p->nseg;
	c->text = xstrdup(p->text);
	if (p->flat != NULL)
		c->flat = bytes_dup(p->flat, p->flatlen);
	c->flatlen = p->flatlen;
	return c;
}

int
path_lookup(const struct path *p, const struct jval *root, struct jval *out)
{
	struct jval cur = *root, next;
	size_t i;

	for (i = 0; i < p->nseg; i++) {
		if (p->seg[i].key != NULL) {
			if (!jval_find(&cur, p->seg[i].key, p->seg[i].klen,
			    &next))
				goto flat;
		} else if (!jval_index(&cur, p->seg[i].index, &next))
			goto flat;
		cur = next;
	}
	*out = cur;
	return 1;
flat:
	if (p->flat != NULL)
		return jval_find(root, p->flat, p->flatlen, out);
	return 0;
}

json_t *
path_get_json(const struct path *p, json_t *root)
{
	json_t *cur = root;
	size_t i, n;
	long idx;

	for (i = 0; i < p->nseg && cur != NULL; i++) {
		if (p->seg[i].key != NULL) {
			cur = json_is_object(cur) ? json_object_getn(cur,
			    p->seg[i].key, p->seg[i].klen) : NULL;
			continue;
		}
		if (!json_is_array(cur))
			return NULL;
		n = json_array_size(cur);
		idx = p->seg[i].index;
		if (idx < 0)
			idx += (long)n;
		cur = (idx < 0) ? NULL : json_array_get(cur, (size_t)idx);
	}
	if (cur == NULL && p->flat != NULL && json_is_object(root))
		cur = json_object_getn(root, p->flat, p->flatlen);
	return cur;
}

int
path_list(const char *s, struct path ***out, struct sluice_err *e)
{
	struct path **v = NULL;
	const char *start = s;
	size_t used;
	int n = 0;

	do {
		v = xreallocarray(v, (size_t)n + 1, sizeof(*v));
		if ((v[n] = path_parse(s, strlen(s), PATH_LIST, &used,
		    e)) == NULL) {
			e->col += (size_t)(s - start);
			goto fail;
		}
		n++;
		s += used;
		if (*s != ',' && *s != '\0') {
			err_set(e, (size_t)(s - start) + 1,
			    "unexpected '%c' in field list", *s);
			goto fail;
		}
	} while (*s++ == ',');
	*out = v;
	return n;
fail:
	path_list_free(v, n);
	return -1;
}

struct path **
path_list_copy(struct path *const *v, int n)
{
	struct path **c;
	int i;

	c = xreallocarray(NULL, n > 0 ? (size_t)n : 1, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = path_copy(v[i]);
	return c;
}

void
path_list_free(struct path **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		path_free(v[i]);
	free(v);
}
