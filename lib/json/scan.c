/* SPDX-License-Identifier: MIT */
/* scan.c -- validate JSON text and read values in place, without a DOM. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define SCAN_SSE2 1
#endif

#include "core/bytes.h"
#include "json/scan.h"

struct scanner {
	const char		*start;
	const char		*end;
	struct sluice_err	*err;
	int			 depth;
	struct jmember		**m;	/* the top level's members, */
	size_t			*nm;	/* or m NULL */
	size_t			*am;
};

static const char *scan_any(struct scanner *, const char *, struct jval *);

static int
fail(struct scanner *s, const char *at, const char *what)
{
	char near[16];
	size_t i, n;

	if (at >= s->end)
		return err_set(s->err, (size_t)(at - s->start) + 1,
		    "%s at end of input", what);
	n = 0;
	for (i = 0; at + i < s->end && i < 8 && n + 5 < sizeof(near); i++) {
		unsigned char c = (unsigned char)at[i];

		if (c < 0x20 || c >= 0x7f || c == '\'') {
			if (i == 0) {
				n += (size_t)snprintf(near + n,
				    sizeof(near) - n, "\\x%02x", c);
			}
			break;
		}
		near[n++] = (char)c;
	}
	near[n] = '\0';
	return err_set(s->err, (size_t)(at - s->start) + 1, "%s near '%s'",
	    what, near);
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	return p;
}

/*
 * Length of the UTF-8 sequence at p (1..4), or 0 if it is not valid:
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0) {
		if (end - p < 2 || (p[1] & 0xc0) != 0x80)
			return 0;
		return 2;
	}
	if (c < 0xf0) {
		if (end - p < 3 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;
		if (c == 0xed && p[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c < 0xf5) {
		if (end - p < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

size_t
utf8_char_len(const char *p, size_t n)
{
	if (n == 0)
		return 0;
	return utf8_seq((const unsigned char *)p,
	    (const unsigned char *)p + n);
}

size_t
utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;
	size_t k;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((k = utf8_seq(p, end)) == 0)
			break;
		p += k;
	}
	return (size_t)(p - (const unsigned char *)s);
}

/*
 * Skip the plain bytes of a string from q: printable ASCII but '"' and
 * '\\'.  With SSE2 (every x86-64), 16 bytes at a time: a signed
 * compare below 0x20 also catches the bytes from 0x80 on.
 */
static const unsigned char *
skip_plain(const unsigned char *q, const unsigned char *end)
{
#ifdef SCAN_SSE2
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	__m128i x, m;
	int bits;

	while (end - q >= 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)q);
		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
		    _mm_cmpeq_epi8(x, bslash)), _mm_cmplt_epi8(x, space));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return q + __builtin_ctz((unsigned)bits);
		q += 16;
	}
#endif
	while (q < end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
		q++;
	return q;
}

static const char *
scan_string(struct scanner *s, const char *p, struct jval *v)
{
	const unsigned char *q = (const unsigned char *)p + 1;
	const unsigned char *end = (const unsigned char *)s->end;
	size_t k;
	int i;

	v->type = JT_STRING;
	v->flags = 0;
	for (;;) {
		q = skip_plain(q, end);
		if (q >= end) {
			fail(s, (const char *)q, "unterminated string");
			return NULL;
		}
		if (*q == '"')
			break;
		if (*q == '\\') {
			v->flags |= JV_ESCAPED;
			if (q + 1 >= end) {
				fail(s, (const char *)q, "unterminated string");
				return NULL;
			}
			switch (q[1]) {
			case '"': case '\\': case '/': case 'b':
			case 'f': case 'n': case 'r': case 't':
				q += 2;
				break;
			case 'u':
				for (i = 0; i < 4; i++) {
					if (q + 2 + i >= end ||
					    bytes_hex(q[2 + i]) < 0) {
						fail(s, (const char *)q,
						    "invalid \\u escape");
						return NULL;
					}
				}
				q += 6;
				break;
			default:
				fail(s, (const char *)q, "invalid escape");
				return NULL;
			}
			continue;
		}
		if (*q < 0x20) {
			fail(s, (const char *)q,
			    "control character in string");
			return NULL;
		}
		if ((k = utf8_seq(q, end)) == 0) {
			fail(s, (const char *)q, "invalid UTF-8");
			return NULL;
		}
		q += k;
	}
	v->p = p;
	v->n = (size_t)((const char *)q + 1 - p);
	return (const char *)q + 1;
}

