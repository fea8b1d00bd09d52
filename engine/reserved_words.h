// Copyright (c) Eddy authors.
//
// DynamoDB's reserved words: names that may not appear bare in an
// expression and must be written through an ExpressionAttributeNames
// placeholder (#name). The list is DynamoDB's own, from "Reserved words in
// DynamoDB" in the DynamoDB Developer Guide, typos included ("FLATTERN",
// "INNTER", "LOGED"), because DynamoDB rejects exactly these.

#ifndef EDDY_ENGINE_RESERVED_WORDS_H_
#define EDDY_ENGINE_RESERVED_WORDS_H_

#include <cstddef>
#include <string_view>

namespace eddy::engine {

// True iff `word` is a DynamoDB reserved word, compared case-insensitively
// (ASCII). Thread-safe; no allocation.
bool IsReservedWord(std::string_view word);

// The number of reserved words (573), for tests.
size_t ReservedWordCount();

}  // namespace eddy::engine

#endif  // EDDY_ENGINE_RESERVED_WORDS_H_
