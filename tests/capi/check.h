/* A minimal assertion kit for the C ABI tests: every CHECK counts, failures print where. */
#ifndef ASYNCFLOW_TESTS_CAPI_CHECK_H
#define ASYNCFLOW_TESTS_CAPI_CHECK_H

#include <stdio.h>

extern int check_failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++check_failures;                                                        \
    }                                                                          \
  } while (0)

#define CHECK_OK(call) CHECK((call) == ASYNCFLOW_OK)

#endif
