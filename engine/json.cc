// Copyright (c) Eddy authors.
//
// DynamoDB JSON (see eddy/json.h), on top of nlohmann::json. Every
// nlohmann exception is caught here; none escapes.

#include "eddy/json.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "engine/errors.h"
#include "engine/json_parsed.h"
#include "engine/json_text.h"
#include "engine/strings.h"
#include "nlohmann/json.hpp"

namespace eddy {
namespace {

using Json = nlohmann::json;
using engine::Sv;

// Values nested deeper than this are rejected while parsing, which bounds
// the recursion below. Validation later enforces DynamoDB's own limit (32),
// which is lower, with its own message.
constexpr int kMaxJsonDepth = 64;

// `path` names the value: "Tags", "a.b[2]"; "" for the root of
// ValueFromJson.
absl::Status Bad(std::string_view path, std::string_view problem) {
  if (path.empty()) {
    return engine::ValidationError(absl::StrCat("Value: ", Sv(problem)));
  }
  return engine::ValidationError(
      absl::StrCat("Attribute '", Sv(path), "': ", Sv(problem)));
}

std::string MemberPath(std::string_view parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  return absl::StrCat(Sv(parent), ".", Sv(name));
}

std::string ElementPath(std::string_view parent, size_t index) {
  return absl::StrCat(Sv(parent), "[", index, "]");
}

absl::StatusOr<AttributeValue> FromJson(const Json& j, std::string_view path,
                                        int depth);

absl::StatusOr<std::string> Base64(const Json& j, std::string_view path,
                                   std::string_view type) {
  const std::string& text = j.get_ref<const std::string&>();
  std::string bytes;
  // Strict RFC 4648 with padding: decoding must succeed and re-encoding
  // must give the input back (rejects missing padding, whitespace, stray
  // bits).
  if (!absl::Base64Unescape(text, &bytes) ||
      absl::Base64Escape(bytes) != text) {
    return Bad(path, absl::StrCat(Sv(type),
                                  " value is not valid base64 "
                                  "(RFC 4648, padded)"));
  }
  return bytes;
}

absl::StatusOr<std::vector<std::string>> StringArray(const Json& j,
                                                     std::string_view path,
                                                     std::string_view type) {
  std::vector<std::string> out;
  if (!j.is_array()) {
    return Bad(path,
               absl::StrCat(Sv(type), " value must be an array of strings"));
  }
  out.reserve(j.size());
  for (const Json& element : j) {
    if (!element.is_string()) {
      return Bad(path,
                 absl::StrCat(Sv(type), " value must be an array of strings"));
    }
    if (type == "BS") {
      absl::StatusOr<std::string> bytes = Base64(element, path, type);
      if (!bytes.ok()) return bytes.status();
      out.push_back(*std::move(bytes));
    } else {
      out.push_back(element.get<std::string>());
    }
  }
  return out;
}

absl::StatusOr<AttributeValue> MapFromJson(const Json& j, std::string_view path,
                                           int depth) {
  if (!j.is_object()) return Bad(path, "M value must be an object");
  AttributeMap map;
  for (const auto& [name, member] : j.items()) {
    const std::string member_path = MemberPath(path, name);
    absl::StatusOr<AttributeValue> v = FromJson(member, member_path, depth + 1);
    if (!v.ok()) return v.status();
    map.emplace(name, *std::move(v));
  }
  return AttributeValue::M(std::move(map));
}

absl::StatusOr<AttributeValue> ListFromJson(const Json& j,
                                            std::string_view path, int depth) {
  if (!j.is_array()) return Bad(path, "L value must be an array");
  AttributeList list;
  list.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    absl::StatusOr<AttributeValue> v =
        FromJson(j[i], ElementPath(path, i), depth + 1);
    if (!v.ok()) return v.status();
    list.push_back(*std::move(v));
  }
  return AttributeValue::L(std::move(list));
}

absl::StatusOr<AttributeValue> SetFromJson(const std::string& type,
                                           const Json& j,
                                           std::string_view path) {
  absl::StatusOr<std::vector<std::string>> elements =
      StringArray(j, path, type);
  if (!elements.ok()) return elements.status();
  if (type == "SS") return AttributeValue::SS(*std::move(elements));
  if (type == "NS") return AttributeValue::NS(*std::move(elements));
  return AttributeValue::BS(*std::move(elements));
}

absl::StatusOr<AttributeValue> ScalarFromJson(const std::string& type,
                                              const Json& j,
                                              std::string_view path) {
  if (type == "BOOL") {
    if (!j.is_boolean()) return Bad(path, "BOOL value must be true or false");
    return AttributeValue::Bool(j.get<bool>());
  }
  if (type == "NULL") {
    if (!j.is_boolean() || !j.get<bool>()) {
      return Bad(path, "NULL value must be true");
    }
    return AttributeValue::Null();
  }
  if (!j.is_string()) {
    return Bad(path, absl::StrCat(type, " value must be a string"));
  }
  if (type == "S") return AttributeValue::S(j.get<std::string>());
  if (type == "N") return AttributeValue::N(j.get<std::string>());
  absl::StatusOr<std::string> bytes = Base64(j, path, type);
  if (!bytes.ok()) return bytes.status();
  return AttributeValue::B(*std::move(bytes));
}

absl::StatusOr<AttributeValue> FromJson(const Json& j, std::string_view path,
                                        int depth) {
  if (depth > kMaxJsonDepth) return Bad(path, "nested too deeply");
  if (!j.is_object()) {
    return Bad(path,
               "value must be an object with one type key, like "
               "{\"S\": \"text\"}");
  }
  if (j.size() != 1) return Bad(path, "expected exactly one type key");
  const auto it = j.begin();
  const std::string& type = it.key();
  const Json& body = it.value();
  if (type == "S" || type == "N" || type == "B" || type == "BOOL" ||
      type == "NULL") {
    return ScalarFromJson(type, body, path);
  }
  if (type == "M") return MapFromJson(body, path, depth);
  if (type == "L") return ListFromJson(body, path, depth);
  if (type == "SS" || type == "NS" || type == "BS") {
    return SetFromJson(type, body, path);
  }
  return Bad(path, absl::StrCat("unknown type '", type, "'"));
}

absl::StatusOr<Json> Parse(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    return engine::ValidationError(absl::StrCat("Malformed JSON: ", e.what()));
  }
}

