// Copyright (c) Eddy authors.
//
// Item <-> FlatBuffer (schema and format rules: engine/item.fbs).
//
// Encoding reuses one FlatBufferBuilder and one offset stack per thread, so
// an encode allocates nothing once they have grown. Decoding verifies the
// buffer, then checks what the verifier cannot (type numbers, required
// text, name order) while converting.

#include "engine/item_codec.h"

#include <cassert>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/item_generated.h"
#include "engine/item_slots.h"
#include "flatbuffers/flatbuffers.h"

namespace eddy::engine {
namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;
using flatbuffers::uoffset_t;
using flatbuffers::Vector;

// Verifier limits. An item nests at most 32 levels (item_validation.h) and
// each level is one Value table, so 80 leaves headroom for the Item table
// and Blobs. Tables: a 400 KB item holds at most ~205K values.
constexpr uoffset_t kMaxVerifyDepth = 80;
constexpr uoffset_t kMaxVerifyTables = 1u << 20;
// A builder whose last buffer exceeded this is freed rather than kept.
constexpr size_t kMaxRetainedBuilderBytes = 1u << 20;

std::string_view View(const flatbuffers::String* s) {
  return std::string_view(s->data(), s->size());
}

// ---------------------------------------------------------------------------
// Encoding

class Encoder {
 public:
  Encoder(FlatBufferBuilder* fbb, std::vector<uoffset_t>* stack)
      : fbb_(fbb), stack_(stack) {}

  // The values of `map`, named, as a vector.
  Offset<Vector<Offset<fb::Value>>> Members(const AttributeMap& map) {
    const size_t base = stack_->size();
    for (const auto& [name, value] : map) {
      auto name_offset = fbb_->CreateString(name.data(), name.size());
      stack_->push_back(Value(name_offset, value).o);
    }
    return PopVector<fb::Value>(base);
  }

  // `name` is null for list elements.
  Offset<fb::Value> Value(Offset<flatbuffers::String> name,
                          const AttributeValue& v) {
    Offset<flatbuffers::String> s;
    Offset<Vector<uint8_t>> b;
    Offset<Vector<Offset<fb::Value>>> members;
    Offset<Vector<Offset<fb::Value>>> list;
    Offset<Vector<Offset<flatbuffers::String>>> strings;
    Offset<Vector<Offset<fb::Blob>>> binaries;
    switch (v.type()) {
      case AttributeType::kS:
        if (!v.s().empty()) s = fbb_->CreateString(v.s().data(), v.s().size());
        break;
      case AttributeType::kN:
        s = fbb_->CreateString(v.n().data(), v.n().size());
        break;
      case AttributeType::kB:
        if (!v.b().empty()) b = Bytes(v.b());
        break;
      case AttributeType::kBool:
      case AttributeType::kNull:
        break;
      case AttributeType::kM:
        if (!v.m().empty()) members = Members(v.m());
        break;
      case AttributeType::kL:
        if (!v.l().empty()) list = List(v.l());
        break;
      case AttributeType::kSS:
      case AttributeType::kNS:
        strings = Strings(v.set());
        break;
      case AttributeType::kBS:
        binaries = Blobs(v.set());
        break;
    }
    const bool boolean = v.type() == AttributeType::kBool && v.boolean();
    return fb::CreateValue(*fbb_, static_cast<uint8_t>(v.type()), name, s,
                           boolean, b, members, list, strings, binaries);
  }

 private:
  Offset<Vector<uint8_t>> Bytes(const std::string& bytes) {
    return fbb_->CreateVector(reinterpret_cast<const uint8_t*>(bytes.data()),
                              bytes.size());
  }

  Offset<Vector<Offset<fb::Value>>> List(const AttributeList& list) {
    const size_t base = stack_->size();
    for (const AttributeValue& element : list) {
      stack_->push_back(Value(Offset<flatbuffers::String>(), element).o);
    }
    return PopVector<fb::Value>(base);
  }

