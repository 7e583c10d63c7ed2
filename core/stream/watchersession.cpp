#include "stream/watchersession.h"

#include "stream/textdocument.h"

#include <QLoggingCategory>

namespace stream {

namespace {
Q_LOGGING_CATEGORY(lcWatcher, "codestream.stream.watcher", QtWarningMsg)
} // namespace

WatcherSession::WatcherSession(TextDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    m_gapTimer.setSingleShot(true);
    m_gapTimer.setInterval(1000);
    m_retryTimer.setInterval(3000);
    connect(&m_gapTimer, &QTimer::timeout, this, [this] {
        if (m_hasBaseline && !m_buffer.isEmpty()) {
            qCInfo(lcWatcher) << "gap before version" << m_buffer.firstKey() << "expected" << m_next
                              << "; requesting a full";
            requestSync();
        }
    });
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_state == WatcherState::Connecting || m_state == WatcherState::Resyncing)
            emit syncRequested();
        else
            m_retryTimer.stop();
    });
}

WatcherSession::~WatcherSession() = default;

void WatcherSession::setGapTimeout(int ms)
{
    m_gapTimer.setInterval(ms);
}

void WatcherSession::setSyncRetryInterval(int ms)
{
    m_retryTimer.setInterval(ms);
}

WatcherState WatcherSession::state() const
{
    return m_state;
}

bool WatcherSession::hasBaseline() const
{
    return m_hasBaseline;
}

qint64 WatcherSession::nextVersion() const
{
    return m_next;
}

QString WatcherSession::language() const
{
    return m_language;
}

QString WatcherSession::title() const
{
    return m_title;
}

int WatcherSession::bufferedDeltaCount() const
{
    return int(m_buffer.size());
}

void WatcherSession::handleMessage(const QJsonObject &data)
{
    auto message = decodeMessage(data);
    if (!message) {
        qCInfo(lcWatcher) << "ignored message:" << describe(message.error());
        return;
    }
    handleDecodedMessage(*message);
}

void WatcherSession::handleDecodedMessage(const StreamMessage &message)
{
    emit messageDecoded(message);
    if (const auto *delta = std::get_if<DeltaMessage>(&message)) {
        handleDelta(*delta);
    } else if (const auto *full = std::get_if<FullMessage>(&message)) {
        handleFull(*full);
    } else if (const auto *cursor = std::get_if<CursorMessage>(&message)) {
        emit cursorChanged(cursor->selections, cursor->version);
    } else if (const auto *meta = std::get_if<MetaMessage>(&message)) {
        updateMeta(meta->language, meta->title);
    }
}

void WatcherSession::handleJoined()
{
    setState(m_hasBaseline ? WatcherState::Resyncing : WatcherState::Connecting);
    requestSync();
}

void WatcherSession::handleJoinedAwaitingFull()
{
    setState(m_hasBaseline ? WatcherState::Resyncing : WatcherState::Connecting);
    m_retryTimer.start();
}

void WatcherSession::handleDisconnected()
{
    m_gapTimer.stop();
    m_retryTimer.stop();
    setState(WatcherState::Disconnected);
}

void WatcherSession::requestSync()
{
    if (m_state == WatcherState::Live)
        setState(WatcherState::Resyncing);
    emit syncRequested();
    m_retryTimer.start();
}

void WatcherSession::handleFull(const FullMessage &full)
{
    if (!full.parts || *full.parts <= 1) {
        applyFull(full);
        return;
    }
    // A large full takes a while to arrive: repeat the sync request only when its parts stop
    // coming, or every retry would queue another copy of the whole document at the writer.
    if (m_retryTimer.isActive())
        m_retryTimer.start();
    if (auto whole = m_assembler.add(full))
        applyFull(*whole);
}

void WatcherSession::applyFull(const FullMessage &full)
{
    if (m_hasBaseline && full.version < m_next) {
        qCInfo(lcWatcher) << "stale full" << full.version << "expected" << m_next;
        return;
    }
    const bool changed = !m_hasBaseline || m_document->text() != full.content;
    if (changed)
        m_document->setText(full.content);
    const bool versionMoved = !m_hasBaseline || m_next != full.version;
    m_hasBaseline = true;
    m_next = full.version;
    m_retryTimer.stop();
    updateMeta(full.language, full.title);
    if (changed)
        emit documentChanged();
    if (versionMoved)
        emit versionChanged(m_next);
    setState(WatcherState::Live);
    drainBuffer();
}

void WatcherSession::handleDelta(const DeltaMessage &delta)
{
    // A writer that never answers must not make the buffer grow without bound: a full
    // replaces whatever is buffered anyway.
    constexpr qsizetype maxBufferedDeltas = 20000;
    if (m_buffer.size() >= maxBufferedDeltas) {
        m_buffer.clear();
        m_gapTimer.stop();
        m_hasBaseline = false;
        requestSync();
    }
    if (!m_hasBaseline) {
        m_buffer.insert(delta.version, delta);
        return;
    }
    if (delta.version < m_next)
        return;
    if (delta.version > m_next) {
        m_buffer.insert(delta.version, delta);
        if (!m_gapTimer.isActive())
            m_gapTimer.start();
        return;
    }
    if (!applyDelta(delta))
        return;
    drainBuffer();
}

bool WatcherSession::applyDelta(const DeltaMessage &delta)
{
    for (const ContentChangeEvent &event : delta.changes) {
        auto applied = applyContentChangeEvent(*m_document, event);
        if (!applied) {
            qCInfo(lcWatcher) << "delta" << delta.version << "does not fit the document";
            if (!delta.changes.isEmpty())
                emit documentChanged();
            diverged();
            return false;
        }
    }
    m_next = delta.version + 1;
    emit documentChanged();
    emit versionChanged(m_next);
    return true;
}

void WatcherSession::drainBuffer()
{
    while (!m_buffer.isEmpty() && m_hasBaseline) {
        auto it = m_buffer.begin();
        if (it.key() < m_next) {
            m_buffer.erase(it);
            continue;
        }
        if (it.key() > m_next)
            break;
        const DeltaMessage delta = it.value();
        m_buffer.erase(it);
        if (!applyDelta(delta))
            return;
    }
    if (m_buffer.isEmpty())
        m_gapTimer.stop();
    else if (m_hasBaseline && !m_gapTimer.isActive())
        m_gapTimer.start();
}

void WatcherSession::diverged()
{
    m_hasBaseline = false;
    m_gapTimer.stop();
    setState(WatcherState::Resyncing);
    requestSync();
}

void WatcherSession::setState(WatcherState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void WatcherSession::updateMeta(const std::optional<QString> &language,
                                const std::optional<QString> &title)
{
    const QString newLanguage = language.value_or(m_language);
    const QString newTitle = title.value_or(m_title);
    if (newLanguage == m_language && newTitle == m_title)
        return;
    m_language = newLanguage;
    m_title = newTitle;
    emit metaChanged(m_language, m_title);
}

} // namespace stream
