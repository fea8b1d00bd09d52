// Copyright (c) Eddy authors.

#include "eddy/item_view.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "eddy/json.h"
#include "engine/item_codec.h"
#include "engine/item_test_util.h"
#include "engine/item_view_internal.h"
#include "gtest/gtest.h"

namespace eddy {
namespace {

using V = AttributeValue;

ItemView ViewOf(const Item& item) {
  std::string bytes;
  engine::EncodeItem(item, &bytes);
  absl::StatusOr<ItemView> view = ItemViewInternal::FromStored(bytes);
  EXPECT_TRUE(view.ok()) << view.status();
  return view.ok() ? *std::move(view) : ItemView();
}

// Rebuilds a value through the view's accessors only (not ToValue), so a
// wrong accessor shows up as a difference from the original.
V Rebuild(const ValueView& v) {
  switch (v.type()) {
    case AttributeType::kS:
      return V::S(std::string(v.s()));
    case AttributeType::kN:
      return V::N(std::string(v.n()));
    case AttributeType::kB:
      return V::B(std::string(v.b()));
    case AttributeType::kBool:
      return V::Bool(v.boolean());
    case AttributeType::kNull:
      return V::Null();
    case AttributeType::kM: {
      AttributeMap m;
      for (size_t i = 0; i < v.size(); ++i) {
        m[std::string(v.member_name(i))] = Rebuild(v.member(i));
        // Lookup by name finds the same member.
        std::optional<ValueView> found = v.Find(v.member_name(i));
        EXPECT_TRUE(found.has_value());
        if (found) EXPECT_EQ(found->ToValue(), v.member(i).ToValue());
      }
      return V::M(std::move(m));
    }
    case AttributeType::kL: {
      AttributeList l;
      for (size_t i = 0; i < v.size(); ++i) l.push_back(Rebuild(v.element(i)));
      return V::L(std::move(l));
    }
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS: {
      std::vector<std::string> set;
      for (size_t i = 0; i < v.size(); ++i) {
        set.emplace_back(v.set_element(i));
      }
      return v.type() == AttributeType::kSS   ? V::SS(std::move(set))
             : v.type() == AttributeType::kNS ? V::NS(std::move(set))
                                              : V::BS(std::move(set));
    }
  }
  return V::Null();
}

Item Rebuild(const ItemView& view) {
  Item item;
  for (size_t i = 0; i < view.size(); ++i) {
    item[std::string(view.name(i))] = Rebuild(view.value(i));
  }
  return item;
}

TEST(ItemViewTest, ReadsEveryTypeInPlace) {
  const Item item = {
      {"s", V::S("héllo 日本")},
      {"s_empty", V::S("")},
      {"n", V::N("-12.5")},
      {"b", V::B(std::string("\0\1\xff", 3))},
      {"t", V::Bool(true)},
      {"f", V::Bool(false)},
      {"null", V::Null()},
      {"m", V::M({{"a", V::N("1")}, {"z", V::L({V::S("x")})}})},
      {"m_empty", V::M({})},
      {"l", V::L({V::Null(), V::Bool(false)})},
      {"ss", V::SS({"a", "b"})},
      {"ns", V::NS({"-1", "2.5"})},
      {"bs", V::BS({std::string("\0", 1), "\x7f"})},
  };
  const ItemView view = ViewOf(item);
  ASSERT_EQ(view.size(), item.size());
  EXPECT_EQ(view.ToItem(), item);
  EXPECT_EQ(Rebuild(view), item);

  EXPECT_EQ(view.Find("s")->s(), "héllo 日本");
  EXPECT_EQ(view.Find("s_empty")->s(), "");
  EXPECT_EQ(view.Find("n")->n(), "-12.5");
  EXPECT_EQ(view.Find("b")->b(), std::string_view("\0\1\xff", 3));
  EXPECT_TRUE(view.Find("t")->boolean());
  EXPECT_FALSE(view.Find("f")->boolean());
  EXPECT_EQ(view.Find("null")->type(), AttributeType::kNull);
  EXPECT_EQ(view.Find("null")->size(), 0u);
  const ValueView m = *view.Find("m");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m.member_name(0), "a");
  EXPECT_EQ(m.Find("a")->n(), "1");
  EXPECT_EQ(m.Find("z")->element(0).s(), "x");
  EXPECT_FALSE(m.Find("b").has_value());
  EXPECT_EQ(view.Find("m_empty")->size(), 0u);
  EXPECT_FALSE(view.Find("m_empty")->Find("a").has_value());
  EXPECT_EQ(view.Find("l")->size(), 2u);
  EXPECT_EQ(view.Find("l")->element(1).type(), AttributeType::kBool);
  EXPECT_TRUE(view.Find("ns")->is_set());
  EXPECT_EQ(view.Find("ns")->set_element(1), "2.5");
  EXPECT_EQ(view.Find("bs")->set_element(0), std::string_view("\0", 1));
  // Find on a non-map value and on missing names.
  EXPECT_FALSE(view.Find("s")->Find("s").has_value());
  EXPECT_FALSE(view.Find("").has_value());
  EXPECT_FALSE(view.Find("zz").has_value());
  EXPECT_FALSE(view.Find("a").has_value());
  EXPECT_EQ(view.Find("m")->ToValue(), item.at("m"));
}

TEST(ItemViewTest, EmptyView) {
  const ItemView view;
  EXPECT_TRUE(view.empty());
  EXPECT_FALSE(view.Find("x").has_value());
  EXPECT_EQ(view.ToItem(), Item());
  EXPECT_TRUE(view.encoded().empty());
  EXPECT_TRUE(ViewOf(Item()).empty());
}

TEST(ItemViewTest, ViewsStayValidWhenTheItemViewMoves) {
  ItemView view = ViewOf({{"Id", V::N("7")}, {"Name", V::S("Rex")}});
  const ValueView name = *view.Find("Name");
  const std::string_view text = name.s();
  ItemView moved = std::move(view);
  EXPECT_EQ(name.s(), "Rex");
  EXPECT_EQ(text, "Rex");
  EXPECT_EQ(moved.Find("Name")->s(), "Rex");
}

TEST(ItemViewTest, MalformedBytesAreDataLoss) {
  for (std::string bytes : {std::string(), std::string("garbage!"),
                            std::string(64, '\0'), std::string(3, 'x')}) {
    absl::StatusOr<ItemView> view = ItemViewInternal::FromStored(bytes);
    EXPECT_EQ(view.status().code(), absl::StatusCode::kDataLoss) << bytes;
  }
  // Every truncation of a real item is rejected or reads back a prefix of
  // it; never a crash.
  std::string bytes;
  engine::EncodeItem({{"Id", V::N("1")}, {"s", V::SS({"a", "b"})}}, &bytes);
  for (size_t n = 0; n < bytes.size(); ++n) {
    absl::StatusOr<ItemView> view =
        ItemViewInternal::FromStored(bytes.substr(0, n));
    if (view.ok()) (void)view->ToItem();
  }
}

TEST(ItemViewTest, RandomItemsReadBackExactly) {
  constexpr uint32_t kSeed = 11;
  SCOPED_TRACE(absl::StrCat("seed ", kSeed));
  engine::RandomItems gen(kSeed);
  for (int i = 0; i < 500; ++i) {
    const Item item = gen.NextItem();
    const ItemView view = ViewOf(item);
    ASSERT_EQ(view.ToItem(), item) << ItemToJson(item);
    ASSERT_EQ(Rebuild(view), item) << ItemToJson(item);
    for (const auto& [name, value] : item) {
      std::optional<ValueView> found = view.Find(name);
      ASSERT_TRUE(found.has_value()) << name;
      ASSERT_EQ(found->ToValue(), value) << name;
    }
  }
}

}  // namespace
}  // namespace eddy