  Offset<Vector<Offset<flatbuffers::String>>> Strings(
      const std::vector<std::string>& set) {
    const size_t base = stack_->size();
    for (const std::string& s : set) {
      stack_->push_back(fbb_->CreateString(s.data(), s.size()).o);
    }
    return PopVector<flatbuffers::String>(base);
  }

  Offset<Vector<Offset<fb::Blob>>> Blobs(const std::vector<std::string>& set) {
    const size_t base = stack_->size();
    for (const std::string& bytes : set) {
      auto data = bytes.empty() ? Offset<Vector<uint8_t>>() : Bytes(bytes);
      stack_->push_back(fb::CreateBlob(*fbb_, data).o);
    }
    return PopVector<fb::Blob>(base);
  }

  // Writes the offsets pushed since `base` as a vector and pops them.
  template <typename T>
  Offset<Vector<Offset<T>>> PopVector(size_t base) {
    const size_t n = stack_->size() - base;
    fbb_->StartVector(n, sizeof(uoffset_t));
    for (size_t i = stack_->size(); i > base; --i) {
      fbb_->PushElement(Offset<T>((*stack_)[i - 1]));
    }
    stack_->resize(base);
    return Offset<Vector<Offset<T>>>(fbb_->EndVector(n));
  }

  FlatBufferBuilder* fbb_;
  std::vector<uoffset_t>* stack_;
};

// ---------------------------------------------------------------------------
// Checks shared by VerifyItem and DecodeItem (beyond the Verifier's).

bool KnownType(uint8_t type) {
  return type <= static_cast<uint8_t>(AttributeType::kBS);
}

absl::Status CheckValue(const fb::Value& v);

absl::Status CheckMembers(const Vector<Offset<fb::Value>>* members) {
  if (members == nullptr) return absl::OkStatus();
  std::string_view previous;
  bool first = true;
  for (const fb::Value* member : *members) {
    if (member->name() == nullptr)
      return CorruptItem("attribute without a name");
    const std::string_view name = View(member->name());
    if (!first && !(previous < name)) {
      return CorruptItem("attribute names out of order or repeated");
    }
    previous = name;
    first = false;
    absl::Status s = CheckValue(*member);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// Every NS element is number text, so never empty (as format 2 checks).
absl::Status CheckNumberSet(
    const Vector<Offset<flatbuffers::String>>* strings) {
  if (strings == nullptr) return absl::OkStatus();
  for (const flatbuffers::String* s : *strings) {
    if (s->size() == 0) return CorruptItem("N value without text");
  }
  return absl::OkStatus();
}

absl::Status CheckValue(const fb::Value& v) {
  if (!KnownType(v.type())) {
    return CorruptItem(absl::StrCat("unknown attribute type ", v.type()));
  }
  switch (static_cast<AttributeType>(v.type())) {
    case AttributeType::kN:
      if (v.s() == nullptr || v.s()->size() == 0) {
        return CorruptItem("N value without text");
      }
      return absl::OkStatus();
    case AttributeType::kNS:
      return CheckNumberSet(v.strings());
    case AttributeType::kM:
      return CheckMembers(v.members());
    case AttributeType::kL:
      if (v.list() == nullptr) return absl::OkStatus();
      for (const fb::Value* element : *v.list()) {
        absl::Status s = CheckValue(*element);
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    default:
      return absl::OkStatus();
  }
}

// ---------------------------------------------------------------------------
// Decoding. REQUIRES: the buffer passed the Verifier. The checks of
// CheckValue run during the same walk (one pass over the buffer).

std::string Text(const flatbuffers::String* s) {
  return s == nullptr ? std::string() : std::string(s->data(), s->size());
}

std::string Bytes(const Vector<uint8_t>* b) {
  if (b == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(b->data()), b->size());
}

absl::Status DecodeValue(const fb::Value& v, AttributeValue* out);

absl::Status DecodeMembers(const Vector<Offset<fb::Value>>* members,
                           AttributeMap* out) {
  if (members == nullptr) return absl::OkStatus();
  std::string_view previous;
  for (const fb::Value* member : *members) {
    if (member->name() == nullptr)
      return CorruptItem("attribute without a name");
    const std::string_view name = View(member->name());
    if (!out->empty() && !(previous < name)) {
      return CorruptItem("attribute names out of order or repeated");
    }
    previous = name;
    // Names are strictly increasing, so each goes at the end.
    auto it =
        out->emplace_hint(out->end(), std::piecewise_construct,
                          std::forward_as_tuple(name), std::forward_as_tuple());
    absl::Status s = DecodeValue(*member, &it->second);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::string> DecodeStrings(
    const Vector<Offset<flatbuffers::String>>* strings) {
  std::vector<std::string> out;
  if (strings == nullptr) return out;
  out.reserve(strings->size());
  for (const flatbuffers::String* s : *strings) out.push_back(Text(s));
  return out;
}

std::vector<std::string> DecodeBlobs(const Vector<Offset<fb::Blob>>* blobs) {
  std::vector<std::string> out;
  if (blobs == nullptr) return out;
  out.reserve(blobs->size());
  for (const fb::Blob* blob : *blobs) out.push_back(Bytes(blob->data()));
  return out;
}

absl::Status DecodeValue(const fb::Value& v, AttributeValue* out) {
  if (!KnownType(v.type())) {
    return CorruptItem(absl::StrCat("unknown attribute type ", v.type()));
  }
  switch (static_cast<AttributeType>(v.type())) {
    case AttributeType::kS:
      *out = AttributeValue::S(Text(v.s()));
      break;
    case AttributeType::kN:
      if (v.s() == nullptr || v.s()->size() == 0) {
        return CorruptItem("N value without text");
      }
      *out = AttributeValue::N(Text(v.s()));
      break;
    case AttributeType::kB:
      *out = AttributeValue::B(Bytes(v.b()));
      break;
    case AttributeType::kBool:
      *out = AttributeValue::Bool(v.boolean());
      break;
    case AttributeType::kNull:
      break;  // *out is NULL already
    case AttributeType::kM:
      *out = AttributeValue::M({});
      if (v.members() != nullptr && v.members()->size() > 0) {
        return DecodeMembers(v.members(), out->mutable_m());
      }
      break;
    case AttributeType::kL: {
      AttributeList list;
      if (v.list() != nullptr) {
        list.resize(v.list()->size());
        for (uoffset_t i = 0; i < v.list()->size(); ++i) {
          absl::Status s = DecodeValue(*v.list()->Get(i), &list[i]);
          if (!s.ok()) return s;
        }
      }
      *out = AttributeValue::L(std::move(list));
      break;
    }
    case AttributeType::kSS:
      *out = AttributeValue::SS(DecodeStrings(v.strings()));
      break;
    case AttributeType::kNS:
      if (absl::Status s = CheckNumberSet(v.strings()); !s.ok()) return s;
      *out = AttributeValue::NS(DecodeStrings(v.strings()));
      break;
    case AttributeType::kBS:
      *out = AttributeValue::BS(DecodeBlobs(v.binaries()));
      break;
  }
  return absl::OkStatus();
}

// Runs the Verifier only. On success *root is the item.
absl::Status VerifyBuffer(std::string_view bytes,
                          std::vector<uint64_t>* aligned,
                          const fb::Item** root) {
  if (bytes.size() >= FLATBUFFERS_MAX_BUFFER_SIZE) {
    return CorruptItem("larger than a FlatBuffer can be");
  }
  const uint8_t* data =
      reinterpret_cast<const uint8_t*>(AlignedBytes(bytes, aligned).data());
  flatbuffers::Verifier::Options options;
  options.max_depth = kMaxVerifyDepth;
  options.max_tables = kMaxVerifyTables;
  flatbuffers::Verifier verifier(data, bytes.size(), options);
  if (!fb::VerifyItemBuffer(verifier)) {
    return CorruptItem("FlatBuffers verification failed");
  }
  *root = fb::GetItem(data);
  return absl::OkStatus();
}

// Runs the Verifier and the semantic checks. On success *root is the item.
absl::Status Verify(std::string_view bytes, std::vector<uint64_t>* aligned,
                    const fb::Item** root) {
  absl::Status s = VerifyBuffer(bytes, aligned, root);
  if (!s.ok()) return s;
  if ((*root)->slots() != nullptr) {
    SlotItem unused;
    return CheckSlots(**root, &unused);
  }
  return CheckMembers((*root)->attributes());
}

// Checks and decodes a root that passed the Verifier, in either format.
absl::StatusOr<Item> DecodeRoot(const fb::Item& root) {
  if (root.slots() != nullptr) {
    SlotItem slots;
    if (absl::Status s = CheckSlots(root, &slots); !s.ok()) return s;
    Item item;
    DecodeMapSlot(slots, 0, &item);
    return item;
  }
  Item item;
  if (absl::Status s = DecodeMembers(root.attributes(), &item); !s.ok()) {
    return s;
  }
  return item;
}

}  // namespace

std::string_view AlignedBytes(std::string_view bytes,
                              std::vector<uint64_t>* buffer) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % alignof(uint64_t) == 0) {
    return bytes;
  }
  buffer->resize(bytes.size() / sizeof(uint64_t) + 1);
  std::memcpy(buffer->data(), bytes.data(), bytes.size());
  return std::string_view(reinterpret_cast<const char*>(buffer->data()),
                          bytes.size());
}

void EncodeItem(const Item& item, std::string* out) {
  thread_local FlatBufferBuilder fbb(1024);
  EncodeSlots(item, &fbb);
  out->assign(reinterpret_cast<const char*>(fbb.GetBufferPointer()),
              fbb.GetSize());
  if (fbb.GetSize() > kMaxRetainedBuilderBytes) fbb.Reset();
}

void EncodeItemV1(const Item& item, std::string* out) {
  thread_local FlatBufferBuilder fbb(1024);
  thread_local std::vector<uoffset_t> stack;
  fbb.Clear();
  Encoder encoder(&fbb, &stack);
  auto attributes = encoder.Members(item);
  fbb.Finish(fb::CreateItem(fbb, attributes), fb::ItemIdentifier());
  out->assign(reinterpret_cast<const char*>(fbb.GetBufferPointer()),
              fbb.GetSize());
  if (fbb.GetSize() > kMaxRetainedBuilderBytes) {
    fbb.Reset();
    stack.shrink_to_fit();
  }
}

absl::StatusOr<Item> DecodeItem(std::string_view bytes) {
  thread_local std::vector<uint64_t> aligned;
  const fb::Item* root = nullptr;
  absl::Status s = VerifyBuffer(bytes, &aligned, &root);
  if (!s.ok()) return s;
  return DecodeRoot(*root);
}

bool SameEncodedItem(std::string_view encoded, std::string_view stored) {
  if (encoded == stored) return true;
  // Format 2 is canonical: only a format-1 `stored` can differ in bytes
  // and still hold the same item.
  thread_local std::vector<uint64_t> aligned;
  const fb::Item* root = nullptr;
  if (!VerifyBuffer(stored, &aligned, &root).ok() || root->slots() != nullptr) {
    return false;
  }
  absl::StatusOr<Item> old_item = DecodeRoot(*root);
  absl::StatusOr<Item> new_item = DecodeItem(encoded);
  return old_item.ok() && new_item.ok() && *old_item == *new_item;
}

absl::Status VerifyAndUpgradeItem(std::string* bytes) {
  thread_local std::vector<uint64_t> aligned;
  const fb::Item* root = nullptr;
  absl::Status s = VerifyBuffer(*bytes, &aligned, &root);
  if (!s.ok()) return s;
  if (root->slots() != nullptr) {
    SlotItem unused;
    return CheckSlots(*root, &unused);
  }
  // Format 1: decoding checks it as Verify does, in the same walk.
  absl::StatusOr<Item> item = DecodeRoot(*root);
  if (!item.ok()) return item.status();
  EncodeItem(*item, bytes);
  return absl::OkStatus();
}

absl::Status VerifyItem(std::string_view bytes) {
  thread_local std::vector<uint64_t> aligned;
  const fb::Item* root = nullptr;
  return Verify(bytes, &aligned, &root);
}

}  // namespace eddy::engine
