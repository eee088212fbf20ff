/* SPDX-License-Identifier: MIT */
/* ecma.c -- ECMA-262 "u" patterns: checked, rewritten for PCRE2, compiled. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/bytes.h"
#include "core/strbuf.h"
#include "regex/ecma.h"

/*
 * ECMA's \s (WhiteSpace and LineTerminator) as the body of a PCRE2
 * class, and its complement for \S, which then works inside a class as
 * well.  Written in the syntax of RX_ECMA, where \uHHHH and \u{H...}
 * are code points and \x takes exactly two hex digits.
 */
#define SPACE_SET	"\\t\\n\\x0b\\f\\r\\x20\\xa0\\u1680\\u2000-\\u200a" \
			"\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
#define NONSPACE_SET	"\\x00-\\x08\\x0e-\\x1f\\x21-\\x9f\\xa1-\\u167f" \
			"\\u1681-\\u1fff\\u200b-\\u2027\\u202a-\\u202e" \
			"\\u2030-\\u205e\\u2060-\\u2fff\\u3001-\\ufefe" \
			"\\uff00-\\u{10ffff}"
/* ECMA's '.': anything but a LineTerminator. */
#define DOT		"[^\\n\\r\\u2028\\u2029]"

/*
 * The General_Category values, each with all its names (the first is
 * what PCRE2 is given), and the binary properties of ECMA-262 with
 * their aliases (Changes_When_NFKC_Casefolded is left out: PCRE2 10.42
 * does not know it).  Names are exact, as ECMA wants: no loose match.
 */
static const char *const gc_names[] = {
	"C Other", "Cc Control cntrl", "Cf Format", "Cn Unassigned",
	"Co Private_Use", "Cs Surrogate", "L Letter", "LC Cased_Letter",
	"Ll Lowercase_Letter", "Lm Modifier_Letter", "Lo Other_Letter",
	"Lt Titlecase_Letter", "Lu Uppercase_Letter",
	"M Mark Combining_Mark", "Mc Spacing_Mark", "Me Enclosing_Mark",
	"Mn Nonspacing_Mark", "N Number", "Nd Decimal_Number digit",
	"Nl Letter_Number", "No Other_Number", "P Punctuation punct",
	"Pc Connector_Punctuation", "Pd Dash_Punctuation",
	"Pe Close_Punctuation", "Pf Final_Punctuation",
	"Pi Initial_Punctuation", "Po Other_Punctuation",
	"Ps Open_Punctuation", "S Symbol", "Sc Currency_Symbol",
	"Sk Modifier_Symbol", "Sm Math_Symbol", "So Other_Symbol",
	"Z Separator", "Zl Line_Separator", "Zp Paragraph_Separator",
	"Zs Space_Separator"
};

static const char *const binary_names[] = {
	"ASCII", "ASCII_Hex_Digit AHex", "Alphabetic Alpha", "Any",
	"Assigned", "Bidi_Control Bidi_C", "Bidi_Mirrored Bidi_M",
	"Case_Ignorable CI", "Cased", "Changes_When_Casefolded CWCF",
	"Changes_When_Casemapped CWCM", "Changes_When_Lowercased CWL",
	"Changes_When_Titlecased CWT", "Changes_When_Uppercased CWU", "Dash",
	"Default_Ignorable_Code_Point DI", "Deprecated Dep", "Diacritic Dia",
	"Emoji", "Emoji_Component EComp", "Emoji_Modifier EMod",
	"Emoji_Modifier_Base EBase", "Emoji_Presentation EPres",
	"Extended_Pictographic ExtPict", "Extender Ext",
	"Grapheme_Base Gr_Base", "Grapheme_Extend Gr_Ext", "Hex_Digit Hex",
	"IDS_Binary_Operator IDSB", "IDS_Trinary_Operator IDST",
	"ID_Continue IDC", "ID_Start IDS", "Ideographic Ideo",
	"Join_Control Join_C", "Logical_Order_Exception LOE",
	"Lowercase Lower", "Math", "Noncharacter_Code_Point NChar",
	"Pattern_Syntax Pat_Syn", "Pattern_White_Space Pat_WS",
	"Quotation_Mark QMark", "Radical", "Regional_Indicator RI",
	"Sentence_Terminal STerm", "Soft_Dotted SD",
	"Terminal_Punctuation Term", "Unified_Ideograph UIdeo",
	"Uppercase Upper", "Variation_Selector VS", "White_Space space",
	"XID_Continue XIDC", "XID_Start XIDS"
};

