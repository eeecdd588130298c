#include "audit/chain.h"

#include <gtest/gtest.h>

namespace exo::audit {
namespace {

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.id = i;
    e.at = {1000 + i};
    e.actor = "dr";
    e.role = "physician";
    e.clinic_id = 1;
    e.action = "lot.release";
    e.object = "lot/" + std::to_string(i);
    e.prev_hash = prev;
    e.hash = EntryHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

TEST(AuditChain, IntactChainVerifies) { EXPECT_FALSE(VerifyChain(Chain(5)).has_value()); }

TEST(AuditChain, EditedEntryIsNamed) {
  auto c = Chain(5);
  c[2].detail = "edited";
  auto p = VerifyChain(c);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->entry_id, 3);
  EXPECT_EQ(p->reason, "content changed");
}

TEST(AuditChain, DeletedEntryIsNamedByTheNextOne) {
  auto c = Chain(5);
  c.erase(c.begin() + 1);
  auto p = VerifyChain(c);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->entry_id, 3);
}

TEST(AuditChain, ReorderedEntriesAreDetected) {
  auto c = Chain(5);
  std::swap(c[1], c[3]);
  auto p = VerifyChain(c);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->entry_id, 4);  // the first out of place
}

TEST(AuditChain, RehashedEditBreaksTheNextLink) {
  auto c = Chain(5);
  c[1].detail = "edited";
  c[1].hash = EntryHash(c[1]);  // an attacker recomputing one hash
  auto p = VerifyChain(c);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->entry_id, 3);
}

}  // namespace
}  // namespace exo::audit