static const char *
scan_number(struct scanner *s, const char *p, struct jval *v)
{
	const char *q = p, *end = s->end;

	v->type = JT_NUMBER;
	v->flags = JV_INTEGER;
	if (q < end && *q == '-')
		q++;
	if (q >= end || *q < '0' || *q > '9') {
		fail(s, p, "invalid token");
		return NULL;
	}
	if (*q == '0')
		q++;
	else
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	if (q < end && *q == '.') {
		v->flags = 0;
		q++;
		if (q >= end || *q < '0' || *q > '9') {
			fail(s, p, "invalid number");
			return NULL;
		}
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		v->flags = 0;
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		if (q >= end || *q < '0' || *q > '9') {
			fail(s, p, "invalid number");
			return NULL;
		}
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	}
	/* "01", "1x", "-a": a number must end at a delimiter. */
	if (q < end && ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z')
	    || (*q >= 'A' && *q <= 'Z') || *q == '.' || *q == '_')) {
		fail(s, p, "invalid number");
		return NULL;
	}
	v->p = p;
	v->n = (size_t)(q - p);
	return q;
}

static const char *
scan_literal(struct scanner *s, const char *p, const char *word,
    enum jtype t, struct jval *v)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - p) < n || memcmp(p, word, n) != 0 ||
	    (p + n < s->end && ((p[n] >= 'a' && p[n] <= 'z') ||
	    (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9')))) {
		fail(s, p, "invalid token");
		return NULL;
	}
	v->type = t;
	v->flags = 0;
	v->p = p;
	v->n = n;
	return p + n;
}

/* Keep a member of the top-level object. */
static void
add_member(struct scanner *s, const struct jval *key, const struct jval *val)
{
	if (*s->nm == *s->am) {
		*s->am = *s->am ? *s->am * 2 : 16;
		*s->m = xreallocarray(*s->m, *s->am, sizeof(**s->m));
	}
	(*s->m)[*s->nm].key = *key;
	(*s->m)[(*s->nm)++].val = *val;
}

static const char *
scan_container(struct scanner *s, const char *p, struct jval *v)
{
	const char *start = p, *end = s->end;
	int object = (*p == '{');
	char close = object ? '}' : ']';
	struct jval key, sub;

	if (++s->depth > SCAN_MAX_DEPTH) {
		err_set(s->err, (size_t)(p - s->start) + 1,
		    "nesting deeper than %d levels", SCAN_MAX_DEPTH);
		return NULL;
	}
	p = skip_ws(p + 1, end);
	if (p < end && *p == close)
		goto done;
	for (;;) {
		if (object) {
			if (p >= end || *p != '"') {
				fail(s, p, "expected a string key");
				return NULL;
			}
			if ((p = scan_string(s, p, &key)) == NULL)
				return NULL;
			p = skip_ws(p, end);
			if (p >= end || *p != ':') {
				fail(s, p, "expected ':'");
				return NULL;
			}
			p = skip_ws(p + 1, end);
		}
		if ((p = scan_any(s, p, &sub)) == NULL)
			return NULL;
		if (object && s->depth == 1 && s->m != NULL)
			add_member(s, &key, &sub);
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == close)
			break;
		fail(s, p, object ? "expected ',' or '}'" :
		    "expected ',' or ']'");
		return NULL;
	}
done:
	s->depth--;
	v->type = object ? JT_OBJECT : JT_ARRAY;
	v->flags = 0;
	v->p = start;
	v->n = (size_t)(p + 1 - start);
	return p + 1;
}

static const char *
scan_any(struct scanner *s, const char *p, struct jval *v)
{
	if (p >= s->end) {
		fail(s, p, "expected a value");
		return NULL;
	}
	switch (*p) {
	case '{':
	case '[':
		return scan_container(s, p, v);
	case '"':
		return scan_string(s, p, v);
	case 't':
		return scan_literal(s, p, "true", JT_TRUE, v);
	case 'f':
		return scan_literal(s, p, "false", JT_FALSE, v);
	case 'n':
		return scan_literal(s, p, "null", JT_NULL, v);
	default:
		if (*p == '-' || (*p >= '0' && *p <= '9'))
			return scan_number(s, p, v);
		fail(s, p, "invalid token");
		return NULL;
	}
}

/* Scan the document text[0..n) with s set up. */
static int
scan_whole(struct scanner *s, const char *text, size_t n, struct jval *v,
    struct sluice_err *err)
{
	const char *p;

	s->start = text;
	s->end = text + n;
	s->err = err;
	s->depth = 0;
	p = skip_ws(text, s->end);
	if (p >= s->end)
		return err_set(err, (size_t)(p - text) + 1, "empty input");
	if ((p = scan_any(s, p, v)) == NULL)
		return -1;
	p = skip_ws(p, s->end);
	if (p < s->end)
		return fail(s, p, "end of value expected");
	return 0;
}

