/* SPDX-License-Identifier: MIT */
/* bytes.h -- small byte-level helpers shared by the line parsers. */
#ifndef SLUICE_BYTES_H
#define SLUICE_BYTES_H

#include <stddef.h>
#include <string.h>

static inline int
bytes_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline int
bytes_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The index of the first non-blank at or after s[i]. */
static inline size_t
bytes_skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && bytes_blank(s[i]))
		i++;
	return i;
}

/* The characters of UTF-8 text s[0..n): its bytes but continuation bytes. */
static inline size_t
bytes_utf8_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Length of the word at s[i]: the bytes up to a blank or the end. */
static inline size_t
bytes_word(const char *s, size_t n, size_t i)
{
	size_t k = i;

	while (k < n && !bytes_blank(s[k]))
		k++;
	return k - i;
}

/* Whether s[0..n) is one or more decimal digits. */
static inline int
bytes_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!bytes_digit(s[i]))
			return 0;
	return n > 0;
}

/* Whether s[0..n) holds nothing but blanks and carriage returns. */
static inline int
bytes_blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!bytes_blank(s[i]) && s[i] != '\r')
			return 0;
	return 1;
}

/* Whether c is an ASCII letter, whatever the locale. */
static inline int
bytes_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The value (0-15) of the hex digit c, or -1 if c is not one. */
static inline int
bytes_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of the four hex digits at p, which must be hex digits. */
static inline unsigned long
bytes_hex4(const char *p)
{
	return (unsigned long)(bytes_hex(p[0]) << 12 | bytes_hex(p[1]) << 8 |
	    bytes_hex(p[2]) << 4 | bytes_hex(p[3]));
}

/*
 * The lines of text[0..n), one per call: *pos (0 at first) moves past
 * the line and its newline; the line is (*line)[0..*len).  Returns 0
 * after the last line.  A last line without a newline counts.
 */
static inline int
bytes_next_line(const char *text, size_t n, size_t *pos, const char **line,
    size_t *len)
{
	const char *nl;

	if (*pos >= n)
		return 0;
	*line = text + *pos;
	nl = memchr(*line, '\n', n - *pos);
	*len = nl != NULL ? (size_t)(nl - *line) : n - *pos;
	*pos += *len + 1;
	return 1;
}

#endif
