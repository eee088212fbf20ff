/* SPDX-License-Identifier: MIT */
/* jsonw.c -- unit tests of json/jsonw: numbers and strings as JSON text. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json/jsonw.h"
#include "json/scan.h"

#include "check.h"

/*
 * Doubles (as exact hexadecimal literals) and Python's repr() of each,
 * the shortest text that reads back as the same double.  Computed with
 * CPython 3.11 when this test was written: float.hex(v) and repr(v) for
 * a few chosen values, 40 random bit patterns with exponents within
 * 2^+-100 (random.seed(20260101)) and 15 rounded decimals.
 */
static const struct {
	double		 d;
	const char	*repr;
} reals[] = {
	{ 0x1.999999999999ap-4, "0.1" },
	{ 0x1.3333333333334p-2, "0.30000000000000004" },
	{ 0x1.5555555555555p-2, "0.3333333333333333" },
	{ 0x1.0000000000000p+1, "2.0" },
	{ 0x1.7e43c8800759cp+996, "1e+300" },
	{ 0x1.d6f3454800000p+26, "123456789.125" },
	{ 0x1.c6bf526340000p+49, "1000000000000000.0" },
	{ 0x1.1c37937e08000p+53, "1e+16" },
	{ 0x1.4f8b588e368f1p-17, "1e-05" },
	{ 0x1.a36e2eb1c432dp-14, "0.0001" },
	{ 0x1.0000000000000p-1022, "2.2250738585072014e-308" },
	{ 0x1.fffffffffffffp+1023, "1.7976931348623157e+308" },
	{ 0x1.0000000000000p+53, "9007199254740992.0" },
	{ 0x1.3333333333333p-2, "0.3" },
	{ 0x1.9000000000000p+6, "100.0" },
	{ 0x1.b1ae4d6e2ef50p+69, "1e+21" },
	{ 0x1.0f0cf064dd592p+73, "1e+22" },
	{ 0x1.421f5f40d8376p-23, "1.5e-07" },
	{ 0x1.edd2f1a9fbe77p+6, "123.456" },
	{ -0x1.4000000000000p+1, "-2.5" },
	{ 0x1.0000000000000p-1, "0.5" },
	{ 0x1.1666666666666p+2, "4.35" },
	{ 0x1.1eb851eb851ecp-4, "0.07" },
	{ 0x1.24c41d4fdf3b6p+18, "299792.458" },
	{ 0x1.fe185ca57c517p+78, "6.02214076e+23" },
	{ 0x1.7a4da290c1653p-63, "1.602176634e-19" },
	{ 0x1.921fb54442d18p+1, "3.141592653589793" },
	{ 0x1.5bf0a8b145769p+1, "2.718281828459045" },
	{ 0x1.12210f47de981p+60, "1.2345678901234568e+18" },
	{ 0x1.02dd20b729601p-24, "6.027142062050603e-08" },
	{ -0x1.e1eca1aa5148cp-88, "-6.0827403605376795e-27" },
	{ 0x1.05840e50ee168p-55, "2.835360456044567e-17" },
	{ -0x1.094541f76663fp-33, "-1.2063107434072478e-10" },
	{ -0x1.d01e1235f461fp-33, "-2.1105618787903452e-10" },
	{ -0x1.d20b5d8aaa1f6p-15, "-5.55568213561098e-05" },
	{ -0x1.9f9325a7eff0dp+37, "-223110018301.99258" },
	{ -0x1.a557c03c8396ep+72, "-7.772402375444419e+21" },
	{ 0x1.b192e31146644p-53, "1.8803265250162746e-16" },
	{ 0x1.c83955fac0dbap-17, "1.3596533781085454e-05" },
	{ -0x1.abda6573231efp-15, "-5.1004065334845385e-05" },
	{ -0x1.b9f1693d544bep-86, "-2.2312420132111165e-26" },
	{ 0x1.9a1810e199f78p+81, "3.8732283925139724e+24" },
	{ -0x1.cedc8657bf824p+72, "-8.538286246869072e+21" },
	{ -0x1.c1189d29e6868p+48, "-493786436855430.5" },
	{ -0x1.b948c68ceb6fbp-16, "-2.6302592732888545e-05" },
	{ 0x1.e06b6cc906e10p-58, "6.510900064012542e-18" },
	{ -0x1.5747dafee2375p-67, "-9.086564082952741e-21" },
	{ -0x1.22229ab6b0eedp-16, "-1.7293403937980912e-05" },
	{ 0x1.40797b39b14e9p-1, "0.6259268291402381" },
	{ 0x1.e8a2c2ccaafaep+60, "2.2006199388146028e+18" },
	{ 0x1.97d3c151d1f66p+3, "12.744599017910968" },
	{ -0x1.de42afc90d5c5p-1, "-0.9341025288510357" },
	{ 0x1.82010483a045ep-73, "1.5964750229825026e-22" },
	{ 0x1.2833c08cfd026p+75, "4.371172305062228e+22" },
	{ -0x1.dc69cd76f4676p+87, "-2.8797416438569478e+26" },
	{ -0x1.bc68477a635eap-15, "-5.297748335229473e-05" },
	{ 0x1.915bb1a611bbfp+24, "26303409.6487081" },
	{ 0x1.1b880eb37c483p-22, "2.6405926264935634e-07" },
	{ 0x1.c0b9f329ca4bbp-12, "0.0004279388109461148" },
	{ 0x1.56bb3d9b302fcp+11, "2741.8512702885764" },
	{ 0x1.333403746d484p+66, "8.854528746806949e+19" },
	{ -0x1.155658388cbbap+45, "-38116946022807.45" },
	{ 0x1.d1fc31303634bp+20, "1908675.0742704447" },
	{ 0x1.37b084ce7320cp+31, "2614641255.224859" },
	{ -0x1.bd5cf38a2aed1p-27, "-1.2961771895677598e-08" },
	{ -0x1.c6221ccbc0789p-14, "-0.00010827380463854069" },
	{ 0x1.64d65c38d4812p+22, "5846423.05549814" },
	{ 0x1.6cfe8c2c5211cp-92, "2.8792975470249242e-28" },
	{ 0x1.6167beb0bdaf6p+82, "6.675636495134404e+24" },
	{ 0x1.6dbf600000000p+19, "749051.0" },
	{ 0x1.c8f6028240b78p+19, "935856.0784" },
	{ -0x1.be6da00000000p+19, "-914285.0" },
	{ 0x1.e0a8c80000000p+19, "984390.25" },
	{ -0x1.1f316df3b645ap+18, "-294085.718" },
	{ -0x1.ec29f205bc01ap+15, "-62996.9727" },
	{ -0x1.698ce00000000p+19, "-740455.0" },
	{ -0x1.cfc5a66666666p+18, "-474902.6" },
	{ 0x1.2c8f000000000p+19, "615544.0" },
	{ -0x1.127659999999ap+17, "-140524.7" },
	{ 0x1.f2ae75c28f5c3p+15, "63831.23" },
	{ 0x1.395da28b43958p+19, "641773.0795" },
	{ 0x1.d649400000000p+18, "481573.0" },
	{ 0x1.436720154c986p+19, "662329.0026" },
	{ -0x1.25ffd00000000p+19, "-602110.5" },
};

