/* A C program built against an installed asyncflow with `pkg-config --libs asyncflow-c`: two
 * endpoints, one call carried as Candid bytes, its outcome. */
#include <stdio.h>
#include <string.h>

#include "asyncflow/asyncflow.h"

static int fail(const char* what) {
  fprintf(stderr, "consumer: %s\n", what);
  return 1;
}

/* The Candid body of the first TRANSMIT of the last step, copied into buffer. */
static size_t transmitted(asyncflow_endpoint* ep, unsigned char* buffer, size_t size) {
  size_t n = 0, i;
  const asyncflow_effect* effects = asyncflow_effects(ep, &n);
  for (i = 0; i < n; ++i)
    if (effects[i].kind == ASYNCFLOW_EFFECT_TRANSMIT && effects[i].candid.size <= size) {
      memcpy(buffer, effects[i].candid.data, effects[i].candid.size);
      return effects[i].candid.size;
    }
  return 0;
}

static int has(asyncflow_endpoint* ep, int kind) {
  size_t n = 0, i;
  const asyncflow_effect* effects = asyncflow_effects(ep, &n);
  for (i = 0; i < n; ++i)
    if ((int)effects[i].kind == kind) return 1;
  return 0;
}

int main(void) {
  asyncflow_config config;
  asyncflow_config_error error;
  asyncflow_endpoint *a = NULL, *b = NULL;
  unsigned char wire[4096];
  size_t size;
  const unsigned char name_a[] = "a", name_b[] = "b", request[] = "ping", response[] = "pong";
  const unsigned long long t = 1700000000000ULL;
  size_t n;
  const asyncflow_effect* effects;
  size_t i;
  asyncflow_msg_id id;

  if (strcmp(asyncflow_version(), "") == 0 ||
      asyncflow_version_number() != ASYNCFLOW_VERSION_NUMBER)
    return fail("version");
  if (!asyncflow_has_candid()) return fail("installed C ABI lacks the Candid codec");
  asyncflow_config_defaults(&config);
  if (asyncflow_create(&config, 1, &a, &error) != ASYNCFLOW_OK) return fail("create a");
  if (asyncflow_create(&config, 2, &b, &error) != ASYNCFLOW_OK) return fail("create b");

  if (asyncflow_call(a, t, name_b, 1, request, 4) != ASYNCFLOW_OK) return fail("call");
  size = transmitted(a, wire, sizeof wire);
  if (size == 0) return fail("no NEW sent");
  if (asyncflow_receive_candid(b, t, name_a, 1, wire, size, 0, NULL) != ASYNCFLOW_OK)
    return fail("receive NEW");
  effects = asyncflow_effects(b, &n);
  for (i = 0; i < n && effects[i].kind != ASYNCFLOW_EFFECT_DELIVER; ++i) {
  }
  if (i == n) return fail("no Deliver");
  id = effects[i].msg_id; /* effects are invalid once the next event is fed */
  if (asyncflow_respond(b, t, name_a, 1, &id, response, 4) != ASYNCFLOW_OK) return fail("respond");
  size = transmitted(b, wire, sizeof wire);
  if (asyncflow_receive_candid(a, t, name_b, 1, wire, size, 0, NULL) != ASYNCFLOW_OK)
    return fail("receive ACK");
  if (!has(a, ASYNCFLOW_EFFECT_COMPLETED)) return fail("no Completed");
  asyncflow_destroy(a);
  asyncflow_destroy(b);
  printf("C consumer: asyncflow %s, one call completed over Candid\n", asyncflow_version());
  return 0;
}
