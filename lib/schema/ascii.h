/* SPDX-License-Identifier: MIT */
/* ascii.h -- ASCII letters and hex digits, whatever the locale. */
#ifndef SLUICE_ASCII_H
#define SLUICE_ASCII_H

/*
 * For the schema modules, which read formats, URIs and patterns by
 * their ASCII grammar.  c is a byte value (an unsigned char or EOF);
 * decimal digits are bytes_digit() in core/bytes.h.
 */

/* The last Unicode code point. */
#define CP_MAX	0x10ffffUL

/* Whether c is an ASCII letter. */
static inline int
ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The value (0-15) of the hex digit c, or -1 if c is not one. */
static inline int
ascii_hex(int c)
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
	return (unsigned long)(ascii_hex((unsigned char)p[0]) << 12 |
	    ascii_hex((unsigned char)p[1]) << 8 |
	    ascii_hex((unsigned char)p[2]) << 4 |
	    ascii_hex((unsigned char)p[3]));
}

#endif