/*
 * A decimal number text as its significant digits (no leading or
 * trailing zeros), the decimal exponent of the first digit, and sign:
 * "-0.0125" and "-1.25e-2" are both "-", "125", -2.
 */
struct decimal {
	int	neg;
	char	digits[40];
	int	exp;
};

static int
decimal_of(const char *s, struct decimal *dec)
{
	size_t nd = 0;
	int point = -1, lead = 0, i = 0, seen = 0;

	memset(dec, 0, sizeof(*dec));
	if (s[i] == '-')
		dec->neg = s[i++] == '-';
	for (; isdigit((unsigned char)s[i]) || s[i] == '.'; i++) {
		if (s[i] == '.') {
			point = seen;
			continue;
		}
		if (s[i] == '0' && nd == 0) {
			lead++;
			seen++;
			continue;
		}
		if (nd + 1 >= sizeof(dec->digits))
			return -1;
		dec->digits[nd++] = s[i];
		seen++;
	}
	if (point == -1)
		point = seen;
	while (nd > 0 && dec->digits[nd - 1] == '0')
		dec->digits[--nd] = '\0';
	dec->exp = point - lead - 1;
	if (s[i] == 'e' || s[i] == 'E')
		dec->exp += atoi(s + i + 1);
	return 0;
}

/*
 * jsonw_real() writes the shortest of the 15, 16 and 17 digit forms
 * that read back: the same digits as Python's repr() for every normal
 * double, though the notation may differ (1e+15 for 1000000000000000.0).
 */
static void
test_real_repr(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct decimal got, want;
	size_t i;
	int integer;

	for (i = 0; i < NELEM(reals); i++) {
		strbuf_reset(&sb);
		jsonw_real(&sb, reals[i].d);
		CHECK(strtod(sb.buf, NULL) == reals[i].d);
		CHECK(scan_is_number(sb.buf, sb.len, &integer) && !integer);
		if (decimal_of(sb.buf, &got) == -1 ||
		    decimal_of(reals[i].repr, &want) == -1 ||
		    got.neg != want.neg || got.exp != want.exp ||
		    strcmp(got.digits, want.digits) != 0) {
			fprintf(stderr, "%s: %a: wrote %s, Python says %s\n",
			    __FILE__, reals[i].d, sb.buf, reals[i].repr);
			check_failures++;
		}
	}
	strbuf_release(&sb);
}

