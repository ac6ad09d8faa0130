/* Compiled as C89 with -pedantic -Werror: the header must stay usable from the oldest C. */
#include "asyncflow/asyncflow.h"

int asyncflow_header_is_c89(void) {
  return (int)sizeof(asyncflow_effect) > 0;
}
