/*
 * libFuzzer target for the layout reader: libxml2's parse and RelaxNG
 * validation, then every semantic check of spec_parse.  Reading is
 * confined to the input alone, so an XInclude or an entity is refused and
 * a run reads nothing but its input (fuzz_layout includes files).
 */
#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"
#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec *s;

	msg_set_quiet(true);
	sandbox_enter("fuzz/layout.xml", data, size);
	s = spec_parse((const char *)data, size, "fuzz/layout.xml");
	spec_free(s);
	infile_confine(NULL, 0);
	msg_reset();
	return 0;
}
