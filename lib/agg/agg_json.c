/* SPDX-License-Identifier: MIT */
/* agg_json.c -- the parts of serialised states that functions share. */
#include <math.h>

#include "agg/agg_int.h"
#include "json/jsonw.h"

int
agg_json_count(const struct jval *v, uint64_t *out)
{
	int64_t i;

	if (jval_int64(v, &i) == -1 || i < 0)
		return -1;
	*out = (uint64_t)i;
	return 0;
}

int
agg_json_bool(const struct jval *v, int *out)
{
	if (v->type != JT_TRUE && v->type != JT_FALSE)
		return -1;
	*out = v->type == JT_TRUE;
	return 0;
}

int
agg_json_number(const struct jval *v, int *is_int, int64_t *i, double *d)
{
	if (v->type != JT_NUMBER)
		return -1;
	if (jval_int64(v, i) == 0) {
		*is_int = 1;
		*d = (double)*i;
		return 0;
	}
	*is_int = 0;
	jval_double(v, d);
	return isfinite(*d) ? 0 : -1;
}

int
agg_json_time(const struct jval *v, int *has, int64_t *t)
{
	if (v->type == JT_NULL) {
		*has = 0;
		*t = 0;
		return 0;
	}
	*has = 1;
	return jval_int64(v, t);
}

void
agg_json_write_time(struct strbuf *sb, int has, int64_t t)
{
	if (has)
		jsonw_int(sb, t);
	else
		strbuf_add(sb, "null", 4);
}

void
agg_json_write_intish(struct strbuf *sb, double d, int as_int)
{
	if (as_int && d == floor(d) && d >= -9223372036854775808.0 &&
	    d < 9223372036854775808.0)
		jsonw_int(sb, (int64_t)d);
	else
		jsonw_real(sb, d);
}
