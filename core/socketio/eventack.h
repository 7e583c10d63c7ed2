#pragma once

#include <QVariantList>

#include <functional>

namespace socketio {

// Answers an event from the peer that asked for an acknowledgement (callable once; later calls
// do nothing). The same type on the client and on the server.
using EventAck = std::function<void(const QVariantList &args)>;

} // namespace socketio