int
scan_document(const char *text, size_t n, struct jval *v,
    struct sluice_err *err)
{
	struct scanner s;

	s.m = NULL;
	return scan_whole(&s, text, n, v, err);
}

int
scan_document_members(const char *text, size_t n, struct jval *v,
    struct jmember **m, size_t *nm, size_t *am, struct sluice_err *err)
{
	struct scanner s;

	s.m = m;
	s.nm = nm;
	s.am = am;
	*nm = 0;
	return scan_whole(&s, text, n, v, err);
}

/*
 * Readers over validated text: they trust the structure and only look
 * for delimiters.
 */
static const char *
skip_string(const char *p)
{
	p++;
	for (;;) {
		if (*p == '"')
			return p + 1;
		if (*p == '\\')
			p++;
		p++;
	}
}

static const char *
skip_value(const char *p, struct jval *v)
{
	const char *start = p;
	int depth;

	switch (*p) {
	case '"':
		v->type = JT_STRING;
		v->flags = 0;
		p++;
		for (;;) {
			if (*p == '"')
				break;
			if (*p == '\\') {
				v->flags |= JV_ESCAPED;
				p++;
			}
			p++;
		}
		p++;
		break;
	case '{':
	case '[':
		v->type = (*p == '{') ? JT_OBJECT : JT_ARRAY;
		v->flags = 0;
		depth = 0;
		for (;;) {
			if (*p == '"') {
				p = skip_string(p);
				continue;
			}
			if (*p == '{' || *p == '[')
				depth++;
			else if (*p == '}' || *p == ']') {
				if (--depth == 0) {
					p++;
					break;
				}
			}
			p++;
		}
		break;
	case 't':
		v->type = JT_TRUE;
		v->flags = 0;
		p += 4;
		break;
	case 'f':
		v->type = JT_FALSE;
		v->flags = 0;
		p += 5;
		break;
	case 'n':
		v->type = JT_NULL;
		v->flags = 0;
		p += 4;
		break;
	default:
		v->type = JT_NUMBER;
		v->flags = JV_INTEGER;
		while ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' ||
		    *p == '.' || *p == 'e' || *p == 'E') {
			if (*p == '.' || *p == 'e' || *p == 'E')
				v->flags = 0;
			p++;
		}
		break;
	}
	v->p = start;
	v->n = (size_t)(p - start);
	return p;
}

void
jiter_init(struct jiter *it, const struct jval *c)
{
	it->object = (c->type == JT_OBJECT);
	if (c->type != JT_OBJECT && c->type != JT_ARRAY) {
		it->p = it->end = NULL;
		return;
	}
	it->p = c->p + 1;
	it->end = c->p + c->n - 1;
}

int
jiter_next(struct jiter *it, struct jval *key, struct jval *val)
{
	struct jval k;
	const char *p;

	if (it->p == NULL)
		return 0;
	p = skip_ws(it->p, it->end);
	if (p < it->end && *p == ',')
		p = skip_ws(p + 1, it->end);
	if (p >= it->end) {
		it->p = it->end;
		return 0;
	}
	if (it->object) {
		p = skip_value(p, &k);
		if (key)
			*key = k;
		p = skip_ws(p, it->end);
		p = skip_ws(p + 1, it->end);	/* the ':' */
	}
	it->p = skip_value(p, val);
	return 1;
}

int
jval_str_eq(const struct jval *s, const char *key, size_t klen)
{
	struct strbuf sb = STRBUF_INIT;
	const char *d;
	size_t n;
	int eq;

	if (s->type != JT_STRING)
		return 0;
	if (!(s->flags & JV_ESCAPED))
		return s->n - 2 == klen && memcmp(s->p + 1, key, klen) == 0;
	d = jval_str(s, &sb, &n);
	eq = (n == klen && memcmp(d, key, klen) == 0);
	strbuf_release(&sb);
	return eq;
}

int
jval_find(const struct jval *obj, const char *key, size_t klen,
    struct jval *out)
{
	struct jiter it;
	struct jval k, v;
	int found = 0;

	if (obj->type != JT_OBJECT)
		return 0;
	jiter_init(&it, obj);
	while (jiter_next(&it, &k, &v)) {
		if (jval_str_eq(&k, key, klen)) {
			*out = v;
			found = 1;
		}
	}
	return found;
}

int
jval_index(const struct jval *arr, long i, struct jval *out)
{
	struct jiter it;
	struct jval v;
	long n = 0;

	if (arr->type != JT_ARRAY)
		return 0;
	if (i < 0) {
		jiter_init(&it, arr);
		while (jiter_next(&it, NULL, &v))
			n++;
		i += n;
		if (i < 0)
			return 0;
	}
	jiter_init(&it, arr);
	for (n = 0; jiter_next(&it, NULL, &v); n++) {
		if (n == i) {
			*out = v;
			return 1;
		}
	}
	return 0;
}

