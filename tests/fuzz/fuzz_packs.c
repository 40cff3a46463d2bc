/*
 * libFuzzer target for the packs file: its schema, the packs, and the
 * generators (<each-prefecture>, <each-region>), which read the
 * prefecture table and expand {code}, {slug} and {name}.  The input is
 * layouts/fuzz-packs.xml in a sandbox holding the repository's
 * prefecture table; reading is confined to it.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "sandbox.h"
#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	struct packs *ps;
	struct buf out = {0};
	size_t i;

	if (!initialized) {
		msg_set_quiet(true);
		sandbox_add("input/prefectures.csv");
		sandbox_add("tests/golden/*/prefectures*.csv");
		initialized = 1;
	}
	sandbox_enter("layouts/fuzz-packs.xml", data, size);
	ps = packs_parse((const char *)data, size, "layouts/fuzz-packs.xml");
	/* Each pack written back, as a PDF carries it, must read again. */
	for (i = 0; ps != NULL && i < ps->n; i++) {
		struct packs *again;

		buf_clear(&out);
		packs_write(&ps->v[i], ps->v[i].layout, &out);
		again = packs_parse(out.data, out.len, "layouts/fuzz-packs.xml");
		if (again == NULL || again->n != 1)
			abort();
		packs_free(again);
	}
	buf_free(&out);
	packs_free(ps);
	infile_confine(NULL, 0);
	msg_reset();
	return 0;
}
