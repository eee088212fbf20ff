/* SPDX-License-Identifier: MIT */
/* ecma.h -- ECMA-262 patterns (JSON Schema's dialect) compiled by PCRE2. */
#ifndef SLUICE_ECMA_H
#define SLUICE_ECMA_H

#include <stddef.h>

#include "core/common.h"
#include "regex/regex.h"

/*
 * JSON Schema's "pattern" and "patternProperties" are ECMA-262 regular
 * expressions read with the "u" flag.  ecma_compile() checks a pattern
 * against that grammar, rewrites the few constructs PCRE2 reads another
 * way, and compiles the result with rx_compile(RX_ECMA):
 *
 *	\s \S	 WhiteSpace and LineTerminator: U+FEFF and the Zs spaces
 *		 in, U+0085 out; also inside classes.
 *	.	 any code point but \n \r U+2028 U+2029.
 *	\uHHHH\uHHHH  a surrogate pair, as one code point.
 *	\v \0 \cX \xHH \uHHHH \u{H...}  characters, written for PCRE2.
 *	\1 \k<name>  back-references (\g{1}): never octal.
 *	\p{...}	 General_Category values by any of their names (Letter,
 *		 L, digit, Nd ...), gc= and General_Category=, Script= and
 *		 Script_Extensions= (sc=, scx=), and the binary properties
 *		 of ECMA-262 (Alphabetic, White_Space ...).
 *
 * What ECMA's "u" mode forbids is refused even where PCRE2 would take
 * it: a quantifier on nothing, on an assertion or on a quantifier
 * (possessive "a++"), lone '{' '}' ']', identity escapes other than
 * of ^ $ \ . * + ? ( ) [ ] { } | / (and '-' in a class), a class escape
 * as the end of a range, \c without a letter, \x without two hex
 * digits, octal escapes, a back-reference to a group that does not
 * exist, and every "(?" group but (?:  (?=  (?!  (?<=  (?<!  (?<name>.
 * What PCRE2 cannot express is refused too: a lookbehind that is not of
 * a fixed length, a lone surrogate (which UTF-8 text never holds),
 * properties PCRE2 lacks.
 *
 * One difference is left: a capture inside a repeated group keeps its
 * value from an earlier iteration where ECMA resets it at each one, so
 * a back-reference to it may match differently (^(?:(a)|b)+\1$ on "ab").
 */

/*
 * Compile the ECMA-262 pattern pat[0..n) (UTF-8; a NUL is a character).
 * Returns the pattern (rx_free it; rx_text() gives the PCRE2 text, not
 * pat), or NULL with err->col (1-based, in characters of pat, not of
 * the rewritten text) and err->msg, as "nothing to repeat".
 */
struct rx	*ecma_compile(const char *pat, size_t n,
		    struct sluice_err *err);

#endif