static void
add_utf8(struct strbuf *sb, unsigned long cp)
{
	char b[4];

	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 4);
	}
}

void
jval_str_append(const struct jval *s, struct strbuf *sb)
{
	const char *p = s->p + 1, *end = s->p + s->n - 1, *q;
	unsigned long cp, lo;

	while (p < end) {
		for (q = p; q < end && *q != '\\'; q++)
			;
		strbuf_add(sb, p, (size_t)(q - p));
		if (q >= end)
			break;
		p = q + 2;
		switch (q[1]) {
		case 'b': strbuf_addch(sb, '\b'); break;
		case 'f': strbuf_addch(sb, '\f'); break;
		case 'n': strbuf_addch(sb, '\n'); break;
		case 'r': strbuf_addch(sb, '\r'); break;
		case 't': strbuf_addch(sb, '\t'); break;
		case 'u':
			cp = bytes_hex4(q + 2);
			p = q + 6;
			if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 6 &&
			    p[0] == '\\' && p[1] == 'u' &&
			    (lo = bytes_hex4(p + 2)) >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				p += 6;
			} else if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd;
			add_utf8(sb, cp);
			break;
		default:
			strbuf_addch(sb, q[1]);
			break;
		}
	}
}

const char *
jval_str(const struct jval *s, struct strbuf *scratch, size_t *lenp)
{
	if (!(s->flags & JV_ESCAPED)) {
		*lenp = s->n - 2;
		return s->p + 1;
	}
	strbuf_reset(scratch);
	jval_str_append(s, scratch);
	*lenp = scratch->len;
	return scratch->buf ? scratch->buf : "";
}

int
scan_is_number(const char *s, size_t n, int *integer)
{
	struct scanner sc;
	struct jval v;
	const char *end;

	if (n == 0 || (s[0] != '-' && (s[0] < '0' || s[0] > '9')))
		return 0;
	sc.start = s;
	sc.end = s + n;
	sc.err = NULL;
	sc.depth = 0;
	if ((end = scan_number(&sc, s, &v)) == NULL || end != s + n)
		return 0;
	if (integer != NULL)
		*integer = (v.flags & JV_INTEGER) != 0;
	return 1;
}

int
jval_double(const struct jval *v, double *d)
{
	char buf[64], *copy = NULL;
	const char *src;

	if (v->type != JT_NUMBER)
		return -1;
	if (v->n < sizeof(buf)) {
		memcpy(buf, v->p, v->n);
		buf[v->n] = '\0';
		src = buf;
	} else
		src = copy = xstrndup(v->p, v->n);
	*d = strtod(src, NULL);
	free(copy);
	return 0;
}

int
jval_int64(const struct jval *v, int64_t *out)
{
	const char *p = v->p, *end = v->p + v->n;
	uint64_t u = 0, lim;
	int neg = 0;

	if (v->type != JT_NUMBER || !(v->flags & JV_INTEGER))
		return -1;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; p < end; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (u > (lim - d) / 10)
			return -1;
		u = u * 10 + d;
	}
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

json_t *
jval_to_json(const struct jval *v)
{
	struct strbuf sb = STRBUF_INIT;
	struct jiter it;
	struct jval k, e;
	json_t *j;
	int64_t i;
	double d;

	switch (v->type) {
	case JT_NULL:
		return json_null();
	case JT_TRUE:
		return json_true();
	case JT_FALSE:
		return json_false();
	case JT_NUMBER:
		if (jval_int64(v, &i) == 0)
			return json_integer(i);
		jval_double(v, &d);
		return json_real(d);
	case JT_STRING:
		jval_str_append(v, &sb);
		j = json_stringn_nocheck(sb.buf ? sb.buf : "", sb.len);
		strbuf_release(&sb);
		return j;
	case JT_ARRAY:
		j = json_array();
		jiter_init(&it, v);
		while (jiter_next(&it, NULL, &e))
			json_array_append_new(j, jval_to_json(&e));
		return j;
	case JT_OBJECT:
		j = json_object();
		jiter_init(&it, v);
		while (jiter_next(&it, &k, &e)) {
			strbuf_reset(&sb);
			jval_str_append(&k, &sb);
			json_object_setn_new_nocheck(j, sb.buf ? sb.buf : "",
			    sb.len, jval_to_json(&e));
		}
		strbuf_release(&sb);
		return j;
	default:
		return NULL;
	}
}