std::vector<std::string> Base64All(const std::vector<std::string>& set) {
  std::vector<std::string> out;
  out.reserve(set.size());
  for (const std::string& bytes : set) out.push_back(absl::Base64Escape(bytes));
  return out;
}

Json ToJson(const AttributeValue& v) {
  Json out = Json::object();
  const std::string type(AttributeTypeName(v.type()));
  Json& body = out[type];
  switch (v.type()) {
    case AttributeType::kS:
      body = v.s();
      break;
    case AttributeType::kN:
      body = v.n();
      break;
    case AttributeType::kB:
      body = absl::Base64Escape(v.b());
      break;
    case AttributeType::kBool:
      body = v.boolean();
      break;
    case AttributeType::kNull:
      body = true;
      break;
    case AttributeType::kM:
      body = Json::object();
      for (const auto& [name, member] : v.m()) body[name] = ToJson(member);
      break;
    case AttributeType::kL:
      body = Json::array();
      for (const AttributeValue& e : v.l()) body.push_back(ToJson(e));
      break;
    case AttributeType::kSS:
    case AttributeType::kNS:
      body = v.set();
      break;
    case AttributeType::kBS:
      body = Base64All(v.set());
      break;
  }
  return out;
}

// Compact output. Invalid UTF-8 in an S (which JSON cannot carry) is
// replaced by U+FFFD rather than throwing.
std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Appends `value` in the same compact text as Dump(ToJson(value)), without
// building the nlohmann document: the lane renders every stream record it
// delivers this way (docs/triggers.md). Strings go through
// engine::AppendJsonString. Members of M come in AttributeMap order, which
// is the order nlohmann's std::map gives them.
void AppendValueJson(std::string* out, const AttributeValue& v);

