/* SPDX-License-Identifier: MIT */
/* format.h -- the formats of JSON Schema, checked on decoded strings. */
#ifndef SLUICE_FORMAT_H
#define SLUICE_FORMAT_H

#include <stddef.h>

/*
 * The standard formats of draft 2020-12.  FORMAT_NONE is a name of no
 * standard; FORMAT_UNCHECKED a standard one that is not checked here
 * (idn-email, idn-hostname, uri-template, regex).  The others are
 * checked by their RFCs: date-time, date, time and duration (RFC
 * 3339), email (RFC 5321), hostname (RFC 1123, with IDNA2008 A-labels),
 * ipv4, ipv6 (RFC 4291), uri and uri-reference (RFC 3986), iri and
 * iri-reference (RFC 3987), uuid (RFC 4122), json-pointer (RFC 6901)
 * and relative-json-pointer.
 */
enum format {
	FORMAT_NONE = 0,
	FORMAT_UNCHECKED,
	FORMAT_DATE_TIME,
	FORMAT_DATE,
	FORMAT_TIME,
	FORMAT_DURATION,
	FORMAT_EMAIL,
	FORMAT_HOSTNAME,
	FORMAT_IPV4,
	FORMAT_IPV6,
	FORMAT_URI,
	FORMAT_URI_REFERENCE,
	FORMAT_IRI,
	FORMAT_IRI_REFERENCE,
	FORMAT_UUID,
	FORMAT_JSON_POINTER,
	FORMAT_REL_JSON_POINTER
};

/* The format named name[0..n) ("date-time"); FORMAT_NONE if unknown. */
enum format	format_find(const char *name, size_t n);

/* The name of a checked format (static), or NULL for the other two. */
const char	*format_name(enum format);

/*
 * Whether the decoded string s[0..n) is valid in the format: 1 or 0;
 * always 1 for FORMAT_NONE and FORMAT_UNCHECKED.  Pure; never fails.
 */
int		 format_check(enum format, const char *s, size_t n);

#endif
