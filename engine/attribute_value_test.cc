// Copyright (c) Eddy authors.

#include <string>
#include <utility>

#include "eddy/expression.h"
#include "eddy/value.h"
#include "gtest/gtest.h"

namespace eddy {
namespace {

AttributeValue Nested() {
  return AttributeValue::M({
      {"name", AttributeValue::S("eddy")},
      {"count", AttributeValue::N(int64_t{-42})},
      {"tags", AttributeValue::SS({"a", "b"})},
      {"inner", AttributeValue::M(
                    {{"list", AttributeValue::L({
                                  AttributeValue::Bool(true),
                                  AttributeValue::Null(),
                                  AttributeValue::B(std::string("\x01\x00", 2)),
                              })}})},
  });
}

TEST(AttributeValueTest, FactoriesAndAccessors) {
  EXPECT_EQ(AttributeValue().type(), AttributeType::kNull);
  EXPECT_EQ(AttributeValue::Null().type(), AttributeType::kNull);
  EXPECT_EQ(AttributeValue::S("x").s(), "x");
  EXPECT_EQ(AttributeValue::N("1.5").n(), "1.5");
  EXPECT_EQ(AttributeValue::N(int64_t{-7}).n(), "-7");
  EXPECT_EQ(AttributeValue::N(INT64_MIN).n(), "-9223372036854775808");
  EXPECT_EQ(AttributeValue::B(std::string("\0\xFF", 2)).b(),
            std::string("\0\xFF", 2));
  EXPECT_TRUE(AttributeValue::Bool(true).boolean());
  EXPECT_FALSE(AttributeValue::Bool(false).boolean());
  EXPECT_EQ(AttributeValue::L({AttributeValue::S("a")}).l().size(), 1u);
  EXPECT_EQ(AttributeValue::NS({"1", "2"}).set().size(), 2u);
  EXPECT_TRUE(AttributeValue::BS({"x"}).is_set());
  EXPECT_FALSE(AttributeValue::L({}).is_set());
  EXPECT_EQ(AttributeValue::SS({"x"}).type(), AttributeType::kSS);
}

TEST(AttributeValueTest, EmptyMap) {
  AttributeValue m = AttributeValue::M({});
  EXPECT_EQ(m.type(), AttributeType::kM);
  EXPECT_TRUE(m.m().empty());
  EXPECT_EQ(m, AttributeValue::M({}));
  (*m.mutable_m())["k"] = AttributeValue::S("v");
  EXPECT_EQ(m.m().at("k").s(), "v");
  EXPECT_NE(m, AttributeValue::M({}));
  // Heterogeneous lookup.
  EXPECT_NE(m.m().find(std::string_view("k")), m.m().end());
}

TEST(AttributeValueTest, CopyIsDeep) {
  AttributeValue a = Nested();
  AttributeValue b = a;
  EXPECT_EQ(a, b);
  (*b.mutable_m())["inner"].mutable_m()->erase("list");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.m().at("inner").m().at("list").l().size(), 3u);

