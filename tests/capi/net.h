/* A simulated network for C ABI tests: transmissions copied out of an endpoint's effects (whose
 * memory lives only until its next call), then delivered, duplicated or dropped at will. */
#ifndef ASYNCFLOW_TESTS_CAPI_NET_H
#define ASYNCFLOW_TESTS_CAPI_NET_H

#include <stddef.h>
#include <stdint.h>

#include "asyncflow/asyncflow.h"

#define NET_PACKETS_MAX 64

typedef struct node {
  asyncflow_endpoint* ep;
  const char* name; /* the peer name the other side knows it by */
} node;

typedef struct packet {
  const node* from;
  asyncflow_frame* frames; /* deep copies: payloads owned here */
  size_t frame_count;
  uint8_t* candid;
  size_t candid_size;
} packet;

typedef struct net {
  packet packets[NET_PACKETS_MAX];
  size_t count;
  int use_candid; /* deliver the Candid bytes through asyncflow_receive_candid */
} net;

/* Copies every Transmit in from's last effects into the network; returns how many. */
size_t net_capture(net* n, const node* from);
/* Delivers packet i to `to` (keeping it in flight when keep != 0). */
asyncflow_status net_deliver(net* n, size_t i, const node* to, uint64_t now_ms, int keep);
void net_drop(net* n, size_t i);
void net_clear(net* n);

/* Helpers over an endpoint's last effects. */
size_t effects_of_kind(const node* at, asyncflow_effect_kind kind);
const asyncflow_effect* nth_effect(const node* at, asyncflow_effect_kind kind, size_t nth);
int bytes_equal(asyncflow_bytes bytes, const char* text);
int msg_ids_equal(const asyncflow_msg_id* a, const asyncflow_msg_id* b);
uint32_t crc32_of(const char* text); /* zlib's CRC-32, written out here independently */

#endif
