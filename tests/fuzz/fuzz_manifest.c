/*
 * libFuzzer target for the manifest a PDF carries, read as verify and
 * regenerate read it: every line checked (versions, dates, months,
 * languages, encodings, digests, names inside the sources), the layout,
 * the pack and the data it names.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stddef.h>
#include <stdint.h>

#include "batch.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	msg_set_quiet(true);
	run_check_manifest((const char *)data, size, "fuzz.pdf");
	msg_reset();
	return 0;
}