// Appends `{"name":value,...}`: an item, or the body of an M.
void AppendMembersJson(std::string* out, const AttributeMap& members) {
  out->push_back('{');
  bool first = true;
  for (const auto& [name, member] : members) {
    if (!first) out->push_back(',');
    first = false;
    engine::AppendJsonString(out, name);
    out->push_back(':');
    AppendValueJson(out, member);
  }
  out->push_back('}');
}

void AppendValueJson(std::string* out, const AttributeValue& v) {
  absl::StrAppend(out, "{\"", Sv(AttributeTypeName(v.type())), "\":");
  switch (v.type()) {
    case AttributeType::kS:
      engine::AppendJsonString(out, v.s());
      break;
    case AttributeType::kN:
      engine::AppendJsonString(out, v.n());
      break;
    case AttributeType::kB:
      engine::AppendJsonString(out, absl::Base64Escape(v.b()));
      break;
    case AttributeType::kBool:
      out->append(v.boolean() ? "true" : "false");
      break;
    case AttributeType::kNull:
      out->append("true");
      break;
    case AttributeType::kM:
      AppendMembersJson(out, v.m());
      break;
    case AttributeType::kL: {
      out->push_back('[');
      for (size_t i = 0; i < v.l().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendValueJson(out, v.l()[i]);
      }
      out->push_back(']');
      break;
    }
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS: {
      const bool binary = v.type() == AttributeType::kBS;
      out->push_back('[');
      for (size_t i = 0; i < v.set().size(); ++i) {
        if (i > 0) out->push_back(',');
        if (binary) {
          engine::AppendJsonString(out, absl::Base64Escape(v.set()[i]));
        } else {
          engine::AppendJsonString(out, v.set()[i]);  // no copy
        }
      }
      out->push_back(']');
      break;
    }
  }
  out->push_back('}');
}

}  // namespace

absl::StatusOr<Item> ItemFromParsedJson(const Json& json) {
  if (!json.is_object()) {
    return engine::ValidationError("An item must be a JSON object");
  }
  Item item;
  for (const auto& [name, member] : json.items()) {
    if (name.empty()) {
      return engine::ValidationError("An attribute name must not be empty");
    }
    absl::StatusOr<AttributeValue> v = FromJson(member, name, 0);
    if (!v.ok()) return v.status();
    item.emplace(name, *std::move(v));
  }
  return item;
}

absl::StatusOr<AttributeValue> ValueFromParsedJson(const Json& json) {
  return FromJson(json, "", 0);
}

absl::StatusOr<Item> ItemFromJson(std::string_view json) {
  absl::StatusOr<Json> j = Parse(json);
  if (!j.ok()) return j.status();
  return ItemFromParsedJson(*j);
}

absl::StatusOr<AttributeValue> ValueFromJson(std::string_view json) {
  absl::StatusOr<Json> j = Parse(json);
  if (!j.ok()) return j.status();
  return ValueFromParsedJson(*j);
}

Json ItemToParsedJson(const Item& item) {
  Json out = Json::object();
  for (const auto& [name, value] : item) out[name] = ToJson(value);
  return out;
}

std::string ItemToJson(const Item& item) {
  std::string out;
  AppendMembersJson(&out, item);
  return out;
}

std::string ValueToJson(const AttributeValue& value) {
  std::string out;
  AppendValueJson(&out, value);
  return out;
}

namespace engine {

void AppendJsonString(std::string* out, std::string_view s) {
  // Printable ASCII other than '"' and '\\' stands for itself; anything else
  // (escapes, UTF-8, invalid bytes) is left to nlohmann's serializer.
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f && u != '"' && u != '\\';
  });
  if (plain) {
    out->push_back('"');
    out->append(s);
    out->push_back('"');
    return;
  }
  out->append(Dump(Json(std::string(s))));
}

}  // namespace engine

}  // namespace eddy