struct ecma {
	const char	*p;		/* the ECMA pattern */
	size_t		 n;
	size_t		 i;		/* the next byte of p to read */
	size_t		 tok;		/* where the item being written is */
	struct strbuf	 out;		/* the PCRE2 pattern */
	size_t		*from;		/* from[k]: out[k] is of p[from[k]] */
	size_t		 afrom;
	size_t		*open;		/* groups: offset << 1 | assertion */
	size_t		 nopen, aopen;
	size_t		 ngroups;	/* capturing groups in p */
	int		 named;		/* p has named groups */
	size_t		 at;		/* the error: where, and what */
	char		 why[120];
};

static int	fail(struct ecma *, size_t, const char *, ...)
		    PRINTFLIKE(3, 4);

static int
fail(struct ecma *e, size_t at, const char *fmt, ...)
{
	va_list ap;

	e->at = at;
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof(e->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* The byte k places after the next one, or -1 past the end. */
static int
peek(const struct ecma *e, size_t k)
{
	return e->i + k < e->n ? (unsigned char)e->p[e->i + k] : -1;
}

/* Decode one UTF-8 character of s[0..n); its length, 0 if invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t k, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c < 0xe000))
		return 0;
	*cp = c;
	return k;
}

/* Append s[0..len) to the PCRE2 text, as coming from p[e->tok]. */
static void
emit(struct ecma *e, const char *s, size_t len)
{
	size_t k;

	if (e->out.len + len > e->afrom) {
		e->afrom = (e->out.len + len) * 2;
		e->from = xreallocarray(e->from, e->afrom, sizeof(*e->from));
	}
	for (k = 0; k < len; k++)
		e->from[e->out.len + k] = e->tok;
	strbuf_add(&e->out, s, len);
}

static void
emits(struct ecma *e, const char *s)
{
	emit(e, s, strlen(s));
}

/* The code point cp as a literal, in or out of a class. */
static void
emit_cp(struct ecma *e, unsigned long cp)
{
	char b[8];
	size_t k;

	if (cp < 0x80) {
		if ((cp >= '0' && cp <= '9') || bytes_alpha((char)cp)) {
			b[0] = (char)cp;
			k = 1;
		} else if (cp > 0x20 && cp < 0x7f) {
			b[0] = '\\';	/* punctuation: always literal */
			b[1] = (char)cp;
			k = 2;
		} else
			k = (size_t)snprintf(b, sizeof(b), "\\x%02lx", cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		k = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		k = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		k = 4;
	}
	emit(e, b, k);
}

/* A literal character of the pattern, read into *cp. */
static int
next_char(struct ecma *e, unsigned long *cp)
{
	size_t k;

	k = utf8_decode((const unsigned char *)e->p + e->i, e->n - e->i, cp);
	if (k == 0)
		return fail(e, e->i, "invalid UTF-8");
	e->i += k;
	return 0;
}

/* Whether there are k hex digits at p[e->i + off]. */
static int
hex_at(const struct ecma *e, size_t off, size_t k)
{
	size_t j;

	for (j = 0; j < k; j++)
		if (peek(e, off + j) < 0 ||
		    bytes_hex((char)peek(e, off + j)) < 0)
			return 0;
	return 1;
}

/* \uHHHH (a surrogate pair: one code point) or \u{H...}, at the 'u'. */
static int
u_escape(struct ecma *e, size_t start, unsigned long *cp)
{
	unsigned long lo;
	int h;

	if (peek(e, 1) == '{') {
		*cp = 0;
		for (e->i += 2; peek(e, 0) >= 0 &&
		    (h = bytes_hex((char)peek(e, 0))) >= 0; e->i++)
			if ((*cp = *cp * 16 + (unsigned long)h) > 0x10ffff)
				return fail(e, start, "\\u{...} above 10FFFF");
		if (peek(e, 0) != '}' || e->p[e->i - 1] == '{')
			return fail(e, start, "\\u{ must hold hex digits "
			    "and end with }");
		e->i++;
	} else {
		if (!hex_at(e, 1, 4))
			return fail(e, start, "\\u must be followed by four "
			    "hex digits or {hex digits}");
		*cp = bytes_hex4(e->p + e->i + 1);
		e->i += 5;
		if (*cp >= 0xd800 && *cp < 0xdc00 && peek(e, 0) == '\\' &&
		    peek(e, 1) == 'u' && hex_at(e, 2, 4) &&
		    (lo = bytes_hex4(e->p + e->i + 2)) >= 0xdc00 &&
		    lo < 0xe000) {
			*cp = 0x10000 + ((*cp - 0xd800) << 10) +
			    (lo - 0xdc00);
			e->i += 6;
		}
	}
	if (*cp >= 0xd800 && *cp < 0xe000)
		return fail(e, start, "a lone surrogate (\\u%04lX) never "
		    "matches UTF-8 text", *cp);
	return 0;
}

/*
 * A CharacterEscape (and in a class \b and \-) at the letter after the
 * backslash at start: 1 with the code point in *cp, 0 if it is no such
 * escape (nothing read), or -1.
 */
static int
char_escape(struct ecma *e, size_t start, int in_class, unsigned long *cp)
{
	int c = peek(e, 0);

	switch (c) {
	case 't': *cp = '\t'; break;
	case 'n': *cp = '\n'; break;
	case 'v': *cp = 0x0b; break;
	case 'f': *cp = '\f'; break;
	case 'r': *cp = '\r'; break;
	case 'c':
		if (peek(e, 1) < 0 || !bytes_alpha((char)peek(e, 1)))
			return fail(e, start, "\\c must be followed by a "
			    "letter");
		*cp = (unsigned long)peek(e, 1) % 32;
		e->i++;
		break;
	case '0':
		if (peek(e, 1) >= '0' && peek(e, 1) <= '9')
			return fail(e, start, "octal escapes are not "
			    "ECMA-262 (use \\x or \\u)");
		*cp = 0;
		break;
	case 'x':
		if (!hex_at(e, 1, 2))
			return fail(e, start, "\\x must be followed by two "
			    "hex digits");
		*cp = (unsigned long)(bytes_hex(e->p[e->i + 1]) << 4 |
		    bytes_hex(e->p[e->i + 2]));
		e->i += 2;
		break;
	case 'u':
		return u_escape(e, start, cp) == 0 ? 1 : -1;
	case 'b':
	case '-':
		if (!in_class)
			return 0;
		*cp = c == 'b' ? '\b' : '-';
		break;
	default:
		if (c <= 0 || strchr("^$\\.*+?()[]{}|/", c) == NULL)
			return 0;
		*cp = (unsigned long)c;
		break;
	}
	e->i++;
	return 1;
}

/* The error for an escape that is none of ECMA-262's. */
static int
bad_escape(struct ecma *e, size_t start)
{
	int c = peek(e, 0);

	if ((c >= '0' && c <= '9') || bytes_alpha((char)c))
		return fail(e, start, "\\%c is not an escape of ECMA-262%s",
		    c, (c >= '1' && c <= '9') || c == 'B' || c == 'k' ?
		    " in a class" : "");
	if (c > 0x20 && c < 0x7f)
		return fail(e, start, "\\%c is not an escape of ECMA-262 "
		    "(write %c alone)", c, c);
	return fail(e, start, "this escape is not one of ECMA-262");
}

/* The entry of tab that has name[0..len) among its names, or -1. */
static long
names_find(const char *const *tab, size_t ntab, const char *name,
    size_t len)
{
	const char *w, *end;
	size_t i;

	for (i = 0; i < ntab; i++) {
		for (w = tab[i]; *w != '\0'; w = *end ? end + 1 : end) {
			end = strchr(w, ' ');
			if (end == NULL)
				end = w + strlen(w);
			if ((size_t)(end - w) == len &&
			    memcmp(w, name, len) == 0)
				return (long)i;
		}
	}
	return -1;
}

/* \p{...} or \P{...}, at the 'p' after the backslash at start. */
static int
property(struct ecma *e, size_t start)
{
	const char *name, *value = NULL, *first;
	size_t len, nlen, vlen = 0, k;
	int neg = peek(e, 0) == 'P', c;
	long t;

	if (peek(e, 1) != '{')
		return fail(e, start, "\\%c must be followed by {name}",
		    neg ? 'P' : 'p');
	name = e->p + e->i + 2;
	for (len = 0; (c = peek(e, 2 + len)) != '}'; len++) {
		if (c < 0 || !((c >= '0' && c <= '9') || bytes_alpha((char)c) ||
		    c == '_' || c == '='))
			return fail(e, start, "\\%c{ must hold a property "
			    "name and end with }", neg ? 'P' : 'p');
		if (c == '=' && value == NULL)
			value = name + len + 1;
	}
	e->i += 3 + len;
	nlen = value != NULL ? (size_t)(value - 1 - name) : len;
	if (value != NULL)
		vlen = len - nlen - 1;
#define IS(s)	(nlen == sizeof(s) - 1 && memcmp(name, s, nlen) == 0)
	if (value != NULL && (IS("Script") || IS("sc") ||
	    IS("Script_Extensions") || IS("scx"))) {
		if (vlen == 0 || memchr(value, '=', vlen) != NULL)
			return fail(e, start, "bad script name");
		emits(e, neg ? "\\P{" : "\\p{");
		emits(e, IS("Script") || IS("sc") ? "sc=" : "scx=");
		emit(e, value, vlen);
		emits(e, "}");
		return 0;
	}
	if (value != NULL && !IS("General_Category") && !IS("gc"))
		return fail(e, start, "unknown Unicode property %.*s",
		    (int)nlen, name);
#undef IS
	if (value != NULL) {
		name = value;
		nlen = vlen;
	}
	if ((t = names_find(gc_names, NELEM(gc_names), name, nlen)) >= 0)
		first = gc_names[t];
	else if (value == NULL && (t = names_find(binary_names,
	    NELEM(binary_names), name, nlen)) >= 0)
		first = binary_names[t];
	else
		return fail(e, start, "unknown Unicode property value %.*s%s",
		    (int)nlen, name, value == NULL ? " (a script needs "
		    "Script=)" : "");
	k = strcspn(first, " ");
	if (k == 8 && memcmp(first, "Assigned", 8) == 0) {
		emits(e, neg ? "\\p{Cn}" : "\\P{Cn}");
		return 0;
	}
	emits(e, neg ? "\\P{" : "\\p{");
	emit(e, first, k);
	emits(e, "}");
	return 0;
}

/*
 * One atom of a class at e->i: a character (0, in *cp, not written) or
 * a class escape (1, written out), or -1.
 */
static int
class_atom(struct ecma *e, unsigned long *cp)
{
	size_t start = e->i;
	int c, r;

	if (peek(e, 0) != '\\')
		return next_char(e, cp);
	if ((c = peek(e, 1)) < 0)
		return fail(e, start, "\\ at the end of the pattern");
	e->i++;
	switch (c) {
	case 'd': case 'D': case 'w': case 'W':
		emit(e, e->p + start, 2);
		e->i++;
		return 1;
	case 's':
		emits(e, SPACE_SET);
		e->i++;
		return 1;
	case 'S':
		emits(e, NONSPACE_SET);
		e->i++;
		return 1;
	case 'p': case 'P':
		return property(e, start) == 0 ? 1 : -1;
	}
	if ((r = char_escape(e, start, 1, cp)) != 0)
		return r == 1 ? 0 : -1;
	return bad_escape(e, start);
}

/* A class [...] at e->i. */
static int
char_class(struct ecma *e)
{
	size_t start = e->i, atom;
	unsigned long lo, hi;
	int r;

	emits(e, "[");
	if (peek(e, 1) == '^') {
		emits(e, "^");
		e->i++;
	}
	e->i++;
	for (;;) {
		e->tok = atom = e->i;
		if (peek(e, 0) < 0)
			return fail(e, start, "missing ] of a class");
		if (peek(e, 0) == ']') {
			/* An empty [] or [^] is all right (RX_ECMA). */
			emits(e, "]");
			e->i++;
			return 0;
		}
		if ((r = class_atom(e, &lo)) == -1)
			return -1;
		if (peek(e, 0) != '-' || peek(e, 1) < 0 || peek(e, 1) == ']') {
			if (r == 0)
				emit_cp(e, lo);
			continue;
		}
		/* A range. */
		e->i++;
		if (r == 1 || (r = class_atom(e, &hi)) != 0)
			return r == -1 ? -1 : fail(e, atom, "a class escape "
			    "cannot be an end of a range");
		if (hi < lo)
			return fail(e, atom, "range out of order in a class");
		emit_cp(e, lo);
		emits(e, "-");
		emit_cp(e, hi);
	}
}

/* An escape out of a class, at the backslash; *atom: may be repeated. */
static int
escape(struct ecma *e, int *atom)
{
	size_t start = e->i, ref;
	unsigned long cp;
	char buf[32];
	int c, r;

	if ((c = peek(e, 1)) < 0)
		return fail(e, start, "\\ at the end of the pattern");
	e->i++;
	*atom = 1;
	switch (c) {
	case 'd': case 'D': case 'w': case 'W':
		emit(e, e->p + start, 2);
		e->i++;
		return 0;
	case 'b': case 'B':
		emit(e, e->p + start, 2);
		e->i++;
		*atom = 0;
		return 0;
	case 's':
		emits(e, "[" SPACE_SET "]");
		e->i++;
		return 0;
	case 'S':
		emits(e, "[^" SPACE_SET "]");
		e->i++;
		return 0;
	case 'p': case 'P':
		return property(e, start);
	case 'k':
		if (!e->named || peek(e, 1) != '<')
			return fail(e, start, "\\k must name a group: "
			    "\\k<name>");
		ref = e->i;
		while (peek(e, 0) >= 0 && peek(e, 0) != '>')
			e->i++;
		if (peek(e, 0) < 0)
			return fail(e, start, "missing > of \\k<name>");
		e->i++;
		emits(e, "\\");
		emit(e, e->p + ref, e->i - ref);
		return 0;
	}
	if (c >= '1' && c <= '9') {
		for (ref = 0; (c = peek(e, 0)) >= '0' && c <= '9'; e->i++)
			if ((ref = ref * 10 + (size_t)(c - '0')) > e->ngroups)
				break;
		if (ref > e->ngroups)
			return fail(e, start, "\\%zu: there %s only %zu "
			    "group%s", ref, e->ngroups == 1 ? "is" : "are",
			    e->ngroups, e->ngroups == 1 ? "" : "s");
		snprintf(buf, sizeof(buf), "\\g{%zu}", ref);
		emits(e, buf);
		return 0;
	}
	if ((r = char_escape(e, start, 0, &cp)) == 1) {
		emit_cp(e, cp);
		return 0;
	}
	return r == -1 ? -1 : bad_escape(e, start);
}

/* A group's '(' and what follows it, at e->i. */
static int
group(struct ecma *e)
{
	size_t start = e->i, k = 1;
	int assertion = 0, c;

	if (peek(e, 1) == '?') {
		c = peek(e, 2);
		if (c == ':') {
			k = 3;
		} else if (c == '=' || c == '!') {
			k = 3;
			assertion = 1;
		} else if (c == '<' && (peek(e, 3) == '=' ||
		    peek(e, 3) == '!')) {
			k = 4;
			assertion = 1;
		} else if (c == '<') {
			/* (?<name>: PCRE2 checks the name. */
			for (k = 3; peek(e, k) >= 0 && peek(e, k) != '>'; k++)
				;
			if (peek(e, k) < 0)
				return fail(e, start, "missing > of a group "
				    "name");
			k++;
		} else if (c >= 0 && strchr("ims-", c) != NULL && c != 0)
			return fail(e, start, "modifiers such as (?i:...) "
			    "are not supported");
		else
			return fail(e, start, "(? must be followed by : = ! "
			    "<= <! or <name>");
	}
	if (e->nopen == e->aopen) {
		e->aopen = e->aopen ? e->aopen * 2 : 16;
		e->open = xreallocarray(e->open, e->aopen, sizeof(*e->open));
	}
	e->open[e->nopen++] = start << 1 | (size_t)assertion;
	emit(e, e->p + start, k);
	e->i += k;
	return 0;
}

/* A quantifier at e->i, after an atom that may (atom) be repeated. */
static int
quantifier(struct ecma *e, int atom)
{
	size_t k = 1, d;

	if (peek(e, 0) == '{') {
		for (d = 0; peek(e, k) >= '0' && peek(e, k) <= '9'; k++)
			d++;
		if (d > 0 && peek(e, k) == ',')
			for (k++; peek(e, k) >= '0' && peek(e, k) <= '9'; k++)
				;
		if (d == 0 || peek(e, k) != '}')
			return fail(e, e->i, "a lone { (write \\{ for the "
			    "character)");
		k++;
	}
	if (!atom)
		return fail(e, e->i, "nothing to repeat");
	if (peek(e, k) == '?')
		k++;
	emit(e, e->p + e->i, k);
	e->i += k;
	return 0;
}

/* Count the capturing groups of the pattern (for \N) and the named. */
static void
count_groups(struct ecma *e)
{
	size_t i;
	int in_class = 0;

	for (i = 0; i < e->n; i++) {
		if (e->p[i] == '\\') {
			i++;
		} else if (in_class) {
			in_class = e->p[i] != ']';
		} else if (e->p[i] == '[') {
			in_class = 1;
		} else if (e->p[i] == '(') {
			if (i + 1 >= e->n || e->p[i + 1] != '?') {
				e->ngroups++;
			} else if (i + 3 < e->n && e->p[i + 2] == '<' &&
			    e->p[i + 3] != '=' && e->p[i + 3] != '!') {
				e->ngroups++;
				e->named = 1;
			}
		}
	}
}

/* The whole pattern: checked, and written to e->out. */
static int
translate(struct ecma *e)
{
	unsigned long cp;
	int c, atom = 0, r = 0;

	while (r == 0 && e->i < e->n) {
		e->tok = e->i;
		switch (c = (unsigned char)e->p[e->i]) {
		case '\\':
			r = escape(e, &atom);
			break;
		case '[':
			r = char_class(e);
			atom = 1;
			break;
		case '(':
			r = group(e);
			atom = 0;
			break;
		case ')':
			if (e->nopen == 0)
				return fail(e, e->i, "unmatched )");
			/* An assertion cannot be repeated in "u" mode. */
			atom = !(e->open[--e->nopen] & 1);
			emits(e, ")");
			e->i++;
			break;
		case '*':
		case '+':
		case '?':
		case '{':
			r = quantifier(e, atom);
			atom = 0;
			break;
		case '}':
		case ']':
			return fail(e, e->i, "a lone %c (write \\%c for the "
			    "character)", c, c);
		case '|':
		case '^':
		case '$':
			emit(e, e->p + e->i++, 1);
			atom = 0;
			break;
		case '.':
			emits(e, DOT);
			e->i++;
			atom = 1;
			break;
		default:
			if ((r = next_char(e, &cp)) == 0)
				emit_cp(e, cp);
			atom = 1;
			break;
		}
	}
	if (r == 0 && e->nopen > 0)
		return fail(e, e->open[e->nopen - 1] >> 1, "missing ) of "
		    "this group");
	return r;
}

struct rx *
ecma_compile(const char *pat, size_t n, struct sluice_err *err)
{
	struct ecma e;
	struct rx *rx = NULL;
	size_t off, c;

	memset(&e, 0, sizeof(e));
	e.p = pat;
	e.n = n;
	count_groups(&e);
	if (translate(&e) == -1) {
		err_set(err, bytes_utf8_chars(pat, e.at) + 1, "%s", e.why);
		goto out;
	}
	rx = rx_compile(e.out.len ? e.out.buf : "", e.out.len, RX_ECMA, err);
	if (rx == NULL && err != NULL && err->col > 0) {
		/* The column in the PCRE2 text, back to one in pat. */
		for (off = 0, c = 1; off < e.out.len; off++)
			if (((unsigned char)e.out.buf[off] & 0xc0) != 0x80 &&
			    c++ == err->col)
				break;
		err->col = bytes_utf8_chars(pat,
		    off < e.out.len ? e.from[off] : n) + 1;
	}
out:
	strbuf_release(&e.out);
	free(e.from);
	free(e.open);
	return rx;
}
