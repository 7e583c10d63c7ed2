#pragma once

#include <QString>

// Unguessable identifiers from the system's cryptographic random source: Engine.IO session
// ids, Socket.IO socket ids, room ids and writer keys all come from here.
namespace util {

// `bytes` random bytes as lower-case RFC 4648 base32 without padding (a-z, 2-7).
QString randomBase32(int bytes);
// `bytes` random bytes as base64url without padding.
QString randomBase64Url(int bytes);
// A session or socket id as the reference server makes them: 15 random bytes, base64url
// (20 characters).
QString randomId();

} // namespace util