/* Write d and compare with want; finite ones must read back as d. */
static void
check_real(double d, const char *want, int line)
{
	struct strbuf sb = STRBUF_INIT;

	jsonw_real(&sb, d);
	if (strcmp(sb.buf, want) != 0) {
		fprintf(stderr, "%s:%d: %.17g -> %s, want %s\n", __FILE__,
		    line, d, sb.buf, want);
		check_failures++;
	}
	if (isfinite(d) && strtod(sb.buf, NULL) != d) {
		fprintf(stderr, "%s:%d: %s does not round-trip\n", __FILE__,
		    line, sb.buf);
		check_failures++;
	}
	strbuf_release(&sb);
}
#define REAL(d, want)	check_real(d, want, __LINE__)

static void
test_real_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	double d;
	int i;

	REAL(0.1, "0.1");
	REAL(0.1 + 0.2, "0.30000000000000004");
	REAL(1.0 / 3.0, "0.3333333333333333");
	/* Integral values stay reals. */
	REAL(2.0, "2.0");
	REAL(-0.0, "-0.0");
	REAL(1e15, "1e+15");
	REAL(1e300, "1e+300");
	REAL(123456789.125, "123456789.125");
	/* Below the normal range 15 digits read back (Python: 5e-324). */
	REAL(5e-324, "4.94065645841247e-324");
	/* JSON has no NaN or infinity. */
	REAL(NAN, "null");
	REAL(INFINITY, "null");
	REAL(-INFINITY, "null");
	/* Round trip over many awkward values. */
	for (i = 0, d = 0.001; i < 2000; i++, d *= 1.0137) {
		strbuf_reset(&sb);
		jsonw_real(&sb, d);
		CHECK(strtod(sb.buf, NULL) == d);
	}
	strbuf_release(&sb);
}

static void
test_int(void)
{
	struct strbuf sb = STRBUF_INIT;

	jsonw_int(&sb, INT64_MIN);
	CHECK_STR(sb.buf, "-9223372036854775808");
	strbuf_reset(&sb);
	jsonw_int(&sb, INT64_MAX);
	CHECK_STR(sb.buf, "9223372036854775807");
	strbuf_reset(&sb);
	jsonw_int(&sb, 0);
	CHECK_STR(sb.buf, "0");
	strbuf_release(&sb);
}

/* Write s[0..n) as a JSON string and compare; nbad bytes replaced. */
static void
check_string(const char *s, size_t n, const char *want, size_t nbad,
    int line)
{
	struct strbuf sb = STRBUF_INIT;
	size_t bad;

	bad = jsonw_string(&sb, s, n);
	if (strcmp(sb.buf, want) != 0 || bad != nbad) {
		fprintf(stderr, "%s:%d: got %s (%zu replaced), want %s (%zu)\n",
		    __FILE__, line, sb.buf, bad, want, nbad);
		check_failures++;
	}
	strbuf_release(&sb);
}
#define STRING(s, n, want, nbad) check_string(s, n, want, nbad, __LINE__)

static void
test_string(void)
{
	STRING("", 0, "\"\"", 0);
	STRING("a\"b\\c\n\x01\xff", 8,
	    "\"a\\\"b\\\\c\\n\\u0001\xef\xbf\xbd\"", 1);
	STRING("\t\r\b\f\x1f", 5, "\"\\t\\r\\b\\f\\u001f\"", 0);
	/* A NUL inside is a character like any other. */
	STRING("a\0b", 3, "\"a\\u0000b\"", 0);
	/* Slashes and DEL stay as they are. */
	STRING("/\x7f", 2, "\"/\x7f\"", 0);
	/* A quote right after a multi-byte character is still escaped. */
	STRING("\xf0\x9f\x8c\x80\"]", 6, "\"\xf0\x9f\x8c\x80\\\"]\"", 0);
	/* Overlong forms, surrogates and a cut-off character. */
	STRING("\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"", 2);
	STRING("\xed\xa0\x80", 3,
	    "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", 3);
	STRING("x\xe2\x82", 3, "\"x\xef\xbf\xbd\xef\xbf\xbd\"", 2);
}

static void
test_value(void)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v;

	v = json_pack("{s:i, s:f, s:[b, n, s], s:{}, s:s%}", "z", 7, "a",
	    0.5, "list", 1, "x", "k", "s", "q\"\n\0", (size_t)4);
	jsonw_value(&sb, v);
	/* Keys as inserted, not sorted; compact; strings escaped. */
	CHECK_STR(sb.buf, "{\"z\":7,\"a\":0.5,\"list\":[true,null,\"x\"],"
	    "\"k\":{},\"s\":\"q\\\"\\n\\u0000\"}");
	json_decref(v);
	strbuf_reset(&sb);
	v = json_real(3.0);
	jsonw_value(&sb, v);
	CHECK_STR(sb.buf, "3.0");
	json_decref(v);
	strbuf_release(&sb);
}

int
main(void)
{
	test_real_repr();
	test_real_text();
	test_int();
	test_string();
	test_value();
	return check_status();
}
