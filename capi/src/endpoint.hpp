#pragma once
// What the opaque asyncflow_endpoint handle points to: the kernel state, the last step's effects
// and their C views. The views point into `effects`, `frames` and `candid`, which stay untouched
// until the next step: that is the lifetime the header promises.
#include <vector>

#include "asyncflow/asyncflow.h"
#include "asyncflow/effect.hpp"
#include "asyncflow/journal.hpp"
#include "asyncflow/state.hpp"

struct asyncflow_endpoint {
  asyncflow::State state;
  asyncflow::Effects effects;
  std::vector<asyncflow_effect> views;
  std::vector<asyncflow_frame> frames;   // every Transmit's frames, one after another
  std::vector<asyncflow::Bytes> candid;  // one encoded batch per Transmit (with the codec)
  asyncflow::Journal journal;            // the last step's (scalars: the current state's)
  std::vector<asyncflow_journal_entry> journal_views;
  bool must_sync = false;

  explicit asyncflow_endpoint(asyncflow::State s)
      : state(std::move(s)), journal{{}, asyncflow::scalars_record(state), false} {}

  void clear_step() {
    effects.clear();
    views.clear();
    frames.clear();
    candid.clear();
    journal_views.clear();
  }
};
