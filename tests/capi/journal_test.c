/* The journal through the C ABI: each endpoint's durable copy is a table of rows kept only from
 * asyncflow_journal() after every step, and asyncflow_restore_records() of those rows gives an
 * endpoint whose snapshot is byte for byte the live one's, through a flow with a duplicate, a
 * drop and a retry. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "net.h"

int check_failures = 0;

#define ROWS_MAX 64

typedef struct row {
  asyncflow_record_kind kind;
  uint8_t peer[32];
  size_t peer_size;
  asyncflow_msg_id msg_id;
  uint8_t* record;
  size_t record_size;
} row;

typedef struct rows {
  row r[ROWS_MAX];
  size_t count;
  uint8_t* scalars;
  size_t scalars_size;
  size_t entries_applied;
} rows;

static uint8_t* copy_of(asyncflow_bytes b) {
  uint8_t* out = (uint8_t*)malloc(b.size ? b.size : 1);
  if (b.size) memcpy(out, b.data, b.size);
  return out;
}

static long find(const rows* t, const asyncflow_journal_entry* e) {
  size_t i;
  for (i = 0; i < t->count; ++i)
    if (t->r[i].kind == e->kind && t->r[i].peer_size == e->peer.size &&
        memcmp(t->r[i].peer, e->peer.data, e->peer.size) == 0 &&
        memcmp(&t->r[i].msg_id, &e->msg_id, sizeof e->msg_id) == 0)
      return (long)i;
  return -1;
}

/* What a host does after a step: upsert or delete each named row, rewrite the scalars. */
static void apply(rows* t, const asyncflow_endpoint* ep) {
  size_t n = 0, i;
  const asyncflow_journal_entry* entries = asyncflow_journal(ep, &n);
  for (i = 0; i < n; ++i) {
    const asyncflow_journal_entry* e = &entries[i];
    long at = find(t, e);
    if (e->change == ASYNCFLOW_CHANGE_REMOVED) {
      CHECK(at >= 0);
      CHECK(e->record.size == 0);
      if (at >= 0) {
        free(t->r[at].record);
        t->r[at] = t->r[--t->count];
      }
    } else {
      CHECK((at >= 0) == (e->change == ASYNCFLOW_CHANGE_CHANGED));
      if (at < 0) {
        CHECK(t->count < ROWS_MAX && e->peer.size <= sizeof t->r[0].peer);
        at = (long)t->count++;
        t->r[at].kind = e->kind;
        memcpy(t->r[at].peer, e->peer.data, e->peer.size);
        t->r[at].peer_size = e->peer.size;
        t->r[at].msg_id = e->msg_id;
      } else {
        free(t->r[at].record);
      }
      t->r[at].record = copy_of(e->record);
      t->r[at].record_size = e->record.size;
    }
    ++t->entries_applied;
  }
  CHECK(n == 0 || asyncflow_must_sync(ep));
  free(t->scalars);
  t->scalars = copy_of(asyncflow_journal_scalars(ep));
  t->scalars_size = asyncflow_journal_scalars(ep).size;
}

static uint8_t* snapshot_of(const asyncflow_endpoint* ep, size_t* size) {
  uint8_t* buffer;
  asyncflow_snapshot(ep, NULL, 0, size);
  buffer = (uint8_t*)malloc(*size);
  CHECK_OK(asyncflow_snapshot(ep, buffer, *size, size));
  return buffer;
}

/* The rows alone rebuild the endpoint exactly. */
static void check_rows_rebuild(const rows* t, const asyncflow_endpoint* live) {
  asyncflow_stored_record stored[ROWS_MAX];
  asyncflow_endpoint* rebuilt = NULL;
  asyncflow_restore_error why = ASYNCFLOW_RESTORE_OK;
  size_t i, a_size = 0, b_size = 0;
  uint8_t *a, *b;
  for (i = 0; i < t->count; ++i) {
    stored[i].kind = t->r[i].kind;
    stored[i].record.data = t->r[i].record;
    stored[i].record.size = t->r[i].record_size;
  }
  CHECK_OK(
      asyncflow_restore_records(t->scalars, t->scalars_size, stored, t->count, &rebuilt, &why));
  CHECK(why == ASYNCFLOW_RESTORE_OK);
  if (rebuilt == NULL) return;
  a = snapshot_of(live, &a_size);
  b = snapshot_of(rebuilt, &b_size);
  CHECK(a_size == b_size && memcmp(a, b, a_size) == 0);
  free(a);
  free(b);
  asyncflow_destroy(rebuilt);
}

static void free_rows(rows* t) {
  size_t i;
  for (i = 0; i < t->count; ++i) free(t->r[i].record);
  free(t->scalars);
}

static asyncflow_endpoint* make(uint64_t seed) {
  asyncflow_config config;
  asyncflow_endpoint* ep = NULL;
  asyncflow_config_error why;
  asyncflow_config_defaults(&config);
  config.retry_initial_ms = 100;
  config.retry_interval_max_ms = 400;
  config.clock_skew_ms = 200;
  config.fin_delay_ms = 50;
  CHECK_OK(asyncflow_create(&config, seed, &ep, &why));
  return ep;
}

