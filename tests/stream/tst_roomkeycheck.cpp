// RoomKeyCheck: what a watcher concludes about its link's key (docs/protocol.md §12).
#include "stream/roomkeycheck.h"

#include <QSignalSpy>
#include <QTest>

using namespace stream;

namespace {
const QJsonObject delta {{QStringLiteral("type"), QStringLiteral("delta")}};
const QJsonObject presence {{QStringLiteral("type"), QStringLiteral("presence")}};
} // namespace

class tst_RoomKeyCheck final : public QObject
{
    Q_OBJECT

private slots:
    void noKey_plainStream_isPlain();
    void noKey_sealedMessage_isMissing();
    void key_opened_isVerified_presenceDecidesNothing();
    void key_firstFailure_resyncs_secondFailure_isMismatch_andStopsResyncing();
    void key_verified_thenFailures_onlyResync();
    void key_mismatch_thenOpened_isVerifiedAgain();
    void key_plainStream_isUnneeded_butNotOnceVerified();
    void describe_givesTheSentences();
};

void tst_RoomKeyCheck::noKey_plainStream_isPlain()
{
    RoomKeyCheck check(false);
    QSignalSpy states(&check, &RoomKeyCheck::stateChanged);
    check.handleReceived(delta);
    QCOMPARE(check.state(), RoomKeyState::Plain);
    QCOMPARE(states.count(), 1);
}

void tst_RoomKeyCheck::noKey_sealedMessage_isMissing()
{
    RoomKeyCheck check(false);
    QSignalSpy resyncs(&check, &RoomKeyCheck::resyncNeeded);
    check.handleRejected(RejectedMessage::SealedWithoutKey);
    QCOMPARE(check.state(), RoomKeyState::Missing);
    QCOMPARE(resyncs.count(), 0);
}

void tst_RoomKeyCheck::key_opened_isVerified_presenceDecidesNothing()
{
    RoomKeyCheck check(true);
    check.handleReceived(presence);
    QCOMPARE(check.state(), RoomKeyState::Unknown);
    check.handleReceived(delta);
    QCOMPARE(check.state(), RoomKeyState::Verified);
}

void tst_RoomKeyCheck::key_firstFailure_resyncs_secondFailure_isMismatch_andStopsResyncing()
{
    RoomKeyCheck check(true);
    QSignalSpy resyncs(&check, &RoomKeyCheck::resyncNeeded);
    QSignalSpy states(&check, &RoomKeyCheck::stateChanged);
    check.handleRejected(RejectedMessage::AuthenticationFailed);
    QCOMPARE(check.state(), RoomKeyState::Unknown);
    QCOMPARE(resyncs.count(), 1);
    check.handleRejected(RejectedMessage::AuthenticationFailed);
    QCOMPARE(check.state(), RoomKeyState::Mismatch);
    QCOMPARE(states.count(), 1);
    QCOMPARE(resyncs.count(), 1);
    check.handleRejected(RejectedMessage::AuthenticationFailed);
    QCOMPARE(resyncs.count(), 1);
    QCOMPARE(check.failedCount(), 3);
}

void tst_RoomKeyCheck::key_verified_thenFailures_onlyResync()
{
    RoomKeyCheck check(true);
    QSignalSpy resyncs(&check, &RoomKeyCheck::resyncNeeded);
    check.handleReceived(delta);
    for (int i = 0; i < 5; ++i)
        check.handleRejected(RejectedMessage::AuthenticationFailed);
    QCOMPARE(check.state(), RoomKeyState::Verified);
    QCOMPARE(resyncs.count(), 5);
    QCOMPARE(check.failedCount(), 5);
}

void tst_RoomKeyCheck::key_mismatch_thenOpened_isVerifiedAgain()
{
    RoomKeyCheck check(true);
    check.handleRejected(RejectedMessage::AuthenticationFailed);
    check.handleRejected(RejectedMessage::AuthenticationFailed);
    QCOMPARE(check.state(), RoomKeyState::Mismatch);
    check.handleReceived(delta);
    QCOMPARE(check.state(), RoomKeyState::Verified);
}

void tst_RoomKeyCheck::key_plainStream_isUnneeded_butNotOnceVerified()
{
    RoomKeyCheck unverified(true);
    unverified.handleRejected(RejectedMessage::NotSealed);
    QCOMPARE(unverified.state(), RoomKeyState::Unneeded);
    RoomKeyCheck verified(true);
    verified.handleReceived(delta);
    verified.handleRejected(RejectedMessage::NotSealed);
    QCOMPARE(verified.state(), RoomKeyState::Verified);
}

void tst_RoomKeyCheck::describe_givesTheSentences()
{
    QCOMPARE(describe(RoomKeyState::Missing),
             QStringLiteral("This stream is end-to-end encrypted, and the link you opened lacks "
                            "its key"));
    QCOMPARE(describe(RoomKeyState::Mismatch),
             QStringLiteral("This stream is end-to-end encrypted, and the link you opened has a "
                            "different key"));
    QVERIFY(!describe(RoomKeyState::Unneeded).isEmpty());
    QVERIFY(describe(RoomKeyState::Verified).isEmpty());
    QVERIFY(describe(RoomKeyState::Plain).isEmpty());
    QVERIFY(describe(RoomKeyState::Unknown).isEmpty());
}

QTEST_GUILESS_MAIN(tst_RoomKeyCheck)
#include "tst_roomkeycheck.moc"