  AttributeValue c = AttributeValue::S("other");
  c = a;
  EXPECT_EQ(c, a);
  *c.mutable_m()->at("name").mutable_scalar() = "changed";
  EXPECT_EQ(a.m().at("name").s(), "eddy");
  const AttributeValue& alias = c;
  c = alias;  // self-assignment keeps the value
  EXPECT_EQ(c.m().at("name").s(), "changed");
}

TEST(AttributeValueTest, Move) {
  AttributeValue a = Nested();
  const AttributeValue expected = Nested();
  AttributeValue b = std::move(a);
  EXPECT_EQ(b, expected);
  AttributeValue c;
  c = std::move(b);
  EXPECT_EQ(c, expected);
  AttributeList list;
  list.push_back(std::move(c));
  list.push_back(expected);
  EXPECT_EQ(list[0], list[1]);
}

TEST(AttributeValueTest, Equality) {
  EXPECT_EQ(AttributeValue::Null(), AttributeValue());
  EXPECT_NE(AttributeValue::S("1"), AttributeValue::N("1"));
  EXPECT_NE(AttributeValue::S("1"), AttributeValue::B("1"));
  EXPECT_NE(AttributeValue::SS({"a"}), AttributeValue::BS({"a"}));
  EXPECT_NE(AttributeValue::Bool(true), AttributeValue::Bool(false));
  EXPECT_NE(AttributeValue::L({}), AttributeValue::M({}));
  EXPECT_NE(AttributeValue::L({AttributeValue::N("1")}),
            AttributeValue::L({AttributeValue::N("2")}));
  // Numbers compare as text.
  EXPECT_NE(AttributeValue::N("1.0"), AttributeValue::N("1"));
  EXPECT_EQ(Nested(), Nested());
}

TEST(AttributeValueTest, MutableAccessors) {
  AttributeValue n = AttributeValue::N("1");
  *n.mutable_scalar() = "2";
  EXPECT_EQ(n.n(), "2");
  AttributeValue l = AttributeValue::L({});
  l.mutable_l()->push_back(AttributeValue::Null());
  EXPECT_EQ(l.l().size(), 1u);
  AttributeValue ss = AttributeValue::SS({"a"});
  ss.mutable_set()->push_back("b");
  EXPECT_EQ(ss, AttributeValue::SS({"a", "b"}));
}

TEST(AttributeValueTest, TypeNames) {
  const std::pair<AttributeType, std::string_view> names[] = {
      {AttributeType::kS, "S"},       {AttributeType::kN, "N"},
      {AttributeType::kB, "B"},       {AttributeType::kBool, "BOOL"},
      {AttributeType::kNull, "NULL"}, {AttributeType::kM, "M"},
      {AttributeType::kL, "L"},       {AttributeType::kSS, "SS"},
      {AttributeType::kNS, "NS"},     {AttributeType::kBS, "BS"},
  };
  for (const auto& [type, name] : names) {
    EXPECT_EQ(AttributeTypeName(type), name);
  }
}

TEST(ExpressionTest, PathToString) {
  EXPECT_EQ(Path::Attr("a").ToString(), "a");
  EXPECT_EQ(Path::Attr("a").Key("b").Index(2).Key("c").ToString(), "a.b[2].c");
  EXPECT_EQ(Path::Attr("a").Index(0).Index(1).ToString(), "a[0][1]");
  Path p = Path::Attr("x");
  p.Key("y");
  EXPECT_EQ(p.top(), "x");
  EXPECT_EQ(p.elements.size(), 2u);
  EXPECT_EQ(p, Path::Attr("x").Key("y"));
}

TEST(ExpressionTest, Factories) {
  Condition type = Condition::Type(Path::Attr("a"), AttributeType::kNS);
  EXPECT_EQ(type.kind, Condition::Kind::kAttributeType);
  EXPECT_EQ(type.path, Path::Attr("a"));
  ASSERT_EQ(type.operands.size(), 1u);
  EXPECT_EQ(type.operands[0].value, AttributeValue::S("NS"));

  Condition exists = Condition::Exists(Path::Attr("a").Key("b"));
  EXPECT_EQ(exists.kind, Condition::Kind::kAttributeExists);
  EXPECT_EQ(exists.path.ToString(), "a.b");

  Condition in = Condition::In(Operand::AtPath(Path::Attr("a")),
                               {Operand::Value(AttributeValue::N("1")),
                                Operand::Value(AttributeValue::N("2"))});
  EXPECT_EQ(in.kind, Condition::Kind::kIn);
  ASSERT_EQ(in.operands.size(), 3u);
  EXPECT_EQ(in.operands[0].kind, Operand::Kind::kPath);
  EXPECT_EQ(in.operands[2].value, AttributeValue::N("2"));

  Condition cmp =
      Condition::Compare(Operand::AtPath(Path::Attr("a")), Comparator::kGe,
                         Operand::Value(AttributeValue::N("3")));
  EXPECT_EQ(cmp.comparator, Comparator::kGe);
  EXPECT_EQ(cmp.operands.size(), 2u);

  Condition neg = Condition::Not(Condition::And({cmp, exists}));
  EXPECT_EQ(neg.kind, Condition::Kind::kNot);
  ASSERT_EQ(neg.children.size(), 1u);
  EXPECT_EQ(neg.children[0].children.size(), 2u);

  Operand fallback = Operand::IfNotExists(
      Path::Attr("n"), Operand::Value(AttributeValue::N("0")));
  EXPECT_EQ(fallback.kind, Operand::Kind::kIfNotExists);
  EXPECT_EQ(fallback.args.size(), 1u);
  UpdateAction set = UpdateAction::Set(
      Path::Attr("n"),
      Operand::Plus(fallback, Operand::Value(AttributeValue::N("1"))));
  EXPECT_EQ(set.value.kind, Operand::Kind::kPlus);
  EXPECT_EQ(set.value.args.size(), 2u);
  UpdateAction add =
      UpdateAction::Add(Path::Attr("s"), AttributeValue::SS({"x"}));
  EXPECT_EQ(add.kind, UpdateAction::Kind::kAdd);
  EXPECT_EQ(add.value.kind, Operand::Kind::kValue);
  EXPECT_EQ(add.value.value, AttributeValue::SS({"x"}));
  EXPECT_EQ(UpdateAction::Remove(Path::Attr("r")).kind,
            UpdateAction::Kind::kRemove);
}

}  // namespace
}  // namespace eddy
