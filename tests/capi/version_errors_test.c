/* The C ABI's version functions and named decode errors (issue 17): the version the library
 * reports is the header's, the snapshot format it names is the one its snapshots carry, and every
 * Candid rejection comes back as a value the header names. */
#include <stdio.h>
#include <string.h>

#include "asyncflow/asyncflow.h"
#include "check.h"

int check_failures = 0;

static const uint8_t kPeer[] = {'p'};

static void version_is_the_headers(void) {
  char expected[32];
  sprintf(expected, "%d.%d.%d", ASYNCFLOW_VERSION_MAJOR, ASYNCFLOW_VERSION_MINOR,
          ASYNCFLOW_VERSION_PATCH);
  CHECK(asyncflow_version() != NULL);
  CHECK(strcmp(asyncflow_version(), expected) == 0);
  CHECK(asyncflow_version_number() == ASYNCFLOW_VERSION_NUMBER);
  CHECK(asyncflow_version_number() == ASYNCFLOW_VERSION_MAJOR * 10000L +
                                          ASYNCFLOW_VERSION_MINOR * 100L + ASYNCFLOW_VERSION_PATCH);
}

static void snapshot_format_is_the_one_written(void) {
  asyncflow_config config;
  asyncflow_endpoint* ep = NULL;
  asyncflow_config_error error = ASYNCFLOW_CONFIG_OK;
  uint8_t buffer[4096];
  size_t written = 0;
  asyncflow_config_defaults(&config);
  CHECK_OK(asyncflow_create(&config, 7, &ep, &error));
  CHECK_OK(asyncflow_snapshot(ep, buffer, sizeof buffer, &written));
  CHECK(written > 6 && memcmp(buffer, "AFSN", 4) == 0);
  /* "AFSN", then the format version as a little-endian u16 */
  CHECK(buffer[4] + 256 * buffer[5] == asyncflow_snapshot_format_version());
  CHECK(asyncflow_snapshot_format_version() == 1);
  asyncflow_destroy(ep);
}

/* Feeds bytes as a received `asyncFlow (vec Frame)` body; the decode error it gives. */
static asyncflow_decode_error rejection(const uint8_t* bytes, size_t size) {
  asyncflow_config config;
  asyncflow_endpoint* ep = NULL;
  asyncflow_config_error config_error = ASYNCFLOW_CONFIG_OK;
  asyncflow_decode_error error = -1;
  asyncflow_status status;
  asyncflow_config_defaults(&config);
  CHECK_OK(asyncflow_create(&config, 7, &ep, &config_error));
  status = asyncflow_receive_candid(ep, 1000, kPeer, sizeof kPeer, bytes, size, 0, &error);
  CHECK(status == (error == ASYNCFLOW_DECODE_OK ? ASYNCFLOW_OK : ASYNCFLOW_ERR_DECODE));
  asyncflow_destroy(ep);
  return error;
}

/* The Candid body of the transmission carrying one call's NEW, copied into buffer. */
static size_t sent_batch(uint8_t* buffer, size_t capacity) {
  asyncflow_config config;
  asyncflow_endpoint* ep = NULL;
  asyncflow_config_error error = ASYNCFLOW_CONFIG_OK;
  const asyncflow_effect* effects;
  size_t n = 0, i, size = 0;
  asyncflow_config_defaults(&config);
  CHECK_OK(asyncflow_create(&config, 9, &ep, &error));
  CHECK_OK(asyncflow_call(ep, 1000, kPeer, sizeof kPeer, (const uint8_t*)"hi", 2));
  effects = asyncflow_effects(ep, &n);
  for (i = 0; i < n; ++i)
    if (effects[i].kind == ASYNCFLOW_EFFECT_TRANSMIT && effects[i].candid.size <= capacity) {
      memcpy(buffer, effects[i].candid.data, effects[i].candid.size);
      size = effects[i].candid.size;
    }
  asyncflow_destroy(ep);
  return size;
}

static void decode_errors_are_named(void) {
  static const uint8_t not_candid[] = {'D', 'I', 'D', 'X', 0, 0};
  static const uint8_t cut_short[] = {'D', 'I', 'D', 'L'};
  /* an empty type table and one argument of type nat (0x7d) where (vec Frame) is expected */
  static const uint8_t nat_argument[] = {'D', 'I', 'D', 'L', 0, 1, 0x7d, 5};
  static const uint8_t no_argument[] = {'D', 'I', 'D', 'L', 0, 0};

  if (!asyncflow_has_candid()) {
    printf("built without the Candid codec: decode errors not exercised\n");
    return;
  }
  CHECK(rejection(not_candid, sizeof not_candid) == ASYNCFLOW_DECODE_BAD_MAGIC);
  CHECK(rejection(cut_short, sizeof cut_short) == ASYNCFLOW_DECODE_TRUNCATED);
  CHECK(rejection(nat_argument, sizeof nat_argument) == ASYNCFLOW_DECODE_TYPE_MISMATCH);
  {
    /* A real batch (the NEW of a call) is accepted; the same with one byte more is not. */
    uint8_t batch[512];
    size_t size = sent_batch(batch, sizeof batch - 1);
    CHECK(size > 0);
    CHECK(rejection(batch, size) == ASYNCFLOW_DECODE_OK);
    batch[size] = 0xff;
    CHECK(rejection(batch, size + 1) == ASYNCFLOW_DECODE_TRAILING_BYTES);
  }
  CHECK(rejection(no_argument, sizeof no_argument) == ASYNCFLOW_DECODE_MISSING_ARGUMENT);

  CHECK(strcmp(asyncflow_decode_error_name(ASYNCFLOW_DECODE_OK), "OK") == 0);
  CHECK(strcmp(asyncflow_decode_error_name(ASYNCFLOW_DECODE_BAD_MAGIC), "BAD_MAGIC") == 0);
  CHECK(strcmp(asyncflow_decode_error_name(ASYNCFLOW_DECODE_TRAILING_BYTES), "TRAILING_BYTES") ==
        0);
  CHECK(strcmp(asyncflow_decode_error_name(ASYNCFLOW_DECODE_UNKNOWN_METHOD), "UNKNOWN_METHOD") ==
        0);
  CHECK(strcmp(asyncflow_decode_error_name(ASYNCFLOW_DECODE_UNKNOWN_METHOD + 1), "?") == 0);
  CHECK(strcmp(asyncflow_decode_error_name(-1), "?") == 0);
}

int main(void) {
  version_is_the_headers();
  snapshot_format_is_the_one_written();
  decode_errors_are_named();
  if (check_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", check_failures);
    return 1;
  }
  printf("asyncflow C ABI %s: version, snapshot format and decode errors as the header says\n",
         asyncflow_version());
  return 0;
}
