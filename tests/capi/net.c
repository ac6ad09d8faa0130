#include "net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static uint8_t* copy_bytes(const uint8_t* data, size_t size) {
  uint8_t* out = (uint8_t*)malloc(size > 0 ? size : 1);
  if (size > 0) memcpy(out, data, size);
  return out;
}

size_t net_capture(net* n, const node* from) {
  size_t count = 0, captured = 0;
  const asyncflow_effect* effects = asyncflow_effects(from->ep, &count);
  for (size_t e = 0; e < count; ++e) {
    if (effects[e].kind != ASYNCFLOW_EFFECT_TRANSMIT || n->count == NET_PACKETS_MAX) continue;
    packet* p = &n->packets[n->count++];
    p->from = from;
    p->frame_count = effects[e].frame_count;
    p->frames = (asyncflow_frame*)malloc(sizeof(asyncflow_frame) * (p->frame_count + 1));
    for (size_t f = 0; f < p->frame_count; ++f) {
      p->frames[f] = effects[e].frames[f];
      p->frames[f].payload.data =
          copy_bytes(effects[e].frames[f].payload.data, effects[e].frames[f].payload.size);
    }
    p->candid = copy_bytes(effects[e].candid.data, effects[e].candid.size);
    p->candid_size = effects[e].candid.size;
    ++captured;
  }
  return captured;
}

static void packet_free(packet* p) {
  for (size_t f = 0; f < p->frame_count; ++f) free((void*)p->frames[f].payload.data);
  free(p->frames);
  free(p->candid);
}

void net_drop(net* n, size_t i) {
  if (i >= n->count) return; /* nothing there (a failed check before may have said why) */
  packet_free(&n->packets[i]);
  memmove(&n->packets[i], &n->packets[i + 1], sizeof(packet) * (n->count - i - 1));
  --n->count;
}

void net_clear(net* n) {
  while (n->count > 0) net_drop(n, 0);
}

asyncflow_status net_deliver(net* n, size_t i, const node* to, uint64_t now_ms, int keep) {
  const packet* p;
  const uint8_t* from;
  asyncflow_status status;
  if (i >= n->count) {
    /* A packet the test expected is not there: a failure, not a read of a freed slot. */
    fprintf(stderr, "net_deliver: no packet %zu (%zu in flight)\n", i, n->count);
    ++check_failures;
    return ASYNCFLOW_ERR_INTERNAL;
  }
  p = &n->packets[i];
  from = (const uint8_t*)p->from->name;
  if (n->use_candid) {
    asyncflow_decode_error error = 0;
    status = asyncflow_receive_candid(to->ep, now_ms, from, strlen(p->from->name), p->candid,
                                      p->candid_size, 0, &error);
  } else {
    status = asyncflow_receive(to->ep, now_ms, from, strlen(p->from->name), p->frames,
                               p->frame_count, 0);
  }
  if (!keep) net_drop(n, i);
  return status;
}

size_t effects_of_kind(const node* at, asyncflow_effect_kind kind) {
  size_t count = 0, matching = 0;
  const asyncflow_effect* effects = asyncflow_effects(at->ep, &count);
  for (size_t e = 0; e < count; ++e) matching += effects[e].kind == kind;
  return matching;
}

const asyncflow_effect* nth_effect(const node* at, asyncflow_effect_kind kind, size_t nth) {
  size_t count = 0;
  const asyncflow_effect* effects = asyncflow_effects(at->ep, &count);
  for (size_t e = 0; e < count; ++e)
    if (effects[e].kind == kind && nth-- == 0) return &effects[e];
  return NULL;
}

int bytes_equal(asyncflow_bytes bytes, const char* text) {
  size_t size = strlen(text);
  return bytes.size == size && (size == 0 || memcmp(bytes.data, text, size) == 0);
}

int msg_ids_equal(const asyncflow_msg_id* a, const asyncflow_msg_id* b) {
  return memcmp(a->bytes, b->bytes, sizeof a->bytes) == 0;
}

uint32_t crc32_of(const char* text) {
  uint32_t crc = 0xFFFFFFFFu;
  for (const unsigned char* p = (const unsigned char*)text; *p; ++p) {
    crc ^= *p;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}
