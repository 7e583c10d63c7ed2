#include "stream/roomkeycheck.h"

namespace stream {

RoomKeyCheck::RoomKeyCheck(bool hasKey, QObject *parent)
    : QObject(parent)
    , m_hasKey(hasKey)
{ }

RoomKeyState RoomKeyCheck::state() const
{
    return m_state;
}

int RoomKeyCheck::failedCount() const
{
    return m_failed;
}

void RoomKeyCheck::handleReceived(const QJsonObject &data)
{
    if (data.value(QLatin1String("type")) == QLatin1String("presence"))
        return;
    setState(m_hasKey ? RoomKeyState::Verified : RoomKeyState::Plain);
}

void RoomKeyCheck::handleRejected(RejectedMessage reason)
{
    switch (reason) {
    case RejectedMessage::SealedWithoutKey:
        setState(RoomKeyState::Missing);
        return;
    case RejectedMessage::NotSealed:
        // Once the key has proved right, a plain message is an injection, not a plain stream.
        if (m_state != RoomKeyState::Verified)
            setState(RoomKeyState::Unneeded);
        return;
    case RejectedMessage::AuthenticationFailed:
        ++m_failed;
        if (m_state != RoomKeyState::Verified && m_failed >= mismatchThreshold)
            setState(RoomKeyState::Mismatch);
        // With another key every full fails too: asking again would only repeat it.
        if (m_state != RoomKeyState::Mismatch)
            emit resyncNeeded();
        return;
    }
}

void RoomKeyCheck::setState(RoomKeyState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace stream
