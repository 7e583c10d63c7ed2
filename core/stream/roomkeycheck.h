#pragma once

#include "stream/roomkey.h"
#include "stream/roomlink.h"

#include <QJsonObject>
#include <QObject>

namespace stream {

// Decides, from what a watcher's RoomLink hands on and drops, whether the link's key fits the
// room (docs/protocol.md §12): a sealed message without a key means the key is missing; sealed
// messages that fail from the first one on mean another key. It also says when a dropped message
// calls for a resync.
class RoomKeyCheck final : public QObject
{
    Q_OBJECT
public:
    // Failed sealed messages, none opened before, after which the key is taken as another one.
    static constexpr int mismatchThreshold = 2;

    // `hasKey`: whether the link that was opened carries a key.
    explicit RoomKeyCheck(bool hasKey, QObject *parent = nullptr);

    RoomKeyState state() const;
    // Messages dropped because they failed authentication.
    int failedCount() const;

public slots:
    // A message the link handed on (opened, or plain without a key).
    void handleReceived(const QJsonObject &data);
    // A message the link dropped.
    void handleRejected(stream::RejectedMessage reason);

signals:
    // What is known about the key changed.
    void stateChanged(stream::RoomKeyState state);
    // A damaged message was dropped: the watcher should ask for a full.
    void resyncNeeded();

private:
    void setState(RoomKeyState state);

    bool m_hasKey;
    RoomKeyState m_state = RoomKeyState::Unknown;
    int m_failed = 0;
};

} // namespace stream
