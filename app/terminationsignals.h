#pragma once

#include <QObject>

class QSocketNotifier;

// Routes SIGINT and SIGTERM into the event loop: the handler only writes one byte to a socket
// pair, whose reading end a QSocketNotifier watches. One instance at a time; destroying it
// restores the default dispositions.
class TerminationSignals final : public QObject
{
    Q_OBJECT

public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

    // Whether the handlers are installed (false if the socket pair or sigaction failed, or
    // another instance exists).
    bool isActive() const { return m_notifier != nullptr; }

signals:
    // SIGINT or SIGTERM arrived; emitted from the event loop, once per signal.
    void received();

private:
    void readSignalByte();

    QSocketNotifier *m_notifier = nullptr;
};
