/* SPDX-License-Identifier: MIT */
/* ascii.h -- ASCII letters and hex digits, whatever the locale. */
#ifndef SLUICE_ASCII_H
#define SLUICE_ASCII_H

/*
 * For the schema modules, which read formats, URIs and patterns by
 * their ASCII grammar.  Like bytes_digit() in core/bytes.h, which they
 * use for decimal digits, these take any char: bytes that are not
 * ASCII are neither letters nor digits.
 */

/* The last Unicode code point. */
#define CP_MAX	0x10ffffUL

/* Whether c is an ASCII letter. */
static inline int
ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The value (0-15) of the hex digit c, or -1 if c is not one. */
static inline int
ascii_hex(char c)
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
ascii_hex4(const char *p)
{
	return (unsigned long)(ascii_hex(p[0]) << 12 | ascii_hex(p[1]) << 8 |
	    ascii_hex(p[2]) << 4 | ascii_hex(p[3]));
}

#endif
