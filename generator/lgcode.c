#include "lgcode.h"

#include <stddef.h>


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
	static const int weight[5] = {6, 5, 4, 3, 2};
	uint32_t v = 0;
	size_t n;
	int pref, sum = 0, d, check;

	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++) {
		if (n == 6)
			return LGCODE_BAD_FORMAT;
		d = s[n] - '0';
		v = v * 10 + (uint32_t)d;
		if (n < 5)
			sum += d * weight[n];
	}
	if (s[n] != '\0' || (n != 5 && n != 6))
		return LGCODE_BAD_FORMAT;
	pref = (int)(n == 6 ? v / 10000 : v / 1000);
	if (pref < 1 || pref > 47)
		return LGCODE_BAD_PREF;
	check = (11 - sum % 11) % 10;
	if (n == 5) {
		*code = v * 10 + (uint32_t)check;
		return LGCODE_COMPLETED;
	}
	*code = v;
	return (int)(v % 10) == check ? LGCODE_OK : LGCODE_BAD_CHECK;
}
