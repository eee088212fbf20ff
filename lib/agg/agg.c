/* SPDX-License-Identifier: MIT */
/* agg.c -- a group's block of states: each function through its methods. */
#include <stdlib.h>
#include <string.h>

#include "agg/agg_int.h"
#include "json/jsonw.h"

/* The state of function k in a block. */
static void *
state(const struct agg_spec *s, struct agg_acc *acc, size_t k)
{
	return (char *)acc + s->def[k].off;
}

static const void *
cstate(const struct agg_spec *s, const struct agg_acc *acc, size_t k)
{
	return (const char *)acc + s->def[k].off;
}

void
agg_init(const struct agg_spec *s, struct agg_acc *acc)
{
	size_t k;

	for (k = 0; k < s->ndef; k++)
		if (s->def[k].m->init != NULL)
			s->def[k].m->init(s, &s->def[k], state(s, acc, k));
}

struct agg_acc *
agg_new(const struct agg_spec *s)
{
	struct agg_acc *acc;

	acc = xcalloc(1, s->size > 0 ? s->size : 1);
	agg_init(s, acc);
	return acc;
}

void
agg_add(struct agg_spec *s, struct agg_acc *acc, struct agg_input *in)
{
	struct agg_def *d;
	size_t k;

	for (k = 0; k < s->ndef; k++) {
		d = &s->def[k];
		if (d->field >= 0 && in->val[d->field].v.type != JT_MISSING)
			d->present++;
		if (!d->m->add(s, d, state(s, acc, k),
		    d->field >= 0 ? &in->val[d->field] : NULL, in))
			d->skipped++;
	}
}

void
agg_merge(const struct agg_spec *s, struct agg_acc *dst,
    const struct agg_acc *src)
{
	size_t k;

	for (k = 0; k < s->ndef; k++)
		s->def[k].m->merge(s, &s->def[k], state(s, dst, k),
		    cstate(s, src, k));
}

void
agg_result(const struct agg_spec *s, struct agg_acc *acc, double secs,
    struct strbuf *sb)
{
	size_t k;

	for (k = 0; k < s->ndef; k++) {
		strbuf_addch(sb, ',');
		jsonw_string(sb, s->def[k].name, strlen(s->def[k].name));
		strbuf_addch(sb, ':');
		s->def[k].m->result(s, &s->def[k], state(s, acc, k), secs,
		    sb);
	}
}

void
agg_serialize(const struct agg_spec *s, const struct agg_acc *acc,
    struct strbuf *sb)
{
	size_t k;

	strbuf_addch(sb, '[');
	for (k = 0; k < s->ndef; k++) {
		if (k > 0)
			strbuf_addch(sb, ',');
		s->def[k].m->serialize(&s->def[k], cstate(s, acc, k), sb);
	}
	strbuf_addch(sb, ']');
}

int
agg_deserialize(const struct agg_spec *s, struct agg_acc *acc,
    const struct jval *state_v, struct sluice_err *err)
{
	struct agg_acc *tmp;
	struct jiter it;
	struct jval v;
	size_t k = 0;

	if (state_v->type != JT_ARRAY)
		return err_set(err, 0, "the state is not an array");
	tmp = agg_new(s);
	jiter_init(&it, state_v);
	while (jiter_next(&it, NULL, &v)) {
		if (k >= s->ndef) {
			agg_free(s, tmp);
			return err_set(err, 0, "the state has more than %zu "
			    "elements", s->ndef);
		}
		if (s->def[k].m->deserialize(s, &s->def[k], state(s, tmp, k),
		    &v) == -1) {
			agg_free(s, tmp);
			return err_set(err, 0, "bad state of %s",
			    s->def[k].name);
		}
		k++;
	}
	if (k != s->ndef) {
		agg_free(s, tmp);
		return err_set(err, 0, "the state has %zu elements, not %zu",
		    k, s->ndef);
	}
	agg_merge(s, acc, tmp);
	agg_free(s, tmp);
	return 0;
}

void
agg_release(const struct agg_spec *s, struct agg_acc *acc)
{
	size_t k;

	for (k = 0; k < s->ndef; k++)
		if (s->def[k].m->release != NULL)
			s->def[k].m->release(&s->def[k], state(s, acc, k));
}

void
agg_free(const struct agg_spec *s, struct agg_acc *acc)
{
	if (acc == NULL)
		return;
	agg_release(s, acc);
	free(acc);
}
