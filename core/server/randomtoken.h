#pragma once

#include <QString>

// Unguessable identifiers from the system's cryptographic random source.
namespace server {

// `bytes` random bytes as lower-case RFC 4648 base32 without padding (a-z, 2-7).
QString randomBase32(int bytes);
// `bytes` random bytes as base64url without padding.
QString randomBase64Url(int bytes);

} // namespace server
