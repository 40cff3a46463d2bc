#include "lgcode.h"

#include <string.h>

int
lgcode_check_digit(uint32_t d5)
{
	static const int weight[5] = {6, 5, 4, 3, 2};
	int sum = 0, i;

	for (i = 4; i >= 0; i--) {
		sum += (int)(d5 % 10) * weight[i];
		d5 /= 10;
	}
	return (11 - sum % 11) % 10;
}

enum lgcode_status
lgcode_parse(const char *s, uint32_t *code)
{
	size_t n = strlen(s), i;
	uint32_t v = 0;
	int pref;

	if (n != 5 && n != 6)
		return LGCODE_BAD_FORMAT;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return LGCODE_BAD_FORMAT;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	pref = (int)(n == 6 ? v / 10000 : v / 1000);
	if (pref < 1 || pref > 47)
		return LGCODE_BAD_PREF;
	if (n == 5) {
		*code = v * 10 + (uint32_t)lgcode_check_digit(v);
		return LGCODE_COMPLETED;
	}
	*code = v;
	if ((int)(v % 10) != lgcode_check_digit(v / 10))
		return LGCODE_BAD_CHECK;
	return LGCODE_OK;
}