int main(void) {
  node alice, bob;
  rows ra, rb;
  net n;
  uint64_t now = 1700000000000ull;
  const asyncflow_effect* deliver;
  int round;
  memset(&ra, 0, sizeof ra);
  memset(&rb, 0, sizeof rb);
  memset(&n, 0, sizeof n);
  alice.ep = make(1);
  alice.name = "alice";
  bob.ep = make(2);
  bob.name = "bob";
  ra.scalars = copy_of(asyncflow_journal_scalars(alice.ep));
  ra.scalars_size = asyncflow_journal_scalars(alice.ep).size;
  rb.scalars = copy_of(asyncflow_journal_scalars(bob.ep));
  rb.scalars_size = asyncflow_journal_scalars(bob.ep).size;

  for (round = 0; round < 3; ++round) {
    /* alice calls bob; the NEW is duplicated once and the ACK dropped once. */
    CHECK_OK(asyncflow_call(alice.ep, now, (const uint8_t*)"bob", 3, (const uint8_t*)"req", 3));
    CHECK(asyncflow_must_sync(alice.ep));
    apply(&ra, alice.ep);
    check_rows_rebuild(&ra, alice.ep);
    CHECK(net_capture(&n, &alice) == 1);
    CHECK_OK(net_deliver(&n, 0, &bob, now + 1, 1));
    apply(&rb, bob.ep);
    {
      /* The duplicate: delivered to no app, and no entry created or removed. */
      size_t rows_before = rb.count, count = 0, i;
      const asyncflow_journal_entry* e;
      CHECK_OK(net_deliver(&n, 0, &bob, now + 2, 0));
      e = asyncflow_journal(bob.ep, &count);
      for (i = 0; i < count; ++i) CHECK(e[i].change == ASYNCFLOW_CHANGE_CHANGED);
      apply(&rb, bob.ep);
      CHECK(rb.count == rows_before);
    }
    CHECK(effects_of_kind(&bob, ASYNCFLOW_EFFECT_DELIVER) == 0);
    check_rows_rebuild(&rb, bob.ep);
    /* bob's app answers the request its first copy delivered: the in-flow row names it. */
    {
      size_t i, count = 0;
      const asyncflow_journal_entry* e;
      for (i = 0; i < rb.count; ++i)
        if (rb.r[i].kind == ASYNCFLOW_RECORD_IN_FLOW && rb.r[i].record_size > 0) break;
      CHECK(i < rb.count);
      if (i < rb.count)
        CHECK_OK(asyncflow_respond(bob.ep, now + 4, (const uint8_t*)"alice", 5, &rb.r[i].msg_id,
                                   (const uint8_t*)"resp", 4));
      e = asyncflow_journal(bob.ep, &count);
      CHECK(count == 1 && e != NULL && e[0].kind == ASYNCFLOW_RECORD_IN_FLOW &&
            e[0].change == ASYNCFLOW_CHANGE_CHANGED);
    }
    apply(&rb, bob.ep);
    check_rows_rebuild(&rb, bob.ep);
    deliver = nth_effect(&bob, ASYNCFLOW_EFFECT_TRANSMIT, 0);
    CHECK(deliver != NULL);
    CHECK(net_capture(&n, &bob) >= 1);
    net_drop(&n, 0); /* the ACK is lost: bob retries it */
    now += 1000;
    CHECK_OK(asyncflow_tick(bob.ep, now));
    apply(&rb, bob.ep);
    check_rows_rebuild(&rb, bob.ep);
    CHECK(net_capture(&n, &bob) >= 1);
    for (int hops = 0; n.count > 0 && hops < 20; ++hops) {
      CHECK_OK(net_deliver(&n, 0, &alice, now + 1, 0));
      apply(&ra, alice.ep);
      check_rows_rebuild(&ra, alice.ep);
      net_capture(&n, &alice);
      now += 60;
      CHECK_OK(asyncflow_tick(alice.ep, now));
      apply(&ra, alice.ep);
      net_capture(&n, &alice);
      if (n.count > 0) {
        CHECK_OK(net_deliver(&n, 0, &bob, now + 1, 0));
        apply(&rb, bob.ep);
        check_rows_rebuild(&rb, bob.ep);
        net_capture(&n, &bob);
      }
    }
    CHECK(effects_of_kind(&alice, ASYNCFLOW_EFFECT_COMPLETED) <= 1);
    /* Time passes: retries and expiries remove rows, and the rows still match. */
    now += 5000;
    CHECK_OK(asyncflow_tick(alice.ep, now));
    apply(&ra, alice.ep);
    CHECK_OK(asyncflow_tick(bob.ep, now));
    apply(&rb, bob.ep);
    net_clear(&n);
    check_rows_rebuild(&ra, alice.ep);
    check_rows_rebuild(&rb, bob.ep);
  }
  CHECK(ra.entries_applied > 5 && rb.entries_applied > 10);
  {
    /* A record of an unknown kind is refused by name. */
    asyncflow_stored_record bad;
    asyncflow_endpoint* none = NULL;
    asyncflow_restore_error why = ASYNCFLOW_RESTORE_OK;
    uint8_t junk[4] = {0, 0, 0, 0};
    bad.kind = (asyncflow_record_kind)9;
    bad.record.data = junk;
    bad.record.size = sizeof junk;
    CHECK(asyncflow_restore_records(ra.scalars, ra.scalars_size, &bad, 1, &none, &why) ==
          ASYNCFLOW_ERR_RESTORE);
    CHECK(why == ASYNCFLOW_RESTORE_INVALID_VALUE && none == NULL);
    CHECK(asyncflow_restore_records(NULL, 3, NULL, 0, &none, &why) == ASYNCFLOW_ERR_NULL_ARGUMENT);
  }
  free_rows(&ra);
  free_rows(&rb);
  net_clear(&n);
  asyncflow_destroy(alice.ep);
  asyncflow_destroy(bob.ep);
  if (check_failures)
    fprintf(stderr, "%d check(s) failed\n", check_failures);
  else
    printf("capi journal: rows kept from journals rebuild both endpoints exactly\n");
  return check_failures ? 1 : 0;
}
