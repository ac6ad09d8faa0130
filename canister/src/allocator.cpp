// wasm32 canisters only: malloc and friends as segregated power-of-two free lists over a bump
// pointer, replacing wasi-libc's dlmalloc (a flow's many small vectors spent a quarter of its
// instructions in dlmalloc/dlfree; this one spends a few dozen per call). Freed blocks go back
// to their size class and are reused; memory is never returned (a wasm memory cannot shrink
// anyway). Each block has a 16-byte header holding its class, so payloads stay 16-byte aligned.
// Out of memory traps: on the IC that rolls the message back.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace {

constexpr std::size_t kHeader = 16;
constexpr unsigned kMinShift = 5;  // 32-byte blocks (16 of payload) at least
constexpr unsigned kClasses = 32;
constexpr std::size_t kPage = 65536;

struct FreeBlock {
  FreeBlock* next;
};

FreeBlock* free_lists[kClasses] = {};
std::uintptr_t bump = 0;
std::uintptr_t bump_end = 0;

extern "C" unsigned char __heap_base;

unsigned class_of(std::size_t size) {
  if (size > (std::size_t{1} << 30)) __builtin_trap();
  const auto total = static_cast<std::uint32_t>(size + kHeader);  // the class: ceil(log2(total))
  const unsigned c = 32u - static_cast<unsigned>(__builtin_clz(total - 1));
  return c < kMinShift ? kMinShift : c;
}

void* take(unsigned c) {
  if (c >= kClasses) __builtin_trap();
  if (FreeBlock* b = free_lists[c]) {
    free_lists[c] = b->next;
    return b;
  }
  const std::size_t bytes = std::size_t{1} << c;
  if (bump == 0) {  // the first allocation: the heap starts after the data and the stack
    bump = (reinterpret_cast<std::uintptr_t>(&__heap_base) + 15) & ~std::uintptr_t{15};
    bump_end = __builtin_wasm_memory_size(0) * kPage;
  }
  if (bump_end - bump < bytes) {
    const std::size_t pages = (bytes - (bump_end - bump) + kPage - 1) / kPage;
    const std::uintptr_t old_end = __builtin_wasm_memory_size(0) * kPage;
    if (__builtin_wasm_memory_grow(0, pages) == static_cast<std::size_t>(-1)) __builtin_trap();
    if (old_end != bump_end) bump = old_end;  // someone else grew the memory: start after it
    bump_end = old_end + pages * kPage;
  }
  void* p = reinterpret_cast<void*>(bump);
  bump += bytes;
  return p;
}

void* payload_of(void* block, unsigned c) {
  *static_cast<std::uint32_t*>(block) = c;
  return static_cast<unsigned char*>(block) + kHeader;
}

unsigned header_class(void* p) {
  return *reinterpret_cast<std::uint32_t*>(static_cast<unsigned char*>(p) - kHeader);
}

}  // namespace

extern "C" {

void* malloc(std::size_t size) {
  const unsigned c = class_of(size);
  return payload_of(take(c), c);
}

void free(void* p) {
  if (!p) return;
  const unsigned c = header_class(p);
  auto* b = reinterpret_cast<FreeBlock*>(static_cast<unsigned char*>(p) - kHeader);
  b->next = free_lists[c];
  free_lists[c] = b;
}

void* calloc(std::size_t n, std::size_t size) {
  if (size != 0 && n > static_cast<std::size_t>(-1) / size) return nullptr;
  void* p = malloc(n * size);
  std::memset(p, 0, n * size);
  return p;
}

void* realloc(void* p, std::size_t size) {
  if (!p) return malloc(size);
  const unsigned c = header_class(p);
  if (size + kHeader <= (std::size_t{1} << c)) return p;
  void* q = malloc(size);
  std::memcpy(q, p, (std::size_t{1} << c) - kHeader);
  free(p);
  return q;
}

void* aligned_alloc(std::size_t alignment, std::size_t size) {
  if (alignment <= kHeader) return malloc(size);
  __builtin_trap();  // nothing in the canister asks for more than 16
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  *out = aligned_alloc(alignment, size);
  return 0;
}

std::size_t malloc_usable_size(void* p) {
  return p ? (std::size_t{1} << header_class(p)) - kHeader : 0;
}

}  // extern "C"
