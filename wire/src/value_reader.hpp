#pragma once
// Reads values at our expected types from values of whatever types the message declares,
// following Candid's decoding relation (spec/Candid.md, "Decoding"): records may carry extra
// fields (skipped) or lack `opt` ones (null); an `opt` reads null from null, reserved, or a value
// that does not decode at its content type; a bare value reads as present; variants are
// checked per value, so a wire type may list alternatives that a message never uses.
#include <cstddef>
#include <cstdint>

#include "asyncflow/frame.hpp"
#include "type_table.hpp"

namespace asyncflow::wire::candid {

class ValueReader {
 public:
  ValueReader(Reader& reader, const TypeTable& table, const DecodeLimits& limits) noexcept
      : reader_(reader), table_(table), limits_(limits) {}

  Status new_frame(TypeRef type, NewFrame& out);
  Status ack_frame(TypeRef type, AckFrame& out);
  Status fin_frame(TypeRef type, FinFrame& out);
  Status frame(TypeRef type, Frame& out);
  Status frames(TypeRef type, std::vector<Frame>& out);

  // Steps over a value of any declared type, checking that it is well formed.
  Status skip(TypeRef type, unsigned depth = 0);

 private:
  Status nat(TypeRef type, MsgId& out);
  Status blob(TypeRef type, Bytes& out);
  Status opt_nat32(TypeRef type, std::optional<Hash32>& out);

  Status skip_reference();
  Status skip_blob();
  Status skip_text();
  Status spend_skip_budget();

  Reader& reader_;
  const TypeTable& table_;
  const DecodeLimits& limits_;
  std::size_t skipped_values_ = 0;
};

}  // namespace asyncflow::wire::candid
