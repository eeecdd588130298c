// Password hashing (Argon2id, libsodium), SHA-256 and random tokens. Never log what goes in.
#pragma once

#include <string>
#include <string_view>

namespace exo::auth {

// Argon2id with libsodium's interactive limits; returns the encoded hash (salt included).
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);

// `bytes` random bytes from the operating system, as lower-case hex.
std::string RandomHex(size_t bytes);

// Standard base64 (RFC 4648, with padding).
std::string Base64(std::string_view data);

// Constant-time comparison of two strings of equal length.
bool EqualConstantTime(std::string_view a, std::string_view b);

}  // namespace exo::auth
