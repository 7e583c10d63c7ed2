#pragma once

#include "socketio/client.h"

#include <functional>
#include <memory>

// The glue between the sans-IO sessions and the room links, shared by StreamWriter,
// StreamWatcher and WorkspaceWriter.
namespace stream {

class RoomLink;
class WatcherSession;
class WriterSession;
struct NegotiateResult;

// A Socket.IO client for what negotiate answered (docs/protocol.md §2, §8); not opened yet.
std::unique_ptr<socketio::Client> makeStreamClient(const NegotiateResult &result,
                                                   int reconnectionDelayMaxMs);

// Lets `session` speak on `link` (a writer link): its messages go to the room; after every join
// it adapts its message bound and sends a full (§8); sync requests, and sealed messages that do
// not open (§12), are answered with a full. The connections live as long as both objects.
void serveWriterSession(WriterSession *session, RoomLink *link);

// Feeds `session` from `link` (a watcher link): messages and departures. Joins and where the
// session's sync requests go are the caller's.
void feedWatcherSession(WatcherSession *session, RoomLink *link);

} // namespace stream
