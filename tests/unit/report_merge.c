/* SPDX-License-Identifier: MIT */
/* report_merge.c -- unit tests of report/merge: values kept whole, rules applied late. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "report/merge.h"

static void
check_empty(void)
{
	struct merge m = { 0, 0, 0, 0 };

	CHECK(isnan(merge_value(&m, MERGE_SUM)));
	CHECK(isnan(merge_value(&m, MERGE_NONE)));
	CHECK(isnan(merge_value(NULL, MERGE_MAX)));
	CHECK(isnan(merge_point(&m, MERGE_SUM, 3)));
	CHECK(!merge_refused(&m, MERGE_NONE));
	CHECK(!merge_refused(NULL, MERGE_NONE));
}

/* Three values: every rule but none combines them. */
static void
check_rules(void)
{
	struct merge m = { 0, 0, 0, 0 };

	merge_add(&m, 3);
	merge_add(&m, 1);
	merge_add(&m, 2);
	CHECK_INT(m.n, 3);
	CHECK(merge_value(&m, MERGE_SUM) == 6);
	CHECK(merge_value(&m, MERGE_MIN) == 1);
	CHECK(merge_value(&m, MERGE_MAX) == 3);
	/* A p95 of three groups: no value, and it says it refused. */
	CHECK(isnan(merge_value(&m, MERGE_NONE)));
	CHECK(merge_refused(&m, MERGE_NONE));
	CHECK(!merge_refused(&m, MERGE_SUM));
	/* Chart points: a sum per window, the highest for none. */
	CHECK(merge_point(&m, MERGE_SUM, 2) == 3);
	CHECK(merge_point(&m, MERGE_SUM, 0) == 6);
	CHECK(merge_point(&m, MERGE_MIN, 2) == 1);
	CHECK(merge_point(&m, MERGE_NONE, 2) == 3);
}

/* One value is shown as it is, whatever the rule. */
static void
check_one(void)
{
	struct merge m = { 0, 0, 0, 0 }, z = { 0, 0, 0, 0 };

	merge_add(&m, 812.5);
	CHECK(merge_value(&m, MERGE_NONE) == 812.5);
	CHECK(merge_value(&m, MERGE_MIN) == 812.5);
	CHECK(!merge_refused(&m, MERGE_NONE));
	/* The first value is kept as it is, sign of a zero included. */
	merge_add(&z, -0.0);
	CHECK(signbit(merge_value(&z, MERGE_SUM)));
}

/* Joining gives what adding every value to one would. */
static void
check_join(void)
{
	struct merge a = { 0, 0, 0, 0 }, b = { 0, 0, 0, 0 };
	struct merge all = { 0, 0, 0, 0 }, none = { 0, 0, 0, 0 };
	double v[] = { 4, -2, 9.5, 0.25, 7 };
	size_t i;

	for (i = 0; i < 5; i++) {
		merge_add(i < 2 ? &a : &b, v[i]);
		merge_add(&all, v[i]);
	}
	merge_join(&a, &none);
	CHECK_INT(a.n, 2);
	merge_join(&none, &b);
	CHECK_INT(none.n, 3);
	CHECK(none.sum == b.sum && none.min == b.min && none.max == b.max);
	merge_join(&a, &b);
	CHECK_INT(a.n, all.n);
	CHECK(a.sum == all.sum);
	CHECK(a.min == -2 && a.max == 9.5);
}

static void
check_array(void)
{
	struct merge *arr = NULL;
	size_t n = 0;

	CHECK(merge_get(arr, n, 0) == NULL);
	merge_add(merge_at(&arr, &n, 5), 1);
	CHECK(n >= 6);
	CHECK_INT(merge_get(arr, n, 0)->n, 0);
	CHECK_INT(merge_get(arr, n, 5)->n, 1);
	CHECK(merge_get(arr, n, n) == NULL);
	merge_add(merge_at(&arr, &n, 1), 2);
	CHECK_INT(merge_get(arr, n, 5)->n, 1);
	CHECK(merge_value(merge_get(arr, n, 1), MERGE_SUM) == 2);
	free(arr);
}

int
main(void)
{
	check_empty();
	check_rules();
	check_one();
	check_join();
	check_array();
	return check_status();
}
