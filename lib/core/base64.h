/* SPDX-License-Identifier: MIT */
/* base64.h -- RFC 4648 base64, for exact bytes inside JSON strings. */
#ifndef SLUICE_BASE64_H
#define SLUICE_BASE64_H

#include <stddef.h>

#include "core/strbuf.h"

/* Append the base64 text of data[0..n) (with '=' padding) to sb. */
void	base64_encode(struct strbuf *sb, const void *data, size_t n);
/*
 * Append the bytes of the base64 text s[0..n) to out; returns 0, or -1
 * if it is not base64 (then out holds what came before the error).
 */
int	base64_decode(struct strbuf *out, const char *s, size_t n);

#endif
