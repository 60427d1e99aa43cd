// SPDX-License-Identifier: GPL-2.0
/* Method and level names: the CLI's spelling round-trips through the UAPI enums. */
#include <stdio.h>
#include <string.h>
#include "pab_dev.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

int main(void)
{
	for (unsigned int m = 0; m < PAB_METHOD_NR; m++) {
		const char *n = pab_method_name(m);

		CHECK(n != NULL);
		CHECK(pab_method_parse(n) == (int)m);
	}
	CHECK(pab_method_parse("walk-lockless") == PAB_METHOD_WALK_LOCKLESS);
	CHECK(pab_method_parse("WALK") == -1);
	CHECK(pab_method_parse("") == -1);
	CHECK(pab_method_name(PAB_METHOD_NR) == NULL);
	CHECK(!strcmp(pab_level_name(PAB_LVL_CONT_PTE), "cont_pte"));
	CHECK(pab_level_name(PAB_LVL_NR) == NULL);
	CHECK(!strcmp(pab_lazy_api_name(PAB_LAZY_API_GENERIC), "lazy_mmu_mode_enable"));
	CHECK(!strcmp(pab_walker_api_name(PAB_WALKER_KERNEL), "walk_kernel_page_table_range"));
	CHECK(!strcmp(pab_arch_name(PAB_ARCH_ARM64), "arm64"));
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
