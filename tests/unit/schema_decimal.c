/* SPDX-License-Identifier: MIT */
/* schema_decimal.c -- unit tests of lib/schema/decimal.c: exact numbers. */
#include <string.h>

#include "schema/decimal.h"
#include "check.h"

/*
 * Every expected value below was computed independently with Python's
 * decimal module (getcontext().prec = 3000): cmp as (x > y) - (x < y),
 * is_int as x == x.to_integral_value(), multiple as x % m == 0.
 */

static struct decimal
dec(const char *s)
{
	struct decimal d;

	decimal_parse(s, strlen(s), &d);
	return d;
}

static int
cmp(const char *a, const char *b)
{
	struct decimal x = dec(a), y = dec(b);

	return decimal_cmp(&x, &y);
}

static int
multiple(const char *x, const char *m)
{
	struct decimal a = dec(x), b = dec(m);

	return decimal_multiple(&a, &b);
}

static int
is_int(const char *s)
{
	struct decimal d = dec(s);

	return decimal_is_int(&d);
}

static void
check_cmp(void)
{
	CHECK_INT(cmp("1", "1.0"), 0);
	CHECK_INT(cmp("10e-1", "1"), 0);
	CHECK_INT(cmp("-0", "0"), 0);
	CHECK_INT(cmp("-0.0e5", "0"), 0);
	CHECK_INT(cmp("1E+2", "100"), 0);
	CHECK_INT(cmp("0.000001", "1e-6"), 0);
	CHECK_INT(cmp("123.456", "123.4560"), 0);
	CHECK_INT(cmp("0.5", "5e-1"), 0);
	CHECK_INT(cmp("0.1", "0.10000000000000000001"), -1);
	CHECK_INT(cmp("1e400", "9.99e399"), 1);
	CHECK_INT(cmp("-1e400", "-9.99e399"), -1);
	CHECK_INT(cmp("12345678901234567890123", "12345678901234567890124"),
	    -1);
	CHECK_INT(cmp("99999999999999999999.5", "1e20"), -1);
	CHECK_INT(cmp("-5", "3"), -1);
	CHECK_INT(cmp("2", "-2"), 1);
	CHECK_INT(cmp("1e-400", "0"), 1);
	/* Antisymmetric. */
	CHECK_INT(cmp("9.99e399", "1e400"), -1);
	CHECK_INT(cmp("0.10000000000000000001", "0.1"), 1);
}

static void
check_is_int(void)
{
	CHECK_INT(is_int("1.0"), 1);
	CHECK_INT(is_int("1e2"), 1);
	CHECK_INT(is_int("1.5e1"), 1);
	CHECK_INT(is_int("0"), 1);
	CHECK_INT(is_int("-0.0"), 1);
	CHECK_INT(is_int("1234.5e1"), 1);
	CHECK_INT(is_int("100e-2"), 1);
	CHECK_INT(is_int("-3"), 1);
	CHECK_INT(is_int("1.5"), 0);
	CHECK_INT(is_int("1e-1"), 0);
	CHECK_INT(is_int("12.340e1"), 0);
}

static void
check_count(void)
{
	struct decimal d;
	int64_t v;

	d = dec("0");
	CHECK_INT(decimal_count(&d, &v), 0);
	CHECK_INT(v, 0);
	d = dec("5.0");
	CHECK_INT(decimal_count(&d, &v), 0);
	CHECK_INT(v, 5);
	d = dec("1e2");
	CHECK_INT(decimal_count(&d, &v), 0);
	CHECK_INT(v, 100);
	d = dec("999999999999999999");
	CHECK_INT(decimal_count(&d, &v), 0);
	CHECK_INT(v, 999999999999999999LL);
	/* Beyond 18 digits: saturated. */
	d = dec("1e30");
	CHECK_INT(decimal_count(&d, &v), 0);
	CHECK_INT(v, INT64_MAX);
	v = 42;
	d = dec("-1");
	CHECK_INT(decimal_count(&d, &v), -1);
	d = dec("1.5");
	CHECK_INT(decimal_count(&d, &v), -1);
	CHECK_INT(v, 42);
}

static void
check_multiple(void)
{
	CHECK_INT(multiple("10", "2.5"), 1);
	CHECK_INT(multiple("7.5", "2.5"), 1);
	CHECK_INT(multiple("7.6", "2.5"), 0);
	CHECK_INT(multiple("0.0075", "0.0001"), 1);
	CHECK_INT(multiple("0.00751", "0.0001"), 0);
	CHECK_INT(multiple("19.99", "0.01"), 1);
	CHECK_INT(multiple("0.3", "0.1"), 1);	/* not so in doubles */
	CHECK_INT(multiple("1e-5", "1e-4"), 0);
	CHECK_INT(multiple("-9", "3"), 1);
	CHECK_INT(multiple("0", "0.7"), 1);
	/* Big and small: far beyond doubles, still exact. */
	CHECK_INT(multiple("1e308", "1e-308"), 1);
	CHECK_INT(multiple("123456789012345678901234567890", "3"), 1);
	CHECK_INT(multiple("123456789012345678901234567891", "3"), 0);
	CHECK_INT(multiple("9007199254740993", "3"), 1);
	CHECK_INT(multiple("1e30", "7"), 0);
	CHECK_INT(multiple("1e30", "8"), 1);
	CHECK_INT(multiple("12345678901234567890", "0.5"), 1);
	CHECK_INT(multiple("1.5e-20", "5e-21"), 1);
	CHECK_INT(multiple("4.5e-20", "2e-21"), 0);
	CHECK_INT(multiple("340282366920938463463374607431768211456",
	    "1099511627776"), 1);
	CHECK_INT(multiple("4.000000000000000000000000001",
	    "0.000000000000000000000000001"), 1);
	CHECK_INT(multiple("1e-1000", "1e-1001"), 1);
	CHECK_INT(multiple("1e-1001", "1e-1000"), 0);
	/* An 18-digit divisor (2^59) and powers of ten by squaring. */
	CHECK_INT(multiple("1e1000", "576460752303423488"), 1);
	CHECK_INT(multiple("1e1000", "999999999999999989"), 0);
	CHECK_INT(multiple("3e1000", "999999999999999989"), 0);
	CHECK_INT(multiple("1e1000", "976562500000000000"), 1);
}

static void
check_hash(void)
{
	struct decimal a = dec("1"), b = dec("1.0"), c = dec("10e-1");
	struct decimal d = dec("2"), z = dec("-0.0");

	CHECK(decimal_hash(&a, 7) == decimal_hash(&b, 7));
	CHECK(decimal_hash(&a, 7) == decimal_hash(&c, 7));
	CHECK(decimal_hash(&a, 7) != decimal_hash(&d, 7));
	CHECK(decimal_hash(&z, 7) == 7);
}

int
main(void)
{
	check_cmp();
	check_is_int();
	check_count();
	check_multiple();
	check_hash();
	return check_status();
}
